// innosim date: converts Solar Hijri dates to Gregorian and back, with the weekday. Planners map
// Gregorian data sources onto the Solar Hijri plan all the time; this is the calendar the model uses.
#include "sim/calendar.hpp"
#include "sim/input_error.hpp"
#include "sim/text.hpp"
#include "tools/innosim/command.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace innosim::cli {

namespace {

struct DateOptions {
    std::vector<std::string> dates;
};

/// "Jomeh 1 Farvardin 1404"
std::string describe(sim::JalaliDate date) {
    return std::string(sim::persian_weekday_name(sim::weekday(sim::to_day_number(date)))) + " " +
           std::to_string(date.day) + " " + std::string(sim::jalali_month_name(date.month)) + " " +
           std::to_string(date.year);
}

/// "Friday 21 March 2025"
std::string describe(sim::GregorianDate date) {
    return std::string(sim::weekday_name(sim::weekday(sim::to_day_number(date)))) + " " + std::to_string(date.day) +
           " " + std::string(sim::gregorian_month_name(date.month)) + " " + std::to_string(date.year);
}

std::string both(sim::JalaliDate date) {
    return sim::format(date) + " (" + describe(date) + ")";
}
std::string both(sim::GregorianDate date) {
    return sim::format(date) + " (" + describe(date) + ")";
}

/// One argument to one output line. The separator decides the calendar; a year that belongs to the
/// other calendar gets a hint, because "1404-01-01" and "2025/03/21" are the likely slips.
std::string convert(const std::string& written) {
    const std::string text = fold_digits(written); // "۱۴۰۴/۰۱/۰۱" reads as 1404/01/01
    const bool slashes = text.find('/') != std::string::npos;
    const bool dashes = text.find('-') != std::string::npos;
    const int year = text.size() >= 4 ? std::atoi(text.substr(0, 4).c_str()) : 0;
    try {
        if (slashes && !dashes) {
            const sim::JalaliDate date = sim::parse_jalali(text);
            return both(date) + " = " + both(sim::to_gregorian(date));
        }
        if (dashes && !slashes) {
            const sim::GregorianDate date = sim::parse_gregorian(text);
            return both(date) + " = " + both(sim::to_jalali(date));
        }
    } catch (const InputError& e) {
        if (slashes && year > sim::kMaxJalaliYear) {
            throw InputError(std::string(e.what()) + "; Gregorian dates are written with dashes, e.g. 2025-03-21");
        }
        if (dashes && year >= sim::kMinJalaliYear && year <= sim::kMaxJalaliYear) {
            throw InputError(std::string(e.what()) + "; Solar Hijri dates are written with slashes, e.g. 1404/01/01");
        }
        throw;
    }
    throw InputError("'" + text +
                     "': expected a Solar Hijri date YYYY/MM/DD (e.g. 1404/01/01) or a Gregorian date YYYY-MM-DD "
                     "(e.g. 2025-03-21)");
}

} // namespace

void add_date_command(CLI::App& app, Context& /*context*/) {
    auto options = std::make_shared<DateOptions>();
    auto* sub =
        app.add_subcommand("date", "Convert Solar Hijri (Jalali) dates to Gregorian and back, with the weekday");
    sub->add_option("DATE", options->dates,
                    "A Solar Hijri date YYYY/MM/DD (slashes) or a Gregorian date YYYY-MM-DD (dashes); several allowed")
        ->required();
    sub->footer("Examples:\n"
                "  innosim date 1404/01/01   ->  1404/01/01 (Jomeh 1 Farvardin 1404) = 2025-03-21 (Friday 21 March "
                "2025)\n"
                "  innosim date 2025-03-21   ->  the same line, Gregorian first\n"
                "  innosim date 1403/12/30 1404/12/29 2026-03-20\n"
                "One line per date, in the order given. Solar Hijri years 1200..1600 (Gregorian 1821..2222) are\n"
                "supported; leap years follow the astronomical calendar (1403 is a leap year, 1404 is not).\n"
                "Weekdays are given in Persian for Solar Hijri dates (the week starts on Shanbeh, Saturday)\n"
                "and in English for Gregorian ones. An invalid date is exit code 2, with the reason.");
    sub->callback([options] {
        // Check every date before printing any, so a bad argument never leaves half an answer.
        std::vector<std::string> lines;
        lines.reserve(options->dates.size());
        for (const std::string& text : options->dates) {
            lines.push_back(convert(text));
        }
        for (const std::string& line : lines) {
            std::cout << line << '\n';
        }
    });
}

} // namespace innosim::cli

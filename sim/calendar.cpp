#include "sim/calendar.hpp"

#include "sim/input_error.hpp"
#include "sim/text.hpp"

#include <array>
#include <charconv>
#include <optional>
#include <stdexcept>

namespace innosim::sim {
namespace {

// [SECTION] Borkowski's rule
//
// K. M. Borkowski, "The Persian calendar for 3000 years" (Earth, Moon and Planets 74, 1996). Between two
// consecutive break years the leap years repeat a 33-year pattern (years 1, 5, 9, ..., 29 and 33 of
// each cycle counted from the break, shifted by one where a cycle is cut short); at each break the
// pattern restarts, which absorbs the slow drift of the equinox against the arithmetic cycle. The
// break list is astronomical data, valid from -61 SH to 3177 SH.
constexpr std::array<int, 20> kBreaks = {-61,  9,    38,   199,  426,  686,  756,  818,  1111, 1181,
                                         1210, 1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178};

struct YearInfo {
    int years_since_leap; ///< 0 for a leap year, else 1..4 (years since the last leap year)
    int gregorian_year;   ///< the Gregorian year in which this Jalali year begins
    int march_day;        ///< day of March on which 1 Farvardin falls
};

YearInfo year_info(int jalali_year) {
    if (jalali_year < kBreaks.front() || jalali_year >= kBreaks.back()) {
        throw std::out_of_range("Solar Hijri year " + std::to_string(jalali_year) + " is outside " +
                                std::to_string(kBreaks.front()) + ".." + std::to_string(kBreaks.back() - 1));
    }
    // Count leap days from the first break up to the start of the break period containing the year.
    // Integer / and % truncate toward zero; every operand below is non-negative except where noted.
    int leap_days = -14;
    int period_start = kBreaks.front();
    int jump = 0;
    for (std::size_t i = 1; i < kBreaks.size(); ++i) {
        jump = kBreaks[i] - period_start;
        if (jalali_year < kBreaks[i]) {
            break;
        }
        leap_days += jump / 33 * 8 + jump % 33 / 4;
        period_start = kBreaks[i];
    }
    int n = jalali_year - period_start; // years since the period's break
    leap_days += n / 33 * 8 + (n % 33 + 3) / 4;
    if (jump % 33 == 4 && jump - n == 4) {
        ++leap_days; // a period ending in a 4-year stub gets its last leap day one year early
    }

    const int gregorian_year = jalali_year + 621;
    // Gregorian leap days up to that year, on the same origin as leap_days.
    const int gregorian_leap_days = gregorian_year / 4 - (gregorian_year / 100 + 1) * 3 / 4 - 150;
    const int march_day = 20 + leap_days - gregorian_leap_days;

    // Position in the 33-year pattern; the last few years of a period count as the start of the next.
    if (jump - n < 6) {
        n = n - jump + (jump + 4) / 33 * 33;
    }
    int years_since_leap = ((n + 1) % 33 - 1) % 4; // -1 when (n + 1) % 33 == 0, i.e. four years since
    if (years_since_leap == -1) {
        years_since_leap = 4;
    }
    return {years_since_leap, gregorian_year, march_day};
}

// [SECTION] Gregorian <-> JDN (Fliegel & Van Flandern; all intermediates positive for JDN >= 0)

std::int64_t gregorian_to_jdn(std::int64_t year, std::int64_t month, std::int64_t day) {
    const std::int64_t a = (14 - month) / 12; // 1 for January and February, which count as months 11, 12
    const std::int64_t y = year + 4800 - a;
    const std::int64_t m = month + 12 * a - 3;
    return day + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045;
}

GregorianDate jdn_to_gregorian(std::int64_t jdn) {
    const std::int64_t a = jdn + 32044;
    const std::int64_t b = (4 * a + 3) / 146097;
    const std::int64_t c = a - 146097 * b / 4;
    const std::int64_t d = (4 * c + 3) / 1461;
    const std::int64_t e = c - 1461 * d / 4;
    const std::int64_t m = (5 * e + 2) / 153;
    return {static_cast<int>(100 * b + d - 4800 + m / 10), static_cast<int>(m + 3 - 12 * (m / 10)),
            static_cast<int>(e - (153 * m + 2) / 5 + 1)};
}

// [SECTION] Text helpers

constexpr std::array<std::string_view, 12> kJalaliMonths = {"Farvardin", "Ordibehesht", "Khordad", "Tir",
                                                            "Mordad",    "Shahrivar",   "Mehr",    "Aban",
                                                            "Azar",      "Dey",         "Bahman",  "Esfand"};
constexpr std::array<std::string_view, 12> kGregorianMonths = {"January",   "February", "March",    "April",
                                                               "May",       "June",     "July",     "August",
                                                               "September", "October",  "November", "December"};
constexpr std::array<std::string_view, 7> kWeekdays = {"Saturday",  "Sunday",   "Monday", "Tuesday",
                                                       "Wednesday", "Thursday", "Friday"};
constexpr std::array<std::string_view, 7> kPersianWeekdays = {"Shanbeh",       "Yekshanbeh",  "Doshanbeh", "Seshanbeh",
                                                              "Chaharshanbeh", "Panjshanbeh", "Jomeh"};

/// "'text': ", the start of every parse error. Built by append: GCC 12's -Wrestrict misfires on
/// "'" + std::string(...) at -O3.
std::string quoted(std::string_view text) {
    std::string result;
    result.reserve(text.size() + 4);
    result += '\'';
    result.append(text);
    result += "': ";
    return result;
}

struct DateFields {
    int year;
    int month;
    int day;
};

/// Splits "YYYY<sep>M<sep>D" (4-digit year, 1- or 2-digit month and day); throws with `expected` otherwise.
DateFields split_date(std::string_view text, char separator, std::string_view expected) {
    auto fail = [&]() -> DateFields { throw InputError(quoted(text) + "expected " + std::string(expected)); };
    const std::size_t first = text.find(separator);
    const std::size_t second = first == std::string_view::npos ? first : text.find(separator, first + 1);
    if (second == std::string_view::npos || text.find(separator, second + 1) != std::string_view::npos) {
        return fail();
    }
    const std::array<std::string_view, 3> parts = {text.substr(0, first), text.substr(first + 1, second - first - 1),
                                                   text.substr(second + 1)};
    std::array<int, 3> values{};
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const std::string_view part = parts[i];
        const bool width_ok = i == 0 ? part.size() == 4 : (part.size() == 1 || part.size() == 2);
        if (!width_ok) {
            return fail();
        }
        for (const char c : part) {
            if (c < '0' || c > '9') {
                return fail();
            }
        }
        std::from_chars(part.data(), part.data() + part.size(), values[i]);
    }
    return {values[0], values[1], values[2]};
}

std::string leap_note(int year, bool leap) {
    return std::to_string(year) + (leap ? " is a leap year" : " is not a leap year");
}

std::string pad(int value, int width) {
    std::string digits = std::to_string(value);
    if (static_cast<int>(digits.size()) < width) {
        digits.insert(0, static_cast<std::size_t>(width) - digits.size(), '0');
    }
    return digits;
}

} // namespace

// [SECTION] Years and months

bool is_jalali_leap_year(int year) {
    return year_info(year).years_since_leap == 0;
}

int jalali_month_length(int year, int month) {
    if (month < 1 || month > 12) {
        throw std::out_of_range("month " + std::to_string(month) + " is out of range 1..12");
    }
    if (month <= 6) {
        return 31;
    }
    if (month <= 11) {
        return 30;
    }
    return is_jalali_leap_year(year) ? 30 : 29;
}

bool is_gregorian_leap_year(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int gregorian_month_length(int year, int month) {
    constexpr std::array<int, 12> kLengths = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) {
        throw std::out_of_range("month " + std::to_string(month) + " is out of range 1..12");
    }
    return month == 2 && is_gregorian_leap_year(year) ? 29 : kLengths[static_cast<std::size_t>(month - 1)];
}

bool is_valid(JalaliDate date) {
    return date.year >= kBreaks.front() && date.year < kBreaks.back() && date.month >= 1 && date.month <= 12 &&
           date.day >= 1 && date.day <= jalali_month_length(date.year, date.month);
}

bool is_valid(GregorianDate date) {
    return date.month >= 1 && date.month <= 12 && date.day >= 1 &&
           date.day <= gregorian_month_length(date.year, date.month);
}

// [SECTION] Day numbers

std::int64_t to_day_number(JalaliDate date) {
    if (!is_valid(date)) {
        throw std::out_of_range("not a valid Solar Hijri date: " + format(date));
    }
    const YearInfo info = year_info(date.year);
    const std::int64_t nowruz = gregorian_to_jdn(info.gregorian_year, 3, info.march_day);
    // Months 1..6 have 31 days, 7..12 have 30: days before month m.
    const int m = date.month;
    const int days_before_month = m <= 7 ? (m - 1) * 31 : 186 + (m - 7) * 30;
    return nowruz + days_before_month + date.day - 1;
}

std::int64_t to_day_number(GregorianDate date) {
    if (!is_valid(date)) {
        throw std::out_of_range("not a valid Gregorian date: " + format(date));
    }
    return gregorian_to_jdn(date.year, date.month, date.day);
}

JalaliDate jalali_from_day_number(std::int64_t day_number) {
    const GregorianDate gregorian = jdn_to_gregorian(day_number);
    // The Jalali year that begins in this Gregorian year; before its Nowruz we are in the year before.
    int year = gregorian.year - 621;
    const YearInfo info = year_info(year);
    std::int64_t day_of_year = day_number - gregorian_to_jdn(gregorian.year, 3, info.march_day);
    if (day_of_year < 0) {
        --year;
        // Days from 1 Mehr of the previous year: its second half has 6 x 30 - 1 days, +1 in a leap year.
        day_of_year += 179 + (is_jalali_leap_year(year) ? 1 : 0) + 186;
    }
    if (day_of_year < 186) {
        return {year, static_cast<int>(day_of_year / 31) + 1, static_cast<int>(day_of_year % 31) + 1};
    }
    day_of_year -= 186;
    return {year, static_cast<int>(day_of_year / 30) + 7, static_cast<int>(day_of_year % 30) + 1};
}

GregorianDate gregorian_from_day_number(std::int64_t day_number) {
    return jdn_to_gregorian(day_number);
}

JalaliDate to_jalali(GregorianDate date) {
    return jalali_from_day_number(to_day_number(date));
}

GregorianDate to_gregorian(JalaliDate date) {
    return gregorian_from_day_number(to_day_number(date));
}

// [SECTION] Names

Weekday weekday(std::int64_t day_number) {
    // JDN 0 was a Monday, so JDN + 2 counts from a Saturday.
    std::int64_t index = (day_number + 2) % 7;
    if (index < 0) {
        index += 7;
    }
    return static_cast<Weekday>(index);
}

std::string_view weekday_name(Weekday day) {
    return kWeekdays.at(static_cast<std::size_t>(day));
}

std::string_view persian_weekday_name(Weekday day) {
    return kPersianWeekdays.at(static_cast<std::size_t>(day));
}

std::string_view jalali_month_name(int month) {
    if (month < 1 || month > 12) {
        throw std::out_of_range("month " + std::to_string(month) + " is out of range 1..12");
    }
    return kJalaliMonths[static_cast<std::size_t>(month - 1)];
}

std::string_view gregorian_month_name(int month) {
    if (month < 1 || month > 12) {
        throw std::out_of_range("month " + std::to_string(month) + " is out of range 1..12");
    }
    return kGregorianMonths[static_cast<std::size_t>(month - 1)];
}

// [SECTION] Text

namespace {

/// The Solar Hijri date a Gregorian one written where a Solar Hijri date belongs stands for
/// ("2024-03-20" or "2024/03/20"), or nothing if `text` is not a valid Gregorian date.
std::optional<JalaliDate> gregorian_meant(std::string_view text) {
    for (const char separator : {'-', '/'}) {
        try {
            const DateFields f = split_date(text, separator, "");
            const GregorianDate date{f.year, f.month, f.day};
            if (f.year >= 1700 && is_valid(date)) {
                return to_jalali(date);
            }
        } catch (const InputError&) {
        }
    }
    return std::nullopt;
}

} // namespace

JalaliDate parse_jalali(std::string_view written) {
    const std::string folded = fold_digits(written); // Persian digits read as ASCII ones
    const std::string_view text = folded;
    const std::string prefix = quoted(written);
    if (const auto meant = gregorian_meant(text)) {
        throw InputError(prefix + "is a Gregorian date; expected a Solar Hijri date YYYY/MM/DD; did you mean \"" +
                         format(*meant) + "\"?");
    }
    const DateFields f = split_date(text, '/', "YYYY/MM/DD, a Solar Hijri date such as 1404/01/01");
    if (f.year < kMinJalaliYear || f.year > kMaxJalaliYear) {
        throw InputError(prefix + "year " + std::to_string(f.year) + " is outside the supported range " +
                         std::to_string(kMinJalaliYear) + ".." + std::to_string(kMaxJalaliYear));
    }
    if (f.month < 1 || f.month > 12) {
        throw InputError(prefix + "month " + std::to_string(f.month) + " is out of range 1..12");
    }
    const int length = jalali_month_length(f.year, f.month);
    if (f.day < 1 || f.day > length) {
        std::string why = prefix + std::string(jalali_month_name(f.month)) + " " + std::to_string(f.year) + " has " +
                          std::to_string(length) + " days";
        if (f.month == 12) {
            why += " (" + leap_note(f.year, is_jalali_leap_year(f.year)) + ")";
        }
        throw InputError(why);
    }
    return {f.year, f.month, f.day};
}

GregorianDate parse_gregorian(std::string_view written) {
    const std::string folded = fold_digits(written);
    const std::string_view text = folded;
    const DateFields f = split_date(text, '-', "YYYY-MM-DD, a Gregorian date such as 2025-03-21");
    const std::string prefix = quoted(written);
    if (f.month < 1 || f.month > 12) {
        throw InputError(prefix + "month " + std::to_string(f.month) + " is out of range 1..12");
    }
    const int length = gregorian_month_length(f.year, f.month);
    if (f.day < 1 || f.day > length) {
        std::string why = prefix + std::string(gregorian_month_name(f.month)) + " " + std::to_string(f.year) + " has " +
                          std::to_string(length) + " days";
        if (f.month == 2) {
            why += " (" + leap_note(f.year, is_gregorian_leap_year(f.year)) + ")";
        }
        throw InputError(why);
    }
    const GregorianDate date{f.year, f.month, f.day};
    const std::int64_t day_number = to_day_number(date);
    const std::int64_t first = to_day_number(JalaliDate{kMinJalaliYear, 1, 1});
    const std::int64_t last = to_day_number(JalaliDate{kMaxJalaliYear, 12, jalali_month_length(kMaxJalaliYear, 12)});
    if (day_number < first || day_number > last) {
        throw InputError(prefix + "outside the supported range " + format(gregorian_from_day_number(first)) + " .. " +
                         format(gregorian_from_day_number(last)) + " (Solar Hijri " + std::to_string(kMinJalaliYear) +
                         ".." + std::to_string(kMaxJalaliYear) + ")");
    }
    return date;
}

std::string format(JalaliDate date) {
    return pad(date.year, 4) + "/" + pad(date.month, 2) + "/" + pad(date.day, 2);
}

std::string format(GregorianDate date) {
    return pad(date.year, 4) + "-" + pad(date.month, 2) + "-" + pad(date.day, 2);
}

// [SECTION] Sim time

namespace {
JalaliDate checked_start(JalaliDate start) {
    if (!is_valid(start)) {
        throw InputError("calendar start " + format(start) + " is not a valid Solar Hijri date");
    }
    return start;
}
} // namespace

Calendar::Calendar(JalaliDate start) : start_(checked_start(start)), start_day_number_(to_day_number(start_)) {}

Ticks Calendar::to_ticks(JalaliDate date) const {
    return days(to_day_number(date) - start_day_number_);
}

JalaliDate Calendar::date_at(Ticks time) const {
    return jalali_from_day_number(day_number_at(time));
}

Ticks Calendar::start_of_next_month(Ticks time) const {
    const JalaliDate date = date_at(time);
    return date.month == 12 ? to_ticks({date.year + 1, 1, 1}) : to_ticks({date.year, date.month + 1, 1});
}

Ticks Calendar::start_of_next_year(Ticks time) const {
    return to_ticks({date_at(time).year + 1, 1, 1});
}

int Calendar::month_index(Ticks time) const {
    const JalaliDate date = date_at(time);
    return (date.year - start_.year) * 12 + (date.month - start_.month);
}

} // namespace innosim::sim

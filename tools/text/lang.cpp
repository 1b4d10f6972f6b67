#include "tools/text/lang.hpp"

#include <array>
#include <cmath>
#include <cstdio>

namespace innosim::text {

namespace {

constexpr std::array<std::string_view, 12> kMonthsEn{"Farvardin", "Ordibehesht", "Khordad", "Tir",
                                                     "Mordad",    "Shahrivar",   "Mehr",    "Aban",
                                                     "Azar",      "Dey",         "Bahman",  "Esfand"};
constexpr std::array<std::string_view, 12> kMonthsFa{"فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
                                                     "مهر",     "آبان",     "آذر",   "دی",  "بهمن",  "اسفند"};

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

std::string printf_string(const char* format, double value) {
    std::array<char, 64> buffer{};
    std::snprintf(buffer.data(), buffer.size(), format, value);
    return buffer.data();
}

std::string group(std::uint64_t magnitude) {
    const std::string d = std::to_string(magnitude);
    std::string out;
    for (std::size_t i = 0; i < d.size(); ++i) {
        if (i > 0 && (d.size() - i) % 3 == 0) {
            out += ',';
        }
        out += d[i];
    }
    return out;
}

/// Three significant digits: "12.3", "4.56", "850".
std::string three_digits(double value) {
    const double a = std::abs(value);
    return printf_string(a >= 100 ? "%.0f" : (a >= 10 ? "%.1f" : "%.2f"), value);
}

} // namespace

std::optional<Lang> parse_lang(std::string_view code) {
    if (code == "en") {
        return Lang::En;
    }
    if (code == "fa") {
        return Lang::Fa;
    }
    return std::nullopt;
}

std::string_view lang_code(Lang lang) {
    return lang == Lang::Fa ? "fa" : "en";
}

std::string to_persian_digits(std::string_view text) {
    std::string out;
    out.reserve(text.size() * 2);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool between_digits = i > 0 && i + 1 < text.size() && is_digit(text[i - 1]) && is_digit(text[i + 1]);
        if (is_digit(c)) {
            // U+06F0..U+06F9, the extended Arabic-Indic digits Persian uses (DB B0..DB B9 in UTF-8),
            // not the Arabic-Indic U+0660.. that Arabic uses.
            out += '\xDB';
            out += static_cast<char>(0xB0 + (c - '0'));
        } else if (c == ',' && between_digits) {
            out += "\xD9\xAC"; // U+066C ARABIC THOUSANDS SEPARATOR
        } else if (c == '.' && between_digits) {
            out += "\xD9\xAB"; // U+066B ARABIC DECIMAL SEPARATOR
        } else if (c == '%') {
            out += "\xD9\xAA"; // U+066A ARABIC PERCENT SIGN
        } else {
            out += c;
        }
    }
    return out;
}

std::string digits(Lang lang, std::string_view text) {
    return lang == Lang::Fa ? to_persian_digits(text) : std::string(text);
}

std::string count(Lang lang, std::int64_t value) {
    const std::uint64_t magnitude =
        value < 0 ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
    std::string text = value < 0 ? "-" : "";
    text.append(group(magnitude));
    return digits(lang, text);
}

std::string_view month_name(Lang lang, int month) {
    if (month < 1 || month > 12) {
        return "?";
    }
    return (lang == Lang::Fa ? kMonthsFa : kMonthsEn)[static_cast<std::size_t>(month - 1)];
}

std::string long_date(Lang lang, int year, int month, int day) {
    return digits(lang, std::to_string(day)) + " " + std::string(month_name(lang, month)) + " " +
           digits(lang, std::to_string(year));
}

std::string short_date(Lang lang, int year, int month, int day) {
    std::array<char, 32> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "%04d/%02d/%02d", year, month, day);
    return digits(lang, buffer.data());
}

std::string_view currency_name(Lang lang, Currency currency) {
    if (lang == Lang::Fa) {
        return currency == Currency::Rial ? "ریال" : "تومان";
    }
    return currency == Currency::Rial ? "Rial" : "Toman";
}

std::string money(Lang lang, double rial, Currency currency) {
    const double amount = currency == Currency::Rial ? rial : rial / 10.0;
    const double magnitude = std::fabs(amount);
    const std::string unit(currency_name(lang, currency));
    const bool fa = lang == Lang::Fa;
    const std::string sign = amount < 0 ? "-" : "";
    if (magnitude >= 1e9) {
        // Tenths of a billion, rounded once (as the CLI does), so 2.96 bn prints as 3.0.
        const auto tenths = static_cast<std::uint64_t>(std::llround(magnitude / 1e8));
        std::string number = sign;
        number.append(group(tenths / 10)).append(".").append(std::to_string(tenths % 10));
        return digits(lang, number) + (fa ? " میلیارد " : " bn ") + unit;
    }
    if (magnitude >= 1e6) {
        return digits(lang, printf_string("%.1f", amount / 1e6)) + (fa ? " میلیون " : " M ") + unit;
    }
    std::string number = sign;
    number.append(group(static_cast<std::uint64_t>(std::llround(magnitude))));
    return digits(lang, number) + " " + unit;
}

std::string money_short(Lang lang, double rial, Currency currency) {
    const double amount = currency == Currency::Rial ? rial : rial / 10.0;
    const double a = std::abs(amount);
    const bool fa = lang == Lang::Fa;
    if (a >= 1e12) {
        return digits(lang, three_digits(amount / 1e12)) + (fa ? " هزار میلیارد" : " tn");
    }
    if (a >= 1e9) {
        return digits(lang, three_digits(amount / 1e9)) + (fa ? " میلیارد" : " bn");
    }
    if (a >= 1e6) {
        return digits(lang, three_digits(amount / 1e6)) + (fa ? " میلیون" : " M");
    }
    return count(lang, static_cast<std::int64_t>(std::llround(amount)));
}

} // namespace innosim::text

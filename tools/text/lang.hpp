#pragma once

// The languages innosim speaks to people in, and the number and date conventions of each:
// Persian digits and separators, Solar Hijri month names, money in the units people say.
// std only: the CLI, the HTML report and the viewer link it; it knows nothing of the model.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace innosim::text {

enum class Lang { En, Fa };

/// "en" / "fa" -> the language; nothing for anything else.
std::optional<Lang> parse_lang(std::string_view code);
std::string_view lang_code(Lang lang);
/// Persian is written right to left.
inline bool is_rtl(Lang lang) {
    return lang == Lang::Fa;
}

/// Persian digits and separators for a number written with ASCII digits: 0-9 -> ۰-۹, a thousands
/// comma -> "٬", a decimal point between digits -> "٫", "%" -> "٪". Other text passes unchanged.
std::string to_persian_digits(std::string_view text);
/// `text` with the digits of `lang` (unchanged in English).
std::string digits(Lang lang, std::string_view text);

/// 1234567 -> "1,234,567" (English) or "۱٬۲۳۴٬۵۶۷" (Persian).
std::string count(Lang lang, std::int64_t value);

/// The Solar Hijri month (1..12): "Shahrivar" / "شهریور".
std::string_view month_name(Lang lang, int month);
/// "31 Shahrivar 1403" / "۳۱ شهریور ۱۴۰۳".
std::string long_date(Lang lang, int year, int month, int day);
/// "1403/06/31" / "۱۴۰۳/۰۶/۳۱".
std::string short_date(Lang lang, int year, int month, int day);

enum class Currency { Rial, Toman }; ///< 1 Toman = 10 Rial

/// Money as planners say it, in the same units and rounding as the CLI's tables: billions with
/// one decimal ("3,652.7 bn Rial", "۳٬۶۵۲٫۷ میلیارد ریال"), millions below that ("12.3 M Rial",
/// "۱۲٫۳ میلیون ریال"), whole Rial or Toman below a million.
std::string money(Lang lang, double rial, Currency currency);
/// Compact money for chart axes: "3.65 tn", "850 bn", "12.3 M" / "۳٫۶۵ هزار میلیارد"...
std::string money_short(Lang lang, double rial, Currency currency);
/// "Rial" / "ریال", "Toman" / "تومان".
std::string_view currency_name(Lang lang, Currency currency);

} // namespace innosim::text

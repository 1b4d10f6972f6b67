#include "tools/text/catalogue.hpp"
#include "tools/text/lang.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>

using namespace innosim::text;

namespace {

/// The placeholders a text uses, e.g. {"{0}", "{1}"}.
std::set<std::string> placeholders(std::string_view text) {
    std::set<std::string> out;
    for (std::size_t i = 0; i + 2 < text.size(); ++i) {
        if (text[i] == '{' && text[i + 2] == '}') {
            out.insert(std::string(text.substr(i, 3)));
        }
    }
    return out;
}

} // namespace

TEST_CASE("catalogue: every message has English and Persian text with the same placeholders") {
    std::set<std::string_view> ids;
    for (std::size_t i = 0; i < kMsgCount; ++i) {
        const auto msg = static_cast<Msg>(i);
        INFO(msg_id(msg));
        CHECK(ids.insert(msg_id(msg)).second);
        const std::string_view en = raw(Lang::En, msg);
        const std::string_view fa = raw(Lang::Fa, msg);
        CHECK_FALSE(en.empty());
        CHECK_FALSE(fa.empty());
        CHECK(fa.find('|') == std::string_view::npos); // Persian has one form after numbers
        const auto bar = en.find('|');
        const std::string_view en_plural = bar == std::string_view::npos ? en : en.substr(bar + 1);
        CHECK(placeholders(en_plural) == placeholders(fa));
        if (bar != std::string_view::npos) {
            CHECK(placeholders(en.substr(0, bar)) == placeholders(fa));
        }
    }
}

TEST_CASE("catalogue: placeholders and plurals") {
    CHECK(tr(Lang::En, Msg::ChapterOf, {"2", "5"}) == "Chapter 2 of 5");
    CHECK(tr(Lang::Fa, Msg::ChapterOf, {"۲", "۵"}) == "فصل ۲ از ۵");
    CHECK(plural(Lang::En, Msg::DaysToHorizon, 1) == "1 day to the horizon");
    CHECK(plural(Lang::En, Msg::DaysToHorizon, 12) == "12 days to the horizon");
    CHECK(plural(Lang::En, Msg::Startups, 1234) == "1,234 startups");
    CHECK(plural(Lang::Fa, Msg::DaysToHorizon, 12) == "۱۲ روز تا افق");
    CHECK(tr(Lang::En, Msg::Startups, {"3"}) == "3 startups");
}

TEST_CASE("Persian digits and separators") {
    CHECK(to_persian_digits("0123456789") == "۰۱۲۳۴۵۶۷۸۹");
    CHECK(to_persian_digits("3,652.7") == "۳٬۶۵۲٫۷");
    CHECK(to_persian_digits("11.6%") == "۱۱٫۶٪");
    CHECK(to_persian_digits("end. 5") == "end. ۵"); // a full stop after a word stays
    CHECK(digits(Lang::En, "3,652.7") == "3,652.7");
    CHECK(count(Lang::Fa, -1234567) == "-۱٬۲۳۴٬۵۶۷");
    CHECK(count(Lang::En, 0) == "0");
}

TEST_CASE("Solar Hijri month names and dates in both languages") {
    CHECK(month_name(Lang::En, 1) == "Farvardin");
    CHECK(month_name(Lang::En, 6) == "Shahrivar");
    CHECK(month_name(Lang::Fa, 1) == "فروردین");
    CHECK(month_name(Lang::Fa, 6) == "شهریور");
    CHECK(month_name(Lang::Fa, 12) == "اسفند");
    CHECK(month_name(Lang::Fa, 13) == "?");
    CHECK(long_date(Lang::En, 1403, 6, 31) == "31 Shahrivar 1403");
    CHECK(long_date(Lang::Fa, 1403, 6, 31) == "۳۱ شهریور ۱۴۰۳");
    CHECK(short_date(Lang::Fa, 1404, 1, 1) == "۱۴۰۴/۰۱/۰۱");
    CHECK(short_date(Lang::En, 1404, 12, 29) == "1404/12/29");
}

TEST_CASE("money in the words people use, rounded as the CLI rounds") {
    CHECK(money(Lang::En, 3'652'700'000'000.0, Currency::Rial) == "3,652.7 bn Rial");
    CHECK(money(Lang::En, 2'960'000'000.0, Currency::Rial) == "3.0 bn Rial"); // rounded once
    CHECK(money(Lang::Fa, 3'652'700'000'000.0, Currency::Rial) == "۳٬۶۵۲٫۷ میلیارد ریال");
    CHECK(money(Lang::Fa, 3'652'700'000'000.0, Currency::Toman) == "۳۶۵٫۳ میلیارد تومان");
    CHECK(money(Lang::En, -12'340'000.0, Currency::Rial) == "-12.3 M Rial");
    CHECK(money(Lang::Fa, 12'340'000.0, Currency::Rial) == "۱۲٫۳ میلیون ریال");
    CHECK(money(Lang::En, 12'500.0, Currency::Rial) == "12,500 Rial");
    CHECK(money_short(Lang::En, 3.65e12, Currency::Rial) == "3.65 tn");
    CHECK(money_short(Lang::Fa, 3.65e12, Currency::Rial) == "۳٫۶۵ هزار میلیارد");
    CHECK(money_short(Lang::En, 850e9, Currency::Rial) == "850 bn");
}

TEST_CASE("language codes") {
    CHECK(parse_lang("fa") == Lang::Fa);
    CHECK(parse_lang("en") == Lang::En);
    CHECK_FALSE(parse_lang("de").has_value());
    CHECK(lang_code(Lang::Fa) == "fa");
    CHECK(is_rtl(Lang::Fa));
    CHECK_FALSE(is_rtl(Lang::En));
}

TEST_CASE("Mashhad's names in Persian; other names as typed", "[text]") {
    using innosim::text::known_name;
    using innosim::text::Lang;
    CHECK(known_name(Lang::Fa, "Transport & Traffic") == "حمل‌ونقل و ترافیک");
    CHECK(known_name(Lang::Fa, "District 9") == "منطقهٔ ۹");
    CHECK(known_name(Lang::Fa, "District 12") == "منطقهٔ ۱۲");
    CHECK(known_name(Lang::Fa, "District North") == "District North"); // not a number: as given
    CHECK(known_name(Lang::Fa, "Mashhad baseline") == "مشهد، وضع موجود");
    CHECK(known_name(Lang::Fa, "صندوق تازه") == "صندوق تازه");
    CHECK(known_name(Lang::En, "Transport & Traffic") == "Transport & Traffic");
    CHECK(known_name(Lang::En, "District 9") == "District 9");
}

#include "sim/calendar.hpp"
#include "sim/input_error.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace innosim::sim;
using innosim::InputError;

namespace {

struct Nowruz {
    int jalali_year;
    GregorianDate gregorian;
};

// 1 Farvardin in Gregorian. Each was checked independently against the March equinox computed with
// Meeus's algorithm (Astronomical Algorithms, ch. 27) and the rule "the day of the equinox in Iran
// time if it falls before noon, else the next day"; all of 1300..1500 agree (the closest call is
// 1470, equinox ~4 minutes after noon). 1357/01/01 and the 1370s are also in every printed almanac.
const std::vector<Nowruz> kNowruz = {
    {1354, {1975, 3, 21}}, {1357, {1978, 3, 21}}, {1358, {1979, 3, 21}}, {1362, {1983, 3, 21}}, {1370, {1991, 3, 21}},
    {1371, {1992, 3, 21}}, {1375, {1996, 3, 20}}, {1379, {2000, 3, 20}}, {1380, {2001, 3, 21}}, {1387, {2008, 3, 20}},
    {1390, {2011, 3, 21}}, {1395, {2016, 3, 20}}, {1398, {2019, 3, 21}}, {1399, {2020, 3, 20}}, {1400, {2021, 3, 21}},
    {1401, {2022, 3, 21}}, {1402, {2023, 3, 21}}, {1403, {2024, 3, 20}}, {1404, {2025, 3, 21}}, {1405, {2026, 3, 21}},
    {1407, {2028, 3, 20}}, {1408, {2029, 3, 20}}, {1420, {2041, 3, 20}},
};

std::string parse_error(std::string_view text, bool jalali) {
    try {
        if (jalali) {
            parse_jalali(text);
        } else {
            parse_gregorian(text);
        }
    } catch (const InputError& e) {
        return e.what();
    }
    return "(no error)";
}

} // namespace

TEST_CASE("Nowruz falls on the known Gregorian dates", "[calendar]") {
    for (const Nowruz& n : kNowruz) {
        INFO("Solar Hijri year " << n.jalali_year);
        CHECK(to_gregorian(JalaliDate{n.jalali_year, 1, 1}) == n.gregorian);
        CHECK(to_jalali(n.gregorian) == JalaliDate{n.jalali_year, 1, 1});
    }
}

TEST_CASE("historic dates and Julian Day Numbers", "[calendar]") {
    CHECK(to_gregorian(JalaliDate{1357, 11, 22}) == GregorianDate{1979, 2, 11}); // 22 Bahman 1357
    CHECK(to_gregorian(JalaliDate{1358, 1, 12}) == GregorianDate{1979, 4, 1});
    CHECK(to_gregorian(JalaliDate{1403, 12, 30}) == GregorianDate{2025, 3, 20});
    CHECK(to_jalali(GregorianDate{2025, 3, 20}) == JalaliDate{1403, 12, 30});
    CHECK(to_jalali(GregorianDate{2000, 1, 1}) == JalaliDate{1378, 10, 11});
    CHECK(to_day_number(GregorianDate{2000, 1, 1}) == 2451545); // J2000.0
    CHECK(to_day_number(GregorianDate{2025, 3, 21}) == 2460756);
    CHECK(to_day_number(JalaliDate{1404, 1, 1}) == 2460756);
    CHECK(gregorian_from_day_number(2299161) == GregorianDate{1582, 10, 15}); // first Gregorian day
}

TEST_CASE("Solar Hijri leap years", "[calendar]") {
    for (const int year : {1370, 1375, 1379, 1383, 1387, 1391, 1395, 1399, 1403, 1408}) {
        INFO(year);
        CHECK(is_jalali_leap_year(year));
        CHECK(jalali_month_length(year, 12) == 30);
    }
    for (const int year : {1371, 1374, 1378, 1398, 1400, 1401, 1402, 1404, 1405, 1406, 1407}) {
        INFO(year);
        CHECK_FALSE(is_jalali_leap_year(year));
        CHECK(jalali_month_length(year, 12) == 29);
    }
    CHECK(is_valid(JalaliDate{1403, 12, 30}));
    CHECK_FALSE(is_valid(JalaliDate{1404, 12, 30}));
    // A year is leap exactly when it has 366 days, i.e. when the next Nowruz is 366 days later.
    for (int year = kMinJalaliYear; year < kMaxJalaliYear; ++year) {
        INFO(year);
        const std::int64_t length = to_day_number(JalaliDate{year + 1, 1, 1}) - to_day_number(JalaliDate{year, 1, 1});
        REQUIRE(length == (is_jalali_leap_year(year) ? 366 : 365));
    }
}

TEST_CASE("every day from 1300/01/01 to 1500/12/29 round-trips", "[calendar]") {
    std::int64_t expected_day_number = to_day_number(JalaliDate{1300, 1, 1});
    GregorianDate gregorian = to_gregorian(JalaliDate{1300, 1, 1});
    REQUIRE(gregorian == GregorianDate{1921, 3, 21});
    int days = 0;
    for (int year = 1300; year <= 1500; ++year) {
        for (int month = 1; month <= 12; ++month) {
            const int length = jalali_month_length(year, month);
            for (int day = 1; day <= length; ++day) {
                const JalaliDate date{year, month, day};
                const std::int64_t day_number = to_day_number(date);
                // Consecutive dates are consecutive days, and each day converts back to itself.
                if (day_number != expected_day_number || jalali_from_day_number(day_number) != date ||
                    gregorian_from_day_number(day_number) != gregorian || to_jalali(gregorian) != date ||
                    to_gregorian(date) != gregorian) {
                    FAIL("round trip fails at " << format(date) << " / " << format(gregorian));
                }
                ++expected_day_number;
                ++days;
                // Step the Gregorian date by hand, independently of the day-number formulas.
                if (++gregorian.day > gregorian_month_length(gregorian.year, gregorian.month)) {
                    gregorian.day = 1;
                    if (++gregorian.month > 12) {
                        gregorian.month = 1;
                        ++gregorian.year;
                    }
                }
            }
        }
    }
    CHECK(gregorian == GregorianDate{2122, 3, 21}); // 1501/01/01
    CHECK(days == 73'414);                          // 201 years, 49 of them leap: 201 * 365 + 49
}

TEST_CASE("weekdays", "[calendar]") {
    CHECK(weekday(to_day_number(GregorianDate{2025, 3, 21})) == Weekday::Friday);
    CHECK(weekday(to_day_number(GregorianDate{2000, 1, 1})) == Weekday::Saturday);
    CHECK(weekday(to_day_number(GregorianDate{1979, 2, 11})) == Weekday::Sunday);
    CHECK(weekday(to_day_number(JalaliDate{1403, 1, 1})) == Weekday::Wednesday);
    CHECK(weekday(0) == Weekday::Monday);
    CHECK(weekday(-1) == Weekday::Sunday);
    CHECK(weekday_name(Weekday::Friday) == "Friday");
    CHECK(weekday_name(Weekday::Saturday) == "Saturday");
    CHECK(persian_weekday_name(Weekday::Friday) == "Jomeh");
    CHECK(persian_weekday_name(Weekday::Saturday) == "Shanbeh");
    const std::int64_t saturday = to_day_number(GregorianDate{2025, 3, 22});
    for (int i = 0; i < 14; ++i) {
        CHECK(weekday(saturday + i) == static_cast<Weekday>(i % 7));
    }
}

TEST_CASE("month lengths and names", "[calendar]") {
    for (int month = 1; month <= 6; ++month) {
        CHECK(jalali_month_length(1404, month) == 31);
    }
    for (int month = 7; month <= 11; ++month) {
        CHECK(jalali_month_length(1404, month) == 30);
    }
    CHECK(gregorian_month_length(2024, 2) == 29);
    CHECK(gregorian_month_length(2025, 2) == 28);
    CHECK(gregorian_month_length(2000, 2) == 29);
    CHECK(gregorian_month_length(1900, 2) == 28);
    CHECK(is_gregorian_leap_year(2000));
    CHECK_FALSE(is_gregorian_leap_year(2100));
    CHECK(jalali_month_name(1) == "Farvardin");
    CHECK(jalali_month_name(7) == "Mehr");
    CHECK(jalali_month_name(12) == "Esfand");
    CHECK(gregorian_month_name(3) == "March");
    CHECK_THROWS_AS(jalali_month_name(13), std::out_of_range);
    CHECK_THROWS_AS(jalali_month_length(1404, 0), std::out_of_range);
}

TEST_CASE("parse and format", "[calendar]") {
    CHECK(parse_jalali("1404/01/01") == JalaliDate{1404, 1, 1});
    CHECK(parse_jalali("1404/1/9") == JalaliDate{1404, 1, 9});
    CHECK(parse_jalali("1403/12/30") == JalaliDate{1403, 12, 30});
    CHECK(parse_gregorian("2025-03-21") == GregorianDate{2025, 3, 21});
    CHECK(parse_gregorian("2024-02-29") == GregorianDate{2024, 2, 29});
    CHECK(format(JalaliDate{1404, 1, 1}) == "1404/01/01");
    CHECK(format(GregorianDate{2025, 3, 21}) == "2025-03-21");
    CHECK(format(parse_jalali("1399/12/30")) == "1399/12/30");
    CHECK(parse_jalali("۱۴۰۳/۱۲/۳۰") == JalaliDate{1403, 12, 30}); // Persian digits
    CHECK(parse_jalali("١٤٠٤/٠١/٠١") == JalaliDate{1404, 1, 1});   // Arabic-Indic digits
    CHECK(parse_gregorian("۲۰۲۵-۰۳-۲۱") == GregorianDate{2025, 3, 21});
}

TEST_CASE("a Gregorian date where a Solar Hijri one belongs is answered with its equivalent", "[calendar]") {
    CHECK(parse_error("2024-03-20", true) ==
          "'2024-03-20': is a Gregorian date; expected a Solar Hijri date YYYY/MM/DD; did you mean \"1403/01/01\"?");
    CHECK_THAT(parse_error("2025/03/21", true), Catch::EndsWith("did you mean \"1404/01/01\"?"));
    CHECK_THAT(parse_error("۲۰۲۵-۰۳-۲۱", true), Catch::EndsWith("did you mean \"1404/01/01\"?"));
    CHECK_THAT(parse_error("2025-02-30", true), Catch::Contains("expected YYYY/MM/DD")); // not a date at all
}

TEST_CASE("parse errors say why", "[calendar]") {
    CHECK(parse_error("1404/12/30", true) == "'1404/12/30': Esfand 1404 has 29 days (1404 is not a leap year)");
    CHECK(parse_error("1403/12/31", true) == "'1403/12/31': Esfand 1403 has 30 days (1403 is a leap year)");
    CHECK(parse_error("1404/13/01", true) == "'1404/13/01': month 13 is out of range 1..12");
    CHECK(parse_error("1404/00/01", true) == "'1404/00/01': month 0 is out of range 1..12");
    CHECK(parse_error("1404/07/31", true) == "'1404/07/31': Mehr 1404 has 30 days");
    CHECK(parse_error("1404/01/00", true) == "'1404/01/00': Farvardin 1404 has 31 days");
    CHECK(parse_error("1100/01/01", true) == "'1100/01/01': year 1100 is outside the supported range 1200..1600");
    CHECK(parse_error("1601/01/01", true) == "'1601/01/01': year 1601 is outside the supported range 1200..1600");
    for (const char* bad : {"", "1404", "1404/01", "1404-01-01", "1404/01/01/01", "14040/01/01", "1404/001/01",
                            "1404/a1/01", " 1404/01/01", "1404/01/01 ", "+404/01/01", "1404//01"}) {
        INFO('\'' << bad << '\'');
        CHECK_THAT(parse_error(bad, true), Catch::Contains("expected YYYY/MM/DD"));
    }
    CHECK(parse_error("2025-02-29", false) == "'2025-02-29': February 2025 has 28 days (2025 is not a leap year)");
    CHECK(parse_error("2025-13-01", false) == "'2025-13-01': month 13 is out of range 1..12");
    CHECK(parse_error("2025-04-31", false) == "'2025-04-31': April 2025 has 30 days");
    CHECK_THAT(parse_error("2025/03/21", false), Catch::Contains("expected YYYY-MM-DD"));
    CHECK_THAT(parse_error("1800-01-01", false), Catch::Contains("outside the supported range"));
    CHECK_THAT(parse_error("2300-01-01", false), Catch::Contains("(Solar Hijri 1200..1600)"));
}

TEST_CASE("calendar maps sim time onto dates", "[calendar]") {
    const Calendar calendar(JalaliDate{1403, 12, 15});
    CHECK(calendar.start() == JalaliDate{1403, 12, 15});
    CHECK(calendar.start_day_number() == to_day_number(JalaliDate{1403, 12, 15}));
    CHECK(calendar.date_at(0) == JalaliDate{1403, 12, 15});
    CHECK(calendar.date_at(kTicksPerDay - 1) == JalaliDate{1403, 12, 15});
    CHECK(calendar.date_at(kTicksPerDay) == JalaliDate{1403, 12, 16});
    CHECK(calendar.date_at(-1) == JalaliDate{1403, 12, 14});
    CHECK(calendar.to_ticks(JalaliDate{1403, 12, 30}) == days(15));
    CHECK(calendar.to_ticks(JalaliDate{1404, 1, 1}) == days(16)); // 1403 is leap: Esfand has 30 days
    CHECK(calendar.to_ticks(JalaliDate{1403, 12, 1}) == -days(14));
    CHECK(calendar.day_number_at(days(16)) == to_day_number(GregorianDate{2025, 3, 21}));

    CHECK(calendar.start_of_next_month(0) == days(16));
    CHECK(calendar.start_of_next_month(days(16) - 1) == days(16));
    CHECK(calendar.start_of_next_month(days(16)) == days(16 + 31));
    CHECK(calendar.start_of_next_year(0) == days(16));
    CHECK(calendar.start_of_next_year(days(16)) == days(16 + 365));

    CHECK(calendar.month_index(0) == 0);
    CHECK(calendar.month_index(days(15)) == 0);
    CHECK(calendar.month_index(days(16)) == 1);
    CHECK(calendar.month_index(days(16 + 31)) == 2);
    CHECK(calendar.month_index(calendar.to_ticks(JalaliDate{1405, 1, 1})) == 13);
    CHECK(calendar.month_index(-days(15)) == -1);

    // Walking month by month from the start visits every 1st of the month.
    Ticks t = 0;
    for (int i = 1; i <= 60; ++i) {
        t = calendar.start_of_next_month(t);
        REQUIRE(calendar.date_at(t).day == 1);
        REQUIRE(calendar.month_index(t) == i);
    }
    CHECK(calendar.date_at(t) == JalaliDate{1408, 12, 1});

    CHECK_THROWS_AS(Calendar(JalaliDate{1404, 12, 30}), InputError);
}

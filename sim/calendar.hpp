#pragma once

// The Solar Hijri (Jalali) calendar, the Gregorian calendar, and the mapping of sim time onto them.
//
// Days are counted as Julian Day Numbers (JDN: 2025-03-21 is 2460756), the one integer both calendars
// convert through. The Solar Hijri year starts at Nowruz, the day of the March equinox as seen from
// Tehran; its leap years follow the sky, not a fixed cycle. We use Borkowski's arithmetic rule (the
// one well-known jalaali libraries use): 33-year cycles re-anchored at a short list of "break" years,
// which reproduces the astronomical calendar exactly from 1 SH to 3177 SH. That is why 1403, not
// 1404, is a leap year, although a plain 33-year cycle would say otherwise.

#include "sim/time.hpp"

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace innosim::sim {

struct JalaliDate {
    int year;  ///< Solar Hijri year (1404 = the year starting 2025-03-21)
    int month; ///< 1 (Farvardin) .. 12 (Esfand)
    int day;   ///< 1 .. 31
    friend bool operator==(const JalaliDate&, const JalaliDate&) = default;
    friend auto operator<=>(const JalaliDate&, const JalaliDate&) = default;
};

struct GregorianDate {
    int year;  ///< proleptic Gregorian year
    int month; ///< 1 (January) .. 12 (December)
    int day;   ///< 1 .. 31
    friend bool operator==(const GregorianDate&, const GregorianDate&) = default;
    friend auto operator<=>(const GregorianDate&, const GregorianDate&) = default;
};

/// Years that parse_jalali() accepts; the conversions themselves work from 1 SH to 3177 SH.
inline constexpr int kMinJalaliYear = 1200;
inline constexpr int kMaxJalaliYear = 1600;

// [SECTION] Years and months

bool is_jalali_leap_year(int year);
/// 31 days for months 1..6, 30 for 7..11, Esfand 29 or 30 (leap).
int jalali_month_length(int year, int month);
bool is_gregorian_leap_year(int year);
int gregorian_month_length(int year, int month);
bool is_valid(JalaliDate date);
bool is_valid(GregorianDate date);

// [SECTION] Day numbers (Julian Day Number: whole days, 2025-03-21 = 2460756)

/// The date must be valid (is_valid) and within 1..3177 SH; throws std::out_of_range otherwise.
std::int64_t to_day_number(JalaliDate date);
std::int64_t to_day_number(GregorianDate date);
JalaliDate jalali_from_day_number(std::int64_t day_number);
GregorianDate gregorian_from_day_number(std::int64_t day_number);
JalaliDate to_jalali(GregorianDate date);
GregorianDate to_gregorian(JalaliDate date);

// [SECTION] Names

/// The Iranian week starts on Saturday; the enum's order is the week's order.
enum class Weekday { Saturday, Sunday, Monday, Tuesday, Wednesday, Thursday, Friday };

Weekday weekday(std::int64_t day_number);
/// English name: "Friday".
std::string_view weekday_name(Weekday day);
/// Transliterated Persian name: "Jomeh" (Friday), "Shanbeh" (Saturday).
std::string_view persian_weekday_name(Weekday day);
/// Transliterated: 1 = "Farvardin" .. 12 = "Esfand". Throws std::out_of_range outside 1..12.
std::string_view jalali_month_name(int month);
/// 1 = "January" .. 12 = "December". Throws std::out_of_range outside 1..12.
std::string_view gregorian_month_name(int month);

// [SECTION] Text

/// "1404/01/01" (one- or two-digit month and day accepted; Persian digits too: "۱۴۰۴/۰۱/۰۱"). Throws
/// innosim::InputError saying why the text is not a date: its shape, a month or day out of range
/// (naming leap years), a year outside kMinJalaliYear..kMaxJalaliYear, or a Gregorian date (with
/// the Solar Hijri date it stands for).
JalaliDate parse_jalali(std::string_view text);
/// "2025-03-21", with the same checks; the date must fall within Solar Hijri kMinJalaliYear..kMaxJalaliYear.
GregorianDate parse_gregorian(std::string_view text);
/// "1404/01/01"
std::string format(JalaliDate date);
/// "2025-03-21"
std::string format(GregorianDate date);

// [SECTION] Sim time

/// Maps ticks since a run's start onto Solar Hijri dates. Tick 0 is the first instant of `start`
/// (midnight); every day has exactly kTicksPerDay ticks (civil dates only, no time zones or DST).
class Calendar {
public:
    /// `start` must be a valid date (throws innosim::InputError otherwise).
    explicit Calendar(JalaliDate start);

    /// The first tick of `date`; negative for dates before the start.
    Ticks to_ticks(JalaliDate date) const;
    /// The date the tick falls on.
    JalaliDate date_at(Ticks time) const;
    /// Julian Day Number of the day the tick falls on.
    std::int64_t day_number_at(Ticks time) const { return start_day_number_ + day_index(time); }
    JalaliDate start() const { return start_; }
    std::int64_t start_day_number() const { return start_day_number_; }
    /// The first tick of the month after the one `time` falls in (strictly later than `time`).
    Ticks start_of_next_month(Ticks time) const;
    /// The first tick of 1 Farvardin after `time` (strictly later than `time`).
    Ticks start_of_next_year(Ticks time) const;
    /// Calendar months since the start month: 0 for the start month (even if the run starts mid-month),
    /// 1 from the 1st of the next month on. Negative before the start month. For monthly periods.
    int month_index(Ticks time) const;

private:
    JalaliDate start_;
    std::int64_t start_day_number_;
};

} // namespace innosim::sim

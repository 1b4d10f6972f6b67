#pragma once

#include <cmath>
#include <cstdint>

namespace innosim::sim {

/// Simulation time: an integer count of microseconds since the run's start. Never a double, so
/// float drift cannot reorder events; fine enough that PHOLD (a unit = one day) has no ties.
using Ticks = std::int64_t;

inline constexpr Ticks kTicksPerSecond = 1'000'000;
inline constexpr Ticks kTicksPerDay = 86'400 * kTicksPerSecond;
inline constexpr Ticks kNever = INT64_MAX;

/// Whole days as ticks.
constexpr Ticks days(std::int64_t whole_days) {
    return whole_days * kTicksPerDay;
}

/// Fractional days as ticks, rounded to the nearest tick.
inline Ticks days_to_ticks(double fractional_days) {
    return static_cast<Ticks>(std::llround(fractional_days * static_cast<double>(kTicksPerDay)));
}

/// Ticks as fractional days.
constexpr double to_days(Ticks t) {
    return static_cast<double>(t) / static_cast<double>(kTicksPerDay);
}

/// The day index (0 = the run's first day) a tick falls on.
constexpr std::int64_t day_index(Ticks t) {
    return t >= 0 ? t / kTicksPerDay : (t - kTicksPerDay + 1) / kTicksPerDay;
}

/// Average Gregorian/Jalali year and month, for rates given "per year" or "per month".
inline constexpr double kDaysPerYear = 365.2425;
inline constexpr double kDaysPerMonth = kDaysPerYear / 12.0;

} // namespace innosim::sim

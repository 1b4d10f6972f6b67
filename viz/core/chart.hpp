#pragma once

// Chart arithmetic without a GPU: "nice" value axes (1-2-5 steps), Solar Hijri time axes
// (year and month ticks thinned to fit the pixels), and the linear maps between data and pixels.

#include "sim/calendar.hpp"
#include "viz/core/types.hpp"

#include <string>
#include <vector>

namespace innosim::viz {

/// An axis range extended to round numbers, with a round step between ticks.
struct NiceScale {
    double min = 0;  ///< data units, a multiple of step
    double max = 1;  ///< data units, a multiple of step
    double step = 1; ///< data units: 1, 2 or 5 times a power of ten
};

/// Extends [lo, hi] to round numbers with about `target_ticks` intervals. An empty or inverted
/// range is widened around lo, so callers can pass a flat series. Non-finite input gives [0, 1].
NiceScale nice_scale(double lo, double hi, int target_ticks);
/// The tick values of a scale, min to max inclusive.
std::vector<double> tick_values(const NiceScale& scale);

/// Maps data values onto pixels linearly (and back).
struct LinearMap {
    double d0 = 0; ///< data value at p0
    double d1 = 1; ///< data value at p1
    float p0 = 0;  ///< px
    float p1 = 1;  ///< px
    float operator()(double d) const {
        return d1 == d0 ? p0 : p0 + static_cast<float>((d - d0) / (d1 - d0)) * (p1 - p0);
    }
    double inverse(float p) const { return p1 == p0 ? d0 : d0 + (d1 - d0) * static_cast<double>((p - p0) / (p1 - p0)); }
};

/// A tick on a time axis.
struct TimeTick {
    Ticks time = 0;     ///< ticks
    bool major = false; ///< a year boundary (1 Farvardin)
    std::string label;  ///< "1403", "Mehr", or empty when there is no room
};

/// Year and month ticks between `from` and `to` for an axis `width_px` wide: years always get a
/// tick (and a label when `min_label_px` allows), months get ticks when they are at least 4 px
/// apart and labels when there is room: every month's name, or only the quarters' (Tir, Mehr, Dey).
std::vector<TimeTick> time_ticks(const sim::Calendar& calendar, Ticks from, Ticks to, float width_px,
                                 float min_label_px);

} // namespace innosim::viz

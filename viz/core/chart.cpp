#include "viz/core/chart.hpp"

#include <algorithm>
#include <cmath>

namespace innosim::viz {

namespace {

/// The smallest 1-2-5 x 10^k at or above x (x > 0).
double nice_step(double x) {
    const double exponent = std::floor(std::log10(x));
    const double base = std::pow(10.0, exponent);
    const double fraction = x / base;
    double nice = 10;
    if (fraction <= 1.0 + 1e-9) {
        nice = 1;
    } else if (fraction <= 2.0 + 1e-9) {
        nice = 2;
    } else if (fraction <= 5.0 + 1e-9) {
        nice = 5;
    }
    return nice * base;
}

} // namespace

NiceScale nice_scale(double lo, double hi, int target_ticks) {
    if (!std::isfinite(lo) || !std::isfinite(hi)) {
        return {};
    }
    if (hi < lo) {
        std::swap(lo, hi);
    }
    if (hi - lo <= std::abs(hi) * 1e-12) {
        // A flat series: give it room around its value (or [0, 1] around zero).
        const double pad = lo == 0 ? 1.0 : std::abs(lo) * 0.5;
        lo = lo >= 0 && lo - pad < 0 ? 0 : lo - pad;
        hi = hi + pad;
    }
    const int intervals = std::max(1, target_ticks);
    const double step = nice_step((hi - lo) / intervals);
    NiceScale scale;
    scale.step = step;
    scale.min = std::floor(lo / step + 1e-9) * step;
    scale.max = std::ceil(hi / step - 1e-9) * step;
    if (scale.max <= scale.min) {
        scale.max = scale.min + step;
    }
    return scale;
}

std::vector<double> tick_values(const NiceScale& scale) {
    std::vector<double> ticks;
    if (scale.step <= 0) {
        return ticks;
    }
    const auto count = static_cast<long>(std::llround((scale.max - scale.min) / scale.step));
    for (long i = 0; i <= count && i <= 1000; ++i) {
        double v = scale.min + static_cast<double>(i) * scale.step;
        if (std::abs(v) < scale.step * 1e-9) {
            v = 0; // no "-0"
        }
        ticks.push_back(v);
    }
    return ticks;
}

std::vector<TimeTick> time_ticks(const sim::Calendar& calendar, Ticks from, Ticks to, float width_px,
                                 float min_label_px) {
    std::vector<TimeTick> ticks;
    if (to <= from || width_px <= 0) {
        return ticks;
    }
    const double px_per_day = static_cast<double>(width_px) / sim::to_days(to - from);
    const double month_px = px_per_day * sim::kDaysPerMonth;
    const double year_px = px_per_day * sim::kDaysPerYear;
    const bool months = month_px >= 4.0;
    const bool month_names = month_px >= 3.2 * min_label_px;
    // Month initials would be ambiguous (four months start with M or A): when every month does not
    // fit, name the quarters' first months (Tir, Mehr, Dey) instead.
    const bool quarter_names = !month_names && 3.0 * month_px >= 3.2 * min_label_px;
    // When years are tight, label every 2nd or 5th one.
    int year_every = 1;
    while (year_every < 1000 && year_px * year_every < min_label_px * 1.6) {
        year_every = year_every == 1 ? 2 : (year_every == 2 ? 5 : year_every * 2);
    }

    // Start at the first month boundary at or after `from`.
    const sim::JalaliDate first = calendar.date_at(from);
    Ticks t = calendar.to_ticks({first.year, first.month, 1});
    if (t < from) {
        t = calendar.start_of_next_month(t);
    }
    for (; t <= to; t = calendar.start_of_next_month(t)) {
        const sim::JalaliDate date = calendar.date_at(t);
        TimeTick tick;
        tick.time = t;
        tick.major = date.month == 1;
        if (tick.major) {
            if (date.year % year_every == 0) {
                tick.label = std::to_string(date.year);
            }
        } else if (!months) {
            continue;
        } else if (month_names) {
            tick.label = std::string(sim::jalali_month_name(date.month));
        } else if (quarter_names && date.month % 3 == 1) {
            tick.label = std::string(sim::jalali_month_name(date.month));
        }
        ticks.push_back(std::move(tick));
    }
    return ticks;
}

} // namespace innosim::viz

#include "tools/studies/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace innosim::studies {

namespace {

std::string num(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f", v);
    return buffer;
}

std::string truncate(const std::string& text, std::size_t width) {
    return text.size() <= width ? text : text.substr(0, width - 1) + "\u2026";
}

/// Linear map of [d0, d1] onto [r0, r1].
struct Scale {
    double d0, d1, r0, r1;
    double operator()(double v) const { return d1 == d0 ? (r0 + r1) / 2 : r0 + (v - d0) * (r1 - r0) / (d1 - d0); }
};

/// The frame and title; `unit` (what the value axis counts in) at the title line's right end.
std::string open_svg(double width, double height, const std::string& title, const std::string& unit = {}) {
    std::string out = "<svg class=\"chart\" viewBox=\"0 0 " + num(width) + " " + num(height) +
                      "\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"" + html_escape(title) +
                      (unit.empty() ? "" : ", " + html_escape(unit)) + "\">";
    out += "<text class=\"t\" x=\"4\" y=\"16\">" + html_escape(title) + "</text>";
    if (!unit.empty()) {
        out += "<text class=\"lab unit\" x=\"" + num(width - 4) + "\" y=\"16\" text-anchor=\"end\">" +
               html_escape(unit) + "</text>";
    }
    return out;
}

std::string text(double x, double y, const std::string& content, const char* cls, const char* anchor = "start") {
    return "<text class=\"" + std::string(cls) + "\" x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" +
           anchor + "\">" + html_escape(content) + "</text>";
}

std::string line(double x1, double y1, double x2, double y2, const char* cls) {
    return "<line class=\"" + std::string(cls) + "\" x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) +
           "\" y2=\"" + num(y2) + "\"/>";
}

std::string rect(double x, double y, double w, double h, const std::string& color, const std::string& tip,
                 const char* extra = "") {
    return "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(std::max(0.0, w)) + "\" height=\"" +
           num(h) + "\" fill=\"" + color + "\"" + extra + "><title>" + html_escape(tip) + "</title></rect>";
}

/// The value range of everything finite in `values`, widened so it is never empty.
std::pair<double, double> extent(const std::vector<double>& values, bool include_zero) {
    double low = include_zero ? 0 : std::numeric_limits<double>::infinity();
    double high = include_zero ? 0 : -std::numeric_limits<double>::infinity();
    for (const double v : values) {
        if (std::isfinite(v)) {
            low = std::min(low, v);
            high = std::max(high, v);
        }
    }
    if (!std::isfinite(low)) {
        return {0, 1};
    }
    if (low == high) {
        const double pad = low == 0 ? 1 : std::fabs(low) * 0.1;
        return {low - pad, high + pad};
    }
    return {low, high};
}

/// Tick labels by `format`, or by more significant digits if `format` makes two of them equal
/// (a KPI that barely varies around a large value).
std::vector<std::string> tick_labels(const std::vector<double>& ticks, const ValueFormat& format) {
    std::vector<std::string> labels;
    for (const double t : ticks) {
        labels.push_back(format(t));
    }
    for (int digits = 4; digits <= 12; ++digits) {
        if (std::adjacent_find(labels.begin(), labels.end()) == labels.end()) {
            break;
        }
        labels.clear();
        for (const double t : ticks) {
            char buffer[40];
            std::snprintf(buffer, sizeof buffer, "%.*g", digits, t);
            labels.emplace_back(buffer);
        }
    }
    return labels;
}

/// Horizontal value axis with ticks at the bottom of a plot area.
std::string x_axis(const Scale& x, double y, const std::vector<double>& ticks, const ValueFormat& format,
                   double grid_top) {
    std::string out;
    const std::vector<std::string> labels = tick_labels(ticks, format);
    for (std::size_t i = 0; i < ticks.size(); ++i) {
        out += line(x(ticks[i]), grid_top, x(ticks[i]), y, "grid");
        out += text(x(ticks[i]), y + 12, labels[i], "lab", "middle");
    }
    return out + line(x.r0, y, x.r1, y, "axis");
}

} // namespace

std::string palette(std::size_t i) {
    // Okabe-Ito first (colour-blind safe), then Tableau tones.
    static constexpr const char* kColors[] = {"#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9",
                                              "#8C6D31", "#332288", "#7F7F7F", "#BCBD22", "#17BECF", "#9467BD"};
    return kColors[i % (sizeof kColors / sizeof kColors[0])];
}

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string short_number(double value) {
    if (!std::isfinite(value)) {
        return "n/a";
    }
    const double magnitude = std::fabs(value);
    const char* suffix = "";
    double scaled = value;
    if (magnitude >= 1e12) {
        scaled = value / 1e12;
        suffix = "T";
    } else if (magnitude >= 1e9) {
        scaled = value / 1e9;
        suffix = "bn";
    } else if (magnitude >= 1e6) {
        scaled = value / 1e6;
        suffix = "M";
    } else if (magnitude >= 1e4) {
        scaled = value / 1e3;
        suffix = "k";
    }
    scaled = std::round(scaled * 1e6) / 1e6; // 15.000000000000002 is 15
    char buffer[32];
    const double m = std::fabs(scaled);
    std::snprintf(buffer, sizeof buffer, m >= 100 || m == std::round(m) ? "%.0f" : m >= 10 ? "%.1f" : "%.2f", scaled);
    std::string out = buffer;
    if (out.find('.') != std::string::npos) {
        out.erase(out.find_last_not_of('0') + 1);
        if (out.back() == '.') {
            out.pop_back();
        }
    }
    return (out == "-0" ? "0" : out) + suffix;
}

std::vector<double> nice_ticks(double low, double high, int count) {
    if (!(high > low) || count < 2) {
        return {low};
    }
    const double raw = (high - low) / (count - 1);
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    double step = power;
    for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (m * power >= raw) {
            step = m * power;
            break;
        }
    }
    std::vector<double> ticks;
    for (double t = std::floor(low / step) * step; t <= high + step * 0.5; t += step) {
        ticks.push_back(std::fabs(t) < step * 1e-9 ? 0 : t);
        if (ticks.size() > 20) {
            break;
        }
    }
    return ticks;
}

std::string render_line_chart(const LineChart& chart) {
    constexpr double kWidth = 380, kHeight = 230, kLeft = 52, kRight = 12, kTop = 28, kBottom = 26;
    std::vector<double> all;
    std::size_t n = chart.x_ticks.size();
    for (const LineSeries& s : chart.series) {
        all.insert(all.end(), s.mean.begin(), s.mean.end());
        all.insert(all.end(), s.low.begin(), s.low.end());
        all.insert(all.end(), s.high.begin(), s.high.end());
        n = std::max(n, s.mean.size());
    }
    auto [low, high] = extent(all, false);
    const std::vector<double> ticks = nice_ticks(low, high, 5);
    low = std::min(low, ticks.front());
    high = std::max(high, ticks.back());
    const Scale x{0, static_cast<double>(std::max<std::size_t>(1, n) - 1), kLeft, kWidth - kRight};
    const Scale y{low, high, kHeight - kBottom, kTop};
    std::string out = open_svg(kWidth, kHeight, chart.title, chart.unit);
    const std::vector<std::string> labels = tick_labels(ticks, chart.format);
    for (std::size_t i = 0; i < ticks.size(); ++i) {
        out += line(kLeft, y(ticks[i]), kWidth - kRight, y(ticks[i]), "grid");
        out += text(kLeft - 4, y(ticks[i]) + 3, labels[i], "lab", "end");
    }
    for (std::size_t i = 0; i < chart.x_ticks.size(); ++i) {
        if (!chart.x_ticks[i].empty()) {
            out += line(x(static_cast<double>(i)), kHeight - kBottom, x(static_cast<double>(i)), kHeight - kBottom + 3,
                        "axis");
            out += text(x(static_cast<double>(i)), kHeight - kBottom + 14, chart.x_ticks[i], "lab", "middle");
        }
    }
    out += line(kLeft, kHeight - kBottom, kWidth - kRight, kHeight - kBottom, "axis");
    if (!chart.x_unit.empty()) {
        out += text(4, kHeight - kBottom + 14, chart.x_unit, "lab small", "start");
    }
    if (chart.marker) {
        const double mx = x(static_cast<double>(*chart.marker));
        out += line(mx, kTop, mx, kHeight - kBottom, "marker");
        out += text(mx - 3, kTop + 8, chart.marker_label, "lab mk", "end");
    }
    for (const LineSeries& s : chart.series) {
        // Confidence band: the upper edge forward, the lower edge back, over finite points.
        std::string upper;
        std::string lower;
        for (std::size_t i = 0; i < s.mean.size() && i < s.low.size() && i < s.high.size(); ++i) {
            if (std::isfinite(s.low[i]) && std::isfinite(s.high[i])) {
                upper += num(x(static_cast<double>(i))) + "," + num(y(s.high[i])) + " ";
                lower = num(x(static_cast<double>(i))) + "," + num(y(s.low[i])) + " " + lower;
            }
        }
        if (!upper.empty()) {
            // Many overlapping bands turn to mud: fainter the more series share the chart.
            const char* opacity = chart.series.size() > 3 ? "0.08" : "0.16";
            out += "<polygon class=\"band\" fill=\"" + s.color + "\" fill-opacity=\"" + opacity + "\" points=\"" +
                   upper + lower + "\"/>";
        }
    }
    for (const LineSeries& s : chart.series) {
        std::string points;
        for (std::size_t i = 0; i < s.mean.size(); ++i) {
            if (std::isfinite(s.mean[i])) {
                points += num(x(static_cast<double>(i))) + "," + num(y(s.mean[i])) + " ";
            }
        }
        out += "<polyline class=\"series\" stroke=\"" + s.color + "\" points=\"" + points + "\"><title>" +
               html_escape(s.name) + "</title></polyline>";
    }
    return out + "</svg>";
}

std::string render_bar_chart(const BarChart& chart) {
    constexpr double kWidth = 380, kLabel = 128, kRight = 14, kTop = 28, kRow = 20, kBottom = 22;
    const bool legend = !chart.legend_outer.empty();
    const double height = kTop + kRow * static_cast<double>(chart.bars.size()) + kBottom + (legend ? 14 : 0);
    std::vector<double> all;
    for (const auto* bars : {&chart.bars, &chart.inner}) {
        for (const Bar& b : *bars) {
            all.insert(all.end(), {b.value, b.low, b.high});
        }
    }
    auto [low, high] = extent(all, true);
    const std::vector<double> ticks = nice_ticks(low, high, 5);
    low = std::min(low, ticks.front());
    high = std::max(high, ticks.back());
    const Scale x{low, high, kLabel, kWidth - kRight};
    const double axis_y = kTop + kRow * static_cast<double>(chart.bars.size());
    std::string out = open_svg(kWidth, height, chart.title, chart.unit);
    out += x_axis(x, axis_y, ticks, chart.format, kTop);
    for (std::size_t i = 0; i < chart.bars.size(); ++i) {
        const Bar& b = chart.bars[i];
        const double top = kTop + kRow * static_cast<double>(i);
        out += text(kLabel - 6, top + kRow / 2 + 3, truncate(b.label, 24), "lab", "end");
        const double x0 = x(std::min(0.0, b.value));
        const double x1 = x(std::max(0.0, b.value));
        out += rect(x0, top + 3, x1 - x0, kRow - 6, b.color, b.label + ": " + chart.format(b.value),
                    i < chart.inner.size() ? " opacity=\"0.35\"" : "");
        if (i < chart.inner.size()) {
            const Bar& inner = chart.inner[i];
            const double i0 = x(std::min(0.0, inner.value));
            const double i1 = x(std::max(0.0, inner.value));
            out += rect(i0, top + 7, i1 - i0, kRow - 14, inner.color, b.label + ": " + chart.format(inner.value));
        }
        for (const Bar* w : {&b, i < chart.inner.size() ? &chart.inner[i] : nullptr}) {
            if (w != nullptr && std::isfinite(w->low) && std::isfinite(w->high)) {
                const double wy = top + kRow / 2 + (w == &b ? -2 : 2);
                out += line(x(w->low), wy, x(w->high), wy, "whisker");
                out += line(x(w->low), wy - 3, x(w->low), wy + 3, "whisker");
                out += line(x(w->high), wy - 3, x(w->high), wy + 3, "whisker");
            }
        }
    }
    if (legend) {
        const double ly = axis_y + 30;
        out += rect(kLabel, ly - 8, 10, 8, chart.bars.empty() ? "#999" : chart.bars[0].color, chart.legend_outer,
                    " opacity=\"0.35\"");
        out += text(kLabel + 14, ly, chart.legend_outer, "lab");
        out +=
            rect(kLabel + 120, ly - 8, 10, 8, chart.inner.empty() ? "#999" : chart.inner[0].color, chart.legend_inner);
        out += text(kLabel + 134, ly, chart.legend_inner, "lab");
    }
    return out + "</svg>";
}

std::string render_tornado(const Tornado& chart) {
    constexpr double kWidth = 380, kLabel = 112, kRight = 14, kTop = 28, kRow = 22, kBottom = 22;
    double span = 0;
    std::vector<double> all = {chart.reference};
    for (const TornadoBar& b : chart.bars) {
        all.insert(all.end(), {b.low, b.high});
        span = std::max(span, b.high - b.low);
    }
    if (!(span > 1e-12 * std::max(1.0, std::fabs(chart.reference)))) {
        std::string out = open_svg(kWidth, 52, chart.title, chart.unit);
        return out +
               text(4, 38, "No lever moves this KPI in this design (" + chart.format(chart.reference) + ").", "lab") +
               "</svg>";
    }
    auto [low, high] = extent(all, false);
    const double pad = (high - low) * 0.06; // room for the level labels outside short bars
    const std::vector<double> ticks = nice_ticks(low - pad, high + pad, 5);
    low = std::min(low - pad, ticks.front());
    high = std::max(high + pad, ticks.back());
    const Scale x{low, high, kLabel, kWidth - kRight};
    const double axis_y = kTop + kRow * static_cast<double>(chart.bars.size());
    std::string out =
        open_svg(kWidth, kTop + kRow * static_cast<double>(chart.bars.size()) + kBottom, chart.title, chart.unit);
    out += x_axis(x, axis_y, ticks, chart.format, kTop);
    const double ref = x(chart.reference);
    for (std::size_t i = 0; i < chart.bars.size(); ++i) {
        const TornadoBar& b = chart.bars[i];
        const double top = kTop + kRow * static_cast<double>(i);
        const double mid = top + kRow / 2 + 3;
        out += text(kLabel - 8, mid, truncate(b.label, 20), "lab", "end");
        const std::string tip = b.label + ": " + chart.format(b.low) + " (" + b.low_label + ") to " +
                                chart.format(b.high) + " (" + b.high_label + ")";
        const double xl = x(b.low);
        const double xh = x(b.high);
        out += rect(std::min(xl, ref), top + 4, std::fabs(ref - xl), kRow - 8, palette(3), tip, " opacity=\"0.85\"");
        out += rect(std::min(xh, ref), top + 4, std::fabs(xh - ref), kRow - 8, palette(0), tip, " opacity=\"0.85\"");
        // Level labels inside the bar ends when they fit, else just outside.
        const double room = 6.0 * static_cast<double>(std::max(b.low_label.size(), b.high_label.size())) + 6;
        out += ref - xl > room ? text(xl + 3, mid, b.low_label, "lab small in")
                               : text(xl - 3, mid, b.low_label, "lab small", "end");
        out += xh - ref > room ? text(xh - 3, mid, b.high_label, "lab small in", "end")
                               : text(xh + 3, mid, b.high_label, "lab small");
    }
    out += line(ref, kTop - 2, ref, axis_y, "marker");
    return out + "</svg>";
}

std::string render_scatter(const Scatter& chart) {
    constexpr double kWidth = 380, kHeight = 250, kLeft = 52, kRight = 16, kTop = 28, kBottom = 34;
    std::vector<double> xs = {0};
    std::vector<double> ys = {0};
    for (const ScatterPoint& p : chart.points) {
        xs.push_back(p.x);
        ys.push_back(p.y);
    }
    auto [x_low, x_high] = extent(xs, true);
    auto [y_low, y_high] = extent(ys, true);
    const std::vector<double> x_ticks = nice_ticks(x_low, x_high * 1.08, 5);
    const std::vector<double> y_ticks = nice_ticks(y_low, y_high * 1.08, 5);
    const Scale x{x_ticks.front(), x_ticks.back(), kLeft, kWidth - kRight};
    const Scale y{y_ticks.front(), y_ticks.back(), kHeight - kBottom, kTop};
    std::string out = open_svg(kWidth, kHeight, chart.title);
    const std::vector<std::string> y_labels = tick_labels(y_ticks, chart.format);
    for (std::size_t i = 0; i < y_ticks.size(); ++i) {
        out += line(kLeft, y(y_ticks[i]), kWidth - kRight, y(y_ticks[i]), "grid");
        out += text(kLeft - 4, y(y_ticks[i]) + 3, y_labels[i], "lab", "end");
    }
    out += x_axis(x, kHeight - kBottom, x_ticks, chart.format, kTop);
    out += text((kLeft + kWidth - kRight) / 2, kHeight - 4, chart.x_name, "lab", "middle");
    out += "<text class=\"lab\" transform=\"translate(10," + num((kTop + kHeight - kBottom) / 2) +
           ") rotate(-90)\" text-anchor=\"middle\">" + html_escape(chart.y_name) + "</text>";
    for (const ScatterPoint& p : chart.points) {
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) {
            continue;
        }
        out += "<circle cx=\"" + num(x(p.x)) + "\" cy=\"" + num(y(p.y)) + "\" r=\"4\" fill=\"" + p.color +
               "\"><title>" + html_escape(p.label + ": " + chart.format(p.x) + ", " + chart.format(p.y)) +
               "</title></circle>";
        // Labels of points in the right part of the plot go to their left, so none runs off the chart.
        const bool left = x(p.x) > kLeft + 0.6 * (kWidth - kRight - kLeft);
        out += text(x(p.x) + (left ? -6 : 6), y(p.y) + 3, truncate(p.label, 22), "lab small", left ? "end" : "start");
    }
    return out + "</svg>";
}

std::string render_stacked_bars(const StackedBars& chart) {
    constexpr double kWidth = 1000, kLabel = 300, kRight = 60, kTop = 28, kRow = 22, kBottom = 22, kLegendRow = 16;
    std::vector<double> totals;
    for (const auto& row : chart.values) {
        double total = 0;
        for (const double v : row) {
            total += std::max(0.0, v);
        }
        totals.push_back(total);
    }
    double high = extent(totals, true).second;
    const std::vector<double> ticks = nice_ticks(0, high, 6);
    high = std::max(high, ticks.back());
    const Scale x{0, high, kLabel, kWidth - kRight};
    const double axis_y = kTop + kRow * static_cast<double>(chart.rows.size());
    const std::size_t per_line = 5;
    const double legend_height = kLegendRow * std::ceil(static_cast<double>(chart.part_names.size()) / per_line);
    std::string out = open_svg(kWidth, axis_y + kBottom + legend_height + 10, chart.title, chart.unit);
    out += x_axis(x, axis_y, ticks, chart.format, kTop);
    for (std::size_t r = 0; r < chart.rows.size(); ++r) {
        const double top = kTop + kRow * static_cast<double>(r);
        out += text(kLabel - 6, top + kRow / 2 + 3, truncate(chart.rows[r], 46), "lab", "end");
        double at = 0;
        for (std::size_t p = 0; p < chart.values[r].size() && p < chart.part_names.size(); ++p) {
            const double v = std::max(0.0, chart.values[r][p]);
            if (v <= 0) {
                continue;
            }
            out += rect(x(at), top + 3, x(at + v) - x(at), kRow - 6, chart.part_colors[p],
                        chart.rows[r] + " / " + chart.part_names[p] + ": " + chart.format(v));
            at += v;
        }
        out += text(x(at) + 4, top + kRow / 2 + 3, chart.format(at), "lab small");
    }
    for (std::size_t p = 0; p < chart.part_names.size(); ++p) {
        const double lx = kLabel + static_cast<double>(p % per_line) * 140;
        const double ly = axis_y + kBottom + 12 + kLegendRow * static_cast<double>(p / per_line);
        out += rect(lx, ly - 9, 10, 10, chart.part_colors[p], chart.part_names[p]);
        out += text(lx + 14, ly, chart.part_names[p], "lab");
    }
    return out + "</svg>";
}

} // namespace innosim::studies

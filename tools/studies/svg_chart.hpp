#pragma once

// Small inline-SVG charts for the HTML report: no script, no external assets, scalable (viewBox),
// styled by the page's CSS classes (axis, grid, label, ...).

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace innosim::studies {

/// Formats an axis or bar value.
using ValueFormat = std::function<std::string(double)>;

/// The i-th colour of the report's qualitative palette (colour-blind safe first eight).
std::string palette(std::size_t i);
/// Text safe inside HTML and SVG.
std::string html_escape(std::string_view text);
/// 1.2k, 3.4M, 5.6bn; up to three significant digits.
std::string short_number(double value);
/// About `count` round tick values covering [low, high].
std::vector<double> nice_ticks(double low, double high, int count);

struct LineSeries {
    std::string name;
    std::string color;
    std::vector<double> mean; ///< per x index; NaN = gap
    std::vector<double> low;  ///< band lower edge per x (empty or NaN: no band)
    std::vector<double> high; ///< band upper edge per x
};

struct LineChart {
    std::string title;
    std::vector<std::string> x_ticks;  ///< per x index: a label to draw, or empty
    std::optional<std::size_t> marker; ///< x index of a dashed vertical marker
    std::string marker_label;
    std::vector<LineSeries> series;
    ValueFormat format = short_number;
    std::string unit;   ///< what the value axis counts in ("bn Rial", "%", "jobs"), drawn by the title
    std::string x_unit; ///< the x axis's ticks ("year"), drawn left of them
};
std::string render_line_chart(const LineChart& chart);

struct Bar {
    std::string label;
    double value = 0;
    double low = 0; ///< interval; NaN: none
    double high = 0;
    std::string color;
};
/// Horizontal bars from zero, with interval whiskers; a second value per bar draws a thinner bar
/// inside (Sobol first-order inside total).
struct BarChart {
    std::string title;
    std::vector<Bar> bars;
    std::vector<Bar> inner; ///< optional, same size as bars
    std::string legend_outer;
    std::string legend_inner;
    ValueFormat format = short_number;
    std::string unit; ///< what the value axis counts in, drawn by the title
};
std::string render_bar_chart(const BarChart& chart);

/// A tornado: one bar per lever spanning [low, high] around a reference line.
struct TornadoBar {
    std::string label;
    double low = 0;
    double high = 0;
    std::string low_label; ///< the lever level giving `low`
    std::string high_label;
};
struct Tornado {
    std::string title;
    double reference = 0; ///< the overall mean
    std::vector<TornadoBar> bars;
    ValueFormat format = short_number;
    std::string unit; ///< what the value axis counts in, drawn by the title
};
std::string render_tornado(const Tornado& chart);

struct ScatterPoint {
    std::string label;
    double x = 0;
    double y = 0;
    std::string color;
};
struct Scatter {
    std::string title;
    std::string x_name;
    std::string y_name;
    std::vector<ScatterPoint> points;
    ValueFormat format = short_number;
};
std::string render_scatter(const Scatter& chart);

/// Horizontal stacked bars: one row per group, one segment per part.
struct StackedBars {
    std::string title;
    std::vector<std::string> part_names;
    std::vector<std::string> part_colors;
    std::vector<std::string> rows;           ///< group labels
    std::vector<std::vector<double>> values; ///< [row][part], >= 0
    ValueFormat format = short_number;
    std::string unit; ///< what the value axis counts in, drawn by the title
};
std::string render_stacked_bars(const StackedBars& chart);

} // namespace innosim::studies

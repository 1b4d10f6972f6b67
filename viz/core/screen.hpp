#pragma once

// Sizes in units of the window, and the layout check.
//
// Sizes: the interface grows with the window, so text is the same share of the screen at
// 1024x768 and at 1920x1080 (a projector's back row reads the same), and the user scale
// (Ctrl +/-) nudges it from there.
//
// The layout check: the panels record every label they place (its box, the area it must stay in,
// its text); layout_problems says which ones leave their area (clipped on screen) or overlap
// another (innosim-viz --check-layout, run by the tests at 1024x768, 1280x800 and 1920x1080 in
// both languages).

#include "viz/core/types.hpp"

#include <string>
#include <vector>

namespace innosim::viz {

/// The reference window the interface is designed at (px): its scale is 1.
inline constexpr float kReferenceWidth = 1100.0f;
inline constexpr float kReferenceHeight = 800.0f;

/// The scale a window of `width` x `height` px gets: its height over 800 px, narrowed for a window
/// less than 1100 px wide per 800 tall, within 0.9..4 (smaller than 0.9 is illegible on a
/// projector), in steps of 0.05 so that resizing rebuilds the fonts a few times, not every pixel.
float window_scale(float width, float height);

/// One label as a panel placed it.
struct LabelBox {
    RectF box;        ///< px: the text's extent
    RectF bounds;     ///< px: where it must stay (its panel, chart cell or column)
    std::string area; ///< the panel it belongs to ("map", "kpis"...)
    std::string text; ///< as drawn (visual order for right-to-left text)
};

struct LayoutProblem {
    enum class Kind { Outside, Overlap };
    Kind kind = Kind::Outside;
    std::size_t label = 0; ///< index into the labels checked
    std::size_t other = 0; ///< Overlap: the label it overlaps (other < label)
    float by = 0;          ///< px: how far it leaves its bounds, or the overlap's smaller side
};

/// Overlaps and boxes outside their bounds of more than `tolerance` px (text boxes carry a line's
/// leading, so a pixel or two of contact is not a collision on screen). Labels with empty text
/// are ignored.
std::vector<LayoutProblem> layout_problems(const std::vector<LabelBox>& labels, float tolerance = 1.5f);

/// "kpis: 'Jobs' [10,20 40x15] leaves its area [0,0 45x30] by 5 px" / "... overlaps map: 'District 9' [...]".
std::string describe(const LayoutProblem& problem, const std::vector<LabelBox>& labels);

} // namespace innosim::viz

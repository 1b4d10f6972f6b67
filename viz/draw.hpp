#pragma once

// Drawing helpers on ImDrawList shared by the panels: panel windows at fixed rectangles, dashed
// lines, fast discs for thousands of firms, icon buttons drawn as shapes (crisp at any scale),
// and the time-series chart used by the KPI panel and the presentation cards.

#include "viz/app_state.hpp"

#include <imgui.h>

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace innosim::viz::draw {

inline ImVec2 iv(Vec2f p) {
    return {p.x, p.y};
}

/// Begins a window placed at `rect`, records the rectangle for panel export. Always pair with
/// end_panel(); returns false when the window is collapsed or clipped.
bool begin_panel(AppState& state, Panel panel, const char* title, RectF rect, ImGuiWindowFlags extra = 0);
void end_panel();

void dashed_line(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 colour, float thickness, float dash, float gap);
/// A filled disc without anti-aliasing fringe and with few segments: cheap for 10k firms.
void fast_disc(ImDrawList* dl, ImVec2 centre, float radius, ImU32 colour);
/// An anti-aliased disc as one textured quad from the atlas sprites (falls back to fast_disc).
void sprite_disc(ImDrawList* dl, const theme::Sprites& sprites, ImVec2 centre, float radius, ImU32 colour);
/// A soft glow (alpha falling off to the rim) as one textured quad.
void sprite_glow(ImDrawList* dl, const theme::Sprites& sprites, ImVec2 centre, float radius, ImU32 colour);
/// A soft glow: one disc whose colour fades from `inner` at the centre to `outer` at the rim.
void radial_disc(ImDrawList* dl, ImVec2 centre, float radius, ImU32 inner, ImU32 outer, int segments = 48);
/// Registers a solid rounded rectangle filled by main before ImGui renders (see Backdrop) and
/// draws its corners into the background draw list.
void backdrop(AppState& state, RectF rect, unsigned rgb, unsigned outside_rgb, float rounding);
/// Draws `text` at `pos` and, for the layout check, records its box against `bounds` (default: the
/// draw list's clip rectangle, the area where anything past it is cut off).
void label(AppState& state, ImDrawList* dl, ImFont* font, float size, ImVec2 pos, ImU32 colour, const char* text,
           std::optional<RectF> bounds = std::nullopt);
/// Records the last ImGui item (a text or button placed by hand) for the layout check, against the
/// current window's work area.
void note_item(AppState& state, const char* text);
/// Records a box drawn some other way (wrapped text, a shadowed label).
void note_box(AppState& state, RectF box, const char* text, std::optional<RectF> bounds = std::nullopt);
/// Text with a dark shadow so it reads on any background.
void shadow_text(ImDrawList* dl, ImFont* font, float size, ImVec2 pos, ImU32 colour, const char* text);
ImVec2 text_size(ImFont* font, float size, const char* text);
/// Truncates with "…" to fit `width` px.
std::string elide(ImFont* font, float size, const std::string& text, float width);
/// `text` (logical order) broken at spaces into lines of at most `width` px, at most `max_lines`
/// of them (the last elided if the rest does not fit); a word wider than `width` is elided.
std::vector<std::string> wrap(ImFont* font, float size, const std::string& text, float width, int max_lines);

enum class Icon { Play, Pause, StepBack, StepForward, Home, End };
bool icon_button(const char* id, Icon icon, float size, const char* tooltip);

/// One series of a time chart.
struct Series {
    const std::vector<Ticks>* times = nullptr; ///< ticks on the chart's clock
    std::vector<double> values;                ///< same length as times
    std::size_t first = 0;                     ///< drawn from this point on (a branch: from its fork)
    ImU32 colour = 0;
    bool dashed = false;
    const char* name = "";
    /// The futures behind the line (an ensemble's 5-95% and 25-75% bands), ticks on the chart's
    /// clock; none for a run of one replication.
    const io::Band* band = nullptr;
    Ticks band_offset = 0; ///< ticks added to the band's times (B's clock onto A's)
};

struct ChartStyle {
    bool axes = true;  ///< value and time axes with labels (false: sparkline)
    bool hover = true; ///< read-out under the mouse
    float line_width = 2.0f;
    bool around_data = false; ///< the value axis spans the data (and zero, drawn as a line), not zero upwards
};

/// A time chart at `rect`: nice value ticks, Solar Hijri year/month ticks, the horizon, targets
/// (dashed), the cursor. Returns nothing; draws into the current window's draw list.
void time_chart(AppState& state, const char* id, RectF rect, const KpiDesc& kpi, std::span<const Series> series,
                const std::vector<double>& targets, const ChartStyle& style);

} // namespace innosim::viz::draw

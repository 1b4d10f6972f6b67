#pragma once

// The viewer's look: a dark theme and a high-contrast light one for bright rooms (a projector
// washes dark greys out), palettes whose stage colours differ in hue and lightness, and the
// DejaVu Sans fonts (with Noto Sans Arabic) at the current UI scale.

#include "sim/proto/run.pb.h"

#include <imgui.h>

#include <optional>
#include <string_view>

namespace innosim::viz::theme {

// [SECTION] Palette (IM_COL32 is ABGR; these helpers keep RGB readable)

constexpr ImU32 rgb(unsigned rgb_hex, float alpha = 1.0f) {
    const auto a = static_cast<unsigned>(alpha < 0 ? 0 : (alpha > 1 ? 255 : alpha * 255.0f + 0.5f));
    return (a << 24) | ((rgb_hex & 0xFF) << 16) | (rgb_hex & 0xFF00) | ((rgb_hex >> 16) & 0xFF);
}

/// The colours of one theme (0xRRGGBB).
struct Palette {
    unsigned background; ///< around the panels
    unsigned panel;      ///< panel windows
    unsigned canvas;     ///< inside panels: the map, chart cells
    unsigned text;
    unsigned text_dim; ///< secondary text (still 7:1 on the panel in the light theme)
    unsigned grid;
    unsigned axis;
    unsigned cursor;
    unsigned horizon;
    unsigned target;
    unsigned run_a;
    unsigned run_b;
    unsigned district_glow; ///< a district's soft disc
    unsigned district_ring;
    unsigned district_label;
    unsigned department;
    unsigned factory;
    unsigned factory_ink; ///< the hall's windows
    unsigned municipality;
    unsigned good;
    unsigned bad;
    unsigned chapter;
    unsigned popup;  ///< popups, callouts
    unsigned menu;   ///< the menu bar
    unsigned rim;    ///< the ring around certified firms and the firm under the mouse
    unsigned shadow; ///< behind shadowed labels
    unsigned frame;  ///< input fields
    unsigned button;
    unsigned border;
    bool light; ///< dark text on light panels
};

enum class ThemeKind { Dark, Light };
/// "dark", "light"; nothing for anything else.
std::optional<ThemeKind> parse_theme(std::string_view name);
std::string_view theme_name(ThemeKind kind);

/// The theme in use (dark until set_theme); panels read it every frame.
const Palette& c();
ThemeKind current_theme();
/// Switches the palette; call apply_style after it (main does when the theme changes).
void set_theme(ThemeKind kind);

ImU32 stage_colour(run::Stage stage, float alpha = 1.0f);
ImU32 category_colour(int category, float alpha = 1.0f);
ImU32 funder_colour(int funder_kind, float alpha = 1.0f);
ImU32 reason_colour(run::Reason reason, float alpha = 1.0f);
ImU32 event_kind_colour(run::EventKind kind, float alpha = 1.0f);
/// For Sankey sources that are not funders (departments, founders, the municipality...).
ImU32 agent_kind_colour(int agent_kind, float alpha = 1.0f);
ImVec4 to_vec4(ImU32 colour);

// [SECTION] Style and fonts

/// Sets ImGui's style for `scale` (spacing, rounding and colours).
void apply_style(float scale);

/// Round sprites baked into the font atlas: a firm's dot is one textured triangle and a glow one
/// textured quad, instead of fans of 10-50 triangles, which is what software GL pays for.
struct Sprites {
    static constexpr int kDiscSizes[4] = {8, 16, 32, 64}; ///< px: disc diameters, picked by size
    int disc_ids[4] = {-1, -1, -1, -1};                   ///< atlas custom-rect ids
    int glow_id = -1;
    ImVec2 disc_centre[4];    ///< uv of each disc's centre
    ImVec2 disc_uv_radius[4]; ///< uv per disc radius, on each axis
    ImVec2 glow_uv[2];        ///< uv min/max of the glow, inset a texel so filtering stays inside
    bool ready = false;
};

struct Fonts {
    ImFont* body = nullptr;   ///< UI text
    ImFont* bold = nullptr;   ///< headings, numbers
    ImFont* large = nullptr;  ///< KPI cards, dates
    ImFont* huge = nullptr;   ///< presentation captions
    bool dejavu = false;      ///< false when DejaVu Sans was missing and ImGui's default font is used
    ImVector<ImWchar> ranges; ///< glyph ranges the atlas refers to while it builds
    Sprites sprites;
};

/// Rebuilds the font atlas into `fonts` for `scale` (the caller re-uploads the texture). Falls back
/// to ImGui's built-in font when fonts-dejavu-core is not installed.
void load_fonts(float scale, Fonts& fonts);
/// Builds the atlas and paints the sprites into it; call after load_fonts, before uploading it.
void bake_sprites(Fonts& fonts);

} // namespace innosim::viz::theme

#pragma once

// The viewer's look: one dark theme, a palette that reads on a projector (stage colours differ in
// hue and lightness), and the DejaVu Sans fonts at the current UI scale.

#include "sim/proto/run.pb.h"

#include <imgui.h>

namespace innosim::viz::theme {

// [SECTION] Palette (IM_COL32 is ABGR; these helpers keep RGB readable)

constexpr ImU32 rgb(unsigned rgb_hex, float alpha = 1.0f) {
    const auto a = static_cast<unsigned>(alpha < 0 ? 0 : (alpha > 1 ? 255 : alpha * 255.0f + 0.5f));
    return (a << 24) | ((rgb_hex & 0xFF) << 16) | (rgb_hex & 0xFF00) | ((rgb_hex >> 16) & 0xFF);
}

inline constexpr unsigned kBackground = 0x0D1117;
inline constexpr unsigned kPanel = 0x151B23;
inline constexpr unsigned kCanvas = 0x0F141B; ///< inside panels: the map, chart cells
inline constexpr unsigned kText = 0xE6EDF3;
inline constexpr unsigned kTextDim = 0x8B98A5;
inline constexpr unsigned kGrid = 0x263040;
inline constexpr unsigned kAxis = 0x4A5566;
inline constexpr unsigned kCursor = 0xFFFFFF;
inline constexpr unsigned kHorizon = 0xFF7B72;
inline constexpr unsigned kTarget = 0x7EE787;
inline constexpr unsigned kRunA = 0x58A6FF;
inline constexpr unsigned kRunB = 0xFFA657;
inline constexpr unsigned kDistrict = 0x3B4A5E;
inline constexpr unsigned kDepartment = 0x39C5BB;
inline constexpr unsigned kFactory = 0xFF9F43;
inline constexpr unsigned kMunicipality = 0xC9D1D9;
inline constexpr unsigned kGood = 0x56D364;
inline constexpr unsigned kBad = 0xF85149;
inline constexpr unsigned kChapter = 0xD2A8FF;

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

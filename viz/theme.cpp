#include "viz/theme.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace innosim::viz::theme {

namespace {

// [SECTION] Palettes

constexpr Palette kDark{
    .background = 0x0D1117,
    .panel = 0x151B23,
    .canvas = 0x0F141B,
    .text = 0xE6EDF3,
    .text_dim = 0x9DA9B6,
    .grid = 0x263040,
    .axis = 0x4A5566,
    .cursor = 0xFFFFFF,
    .horizon = 0xFF7B72,
    .target = 0x7EE787,
    .run_a = 0x58A6FF,
    .run_b = 0xFFA657,
    .district_glow = 0x45576F,
    .district_ring = 0x4A5C74,
    .district_label = 0xB4C2D4, // 8:1 on the canvas (it was 3.7:1 at 60% alpha)
    .department = 0x39C5BB,
    .factory = 0xFF9F43,
    .factory_ink = 0x2A1A08,
    .municipality = 0xC9D1D9,
    .good = 0x56D364,
    .bad = 0xF85149,
    .chapter = 0xD2A8FF,
    .popup = 0x1B222C,
    .menu = 0x161C24,
    .rim = 0xFFFFFF,
    .shadow = 0x000000,
    .frame = 0x202834,
    .button = 0x243040,
    .border = 0x2A3441,
    .light = false,
};

// For bright rooms: near-black text on white panels, every colour dark enough to read on white
// from the back row (text 17:1, dim text 9:1, the stage colours at least 3:1 as dots).
constexpr Palette kLight{
    .background = 0xDDE3EA,
    .panel = 0xFFFFFF,
    .canvas = 0xF6F8FA,
    .text = 0x0B1220,
    .text_dim = 0x3B4656,
    .grid = 0xD4DAE2,
    .axis = 0x7D8896,
    .cursor = 0x111827,
    .horizon = 0xC21F1F,
    .target = 0x137333,
    .run_a = 0x1558B0,
    .run_b = 0xC2410C,
    .district_glow = 0xC3CFDD,
    .district_ring = 0x8796AA,
    .district_label = 0x334155,
    .department = 0x00796B,
    .factory = 0xC2410C,
    .factory_ink = 0xFFF4E5,
    .municipality = 0x334155,
    .good = 0x137333,
    .bad = 0xC21F1F,
    .chapter = 0x7B1FA2,
    .popup = 0xFFFFFF,
    .menu = 0xEEF1F5,
    .rim = 0x111827,
    .shadow = 0xFFFFFF,
    .frame = 0xE8ECF1,
    .button = 0xDCE3EB,
    .border = 0xB8C2CE,
    .light = true,
};

ThemeKind g_theme = ThemeKind::Dark;

/// The categorical colours (stages, funders, reasons...) are written as the dark theme's; the
/// light theme swaps each for a darker tone of the same hue.
unsigned tone(unsigned dark_rgb) {
    if (g_theme == ThemeKind::Dark) {
        return dark_rgb;
    }
    switch (dark_rgb) {
    case 0x9AA5B8:
        return 0x5F6B7A; // grey (idea)
    case 0x5DADEC:
        return 0x1D70C2; // blue (team)
    case 0xA78BFA:
        return 0x6D3FD9; // purple (prototype)
    case 0xF2D45C:
        return 0xB58900; // yellow (pilot)
    case 0x4CD68D:
        return 0x15924A; // green (revenue)
    case 0xFF9F43:
        return 0xD9640B; // orange (scale)
    case 0xF778BA:
        return 0xC2267A; // pink (exited)
    case 0xE5534B:
        return 0xC21F1F; // red (failed)
    case 0x39C5BB:
        return 0x00796B; // teal
    case 0xC9D1D9:
        return 0x475569; // light grey
    case 0x8B98A5:
        return 0x5F6B7A; // dim grey
    case 0xD2A8FF:
        return 0x7B1FA2; // lilac
    default:
        return dark_rgb;
    }
}

ImU32 hue(unsigned dark_rgb, float alpha) {
    return rgb(tone(dark_rgb), alpha);
}

} // namespace

std::optional<ThemeKind> parse_theme(std::string_view name) {
    if (name == "dark") {
        return ThemeKind::Dark;
    }
    if (name == "light") {
        return ThemeKind::Light;
    }
    return std::nullopt;
}

std::string_view theme_name(ThemeKind kind) {
    return kind == ThemeKind::Light ? "light" : "dark";
}

const Palette& c() {
    return g_theme == ThemeKind::Light ? kLight : kDark;
}

ThemeKind current_theme() {
    return g_theme;
}

void set_theme(ThemeKind kind) {
    g_theme = kind;
}

ImU32 stage_colour(run::Stage stage, float alpha) {
    switch (stage) {
    case run::IDEA:
        return hue(0x9AA5B8, alpha);
    case run::TEAM:
        return hue(0x5DADEC, alpha);
    case run::PROTOTYPE:
        return hue(0xA78BFA, alpha);
    case run::PILOT:
        return hue(0xF2D45C, alpha);
    case run::REVENUE:
        return hue(0x4CD68D, alpha);
    case run::SCALE:
        return hue(0xFF9F43, alpha);
    case run::EXITED:
        return hue(0xF778BA, alpha);
    case run::FAILED:
        return hue(0xE5534B, alpha);
    default:
        return hue(0x9AA5B8, alpha);
    }
}

ImU32 category_colour(int category, float alpha) {
    switch (category) {
    case scenario::REVENUE:
        return hue(0x4CD68D, alpha);
    case scenario::COST:
        return hue(0x5DADEC, alpha);
    case scenario::IMPORT_DEPENDENCE:
        return hue(0xFF9F43, alpha);
    case scenario::SERVICE_QUALITY:
        return hue(0xA78BFA, alpha);
    default:
        return hue(0x9AA5B8, alpha);
    }
}

ImU32 funder_colour(int funder_kind, float alpha) {
    switch (funder_kind) {
    case scenario::MUNICIPAL_GRANT_FUND:
        return hue(0x4CD68D, alpha);
    case scenario::NATIONAL_FUND:
        return hue(0x5DADEC, alpha);
    case scenario::VENTURE_CAPITAL:
        return hue(0xA78BFA, alpha);
    case scenario::ANGEL:
        return hue(0xF778BA, alpha);
    case scenario::BANK:
        return hue(0xF2D45C, alpha);
    default:
        return hue(0x9AA5B8, alpha);
    }
}

ImU32 reason_colour(run::Reason reason, float alpha) {
    switch (reason) {
    case run::GRANT:
        return hue(0x4CD68D, alpha);
    case run::EQUITY:
        return hue(0xA78BFA, alpha);
    case run::LOAN:
    case run::LOAN_REPAYMENT:
        return hue(0x5DADEC, alpha);
    case run::CHALLENGE_AWARD:
    case run::CONTRACT_PAYMENT:
        return hue(0xF2D45C, alpha);
    case run::EXIT_PROCEEDS:
        return hue(0xF778BA, alpha);
    case run::BUDGET_ALLOCATION:
    case run::FACTORY_OPERATIONS:
    case run::FUND_CAPITAL:
        return hue(0x39C5BB, alpha);
    case run::FOUNDER_CAPITAL:
        return hue(0xC9D1D9, alpha);
    default:
        return hue(0x8B98A5, alpha);
    }
}

ImU32 event_kind_colour(run::EventKind kind, float alpha) {
    switch (kind) {
    case run::STARTUP_FOUNDED:
        return hue(0x5DADEC, alpha);
    case run::STAGE_ADVANCED:
    case run::FACTORY_GRADUATED:
    case run::CERTIFIED:
        return hue(0x4CD68D, alpha);
    case run::STARTUP_FAILED:
    case run::LOAN_DEFAULTED:
    case run::DECERTIFIED:
        return hue(0xE5534B, alpha);
    case run::STARTUP_EXITED:
        return hue(0xF778BA, alpha);
    case run::TRANSFER:
    case run::ROUND_RAISED:
        return hue(0xA78BFA, alpha);
    case run::CHALLENGE_PUBLISHED:
    case run::CHALLENGE_AWARDED:
    case run::PILOT_STARTED:
    case run::CONTRACT_SIGNED:
    case run::PROBLEM_SOLVED:
        return hue(0xF2D45C, alpha);
    case run::LEVER_CHANGED:
        return hue(0xD2A8FF, alpha);
    case run::FACTORY_ADMITTED:
        return hue(0xFF9F43, alpha);
    default:
        return hue(0x8B98A5, alpha);
    }
}

ImU32 agent_kind_colour(int agent_kind, float alpha) {
    switch (agent_kind) {
    case run::DEPARTMENT:
        return rgb(c().department, alpha);
    case run::MUNICIPALITY:
        return rgb(c().municipality, alpha);
    case run::FACTORY:
        return rgb(c().factory, alpha);
    case run::OUTSIDE:
    case run::TALENT_POOL:
        return hue(0x8B98A5, alpha);
    default:
        return hue(0x9AA5B8, alpha);
    }
}

ImVec4 to_vec4(ImU32 colour) {
    return ImGui::ColorConvertU32ToFloat4(colour);
}

void apply_style(float scale) {
    ImGuiStyle style;
    if (theme::c().light) {
        ImGui::StyleColorsLight(&style);
    } else {
        ImGui::StyleColorsDark(&style);
    }
    style.WindowRounding = 8;
    style.ChildRounding = 6;
    style.FrameRounding = 5;
    style.PopupRounding = 6;
    style.ScrollbarRounding = 6;
    style.GrabRounding = 5;
    style.TabRounding = 5;
    style.WindowBorderSize = 1;
    style.FrameBorderSize = 0;
    style.PopupBorderSize = 1;
    style.WindowPadding = ImVec2(10, 8);
    style.FramePadding = ImVec2(8, 4);
    style.ItemSpacing = ImVec2(8, 6);
    style.ItemInnerSpacing = ImVec2(6, 4);
    style.ScrollbarSize = 12;
    style.WindowTitleAlign = ImVec2(0.0f, 0.5f);
    style.AntiAliasedLinesUseTex = true;

    const Palette& p = theme::c();
    // Hovered and pressed states: a step towards the text colour.
    const auto step = [&](unsigned rgb_hex, float t) {
        const ImVec4 a = to_vec4(rgb(rgb_hex));
        const ImVec4 b = to_vec4(rgb(p.text));
        return ImVec4(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, a.z + (b.z - a.z) * t, 1.0f);
    };
    ImVec4* c = style.Colors;
    c[ImGuiCol_Text] = to_vec4(rgb(p.text));
    c[ImGuiCol_TextDisabled] = to_vec4(rgb(p.text_dim));
    c[ImGuiCol_WindowBg] = to_vec4(rgb(p.panel));
    c[ImGuiCol_ChildBg] = to_vec4(rgb(p.canvas, 0.0f)); // transparent: ImGui then skips the fill entirely
    c[ImGuiCol_PopupBg] = to_vec4(rgb(p.popup, 0.98f));
    c[ImGuiCol_Border] = to_vec4(rgb(p.border));
    c[ImGuiCol_FrameBg] = to_vec4(rgb(p.frame));
    c[ImGuiCol_FrameBgHovered] = step(p.frame, 0.08f);
    c[ImGuiCol_FrameBgActive] = step(p.frame, 0.16f);
    c[ImGuiCol_TitleBg] = step(p.panel, 0.03f);
    c[ImGuiCol_TitleBgActive] = step(p.panel, 0.05f);
    c[ImGuiCol_TitleBgCollapsed] = step(p.panel, 0.03f);
    c[ImGuiCol_MenuBarBg] = to_vec4(rgb(p.menu));
    c[ImGuiCol_ScrollbarBg] = to_vec4(rgb(p.panel, 0.0f));
    c[ImGuiCol_ScrollbarGrab] = step(p.panel, 0.15f);
    c[ImGuiCol_ScrollbarGrabHovered] = step(p.panel, 0.22f);
    c[ImGuiCol_ScrollbarGrabActive] = step(p.panel, 0.3f);
    c[ImGuiCol_CheckMark] = to_vec4(rgb(p.run_a));
    c[ImGuiCol_SliderGrab] = to_vec4(rgb(p.run_a));
    c[ImGuiCol_SliderGrabActive] = step(p.run_a, 0.25f);
    c[ImGuiCol_Button] = to_vec4(rgb(p.button));
    c[ImGuiCol_ButtonHovered] = step(p.button, 0.08f);
    c[ImGuiCol_ButtonActive] = step(p.button, 0.16f);
    c[ImGuiCol_Header] = to_vec4(rgb(p.button));
    c[ImGuiCol_HeaderHovered] = step(p.button, 0.08f);
    c[ImGuiCol_HeaderActive] = step(p.button, 0.16f);
    c[ImGuiCol_Separator] = to_vec4(rgb(p.border));
    c[ImGuiCol_Tab] = step(p.panel, 0.05f);
    c[ImGuiCol_TabHovered] = step(p.button, 0.08f);
    c[ImGuiCol_TabActive] = to_vec4(rgb(p.button));
    c[ImGuiCol_TableHeaderBg] = step(p.panel, 0.05f);
    c[ImGuiCol_TableBorderStrong] = to_vec4(rgb(p.border));
    c[ImGuiCol_TableBorderLight] = step(p.panel, 0.06f);
    c[ImGuiCol_TableRowBgAlt] = to_vec4(rgb(p.text, 0.03f));
    c[ImGuiCol_TextSelectedBg] = to_vec4(rgb(p.run_a, 0.35f));
    c[ImGuiCol_ModalWindowDimBg] = to_vec4(rgb(0x000000, p.light ? 0.3f : 0.55f));
    c[ImGuiCol_PlotLines] = to_vec4(rgb(p.run_a));
    c[ImGuiCol_NavHighlight] = to_vec4(rgb(p.run_a));
    style.ScaleAllSizes(scale);
    ImGui::GetStyle() = style;
}

namespace {

void add_sprite_rects(Fonts& fonts) {
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    for (int i = 0; i < 4; ++i) {
        // Cells a little over twice the disc's size: a disc drawn as one circumscribed triangle (its
        // corners one diameter from the centre) samples only clear texels of this cell.
        const int cell = 2 * Sprites::kDiscSizes[i] + 4;
        fonts.sprites.disc_ids[i] = atlas->AddCustomRectRegular(cell, cell);
    }
    fonts.sprites.glow_id = atlas->AddCustomRectRegular(64, 64);
    fonts.sprites.ready = false;
}

} // namespace

void bake_sprites(Fonts& fonts) {
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    if (!atlas->IsBuilt()) {
        atlas->Build();
    }
    unsigned char* pixels = nullptr;
    int width = 0;
    int height = 0;
    atlas->GetTexDataAsRGBA32(&pixels, &width, &height);
    const auto paint = [&](int id, auto alpha_at) {
        const ImFontAtlasCustomRect* r = atlas->GetCustomRectByIndex(id);
        for (int y = 0; y < r->Height; ++y) {
            for (int x = 0; x < r->Width; ++x) {
                unsigned char* p = pixels + 4 * ((r->Y + y) * width + (r->X + x));
                const float a = std::clamp(alpha_at(x, y, static_cast<int>(r->Width)), 0.0f, 1.0f);
                p[0] = p[1] = p[2] = 255;
                p[3] = static_cast<unsigned char>(a * 255.0f + 0.5f);
            }
        }
    };
    const auto distance = [](int x, int y, int size) {
        const float c = static_cast<float>(size) * 0.5f;
        const float dx = static_cast<float>(x) + 0.5f - c;
        const float dy = static_cast<float>(y) + 0.5f - c;
        return std::sqrt(dx * dx + dy * dy);
    };
    for (int i = 0; i < 4; ++i) {
        const float radius = static_cast<float>(Sprites::kDiscSizes[i]) * 0.5f; // texels
        paint(fonts.sprites.disc_ids[i], [&](int x, int y, int size) {
            // An anti-aliased disc in the middle of the cell, clear around it.
            return radius - distance(x, y, size) + 0.5f;
        });
        ImVec2 uv0;
        ImVec2 uv1;
        atlas->CalcCustomRectUV(atlas->GetCustomRectByIndex(fonts.sprites.disc_ids[i]), &uv0, &uv1);
        fonts.sprites.disc_centre[i] = ImVec2((uv0.x + uv1.x) * 0.5f, (uv0.y + uv1.y) * 0.5f);
        fonts.sprites.disc_uv_radius[i] =
            ImVec2(radius / static_cast<float>(width), radius / static_cast<float>(height));
    }
    paint(fonts.sprites.glow_id, [&](int x, int y, int size) {
        const float d = std::min(1.0f, distance(x, y, size) / (static_cast<float>(size) * 0.5f - 1.0f));
        return (1.0f - d) * (1.0f - d);
    });
    atlas->CalcCustomRectUV(atlas->GetCustomRectByIndex(fonts.sprites.glow_id), &fonts.sprites.glow_uv[0],
                            &fonts.sprites.glow_uv[1]);
    // Inset a texel: bilinear filtering at the quad's edge would otherwise blend in the atlas's
    // neighbouring texels (a faint line under every district).
    fonts.sprites.glow_uv[0].x += 1.0f / static_cast<float>(width);
    fonts.sprites.glow_uv[0].y += 1.0f / static_cast<float>(height);
    fonts.sprites.glow_uv[1].x -= 1.0f / static_cast<float>(width);
    fonts.sprites.glow_uv[1].y -= 1.0f / static_cast<float>(height);
    fonts.sprites.ready = true;
}

/// How much larger than the Latin face the Persian glyphs are loaded.
constexpr float kArabicScale = 1.45f;

void load_fonts(float scale, Fonts& fonts) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    fonts.body = fonts.bold = fonts.large = fonts.huge = nullptr;
    fonts.dejavu = false;
    const std::filesystem::path dir = "/usr/share/fonts/truetype/dejavu";
    const std::filesystem::path regular = dir / "DejaVuSans.ttf";
    const std::filesystem::path bold = dir / "DejaVuSans-Bold.ttf";
    std::error_code error;
    if (!std::filesystem::exists(regular, error) || !std::filesystem::exists(bold, error)) {
        ImFontConfig config;
        config.SizePixels = 13.0f * scale;
        fonts.body = fonts.bold = fonts.large = fonts.huge = io.Fonts->AddFontDefault(&config);
        add_sprite_rects(fonts);
        return;
    }
    // Latin, plus the few symbols the UI uses (arrows, delta, ellipsis, dashes, bullets, the live
    // dot and the runs tree's branch line).
    ImVector<ImWchar>& ranges = fonts.ranges;
    if (ranges.empty()) {
        ImFontGlyphRangesBuilder builder;
        builder.AddRanges(io.Fonts->GetGlyphRangesDefault());
        builder.AddText("\xe2\x86\x92\xe2\x86\x90\xce\x94\xe2\x80\xa6\xe2\x80\x93\xe2\x80\x94\xe2\x80\xa2\xe2\x96\xb2"
                        "\xe2\x96\xbc\xc3\x97\xe2\x9c\x95\xe2\x89\x88\xe2\x97\x8f\xe2\x97\x8b\xe2\x94\x94\xe2\x88\x92");
        builder.BuildRanges(&ranges);
    }
    // Persian: the Arabic block and the presentation forms FriBidi shapes into (viz/core/bidi),
    // from Noto Sans Arabic (fonts-noto-core: open, even strokes that stay legible from the back
    // of a room), merged into each DejaVu face; DejaVu's own Arabic glyphs when Noto is missing.
    static const ImWchar kArabic[] = {0x0600, 0x06FF, 0xFB50, 0xFDFF, 0xFE70, 0xFEFF, 0};
    const std::filesystem::path noto = "/usr/share/fonts/truetype/noto";
    const std::filesystem::path arabic_regular = std::filesystem::exists(noto / "NotoSansArabic-Regular.ttf", error)
                                                     ? noto / "NotoSansArabic-Regular.ttf"
                                                     : regular;
    const std::filesystem::path arabic_bold =
        std::filesystem::exists(noto / "NotoSansArabic-Bold.ttf", error) ? noto / "NotoSansArabic-Bold.ttf" : bold;
    const auto face = [&](const std::filesystem::path& latin, const std::filesystem::path& arabic, float size) {
        ImFontConfig config;
        config.OversampleH = 2;
        config.OversampleV = 1;
        ImFont* font = io.Fonts->AddFontFromFileTTF(latin.c_str(), size, &config, ranges.Data);
        if (font != nullptr) {
            ImFontConfig merge;
            merge.MergeMode = true;
            merge.OversampleH = 2;
            merge.OversampleV = 1;
            // Arabic script sits small on the Latin em (Noto Sans Arabic's letters are about 70%
            // of a Latin x-height line): 45% larger reads as the same size from the back of a room.
            merge.GlyphOffset.y = size * 0.02f;
            io.Fonts->AddFontFromFileTTF(arabic.c_str(), size * kArabicScale, &merge, kArabic);
        }
        return font;
    };
    fonts.body = face(regular, arabic_regular, 15.0f * scale);
    fonts.bold = face(bold, arabic_bold, 15.0f * scale);
    fonts.large = face(bold, arabic_bold, 22.0f * scale);
    fonts.huge = face(bold, arabic_bold, 34.0f * scale);
    fonts.dejavu = fonts.body != nullptr;
    if (fonts.body == nullptr || fonts.bold == nullptr || fonts.large == nullptr || fonts.huge == nullptr) {
        io.Fonts->Clear();
        fonts.dejavu = false;
        ImFontConfig fallback;
        fallback.SizePixels = 13.0f * scale;
        fonts.body = fonts.bold = fonts.large = fonts.huge = io.Fonts->AddFontDefault(&fallback);
    }
    add_sprite_rects(fonts);
}

} // namespace innosim::viz::theme

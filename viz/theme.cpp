#include "viz/theme.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace innosim::viz::theme {

ImU32 stage_colour(run::Stage stage, float alpha) {
    switch (stage) {
    case run::IDEA:
        return rgb(0x9AA5B8, alpha);
    case run::TEAM:
        return rgb(0x5DADEC, alpha);
    case run::PROTOTYPE:
        return rgb(0xA78BFA, alpha);
    case run::PILOT:
        return rgb(0xF2D45C, alpha);
    case run::REVENUE:
        return rgb(0x4CD68D, alpha);
    case run::SCALE:
        return rgb(0xFF9F43, alpha);
    case run::EXITED:
        return rgb(0xF778BA, alpha);
    case run::FAILED:
        return rgb(0xE5534B, alpha);
    default:
        return rgb(0x9AA5B8, alpha);
    }
}

ImU32 category_colour(int category, float alpha) {
    switch (category) {
    case scenario::REVENUE:
        return rgb(0x4CD68D, alpha);
    case scenario::COST:
        return rgb(0x5DADEC, alpha);
    case scenario::IMPORT_DEPENDENCE:
        return rgb(0xFF9F43, alpha);
    case scenario::SERVICE_QUALITY:
        return rgb(0xA78BFA, alpha);
    default:
        return rgb(0x9AA5B8, alpha);
    }
}

ImU32 funder_colour(int funder_kind, float alpha) {
    switch (funder_kind) {
    case scenario::MUNICIPAL_GRANT_FUND:
        return rgb(0x4CD68D, alpha);
    case scenario::NATIONAL_FUND:
        return rgb(0x5DADEC, alpha);
    case scenario::VENTURE_CAPITAL:
        return rgb(0xA78BFA, alpha);
    case scenario::ANGEL:
        return rgb(0xF778BA, alpha);
    case scenario::BANK:
        return rgb(0xF2D45C, alpha);
    default:
        return rgb(0x9AA5B8, alpha);
    }
}

ImU32 reason_colour(run::Reason reason, float alpha) {
    switch (reason) {
    case run::GRANT:
        return rgb(0x4CD68D, alpha);
    case run::EQUITY:
        return rgb(0xA78BFA, alpha);
    case run::LOAN:
    case run::LOAN_REPAYMENT:
        return rgb(0x5DADEC, alpha);
    case run::CHALLENGE_AWARD:
    case run::CONTRACT_PAYMENT:
        return rgb(0xF2D45C, alpha);
    case run::EXIT_PROCEEDS:
        return rgb(0xF778BA, alpha);
    case run::BUDGET_ALLOCATION:
    case run::FACTORY_OPERATIONS:
    case run::FUND_CAPITAL:
        return rgb(0x39C5BB, alpha);
    case run::FOUNDER_CAPITAL:
        return rgb(0xC9D1D9, alpha);
    default:
        return rgb(0x8B98A5, alpha);
    }
}

ImU32 event_kind_colour(run::EventKind kind, float alpha) {
    switch (kind) {
    case run::STARTUP_FOUNDED:
        return rgb(0x5DADEC, alpha);
    case run::STAGE_ADVANCED:
    case run::FACTORY_GRADUATED:
    case run::CERTIFIED:
        return rgb(0x4CD68D, alpha);
    case run::STARTUP_FAILED:
    case run::LOAN_DEFAULTED:
    case run::DECERTIFIED:
        return rgb(0xE5534B, alpha);
    case run::STARTUP_EXITED:
        return rgb(0xF778BA, alpha);
    case run::TRANSFER:
    case run::ROUND_RAISED:
        return rgb(0xA78BFA, alpha);
    case run::CHALLENGE_PUBLISHED:
    case run::CHALLENGE_AWARDED:
    case run::PILOT_STARTED:
    case run::CONTRACT_SIGNED:
    case run::PROBLEM_SOLVED:
        return rgb(0xF2D45C, alpha);
    case run::LEVER_CHANGED:
        return rgb(0xD2A8FF, alpha);
    case run::FACTORY_ADMITTED:
        return rgb(0xFF9F43, alpha);
    default:
        return rgb(0x8B98A5, alpha);
    }
}

ImU32 agent_kind_colour(int agent_kind, float alpha) {
    switch (agent_kind) {
    case run::DEPARTMENT:
        return rgb(kDepartment, alpha);
    case run::MUNICIPALITY:
        return rgb(kMunicipality, alpha);
    case run::FACTORY:
        return rgb(kFactory, alpha);
    case run::OUTSIDE:
    case run::TALENT_POOL:
        return rgb(0x8B98A5, alpha);
    default:
        return rgb(0x9AA5B8, alpha);
    }
}

ImVec4 to_vec4(ImU32 colour) {
    return ImGui::ColorConvertU32ToFloat4(colour);
}

void apply_style(float scale) {
    ImGuiStyle style;
    ImGui::StyleColorsDark(&style);
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

    ImVec4* c = style.Colors;
    c[ImGuiCol_Text] = to_vec4(rgb(kText));
    c[ImGuiCol_TextDisabled] = to_vec4(rgb(kTextDim));
    c[ImGuiCol_WindowBg] = to_vec4(rgb(kPanel));
    c[ImGuiCol_ChildBg] = to_vec4(rgb(0x0F141B, 0.0f)); // transparent: ImGui then skips the fill entirely
    c[ImGuiCol_PopupBg] = to_vec4(rgb(0x1B222C, 0.98f));
    c[ImGuiCol_Border] = to_vec4(rgb(0x2A3441));
    c[ImGuiCol_FrameBg] = to_vec4(rgb(0x202834));
    c[ImGuiCol_FrameBgHovered] = to_vec4(rgb(0x2A3545));
    c[ImGuiCol_FrameBgActive] = to_vec4(rgb(0x334155));
    c[ImGuiCol_TitleBg] = to_vec4(rgb(0x1A212B));
    c[ImGuiCol_TitleBgActive] = to_vec4(rgb(0x1E2733));
    c[ImGuiCol_TitleBgCollapsed] = to_vec4(rgb(0x1A212B));
    c[ImGuiCol_MenuBarBg] = to_vec4(rgb(0x161C24));
    c[ImGuiCol_ScrollbarBg] = to_vec4(rgb(0x151B23, 0.0f));
    c[ImGuiCol_ScrollbarGrab] = to_vec4(rgb(0x2F3A49));
    c[ImGuiCol_ScrollbarGrabHovered] = to_vec4(rgb(0x3B4858));
    c[ImGuiCol_ScrollbarGrabActive] = to_vec4(rgb(0x4A596B));
    c[ImGuiCol_CheckMark] = to_vec4(rgb(kRunA));
    c[ImGuiCol_SliderGrab] = to_vec4(rgb(kRunA));
    c[ImGuiCol_SliderGrabActive] = to_vec4(rgb(0x79B8FF));
    c[ImGuiCol_Button] = to_vec4(rgb(0x243040));
    c[ImGuiCol_ButtonHovered] = to_vec4(rgb(0x2F3D50));
    c[ImGuiCol_ButtonActive] = to_vec4(rgb(0x3A4C63));
    c[ImGuiCol_Header] = to_vec4(rgb(0x243040));
    c[ImGuiCol_HeaderHovered] = to_vec4(rgb(0x2F3D50));
    c[ImGuiCol_HeaderActive] = to_vec4(rgb(0x3A4C63));
    c[ImGuiCol_Separator] = to_vec4(rgb(0x2A3441));
    c[ImGuiCol_Tab] = to_vec4(rgb(0x1E2733));
    c[ImGuiCol_TabHovered] = to_vec4(rgb(0x2F3D50));
    c[ImGuiCol_TabActive] = to_vec4(rgb(0x2A3648));
    c[ImGuiCol_TableHeaderBg] = to_vec4(rgb(0x1E2733));
    c[ImGuiCol_TableBorderStrong] = to_vec4(rgb(0x2A3441));
    c[ImGuiCol_TableBorderLight] = to_vec4(rgb(0x222B37));
    c[ImGuiCol_TableRowBgAlt] = to_vec4(rgb(0xFFFFFF, 0.025f));
    c[ImGuiCol_TextSelectedBg] = to_vec4(rgb(kRunA, 0.35f));
    c[ImGuiCol_ModalWindowDimBg] = to_vec4(rgb(0x000000, 0.55f));
    c[ImGuiCol_PlotLines] = to_vec4(rgb(kRunA));
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
            // Arabic script sits small on the Latin em: a quarter larger reads as the same size.
            merge.GlyphOffset.y = size * 0.06f;
            io.Fonts->AddFontFromFileTTF(arabic.c_str(), size * 1.25f, &merge, kArabic);
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

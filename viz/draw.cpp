#include "viz/draw.hpp"

#include "viz/core/chart.hpp"
#include "viz/core/format.hpp"

#include <algorithm>
#include <cmath>

namespace innosim::viz::draw {

bool begin_panel(AppState& state, Panel panel, const char* title, RectF rect, ImGuiWindowFlags extra) {
    ImGui::SetNextWindowPos(ImVec2(rect.x, rect.y), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(rect.w, rect.h), ImGuiCond_Always);
    // The background comes from a backdrop (a scissored clear), not from ImGui's fill.
    backdrop(state, rect, theme::c().panel, theme::c().background, ImGui::GetStyle().WindowRounding);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                                   ImGuiWindowFlags_NoBackground | extra;
    const bool open = ImGui::Begin(title, nullptr, flags);
    state.panel_rects[static_cast<std::size_t>(panel)] = rect;
    state.panel_drawn[static_cast<std::size_t>(panel)] = true;
    state.current_panel = panel;
    return open;
}

void end_panel() {
    ImGui::End();
}

void dashed_line(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 colour, float thickness, float dash, float gap) {
    const float dx = b.x - a.x;
    const float dy = b.y - a.y;
    const float length = std::sqrt(dx * dx + dy * dy);
    if (length < 1e-3f) {
        return;
    }
    const float ux = dx / length;
    const float uy = dy / length;
    for (float s = 0; s < length; s += dash + gap) {
        const float e = std::min(length, s + dash);
        dl->AddLine(ImVec2(a.x + ux * s, a.y + uy * s), ImVec2(a.x + ux * e, a.y + uy * e), colour, thickness);
    }
}

void fast_disc(ImDrawList* dl, ImVec2 centre, float radius, ImU32 colour) {
    if (radius < 1.8f) {
        // A square of the disc's area: indistinguishable at this size, and 4 vertices instead of 7.
        const float h = radius * 0.886f;
        dl->PrimReserve(6, 4);
        dl->PrimRect(ImVec2(centre.x - h, centre.y - h), ImVec2(centre.x + h, centre.y + h), colour);
        return;
    }
    const int segments = radius < 2.5f ? 6 : (radius < 5.0f ? 10 : 16);
    const ImVec2 uv = ImGui::GetFontTexUvWhitePixel();
    dl->PrimReserve(segments * 3, segments + 1);
    const auto base = static_cast<ImDrawIdx>(dl->_VtxCurrentIdx);
    dl->PrimWriteVtx(centre, uv, colour);
    for (int i = 0; i < segments; ++i) {
        const float angle = 6.2831853f * static_cast<float>(i) / static_cast<float>(segments);
        dl->PrimWriteVtx(ImVec2(centre.x + std::cos(angle) * radius, centre.y + std::sin(angle) * radius), uv, colour);
    }
    for (int i = 0; i < segments; ++i) {
        dl->PrimWriteIdx(base);
        dl->PrimWriteIdx(static_cast<ImDrawIdx>(base + 1 + i));
        dl->PrimWriteIdx(static_cast<ImDrawIdx>(base + 1 + (i + 1) % segments));
    }
}

void sprite_disc(ImDrawList* dl, const theme::Sprites& sprites, ImVec2 centre, float radius, ImU32 colour) {
    if (!sprites.ready) {
        fast_disc(dl, centre, radius, colour);
        return;
    }
    // The smallest baked disc at least as large as the drawn one: minifying by more than 2x with
    // bilinear filtering would shimmer.
    int i = 0;
    while (i < 3 && static_cast<float>(theme::Sprites::kDiscSizes[i]) < radius * 2.0f) {
        ++i;
    }
    // One triangle circumscribing the disc (inradius = radius): on software GL a triangle costs
    // more than the pixels it covers, so a dot is one, not two or ten. Its corners lie inside the
    // sprite's cell, whose border is clear.
    const ImVec2 uc = sprites.disc_centre[i];
    const float su = sprites.disc_uv_radius[i].x;
    const float sv = sprites.disc_uv_radius[i].y;
    constexpr float kRoot3 = 1.7320508f;
    dl->PrimReserve(3, 3);
    const auto base = static_cast<ImDrawIdx>(dl->_VtxCurrentIdx);
    dl->PrimWriteVtx(ImVec2(centre.x, centre.y - 2 * radius), ImVec2(uc.x, uc.y - 2 * sv), colour);
    dl->PrimWriteVtx(ImVec2(centre.x + kRoot3 * radius, centre.y + radius), ImVec2(uc.x + kRoot3 * su, uc.y + sv),
                     colour);
    dl->PrimWriteVtx(ImVec2(centre.x - kRoot3 * radius, centre.y + radius), ImVec2(uc.x - kRoot3 * su, uc.y + sv),
                     colour);
    dl->PrimWriteIdx(base);
    dl->PrimWriteIdx(static_cast<ImDrawIdx>(base + 1));
    dl->PrimWriteIdx(static_cast<ImDrawIdx>(base + 2));
}

void sprite_glow(ImDrawList* dl, const theme::Sprites& sprites, ImVec2 centre, float radius, ImU32 colour) {
    if (!sprites.ready) {
        radial_disc(dl, centre, radius, colour, colour & ~IM_COL32_A_MASK);
        return;
    }
    dl->PrimReserve(6, 4);
    dl->PrimRectUV(ImVec2(centre.x - radius, centre.y - radius), ImVec2(centre.x + radius, centre.y + radius),
                   sprites.glow_uv[0], sprites.glow_uv[1], colour);
}

void radial_disc(ImDrawList* dl, ImVec2 centre, float radius, ImU32 inner, ImU32 outer, int segments) {
    const ImVec2 uv = ImGui::GetFontTexUvWhitePixel();
    dl->PrimReserve(segments * 3, segments + 1);
    const auto base = static_cast<ImDrawIdx>(dl->_VtxCurrentIdx);
    dl->PrimWriteVtx(centre, uv, inner);
    for (int i = 0; i < segments; ++i) {
        const float angle = 6.2831853f * static_cast<float>(i) / static_cast<float>(segments);
        dl->PrimWriteVtx(ImVec2(centre.x + std::cos(angle) * radius, centre.y + std::sin(angle) * radius), uv, outer);
    }
    for (int i = 0; i < segments; ++i) {
        dl->PrimWriteIdx(base);
        dl->PrimWriteIdx(static_cast<ImDrawIdx>(base + 1 + i));
        dl->PrimWriteIdx(static_cast<ImDrawIdx>(base + 1 + (i + 1) % segments));
    }
}

void backdrop(AppState& state, RectF rect, unsigned rgb, unsigned outside_rgb, float rounding) {
    state.backdrops.push_back({.rect = rect, .rgb = rgb, .outside_rgb = outside_rgb, .rounding = rounding});
    if (rounding <= 0) {
        return;
    }
    // Each corner outside the rounded edge: a fan from the corner point to the quarter arc.
    ImDrawList* dl = ImGui::GetBackgroundDrawList();
    const ImU32 colour = theme::rgb(outside_rgb);
    const ImVec2 uv = ImGui::GetFontTexUvWhitePixel();
    constexpr int kSteps = 8;
    const float r = std::min({rounding, rect.w * 0.5f, rect.h * 0.5f});
    const struct {
        ImVec2 corner;
        ImVec2 centre;
        float start;
    } corners[4] = {{{rect.x, rect.y}, {rect.x + r, rect.y + r}, 3.14159265f},
                    {{rect.right(), rect.y}, {rect.right() - r, rect.y + r}, 4.71238898f},
                    {{rect.right(), rect.bottom()}, {rect.right() - r, rect.bottom() - r}, 0.0f},
                    {{rect.x, rect.bottom()}, {rect.x + r, rect.bottom() - r}, 1.57079633f}};
    for (const auto& c : corners) {
        dl->PrimReserve(kSteps * 3, kSteps + 2);
        const auto base = static_cast<ImDrawIdx>(dl->_VtxCurrentIdx);
        dl->PrimWriteVtx(c.corner, uv, colour);
        for (int i = 0; i <= kSteps; ++i) {
            const float a = c.start + 1.57079633f * static_cast<float>(i) / kSteps;
            dl->PrimWriteVtx(ImVec2(c.centre.x + std::cos(a) * r, c.centre.y + std::sin(a) * r), uv, colour);
        }
        for (int i = 0; i < kSteps; ++i) {
            dl->PrimWriteIdx(base);
            dl->PrimWriteIdx(static_cast<ImDrawIdx>(base + 1 + i));
            dl->PrimWriteIdx(static_cast<ImDrawIdx>(base + 2 + i));
        }
    }
}

void note_box(AppState& state, RectF box, const char* text, std::optional<RectF> bounds) {
    if (!state.record_labels || text == nullptr || *text == '\0') {
        return;
    }
    if (!bounds) {
        const ImVec2 lo = ImGui::GetWindowDrawList()->GetClipRectMin();
        const ImVec2 hi = ImGui::GetWindowDrawList()->GetClipRectMax();
        bounds = RectF{lo.x, lo.y, hi.x - lo.x, hi.y - lo.y};
    }
    // Scrolled out of its window (a long list of charts), or cut at the edge a scrolling window
    // shows more from: not a layout problem.
    const ImVec2 lo = ImGui::GetWindowPos();
    const ImVec2 hi(lo.x + ImGui::GetWindowWidth(), lo.y + ImGui::GetWindowHeight());
    const bool scrolls = ImGui::GetScrollMaxY() > 0 || ImGui::GetScrollMaxX() > 0;
    const bool inside = box.x >= lo.x && box.right() <= hi.x && box.y >= lo.y && box.bottom() <= hi.y;
    const bool apart = box.right() <= lo.x || box.x >= hi.x || box.bottom() <= lo.y || box.y >= hi.y;
    if (apart || (scrolls && !inside)) {
        return;
    }
    state.labels.push_back({box, *bounds, std::string(panel_name(state.current_panel)), text});
}

void label(AppState& state, ImDrawList* dl, ImFont* font, float size, ImVec2 pos, ImU32 colour, const char* text,
           std::optional<RectF> bounds) {
    dl->AddText(font, size, pos, colour, text);
    if (!state.record_labels) {
        return;
    }
    if (!bounds) {
        const ImVec2 lo = dl->GetClipRectMin();
        const ImVec2 hi = dl->GetClipRectMax();
        bounds = RectF{lo.x, lo.y, hi.x - lo.x, hi.y - lo.y};
    }
    // The line's box less the space above capitals (an eighth of the line): stacked lines touch
    // there without their ink meeting.
    const ImVec2 s = text_size(font, size, text);
    note_box(state, {pos.x, pos.y + size * 0.125f, s.x, s.y - size * 0.125f}, text, bounds);
}

void note_item(AppState& state, const char* text) {
    if (!state.record_labels) {
        return;
    }
    const ImVec2 lo = ImGui::GetItemRectMin();
    const ImVec2 hi = ImGui::GetItemRectMax();
    const ImVec2 wp = ImGui::GetWindowPos();
    const ImVec2 cmin = ImGui::GetWindowContentRegionMin();
    const ImVec2 cmax = ImGui::GetWindowContentRegionMax();
    note_box(state, {lo.x, lo.y, hi.x - lo.x, hi.y - lo.y}, text,
             RectF{wp.x + cmin.x, wp.y + cmin.y, cmax.x - cmin.x, cmax.y - cmin.y});
}

void shadow_text(ImDrawList* dl, ImFont* font, float size, ImVec2 pos, ImU32 colour, const char* text) {
    dl->AddText(font, size, ImVec2(pos.x + 1, pos.y + 1), theme::rgb(theme::c().shadow, 0.8f), text);
    dl->AddText(font, size, pos, colour, text);
}

ImVec2 text_size(ImFont* font, float size, const char* text) {
    return font->CalcTextSizeA(size, FLT_MAX, 0.0f, text);
}

std::string elide(ImFont* font, float size, const std::string& text, float width) {
    if (text_size(font, size, text.c_str()).x <= width) {
        return text;
    }
    std::string out = text;
    while (!out.empty()) {
        // One whole character off the end: its continuation bytes, then its lead byte.
        while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) {
            out.pop_back();
        }
        if (!out.empty()) {
            out.pop_back();
        }
        // Nor a half-word joiner or a space before the ellipsis.
        while (!out.empty() && (out.back() == ' ' || out.ends_with("\xe2\x80\x8c"))) {
            out.resize(out.size() - (out.back() == ' ' ? 1 : 3));
        }
        const std::string candidate = out + "\xe2\x80\xa6";
        if (text_size(font, size, candidate.c_str()).x <= width) {
            return candidate;
        }
    }
    return {};
}

std::vector<std::string> wrap(ImFont* font, float size, const std::string& text, float width, int max_lines) {
    std::vector<std::string> lines;
    std::string rest = text;
    while (!rest.empty() && static_cast<int>(lines.size()) < max_lines) {
        if (static_cast<int>(lines.size()) + 1 == max_lines || text_size(font, size, rest.c_str()).x <= width) {
            lines.push_back(elide(font, size, rest, width));
            break;
        }
        // The longest run of whole words that fits.
        std::size_t cut = std::string::npos;
        for (std::size_t at = rest.find(' '); at != std::string::npos; at = rest.find(' ', at + 1)) {
            if (text_size(font, size, rest.substr(0, at).c_str()).x > width) {
                break;
            }
            cut = at;
        }
        if (cut == std::string::npos) {
            const std::size_t space = rest.find(' ');
            lines.push_back(elide(font, size, rest.substr(0, space), width));
            rest = space == std::string::npos ? std::string() : rest.substr(space + 1);
        } else {
            lines.push_back(rest.substr(0, cut));
            rest = rest.substr(cut + 1);
        }
    }
    return lines;
}

bool icon_button(const char* id, Icon icon, float size, const char* tooltip) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const bool pressed = ImGui::InvisibleButton(id, ImVec2(size, size));
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 bg = ImGui::GetColorU32(ImGui::IsItemActive() ? ImGuiCol_ButtonActive
                                                              : (hovered ? ImGuiCol_ButtonHovered : ImGuiCol_Button));
    dl->AddRectFilled(p, ImVec2(p.x + size, p.y + size), bg, ImGui::GetStyle().FrameRounding);
    const ImU32 fg = ImGui::GetColorU32(ImGuiCol_Text);
    const float c = size * 0.5f;
    const float s = size * 0.22f;
    const ImVec2 m(p.x + c, p.y + c);
    const auto triangle = [&](float x, float dir) {
        dl->AddTriangleFilled(ImVec2(x - s * 0.8f * dir, m.y - s), ImVec2(x - s * 0.8f * dir, m.y + s),
                              ImVec2(x + s * 0.9f * dir, m.y), fg);
    };
    const auto bar = [&](float x) {
        dl->AddRectFilled(ImVec2(x - s * 0.18f, m.y - s), ImVec2(x + s * 0.18f, m.y + s), fg);
    };
    switch (icon) {
    case Icon::Play:
        triangle(m.x + s * 0.1f, 1);
        break;
    case Icon::Pause:
        bar(m.x - s * 0.45f);
        bar(m.x + s * 0.45f);
        break;
    case Icon::StepBack:
        triangle(m.x - s * 0.2f, -1);
        bar(m.x + s * 0.85f);
        break;
    case Icon::StepForward:
        triangle(m.x + s * 0.2f, 1);
        bar(m.x - s * 0.85f);
        break;
    case Icon::Home:
        bar(m.x - s * 0.9f);
        triangle(m.x - s * 0.1f, -1);
        triangle(m.x + s * 0.8f, -1);
        break;
    case Icon::End:
        triangle(m.x - s * 0.8f, 1);
        triangle(m.x + s * 0.1f, 1);
        bar(m.x + s * 0.9f);
        break;
    }
    if (hovered && tooltip != nullptr) {
        ImGui::SetTooltip("%s", tooltip);
    }
    return pressed;
}

namespace {

/// Value of a series at t by linear interpolation (held flat outside).
double value_at(const Series& s, Ticks t) {
    const std::vector<Ticks>& times = *s.times;
    if (times.empty()) {
        return 0;
    }
    if (t <= times.front()) {
        return s.values.front();
    }
    if (t >= times.back()) {
        return s.values.back();
    }
    const auto it = std::upper_bound(times.begin(), times.end(), t);
    const auto i = static_cast<std::size_t>(it - times.begin());
    const double f = static_cast<double>(t - times[i - 1]) / static_cast<double>(times[i] - times[i - 1]);
    return s.values[i - 1] + (s.values[i] - s.values[i - 1]) * f;
}

} // namespace

void time_chart(AppState& state, const char* id, RectF rect, const KpiDesc& kpi, std::span<const Series> series,
                const std::vector<double>& targets, const ChartStyle& style) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImFont* font = ImGui::GetFont();
    const float fs = ImGui::GetFontSize();
    const RunModel& model = state.a->model;
    const TimeSpan span = axis_span(state);

    double lo = kpi.format == KpiFormat::Index || kpi.format == KpiFormat::Ratio || style.around_data ? 1e300 : 0.0;
    double hi = -1e300;
    for (const Series& s : series) {
        for (const double v : s.values) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    }
    for (const double t : targets) {
        lo = std::min(lo, t);
        hi = std::max(hi, t);
    }
    for (const Series& s : series) {
        if (s.band != nullptr) {
            for (std::size_t i = 0; i < s.band->times.size(); ++i) {
                lo = std::min(lo, s.band->p05[i]);
                hi = std::max(hi, s.band->p95[i]);
            }
        }
    }
    if (hi < lo) {
        lo = 0;
        hi = 1;
    }
    const NiceScale scale = nice_scale(lo, hi, std::max(2, static_cast<int>(rect.h / (fs * 2.4f))));
    const std::vector<double> yticks = tick_values(scale);

    float left = rect.x;
    float bottom = rect.bottom();
    if (style.axes) {
        float widest = 0;
        for (const double v : yticks) {
            widest =
                std::max(widest, text_size(font, fs, ui(state, format_kpi_axis(kpi, v, state.currency, state.lang))).x);
        }
        left += widest + 8;
        bottom -= fs + 6;
    }
    const RectF plot{left, rect.y + (style.axes ? fs * 0.5f : 2.0f), rect.right() - left - (style.axes ? 6.0f : 2.0f),
                     bottom - rect.y - (style.axes ? fs * 0.5f : 4.0f)};
    if (plot.w < 10 || plot.h < 10) {
        return;
    }
    const LinearMap xmap{
        .d0 = static_cast<double>(span.begin), .d1 = static_cast<double>(span.end), .p0 = plot.x, .p1 = plot.right()};
    const LinearMap ymap{.d0 = scale.min, .d1 = scale.max, .p0 = plot.bottom(), .p1 = plot.y};

    dl->PushClipRect(ImVec2(rect.x, rect.y - 2), ImVec2(rect.right() + 2, rect.bottom() + 2), true);
    if (style.axes) {
        for (const double v : yticks) {
            const float y = ymap(v);
            dl->AddLine(ImVec2(plot.x, y), ImVec2(plot.right(), y), theme::rgb(theme::c().grid), 1.0f);
            const std::string label = ui(state, format_kpi_axis(kpi, v, state.currency, state.lang));
            const ImVec2 size = text_size(font, fs, label.c_str());
            draw::label(state, dl, ImGui::GetFont(), ImGui::GetFontSize(),
                        ImVec2(plot.x - 6 - size.x, y - size.y * 0.5f), theme::rgb(theme::c().text_dim), label.c_str());
        }
        for (const TimeTick& t : time_ticks(model.calendar(), span.begin, span.end, plot.w, fs * 2.6f)) {
            const float x = xmap(static_cast<double>(t.time));
            if (t.major) {
                dl->AddLine(ImVec2(x, plot.y), ImVec2(x, plot.bottom()), theme::rgb(theme::c().grid), 1.0f);
            }
            dl->AddLine(ImVec2(x, plot.bottom()), ImVec2(x, plot.bottom() + (t.major ? 5.0f : 3.0f)),
                        theme::rgb(theme::c().axis), 1.0f);
            if (!t.label.empty() && x + 3 + text_size(font, fs, t.label.c_str()).x <= rect.right()) {
                draw::label(state, dl, ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(x + 3, plot.bottom() + 3),
                            theme::rgb(t.major ? theme::c().text : theme::c().text_dim), t.label.c_str());
            }
        }
        dl->AddLine(ImVec2(plot.x, plot.bottom()), ImVec2(plot.right(), plot.bottom()), theme::rgb(theme::c().axis),
                    1.0f);
    }
    if (style.around_data && scale.min < 0 && scale.max > 0) {
        dl->AddLine(ImVec2(plot.x, ymap(0)), ImVec2(plot.right(), ymap(0)), theme::rgb(theme::c().text, 0.6f), 1.5f);
    }
    // The 1404 horizon and the targets set for it.
    const float hx = xmap(static_cast<double>(model.horizon_time()));
    if (hx >= plot.x && hx <= plot.right()) {
        dashed_line(dl, ImVec2(hx, plot.y), ImVec2(hx, plot.bottom()), theme::rgb(theme::c().horizon, 0.8f), 1.5f, 7,
                    5);
        if (style.axes) {
            const char* label = ui(state, text::Msg::Horizon);
            const ImVec2 size = text_size(font, fs * 0.85f, label);
            draw::label(state, dl, font, fs * 0.85f, ImVec2(hx - size.x - 3, plot.y),
                        theme::rgb(theme::c().horizon, 0.9f), label);
        }
    }
    for (const double target : targets) {
        const float y = ymap(target);
        dashed_line(dl, ImVec2(plot.x, y), ImVec2(plot.right(), y), theme::rgb(theme::c().target, 0.85f), 1.5f, 10, 6);
        if (style.axes) {
            const std::string label =
                ui(state, text::Msg::Target, {format_kpi(kpi, target, state.currency, state.lang)});
            // At the left end: the horizon's label sits top right, where most series end.
            // Above its line, or under it when the line runs along the plot's top.
            const ImVec2 size = text_size(font, fs * 0.85f, label.c_str());
            const float above = y - size.y - 1;
            draw::label(state, dl, font, fs * 0.85f, ImVec2(plot.x + 4, above >= plot.y ? above : y + 2),
                        theme::rgb(theme::c().target), label.c_str());
        }
    }
    // The dates each run's policy changes levers (B's own only: a branch inherits A's).
    const auto mark_changes = [&](const std::vector<PolicyChange>& changes, ImU32 colour, Ticks offset) {
        for (const PolicyChange& c : changes) {
            const float x = xmap(static_cast<double>(c.at + offset));
            if (x < plot.x || x > plot.right()) {
                continue;
            }
            dashed_line(dl, ImVec2(x, plot.y), ImVec2(x, plot.bottom()), colour, 1.5f, 2, 3);
            dl->AddTriangleFilled(ImVec2(x - 4, plot.y), ImVec2(x + 4, plot.y), ImVec2(x, plot.y + 6), colour);
        }
    };
    mark_changes(policy_changes(model), theme::rgb(theme::c().chapter, 0.8f), 0);
    if (state.b) {
        mark_changes(policy_changes(state.b->model, &model), theme::rgb(theme::c().run_b, 0.8f), state.align.to_a(0));
    }
    // Where B branched off A: B is drawn from there on, over A.
    if (const std::optional<Ticks> fork = fork_point(state)) {
        const float fx = xmap(static_cast<double>(*fork));
        if (fx >= plot.x && fx <= plot.right()) {
            dashed_line(dl, ImVec2(fx, plot.y), ImVec2(fx, plot.bottom()), theme::rgb(theme::c().run_b, 0.7f), 1.5f, 3,
                        3);
            if (style.axes) {
                // At the bottom: the horizon's and the targets' labels sit at the top.
                draw::label(state, dl, font, fs * 0.85f, ImVec2(fx + 3, plot.bottom() - fs * 0.85f - 2),
                            theme::rgb(theme::c().run_b, 0.9f), "fork");
            }
        }
    }
    // The futures behind each line: 5-95% faint, 25-75% stronger, under the lines.
    for (const Series& s : series) {
        if (s.band == nullptr || s.band->times.size() < 2) {
            continue;
        }
        const io::Band& band = *s.band;
        const auto strip = [&](const std::vector<double>& low, const std::vector<double>& high, float alpha) {
            const ImVec2 uv = ImGui::GetFontTexUvWhitePixel();
            const ImU32 fill = (s.colour & ~IM_COL32_A_MASK) | (static_cast<ImU32>(alpha * 255) << IM_COL32_A_SHIFT);
            const auto n = static_cast<int>(band.times.size());
            dl->PrimReserve((n - 1) * 6, n * 2);
            const auto base = static_cast<ImDrawIdx>(dl->_VtxCurrentIdx);
            for (int i = 0; i < n; ++i) {
                const auto k = static_cast<std::size_t>(i);
                const float x = xmap(static_cast<double>(band.times[k] + s.band_offset));
                dl->PrimWriteVtx(ImVec2(x, ymap(high[k])), uv, fill);
                dl->PrimWriteVtx(ImVec2(x, ymap(low[k])), uv, fill);
                if (i > 0) {
                    const auto v = static_cast<ImDrawIdx>(base + 2 * i);
                    for (const int d : {-2, 0, -1, -1, 0, 1}) {
                        dl->PrimWriteIdx(static_cast<ImDrawIdx>(v + d));
                    }
                }
            }
        };
        dl->PushClipRect(ImVec2(plot.x, plot.y), ImVec2(plot.right(), plot.bottom()), true);
        strip(band.p05, band.p95, 0.13f);
        strip(band.p25, band.p75, 0.22f);
        dl->PopClipRect();
    }
    // The series: the past bright, the future dim, so the eye stays on "now".
    const Ticks now = state.cursor.time();
    const float cx = xmap(static_cast<double>(now));
    std::vector<ImVec2> points;
    for (const Series& s : series) {
        points.clear();
        for (std::size_t i = s.first; i < s.values.size(); ++i) {
            points.emplace_back(xmap(static_cast<double>((*s.times)[i])), ymap(s.values[i]));
        }
        if (points.size() < 2) {
            continue;
        }
        for (int pass = 0; pass < 2; ++pass) {
            const bool past = pass == 1;
            dl->PushClipRect(ImVec2(past ? plot.x - 4 : cx, plot.y - 4),
                             ImVec2(past ? cx : plot.right() + 4, plot.bottom() + 4), true);
            const ImU32 colour = past ? s.colour : (s.colour & ~IM_COL32_A_MASK) | (90u << IM_COL32_A_SHIFT);
            if (s.dashed) {
                for (std::size_t i = 1; i < points.size(); ++i) {
                    dashed_line(dl, points[i - 1], points[i], colour, style.line_width, 6, 4);
                }
            } else {
                dl->AddPolyline(points.data(), static_cast<int>(points.size()), colour, 0, style.line_width);
            }
            dl->PopClipRect();
        }
        if (s.first > 0 && now < (*s.times)[s.first]) {
            continue; // a branch not yet branched: its parent's dot says it all
        }
        const double v = value_at(s, now);
        dl->AddCircleFilled(ImVec2(cx, ymap(v)), style.line_width + 2.5f, s.colour, 16);
    }
    dl->AddLine(ImVec2(cx, plot.y), ImVec2(cx, plot.bottom()), theme::rgb(theme::c().cursor, 0.55f), 1.0f);

    // Hover read-out; a click moves the cursor there.
    ImGui::SetCursorScreenPos(ImVec2(plot.x, plot.y));
    ImGui::InvisibleButton(id, ImVec2(plot.w, plot.h));
    if (style.hover && ImGui::IsItemHovered()) {
        const float mx = ImGui::GetIO().MousePos.x;
        const auto t = static_cast<Ticks>(xmap.inverse(mx));
        dl->AddLine(ImVec2(mx, plot.y), ImVec2(mx, plot.bottom()), theme::rgb(theme::c().text, 0.35f), 1.0f);
        ImGui::BeginTooltip();
        ImGui::TextUnformatted(format_date(model.calendar(), t).c_str());
        for (const Series& s : series) {
            const double v = value_at(s, t);
            dl->AddCircle(ImVec2(mx, ymap(v)), 4.0f, s.colour, 12, 1.5f);
            ImGui::TextColored(theme::to_vec4(s.colour), "%s%s%s", s.name, *s.name ? ": " : "",
                               format_kpi(kpi, v, state.currency).c_str());
        }
        ImGui::EndTooltip();
        if (ImGui::IsItemClicked()) {
            state.cursor.seek(t);
        }
    }
    dl->PopClipRect();
}

} // namespace innosim::viz::draw

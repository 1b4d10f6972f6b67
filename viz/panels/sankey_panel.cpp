// Funding flows as a Sankey diagram for a chosen period: source (funder or other source) ->
// instrument -> stage or problem category, totals in Rial or Toman.
#include "viz/core/format.hpp"
#include "viz/draw.hpp"
#include "viz/panels.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace innosim::viz {

namespace {

ImU32 node_colour(const SankeyNode& n, SankeyTarget target) {
    switch (n.column) {
    case SankeyColumn::Source:
        return n.is_funder ? theme::funder_colour(n.code) : theme::agent_kind_colour(n.code);
    case SankeyColumn::Instrument:
        return theme::reason_colour(static_cast<run::Reason>(n.code));
    case SankeyColumn::Target:
        return target == SankeyTarget::Stage ? theme::stage_colour(static_cast<run::Stage>(n.code))
                                             : theme::category_colour(n.code);
    }
    return theme::rgb(theme::c().text_dim);
}

/// The period the diagram covers, on A's clock, ending at the cursor.
std::pair<Ticks, Ticks> period(const AppState& state) {
    const RunModel& model = state.a->model;
    const Ticks now = state.cursor.time();
    switch (state.sankey_period) {
    case SankeyPeriod::Last12Months: {
        const sim::JalaliDate d = model.calendar().date_at(now);
        return {model.calendar().to_ticks({d.year - 1, d.month, 1}) - 1, now};
    }
    case SankeyPeriod::SolarYear: {
        const sim::JalaliDate d = model.calendar().date_at(now);
        return {model.calendar().to_ticks({d.year, 1, 1}) - 1, now};
    }
    case SankeyPeriod::WholeRun:
        return {model.begin_time() - 1, now};
    }
    return {model.begin_time() - 1, now};
}

/// A band from (x0, a0..a1) to (x1, b0..b1), eased with smoothstep: one triangle strip without
/// anti-aliased fringes, since every fringe pixel costs fill rate on software GL. True when `mouse`
/// is inside it.
bool draw_band(ImDrawList* dl, float x0, float a0, float a1, float x1, float b0, float b1, ImU32 colour, ImVec2 mouse) {
    constexpr int kSlices = 16;
    const ImVec2 uv = ImGui::GetFontTexUvWhitePixel();
    dl->PrimReserve(kSlices * 6, (kSlices + 1) * 2);
    const auto base = static_cast<ImDrawIdx>(dl->_VtxCurrentIdx);
    bool hit = false;
    for (int i = 0; i <= kSlices; ++i) {
        const float u = static_cast<float>(i) / kSlices;
        const float e = u * u * (3 - 2 * u);
        const float x = x0 + (x1 - x0) * u;
        const float top = a0 + (b0 - a0) * e;
        const float bottom = a1 + (b1 - a1) * e;
        dl->PrimWriteVtx(ImVec2(x, top), uv, colour);
        dl->PrimWriteVtx(ImVec2(x, bottom), uv, colour);
        if (i > 0) {
            const auto k = static_cast<ImDrawIdx>(base + 2 * i);
            dl->PrimWriteIdx(static_cast<ImDrawIdx>(k - 2));
            dl->PrimWriteIdx(k);
            dl->PrimWriteIdx(static_cast<ImDrawIdx>(k - 1));
            dl->PrimWriteIdx(static_cast<ImDrawIdx>(k - 1));
            dl->PrimWriteIdx(k);
            dl->PrimWriteIdx(static_cast<ImDrawIdx>(k + 1));
        }
        const float half = (x1 - x0) / kSlices * 0.5f;
        if (std::abs(mouse.x - x) <= half && mouse.y >= top && mouse.y <= bottom) {
            hit = true;
        }
    }
    return hit;
}

} // namespace

void draw_sankey_panel(AppState& state, RectF rect) {
    const std::string title = std::string(ui(state, text::Msg::SankeyTitle)) + "###sankey";
    if (!draw::begin_panel(state, Panel::Sankey, title.c_str(), rect,
                           ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse)) {
        draw::end_panel();
        return;
    }
    const float fs = ImGui::GetFontSize();
    const std::string period_names[] = {ui(state, text::Msg::SankeyLast12), ui(state, text::Msg::SankeySolarYear),
                                        ui(state, text::Msg::SankeyWholeRun)};
    const char* periods[] = {period_names[0].c_str(), period_names[1].c_str(), period_names[2].c_str()};
    int period_index = static_cast<int>(state.sankey_period);
    ImGui::SetNextItemWidth(fs * 9.5f);
    if (ImGui::Combo("##period", &period_index, periods, 3)) {
        state.sankey_period = static_cast<SankeyPeriod>(period_index);
    }
    ImGui::SameLine();
    int target = static_cast<int>(state.sankey_target);
    ImGui::RadioButton(ui(state, text::Msg::SankeyByStage), &target, 0);
    ImGui::SameLine();
    ImGui::RadioButton(ui(state, text::Msg::SankeyByProblem), &target, 1);
    state.sankey_target = static_cast<SankeyTarget>(target);

    const auto [from, to] = period(state);
    const Sankey& sankey = state.a->sankey_for(from, to, state.sankey_target);
    const Lang lang = state.lang;
    std::string total = text::tr(lang, text::Msg::SankeyTotal, {format_money(sankey.total_rial, state.currency, lang)});
    const std::string dates =
        "  " + text::tr(lang, text::Msg::SankeyDates,
                        {format_date(state.a->model.calendar(), std::max<Ticks>(0, from + 1), lang),
                         format_date(state.a->model.calendar(), to, lang)});
    bool toman = state.currency == Currency::Toman;
    const char* toman_label = ui(state, text::Msg::SankeyToman);
    const float check_w = ImGui::CalcTextSize(toman_label).x + ImGui::GetFrameHeight() + 8;
    const float room = ImGui::GetContentRegionAvail().x - check_w - 8;
    if (ImGui::CalcTextSize(ui(state, total + dates)).x <= room) {
        total += dates; // the period's dates when there is room for them beside the toggle
    }
    ImGui::TextDisabled("%s", ui(state, total));
    ImGui::SameLine(std::max(ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + 8,
                             ImGui::GetWindowContentRegionMax().x - check_w));
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() - ImGui::GetStyle().FramePadding.y);
    if (ImGui::Checkbox(toman_label, &toman)) {
        state.currency = toman ? Currency::Toman : Currency::Rial;
    }

    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (sankey.nodes.empty()) {
        ImGui::TextDisabled("%s", ui(state, text::Msg::SankeyNone));
        draw::end_panel();
        return;
    }
    ImFont* font = ImGui::GetFont();
    const float small = fs * 0.85f;
    const float bar = 10.0f * ui_units(state);
    const float label_w = std::min(avail.x * 0.27f, fs * 11.0f);
    const float top = origin.y + 4;
    const float height = std::max(20.0f, avail.y - 8);
    const float col_x[3] = {origin.x + label_w, origin.x + avail.x * 0.5f - bar * 0.5f,
                            origin.x + avail.x - label_w - bar};
    const auto ypx = [&](float v) { return top + v * height; };
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const bool hover_here = ImGui::IsWindowHovered() && mouse.x >= origin.x && mouse.y >= origin.y;

    const SankeyLink* hovered = nullptr;
    for (const SankeyLink& l : sankey.links) {
        const SankeyNode& s = sankey.nodes[l.source];
        const SankeyNode& t = sankey.nodes[l.target];
        const float x0 = col_x[static_cast<int>(s.column)] + bar;
        const float x1 = col_x[static_cast<int>(t.column)];
        const ImU32 colour = node_colour(s.column == SankeyColumn::Source ? s : t, state.sankey_target);
        const bool hit = draw_band(dl, x0, ypx(l.source_y0), ypx(l.source_y1), x1, ypx(l.target_y0), ypx(l.target_y1),
                                   (colour & 0x00FFFFFF) | (70u << 24), hover_here ? mouse : ImVec2(-1, -1));
        if (hit) {
            hovered = &l;
        }
    }
    if (hovered != nullptr) {
        const SankeyNode& s = sankey.nodes[hovered->source];
        const SankeyNode& t = sankey.nodes[hovered->target];
        draw_band(dl, col_x[static_cast<int>(s.column)] + bar, ypx(hovered->source_y0), ypx(hovered->source_y1),
                  col_x[static_cast<int>(t.column)], ypx(hovered->target_y0), ypx(hovered->target_y1),
                  theme::rgb(theme::c().rim, 0.25f), ImVec2(-1, -1));
        ImGui::SetTooltip("%s -> %s\n%s (%.0f%%)", s.label.c_str(), t.label.c_str(),
                          format_money(hovered->value, state.currency).c_str(),
                          100.0 * hovered->value / std::max(1.0, sankey.total_rial));
    }
    // Nodes, then their labels: a label that would overlap the one above it is left to the tooltip.
    float label_bottom[3] = {-1e9f, -1e9f, -1e9f};
    for (const SankeyNode& n : sankey.nodes) {
        const auto c = static_cast<int>(n.column);
        const float y0 = ypx(n.y0);
        const float y1 = std::max(ypx(n.y1), y0 + 1.5f);
        dl->AddRectFilled(ImVec2(col_x[c], y0), ImVec2(col_x[c] + bar, y1), node_colour(n, state.sankey_target), 2.0f);
        const std::string value = ui(state, format_money_short(n.value, state.currency, lang));
        // Mashhad's names and the diagram's words in the viewer's language; stages by their label.
        const std::string label = n.column == SankeyColumn::Target && state.sankey_target == SankeyTarget::Stage
                                      ? std::string(stage_label(static_cast<run::Stage>(n.code), lang))
                                      : text::known_name(lang, n.label);
        if (hover_here && mouse.x >= col_x[c] - 2 && mouse.x <= col_x[c] + bar + 2 && mouse.y >= y0 && mouse.y <= y1) {
            ImGui::SetTooltip("%s\n%s (%.0f%%)", n.label.c_str(), format_money(n.value, state.currency).c_str(),
                              100.0 * n.value / std::max(1.0, sankey.total_rial));
        }
        const float mid = (y0 + y1) * 0.5f;
        const float room = n.column == SankeyColumn::Instrument ? avail.x * 0.5f - label_w - bar - 8 : label_w - 8;
        const std::string name = ui(state, draw::elide(font, small, label, room));
        const ImVec2 ns = draw::text_size(font, small, name.c_str());
        const ImVec2 vs = draw::text_size(font, small, value.c_str());
        const bool two_lines = y1 - y0 > small * 2.0f;
        const float name_y = std::max(two_lines ? mid - small : mid - small * 0.5f, label_bottom[c]);
        if (name_y > y1 + 1.0f || name_y + ns.y > origin.y + avail.y) {
            continue; // pushed off its node (or the panel) by the labels above: the tooltip has it
        }
        label_bottom[c] = name_y + (two_lines ? small * 2.0f : small) + 1.0f;
        if (n.column == SankeyColumn::Source) {
            draw::label(state, dl, font, small, ImVec2(col_x[c] - 6 - ns.x, name_y), theme::rgb(theme::c().text),
                        name.c_str());
            if (two_lines) {
                draw::label(state, dl, font, small, ImVec2(col_x[c] - 6 - vs.x, name_y + small),
                            theme::rgb(theme::c().text_dim), value.c_str());
            }
        } else {
            draw::shadow_text(dl, font, small, ImVec2(col_x[c] + bar + 6, name_y), theme::rgb(theme::c().text),
                              name.c_str());
            draw::note_box(state, {col_x[c] + bar + 6, name_y, draw::text_size(font, small, name.c_str()).x, small},
                           name.c_str());
            if (two_lines) {
                draw::label(state, dl, font, small, ImVec2(col_x[c] + bar + 6, name_y + small),
                            theme::rgb(theme::c().text_dim), value.c_str());
            }
        }
    }
    ImGui::Dummy(avail);
    draw::end_panel();
}

} // namespace innosim::viz

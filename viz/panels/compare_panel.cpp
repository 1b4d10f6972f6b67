// Compare: what differs between run A and run B, and every KPI side by side at the cursor (or
// at the horizon), B's difference coloured by whether it is better or worse.
#include "viz/core/format.hpp"
#include "viz/core/why.hpp"
#include "viz/draw.hpp"
#include "viz/panels.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace innosim::viz {

void draw_compare_panel(AppState& state, RectF rect) {
    const Lang lang = state.lang;
    const std::string title = std::string(ui(state, text::Msg::CompareTitle)) + "###compare";
    if (!draw::begin_panel(state, Panel::Compare, title.c_str(), rect)) {
        draw::end_panel();
        return;
    }
    const RunView& a = *state.a;
    const RunView& b = *state.b;
    ImGui::TextColored(theme::to_vec4(theme::rgb(theme::c().run_a)), "%s",
                       ui(state, text::tr(lang, text::Msg::RunA) + "  " + run_title(state, 0)));
    ImGui::TextColored(theme::to_vec4(theme::rgb(theme::c().run_b)), "%s",
                       ui(state, text::tr(lang, text::Msg::RunB) + "  " + run_title(state, 1)));
    if (const std::optional<Ticks> fork = fork_point(state)) {
        ImGui::TextDisabled("%s", ui(state, text::Msg::BranchedOn, {format_date(a.model.calendar(), *fork, lang)}));
    }
    // What B changes, in words and whole ("Payment delay, every department: A 150-180 days, B 30
    // days, since 1403/01/01"); a long list scrolls in its own box.
    const Ticks now = state.cursor.time();
    const Why why = explain(a.model, b.model, now, state.align.to_b(now));
    std::vector<std::string> differences;
    for (const MechanismView& g : why.groups) {
        for (const LeverDifference& l : g.levers) {
            differences.push_back(describe_lever(l, a.model.calendar(), lang, state.currency));
        }
    }
    if (why.same_levers && a.model.header().seed() != b.model.header().seed()) {
        differences.push_back(text::tr(lang, text::Msg::AnotherFuture,
                                       {text::count(lang, static_cast<std::int64_t>(a.model.header().seed())),
                                        text::count(lang, static_cast<std::int64_t>(b.model.header().seed()))}));
    }
    const float list_h =
        std::min(ImGui::GetTextLineHeightWithSpacing() * static_cast<float>(differences.size() * 2 + 1),
                 ImGui::GetContentRegionAvail().y * 0.35f);
    if (!differences.empty() && ImGui::BeginChild("changes", ImVec2(0, list_h))) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme::to_vec4(theme::rgb(theme::c().chapter)));
        for (const std::string& d : differences) {
            // Wrapped in logical order, each line shaped on its own (right to left in Persian).
            for (const std::string& line :
                 draw::wrap(ImGui::GetFont(), ImGui::GetFontSize(), d, ImGui::GetContentRegionAvail().x - 4, 4)) {
                ImGui::TextUnformatted(ui(state, line));
            }
        }
        ImGui::PopStyleColor();
    }
    if (!differences.empty()) {
        ImGui::EndChild();
    }
    ImGui::Checkbox(ui(state, text::Msg::AtTheHorizonCheck), &state.compare_at_horizon);
    const Ticks t = state.compare_at_horizon ? a.model.horizon_time() : state.cursor.time();
    ImGui::SameLine();
    ImGui::TextDisabled("%s",
                        ui(state, format_date(a.model.calendar(), t, lang) + ", " +
                                      text::tr(lang, state.currency == Currency::Toman ? text::Msg::MoneyInToman
                                                                                       : text::Msg::MoneyInRial)));

    const std::vector<KpiDiff> rows = kpi_diffs(kpis_at(a.model, t), kpis_at(b.model, state.align.to_b(t)));
    const ImGuiTableFlags flags =
        ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_BordersInnerH;
    if (ImGui::BeginTable("diffs", 4, flags, ImGui::GetContentRegionAvail())) {
        ImGui::TableSetupScrollFreeze(0, 1);
        const std::string columns[] = {ui(state, text::Msg::ColumnKpi), ui(state, text::Msg::RunA),
                                       ui(state, text::Msg::RunB), ui(state, text::Msg::Difference)};
        ImGui::TableSetupColumn(columns[0].c_str(), ImGuiTableColumnFlags_WidthStretch, 3.0f);
        ImGui::TableSetupColumn(columns[1].c_str(), ImGuiTableColumnFlags_WidthStretch, 1.5f);
        ImGui::TableSetupColumn(columns[2].c_str(), ImGuiTableColumnFlags_WidthStretch, 1.5f);
        ImGui::TableSetupColumn(columns[3].c_str(), ImGuiTableColumnFlags_WidthStretch, 1.5f);
        ImGui::TableHeadersRow();
        for (const KpiDiff& d : rows) {
            const KpiDesc& desc = kpi_descs()[d.kpi];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            const std::string label = kpi_label(desc, lang);
            ImGui::TextUnformatted(ui(state, label));
            if (ImGui::IsItemHovered()) {
                ImGui::SetTooltip("%s", ui(state, text::tr(lang, text::Msg::LeverAB,
                                                           {label, format_kpi(desc, d.a, state.currency, lang),
                                                            format_kpi(desc, d.b, state.currency, lang)})));
            }
            ImGui::TableNextColumn();
            ImGui::TextColored(theme::to_vec4(theme::rgb(theme::c().run_a)), "%s",
                               ui(state, format_kpi_axis(desc, d.a, state.currency, lang)));
            ImGui::TableNextColumn();
            ImGui::TextColored(theme::to_vec4(theme::rgb(theme::c().run_b)), "%s",
                               ui(state, format_kpi_axis(desc, d.b, state.currency, lang)));
            ImGui::TableNextColumn();
            // Below half a per mille the printed difference would be "+0.0%": that is no difference.
            if (d.verdict == Verdict::Same || (d.a != 0 && std::abs(d.relative) < 0.0005)) {
                ImGui::TextDisabled("%s", ui(state, text::Msg::Same));
                continue;
            }
            char text[48];
            if (d.a != 0 && std::abs(d.relative) < 100) {
                std::snprintf(text, sizeof text, std::abs(d.relative) < 0.1 ? "%+.1f%%" : "%+.0f%%",
                              d.relative * 100.0);
            } else {
                std::snprintf(text, sizeof text, "%s%s", d.delta > 0 ? "+" : "",
                              format_kpi_axis(desc, d.delta, state.currency).c_str());
            }
            const ImU32 colour = theme::rgb(d.verdict == Verdict::Better ? theme::c().good : theme::c().bad);
            ImGui::TextColored(theme::to_vec4(colour), "%s %s", d.delta > 0 ? "\xe2\x96\xb2" : "\xe2\x96\xbc",
                               ui(state, text::digits(lang, text)));
        }
        ImGui::EndTable();
    }
    draw::end_panel();
}

} // namespace innosim::viz

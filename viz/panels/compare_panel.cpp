// Compare: what differs between run A and run B, and every KPI side by side at the cursor (or
// at the horizon), B's difference coloured by whether it is better or worse.
#include "viz/core/format.hpp"
#include "viz/draw.hpp"
#include "viz/panels.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace innosim::viz {

void draw_compare_panel(AppState& state, RectF rect) {
    if (!draw::begin_panel(state, Panel::Compare, "Compare A and B###compare", rect)) {
        draw::end_panel();
        return;
    }
    const RunView& a = *state.a;
    const RunView& b = *state.b;
    ImGui::TextColored(theme::to_vec4(theme::rgb(theme::c().run_a)), "A  %s", run_title(state, 0).c_str());
    ImGui::TextColored(theme::to_vec4(theme::rgb(theme::c().run_b)), "B  %s", run_title(state, 1).c_str());
    if (const std::optional<Ticks> fork = fork_point(state)) {
        ImGui::TextDisabled("B branched off A on %s", format_date(a.model.calendar(), *fork).c_str());
    }
    const std::vector<std::string> differences = scenario_differences(a.model.header(), b.model.header());
    // Whole, wrapped: a lever cut mid-number says the wrong thing. A long list scrolls in its own box.
    const float list_h = std::min(ImGui::GetTextLineHeightWithSpacing() * static_cast<float>(differences.size() + 1),
                                  ImGui::GetContentRegionAvail().y * 0.35f);
    if (!differences.empty() && ImGui::BeginChild("changes", ImVec2(0, list_h))) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        for (const std::string& d : differences) {
            ImGui::TextWrapped("%s", d.c_str());
        }
        ImGui::PopStyleColor();
    }
    if (!differences.empty()) {
        ImGui::EndChild();
    }
    ImGui::Checkbox("at the horizon", &state.compare_at_horizon);
    const Ticks t = state.compare_at_horizon ? a.model.horizon_time() : state.cursor.time();
    ImGui::SameLine();
    ImGui::TextDisabled("%s%s", format_date(a.model.calendar(), t).c_str(),
                        state.currency == Currency::Toman ? ", money in Toman" : ", money in Rial");

    const std::vector<KpiDiff> rows = kpi_diffs(kpis_at(a.model, t), kpis_at(b.model, state.align.to_b(t)));
    const ImGuiTableFlags flags =
        ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_BordersInnerH;
    if (ImGui::BeginTable("diffs", 4, flags, ImGui::GetContentRegionAvail())) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("KPI", ImGuiTableColumnFlags_WidthStretch, 3.0f);
        ImGui::TableSetupColumn("A", ImGuiTableColumnFlags_WidthStretch, 1.5f);
        ImGui::TableSetupColumn("B", ImGuiTableColumnFlags_WidthStretch, 1.5f);
        ImGui::TableSetupColumn("B - A", ImGuiTableColumnFlags_WidthStretch, 1.5f);
        ImGui::TableHeadersRow();
        for (const KpiDiff& d : rows) {
            const KpiDesc& desc = kpi_descs()[d.kpi];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(std::string(desc.label).c_str());
            if (ImGui::IsItemHovered()) {
                ImGui::SetTooltip("%s: A %s, B %s", std::string(desc.label).c_str(),
                                  format_kpi(desc, d.a, state.currency).c_str(),
                                  format_kpi(desc, d.b, state.currency).c_str());
            }
            ImGui::TableNextColumn();
            ImGui::TextColored(theme::to_vec4(theme::rgb(theme::c().run_a)), "%s",
                               format_kpi_axis(desc, d.a, state.currency).c_str());
            ImGui::TableNextColumn();
            ImGui::TextColored(theme::to_vec4(theme::rgb(theme::c().run_b)), "%s",
                               format_kpi_axis(desc, d.b, state.currency).c_str());
            ImGui::TableNextColumn();
            // Below half a per mille the printed difference would be "+0.0%": that is no difference.
            if (d.verdict == Verdict::Same || (d.a != 0 && std::abs(d.relative) < 0.0005)) {
                ImGui::TextDisabled("same");
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
            ImGui::TextColored(theme::to_vec4(colour), "%s %s", d.delta > 0 ? "\xe2\x96\xb2" : "\xe2\x96\xbc", text);
        }
        ImGui::EndTable();
    }
    draw::end_panel();
}

} // namespace innosim::viz

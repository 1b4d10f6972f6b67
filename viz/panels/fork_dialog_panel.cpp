// "Fork from here": the common levers with their value on the cursor's date and their range, a
// free "path=value" field, and the fork itself (on the server for a live run, through `innosim
// fork` for a file). A lever the scenario refuses is shown here and nothing is sent.
#include "viz/core/format.hpp"
#include "viz/draw.hpp"
#include "viz/panels.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace innosim::viz {

namespace {

int resize_string(ImGuiInputTextCallbackData* data) {
    if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
        auto* text = static_cast<std::string*>(data->UserData);
        text->resize(static_cast<std::size_t>(data->BufTextLen));
        data->Buf = text->data();
    }
    return 0;
}

std::string range_text(const LeverValue& v) {
    std::string text = "range " + lever_text(v.min, v.integer) + " to " + lever_text(v.max, v.integer);
    if (!v.unit.empty()) {
        text += " " + v.unit;
    }
    return text;
}

/// The value now, with its unit when that is short ("share of innovation budget" goes to the tooltip).
std::string current_text(const LeverChoice& lever) {
    const LeverValue& v = lever.current;
    std::string text = lever_text(lever.current_low, v.integer);
    if (lever.current_high != lever.current_low) {
        text += " to " + lever_text(lever.current_high, v.integer);
    }
    const std::string unit = v.unit.substr(0, v.unit.find(' '));
    if (!unit.empty()) {
        text += " " + unit;
    }
    return text;
}

/// The assignments the dialog's choices make, in the order shown.
std::vector<std::string> chosen_assignments(const AppState& state) {
    const ForkDialog& d = state.fork;
    const scenario::Scenario scenario = scenario_on(state.a->model.header(), d.date);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < d.levers.size(); ++i) {
        if (d.enabled[i]) {
            for (std::string& a : lever_assignments(scenario, d.levers[i], d.values[i])) {
                out.push_back(std::move(a));
            }
        }
    }
    for (std::string& a : split_free_assignments(d.free_text)) {
        out.push_back(std::move(a));
    }
    return out;
}

} // namespace

void draw_fork_dialog(AppState& state) {
    ForkDialog& d = state.fork;
    if (d.pending) {
        ImGui::OpenPopup("Fork from here###fork");
        d.pending = false;
        d.open = true;
    }
    if (!d.open || !state.a) {
        return;
    }
    const ImGuiIO& io = ImGui::GetIO();
    const float fs = ImGui::GetFontSize();
    const float width = std::min(io.DisplaySize.x * 0.92f, fs * 46);
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.45f), ImGuiCond_Always,
                            ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0), ImVec2(width, io.DisplaySize.y * 0.9f));
    if (!ImGui::BeginPopupModal("Fork from here###fork", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        d.open = false;
        return;
    }
    const RunModel& a = state.a->model;
    const bool live = state.live.session && state.live.a_run != 0;
    ImGui::PushFont(state.fonts.bold);
    ImGui::Text("Branch %s on %s", run_title(state, 0).c_str(), format_date_long(a.calendar(), d.at).c_str());
    ImGui::PopFont();
    ImGui::PushTextWrapPos(width - ImGui::GetStyle().WindowPadding.x * 2);
    ImGui::TextDisabled("%s", live ? "The server runs the branch from this day with the levers below; every viewer "
                                     "sees it beside its parent."
                                   : "innosim fork continues this run file from this day with the levers below; "
                                     "the branch then opens over its parent.");
    ImGui::PopTextWrapPos();
    ImGui::Spacing();

    if (ImGui::BeginTable("levers", 3, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg)) {
        ImGui::TableSetupColumn("lever", ImGuiTableColumnFlags_WidthStretch, 2.3f);
        ImGui::TableSetupColumn("now", ImGuiTableColumnFlags_WidthStretch, 1.5f);
        ImGui::TableSetupColumn("new", ImGuiTableColumnFlags_WidthStretch, 1.4f);
        for (std::size_t i = 0; i < d.levers.size(); ++i) {
            const LeverChoice& lever = d.levers[i];
            ImGui::PushID(static_cast<int>(i));
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            bool on = d.enabled[i];
            if (ImGui::Checkbox(lever.label.c_str(), &on)) {
                d.enabled[i] = on;
            }
            if (ImGui::IsItemHovered()) {
                ImGui::SetTooltip(
                    "%s%s\n%s%s", lever.all_departments ? "departments[...]." : "", lever.path.c_str(),
                    range_text(lever.current).c_str(),
                    lever.all_departments
                        ? ("\nthe same value for all " + std::to_string(lever.departments) + " departments").c_str()
                        : "");
            }
            ImGui::TableNextColumn();
            ImGui::AlignTextToFramePadding();
            ImGui::TextDisabled("now %s", current_text(lever).c_str());
            ImGui::TableNextColumn();
            ImGui::SetNextItemWidth(-1);
            double value = d.values[i];
            const double step = lever.current.integer ? 1.0 : (lever.current.max <= 1.0 ? 0.005 : 0.1);
            const char* format = lever.current.integer ? "%.0f" : "%.4g";
            if (ImGui::InputScalar("##value", ImGuiDataType_Double, &value, &step, nullptr, format)) {
                value = std::clamp(value, lever.current.min, lever.current.max);
                if (lever.current.integer) {
                    value = std::round(value);
                }
                d.values[i] = value;
                d.enabled[i] = true; // typing a value means changing it
            }
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    ImGui::Spacing();
    ImGui::TextUnformatted("Other levers, one PATH=VALUE per line:");
    ImGui::InputTextMultiline("##free", d.free_text.data(), d.free_text.capacity() + 1,
                              ImVec2(-1, ImGui::GetTextLineHeight() * 3.4f), ImGuiInputTextFlags_CallbackResize,
                              resize_string, &d.free_text);
    ImGui::TextDisabled("e.g. departments[Transport].payment_delay_days=30, funders[0].capital_per_year_rial=5e12");

    if (!d.error.empty()) {
        ImGui::Spacing();
        ImGui::PushTextWrapPos(width - ImGui::GetStyle().WindowPadding.x * 2);
        ImGui::TextColored(theme::to_vec4(theme::rgb(theme::c().bad)), "%s", d.error.c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::Spacing();
    ImGui::Separator();
    const std::vector<std::string> assignments = chosen_assignments(state);
    ImGui::BeginDisabled(assignments.empty());
    const bool go = ImGui::Button("Fork", ImVec2(fs * 7, 0));
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Cancel", ImVec2(fs * 7, 0)) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
        d.open = false;
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (assignments.empty()) {
        ImGui::TextDisabled("choose a lever");
    } else {
        ImGui::TextDisabled("%zu lever change%s", assignments.size(), assignments.size() == 1 ? "" : "s");
    }
    if (go) {
        std::string error;
        if (start_fork(state, d.date, assignments, error)) {
            d.error.clear();
            d.open = false;
            ImGui::CloseCurrentPopup();
        } else {
            d.error = error;
        }
    }
    ImGui::EndPopup();
}

} // namespace innosim::viz

// Live: the connection to `innosim serve` (connected, reconnecting and why, lost and why) and the
// server's runs as a tree (each run followed by its forks), with which is shown as A and B,
// pause/resume, and "fork from here".
#include "viz/core/format.hpp"
#include "viz/draw.hpp"
#include "viz/panels.hpp"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace innosim::viz {

namespace {

unsigned state_colour(LinkState state) {
    switch (state) {
    case LinkState::Connected:
        return theme::c().good;
    case LinkState::Connecting:
    case LinkState::Reconnecting:
        return theme::c().factory;
    case LinkState::Lost:
        return theme::c().bad;
    }
    return theme::c().text_dim;
}

void draw_status(AppState& state) {
    const LiveState& live = state.live;
    const LinkStatus& status = live.status;
    const float fs = ImGui::GetFontSize();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(p.x + fs * 0.4f, p.y + fs * 0.55f), fs * 0.32f,
                                                theme::rgb(state_colour(status.state)), 16);
    ImGui::SetCursorScreenPos(ImVec2(p.x + fs * 1.1f, p.y));
    const auto seconds =
        static_cast<long>(std::chrono::duration<double>(std::chrono::steady_clock::now() - status.since).count());
    const std::string address = live.session->address();
    ImGui::PushFont(state.fonts.bold);
    switch (status.state) {
    case LinkState::Connecting:
        ImGui::Text("Connecting to %s...", address.c_str());
        break;
    case LinkState::Connected:
        ImGui::Text("Connected to %s", address.c_str());
        break;
    case LinkState::Reconnecting:
        ImGui::TextColored(theme::to_vec4(theme::rgb(theme::c().factory)), "Reconnecting to %s (%ld s)",
                           address.c_str(), seconds);
        break;
    case LinkState::Lost:
        ImGui::TextColored(theme::to_vec4(theme::rgb(theme::c().bad)), "Connection lost: %s", address.c_str());
        break;
    }
    ImGui::PopFont();
    ImGui::PushTextWrapPos(0);
    if (status.state == LinkState::Connected) {
        ImGui::TextDisabled("%s%s", status.server_version.c_str(),
                            status.welcomes > 1 ? (", reconnected " + std::to_string(status.welcomes - 1) + "x").c_str()
                                                : "");
    } else if (!status.reason.empty()) {
        ImGui::TextColored(
            theme::to_vec4(theme::rgb(status.state == LinkState::Lost ? theme::c().bad : theme::c().text_dim)), "%s%s",
            status.reason.c_str(), status.state == LinkState::Lost ? "" : " - retrying by itself");
    }
    ImGui::PopTextWrapPos();
}

std::string run_state_text(const LiveRunRow& row) {
    const live::RunInfo& info = row.info;
    std::string text;
    switch (info.state()) {
    case live::RUNNING:
        text = info.speed() < 0 ? "running at full speed"
                                : "running, " + format_count(std::round(info.speed())) + " days/s";
        break;
    case live::PAUSED:
        text = "paused";
        break;
    case live::FINISHED:
        text = "finished";
        break;
    case live::FAILED:
        text = "failed: " + info.error();
        break;
    default:
        text = "waiting";
        break;
    }
    if (!row.reached_date.empty() && info.state() != live::FINISHED) {
        text += ", at " + row.reached_date;
    }
    return text;
}

/// A small toggle drawn as a selectable: "A" or "B".
bool pick_button(const char* label, bool on, unsigned colour, bool enabled) {
    ImGui::PushStyleColor(ImGuiCol_Button, on ? theme::rgb(colour, 0.85f) : theme::rgb(theme::c().grid));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, theme::rgb(colour, on ? 1.0f : 0.45f));
    ImGui::PushStyleColor(ImGuiCol_Text, on ? theme::rgb(theme::c().background) : theme::rgb(theme::c().text));
    if (!enabled) {
        ImGui::BeginDisabled();
    }
    const bool pressed = ImGui::SmallButton(label);
    if (!enabled) {
        ImGui::EndDisabled();
    }
    ImGui::PopStyleColor(3);
    return pressed;
}

void draw_runs(AppState& state) {
    LiveState& live = state.live;
    if (live.rows.empty()) {
        ImGui::Spacing();
        ImGui::TextDisabled(live.status.state == LinkState::Connected ? "The server has no runs yet." : "No runs yet.");
        return;
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
    const float footer = ImGui::GetFrameHeightWithSpacing() * 2 + ImGui::GetStyle().ItemSpacing.y;
    const ImVec2 size(0, std::max(ImGui::GetFrameHeight() * 2, ImGui::GetContentRegionAvail().y - footer));
    if (!ImGui::BeginTable("runs", 2, flags, size)) {
        return;
    }
    const float buttons = ImGui::CalcTextSize("ABII").x + ImGui::GetStyle().FramePadding.x * 6 + 6;
    ImGui::TableSetupColumn("run", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("show", ImGuiTableColumnFlags_WidthFixed, buttons);
    const float indent = ImGui::GetFontSize() * 0.9f;
    std::optional<std::pair<std::uint32_t, bool>> show; // (run, as B): applied after the loop
    for (const auto& [index, depth] : run_tree(live.rows)) {
        const LiveRunRow& row = live.rows[index];
        ImGui::PushID(static_cast<int>(row.id));
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        const float x0 = ImGui::GetCursorPosX() + indent * static_cast<float>(std::min(depth, 6));
        ImGui::SetCursorPosX(x0);
        if (depth > 0) {
            ImGui::TextDisabled("\xe2\x94\x94"); // a branch line
            ImGui::SameLine(0, 4);
        }
        // Line 1: the run; line 2: where it is, or where it branched and with which levers.
        const bool shown = row.id == live.a_run || row.id == live.b_run;
        const float width = ImGui::GetContentRegionAvail().x;
        ImGui::PushFont(shown ? state.fonts.bold : state.fonts.body);
        std::string name = std::to_string(row.id);
        name.insert(0, 1, '#');
        name.append(" ").append(row.info.scenario_name());
        ImGui::TextUnformatted(draw::elide(ImGui::GetFont(), ImGui::GetFontSize(), name, width).c_str());
        ImGui::PopFont();
        const bool fork = row.info.parent_run_id() != 0;
        if (ImGui::IsItemHovered() && fork) {
            ImGui::BeginTooltip();
            ImGui::Text("Fork of run %u from %s", row.info.parent_run_id(), row.info.fork_date().c_str());
            for (const std::string& lever : row.info.overrides()) {
                ImGui::BulletText("%s", lever.c_str());
            }
            ImGui::EndTooltip();
        }
        ImGui::SetCursorPosX(x0);
        const float room = ImGui::GetContentRegionAvail().x;
        const std::string text = run_state_text(row);
        ImGui::TextColored(
            theme::to_vec4(theme::rgb(row.info.state() == live::FAILED ? theme::c().bad : theme::c().text_dim)), "%s",
            draw::elide(ImGui::GetFont(), ImGui::GetFontSize(), text, room).c_str());
        if (fork) {
            std::string levers = "from " + row.info.fork_date();
            for (int i = 0; i < row.info.overrides_size(); ++i) {
                levers += i == 0 ? ": " : ", ";
                levers += row.info.overrides(i);
            }
            ImGui::SetCursorPosX(x0);
            ImGui::TextColored(theme::to_vec4(theme::rgb(theme::c().run_b, 0.85f)), "%s",
                               draw::elide(ImGui::GetFont(), ImGui::GetFontSize(), levers, room).c_str());
        }
        ImGui::TableNextColumn();
        if (pick_button("A", row.id == live.a_run, theme::c().run_a, row.has_header)) {
            show = std::make_pair(row.id, false);
        }
        if (ImGui::IsItemHovered()) {
            ImGui::SetTooltip("Show run %u (as A)", row.id);
        }
        ImGui::SameLine(0, 3);
        if (pick_button("B", row.id == live.b_run, theme::c().run_b,
                        row.has_header && live.a_run != 0 && row.id != live.a_run)) {
            if (row.id == live.b_run) {
                close_compare(state);
            } else {
                show = std::make_pair(row.id, true);
            }
        }
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
            ImGui::SetTooltip(row.id == live.b_run ? "Stop comparing" : "Compare with A (drawn over it)");
        }
        const bool running = row.info.state() == live::RUNNING;
        if (running || row.info.state() == live::PAUSED) {
            ImGui::SameLine(0, 3);
            if (ImGui::SmallButton(running ? "II" : ">")) {
                running ? live.session->pause(row.id) : live.session->resume(row.id);
            }
            if (ImGui::IsItemHovered()) {
                ImGui::SetTooltip(running ? "Pause this run on the server (for every viewer)"
                                          : "Resume this run on the server");
            }
        }
        ImGui::PopID();
    }
    ImGui::EndTable();
    if (show) {
        show_live_run(state, show->first, show->second);
    }
}

} // namespace

void draw_live_panel(AppState& state, RectF rect) {
    if (!draw::begin_panel(state, Panel::Live, "Live runs###live", rect)) {
        draw::end_panel();
        return;
    }
    LiveState& live = state.live;
    draw_status(state);
    ImGui::Spacing();
    draw_runs(state);
    if (state.a) {
        ImGui::Checkbox("Follow live", &live.follow);
        if (ImGui::IsItemHovered()) {
            ImGui::SetTooltip("The cursor stays where the shown runs have got to (Space leaves it, Space at the end "
                              "rides it again)");
        }
        ImGui::SameLine();
        ImGui::Checkbox("Show new forks", &live.follow_branches);
        if (ImGui::IsItemHovered()) {
            ImGui::SetTooltip("A fork of run A, asked for by any viewer, opens as B over it");
        }
        if (ImGui::Button("Fork from here...")) {
            open_fork_dialog(state);
        }
        if (!live.fork_requests.empty()) {
            ImGui::SameLine();
            ImGui::TextColored(theme::to_vec4(theme::rgb(theme::c().run_b)), "forking...");
        }
    }
    draw::end_panel();
}

} // namespace innosim::viz

// The main menu bar and the messages drawn over everything: the error popup, toasts, the help
// window and the "scenario running" indicator.
#include "viz/core/format.hpp"
#include "viz/draw.hpp"
#include "viz/panels.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace innosim::viz {

namespace {

void add_bookmark(AppState& state, BookmarkKind kind) {
    RunView& a = *state.a;
    const sim::JalaliDate date = a.model.calendar().date_at(state.cursor.time());
    std::string text = state.bookmark_text;
    if (text.empty()) {
        text = kind == BookmarkKind::Chapter ? "Chapter: " + format_date_long(a.model.calendar(), state.cursor.time())
                                             : "Note";
    }
    a.chapters.add({kind, date, text});
    state.bookmark_text.clear();
    state.show_chapters = true;
    save_bookmarks(state);
}

void live_menu(AppState& state) {
    LiveState& live = state.live;
    ImGui::TextDisabled("%s", live.session->address().c_str());
    ImGui::Separator();
    for (const auto& [index, depth] : run_tree(live.rows)) {
        const LiveRunRow& row = live.rows[index];
        std::string label = std::string(static_cast<std::size_t>(depth) * 2, ' ') + "#" + std::to_string(row.id) + " " +
                            row.info.scenario_name();
        if (row.info.parent_run_id() != 0) {
            label += ", fork from " + row.info.fork_date();
        }
        if (ImGui::BeginMenu(label.c_str(), row.has_header)) {
            if (ImGui::MenuItem("Show as A", nullptr, row.id == live.a_run)) {
                show_live_run(state, row.id, false);
            }
            if (ImGui::MenuItem("Compare as B", nullptr, row.id == live.b_run,
                                live.a_run != 0 && row.id != live.a_run)) {
                show_live_run(state, row.id, true);
            }
            if (row.info.state() == live::RUNNING && ImGui::MenuItem("Pause on the server")) {
                live.session->pause(row.id);
            }
            if (row.info.state() == live::PAUSED && ImGui::MenuItem("Resume on the server")) {
                live.session->resume(row.id);
            }
            if (row.info.state() == live::RUNNING || row.info.state() == live::PAUSED) {
                // Sim days per wall second on the server, for every viewer.
                if (ImGui::BeginMenu("Speed on the server")) {
                    for (const double speed : {7.0, 30.0, 91.0, 365.0, -1.0}) {
                        const std::string label =
                            speed < 0 ? std::string("as fast as possible") : format_count(speed) + " days/s";
                        if (ImGui::MenuItem(label.c_str(), nullptr, row.info.speed() == speed)) {
                            live.session->set_speed(row.id, speed);
                        }
                    }
                    ImGui::EndMenu();
                }
            }
            ImGui::EndMenu();
        }
    }
    if (live.rows.empty()) {
        ImGui::TextDisabled("No runs yet");
    }
    ImGui::Separator();
    ImGui::MenuItem("Follow the live edge", nullptr, &live.follow, static_cast<bool>(state.a));
    ImGui::MenuItem("Open new branches beside their parent", nullptr, &live.follow_branches);
    ImGui::MenuItem("Runs panel", nullptr, &state.show_live);
    if (ImGui::MenuItem("Fork from here...", nullptr, false, static_cast<bool>(state.a))) {
        open_fork_dialog(state);
    }
}

void open_dialog(AppState& state, bool for_compare) {
    state.dialog.open = true;
    state.dialog.for_compare = for_compare;
    state.dialog.stale = true;
}

void export_menu(AppState& state) {
    if (ImGui::MenuItem("Whole window (PNG)")) {
        state.export_window = true;
    }
    ImGui::Separator();
    for (std::size_t i = 0; i < kPanelCount; ++i) {
        const auto panel = static_cast<Panel>(i);
        if (!state.panel_drawn_before[i]) {
            continue;
        }
        const std::string label = "Panel: " + std::string(panel_name(panel));
        if (ImGui::MenuItem(label.c_str())) {
            state.export_panel = panel;
        }
    }
}

} // namespace

void draw_menu_bar(AppState& state) {
    // The bar's background is a backdrop (a scissored clear): ImGui draws only its items.
    draw::backdrop(state, {0, 0, ImGui::GetIO().DisplaySize.x, ImGui::GetFrameHeight()}, theme::c().menu,
                   theme::c().menu, 0);
    ImGui::PushStyleColor(ImGuiCol_MenuBarBg, IM_COL32(0, 0, 0, 0));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(0, 0, 0, 0));
    const bool open = ImGui::BeginMainMenuBar();
    ImGui::PopStyleColor(2);
    if (!open) {
        return;
    }
    const bool loaded = static_cast<bool>(state.a);
    if (ImGui::BeginMenu(ui(state, text::Msg::MenuFile))) {
        if (ImGui::MenuItem("Open run...")) {
            open_dialog(state, false);
        }
        if (ImGui::MenuItem("Compare with...", nullptr, false, loaded)) {
            open_dialog(state, true);
        }
        if (ImGui::MenuItem("Close comparison", nullptr, false, static_cast<bool>(state.b))) {
            close_compare(state);
        }
        if (ImGui::MenuItem("Run a scenario...")) {
            open_dialog(state, false);
        }
        ImGui::Separator();
        if (ImGui::BeginMenu("Export PNG", loaded)) {
            export_menu(state);
            ImGui::EndMenu();
        }
        ImGui::Separator();
        if (ImGui::MenuItem("Quit")) {
            state.quit = true;
        }
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu(ui(state, text::Msg::MenuView))) {
        if (ImGui::BeginMenu(ui(state, text::Msg::MenuLanguage))) {
            if (ImGui::MenuItem(ui(state, text::Msg::LanguageEnglish), nullptr, state.lang == Lang::En)) {
                set_language(state, Lang::En);
            }
            if (ImGui::MenuItem(ui(state, text::Msg::LanguagePersian), nullptr, state.lang == Lang::Fa)) {
                set_language(state, Lang::Fa);
            }
            ImGui::EndMenu();
        }
        if (ImGui::BeginMenu(ui(state, text::Msg::MenuTheme))) {
            const theme::ThemeKind now = theme::current_theme();
            if (ImGui::MenuItem(ui(state, text::Msg::ThemeDark), nullptr, now == theme::ThemeKind::Dark)) {
                set_theme(state, theme::ThemeKind::Dark);
            }
            if (ImGui::MenuItem(ui(state, text::Msg::ThemeLight), nullptr, now == theme::ThemeKind::Light)) {
                set_theme(state, theme::ThemeKind::Light);
            }
            ImGui::EndMenu();
        }
        if (ImGui::MenuItem(ui(state, text::Msg::PresentationMode), "F11", state.presentation, loaded)) {
            state.presentation = !state.presentation;
            state.fullscreen = state.presentation;
        }
        bool funding = state.band == PresentationBand::Funding;
        if (ImGui::MenuItem(ui(state, text::Msg::PresentationFunding), "F", &funding, static_cast<bool>(state.b))) {
            state.band = funding ? PresentationBand::Funding : PresentationBand::Why;
        }
        ImGui::Separator();
        ImGui::MenuItem("Funding flows (Sankey)", nullptr, &state.show_sankey);
        ImGui::MenuItem("Event feed", nullptr, &state.show_events);
        ImGui::MenuItem("Inspector", nullptr, &state.show_inspector);
        ImGui::MenuItem("Bookmarks editor", nullptr, &state.show_chapters, loaded);
        if (ImGui::BeginMenu("KPI charts")) {
            for (std::size_t i = 0; i < kKpiCount; ++i) {
                ImGui::MenuItem(ui(state, kpi_label(kpi_descs()[i], state.lang)), nullptr, &state.kpi_shown[i]);
            }
            ImGui::EndMenu();
        }
        ImGui::MenuItem("KPI charts as B - A", nullptr, &state.kpi_difference, static_cast<bool>(state.b));
        ImGui::Separator();
        bool toman = state.currency == Currency::Toman;
        if (ImGui::MenuItem("Money in Toman", nullptr, &toman)) {
            state.currency = toman ? Currency::Toman : Currency::Rial;
        }
        if (ImGui::MenuItem("Larger text")) {
            state.ui_scale = std::min(3.0f, state.ui_scale + 0.15f);
        }
        if (ImGui::MenuItem("Smaller text")) {
            state.ui_scale = std::max(0.6f, state.ui_scale - 0.15f);
        }
        if (ImGui::MenuItem("Reset text size")) {
            state.ui_scale = 1.0f;
        }
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu(ui(state, text::Msg::MenuPlayback), loaded)) {
        if (ImGui::MenuItem(is_playing(state) ? "Pause" : "Play", "Space")) {
            toggle_play(state);
        }
        if (ImGui::MenuItem("Next month", "Right")) {
            state.cursor.step_month(state.a->model.calendar(), +1);
        }
        if (ImGui::MenuItem("Previous month", "Left")) {
            state.cursor.step_month(state.a->model.calendar(), -1);
        }
        if (ImGui::MenuItem("To the start", "Home")) {
            state.cursor.home();
        }
        if (ImGui::MenuItem("To the end", "End")) {
            state.cursor.to_end();
        }
        ImGui::Separator();
        if (ImGui::MenuItem("Fork from here...", nullptr, false, !(state.running && state.running->fork))) {
            open_fork_dialog(state);
        }
        ImGui::Separator();
        for (std::size_t i = 0; i < kSpeeds.size(); ++i) {
            if (ImGui::MenuItem(std::string(kSpeeds[i].label).c_str(), nullptr, state.cursor.speed_index() == i)) {
                state.cursor.set_speed_index(i);
            }
        }
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu(ui(state, text::Msg::MenuBookmarks), loaded)) {
        if (ImGui::MenuItem("Add chapter at the cursor")) {
            add_bookmark(state, BookmarkKind::Chapter);
        }
        if (ImGui::MenuItem("Add note at the cursor")) {
            add_bookmark(state, BookmarkKind::Note);
        }
        ImGui::Separator();
        ImGui::MenuItem("Edit bookmarks...", nullptr, &state.show_chapters);
        ImGui::TextDisabled("PageDown / PageUp step through chapters");
        ImGui::EndMenu();
    }
    if (state.live.session && ImGui::BeginMenu("Live")) {
        live_menu(state);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu(ui(state, text::Msg::MenuHelp))) {
        ImGui::MenuItem("Keys and tips", nullptr, &state.show_help);
        ImGui::EndMenu();
    }

    // Right side: what is open, and a scenario still running.
    std::string right;
    if (state.live.session) {
        const LinkState link = state.live.status.state;
        const char* word = link == LinkState::Connected      ? "LIVE"
                           : link == LinkState::Reconnecting ? "RECONNECTING"
                           : link == LinkState::Lost         ? "DISCONNECTED"
                                                             : "CONNECTING";
        const unsigned colour = link == LinkState::Connected ? theme::c().good
                                : link == LinkState::Lost    ? theme::c().bad
                                                             : theme::c().factory;
        const std::string text = std::string("\xe2\x97\x8f ") + word + "  " + state.live.session->address();
        const float w = ImGui::CalcTextSize(text.c_str()).x;
        const std::string title =
            state.a ? ui(state, run_title(state, 0) + (state.b ? "  |  " + run_title(state, 1) : "")) : "";
        const float tw = title.empty() ? 0 : ImGui::CalcTextSize(title.c_str()).x + 24;
        ImGui::SameLine(std::max(ImGui::GetCursorPosX() + 20, ImGui::GetWindowWidth() - w - tw - 16));
        if (!title.empty()) {
            ImGui::TextDisabled("%s", title.c_str());
            ImGui::SameLine(0, 24);
        }
        ImGui::TextColored(theme::to_vec4(theme::rgb(colour)), "%s", text.c_str());
        if (ImGui::IsItemHovered() && !state.live.status.reason.empty() && link != LinkState::Connected) {
            ImGui::SetTooltip("%s", state.live.status.reason.c_str());
        }
        ImGui::EndMainMenuBar();
        return;
    }
    if (state.running) {
        const int seconds = static_cast<int>(state.app_seconds - state.running->started);
        right = "Running " + state.running->label + "... " + std::to_string(seconds) + " s";
    } else if (state.a) {
        right = run_title(state, 0);
        if (state.b) {
            right += "  |  " + run_title(state, 1);
        }
        right = ui(state, right);
    }
    if (!right.empty()) {
        const float w = ImGui::CalcTextSize(right.c_str()).x;
        ImGui::SameLine(std::max(ImGui::GetCursorPosX() + 20, ImGui::GetWindowWidth() - w - 16));
        if (state.running) {
            ImGui::TextColored(theme::to_vec4(theme::rgb(theme::c().run_b)), "%s", right.c_str());
        } else {
            ImGui::TextDisabled("%s", right.c_str());
        }
    }
    ImGui::EndMainMenuBar();
}

void draw_messages(AppState& state) {
    const ImGuiIO& io = ImGui::GetIO();
    if (state.error_pending) {
        ImGui::OpenPopup("Problem###error");
        state.error_pending = false;
    }
    const float width = std::min(io.DisplaySize.x * 0.8f, 640.0f * ui_units(state));
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.4f), ImGuiCond_Always,
                            ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0), ImVec2(width, io.DisplaySize.y * 0.8f));
    state.error_open = ImGui::BeginPopupModal("Problem###error", nullptr, ImGuiWindowFlags_AlwaysAutoResize);
    if (state.error_open) {
        ImGui::PushFont(state.fonts.bold);
        ImGui::TextColored(theme::to_vec4(theme::rgb(theme::c().bad)), "%s", state.error_title.c_str());
        ImGui::PopFont();
        ImGui::Separator();
        ImGui::PushTextWrapPos(width - ImGui::GetStyle().WindowPadding.x * 2);
        ImGui::TextUnformatted(state.error_message.c_str());
        ImGui::PopTextWrapPos();
        ImGui::Spacing();
        ImGui::TextDisabled(state.live.session ? "The viewer stays connected."
                                               : "The viewer stays open: pick another file from File > Open run.");
        if (ImGui::Button("OK", ImVec2(120 * ui_units(state), 0)) ||
            ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter))) {
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }

    // Live and not connected: say so over everything (the panel and the menu bar say it too, but
    // the room looks at the map).
    if (state.live.session && state.a && state.live.status.state != LinkState::Connected) {
        const LinkStatus& status = state.live.status;
        const bool lost = status.state == LinkState::Lost;
        std::string text = lost ? "Connection lost" : "Connection to the server lost: reconnecting...";
        if (status.state == LinkState::Connecting) {
            text = "Connecting to the server...";
        }
        ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, ImGui::GetFrameHeight() + 14), ImGuiCond_Always,
                                ImVec2(0.5f, 0.0f));
        ImGui::SetNextWindowBgAlpha(0.94f);
        // A dark banner with light text in either theme.
        ImGui::PushStyleColor(ImGuiCol_WindowBg, theme::rgb(lost ? 0x4A1515 : 0x4A3510));
        ImGui::PushStyleColor(ImGuiCol_Text, theme::rgb(0xF5F5F5));
        ImGui::PushStyleColor(ImGuiCol_TextDisabled, theme::rgb(0xC8CDD3));
        ImGui::Begin("##connection", nullptr,
                     ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoInputs |
                         ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                         ImGuiWindowFlags_NoNav);
        ImGui::PushFont(state.fonts.bold);
        ImGui::TextUnformatted(text.c_str());
        ImGui::PopFont();
        if (!status.reason.empty()) {
            ImGui::TextUnformatted(status.reason.c_str());
        }
        ImGui::TextDisabled("What arrived so far stays on screen.");
        ImGui::End();
        ImGui::PopStyleColor(3);
    }

    if (!state.toast.empty() && state.app_seconds < state.toast_until) {
        const float alpha = static_cast<float>(std::min(1.0, (state.toast_until - state.app_seconds) / 0.6));
        ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x - 16, io.DisplaySize.y * 0.82f), ImGuiCond_Always,
                                ImVec2(1.0f, 1.0f));
        ImGui::SetNextWindowBgAlpha(0.92f * alpha);
        ImGui::PushStyleVar(ImGuiStyleVar_Alpha, alpha);
        ImGui::Begin("##toast", nullptr,
                     ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoInputs |
                         ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                         ImGuiWindowFlags_NoNav);
        ImGui::TextUnformatted(state.toast.c_str());
        ImGui::End();
        ImGui::PopStyleVar();
    }

    if (state.show_help) {
        ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.45f), ImGuiCond_Appearing,
                                ImVec2(0.5f, 0.5f));
        if (ImGui::Begin("Keys and tips", &state.show_help,
                         ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) {
            const char* rows[][2] = {
                {"Space", "play / pause"},
                {"Left / Right", "a month back / forward"},
                {"Up / Down", "faster / slower (1 day/s .. 1 year/s)"},
                {"Home / End", "start / end of the run"},
                {"PageDown / PageUp", "next / previous chapter"},
                {"F11", "presentation mode (Esc leaves it)"},
                {"F", "presentation, comparing: the funding flows or the reason under the maps"},
                {"Click", "a firm, department or funder: inspect it"},
                {"Drag", "the timeline, or click a chart: move in time"},
                {"Fork from here", "timeline button: change levers from the cursor's day on"},
            };
            if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg)) {
                for (const auto& row : rows) {
                    ImGui::TableNextRow();
                    ImGui::TableNextColumn();
                    ImGui::PushFont(state.fonts.bold);
                    ImGui::TextUnformatted(row[0]);
                    ImGui::PopFont();
                    ImGui::TableNextColumn();
                    ImGui::TextUnformatted(row[1]);
                }
                ImGui::EndTable();
            }
            ImGui::TextDisabled("Bookmarks are saved next to the run as RUN.innorun.chapters.txt");
        }
        ImGui::End();
    }
}

} // namespace innosim::viz

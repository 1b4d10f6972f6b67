// The file dialog, drawn with ImGui: browse runs/ and scenarios/, open a run (or open it as the
// comparison), or run a scenario through the innosim CLI and replay the result.
#include "viz/core/format.hpp"
#include "viz/draw.hpp"
#include "viz/panels.hpp"

#include <imgui.h>

#include <algorithm>

namespace innosim::viz {

namespace {

void go_to(FileDialog& dialog, const std::filesystem::path& dir) {
    dialog.dir = dir;
    dialog.stale = true;
    dialog.selected = -1;
}

void refresh(FileDialog& dialog) {
    if (!dialog.stale) {
        return;
    }
    dialog.stale = false;
    dialog.error.clear();
    if (dialog.dir.empty()) {
        std::error_code error;
        dialog.dir = std::filesystem::is_directory("runs", error) ? std::filesystem::path("runs")
                                                                  : std::filesystem::current_path(error);
    }
    try {
        dialog.entries = list_directory(dialog.dir);
    } catch (const std::exception& e) {
        dialog.entries.clear();
        dialog.error = e.what();
    }
}

std::string size_text(std::uintmax_t bytes) {
    if (bytes >= 1024 * 1024) {
        return std::to_string(bytes / (1024 * 1024)) + " MB";
    }
    return std::to_string((bytes + 1023) / 1024) + " KB";
}

void activate(AppState& state, const DirEntry& entry) {
    FileDialog& dialog = state.dialog;
    switch (entry.kind) {
    case EntryKind::Directory:
        go_to(dialog, entry.path);
        break;
    case EntryKind::Run:
        open_run(state, entry.path, dialog.for_compare && state.a);
        break;
    case EntryKind::Scenario:
        run_scenario(state, entry.path.string(), dialog.for_compare && state.a);
        break;
    }
}

} // namespace

void draw_file_dialog(AppState& state) {
    FileDialog& dialog = state.dialog;
    refresh(dialog);
    const ImGuiIO& io = ImGui::GetIO();
    const ImVec2 size(std::min(io.DisplaySize.x - 40, 820.0f * ui_units(state)),
                      std::min(io.DisplaySize.y - 80, 560.0f * ui_units(state)));
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f + 10), ImGuiCond_Always,
                            ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(size, ImGuiCond_Always);
    const char* title = dialog.for_compare && state.a ? "Choose a run to compare with###dialog"
                                                      : "Open a run, or run a scenario###dialog";
    bool open = true;
    if (!ImGui::Begin(title, state.a ? &open : nullptr,
                      ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                          ImGuiWindowFlags_NoCollapse)) {
        ImGui::End();
        return;
    }
    if (!state.a) {
        // The dialog can come up before the first font atlas exists (a file that failed to open).
        const bool large = state.fonts.large != nullptr && state.fonts.large->IsLoaded();
        if (large) {
            ImGui::PushFont(state.fonts.large);
        }
        ImGui::TextUnformatted("innosim-viz");
        if (large) {
            ImGui::PopFont();
        }
        ImGui::SameLine();
        ImGui::TextDisabled("watch, scrub and compare runs of Mashhad's innovation ecosystem");
        ImGui::Separator();
    }

    if (ImGui::Button("runs/")) {
        go_to(dialog, "runs");
    }
    ImGui::SameLine();
    if (ImGui::Button("scenarios/")) {
        go_to(dialog, "scenarios");
    }
    ImGui::SameLine();
    if (ImGui::Button("Working directory")) {
        std::error_code error;
        go_to(dialog, std::filesystem::current_path(error));
    }
    ImGui::SameLine();
    if (ImGui::Button("Up")) {
        std::error_code error;
        go_to(dialog, std::filesystem::absolute(dialog.dir, error).parent_path());
    }
    ImGui::SameLine();
    ImGui::TextDisabled("%s", dialog.dir.string().c_str());

    const float footer = ImGui::GetFrameHeightWithSpacing() * 3.2f;
    ImGui::BeginChild("entries", ImVec2(0, -footer), true);
    if (!dialog.error.empty()) {
        ImGui::TextColored(theme::to_vec4(theme::rgb(theme::c().bad)), "%s", dialog.error.c_str());
    } else if (dialog.entries.empty()) {
        ImGui::TextDisabled("No runs (.innorun) or scenarios (.textproto) here.");
    }
    if (ImGui::BeginTable("files", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthStretch, 6.0f);
        ImGui::TableSetupColumn("kind", ImGuiTableColumnFlags_WidthStretch, 2.0f);
        ImGui::TableSetupColumn("size", ImGuiTableColumnFlags_WidthStretch, 1.2f);
        for (int i = 0; i < static_cast<int>(dialog.entries.size()); ++i) {
            const DirEntry& entry = dialog.entries[static_cast<std::size_t>(i)];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            const ImU32 colour =
                entry.kind == EntryKind::Directory
                    ? theme::rgb(theme::c().text_dim)
                    : (entry.kind == EntryKind::Run ? theme::rgb(theme::c().run_a) : theme::rgb(theme::c().target));
            ImGui::PushStyleColor(ImGuiCol_Text, colour);
            if (ImGui::Selectable(entry.name.c_str(), dialog.selected == i,
                                  ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowDoubleClick)) {
                dialog.selected = i;
                if (ImGui::IsMouseDoubleClicked(0)) {
                    ImGui::PopStyleColor();
                    ImGui::EndTable();
                    ImGui::EndChild();
                    activate(state, entry);
                    ImGui::End();
                    return;
                }
            }
            ImGui::PopStyleColor();
            ImGui::TableNextColumn();
            ImGui::TextDisabled("%s", entry.kind == EntryKind::Directory
                                          ? "folder"
                                          : (entry.kind == EntryKind::Run ? "run" : "scenario"));
            ImGui::TableNextColumn();
            if (entry.kind != EntryKind::Directory) {
                ImGui::TextDisabled("%s", size_text(entry.size).c_str());
            }
        }
        ImGui::EndTable();
    }
    ImGui::EndChild();

    const DirEntry* chosen = dialog.selected >= 0 && dialog.selected < static_cast<int>(dialog.entries.size())
                                 ? &dialog.entries[static_cast<std::size_t>(dialog.selected)]
                                 : nullptr;
    const bool as_compare = dialog.for_compare && state.a;
    if (chosen != nullptr && chosen->kind == EntryKind::Run) {
        if (ImGui::Button(as_compare ? "Compare with this run" : "Open")) {
            open_run(state, chosen->path, as_compare);
        }
        if (!as_compare && state.a) {
            ImGui::SameLine();
            if (ImGui::Button("Open as comparison")) {
                open_run(state, chosen->path, true);
            }
        }
    } else if (chosen != nullptr && chosen->kind == EntryKind::Scenario) {
        if (ImGui::Button("Run it and replay")) {
            run_scenario(state, chosen->path.string(), as_compare);
        }
        ImGui::SameLine();
        ImGui::TextDisabled("innosim run %s --out runs/...", chosen->name.c_str());
    } else {
        ImGui::TextDisabled("Double-click a run to open it, or a scenario to run it.");
    }
    ImGui::TextDisabled("Built-in scenarios:");
    ImGui::SameLine();
    if (ImGui::Button("Run the Mashhad baseline")) {
        run_scenario(state, "", as_compare);
    }
    ImGui::SameLine();
    if (ImGui::Button("Run 'tiny'")) {
        run_scenario(state, "tiny", as_compare);
    }
    if (state.running) {
        ImGui::SameLine();
        ImGui::TextColored(theme::to_vec4(theme::rgb(theme::c().run_b)), "running %s...", state.running->label.c_str());
    }
    ImGui::End();
    if (!open) {
        dialog.open = false;
    }
}

} // namespace innosim::viz

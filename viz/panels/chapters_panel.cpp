// The bookmark editor: chapters (captions for presentation mode) and notes pinned to a date,
// saved next to the run whenever they change.
#include "viz/core/format.hpp"
#include "viz/draw.hpp"
#include "viz/panels.hpp"

#include <imgui.h>

namespace innosim::viz {

namespace {

int resize_callback(ImGuiInputTextCallbackData* data) {
    auto* text = static_cast<std::string*>(data->UserData);
    text->resize(static_cast<std::size_t>(data->BufTextLen));
    data->Buf = text->data();
    return 0;
}

bool input_text(const char* id, const char* hint, std::string& text, float width) {
    ImGui::SetNextItemWidth(width);
    return ImGui::InputTextWithHint(id, hint, text.data(), text.capacity() + 1, ImGuiInputTextFlags_CallbackResize,
                                    resize_callback, &text);
}

} // namespace

void draw_chapters_panel(AppState& state, RectF rect) {
    ImGui::SetNextWindowPos(ImVec2(rect.x, rect.y), ImGuiCond_Appearing);
    ImGui::SetNextWindowSize(ImVec2(rect.w, rect.h), ImGuiCond_Appearing);
    if (!ImGui::Begin("Bookmarks###chapters", &state.show_chapters, ImGuiWindowFlags_NoSavedSettings)) {
        ImGui::End();
        return;
    }
    state.panel_rects[static_cast<std::size_t>(Panel::Chapters)] = {ImGui::GetWindowPos().x, ImGui::GetWindowPos().y,
                                                                    ImGui::GetWindowSize().x, ImGui::GetWindowSize().y};
    state.panel_drawn[static_cast<std::size_t>(Panel::Chapters)] = true;
    RunView& a = *state.a;
    const sim::Calendar& calendar = a.model.calendar();
    const float fs = ImGui::GetFontSize();
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("Chapters are the steps of a presentation (PageDown / PageUp); notes pop up near their date.");
    ImGui::PopStyleColor();
    input_text("##new", "caption for a new bookmark at the cursor", state.bookmark_text, fs * 20);
    ImGui::SameLine();
    bool changed = false;
    const sim::JalaliDate today = calendar.date_at(state.cursor.time());
    if (ImGui::Button("+ chapter")) {
        a.chapters.add({BookmarkKind::Chapter, today, state.bookmark_text.empty() ? "Chapter" : state.bookmark_text});
        state.bookmark_text.clear();
        changed = true;
    }
    ImGui::SameLine();
    if (ImGui::Button("+ note")) {
        a.chapters.add({BookmarkKind::Note, today, state.bookmark_text.empty() ? "Note" : state.bookmark_text});
        state.bookmark_text.clear();
        changed = true;
    }
    ImGui::Separator();
    std::optional<std::size_t> remove;
    const std::optional<std::size_t> current = a.chapters.current_chapter(calendar, state.cursor.time());
    if (ImGui::BeginTable("bookmarks", 4,
                          ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit,
                          ImVec2(0, -ImGui::GetFrameHeightWithSpacing()))) {
        ImGui::TableSetupColumn("date", ImGuiTableColumnFlags_WidthFixed, fs * 6.0f);
        ImGui::TableSetupColumn("kind", ImGuiTableColumnFlags_WidthFixed, fs * 4.0f);
        ImGui::TableSetupColumn("text", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, fs * 2.0f);
        for (std::size_t i = 0; i < a.chapters.items().size(); ++i) {
            const Bookmark& b = a.chapters.items()[i];
            ImGui::PushID(static_cast<int>(i));
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            if (ImGui::Selectable(sim::format(b.date).c_str(), current == i)) {
                state.cursor.pause();
                state.cursor.seek(calendar.to_ticks(b.date));
            }
            ImGui::TableNextColumn();
            ImGui::TextColored(
                theme::to_vec4(theme::rgb(b.kind == BookmarkKind::Chapter ? theme::c().chapter : theme::c().target)),
                "%s", b.kind == BookmarkKind::Chapter ? "chapter" : "note");
            ImGui::TableNextColumn();
            std::string text = b.text;
            ImGui::SetNextItemWidth(-1);
            if (ImGui::InputText("##text", text.data(), text.capacity() + 1,
                                 ImGuiInputTextFlags_CallbackResize | ImGuiInputTextFlags_EnterReturnsTrue,
                                 resize_callback, &text)) {
                a.chapters.set_text(i, text);
                changed = true;
            }
            if (ImGui::IsItemDeactivatedAfterEdit()) {
                a.chapters.set_text(i, text);
                changed = true;
            }
            ImGui::TableNextColumn();
            if (ImGui::SmallButton("x")) {
                remove = i;
            }
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    if (remove) {
        a.chapters.remove(*remove);
        changed = true;
    }
    ImGui::TextDisabled("%s", a.chapters_path.string().c_str());
    if (changed) {
        save_bookmarks(state);
    }
    ImGui::End();
}

} // namespace innosim::viz

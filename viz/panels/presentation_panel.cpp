// Presentation mode's header: the date in large type, where the story is (chapter n of m and its
// caption), the countdown to the horizon, and the keys a facilitator needs.
#include "viz/core/format.hpp"
#include "viz/draw.hpp"
#include "viz/panels.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdint>

namespace innosim::viz {

void draw_presentation_panel(AppState& state, RectF rect) {
    if (!draw::begin_panel(state, Panel::Presentation, "##presentation", rect,
                           ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar)) {
        draw::end_panel();
        return;
    }
    RunView& a = *state.a;
    const sim::Calendar& calendar = a.model.calendar();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    ImFont* huge = state.fonts.huge;
    ImFont* large = state.fonts.large;
    ImFont* body = state.fonts.body;
    const float row2 = origin.y + huge->FontSize + 4;

    // Row 1: the date, the chapter counter, the countdown.
    const std::string date = ui(state, format_date_long(calendar, state.cursor.time(), state.lang));
    draw::label(state, dl, huge, huge->FontSize, origin, theme::rgb(theme::c().text), date.c_str());
    const float x = origin.x + draw::text_size(huge, huge->FontSize, date.c_str()).x + 36;
    const float large_y = origin.y + (huge->FontSize - large->FontSize) * 0.7f;
    const std::vector<std::size_t> chapters = a.chapters.chapter_indices();
    const std::optional<std::size_t> current = a.chapters.current_chapter(calendar, state.cursor.time());
    std::string where;
    if (current) {
        const auto n =
            static_cast<std::size_t>(std::find(chapters.begin(), chapters.end(), *current) - chapters.begin());
        where = ui(state, text::Msg::ChapterOf,
                   {text::count(state.lang, static_cast<std::int64_t>(n + 1)),
                    text::count(state.lang, static_cast<std::int64_t>(chapters.size()))});
    } else if (!chapters.empty()) {
        where =
            ui(state, text::plural(state.lang, text::Msg::ChaptersToBegin, static_cast<long long>(chapters.size())));
    }
    if (!where.empty()) {
        draw::label(state, dl, large, large->FontSize, ImVec2(x, large_y), theme::rgb(theme::c().chapter),
                    where.c_str());
    }
    const std::string horizon =
        ui(state, horizon_countdown(calendar, state.cursor.time(), a.model.horizon_time(), state.lang));
    const ImVec2 hs = draw::text_size(large, large->FontSize, horizon.c_str());
    const float right = origin.x + avail.x;
    draw::label(state, dl, large, large->FontSize, ImVec2(right - hs.x, large_y), theme::rgb(theme::c().horizon),
                horizon.c_str());

    // Row 2: the chapter's caption, and which run(s) this is.
    std::string title = run_title(state, 0);
    if (state.b) {
        title = text::tr(state.lang, text::Msg::RunA) + ": " + title + "   " + text::tr(state.lang, text::Msg::RunB) +
                ": " + run_title(state, 1);
    }
    // The runs' names whole where they can be: they give way to a chapter's caption only.
    const bool captioned = current && !a.chapters.items()[*current].text.empty();
    const std::string shown_title =
        ui(state, draw::elide(body, body->FontSize, title, captioned ? avail.x * 0.4f : avail.x));
    const float title_w = draw::text_size(body, body->FontSize, shown_title.c_str()).x;
    draw::label(state, dl, body, body->FontSize,
                ImVec2(right - title_w, row2 + (large->FontSize - body->FontSize) * 0.6f),
                theme::rgb(theme::c().text_dim), shown_title.c_str());
    if (captioned) {
        const std::string caption =
            ui(state, draw::elide(large, large->FontSize, a.chapters.items()[*current].text, avail.x - title_w - 40));
        dl->AddRectFilled(ImVec2(origin.x, row2 + 2), ImVec2(origin.x + 5, row2 + large->FontSize - 2),
                          theme::rgb(theme::c().chapter), 2.0f);
        draw::label(state, dl, large, large->FontSize, ImVec2(origin.x + 14, row2), theme::rgb(theme::c().text),
                    caption.c_str());
    }
    ImGui::Dummy(avail);
    draw::end_panel();
}

} // namespace innosim::viz

// The event feed: what happened up to the cursor, newest first, filtered by kind, agent and text;
// long lists are clipped so a run with millions of events scrolls smoothly.
#include "viz/core/format.hpp"
#include "viz/draw.hpp"
#include "viz/panels.hpp"

#include <imgui.h>

#include <algorithm>

namespace innosim::viz {

namespace {

int resize_callback(ImGuiInputTextCallbackData* data) {
    auto* text = static_cast<std::string*>(data->UserData);
    text->resize(static_cast<std::size_t>(data->BufTextLen));
    data->Buf = text->data();
    return 0;
}

void draw_filters(AppState& state) {
    const float fs = ImGui::GetFontSize();
    if (ImGui::Button(ui(state, text::Msg::FeedKinds))) {
        ImGui::OpenPopup("kinds");
    }
    if (ImGui::BeginPopup("kinds")) {
        if (ImGui::SmallButton("all")) {
            state.filter.kinds.set();
        }
        ImGui::SameLine();
        if (ImGui::SmallButton("none")) {
            state.filter.kinds.reset();
        }
        ImGui::SameLine();
        if (ImGui::SmallButton("defaults")) {
            state.filter.kinds = EventFilter::defaults().kinds;
        }
        for (int k = 1; k < kEventKindCount; ++k) {
            bool on = state.filter.kinds.test(static_cast<std::size_t>(k));
            const std::string label = ui(state, event_kind_label(static_cast<run::EventKind>(k), state.lang));
            ImGui::PushStyleColor(ImGuiCol_Text, theme::event_kind_colour(static_cast<run::EventKind>(k)));
            if (ImGui::Checkbox(label.c_str(), &on)) {
                state.filter.kinds.set(static_cast<std::size_t>(k), on);
            }
            ImGui::PopStyleColor();
            if (k % 3 != 0) {
                ImGui::SameLine(fs * 9.0f * static_cast<float>(k % 3));
            }
        }
        ImGui::EndPopup();
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(fs * 8.5f);
    ImGui::InputTextWithHint("##search", ui(state, text::Msg::FeedSearch), state.filter.text.data(),
                             state.filter.text.capacity() + 1, ImGuiInputTextFlags_CallbackResize, resize_callback,
                             &state.filter.text);
    ImGui::SameLine();
    if (state.filter.agent) {
        const std::string label =
            std::string(ui(state, agent_label(state.a->model.world(), *state.filter.agent, state.lang))) + "  x";
        if (ImGui::Button(label.c_str())) {
            state.filter.agent.reset();
        }
        if (ImGui::IsItemHovered()) {
            ImGui::SetTooltip("Showing only this agent's events; click to show everyone's");
        }
    } else if (state.selection && state.selection->run == 0) {
        if (ImGui::Button(ui(state, text::Msg::FeedOnlySelected))) {
            state.filter.agent = state.selection->agent;
        }
    } else {
        ImGui::TextDisabled("%s", ui(state, text::Msg::FeedAllAgents));
    }
}

} // namespace

void draw_event_feed_panel(AppState& state, RectF rect) {
    const std::string title = std::string(ui(state, text::Msg::FeedTitle)) + "###events";
    if (!draw::begin_panel(state, Panel::Events, title.c_str(), rect, ImGuiWindowFlags_NoScrollbar)) {
        draw::end_panel();
        return;
    }
    RunView& a = *state.a;
    state.filter.currency = state.currency;
    state.filter.lang = state.lang;
    draw_filters(state);
    const std::vector<std::uint32_t>& feed = a.feed_for(state.filter);
    const std::size_t shown = count_until(a.model, feed, state.cursor.time());
    const sim::Calendar& calendar = a.model.calendar();
    const float fs = ImGui::GetFontSize();
    // No alternating row backgrounds: on software GL they cost more fill than the text itself.
    const ImGuiTableFlags flags =
        ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerV;
    if (ImGui::BeginTable("feed", 3, flags, ImGui::GetContentRegionAvail())) {
        ImGui::TableSetupScrollFreeze(0, 1);
        const std::string date = ui(state, text::Msg::FeedDate);
        const std::string kind = ui(state, text::Msg::FeedKind);
        const std::string what = ui(state, text::Msg::FeedWhat, {format_count(static_cast<double>(shown), state.lang)});
        ImGui::TableSetupColumn(date.c_str(), ImGuiTableColumnFlags_WidthFixed, fs * 5.6f);
        ImGui::TableSetupColumn(kind.c_str(), ImGuiTableColumnFlags_WidthFixed, fs * 5.6f);
        ImGui::TableSetupColumn(what.c_str(), ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableHeadersRow();
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(shown));
        while (clipper.Step()) {
            for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
                const std::uint32_t index = feed[shown - 1 - static_cast<std::size_t>(row)]; // newest first
                const EventRec& e = a.model.events()[index];
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::PushID(static_cast<int>(index));
                if (ImGui::Selectable(ui(state, format_date(calendar, e.time, state.lang)),
                                      state.selection && state.selection->run == 0 &&
                                          state.selection->agent == e.subject,
                                      ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowDoubleClick)) {
                    state.selection = Selection{0, e.subject};
                    if (ImGui::IsMouseDoubleClicked(0)) {
                        state.cursor.seek(e.time);
                    }
                }
                ImGui::PopID();
                ImGui::TableNextColumn();
                ImGui::TextColored(theme::to_vec4(theme::event_kind_colour(e.kind)), "%s",
                                   ui(state, event_kind_label(e.kind, state.lang)));
                ImGui::TableNextColumn();
                if (text::is_rtl(state.lang)) {
                    // Right to left: the line starts at the cell's right edge, cut at its left.
                    const float room = ImGui::GetContentRegionAvail().x;
                    const char* line =
                        ui(state, draw::elide(ImGui::GetFont(), ImGui::GetFontSize(),
                                              describe_event(a.model, e, state.currency, state.lang), room));
                    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, room - ImGui::CalcTextSize(line).x));
                    ImGui::TextUnformatted(line);
                } else {
                    ImGui::TextUnformatted(describe_event(a.model, e, state.currency).c_str());
                }
            }
        }
        ImGui::EndTable();
    }
    draw::end_panel();
}

} // namespace innosim::viz

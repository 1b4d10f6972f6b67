// The event feed: what happened up to the cursor, newest first, filtered by kind, agent and text;
// long lists are clipped so a run with millions of events scrolls smoothly.
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

void draw_filters(AppState& state) {
    const float fs = ImGui::GetFontSize();
    if (ImGui::Button("Kinds...")) {
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
            const std::string label(event_kind_name(static_cast<run::EventKind>(k)));
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
    ImGui::InputTextWithHint("##search", "search text", state.filter.text.data(), state.filter.text.capacity() + 1,
                             ImGuiInputTextFlags_CallbackResize, resize_callback, &state.filter.text);
    ImGui::SameLine();
    if (state.filter.agent) {
        const std::string label = agent_name(state.a->model.world(), *state.filter.agent) + "  x";
        if (ImGui::Button(label.c_str())) {
            state.filter.agent.reset();
        }
        if (ImGui::IsItemHovered()) {
            ImGui::SetTooltip("Showing only this agent's events; click to show everyone's");
        }
    } else if (state.selection && state.selection->run == 0) {
        if (ImGui::Button("Only the selected")) {
            state.filter.agent = state.selection->agent;
        }
    } else {
        ImGui::TextDisabled("all agents");
    }
}

} // namespace

void draw_event_feed_panel(AppState& state, RectF rect) {
    if (!draw::begin_panel(state, Panel::Events, "Event feed###events", rect, ImGuiWindowFlags_NoScrollbar)) {
        draw::end_panel();
        return;
    }
    RunView& a = *state.a;
    state.filter.currency = state.currency;
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
        ImGui::TableSetupColumn("Date", ImGuiTableColumnFlags_WidthFixed, fs * 5.6f);
        ImGui::TableSetupColumn("Kind", ImGuiTableColumnFlags_WidthFixed, fs * 5.6f);
        ImGui::TableSetupColumn(("What happened (" + format_count(static_cast<double>(shown)) + ")").c_str(),
                                ImGuiTableColumnFlags_WidthStretch);
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
                if (ImGui::Selectable(format_date(calendar, e.time).c_str(),
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
                                   std::string(event_kind_name(e.kind)).c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(describe_event(a.model, e, state.currency).c_str());
            }
        }
        ImGui::EndTable();
    }
    draw::end_panel();
}

} // namespace innosim::viz

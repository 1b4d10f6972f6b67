// The timeline: transport buttons, speed, the date, a jump-to-date field, and the track with
// Solar Hijri year and month ticks, the 1404 horizon, bookmarks and the draggable cursor.
#include "viz/core/chart.hpp"
#include "viz/core/format.hpp"
#include "viz/draw.hpp"
#include "viz/panels.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace innosim::viz {

namespace {

void draw_controls(AppState& state) {
    const RunModel& model = state.a->model;
    const sim::Calendar& calendar = model.calendar();
    const float button = ImGui::GetFrameHeight() * 1.15f;
    if (draw::icon_button("home", draw::Icon::Home, button, "Start (Home)")) {
        state.cursor.home();
    }
    ImGui::SameLine();
    if (draw::icon_button("back", draw::Icon::StepBack, button, "A month back (Left)")) {
        state.cursor.step_month(calendar, -1);
    }
    ImGui::SameLine();
    const bool playing = is_playing(state);
    if (draw::icon_button("play", playing ? draw::Icon::Pause : draw::Icon::Play, button,
                          ui(state, playing ? text::Msg::Pause : text::Msg::Play))) {
        toggle_play(state);
    }
    ImGui::SameLine();
    if (draw::icon_button("fwd", draw::Icon::StepForward, button, "A month forward (Right)")) {
        state.cursor.step_month(calendar, +1);
    }
    ImGui::SameLine();
    if (draw::icon_button("end", draw::Icon::End, button, "End (End)")) {
        state.cursor.to_end();
    }
    ImGui::SameLine();
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + (button - ImGui::GetFrameHeight()) * 0.5f);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7.5f);
    const auto speed_label = [&](std::size_t i) {
        return std::string(ui(state, static_cast<text::Msg>(static_cast<std::size_t>(text::Msg::SpeedDay) + i)));
    };
    static_assert(kSpeeds.size() == 6, "one catalogue message per speed");
    const std::string speed = speed_label(state.cursor.speed_index());
    if (ImGui::BeginCombo("##speed", speed.c_str())) {
        for (std::size_t i = 0; i < kSpeeds.size(); ++i) {
            if (ImGui::Selectable(speed_label(i).c_str(), i == state.cursor.speed_index())) {
                state.cursor.set_speed_index(i);
            }
        }
        ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered()) {
        ImGui::SetTooltip("Playback speed (Up / Down)");
    }
    if (state.live.session) {
        // Live: on the edge (red) or behind it (a click catches up).
        ImGui::SameLine();
        const bool on = state.live.follow;
        ImGui::PushStyleColor(ImGuiCol_Button, on ? theme::rgb(theme::c().bad, 0.85f) : theme::rgb(theme::c().grid));
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, theme::rgb(theme::c().bad, on ? 1.0f : 0.5f));
        if (ImGui::Button(on ? "\xe2\x97\x8f LIVE" : "\xe2\x97\x8b LIVE")) {
            state.live.follow = !on;
        }
        ImGui::PopStyleColor(2);
        if (ImGui::IsItemHovered()) {
            ImGui::SetTooltip(on ? "Following the live edge: where the shown runs have got to"
                                 : "Behind the live edge: click to catch up");
        }
    }

    ImGui::SameLine();
    const bool busy = state.running && state.running->fork;
    ImGui::BeginDisabled(busy);
    if (ImGui::Button(ui(state, text::Msg::ForkFromHere))) {
        open_fork_dialog(state);
    }
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
        ImGui::SetTooltip(busy ? "A fork is being computed"
                               : "Change levers from this day on: a branch beside this run");
    }

    if (state.presentation) {
        // The header shows the date in large type; here go the keys a facilitator needs.
        // As many as fit beside the buttons.
        const float left = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + ImGui::GetFontSize();
        const float right = ImGui::GetWindowContentRegionMax().x;
        for (const char* keys : {ui(state, text::Msg::PresentationKeys), "Space   PgDn/PgUp   Esc"}) {
            const float w = ImGui::CalcTextSize(keys).x;
            if (right - w >= left) {
                ImGui::SameLine(right - w);
                ImGui::TextDisabled("%s", keys);
                draw::note_item(state, keys);
                break;
            }
        }
        return;
    }
    ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
    const Ticks now = state.cursor.time();
    ImGui::PushFont(state.fonts.large);
    const float large_y = ImGui::GetCursorPosY() - (state.fonts.large->FontSize - ImGui::GetFontSize()) * 0.35f;
    ImGui::SetCursorPosY(large_y);
    const char* long_date = ui(state, format_date_long(calendar, now, state.lang));
    ImGui::TextUnformatted(long_date);
    draw::note_item(state, long_date);
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + ImGui::GetStyle().FramePadding.y);
    const char* short_date = ui(state, format_date(calendar, now, state.lang));
    ImGui::TextDisabled("%s", short_date);
    draw::note_item(state, short_date);

    ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.5f);
    const bool enter = ImGui::InputTextWithHint(
        "##jump", "yyyy/mm/dd", state.jump_text.data(), state.jump_text.capacity() + 1,
        ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CallbackResize,
        [](ImGuiInputTextCallbackData* data) {
            auto* text = static_cast<std::string*>(data->UserData);
            text->resize(static_cast<std::size_t>(data->BufTextLen));
            data->Buf = text->data();
            return 0;
        },
        &state.jump_text);
    ImGui::SameLine();
    const bool go = ImGui::Button(ui(state, text::Msg::GoToDate));
    draw::note_item(state, ui(state, text::Msg::GoToDate));
    if ((go || enter) && !state.jump_text.empty()) {
        seek_to_date(state, state.jump_text);
    }

    // Right: how far the horizon is, in the room left after the button (elided when short of it).
    const float after = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + ImGui::GetFontSize();
    const float right = ImGui::GetWindowContentRegionMax().x;
    const std::string horizon =
        draw::elide(ImGui::GetFont(), ImGui::GetFontSize(),
                    horizon_countdown(calendar, now, model.horizon_time(), state.lang), right - after);
    const char* shown = ui(state, horizon);
    const float w = ImGui::CalcTextSize(shown).x;
    ImGui::SameLine(std::max(after, right - w));
    ImGui::TextColored(theme::to_vec4(theme::rgb(theme::c().horizon)), "%s", shown);
    draw::note_item(state, shown);
}

void draw_track(AppState& state) {
    RunView& a = *state.a;
    const RunModel& model = a.model;
    const sim::Calendar& calendar = model.calendar();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float fs = ImGui::GetFontSize();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float label_h = fs + 4;
    const RectF track{origin.x, origin.y + 2, avail.x, std::max(12.0f, avail.y - label_h - 2)};
    const TimeSpan span = axis_span(state);
    const Ticks begin = span.begin;
    const Ticks end = span.end;
    const LinearMap xmap{
        .d0 = static_cast<double>(begin), .d1 = static_cast<double>(end), .p0 = track.x + 6, .p1 = track.right() - 6};

    draw::backdrop(state, track, theme::c().background, theme::c().panel, 6.0f);
    // The shape of the run inside the track: active startups over time.
    const std::size_t active = *kpi_index("active_startups");
    double peak = 1;
    for (const KpiValues& v : a.kpi_series) {
        peak = std::max(peak, v[active]);
    }
    std::vector<ImVec2> area;
    for (std::size_t i = 0; i < a.kpi_series.size(); ++i) {
        const float x = xmap(static_cast<double>(model.snapshot_time(i)));
        const float y = track.bottom() - 3 - static_cast<float>(a.kpi_series[i][active] / peak) * (track.h - 8);
        area.emplace_back(x, y);
    }
    if (area.size() > 1) {
        // One strip without anti-aliased fringes: two triangles per snapshot.
        const ImVec2 uv = ImGui::GetFontTexUvWhitePixel();
        const ImU32 fill = theme::rgb(theme::c().run_a, 0.16f);
        dl->PrimReserve(static_cast<int>(area.size() - 1) * 6, static_cast<int>(area.size()) * 2);
        const auto base = static_cast<ImDrawIdx>(dl->_VtxCurrentIdx);
        for (std::size_t i = 0; i < area.size(); ++i) {
            dl->PrimWriteVtx(area[i], uv, fill);
            dl->PrimWriteVtx(ImVec2(area[i].x, track.bottom() - 2), uv, fill);
            if (i > 0) {
                const auto k = static_cast<ImDrawIdx>(base + 2 * i);
                for (const int d : {-2, 0, -1, -1, 0, 1}) {
                    dl->PrimWriteIdx(static_cast<ImDrawIdx>(k + d));
                }
            }
        }
    }
    if (area.size() > 1) {
        dl->AddPolyline(area.data(), static_cast<int>(area.size()), theme::rgb(theme::c().run_a, 0.45f), 0, 1.5f);
    }

    for (const TimeTick& t : time_ticks(calendar, begin, end, xmap.p1 - xmap.p0, fs * 2.8f)) {
        const float x = xmap(static_cast<double>(t.time));
        dl->AddLine(ImVec2(x, track.bottom() - (t.major ? track.h : track.h * 0.25f)), ImVec2(x, track.bottom()),
                    theme::rgb(t.major ? theme::c().axis : theme::c().grid), t.major ? 1.5f : 1.0f);
        if (!t.label.empty() && x + 3 + ImGui::CalcTextSize(t.label.c_str()).x <= track.right()) {
            draw::label(state, dl, ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(x + 3, track.bottom() + 2),
                        theme::rgb(t.major ? theme::c().text : theme::c().text_dim), t.label.c_str());
        }
    }
    // The horizon.
    const float hx = xmap(static_cast<double>(model.horizon_time()));
    if (hx >= track.x && hx <= track.right()) {
        dl->AddLine(ImVec2(hx, track.y), ImVec2(hx, track.bottom()), theme::rgb(theme::c().horizon), 2.0f);
        const std::string label =
            ui(state, text::digits(state.lang, std::to_string(calendar.date_at(model.horizon_time()).year)) + " " +
                          text::tr(state.lang, text::Msg::Horizon));
        const float small = fs * 0.8f;
        const ImVec2 size = draw::text_size(ImGui::GetFont(), small, label.c_str());
        draw::label(state, dl, ImGui::GetFont(), small, ImVec2(hx - size.x - 4, track.y + 1),
                    theme::rgb(theme::c().horizon), label.c_str());
    }
    // Policy changes: a diamond on the track's bottom edge at each date a run changes levers.
    const auto diamonds = [&](const std::vector<PolicyChange>& changes, ImU32 colour, Ticks offset) {
        for (const PolicyChange& c : changes) {
            const float x = xmap(static_cast<double>(c.at + offset));
            const float y = track.bottom() - 6;
            dl->AddQuadFilled(ImVec2(x, y - 5), ImVec2(x + 5, y), ImVec2(x, y + 5), ImVec2(x - 5, y), colour);
        }
    };
    diamonds(policy_changes(a.model), theme::rgb(theme::c().chapter), 0);
    if (state.b) {
        diamonds(policy_changes(state.b->model, &a.model), theme::rgb(theme::c().run_b), state.align.to_a(0));
    }
    // Bookmarks: chapters as flags, notes as dots.
    for (const Bookmark& b : a.chapters.items()) {
        const float x = xmap(static_cast<double>(calendar.to_ticks(b.date)));
        if (b.kind == BookmarkKind::Chapter) {
            dl->AddLine(ImVec2(x, track.y + 2), ImVec2(x, track.bottom() - 2), theme::rgb(theme::c().chapter, 0.7f),
                        1.5f);
            dl->AddTriangleFilled(ImVec2(x, track.y + 2), ImVec2(x + 9, track.y + 6), ImVec2(x, track.y + 10),
                                  theme::rgb(theme::c().chapter));
        } else {
            dl->AddCircleFilled(ImVec2(x, track.y + 6), 3.5f, theme::rgb(theme::c().target), 10);
        }
    }
    // Live: what the server has not computed yet is dimmed, and the edge marked.
    if (state.live.session && state.cursor.end() < end) {
        const float ex = xmap(static_cast<double>(live_edge(state)));
        const float rx = xmap(static_cast<double>(state.cursor.end()));
        dl->AddRectFilled(ImVec2(rx, track.y + 1), ImVec2(track.right() - 1, track.bottom() - 1),
                          theme::rgb(theme::c().panel, 0.75f), 6.0f);
        // Hatched: not simulated yet.
        dl->PushClipRect(ImVec2(rx, track.y + 1), ImVec2(track.right() - 1, track.bottom() - 1), true);
        const float step = 9.0f;
        for (float x = rx - track.h; x < track.right(); x += step) {
            dl->AddLine(ImVec2(x, track.bottom()), ImVec2(x + track.h, track.y), theme::rgb(theme::c().grid, 0.9f),
                        1.0f);
        }
        dl->PopClipRect();
        dl->AddLine(ImVec2(ex, track.y + 2), ImVec2(ex, track.bottom() - 2), theme::rgb(theme::c().bad, 0.8f), 2.0f);
        dl->AddCircleFilled(ImVec2(ex, track.y + 5), 3.5f, theme::rgb(theme::c().bad), 12);
    }
    // Where B branched off A.
    if (const std::optional<Ticks> fork = fork_point(state)) {
        const float fx = xmap(static_cast<double>(*fork));
        const float my = track.y + track.h * 0.5f;
        const float r = 6.0f;
        dl->AddLine(ImVec2(fx, track.y + 2), ImVec2(fx, track.bottom() - 2), theme::rgb(theme::c().run_b, 0.8f), 1.5f);
        dl->AddQuadFilled(ImVec2(fx, my - r), ImVec2(fx + r, my), ImVec2(fx, my + r), ImVec2(fx - r, my),
                          theme::rgb(theme::c().run_b));
        draw::label(state, dl, ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(fx + r + 3, track.y + 1),
                    theme::rgb(theme::c().run_b), "fork");
    }
    // The cursor.
    const float cx = xmap(static_cast<double>(state.cursor.time()));
    dl->AddRectFilled(ImVec2(track.x, track.y), ImVec2(cx, track.bottom()), theme::rgb(theme::c().run_a, 0.08f), 6.0f);
    dl->AddLine(ImVec2(cx, track.y - 1), ImVec2(cx, track.bottom() + 1), theme::rgb(theme::c().cursor), 2.5f);
    dl->AddCircleFilled(ImVec2(cx, track.y + track.h * 0.5f), 6.0f, theme::rgb(theme::c().cursor), 20);
    dl->AddCircle(ImVec2(cx, track.y + track.h * 0.5f), 6.0f, theme::rgb(theme::c().background), 20, 2.0f);

    ImGui::SetCursorScreenPos(ImVec2(track.x, track.y));
    ImGui::InvisibleButton("track", ImVec2(track.w, track.h + label_h));
    const float mx = ImGui::GetIO().MousePos.x;
    const auto at_mouse = static_cast<Ticks>(std::clamp(xmap.inverse(mx), static_cast<double>(state.cursor.begin()),
                                                        static_cast<double>(state.cursor.end())));
    if (ImGui::IsItemActive()) {
        state.cursor.seek(at_mouse);
    }
    if (ImGui::IsItemHovered()) {
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        ImGui::SetTooltip("%s", format_date_long(calendar, at_mouse).c_str());
    }
}

} // namespace

void draw_timeline_panel(AppState& state, RectF rect) {
    if (draw::begin_panel(state, Panel::Timeline, "##timeline", rect,
                          ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar |
                              ImGuiWindowFlags_NoScrollWithMouse)) {
        draw_controls(state);
        draw_track(state);
    }
    draw::end_panel();
}

} // namespace innosim::viz

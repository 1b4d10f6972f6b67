// Why B differs from A: the levers B changes in words ("Payment delay, every department: A 150–180
// days, B 30 days, since 1403/01/01"), and under each the signals of the mechanism it works
// through, A and B side by side with B − A (viz/core/why.hpp). Numbers are the last snapshot's, as
// the CLI prints them; the heading says which day. Right to left in Persian.
#include "viz/core/format.hpp"
#include "viz/core/why.hpp"
#include "viz/draw.hpp"
#include "viz/panels.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace innosim::viz {

namespace {

/// One line of the panel, before it is placed.
struct Line {
    enum class Kind { Heading, Lever, Note, Columns, Signal };
    Kind kind = Kind::Signal;
    std::string text;               ///< heading, lever or note text (logical order)
    const Signal* signal = nullptr; ///< Signal lines
    int priority = 0;               ///< 0 always shown; higher ones go first when room is short
};

std::string signed_difference(const Signal& s, Lang lang, Currency currency) {
    const double d = s.b - s.a;
    if (d == 0) {
        return text::tr(lang, text::Msg::Same);
    }
    const std::string sign = d > 0 ? "+" : "\xe2\x88\x92";
    if (s.money) {
        return sign + format_money_short(std::abs(d), currency, lang);
    }
    if (s.share) {
        return sign + signal_value(s, std::abs(d), lang, currency);
    }
    return sign + format_count(std::abs(d), lang);
}

} // namespace

void draw_why_panel(AppState& state, RectF rect) {
    const std::string title = text::tr(state.lang, text::Msg::WhyTitle);
    const ImGuiWindowFlags flags =
        ImGuiWindowFlags_NoScrollbar | (state.presentation ? ImGuiWindowFlags_NoTitleBar : ImGuiWindowFlags_None);
    const std::string window = (state.presentation ? std::string() : std::string(ui(state, title))) + "###why";
    if (!draw::begin_panel(state, Panel::Why, window.c_str(), rect, flags) || !state.a || !state.b) {
        draw::end_panel();
        return;
    }
    const RunModel& a = state.a->model;
    const RunModel& b = state.b->model;
    const Ticks t = state.cursor.time();
    const Why why = explain(a, b, t, state.align.to_b(t));
    const Lang lang = state.lang;
    const Currency currency = state.currency;

    std::vector<Line> lines;
    if (state.presentation) {
        lines.push_back({.kind = Line::Kind::Heading, .text = title});
    }
    if (const std::optional<std::size_t> snap = a.snapshot_at_or_before(t)) {
        lines.push_back(
            {.kind = Line::Kind::Note,
             .text = text::tr(lang, text::Msg::WhyNumbersAt, {format_date(a.calendar(), a.snapshot_time(*snap), lang)}),
             .priority = 3});
    }
    if (why.same_levers) {
        lines.push_back({.kind = Line::Kind::Note, .text = text::tr(lang, text::Msg::WhySame)});
    }
    lines.push_back({.kind = Line::Kind::Columns});
    for (const MechanismView& g : why.groups) {
        lines.push_back({.kind = Line::Kind::Heading, .text = mechanism_label(g.mechanism, lang)});
        for (const LeverDifference& l : g.levers) {
            lines.push_back({.kind = Line::Kind::Lever, .text = describe_lever(l, a.calendar(), lang, currency)});
        }
        for (const Signal& s : g.signals) {
            lines.push_back({.kind = Line::Kind::Signal, .signal = &s, .priority = s.subject.empty() ? 0 : 2});
        }
    }

    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    ImFont* font = ImGui::GetFont();
    ImFont* bold = state.fonts.bold;
    // In presentation the panel reads from the back of the room but has a band of the screen:
    // the body size of the normal view, a step up.
    const float fs = state.presentation ? ImGui::GetFontSize() / kPresentationFontScale * 1.15f : ImGui::GetFontSize();
    const float row = fs + 3;
    const float label_w = avail.x * 0.46f;
    const float value_w = (avail.x - label_w) / 3.0f;
    const bool rtl = text::is_rtl(lang);
    const auto x_of = [&](float x, float w) { return rtl ? origin.x + avail.x - (x - origin.x) - w : x; };

    // Lever lines wrap to the panel's width; count what everything needs, then leave out the
    // least needed lines (department rows, then the date note) until it fits.
    const auto wrapped = [&](const Line& l) { return draw::wrap(bold, fs, l.text, avail.x - 8, 3); };
    const auto height_of = [&](const Line& l) {
        return l.kind == Line::Kind::Lever ? row * static_cast<float>(wrapped(l).size()) : row;
    };
    for (int drop = 3; drop >= 1; --drop) {
        float total = 0;
        for (const Line& l : lines) {
            total += height_of(l);
        }
        if (total <= avail.y) {
            break;
        }
        lines.erase(std::remove_if(lines.begin(), lines.end(), [&](const Line& l) { return l.priority >= drop; }),
                    lines.end());
    }

    float y = origin.y;
    const auto put = [&](ImFont* f, float x, float w, const std::string& text, ImU32 colour, bool right) {
        const std::string fitted = draw::elide(f, fs, text, w - 6);
        const char* shown = ui(state, fitted);
        const float tw = draw::text_size(f, fs, shown).x;
        const float at = right ? x + w - 6 - tw : x;
        draw::label(state, dl, f, fs, ImVec2(x_of(at, tw), y), colour, shown);
    };
    for (const Line& l : lines) {
        if (y + height_of(l) > origin.y + avail.y + 0.5f) {
            break; // out of room: the rest would be cut
        }
        switch (l.kind) {
        case Line::Kind::Heading:
            put(bold, origin.x, avail.x, l.text, theme::rgb(theme::c().text), false);
            break;
        case Line::Kind::Note:
            put(font, origin.x, avail.x, l.text, theme::rgb(theme::c().text_dim), false);
            break;
        case Line::Kind::Lever:
            for (const std::string& part : wrapped(l)) {
                put(bold, origin.x + 8, avail.x - 8, part, theme::rgb(theme::c().chapter), false);
                y += row;
            }
            continue;
        case Line::Kind::Columns: {
            const float x0 = origin.x + label_w;
            put(bold, x0, value_w, text::tr(lang, text::Msg::RunA), theme::rgb(theme::c().run_a), true);
            put(bold, x0 + value_w, value_w, text::tr(lang, text::Msg::RunB), theme::rgb(theme::c().run_b), true);
            put(bold, x0 + 2 * value_w, value_w, text::tr(lang, text::Msg::Difference), theme::rgb(theme::c().text_dim),
                true);
            break;
        }
        case Line::Kind::Signal: {
            const Signal& s = *l.signal;
            const std::string label =
                s.subject.empty() ? signal_label(s.kind, lang) : "\xc2\xb7 " + text::known_name(lang, s.subject);
            put(font, origin.x + (s.subject.empty() ? 8.0f : 20.0f), label_w - (s.subject.empty() ? 8.0f : 20.0f),
                label, theme::rgb(s.subject.empty() ? theme::c().text : theme::c().text_dim), false);
            // Values: in full where the column holds them, short money otherwise.
            const auto value_text = [&](double v) {
                const std::string full = signal_value(s, v, lang, currency);
                return s.money && draw::text_size(font, fs, ui(state, full)).x > value_w - 6
                           ? format_money_short(v, currency, lang)
                           : full;
            };
            const float x0 = origin.x + label_w;
            put(font, x0, value_w, value_text(s.a), theme::rgb(theme::c().run_a), true);
            put(font, x0 + value_w, value_w, value_text(s.b), theme::rgb(theme::c().run_b), true);
            const double d = s.b - s.a;
            const bool better = s.higher_is_better ? d > 0 : d < 0;
            const ImU32 colour = theme::rgb(d == 0 ? theme::c().text_dim : (better ? theme::c().good : theme::c().bad));
            put(bold, x0 + 2 * value_w, value_w, signed_difference(s, lang, currency), colour, true);
            break;
        }
        }
        y += row;
    }
    ImGui::Dummy(avail);
    draw::end_panel();
}

} // namespace innosim::viz

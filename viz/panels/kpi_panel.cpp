// KPI charts over time (run B overlaid when comparing), with targets, the horizon and the
// cursor; in presentation mode the same KPIs as large cards with a sparkline.
#include "sim/io/ensemble.hpp"
#include "viz/core/compare.hpp"
#include "viz/core/format.hpp"
#include "viz/draw.hpp"
#include "viz/panels.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <tuple>

namespace innosim::viz {

namespace {

struct SeriesData {
    std::vector<Ticks> a_times; ///< ticks on A's clock
    std::vector<Ticks> b_times; ///< B's snapshots, on A's clock
};

SeriesData series_times(const AppState& state) {
    SeriesData d;
    for (std::size_t i = 0; i < state.a->model.snapshot_count(); ++i) {
        d.a_times.push_back(state.a->model.snapshot_time(i));
    }
    if (state.b) {
        for (std::size_t i = 0; i < state.b->model.snapshot_count(); ++i) {
            d.b_times.push_back(state.align.to_a(state.b->model.snapshot_time(i)));
        }
    }
    return d;
}

std::vector<draw::Series> series_for(AppState& state, const SeriesData& times, std::size_t kpi) {
    std::vector<draw::Series> out;
    draw::Series a{.times = &times.a_times, .colour = theme::rgb(theme::c().run_a), .name = state.b ? "A" : ""};
    for (const KpiValues& v : state.a->kpi_series) {
        a.values.push_back(v[kpi]);
    }
    a.band = state.a->band(kpi) ? &*state.a->band(kpi) : nullptr;
    out.push_back(std::move(a));
    if (state.b) {
        draw::Series b{.times = &times.b_times, .colour = theme::rgb(theme::c().run_b), .dashed = false, .name = "B"};
        for (const KpiValues& v : state.b->kpi_series) {
            b.values.push_back(v[kpi]);
        }
        // A branch shares its parent's past: drawn from its fork on, over A (from the last
        // snapshot before the fork, so that the line leaves A's where they part).
        if (const std::optional<Ticks> fork = fork_point(state)) {
            const auto after = std::upper_bound(times.b_times.begin(), times.b_times.end(), *fork);
            b.first = after == times.b_times.begin() ? 0 : static_cast<std::size_t>(after - times.b_times.begin()) - 1;
        }
        b.band = state.b->band(kpi) ? &*state.b->band(kpi) : nullptr;
        b.band_offset = state.align.to_a(0);
        out.push_back(std::move(b));
    }
    return out;
}

/// B − A at A's snapshots (B interpolated onto them), for the difference charts.
std::vector<draw::Series> difference_for(AppState& state, const SeriesData& times, std::size_t kpi) {
    draw::Series d{.times = &times.a_times, .colour = theme::rgb(theme::c().run_b), .name = "B - A"};
    const std::vector<Ticks>& bt = times.b_times;
    for (std::size_t i = 0; i < times.a_times.size(); ++i) {
        const Ticks t = times.a_times[i];
        const auto it = std::lower_bound(bt.begin(), bt.end(), t);
        double b = 0;
        if (bt.empty()) {
            break;
        } else if (it == bt.begin()) {
            b = state.b->kpi_series.front()[kpi];
        } else if (it == bt.end()) {
            b = state.b->kpi_series.back()[kpi];
        } else {
            const auto j = static_cast<std::size_t>(it - bt.begin());
            const double f =
                *it == t ? 1.0 : static_cast<double>(t - bt[j - 1]) / static_cast<double>(bt[j] - bt[j - 1]);
            b = state.b->kpi_series[j - 1][kpi] + (state.b->kpi_series[j][kpi] - state.b->kpi_series[j - 1][kpi]) * f;
        }
        d.values.push_back(b - state.a->kpi_series[i][kpi]);
    }
    std::vector<draw::Series> out;
    if (d.values.size() == times.a_times.size()) {
        // B - A over the futures both ran (paired by replication), when both are ensembles.
        const std::optional<io::Band>& band = state.b->difference_band(*state.a, kpi);
        d.band = band ? &*band : nullptr;
        d.band_offset = state.align.to_a(0);
        out.push_back(std::move(d));
    }
    return out;
}

std::vector<double> targets_for(const AppState& state, std::size_t kpi) {
    std::vector<double> out;
    for (const KpiTarget& t : state.a->targets) {
        if (t.kpi == kpi) {
            out.push_back(t.value);
        }
    }
    return out;
}

std::vector<std::size_t> shown_kpis(const AppState& state, std::size_t limit) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < kKpiCount && out.size() < limit; ++i) {
        if (state.kpi_shown[i]) {
            out.push_back(i);
        }
    }
    return out;
}

void draw_charts(AppState& state) {
    const SeriesData times = series_times(state);
    const std::vector<std::size_t> kpis = shown_kpis(state, kKpiCount);
    if (kpis.empty()) {
        ImGui::TextDisabled("No KPI chosen: View > KPI charts.");
        return;
    }
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float fs = ImGui::GetFontSize();
    const int columns = avail.x > 520 * ui_units(state) ? 2 : 1;
    const int rows = (static_cast<int>(kpis.size()) + columns - 1) / columns;
    const float gap = 10.0f * ui_units(state);
    const float cell_w = (avail.x - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    const float cell_h = std::max(fs * 7.0f, (avail.y - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows));
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const KpiValues now_a = kpis_at(state.a->model, state.cursor.time());
    const std::optional<KpiValues> now_b =
        state.b ? std::optional<KpiValues>(kpis_at(state.b->model, state.align.to_b(state.cursor.time())))
                : std::nullopt;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (std::size_t n = 0; n < kpis.size(); ++n) {
        const std::size_t k = kpis[n];
        const KpiDesc& desc = kpi_descs()[k];
        const float x = origin.x + static_cast<float>(static_cast<int>(n) % columns) * (cell_w + gap);
        const float y = origin.y + static_cast<float>(static_cast<int>(n) / columns) * (cell_h + gap);
        draw::backdrop(state, {x, y, cell_w, cell_h}, theme::c().canvas, theme::c().panel, 6.0f);
        // Header: the KPI's name and its value at the cursor; the values in their short form
        // when in full they would leave the name no room.
        const std::string name = ui(state, kpi_label(desc, state.lang));
        const auto header_values = [&](bool short_form) {
            const auto f = [&](double v) {
                return std::string(ui(state, short_form ? format_kpi_axis(desc, v, state.currency, state.lang)
                                                        : format_kpi(desc, v, state.currency, state.lang)));
            };
            return std::make_pair(f(now_a[k]), now_b ? f((*now_b)[k]) : std::string());
        };
        auto [value, value_b] = header_values(false);
        const float values_w = draw::text_size(state.fonts.bold, fs, value.c_str()).x +
                               (now_b ? draw::text_size(state.fonts.bold, fs, value_b.c_str()).x + 12 : 0.0f);
        if (values_w + std::min(draw::text_size(state.fonts.bold, fs, name.c_str()).x, fs * 8) > cell_w - 28) {
            std::tie(value, value_b) = header_values(true);
        }
        float right = x + cell_w - 8;
        if (now_b) {
            const std::string& vb = value_b;
            const ImVec2 sb = draw::text_size(state.fonts.bold, fs, vb.c_str());
            draw::label(state, dl, state.fonts.bold, fs, ImVec2(right - sb.x, y + 5), theme::rgb(theme::c().run_b),
                        vb.c_str());
            right -= sb.x + 12;
        }
        const ImVec2 sa = draw::text_size(state.fonts.bold, fs, value.c_str());
        draw::label(state, dl, state.fonts.bold, fs, ImVec2(right - sa.x, y + 5), theme::rgb(theme::c().run_a),
                    value.c_str());
        const std::string label =
            ui(state, draw::elide(state.fonts.bold, fs, kpi_label(desc, state.lang), right - sa.x - x - 20));
        draw::label(state, dl, state.fonts.bold, fs, ImVec2(x + 8, y + 5), theme::rgb(theme::c().text), label.c_str());
        const bool difference = state.b && state.kpi_difference;
        const std::vector<draw::Series> series =
            difference ? difference_for(state, times, k) : series_for(state, times, k);
        const std::string id = "chart" + std::to_string(k);
        draw::time_chart(state, id.c_str(), {x + 6, y + fs + 12, cell_w - 12, cell_h - fs - 16}, desc, series,
                         difference ? std::vector<double>{} : targets_for(state, k), {.around_data = difference});
    }
    ImGui::SetCursorScreenPos(origin);
    ImGui::Dummy(ImVec2(avail.x, static_cast<float>(rows) * (cell_h + gap) - gap));
}

void draw_cards(AppState& state) {
    const SeriesData times = series_times(state);
    std::vector<std::size_t> kpis = shown_kpis(state, 4);
    if (kpis.empty()) {
        kpis = {0, 1, 2, 3};
    }
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gap = 10.0f * ui_units(state);
    const float card_h = (avail.y - gap * static_cast<float>(kpis.size() - 1)) / static_cast<float>(kpis.size());
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const KpiValues now_a = kpis_at(state.a->model, state.cursor.time());
    const std::optional<KpiValues> now_b =
        state.b ? std::optional<KpiValues>(kpis_at(state.b->model, state.align.to_b(state.cursor.time())))
                : std::nullopt;
    ImFont* label_font = state.fonts.bold;
    ImFont* huge_font = state.fonts.huge;
    for (std::size_t n = 0; n < kpis.size(); ++n) {
        const std::size_t k = kpis[n];
        const KpiDesc& desc = kpi_descs()[k];
        const float y = origin.y + static_cast<float>(n) * (card_h + gap);
        const RectF card{origin.x, y, avail.x, card_h};
        draw::backdrop(state, card, theme::c().canvas, theme::c().panel, 8.0f);
        // Right to left: every box mirrored about the card's middle (the label and numbers start at
        // the right edge, the sparkline sits on the left).
        const bool rtl = text::is_rtl(state.lang);
        const auto mirror = [&](float x, float w) { return rtl ? card.x + card.right() - x - w : x; };
        // The KPI's name whole: a step smaller before it is cut.
        const std::string name = kpi_label(desc, state.lang);
        label_font = draw::text_size(state.fonts.bold, state.fonts.bold->FontSize, ui(state, name)).x <= card.w - 24
                         ? state.fonts.bold
                         : state.fonts.body;
        const float label_size = label_font == state.fonts.body ? label_font->FontSize * 0.9f : label_font->FontSize;
        const char* label = ui(state, draw::elide(label_font, label_size, name, card.w - 24));
        // The numbers in the largest face in which A, B and their tags fit the card on one line;
        // when even the smallest is too wide (a 1024x768 projector leaves a narrow column), A and B
        // take a line each. Never clipped.
        const std::string va = format_kpi(desc, now_a[k], state.currency, state.lang);
        const std::string vb = now_b ? format_kpi(desc, (*now_b)[k], state.currency, state.lang) : std::string();
        const std::string tag_a = now_b ? text::tr(state.lang, text::Msg::RunA) : std::string();
        const std::string tag_b = text::tr(state.lang, text::Msg::RunB);
        // The tags in the face of the numbers, or a step smaller beside the huge one.
        const auto tag_font_for = [&](ImFont* f) { return f == huge_font ? state.fonts.large : f; };
        const auto one_width = [&](ImFont* f, const std::string& tag, const std::string& value) {
            float w = draw::text_size(f, f->FontSize, ui(state, value)).x;
            if (!tag.empty()) {
                ImFont* t = tag_font_for(f);
                w += draw::text_size(t, t->FontSize, ui(state, tag)).x + 6;
            }
            return w;
        };
        const float room = card.w - 24;
        ImFont* value_font = nullptr;
        bool stacked = false;
        for (ImFont* f : {huge_font, state.fonts.large, state.fonts.bold}) {
            const float w = one_width(f, tag_a, va) + (now_b ? 16 + one_width(f, tag_b, vb) : 0.0f);
            if (w <= room) {
                value_font = f;
                break;
            }
        }
        if (value_font == nullptr) {
            // A and B a line each, under the name and over the difference: in the card's height too.
            stacked = now_b.has_value();
            value_font = state.fonts.bold;
            const float lines_room = card.h - 18 - state.fonts.bold->FontSize * 2;
            for (ImFont* f : {huge_font, state.fonts.large}) {
                if (std::max(one_width(f, tag_a, va), now_b ? one_width(f, tag_b, vb) : 0.0f) <= room &&
                    (f->FontSize + 2) * 2 <= lines_room) {
                    value_font = f;
                    break;
                }
            }
        }
        // Everything of this card stays in it (the layout check holds it to the card).
        dl->PushClipRect(ImVec2(card.x, card.y), ImVec2(card.right(), card.bottom()), true);
        draw::label(state, dl, label_font, label_size,
                    ImVec2(mirror(card.x + 12, draw::text_size(label_font, label_size, label).x), card.y + 8),
                    theme::rgb(theme::c().text_dim), label);
        float vy = card.y + 10 + state.fonts.bold->FontSize;
        ImFont* tag_font = tag_font_for(value_font);
        float after = card.x + 12;
        float widest = after;
        // Compare: each number says whose it is, and the difference stands beside them.
        const auto number = [&](const std::string& tag, const std::string& value, ImU32 colour) {
            if (!tag.empty()) {
                const char* t = ui(state, tag);
                const float w = draw::text_size(tag_font, tag_font->FontSize, t).x;
                draw::label(state, dl, tag_font, tag_font->FontSize,
                            ImVec2(mirror(after, w), vy + value_font->FontSize - tag_font->FontSize), colour, t);
                after += w + 6;
            }
            const char* v = ui(state, value);
            const float w = draw::text_size(value_font, value_font->FontSize, v).x;
            draw::label(state, dl, value_font, value_font->FontSize, ImVec2(mirror(after, w), vy), colour, v);
            after += w + 16;
            widest = std::max(widest, after);
        };
        number(tag_a, va, theme::rgb(theme::c().run_a));
        if (stacked) {
            vy += value_font->FontSize + 2;
            after = card.x + 12;
        }
        float below = vy + value_font->FontSize + 2;
        if (now_b) {
            number(tag_b, vb, theme::rgb(theme::c().run_b));
            const KpiDiff d = kpi_diffs(now_a, *now_b)[k];
            std::string diff = text::tr(state.lang, text::Msg::Difference) + "  ";
            // A difference that rounds away in the KPI's own format is no difference on screen.
            const bool same = d.verdict == Verdict::Same || format_kpi(desc, std::abs(d.delta), state.currency) ==
                                                                format_kpi(desc, 0.0, state.currency);
            if (same) {
                diff += text::tr(state.lang, text::Msg::Same);
            } else {
                const std::string magnitude = desc.format == KpiFormat::Count
                                                  ? format_count(std::abs(d.delta), state.lang)
                                                  : format_kpi(desc, std::abs(d.delta), state.currency, state.lang);
                diff += (d.delta > 0 ? "+" : "\xe2\x88\x92") + magnitude;
            }
            const ImU32 colour = theme::rgb(same                           ? theme::c().text_dim
                                            : d.verdict == Verdict::Better ? theme::c().good
                                                                           : theme::c().bad);
            const char* shown = ui(state, diff);
            const float w = draw::text_size(state.fonts.bold, state.fonts.bold->FontSize, shown).x;
            draw::label(state, dl, state.fonts.bold, state.fonts.bold->FontSize, ImVec2(mirror(card.x + 12, w), below),
                        colour, shown);
            below += state.fonts.bold->FontSize + 2;
            widest = std::max(widest, card.x + 12 + w + 16);
        }
        const std::vector<double> targets = targets_for(state, k);
        // A line that would run past the card's bottom is left out rather than drawn over the next card.
        if (!targets.empty() && targets.front() != 0 && below + state.fonts.body->FontSize <= card.bottom() - 4) {
            const double share = now_a[k] / targets.front();
            const std::string target = format_kpi(desc, targets.front(), state.currency, state.lang);
            std::string t =
                text::tr(state.lang, text::Msg::TargetShare,
                         {target, text::digits(state.lang, std::to_string(std::lround(share * 100)) + "%")});
            // With an ensemble: how many of A's futures meet it at the horizon (the handout's odds).
            for (const io::TargetOdds& odds : io::target_odds(state.a->model.header(), state.a->model.footer())) {
                if (odds.kpi == desc.name && odds.value == targets.front() && odds.of > 1) {
                    t = text::tr(state.lang, text::Msg::TargetOdds,
                                 {target, text::count(state.lang, static_cast<std::int64_t>(odds.met)),
                                  text::count(state.lang, static_cast<std::int64_t>(odds.of))});
                }
            }
            // Too long for the card: the share of the target, which is shorter.
            if (draw::text_size(state.fonts.body, state.fonts.body->FontSize, ui(state, t)).x > card.w - 24) {
                t = text::tr(state.lang, text::Msg::TargetShare,
                             {target, text::digits(state.lang, std::to_string(std::lround(share * 100)) + "%")});
            }
            const char* shown = ui(state, t);
            const float w = draw::text_size(state.fonts.body, state.fonts.body->FontSize, shown).x;
            draw::label(state, dl, state.fonts.body, state.fonts.body->FontSize, ImVec2(mirror(card.x + 12, w), below),
                        theme::rgb(theme::c().target), shown);
            after = std::max(after,
                             card.x + 12 + draw::text_size(state.fonts.body, state.fonts.body->FontSize, shown).x + 16);
        }
        // The sparkline fills the card's right half, beside the number.
        after = std::max(after, widest);
        const float chart_x = card.x + std::max(card.w * 0.45f, after - card.x);
        // Under the KPI's name when the name reaches over it.
        const bool under_name = card.x + 12 + draw::text_size(label_font, label_size, label).x + 8 > chart_x;
        const float chart_y = under_name ? card.y + 12 + label_size + 4 : card.y + 12;
        if (card.right() - chart_x > 40 && card.bottom() - 12 - chart_y > 28) {
            const std::vector<draw::Series> series = series_for(state, times, k);
            const std::string id = "card" + std::to_string(k);
            const float chart_w = card.right() - chart_x - 12;
            draw::time_chart(state, id.c_str(),
                             {mirror(chart_x, chart_w), chart_y, chart_w, card.bottom() - 12 - chart_y}, desc, series,
                             targets, {.axes = false, .hover = true, .line_width = 3.0f});
        }
        dl->PopClipRect();
    }
    ImGui::SetCursorScreenPos(origin);
    ImGui::Dummy(avail);
}

} // namespace

void draw_kpi_panel(AppState& state, RectF rect) {
    std::string title = text::tr(state.lang, !state.b               ? text::Msg::KpisTitle
                                             : state.kpi_difference ? text::Msg::KpisTitleDifference
                                                                    : text::Msg::KpisTitleCompare);
    // An ensemble's bands say what they hold.
    if (const run::Footer& footer = state.a->model.footer();
        footer.has_ensemble() && footer.ensemble().replications() > 1) {
        title = text::tr(state.lang, text::Msg::KpisBands,
                         {title, text::count(state.lang, footer.ensemble().replications())});
    }
    title = std::string(ui(state, title)) + "###kpis";
    const ImGuiWindowFlags flags =
        state.presentation ? (ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar) : ImGuiWindowFlags_None;
    if (draw::begin_panel(state, Panel::Kpis, title.c_str(), rect, flags)) {
        if (state.presentation) {
            draw_cards(state);
        } else {
            draw_charts(state);
        }
    }
    draw::end_panel();
}

} // namespace innosim::viz

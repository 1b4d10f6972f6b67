// The report's decision section: what a planner reads first. For each policy the odds of meeting
// each target at the horizon, what it changes (levers and dates in words) and the sentence compare
// reads aloud; then what the multiple-comparison adjustment means for every claim in the report.
#include "tools/studies/report_parts.hpp"
#include "tools/studies/svg_chart.hpp"

#include <algorithm>
#include <cstdio>
#include <utility>
#include <vector>

namespace innosim::studies::report_parts {

namespace {

constexpr std::size_t kMaxDecisionArms = 12; // policies with a column and a card; the table has all

const char* odds_class(double p) {
    return p >= 0.8 ? "good" : p <= 0.2 ? "bad" : "mid";
}

std::string target_name(const io::KpiInfo& kpi, double value) {
    return std::string(kpi.label) + (kpi.higher_is_better ? " \u2265 " : " \u2264 ") + io::format_kpi(kpi, value);
}

/// Every run of every design point as one arm (a screening design's targets over all its runs).
Arm pooled(const ReportData& data) {
    Arm all = data.arms.front();
    all.label = "all " + std::to_string(data.arms.size()) + " design points";
    for (std::size_t a = 1; a < data.arms.size(); ++a) {
        const Arm& arm = data.arms[a];
        for (std::size_t k = 0; k < all.kpis.size(); ++k) {
            const auto column = std::find(arm.kpis.begin(), arm.kpis.end(), all.kpis[k]);
            if (column != arm.kpis.end()) {
                const auto& values = arm.values[static_cast<std::size_t>(column - arm.kpis.begin())];
                all.values[k].insert(all.values[k].end(), values.begin(), values.end());
            }
        }
        all.seeds.insert(all.seeds.end(), arm.seeds.begin(), arm.seeds.end());
    }
    return all;
}

/// Targets (rows) by arms (columns): the share of each arm's futures meeting the target.
/// `pooled_runs`: the column is every run of a design, not one policy's futures.
std::string targets_table(const std::vector<Arm>& arms, const std::vector<std::string>& headers, bool single_run,
                          bool pooled_runs = false) {
    std::vector<std::pair<std::string, double>> targets;
    std::vector<std::vector<io::TargetOdds>> odds;
    for (const Arm& arm : arms) {
        odds.push_back(arm_target_odds(arm));
        for (const io::TargetOdds& o : odds.back()) {
            if (std::find(targets.begin(), targets.end(), std::pair{o.kpi, o.value}) == targets.end()) {
                targets.emplace_back(o.kpi, o.value);
            }
        }
    }
    if (targets.empty()) {
        return "<p class=\"lead\">The scenario sets no targets: add <code>targets { kpi: \"jobs\" value: 4000 }</code> "
               "to it and every run, compare and report states the odds of meeting them.</p>";
    }
    std::string out = "<div class=\"card table-wrap\"><table class=\"odds\"><thead><tr><th>target at the horizon</th>";
    for (std::size_t a = 0; a < arms.size(); ++a) {
        out += "<th>" + html_escape(headers[a]) + "<span class=\"ci\">" + std::to_string(arms[a].seeds.size()) +
               (arms[a].seeds.size() == 1 ? " run"
                : pooled_runs             ? " runs"
                                          : " futures") +
               "</span></th>";
    }
    out += "</tr></thead><tbody>";
    for (const auto& [kpi, value] : targets) {
        const io::KpiInfo& info = kpi_info(kpi);
        out += "<tr><td>" + html_escape(target_name(info, value)) + "</td>";
        for (std::size_t a = 0; a < arms.size(); ++a) {
            const auto o = std::find_if(odds[a].begin(), odds[a].end(),
                                        [&](const io::TargetOdds& x) { return x.kpi == kpi && x.value == value; });
            if (o == odds[a].end()) {
                out += "<td class=\"na\">not a target here</td>";
            } else if (single_run) {
                out += std::string("<td class=\"") + (o->met == 1 ? "good" : "bad") + "\"><b>" +
                       (o->met == 1 ? "met" : "missed") + "</b><span class=\"ci\">in this one run</span></td>";
            } else {
                out += std::string("<td class=\"") + odds_class(o->p_met) + "\"><b>" + percent(o->p_met) +
                       "</b><span class=\"ci\">met in " + std::to_string(o->met) + " of " + std::to_string(o->of) +
                       "</span></td>";
            }
        }
        out += "</tr>";
    }
    return out + "</tbody></table></div>";
}

/// A policy's card: what it changes, and what that did against the reference.
std::string policy_card(const ReportData& data, std::size_t a) {
    const Arm& arm = data.arms[a];
    std::string out = "<div class=\"card policy\"><h3><span class=\"code\">" + html_escape(arm_code(a)) + "</span>" +
                      html_escape(arm.label) +
                      (a == 0 && data.arms.size() > 1 ? " <span class=\"tag\">reference</span>" : "") + "</h3>";
    if (arm.changes.empty()) {
        out += "<p class=\"muted\">" +
               std::string(a == 0 ? "Changes no lever on a date: today's policies throughout."
                                  : "Changes no lever the reference does not change the same way.") +
               "</p>";
    } else {
        out += "<ul class=\"changes\">";
        for (const std::string& change : arm.changes) {
            out += "<li>" + html_escape(change) + "</li>";
        }
        out += "</ul>";
    }
    if (a > 0 && !data.comparisons.empty()) {
        out += "<p class=\"say\">" + html_escape(describe_comparison(data.arms, data.comparisons, a)) + "</p>";
    }
    return out + "</div>";
}

std::string adjustment_note(const ReportData& data) {
    std::size_t tests = 0;
    std::size_t holds = 0;
    std::size_t unadjusted = 0;
    for (const KpiComparison& c : data.comparisons) {
        for (std::size_t a = 1; a < c.differences.size(); ++a) {
            if (std::isnan(c.differences[a].p_value)) {
                continue;
            }
            ++tests;
            holds += c.robust(a) ? 1 : 0;
            unadjusted += !c.robust(a) && c.differences[a].excludes_zero() ? 1 : 0;
        }
    }
    return "<div class=\"note\"><b>Multiple comparisons.</b> This report tests " + std::to_string(tests) +
           " differences at once (" + std::to_string(data.arms.size() - 1) + " against the reference \u00d7 " +
           std::to_string(data.comparisons.size()) +
           " KPIs). A difference is claimed (it <i>holds</i>, marked "
           "\u2605) only when its " +
           kAdjustmentName +
           "-adjusted p-value is below 0.05, which keeps the chance of any false claim in the whole report at 5%. " +
           std::to_string(holds) + " hold" + (holds == 1 ? "s" : "") + "; " + std::to_string(unadjusted) +
           " more have a 95% interval that excludes zero on its own but do not survive the adjustment: the tables "
           "show them with their intervals, uncoloured, and nothing here claims them.</div>";
}

} // namespace

std::string percent(double share) {
    char text[32];
    std::snprintf(text, sizeof text, "%.0f%%", 100 * share);
    return text;
}

std::string decision(const ReportData& data) {
    std::string out = "<section id=\"decision\"><h2>Decision</h2>";
    if (data.arms.empty()) {
        return out + "<p class=\"lead\">No runs.</p></section>";
    }
    if (is_screening(data)) {
        const Arm all = pooled(data);
        out += "<p class=\"lead\">A " + html_escape(data.design) +
               " design samples the levers' space to rank what drives each KPI (see Sensitivity); it compares no "
               "policies, so it names no best one. The targets' odds over all " +
               std::to_string(all.seeds.size()) + " runs of the design, " + html_escape(data.kpi_time) + ":</p>";
        return out + targets_table({all}, {all.label}, false, true) + "</section>";
    }
    const std::size_t arms = std::min(kMaxDecisionArms, data.arms.size());
    std::vector<Arm> shown(data.arms.begin(), data.arms.begin() + static_cast<std::ptrdiff_t>(arms));
    std::vector<std::string> headers;
    for (std::size_t a = 0; a < arms; ++a) {
        headers.push_back(arm_code(a) + " " + data.arms[a].label);
    }
    const bool single_run = data.kind == "run" && data.futures == 0;
    if (data.kind == "run") {
        out += single_run
                   ? "<p class=\"lead\">Does <b>" + html_escape(data.title) + "</b> reach its targets " +
                         html_escape(data.kpi_time) +
                         "? This file holds one future, one draw of chance: met or missed says little. "
                         "<code>innosim run</code> (20 futures by default) gives the odds.</p>"
                   : "<p class=\"lead\">Does <b>" + html_escape(data.title) + "</b> reach its targets " +
                         html_escape(data.kpi_time) + "? The share of the " + std::to_string(data.futures) +
                         " futures in this file (replications under common random numbers) that meet each one.</p>";
    } else {
        out += "<p class=\"lead\">Does each policy reach the targets " + html_escape(data.kpi_time) +
               "? The share of each policy's futures (its replications; replication k of every policy draws the same "
               "chance) that meet each target. Green: met in 80% of futures or more; red: 20% or fewer.</p>";
    }
    out += targets_table(shown, headers, single_run);
    out += "<h3 class=\"sub\">" +
           std::string(data.kind == "run" ? "What the scenario changes" : "What each policy changes") +
           "</h3><div class=\"grid policies\">";
    for (std::size_t a = 0; a < arms; ++a) {
        out += policy_card(data, a);
    }
    out += "</div>";
    if (arms < data.arms.size()) {
        out += "<p class=\"lead\">The first " + std::to_string(arms) + " of " + std::to_string(data.arms.size()) +
               " policies are shown here; the KPI table has them all.</p>";
    }
    if (data.arms.size() > 1 && !data.comparisons.empty()) {
        out += adjustment_note(data);
    }
    return out + "</section>";
}

} // namespace innosim::studies::report_parts

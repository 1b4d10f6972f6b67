// The report page: sections rendered from ReportData.
//
// [SECTION] KPI names and values
// [SECTION] Page frame (CSS, print stylesheet, hero, navigation)
// [SECTION] Findings and the horizon table
// (the decision section is in report_decision.cpp)
// [SECTION] Trajectories
// [SECTION] Sensitivity
// [SECTION] Funding flows
// [SECTION] Provenance
#include "tools/studies/report.hpp"

#include "sim/io/kpi_registry.hpp"
#include "sim/version.hpp"
#include "tools/studies/report_parts.hpp"
#include "tools/studies/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <stdexcept>

namespace innosim::studies {

const io::KpiInfo& report_parts::kpi_info(std::string_view kpi) {
    const io::KpiInfo* info = io::find_kpi(kpi);
    if (info == nullptr) {
        throw std::logic_error("the report was given a column that is no KPI: " + std::string(kpi));
    }
    return *info;
}

bool report_parts::is_screening(const ReportData& data) {
    return data.design == "MORRIS" || data.design == "SOBOL" || data.design == "LATIN_HYPERCUBE";
}

namespace {

using report_parts::is_screening;
using report_parts::kpi_info;

constexpr std::size_t kMaxSeries = 8;          // lines per trajectory chart before it turns to spaghetti
constexpr std::size_t kMaxFindings = 14;       // robust differences listed in the findings
constexpr std::size_t kMaxPolicyColumns = 10;  // policies as columns of the KPI table (more: one row each)
constexpr std::size_t kKpiColumnsPerTable = 5; // KPI columns of one point table, so it prints whole
constexpr std::size_t kPoliciesPerTable = 3;   // policies beside the reference in one KPI table
constexpr double kResolution = 0.05;           // the Sobol interval half-width "needs more samples" aims at

// [SECTION] KPI names and values ------------------------------------------------------------------

bool higher_is_better(std::string_view kpi) {
    return kpi_info(kpi).higher_is_better;
}

std::string kpi_title(std::string_view kpi) {
    return std::string(kpi_info(kpi).label);
}

std::string kpi_text(std::string_view kpi, double value) {
    return io::format_kpi(kpi_info(kpi), value);
}

/// Axis labels in the unit axis_unit names: shares in percent, money in billions of Rial.
ValueFormat axis_format(std::string_view kpi) {
    switch (kpi_info(kpi).format) {
    case io::KpiFormat::Share:
        return [](double v) { return short_number(100 * v); };
    case io::KpiFormat::Rial:
    case io::KpiFormat::RialPerJob:
        return [](double v) { return short_number(v / 1e9); };
    default:
        return short_number;
    }
}

/// What an axis of the KPI counts in: "%", "bn Rial", "jobs", "index (0-100)".
std::string axis_unit(std::string_view kpi) {
    const io::KpiInfo& info = kpi_info(kpi);
    switch (info.format) {
    case io::KpiFormat::Share:
        return "%";
    case io::KpiFormat::Rial:
        return "bn Rial";
    case io::KpiFormat::RialPerJob:
        return "bn Rial per job";
    default:
        return std::string(info.unit);
    }
}

/// A quantile of futures as the CLI prints it: counts whole (quantiles interpolate between futures).
std::string quantile_text(std::string_view kpi, double value) {
    return kpi_text(kpi, kpi_info(kpi).format == io::KpiFormat::Count ? std::round(value) : value);
}

std::string signed_text(std::string_view kpi, double value) {
    return io::format_kpi_signed(kpi_info(kpi), value);
}

std::string interval_text(std::string_view kpi, const Summary& s, bool sign) {
    if (std::isnan(s.ci_low)) {
        return "";
    }
    return io::format_kpi_range(kpi_info(kpi), s.ci_low, s.ci_high, sign);
}

/// "good", "bad" or "" for a difference to the reference: coloured only when it holds after the
/// multiple-comparison adjustment (an interval that excludes zero on its own is not a claim).
const char* verdict(const KpiComparison& c, std::size_t a) {
    if (!c.robust(a)) {
        return "";
    }
    return (c.differences[a].mean > 0) == higher_is_better(c.kpi) ? "good" : "bad";
}

std::string flow_title(const std::string& column) {
    std::string name = column.substr(column.find('_') + 1);
    for (char& c : name) {
        c = c == '_' ? ' ' : c;
    }
    if (!name.empty()) {
        name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
    }
    return name;
}

// [SECTION] Page frame (CSS, print stylesheet, hero, navigation) ------------------------------------------------------

constexpr const char* kCss = R"css(
:root{--ink:#1d2733;--muted:#5f6b7a;--line:#e3e8ef;--bg:#f5f7fa;--card:#fff;--accent:#0b4f8a;--good:#1a7f4b;--bad:#b3261e}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
.wrap{max-width:1180px;margin:0 auto;padding:0 24px}
.hero{background:linear-gradient(135deg,#0b3d6b 0%,#0b4f8a 55%,#13689f 100%);color:#fff;padding:34px 0 26px}
.kicker{text-transform:uppercase;letter-spacing:.12em;font-size:11px;opacity:.75}
.hero h1{margin:6px 0 6px;font-size:30px;font-weight:650;letter-spacing:-.01em}
.hero p{margin:0 0 14px;max-width:880px;opacity:.9}
.facts{display:flex;flex-wrap:wrap;gap:8px}
.fact{background:rgba(255,255,255,.13);border:1px solid rgba(255,255,255,.22);border-radius:999px;padding:3px 12px;font-size:12px}
.fact b{font-weight:600;margin-right:4px;opacity:.8}
nav.toc{display:flex;gap:18px;padding:12px 24px;font-size:13px;border-bottom:1px solid var(--line);background:#fff;position:sticky;top:0;z-index:2}
nav.toc a{color:var(--accent);text-decoration:none}
section{margin:28px 0}
h2{font-size:19px;margin:0 0 4px}
.lead{color:var(--muted);margin:0 0 14px;max-width:900px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px;box-shadow:0 1px 2px rgba(16,24,40,.04)}
.grid{display:grid;gap:14px;grid-template-columns:repeat(auto-fill,minmax(340px,1fr))}
.grid.policies{align-items:start}
.kpis{display:grid;gap:10px;grid-template-columns:repeat(auto-fill,minmax(200px,1fr))}
.kpi{background:#fff;border:1px solid var(--line);border-radius:10px;padding:10px 12px}
.kpi .name{font-size:12px;color:var(--muted)}
.kpi .value{font-size:20px;font-weight:650;margin-top:2px}
.kpi .ci{font-size:11px;color:var(--muted)}
ul.findings{list-style:none;margin:0;padding:0}
ul.findings li{padding:7px 0;border-bottom:1px solid var(--line);display:flex;gap:10px;align-items:baseline}
ul.findings li:last-child{border-bottom:0}
.arrow{font-weight:700;width:16px;text-align:center}
.good{color:var(--good)}.bad{color:var(--bad)}
.tag{display:inline-block;font-size:11px;padding:1px 7px;border-radius:999px;background:#eef2f7;color:var(--muted)}
.tag.good{background:#e3f4ea;color:var(--good)}.tag.bad{background:#fbe7e6;color:var(--bad)}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:13px;background:#fff}
th,td{padding:7px 10px;border-bottom:1px solid var(--line);text-align:right;vertical-align:top;white-space:nowrap}
th:first-child,td:first-child{text-align:left}
thead th{background:#f0f4f9;font-weight:600;color:#344154;position:sticky;top:0;white-space:normal;min-width:110px}
th .ci{display:block;font-size:11px;color:var(--muted);font-weight:400}
td .ci,td .d{display:block;font-size:11px;color:var(--muted);white-space:normal}
td .d.good{color:var(--good);font-weight:600}td .d.bad{color:var(--bad);font-weight:600}
.legend{display:flex;flex-wrap:wrap;gap:14px;margin:0 0 10px;font-size:12px}
.legend span{display:inline-flex;align-items:center;gap:6px}
.legend i{display:inline-block;width:14px;height:4px;border-radius:2px}
.note{background:#fff8e6;border:1px solid #f3dfa6;border-radius:8px;padding:8px 12px;margin:8px 0;font-size:13px}
pre{background:#0f1720;color:#dbe5f0;border-radius:8px;padding:12px;overflow:auto;font-size:12px;white-space:pre-wrap}
dl.prov{display:grid;grid-template-columns:210px 1fr;gap:4px 14px;margin:0;font-size:13px}
dl.prov dt{color:var(--muted)}dl.prov dd{margin:0;word-break:break-all}
svg.chart{width:100%;height:auto;display:block}
svg .t{font-size:12px;font-weight:600;fill:#1d2733}
svg .lab{font-size:9.5px;fill:#5f6b7a}
svg .small{font-size:8.5px}
svg .mk{fill:#8a5a00}
svg .in{fill:#fff}
svg .axis{stroke:#9aa6b5;stroke-width:1}
svg .grid{stroke:#edf1f6;stroke-width:1}
svg .marker{stroke:#c08a1e;stroke-width:1;stroke-dasharray:4 3}
svg .series{fill:none;stroke-width:1.8;stroke-linejoin:round}
svg .band{stroke:none}
svg .whisker{stroke:#1d2733;stroke-width:1}
footer{color:var(--muted);font-size:12px;padding:24px 0 40px}
table.odds td{text-align:center}table.odds td:first-child{text-align:left}table.odds td b{font-size:16px;display:block}
td.good{background:#e3f4ea}td.bad{background:#fbe7e6}td.mid{background:#fff8e6;color:#6b4e00}td.na{color:var(--muted);font-size:11px}
h3.sub{margin:18px 0 8px;font-size:15px}
.policy h3{font-size:14px;margin:0 0 6px}.policy .code{display:inline-block;min-width:22px;font-weight:700;color:var(--accent)}
ul.changes{margin:0 0 8px;padding-left:18px;font-size:12.5px}ul.changes li{margin:2px 0}
.say{font-size:13px;margin:0;color:#263445}.muted{color:var(--muted)}
.star{color:var(--accent);font-weight:700}
ul.warn{margin:8px 0 0;padding-left:18px;font-size:12px;color:#6b4e00}
svg .unit{font-style:italic}
@media print{
@page{size:A4 landscape;margin:12mm}
body{background:#fff;font-size:11px}
nav.toc{display:none}
.hero{background:#0b4f8a;padding:16px 0;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.wrap{max-width:none;padding:0}
section{margin:14px 0}
h2,h3{break-after:avoid}
.card{box-shadow:none;break-inside:avoid}
.table-wrap{overflow:visible!important;max-height:none!important}
table{font-size:10px}th,td{padding:3px 6px}
thead th{position:static;min-width:0}
thead{display:table-header-group}tr{break-inside:avoid}
.grid{grid-template-columns:repeat(2,1fr)}
.grid.policies{grid-template-columns:1fr 1fr}
td.good,td.bad,td.mid,td .d,.tag,.note{-webkit-print-color-adjust:exact;print-color-adjust:exact}
pre{background:#fff;color:#000;border:1px solid #ccc;white-space:pre-wrap}
}
)css";

std::string hero(const ReportData& data) {
    std::string out = "<header class=\"hero\"><div class=\"wrap\"><div class=\"kicker\">innosim " +
                      std::string(data.kind == "sweep" ? "study" : "run") + " report</div>";
    out += "<h1>" + html_escape(data.title) + "</h1>";
    if (!data.subtitle.empty()) {
        out += "<p>" + html_escape(data.subtitle) + "</p>";
    }
    out += "<div class=\"facts\">";
    for (const auto& [key, value] : data.facts) {
        out += "<span class=\"fact\"><b>" + html_escape(key) + "</b>" + html_escape(value) + "</span>";
    }
    return out + "</div></div></header>";
}

// [SECTION] Findings and the horizon table ----------------------------------------------------------

/// Findings of a design that samples the lever space: what drives each KPI, and the KPIs' spread.
std::string screening_findings(const ReportData& data) {
    std::size_t runs = 0;
    for (const Arm& arm : data.arms) {
        runs += arm.seeds.size();
    }
    std::string out = "<section id=\"findings\"><h2>Findings</h2><p class=\"lead\">A " + html_escape(data.design) +
                      " design samples the levers' space (" + std::to_string(data.arms.size()) + " points, " +
                      std::to_string(runs) +
                      " runs): it asks which levers drive each KPI, not which single point is best.</p>";
    if (!data.sensitivity.empty()) {
        const bool sobol = data.sensitivity_method == "sobol";
        std::map<std::string, std::vector<const SensitivityRow*>> by_kpi;
        std::vector<std::string> order;
        for (const SensitivityRow& row : data.sensitivity) {
            if (by_kpi[row.kpi].empty()) {
                order.push_back(row.kpi);
            }
            by_kpi[row.kpi].push_back(&row);
        }
        out += "<p class=\"lead\">The three most influential levers per KPI (" +
               std::string(sobol ? "total Sobol index S\u209c" : "Morris \u03bc*, in KPI units per lever range") +
               "):</p><div class=\"card\"><ul class=\"findings\">";
        for (const std::string& kpi : order) {
            auto rows = by_kpi[kpi];
            const auto importance = [sobol](const SensitivityRow* r) { return sobol ? r->b : r->a; };
            std::stable_sort(rows.begin(), rows.end(), [&](auto* x, auto* y) { return importance(x) > importance(y); });
            std::string text;
            for (std::size_t i = 0; i < rows.size() && i < 3; ++i) {
                const std::string value = sobol ? short_number(rows[i]->b) : kpi_text(kpi, rows[i]->a);
                text += std::string(i == 0 ? "<b>" : ", ") + html_escape(rows[i]->lever) + (i == 0 ? "</b>" : "") +
                        " <span class=\"tag\">" + html_escape(value) + "</span>";
            }
            out += "<li><span class=\"arrow\">\u2192</span><span>" + html_escape(kpi_title(kpi)) + ": " + text +
                   "</span></li>";
        }
        out += "</ul></div>";
    }
    out += "<h3 style=\"margin:18px 0 8px;font-size:15px\">Across all runs " + html_escape(data.kpi_time) +
           "</h3><div class=\"kpis\">";
    for (const KpiComparison& c : data.comparisons) {
        std::vector<double> all;
        for (const Arm& arm : data.arms) {
            const auto found = std::find(arm.kpis.begin(), arm.kpis.end(), c.kpi);
            if (found != arm.kpis.end()) {
                const auto& values = arm.values[static_cast<std::size_t>(found - arm.kpis.begin())];
                all.insert(all.end(), values.begin(), values.end());
            }
        }
        const Summary s = summarize(all);
        const double p05 = quantile(all, 0.05);
        const double p95 = quantile(all, 0.95);
        out += "<div class=\"kpi\"><div class=\"name\">" + html_escape(kpi_title(c.kpi)) +
               "</div><div class=\"value\">" + html_escape(kpi_text(c.kpi, s.mean)) +
               "</div><div class=\"ci\">mean; 90% of runs " + html_escape(kpi_text(c.kpi, p05)) + " \u2013 " +
               html_escape(kpi_text(c.kpi, p95)) + "</div></div>";
    }
    out += "</div>";
    for (const std::string& note : data.notes) {
        out += "<div class=\"note\">" + html_escape(note) + "</div>";
    }
    return out + "</section>";
}

std::string findings(const ReportData& data) {
    if (is_screening(data)) {
        return screening_findings(data);
    }
    std::string out = "<section id=\"findings\"><h2>Findings</h2>";
    if (data.arms.empty() || data.comparisons.empty()) {
        return out + "<p class=\"lead\">No runs.</p></section>";
    }
    const Arm& reference = data.arms[0];
    if (data.arms.size() > 1) {
        struct Finding {
            double strength; // |difference| / half-width of its interval
            std::string html;
        };
        std::vector<Finding> list;
        std::size_t tested = 0;
        std::size_t unadjusted = 0;
        for (const KpiComparison& c : data.comparisons) {
            for (std::size_t a = 1; a < data.arms.size(); ++a) {
                const Summary& d = c.differences[a];
                ++tested;
                if (!c.robust(a)) {
                    unadjusted += d.excludes_zero() ? 1 : 0;
                    continue;
                }
                const char* cls = verdict(c, a);
                const double half = (d.ci_high - d.ci_low) / 2;
                std::string html =
                    "<li><span class=\"arrow " + std::string(cls) + "\">" + (d.mean > 0 ? "\u25B2" : "\u25BC") +
                    "</span><span><b>" + html_escape(data.arms[a].label) + "</b>: " + html_escape(kpi_title(c.kpi)) +
                    " " + html_escape(signed_text(c.kpi, d.mean)) + " <span class=\"tag " + cls + "\">95% CI " +
                    html_escape(interval_text(c.kpi, d, true)) +
                    (c.paired[a] ? ", paired, better in " + std::to_string(c.better[a]) + " of " + std::to_string(d.n)
                                 : std::string(", Welch")) +
                    "</span></span></li>";
                list.push_back({half > 0 ? std::fabs(d.mean) / half : std::numeric_limits<double>::infinity(), html});
            }
        }
        std::stable_sort(list.begin(), list.end(),
                         [](const Finding& x, const Finding& y) { return x.strength > y.strength; });
        out += "<p class=\"lead\">Differences to the reference <b>" + html_escape(reference.label) + "</b> " +
               html_escape(data.kpi_time) + " that hold after the " + kAdjustmentName + " adjustment over all " +
               std::to_string(tested) + " comparisons: " + std::to_string(list.size()) +
               ". Green is better for the city, red worse. Strongest first." +
               (unadjusted > 0 ? " " + std::to_string(unadjusted) +
                                     " more exclude zero only on their own interval and are not listed."
                               : std::string()) +
               "</p>";
        if (list.empty()) {
            out += "<div class=\"card\">No difference holds: with these replications, the policies cannot be told "
                   "apart on any KPI. More replications narrow the intervals (<code>innosim compare --detect</code> "
                   "says how many).</div>";
        } else {
            out += "<div class=\"card\"><ul class=\"findings\">";
            for (std::size_t i = 0; i < list.size() && i < kMaxFindings; ++i) {
                out += list[i].html;
            }
            if (list.size() > kMaxFindings) {
                out += "<li><span class=\"arrow\"></span><span>\u2026 and " +
                       std::to_string(list.size() - kMaxFindings) + " more in the table below.</span></li>";
            }
            out += "</ul></div>";
        }
    }
    out += "<h3 style=\"margin:18px 0 8px;font-size:15px\">" + html_escape(reference.label) + " " +
           html_escape(data.kpi_time) + "</h3><div class=\"kpis\">";
    for (std::size_t j = 0; j < data.comparisons.size(); ++j) {
        const KpiComparison& c = data.comparisons[j];
        const Summary& s = c.arms[0];
        std::string value = kpi_text(c.kpi, s.mean);
        std::string ci = std::isnan(s.ci_low) ? std::string("one run")
                                              : "mean; 95% CI " + interval_text(c.kpi, s, false) +
                                                    (s.n > 1 ? " \u00b7 n=" + std::to_string(s.n) : "");
        if (j < data.horizon_quantiles.size()) {
            const io::Quantiles& q = data.horizon_quantiles[j];
            value = quantile_text(c.kpi, q.p50);
            ci = "median; 90% of futures " + io::format_kpi_range(kpi_info(c.kpi), q.p05, q.p95);
        }
        out += "<div class=\"kpi\"><div class=\"name\">" + html_escape(kpi_title(c.kpi)) +
               "</div><div class=\"value\">" + html_escape(value) + "</div><div class=\"ci\">" + html_escape(ci) +
               "</div></div>";
    }
    out += "</div>";
    for (const std::string& note : data.notes) {
        out += "<div class=\"note\">" + html_escape(note) + "</div>";
    }
    return out + "</section>";
}

/// A run file's table: each KPI at the horizon and at the end, against the scenario's targets; over
/// the futures when the file holds an ensemble (median and the range 90% of them fall in).
std::string run_table(const ReportData& data) {
    const bool ensemble = data.futures > 0 && data.horizon_quantiles.size() == data.comparisons.size() &&
                          data.end_quantiles.size() == data.comparisons.size();
    std::string out = "<section id=\"table\"><h2>KPIs " + html_escape(data.kpi_time) + "</h2><p class=\"lead\">" +
                      (ensemble ? "The median of the " + std::to_string(data.futures) +
                                      " futures and, below it, the range 90% of them fall in (5th to 95th "
                                      "percentile), at the horizon and at the end of the run (" +
                                      html_escape(data.end_date) + "); each target's odds over the futures."
                                : "One run, at the horizon and at the end of the run (" + html_escape(data.end_date) +
                                      "), against the targets the scenario sets.") +
                      "</p>";
    out += "<div class=\"card table-wrap\"><table><thead><tr><th>KPI</th><th>at the horizon</th><th>at the end</th>"
           "<th>target</th></tr></thead><tbody>";
    const std::vector<io::TargetOdds> odds =
        data.arms.empty() ? std::vector<io::TargetOdds>{} : arm_target_odds(data.arms.front());
    for (std::size_t j = 0; j < data.comparisons.size(); ++j) {
        const KpiComparison& c = data.comparisons[j];
        const io::KpiInfo& info = kpi_info(c.kpi);
        std::string target;
        for (const io::TargetOdds& o : odds) {
            if (o.kpi != c.kpi) {
                continue;
            }
            const std::string goal = (info.higher_is_better ? "\u2265 " : "\u2264 ") + kpi_text(c.kpi, o.value);
            if (ensemble) {
                target += "<span class=\"tag " +
                          std::string(o.p_met >= 0.8   ? "good"
                                      : o.p_met <= 0.2 ? "bad"
                                                       : "") +
                          "\">" + html_escape(goal) + ": met in " + std::to_string(o.met) + " of " +
                          std::to_string(o.of) + " (" + report_parts::percent(o.p_met) + ")</span>";
            } else {
                target += "<span class=\"tag " + std::string(o.met == 1 ? "good" : "bad") + "\">" + html_escape(goal) +
                          (o.met == 1 ? " met" : " missed") + "</span>";
            }
        }
        const auto cell = [&](const io::Quantiles& q) {
            return html_escape(quantile_text(c.kpi, q.p50)) + "<span class=\"ci\">" +
                   html_escape(io::format_kpi_range(info, q.p05, q.p95)) + "</span>";
        };
        out += "<tr><td>" + html_escape(kpi_title(c.kpi)) + "</td><td>" +
               (ensemble ? cell(data.horizon_quantiles[j]) : html_escape(kpi_text(c.kpi, c.arms[0].mean))) +
               "</td><td>" +
               (ensemble ? cell(data.end_quantiles[j])
                         : html_escape(j < data.end_values.size() ? kpi_text(c.kpi, data.end_values[j]) : "")) +
               "</td><td>" + target + "</td></tr>";
    }
    return out + "</tbody></table></div></section>";
}

/// A policy's value in the KPI table: the mean, its 95% interval, and the difference to the first.
std::string policy_cell(const KpiComparison& c, std::size_t a) {
    std::string out = html_escape(kpi_text(c.kpi, c.arms[a].mean)) + "<span class=\"ci\">" +
                      html_escape(interval_text(c.kpi, c.arms[a], false)) + "</span>";
    if (a > 0) {
        const Summary& d = c.differences[a];
        out +=
            "<span class=\"d " + std::string(verdict(c, a)) + "\">\u0394 " + html_escape(signed_text(c.kpi, d.mean)) +
            (std::isnan(d.ci_low) ? "" : " [" + html_escape(interval_text(c.kpi, d, true)) + "]") +
            (c.robust(a) ? " <span class=\"star\" title=\"holds after the adjustment\">\u2605</span>" : "") + "</span>";
    }
    return out;
}

std::string horizon_table(const ReportData& data) {
    if (data.kind == "run") {
        return run_table(data);
    }
    std::string out = "<section id=\"table\"><h2>KPIs " + html_escape(data.kpi_time) + "</h2>";
    const bool screening = is_screening(data);
    if (data.arms.size() <= kMaxPolicyColumns && !screening) {
        out += "<p class=\"lead\">Mean over replications with its 95% t interval; for every other policy, the "
               "difference to the first (\u0394) with its 95% interval, paired by replication under common random "
               "numbers. \u2605 and colour: the difference holds after the " +
               std::string(kAdjustmentName) + " adjustment over the whole table.</p>";
        // The reference and up to three policies per table, so every table fits the (printed) page whole.
        for (std::size_t from = 1; from < std::max<std::size_t>(2, data.arms.size()); from += kPoliciesPerTable) {
            std::vector<std::size_t> columns{0};
            for (std::size_t a = from; a < data.arms.size() && a < from + kPoliciesPerTable; ++a) {
                columns.push_back(a);
            }
            out += "<div class=\"card table-wrap\" style=\"margin-bottom:12px\"><table><thead><tr><th>KPI</th>";
            for (const std::size_t a : columns) {
                out += "<th>" + html_escape(arm_code(a) + " " + data.arms[a].label) +
                       "<span class=\"ci\">n=" + std::to_string(data.arms[a].seeds.size()) + "</span></th>";
            }
            out += "</tr></thead><tbody>";
            for (const KpiComparison& c : data.comparisons) {
                out += "<tr><td>" + html_escape(kpi_title(c.kpi)) + "<span class=\"ci\">" +
                       html_escape(axis_unit(c.kpi)) + "</span></td>";
                for (const std::size_t a : columns) {
                    out += "<td>" + policy_cell(c, a) + "</td>";
                }
                out += "</tr>";
            }
            out += "</tbody></table></div>";
        }
        return out + "</section>";
    }
    // One row per design point; the KPIs in tables of a few columns each, so every table fits the
    // page (and the printed page) whole, intervals under the values.
    constexpr std::size_t kMaxRows = 200;
    out += "<p class=\"lead\">One row per design point: the mean over its replications with its 95% interval "
           "below it." +
           std::string(screening ? ""
                                 : " Coloured cells differ from the first row after the " +
                                       std::string(kAdjustmentName) + " adjustment.") +
           " The KPIs are split over several tables so each prints whole." +
           (data.arms.size() > kMaxRows ? " The first " + std::to_string(kMaxRows) + " of " +
                                              std::to_string(data.arms.size()) + " points are shown; runs.csv has all."
                                        : "") +
           "</p>";
    const Arm& first = data.arms[0];
    bool several_scenarios = false;
    for (const Arm& arm : data.arms) {
        several_scenarios = several_scenarios || arm.scenario != first.scenario;
    }
    const bool lever_columns = !first.lever_names.empty();
    // As many KPI columns as fit the page beside the lever columns (about 80 px each, a KPI 130 px).
    const std::size_t narrow = first.lever_names.size() + (lever_columns && several_scenarios ? 2 : 0);
    const std::size_t per_table =
        std::clamp<std::size_t>(narrow * 80 >= 960 ? 0 : (960 - narrow * 80) / 130, 2, kKpiColumnsPerTable);
    for (std::size_t from = 0; from < data.comparisons.size(); from += per_table) {
        const std::size_t to = std::min(data.comparisons.size(), from + per_table);
        out += "<div class=\"card table-wrap\" style=\"margin-bottom:12px\"><table><thead><tr>";
        out += lever_columns ? "<th>#</th>" : "<th>policy / design point</th>";
        if (lever_columns && several_scenarios) {
            out += "<th>scenario</th>";
        }
        for (const std::string& lever : first.lever_names) {
            out += "<th>" + html_escape(lever) + "</th>";
        }
        for (std::size_t j = from; j < to; ++j) {
            out += "<th>" + html_escape(kpi_title(data.comparisons[j].kpi)) + "<span class=\"ci\">" +
                   html_escape(axis_unit(data.comparisons[j].kpi)) + "</span></th>";
        }
        out += "</tr></thead><tbody>";
        for (std::size_t a = 0; a < data.arms.size() && a < kMaxRows; ++a) {
            const Arm& arm = data.arms[a];
            out += "<tr><td>" + html_escape(lever_columns ? std::to_string(arm.point) : arm.label) + "</td>";
            if (lever_columns && several_scenarios) {
                out += "<td>" + html_escape(arm.scenario) + "</td>";
            }
            for (const std::string& value : arm.lever_values) {
                out += "<td>" + html_escape(value) + "</td>";
            }
            for (std::size_t j = from; j < to; ++j) {
                const KpiComparison& c = data.comparisons[j];
                const char* cls = a > 0 && !screening ? verdict(c, a) : "";
                out += "<td class=\"" + std::string(cls) + "\">" + html_escape(kpi_text(c.kpi, c.arms[a].mean)) +
                       "<span class=\"ci\">" + html_escape(interval_text(c.kpi, c.arms[a], false)) + "</span></td>";
            }
            out += "</tr>";
        }
        out += "</tbody></table></div>";
    }
    return out + "</section>";
}

// [SECTION] Trajectories ------------------------------------------------------------------------------

std::string legend(const ReportData& data, std::size_t count) {
    std::string out = "<div class=\"legend\">";
    for (std::size_t a = 0; a < count; ++a) {
        out += "<span><i style=\"background:" + palette(a) + "\"></i>" + html_escape(data.arms[a].label) + "</span>";
    }
    return out + "</div>";
}

std::string trajectories(const ReportData& data) {
    std::string out = "<section id=\"trajectories\"><h2>KPI trajectories</h2>";
    if (data.trajectory.empty() || data.month_dates.empty()) {
        return out + "<p class=\"lead\">No monthly trajectories in this sweep (set <code>monthly: true</code> in the "
                     "study).</p></section>";
    }
    const std::size_t arms = std::min(kMaxSeries, data.arms.size());
    out += "<p class=\"lead\">Month by month" + (data.band_label.empty() ? "" : ": " + html_escape(data.band_label)) +
           ". Each chart's unit is at its top right. The dashed line marks the horizon" +
           (data.horizon_date.empty() ? "" : " " + data.horizon_date) + ".";
    if (arms < data.arms.size()) {
        out +=
            " The first " + std::to_string(arms) + " of " + std::to_string(data.arms.size()) + " policies are drawn.";
    }
    out += "</p>" + legend(data, arms) + "<div class=\"grid\">";
    std::vector<std::string> ticks(data.month_dates.size());
    std::optional<std::size_t> marker;
    for (std::size_t m = 0; m < data.month_dates.size(); ++m) {
        const std::string& date = data.month_dates[m];
        if (date.size() >= 10 && date.compare(4, 6, "/01/01") == 0) {
            ticks[m] = date.substr(0, 4);
        }
        if (!marker && !data.horizon_date.empty() && date > data.horizon_date) {
            marker = m;
        }
    }
    for (std::size_t j = 0; j < data.trajectory_kpis.size(); ++j) {
        LineChart chart;
        chart.title = kpi_title(data.trajectory_kpis[j]);
        chart.x_ticks = ticks;
        chart.marker = marker;
        chart.marker_label = "horizon";
        chart.format = axis_format(data.trajectory_kpis[j]);
        chart.unit = axis_unit(data.trajectory_kpis[j]);
        chart.x_unit = "year";
        for (std::size_t a = 0; a < arms; ++a) {
            LineSeries series{.name = data.arms[a].label, .color = palette(a)};
            for (const Summary& s : data.trajectory[a][j]) {
                series.mean.push_back(s.mean);
                series.low.push_back(s.ci_low);
                series.high.push_back(s.ci_high);
            }
            chart.series.push_back(std::move(series));
        }
        out += "<div class=\"card\">" + render_line_chart(chart) + "</div>";
    }
    return out + "</div></section>";
}

// [SECTION] Sensitivity --------------------------------------------------------------------------------

/// The samples at which an interval of half-width `half` (from `samples`) would be `aim` wide each
/// side: intervals narrow as one over the square root of the samples.
std::size_t samples_for(double half, double aim, std::size_t samples) {
    const double n = static_cast<double>(samples) * (half / aim) * (half / aim);
    return static_cast<std::size_t>(std::ceil(std::min(n, 1e9)));
}

std::string needs_more(double half, double aim, std::size_t samples, const char* what) {
    if (samples == 0) {
        return std::string(" \u2014 needs more ") + what;
    }
    const std::size_t n = samples_for(half, aim, samples);
    return n > samples
               ? " \u2014 needs more " + std::string(what) + ": ~" + io::group_thousands(static_cast<long long>(n))
               : std::string(" \u2014 indistinguishable from zero");
}

/// Where the estimates cannot be read as they stand: a Sobol index above 1 (estimation noise) or an
/// interval that spans zero, a Morris \u03bc* whose interval is wider than itself.
std::vector<std::string> sensitivity_warnings(const ReportData& data, const std::vector<const SensitivityRow*>& rows) {
    std::vector<std::string> out;
    const std::size_t n = data.sensitivity_samples;
    char range[96];
    if (data.sensitivity_method == "sobol") {
        for (const SensitivityRow* r : rows) {
            for (const auto& [name, value, low, high] :
                 {std::tuple{"S\u2081", r->a, r->a_low, r->a_high}, std::tuple{"S\u209c", r->b, r->b_low, r->b_high}}) {
                if (!std::isfinite(value)) {
                    continue;
                }
                const double half = (high - low) / 2;
                std::snprintf(range, sizeof range, "%.2f (95%% interval %.2f to %.2f)", value, low, high);
                if (value > 1) {
                    out.push_back(r->lever + ": " + name + " " + range +
                                  " exceeds 1, which no index can: estimation noise" +
                                  needs_more(std::max(half, value - 1), kResolution, n, "samples"));
                } else if (std::isfinite(low) && std::isfinite(high) && low < 0 && high > 0) {
                    out.push_back(r->lever + ": " + name + " " + range + " spans zero" +
                                  needs_more(half, kResolution, n, "samples"));
                }
            }
        }
    } else if (data.sensitivity_method == "morris") {
        bool any_interval = false;
        for (const SensitivityRow* r : rows) {
            if (!std::isfinite(r->a_low) || !std::isfinite(r->a_high) || !std::isfinite(r->a)) {
                continue;
            }
            any_interval = true;
            const double half = (r->a_high - r->a_low) / 2;
            if (r->a > 0 && half > r->a / 2) {
                out.push_back(r->lever + ": \u03bc* " + kpi_text(r->kpi, r->a) + " (95% interval " +
                              io::format_kpi_range(kpi_info(r->kpi), r->a_low, r->a_high) +
                              ") is known only to within more than half its size" +
                              needs_more(half, r->a / 2, n, "trajectories"));
            }
        }
        if (!any_interval && !rows.empty()) {
            out.push_back("No bootstrap intervals for \u03bc* in this sweep's sensitivity.csv (written by an older "
                          "innosim): run the sweep again to get them.");
        }
    }
    return out;
}

std::string warnings_list(const ReportData& data, const std::vector<const SensitivityRow*>& rows) {
    const std::vector<std::string> warnings = sensitivity_warnings(data, rows);
    if (warnings.empty()) {
        return "";
    }
    std::string out = "<ul class=\"warn\">";
    for (const std::string& w : warnings) {
        out += "<li>" + html_escape(w) + "</li>";
    }
    return out + "</ul>";
}

std::string sensitivity(const ReportData& data) {
    std::string out = "<section id=\"sensitivity\"><h2>Sensitivity</h2>";
    if (data.sensitivity_method.empty() && data.kind == "sweep" && data.arms.size() > 1) {
        return out + "<p class=\"lead\">This study compares policies (a categorical factor) rather than varying "
                     "levers, so the findings and the KPI table above are its sensitivity analysis. Add levers with a "
                     "MORRIS, SOBOL or FULL_FACTORIAL design to rank what drives each KPI.</p></section>";
    }
    if (data.sensitivity_method.empty()) {
        return out + "<p class=\"lead\">No sensitivity analysis for this " + data.kind +
               ". Use a MORRIS design to rank levers (\u03bc*, \u03c3), SOBOL to apportion variance, or a "
               "FULL_FACTORIAL design for main effects.</p></section>";
    }
    std::map<std::string, std::vector<const SensitivityRow*>> by_kpi;
    std::vector<std::string> order;
    for (const SensitivityRow& row : data.sensitivity) {
        if (by_kpi[row.kpi].empty()) {
            order.push_back(row.kpi);
        }
        by_kpi[row.kpi].push_back(&row);
    }
    std::map<std::string, std::size_t> lever_color;
    for (const SensitivityRow& row : data.sensitivity) {
        lever_color.try_emplace(row.lever, lever_color.size());
    }
    if (data.sensitivity_method == "morris") {
        out += "<p class=\"lead\">Morris elementary effects. \u03bc* (bars, with 95% bootstrap intervals over the "
               "trajectories) ranks the levers by their overall influence on each KPI, in KPI units per full range of "
               "the lever; \u03c3 (scatter, vertical) measures non-linearity and interactions: levers high on both act "
               "in ways that depend on the others. A warning under a chart names a \u03bc* the design's " +
               std::to_string(data.sensitivity_samples) +
               " trajectories cannot pin down and the trajectories that would (intervals narrow as one over the "
               "square root).</p>";
    } else if (data.sensitivity_method == "sobol") {
        out += "<p class=\"lead\">Sobol indices: the share of each KPI's variance due to a lever alone (first-order, "
               "dark) and with all its interactions (total, light), with 95% bootstrap intervals. A warning under a "
               "chart names an index above 1 or an interval that spans zero, and the base samples (this design: " +
               std::to_string(data.sensitivity_samples) +
               ") at which its interval would be \u00b10.05 (intervals narrow as one over the square root).</p>";
    } else {
        out += "<p class=\"lead\">Main effects: for each lever, the KPI's mean over all runs at its lowest- and "
               "highest-scoring level (other levers averaged over the design). Longer bars matter more; the "
               "vertical line is the overall mean.</p>";
    }
    out += "<div class=\"grid\">";
    for (const std::string& kpi : order) {
        std::vector<const SensitivityRow*> rows = by_kpi[kpi];
        const ValueFormat format = axis_format(kpi);
        if (data.sensitivity_method == "morris") {
            std::stable_sort(rows.begin(), rows.end(), [](auto* x, auto* y) { return x->a > y->a; });
            const std::string unit = axis_unit(kpi) + " per lever range";
            BarChart bars{.title = kpi_title(kpi) + " \u2014 \u03bc*", .format = format, .unit = unit};
            Scatter scatter{.title = kpi_title(kpi) + " \u2014 \u03bc* vs \u03c3",
                            .x_name = "\u03bc* (" + unit + ")",
                            .y_name = "\u03c3 (" + unit + ")",
                            .format = format};
            for (const SensitivityRow* r : rows) {
                bars.bars.push_back({r->lever, r->a, r->a_low, r->a_high, palette(lever_color[r->lever])});
                scatter.points.push_back({r->lever, r->a, r->b, palette(lever_color[r->lever])});
            }
            out += "<div class=\"card\">" + render_bar_chart(bars) + render_scatter(scatter) +
                   warnings_list(data, rows) + "</div>";
        } else if (data.sensitivity_method == "sobol") {
            std::stable_sort(rows.begin(), rows.end(), [](auto* x, auto* y) { return x->b > y->b; });
            BarChart bars{.title = kpi_title(kpi),
                          .legend_outer = "total S\u209c",
                          .legend_inner = "first-order S\u2081",
                          .format = [](double v) { return short_number(v); },
                          .unit = "share of variance"};
            for (const SensitivityRow* r : rows) {
                bars.bars.push_back({r->lever, r->b, r->b_low, r->b_high, palette(0)});
                bars.inner.push_back({r->lever, r->a, r->a_low, r->a_high, palette(0)});
            }
            out += "<div class=\"card\">" + render_bar_chart(bars) + warnings_list(data, rows) + "</div>";
        } else {
            std::stable_sort(rows.begin(), rows.end(), [](auto* x, auto* y) { return x->b - x->a > y->b - y->a; });
            Tornado tornado{.title = kpi_title(kpi), .format = format, .unit = axis_unit(kpi)};
            double sum = 0;
            double count = 0;
            for (const Arm& arm : data.arms) {
                const auto found = std::find(arm.kpis.begin(), arm.kpis.end(), kpi);
                if (found != arm.kpis.end()) {
                    for (const double v : arm.values[static_cast<std::size_t>(found - arm.kpis.begin())]) {
                        sum += v;
                        count += 1;
                    }
                }
            }
            tornado.reference = count > 0 ? sum / count : 0;
            for (const SensitivityRow* r : rows) {
                tornado.bars.push_back({r->lever, r->a, r->b, r->low_label, r->high_label});
            }
            out += "<div class=\"card\">" + render_tornado(tornado) + "</div>";
        }
    }
    return out + "</div></section>";
}

// [SECTION] Funding flows -------------------------------------------------------------------------------

std::string flows(const ReportData& data) {
    std::string out = "<section id=\"flows\"><h2>Funding flows</h2>";
    if (data.flow_columns.empty() || data.flow_means.empty()) {
        return out + "<p class=\"lead\">No flow totals in this " + data.kind + ".</p></section>";
    }
    out += "<p class=\"lead\">Where startups' money came from and where it went, Rial " +
           std::string(data.kind == "sweep" ? "per run (mean over replications)" : "in this run") + ", " +
           html_escape(data.kpi_time) + ".</p><div class=\"grid\" style=\"grid-template-columns:1fr\">";
    // Rows: each policy (the first 12), or for a design sampling the lever space one row for all runs.
    std::vector<std::string> labels;
    std::vector<std::vector<double>> means;
    if (is_screening(data)) {
        labels.push_back("all " + std::to_string(data.arms.size()) + " design points");
        means.assign(1, std::vector<double>(data.flow_columns.size(), 0));
        for (const auto& row : data.flow_means) {
            for (std::size_t c = 0; c < row.size() && c < means[0].size(); ++c) {
                means[0][c] += row[c] / static_cast<double>(data.flow_means.size());
            }
        }
    } else {
        for (std::size_t a = 0; a < data.arms.size() && a < data.flow_means.size() && a < 12; ++a) {
            labels.push_back(data.arms[a].label);
            means.push_back(data.flow_means[a]);
        }
    }
    const std::size_t arms = labels.size();
    for (const std::string prefix : {"in_", "out_"}) {
        StackedBars chart;
        chart.title = prefix == "in_" ? "Money into startups, by source" : "Money out of startups, by use";
        chart.format = [](double v) { return short_number(v / 1e9); };
        chart.unit = "bn Rial";
        std::vector<std::size_t> columns;
        for (std::size_t c = 0; c < data.flow_columns.size(); ++c) {
            if (!data.flow_columns[c].starts_with(prefix)) {
                continue;
            }
            bool any = false;
            for (std::size_t a = 0; a < arms; ++a) {
                any = any || means[a][c] > 0;
            }
            if (any) {
                columns.push_back(c);
                chart.part_names.push_back(flow_title(data.flow_columns[c]));
                chart.part_colors.push_back(palette(chart.part_colors.size()));
            }
        }
        if (columns.empty()) {
            continue;
        }
        for (std::size_t a = 0; a < arms; ++a) {
            chart.rows.push_back(labels[a]);
            std::vector<double> values;
            for (const std::size_t c : columns) {
                values.push_back(means[a][c]);
            }
            chart.values.push_back(std::move(values));
        }
        out += "<div class=\"card\">" + render_stacked_bars(chart) + "</div>";
    }
    return out + "</div></section>";
}

// [SECTION] Provenance ---------------------------------------------------------------------------------

std::string provenance(const ReportData& data) {
    std::string out = "<section id=\"provenance\"><h2>Provenance</h2><p class=\"lead\">What was run, by which "
                      "binary, where and when: enough to run it again and get the same numbers.</p>"
                      "<div class=\"card\"><dl class=\"prov\">";
    out += "<dt>source</dt><dd>" + html_escape(data.source) + "</dd>";
    for (const auto& [key, value] : data.provenance) {
        out += "<dt>" + html_escape(key) + "</dt><dd>" + html_escape(value) + "</dd>";
    }
    out += "</dl>";
    if (!data.study_text.empty()) {
        out += "<h3 style=\"font-size:14px;margin:14px 0 6px\">" +
               std::string(data.kind == "sweep" ? "Study (as parsed, defaults filled in)" : "Dated interventions") +
               "</h3><pre>" + html_escape(data.study_text) + "</pre>";
    }
    return out + "</div></section>";
}

} // namespace

std::string render_report(const ReportData& data) {
    std::string html = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                       "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                       "<meta name=\"generator\" content=\"" +
                       html_escape(version_string()) + "\"><title>" + html_escape(data.title) +
                       " \u2014 innosim report</title><style>" + kCss + "</style></head><body>";
    html += hero(data);
    html += "<nav class=\"toc\"><a href=\"#decision\">Decision</a><a href=\"#findings\">Findings</a>"
            "<a href=\"#table\">KPI table</a>"
            "<a href=\"#trajectories\">Trajectories</a><a href=\"#sensitivity\">Sensitivity</a>"
            "<a href=\"#flows\">Funding flows</a><a href=\"#provenance\">Provenance</a></nav><main class=\"wrap\">";
    html += report_parts::decision(data);
    html += findings(data);
    html += horizon_table(data);
    html += trajectories(data);
    html += sensitivity(data);
    html += flows(data);
    html += provenance(data);
    html += "</main><footer class=\"wrap\">Generated by " + html_escape(version_string()) + " from " +
            html_escape(data.source) +
            ". Self-contained: no scripts, no external assets; print it or mail it as is.</footer></body></html>\n";
    return html;
}

} // namespace innosim::studies

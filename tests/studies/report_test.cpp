// The report's decision section, its adjustment note, the print stylesheet and the sensitivity
// warnings, from hand-made data whose odds and sample counts are worked out here.
#include "tools/studies/report.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace {

using namespace innosim::studies;
using Catch::Matchers::Contains;

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) {
        ++n;
    }
    return n;
}

Arm arm(std::string label, std::vector<double> jobs, std::vector<double> failed) {
    Arm a;
    a.label = std::move(label);
    a.scenario = a.label;
    for (std::size_t r = 0; r < jobs.size(); ++r) {
        a.seeds.push_back(1);
        a.replications.push_back(static_cast<std::uint32_t>(r));
    }
    a.kpis = {"jobs", "startups_failed"};
    a.values = {std::move(jobs), std::move(failed)};
    a.targets = {{"jobs", 100}};
    return a;
}

ReportData policies() {
    ReportData data;
    data.kind = "sweep";
    data.design = "FULL_FACTORIAL";
    data.title = "Two policies";
    data.kpi_time = "at the horizon (1404/12/29)";
    data.arms.push_back(arm("Baseline", {90, 100, 110, 95, 105}, {10, 12, 11, 13, 9}));
    // Jobs +18..+22 in every future (holds); failures -2..+2 (does not).
    data.arms.push_back(arm("Pay on time", {110, 121, 129, 117, 123}, {11, 11, 11, 15, 7}));
    data.arms[1].changes = {"from 1403/01/01: payment delay 30 days (was 150\u2013180 days) in 9 departments"};
    data.comparisons = compare_arms(data.arms);
    return data;
}

} // namespace

TEST_CASE("the report's decision section: each target's odds per policy, levers in words, the adjustment", "[report]") {
    const ReportData data = policies();
    const std::string html = render_report(data);
    // The decision comes first.
    REQUIRE_THAT(html, Contains("<section id=\"decision\">"));
    CHECK(html.find("id=\"decision\"") < html.find("id=\"findings\""));
    // Jobs >= 100: the baseline meets it in 3 of 5 futures (100, 110, 105), the policy in all 5.
    CHECK_THAT(html, Contains("Jobs \u2265 100"));
    CHECK_THAT(html, Contains("<b>60%</b><span class=\"ci\">met in 3 of 5</span>"));
    CHECK_THAT(html, Contains("<b>100%</b><span class=\"ci\">met in 5 of 5</span>"));
    // What the policy changes, in words, and the sentence compare reads aloud.
    CHECK_THAT(html, Contains("from 1403/01/01: payment delay 30 days (was 150\u2013180 days) in 9 departments"));
    CHECK_THAT(html, Contains("B (Pay on time) against A (Baseline), 5 futures paired by replication"));
    // Two differences tested (one policy x two KPIs); jobs holds, failures does not.
    CHECK_THAT(html, Contains("This report tests 2 differences at once"));
    CHECK_THAT(html, Contains("Holm\u2013Bonferroni-adjusted p-value"));
    CHECK(count(html, "title=\"holds after the adjustment\"") == 1);
    CHECK(count(html, "<span class=\"d good\">") == 1);
    // Intervals visible in the table, not only on hover; a print stylesheet that keeps tables whole.
    CHECK_THAT(html, Contains("<span class=\"ci\">"));
    CHECK_THAT(html, Contains("@media print"));
    CHECK_THAT(html, Contains("@page{size:A4 landscape"));
    CHECK_THAT(html, Contains(".table-wrap{overflow:visible!important;max-height:none!important}"));
}

TEST_CASE("a one-run report says met or missed and points to the futures", "[report]") {
    ReportData data;
    data.kind = "run";
    data.title = "One draw";
    data.kpi_time = "at the horizon (1404/12/29)";
    data.arms.push_back(arm("One draw", {120}, {10}));
    data.comparisons = compare_arms(data.arms);
    const std::string html = render_report(data);
    CHECK_THAT(html, Contains("<b>met</b><span class=\"ci\">in this one run</span>"));
    CHECK_THAT(html, Contains("one draw of chance"));
    CHECK_THAT(html, !Contains("This report tests")); // nothing compared, nothing adjusted
}

TEST_CASE("sensitivity warnings name an index above 1, an interval spanning zero and the samples needed", "[report]") {
    ReportData data;
    data.kind = "sweep";
    data.design = "SOBOL";
    data.title = "Sobol";
    data.arms.push_back(arm("point 0", {100, 101}, {10, 11}));
    data.comparisons = compare_arms(data.arms);
    data.sensitivity_method = "sobol";
    data.sensitivity_samples = 48;
    // x: S_T 1.2 [1.0, 1.4]: above 1; 48 * (0.2 / 0.05)^2 = 768 samples for +-0.05.
    data.sensitivity.push_back({"jobs", "x", 0.5, 0.45, 0.55, 1.2, 1.0, 1.4, "", ""});
    // y: S_1 0.1 [-0.05, 0.25] spans zero; 48 * (0.15 / 0.05)^2 = 432.
    data.sensitivity.push_back({"jobs", "y", 0.1, -0.05, 0.25, 0.2, 0.15, 0.25, "", ""});
    // z: every interval clear of zero and below 1: no warning.
    data.sensitivity.push_back({"jobs", "z", 0.3, 0.25, 0.35, 0.4, 0.3, 0.5, "", ""});
    std::string html = render_report(data);
    CHECK_THAT(html, Contains("x: S\u209c 1.20 (95% interval 1.00 to 1.40) exceeds 1"));
    CHECK_THAT(html, Contains("needs more samples: ~768"));
    CHECK_THAT(html,
               Contains("y: S\u2081 0.10 (95% interval -0.05 to 0.25) spans zero \u2014 needs more samples: ~432"));
    CHECK_THAT(html, !Contains("<li>z:"));
    CHECK_THAT(html, Contains("share of variance")); // the axis's unit

    data.design = "MORRIS";
    data.sensitivity_method = "morris";
    data.sensitivity_samples = 10;
    data.sensitivity.clear();
    // mu* 100 jobs [20, 180]: half-width 80 > 50; 10 * (80 / 50)^2 = 25.6 -> 26 trajectories.
    data.sensitivity.push_back({"jobs", "wide", 100, 20, 180, 40, NAN, NAN, "", ""});
    data.sensitivity.push_back({"jobs", "narrow", 100, 90, 110, 40, NAN, NAN, "", ""});
    html = render_report(data);
    CHECK_THAT(html, Contains("wide: \u03bc* 100 (95% interval 20\u2013180)"));
    CHECK_THAT(html, Contains("needs more trajectories: ~26"));
    CHECK_THAT(html, !Contains("<li>narrow:"));
    CHECK_THAT(html, Contains("jobs per lever range"));
}

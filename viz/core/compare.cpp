#include "viz/core/compare.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <set>

namespace innosim::viz {

TimeAlignment align_by_date(const sim::Calendar& a, const sim::Calendar& b) {
    return {.b_start_in_a = (b.start_day_number() - a.start_day_number()) * sim::kTicksPerDay};
}

TimeSpan common_span(const RunModel& a, const RunModel& b, const TimeAlignment& alignment) {
    return {.begin = std::min(a.begin_time(), alignment.to_a(b.begin_time())),
            .end = std::max(a.end_time(), alignment.to_a(b.end_time()))};
}

std::vector<KpiDiff> kpi_diffs(const KpiValues& a, const KpiValues& b, double tolerance) {
    std::vector<KpiDiff> rows;
    const auto descs = kpi_descs();
    for (std::size_t i = 0; i < kKpiCount; ++i) {
        KpiDiff d;
        d.kpi = i;
        d.a = a[i];
        d.b = b[i];
        d.delta = b[i] - a[i];
        d.relative = a[i] != 0 ? d.delta / std::abs(a[i]) : 0.0;
        const double scale = std::max({std::abs(a[i]), std::abs(b[i]), 1e-300});
        if (std::abs(d.delta) <= tolerance * scale) {
            d.verdict = Verdict::Same;
        } else {
            d.verdict = (d.delta > 0) == descs[i].higher_is_better ? Verdict::Better : Verdict::Worse;
        }
        rows.push_back(d);
    }
    return rows;
}

std::vector<std::string> scenario_differences(const run::RunHeader& a, const run::RunHeader& b) {
    std::vector<std::string> out;
    if (a.scenario().name() != b.scenario().name()) {
        out.push_back("scenario: " + a.scenario().name() + " -> " + b.scenario().name());
    }
    if (a.seed() != b.seed()) {
        out.push_back("seed: " + std::to_string(a.seed()) + " -> " + std::to_string(b.seed()));
    }
    const std::set<std::string> in_a(a.overrides().begin(), a.overrides().end());
    const std::set<std::string> in_b(b.overrides().begin(), b.overrides().end());
    for (const std::string& o : in_b) {
        if (!in_a.contains(o)) {
            out.push_back("+ " + o);
        }
    }
    for (const std::string& o : in_a) {
        if (!in_b.contains(o)) {
            out.push_back("- " + o);
        }
    }
    // A branch of A carries its levers as dated interventions: listed above already. Otherwise each
    // dated change one side has and the other lacks, whole, with its date.
    const bool branch_of_a = !b.parent_scenario_sha256().empty() && b.parent_scenario_sha256() == a.scenario_sha256();
    if (!branch_of_a) {
        const auto keys = [](const run::RunHeader& h) {
            std::vector<std::string> out;
            for (const scenario::Intervention& i : h.scenario().interventions()) {
                out.push_back("from " + i.at() + ": " + i.path() + " = " + i.value());
            }
            return out;
        };
        const std::vector<std::string> changes_a = keys(a);
        const std::vector<std::string> changes_b = keys(b);
        for (const std::string& c : changes_b) {
            if (std::find(changes_a.begin(), changes_a.end(), c) == changes_a.end()) {
                out.push_back("B " + c);
            }
        }
        for (const std::string& c : changes_a) {
            if (std::find(changes_b.begin(), changes_b.end(), c) == changes_b.end()) {
                out.push_back("A " + c);
            }
        }
    }
    return out;
}

std::vector<PolicyChange> policy_changes(const RunModel& model, const RunModel* except) {
    std::set<std::string> skip;
    const auto key = [](const scenario::Intervention& i) { return i.at() + "|" + i.path() + "=" + i.value(); };
    if (except != nullptr) {
        for (const scenario::Intervention& i : except->header().scenario().interventions()) {
            skip.insert(key(i));
        }
    }
    std::vector<PolicyChange> out;
    for (const scenario::Intervention& i : model.header().scenario().interventions()) {
        if (skip.contains(key(i))) {
            continue;
        }
        Ticks at = 0;
        try {
            at = model.calendar().to_ticks(sim::parse_jalali(i.at()));
        } catch (const std::exception&) {
            continue; // the viewer only draws; the validator reports bad dates
        }
        const auto same = std::find_if(out.begin(), out.end(), [at](const PolicyChange& c) { return c.at == at; });
        if (same != out.end()) {
            same->levers.push_back(i.path() + "=" + i.value());
        } else {
            out.push_back({.at = at, .levers = {i.path() + "=" + i.value()}});
        }
    }
    std::sort(out.begin(), out.end(), [](const PolicyChange& a, const PolicyChange& b) { return a.at < b.at; });
    return out;
}

} // namespace innosim::viz

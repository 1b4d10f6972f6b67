#pragma once

// Two runs on one timeline: aligning their clocks by calendar date, and the KPI differences at
// an instant (B relative to A, with a verdict that knows which direction is better).

#include "viz/core/kpis.hpp"
#include "viz/core/run_model.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace innosim::viz {

/// Maps run A's ticks onto run B's so that both show the same calendar day. Runs that start on
/// different dates (a fork, a later baseline) stay aligned by date, not by elapsed time.
struct TimeAlignment {
    Ticks b_start_in_a = 0; ///< ticks: B's first instant on A's clock
    Ticks to_b(Ticks a_time) const { return a_time - b_start_in_a; }
    Ticks to_a(Ticks b_time) const { return b_time + b_start_in_a; }
};
TimeAlignment align_by_date(const sim::Calendar& a, const sim::Calendar& b);

/// The span on A's clock that covers both runs.
struct TimeSpan {
    Ticks begin = 0; ///< ticks on A's clock
    Ticks end = 0;
};
TimeSpan common_span(const RunModel& a, const RunModel& b, const TimeAlignment& alignment);

enum class Verdict { Same, Better, Worse }; ///< B compared with A

struct KpiDiff {
    std::size_t kpi = 0; ///< index into kpi_descs()
    double a = 0;        ///< the KPI's unit
    double b = 0;
    double delta = 0;    ///< b - a
    double relative = 0; ///< (b - a) / |a|; 0 when a is 0
    Verdict verdict = Verdict::Same;
};

/// One row per KPI, in kpi_descs() order. Differences within `tolerance` (relative to the larger
/// magnitude) count as the same.
std::vector<KpiDiff> kpi_diffs(const KpiValues& a, const KpiValues& b, double tolerance = 1e-6);

/// What B's scenario changes relative to A's, for the compare header: "+ lever=value" for an
/// override only B has, "- lever=value" for one only A has, and the name when it differs. A
/// branch of A (innosim fork) lists its levers, not the interventions that carry them.
std::vector<std::string> scenario_differences(const run::RunHeader& a, const run::RunHeader& b);

/// A date on which the run's scenario changes levers (its dated interventions), for the marks on
/// the charts and the timeline.
struct PolicyChange {
    Ticks at = 0;                    ///< ticks on the run's clock
    std::vector<std::string> levers; ///< "path=value", in the scenario's order
};
/// The run's policy change dates in time order, one entry per date; interventions also found in
/// `except` (the same lever, value and date: a branch's inherited ones) are left out.
std::vector<PolicyChange> policy_changes(const RunModel& model, const RunModel* except = nullptr);

} // namespace innosim::viz

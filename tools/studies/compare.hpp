#pragma once

// Policies side by side: arms (a run file, or each design point of a sweep directory) with their
// KPI values per run, and per KPI each arm's mean with its 95% interval and the difference to the
// first arm, paired by replication when the runs share seeds (common random numbers).

#include "sim/io/ensemble.hpp"
#include "sim/proto/scenario.pb.h"
#include "tools/studies/stats.hpp"

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace innosim::studies {

/// One policy: the runs of one design point, or one run file.
struct Arm {
    std::string label;                                   ///< "Pay suppliers on time" or "tiny, factory.capacity=120"
    std::string source;                                  ///< the run file or sweep directory it came from
    std::uint32_t point = 0;                             ///< design point in its sweep (0 for a run file)
    std::string scenario;                                ///< the scenario's name
    std::vector<std::string> lever_names;                ///< sweep levers (runs.csv columns), empty for a run file
    std::vector<std::string> lever_values;               ///< this point's value of each lever
    std::vector<std::uint64_t> seeds;                    ///< per run
    std::vector<std::uint32_t> replications;             ///< per run
    std::vector<std::string> kpis;                       ///< names, in column order
    std::vector<std::vector<double>> values;             ///< [kpi][run]
    std::vector<std::pair<std::string, double>> targets; ///< the scenario's targets: KPI, value
    std::vector<std::string> changes;                    ///< what the policy changes, in words
};

/// What a scenario changes, in words, one line per date and lever: "from 1403/01/01:
/// payment_delay_days = 30 in 9 departments (Transport & Traffic, ...) — pay suppliers within 30
/// days"; start overrides read "from the start". With `base`, only what `base` does not already
/// change the same way (a policy's own changes, not its baseline's).
std::vector<std::string> describe_changes(const scenario::Scenario& scenario, const scenario::Scenario* base = nullptr);

/// An arm from replications run here (innosim compare POLICY...): their values at the horizon.
Arm arm_from_runs(std::string label, std::string source, const scenario::Scenario& scenario,
                  const std::vector<io::MemberRun>& runs);

/// A `.innorun` file (its footer's horizon KPIs: one arm, one run) or a sweep directory (its
/// runs.csv: one arm per design point, in point order). Throws InputError naming what is wrong.
std::vector<Arm> load_arms(const std::filesystem::path& source);

/// A, B, ..., Z, AA, ...: how tables and sentences name arm `index`.
std::string arm_code(std::size_t index);

/// The family-wise error rate the adjusted differences are held to.
inline constexpr double kAlpha = 0.05;
/// Named wherever adjusted results are shown.
inline constexpr const char* kAdjustmentName = "Holm–Bonferroni";

/// One KPI across arms.
struct KpiComparison {
    std::string kpi;
    std::vector<Summary> arms;        ///< per arm: mean and 95% interval over its runs
    std::vector<Summary> differences; ///< per arm: arm - arms[0] (element 0: zero difference)
    std::vector<bool> paired;         ///< per arm: the difference was paired by (seed, replication)
    std::vector<std::size_t> better;  ///< per arm, paired: replications in which it beats arms[0]
    std::vector<double> p_adjusted;   ///< per arm: Holm-adjusted p over every (arm, KPI) difference
    /// The difference of arm `a` holds after the multiple-comparison adjustment (p < 0.05).
    bool robust(std::size_t a) const { return a > 0 && p_adjusted[a] < kAlpha; }
};

/// Per KPI common to every arm (in arms[0]'s order; with `only`, just those). The difference of arm a to arm 0 is
/// paired when every run of a has a run of arm 0 with the same seed and replication and vice versa (common random
/// numbers); otherwise Welch's unpaired interval is used. The p-values of all the (arm, KPI) differences are adjusted
/// together (Holm), so "robust" holds for the whole table at once.
std::vector<KpiComparison> compare_arms(const std::vector<Arm>& arms, std::span<const std::string> only = {});
/// How many (arm, KPI) differences the adjustment covers.
std::size_t tested_differences(const std::vector<KpiComparison>& comparisons);

/// The standard deviation of one replication's difference of arm `a` to arms[0]: of the paired
/// differences, or of two independent runs (sqrt(sd_a^2 + sd_0^2)) when unpaired.
double difference_sd(const KpiComparison& c, std::size_t a);

/// The per-test level at which a difference holds after the adjustment in the worst case (Holm's
/// first step, alpha / m): what sizing replications for a table of m differences has to aim at.
double adjusted_alpha(std::size_t tests);

/// A difference to size (`--detect KPI=SIZE`): the KPI and the size in its unit.
struct Detect {
    const io::KpiInfo* kpi = nullptr;
    double size = 0;
};
/// "jobs=100" -> {jobs, 100}. Throws InputError naming the item if the KPI is unknown or the size
/// is not a positive number.
Detect parse_detect(const std::string& item);
/// "~34", "~1,200", or "more than 100,000" (replications_needed's cap).
std::string futures_needed(std::size_t n);

/// Every target of `arm` whose KPI it has: how many of its runs meet it at the horizon.
std::vector<io::TargetOdds> arm_target_odds(const Arm& arm);

/// arms[a] against arms[0] in plain words, for reading aloud: the differences that hold after the
/// adjustment (each with its 95% interval and in how many paired futures the policy did better),
/// then the targets' odds on both sides.
std::string describe_comparison(const std::vector<Arm>& arms, const std::vector<KpiComparison>& comparisons,
                                std::size_t a);

} // namespace innosim::studies

#pragma once

// Ensembles in run files (run.proto's Ensemble, in the footer): built from the replications'
// KPIs by `innosim run` and `innosim fork`, read by the viewer, the report and compare. Knows no
// model: a replication arrives as plain numbers.
//
// Readers for the viewer: kpi_band (the futures behind the replayed line), difference_band (B - A
// paired by replication), horizon_quantiles and target_odds (the cards: "3,140 (2,950–3,330) ·
// target 4,000 met in 35% of futures").

#include "sim/io/kpi_registry.hpp"
#include "sim/proto/run.pb.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace innosim::io {

/// The p-quantile (0..1) of `values` by linear interpolation between order statistics (type 7, as
/// R's default and numpy's "linear"). NaN if empty.
double quantile(std::span<const double> values, double p);

/// Mean and the quantiles the tables and bands show.
struct Quantiles {
    double mean = 0;
    double p05 = 0;
    double p25 = 0;
    double p50 = 0;
    double p75 = 0;
    double p95 = 0;
};
Quantiles quantiles(std::span<const double> values);

/// One finished replication, as the ensemble builder takes it.
struct MemberRun {
    std::uint32_t replication = 0;
    std::uint64_t seed = 0;
    KpiValues horizon{};                   ///< at the horizon
    KpiValues end{};                       ///< at the end of the run
    std::vector<std::int64_t> month_times; ///< ticks of the monthly snapshots and the closing one
    std::vector<KpiValues> monthly;        ///< one per month_times
    bool balanced = true;                  ///< the ledger summed to 0 Rial
    std::uint64_t events = 0;
};

/// The index (into `members`) of the replication closest to the ensemble's median at the horizon:
/// the smallest sum over KPIs of |value - median| / interquartile range (KPIs whose interquartile
/// range is zero are left out); the first of equals. The recorded run is the most typical future,
/// not whichever seed came first.
std::size_t most_typical(std::span<const MemberRun> members);
/// Each member's distance as most_typical measures it.
std::vector<double> typicality_distances(std::span<const MemberRun> members);
/// The sentence recorded_reason holds.
inline constexpr std::string_view kMostTypicalReason =
    "the future closest to the ensemble median at the horizon (smallest sum over the KPIs of |value - median| / "
    "interquartile range)";

/// The Ensemble message of `members` (all of one scenario, with the same month times), recording
/// `recorded`. `start_date` (Solar Hijri) names the months. Throws std::invalid_argument if the
/// members' months differ or there are none.
run::Ensemble make_ensemble(std::span<const MemberRun> members, std::size_t recorded, std::string_view start_date);

/// Per KPI of `branch`, the quantiles of (branch - parent) over the replications both hold (paired
/// by seed and replication), at the months both have. Empty if they share no replication.
std::vector<run::KpiBand> paired_difference_bands(const run::Ensemble& parent, const run::Ensemble& branch);

/// A band ready to draw: one value per month of `times`.
struct Band {
    std::vector<std::int64_t> times; ///< ticks
    std::vector<double> p05, p25, p50, p75, p95, mean;
};

/// The ensemble band of `kpi` in a run file's footer; nothing if the file holds one replication or
/// not that KPI.
std::optional<Band> kpi_band(const run::Footer& footer, std::string_view kpi);
/// B - A of `kpi`, paired by replication (a fork of an ensemble, or two ensembles run with the same
/// seed and replications); nothing if either holds no ensemble or they share no replication.
std::optional<Band> difference_band(const run::Footer& a, const run::Footer& b, std::string_view kpi);
/// The mean and quantiles of `kpi` at the horizon over the replications (nothing without an ensemble).
std::optional<Quantiles> horizon_quantiles(const run::Footer& footer, std::string_view kpi);

/// How often a target is met at the horizon.
struct TargetOdds {
    std::string kpi;
    double value = 0;    ///< the target, in the KPI's unit
    std::size_t met = 0; ///< replications meeting it (in the KPI's better direction)
    std::size_t of = 0;  ///< replications
    double p_met = 0;    ///< met / of
    std::string source;  ///< where the target comes from
};
/// Every target of the scenario whose KPI the footer holds: over the ensemble's replications, or
/// over the one recorded run (of = 1) when there is no ensemble.
std::vector<TargetOdds> target_odds(const run::RunHeader& header, const run::Footer& footer);
/// The same from a KPI's horizon values directly.
TargetOdds target_odds(const KpiInfo& kpi, double target, std::span<const double> horizon_values);

/// "4,000 jobs: met in 7 of 20 futures, 35%".
std::string describe_odds(const TargetOdds& odds);

} // namespace innosim::io

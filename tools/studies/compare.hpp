#pragma once

// Policies side by side: arms (a run file, or each design point of a sweep directory) with their
// KPI values per run, and per KPI each arm's mean with its 95% interval and the difference to the
// first arm, paired by replication when the runs share seeds (common random numbers).

#include "tools/studies/stats.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace innosim::studies {

/// One policy: the runs of one design point, or one run file.
struct Arm {
    std::string label;                       ///< "Pay suppliers on time" or "tiny, factory.capacity=120"
    std::string source;                      ///< the run file or sweep directory it came from
    std::uint32_t point = 0;                 ///< design point in its sweep (0 for a run file)
    std::string scenario;                    ///< the scenario's name
    std::vector<std::string> lever_names;    ///< sweep levers (runs.csv columns), empty for a run file
    std::vector<std::string> lever_values;   ///< this point's value of each lever
    std::vector<std::uint64_t> seeds;        ///< per run
    std::vector<std::uint32_t> replications; ///< per run
    std::vector<std::string> kpis;           ///< names, in column order
    std::vector<std::vector<double>> values; ///< [kpi][run]
};

/// A `.innorun` file (its footer's horizon KPIs: one arm, one run) or a sweep directory (its
/// runs.csv: one arm per design point, in point order). Throws InputError naming what is wrong.
std::vector<Arm> load_arms(const std::filesystem::path& source);

/// One KPI across arms.
struct KpiComparison {
    std::string kpi;
    std::vector<Summary> arms;        ///< per arm: mean and 95% interval over its runs
    std::vector<Summary> differences; ///< per arm: arm - arms[0] (element 0: zero difference)
    std::vector<bool> paired;         ///< per arm: the difference was paired by (seed, replication)
};

/// Per KPI common to every arm (in arms[0]'s order). The difference of arm a to arm 0 is paired when
/// every run of a has a run of arm 0 with the same seed and replication and vice versa (common
/// random numbers); otherwise Welch's unpaired interval is used.
std::vector<KpiComparison> compare_arms(const std::vector<Arm>& arms);

} // namespace innosim::studies

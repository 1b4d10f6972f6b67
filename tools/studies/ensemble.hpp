#pragma once

// Ensembles of one scenario: R replications under common random numbers (the same seed,
// replication indexes first..first+R-1), one whole simulation per task on a thread pool, results in
// replication order whatever the number of threads. `innosim run`, `innosim fork` and `innosim
// compare` answer with them.

#include "agents/scenario_loader.hpp"
#include "sim/io/ensemble.hpp"

#include <cstdint>
#include <functional>
#include <vector>

namespace innosim::studies {

struct EnsembleOptions {
    std::uint64_t seed = 0; ///< 0: the scenario's seed (or 1)
    std::uint32_t first_replication = 0;
    std::uint32_t replications = 20;
    unsigned threads = 1;
};

struct EnsembleResult {
    std::uint64_t seed = 0;
    std::vector<io::MemberRun> members; ///< in replication order
    std::uint64_t transfers = 0;        ///< summed over the replications
    double wall_seconds = 0;
    /// Replications whose ledger did not sum to zero (a model bug).
    std::size_t imbalanced() const;
};

/// Runs the replications of `loaded` (no run files) and keeps each one's KPIs at the horizon, at the
/// end and every month.
EnsembleResult run_ensemble(const agents::LoadedScenario& loaded, const EnsembleOptions& options);

/// Calls `task(i)` for i in [0, count) on `threads` threads, at most a few tasks queued at a time;
/// rethrows the first exception after the others stopped. The simulation owns no threads: this is
/// where they are.
void parallel_for(std::size_t count, unsigned threads, const std::function<void(std::size_t)>& task);

/// All cores, at least one.
unsigned default_threads();

} // namespace innosim::studies

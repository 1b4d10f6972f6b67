#pragma once

// One whole run of a scenario: the model, its recording, and the numbers a caller wants back.
// Used by `innosim run`, `calibrate`, sweeps and the live server alike.

#include "agents/kpis.hpp"
#include "agents/scenario_loader.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <vector>

namespace innosim::agents {

class Model;
class ModelObserver;

struct RunOptions {
    std::uint64_t seed = 0; ///< 0: the scenario's seed (or 1 if it has none)
    std::uint32_t replication = 0;
    std::filesystem::path out;         ///< run file to write; empty: none
    bool monthly_kpis = false;         ///< keep the KPIs of every month in the result
    ModelObserver* observer = nullptr; ///< an extra observer (the live server)
    /// Called with the model after the run, before the run file is closed (checks, statistics).
    std::function<void(const Model&)> on_finish;
};

struct MonthlyKpis {
    sim::Ticks time = 0; ///< ticks
    Kpis kpis;
};

struct RunResult {
    std::uint64_t seed = 0;
    Kpis horizon;                     ///< at the end of the horizon day
    Kpis end;                         ///< at the end of the run
    std::vector<MonthlyKpis> monthly; ///< with RunOptions::monthly_kpis
    std::uint64_t transfers = 0;
    Rial imbalance = 0;       ///< sum of all ledger balances: 0 unless money was created
    std::uint64_t events = 0; ///< engine events executed
    double wall_seconds = 0;
    double events_per_second = 0;
    std::uint64_t run_file_bytes = 0;
};

/// The seed a run uses: the option, else the scenario's, else 1.
std::uint64_t effective_seed(const LoadedScenario& loaded, std::uint64_t seed_option);

RunResult run_scenario(const LoadedScenario& loaded, const RunOptions& options);

} // namespace innosim::agents

#pragma once

// One whole run of a scenario: the model, its recording, and the numbers a caller wants back.
// Used by `innosim run`, `calibrate`, sweeps and the live server alike.

#include "agents/kpis.hpp"
#include "agents/scenario_loader.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <vector>

namespace innosim::run {
class Checkpoint;
class Footer;
class RunHeader;
} // namespace innosim::run

namespace innosim::agents {

class FrameSink;
class Model;
class ModelObserver;

/// Where a run starts when it does not start at the beginning: a checkpoint of an earlier run of
/// the same scenario (resume), or of a parent scenario the run's scenario adds lever changes to
/// after the checkpoint (fork). See agents/checkpoint.hpp.
struct ResumeFrom {
    /// The checkpoint frame to restore (not owned); null: start from the beginning.
    const run::Checkpoint* checkpoint = nullptr;
    /// Writes the frames the run inherits (everything up to and including the checkpoint frame)
    /// right after the header, before the run's own frames.
    std::function<void(FrameSink&)> write_prefix;
};

struct RunOptions {
    std::uint64_t seed = 0; ///< 0: the scenario's seed (or 1 if it has none)
    std::uint32_t replication = 0;
    std::filesystem::path out;         ///< run file to write; empty: none
    bool monthly_kpis = false;         ///< keep the KPIs of every month in the result
    ModelObserver* observer = nullptr; ///< an extra observer (the live server)
    /// Called with the model after the run, before the run file is closed (checks, statistics).
    std::function<void(const Model&)> on_finish;
    /// Months between checkpoint frames (written after the snapshot of every month whose index is
    /// a multiple, if a snapshot was written that month); 0: none.
    int checkpoint_every_months = 12;
    /// Records to this sink instead of `out` (the live server). Not owned.
    FrameSink* sink = nullptr;
    /// Start from a checkpoint instead of the beginning. Not owned.
    const ResumeFrom* resume = nullptr;
    /// Edits the header before it is written (a fork's parent fields).
    std::function<void(run::RunHeader&)> edit_header;
    /// Edits the footer before it is written (an ensemble's bands).
    std::function<void(run::Footer&)> edit_footer;
};

struct MonthlyKpis {
    sim::Ticks time = 0; ///< ticks
    Kpis kpis;
};

struct RunResult {
    std::uint64_t seed = 0;
    Kpis horizon;                     ///< at the end of the horizon day
    Kpis end;                         ///< at the end of the run
    sim::Ticks end_time = 0;          ///< ticks: when the run stopped (the recorder's last snapshot)
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

#pragma once

// The sweep runner: a study's plan executed run by run (on a thread pool, or over MPI ranks through
// another Executor), every finished run made durable in the journal, the outputs rebuilt from the
// journal in plan order. The simulation itself owns no threads: one whole run is one task.
//
// Sweep directory:
//   manifest.textproto   what was run, by which binary, where and when (study.proto SweepManifest)
//   runs.journal         append-only, one checksummed line per finished run (see journal.hpp)
//   runs.csv             one row per run: run, point, replication, seed, scenario, levers, KPIs
//   summary.csv          per point and KPI: n, mean, sd, 95% t interval of the mean
//   flows.csv            per run: Rial into and out of startups by reason, up to the KPI time
//   sensitivity.csv      MORRIS: mu, mu*, sigma; SOBOL: first-order and total indices with intervals
//   trajectories.csv     with `monthly`: per run and month, every KPI

#include "tools/studies/compare.hpp"
#include "tools/studies/design.hpp"
#include "tools/studies/journal.hpp"
#include "tools/studies/study.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace innosim::studies {

/// A study with its design and plan: everything needed to run any of its runs, on any rank.
class Sweep {
public:
    explicit Sweep(StudySpec spec);

    const StudySpec& spec() const { return spec_; }
    const std::vector<DesignPoint>& points() const { return points_; }
    const std::vector<RunPlan>& plan() const { return plan_; }
    /// The journal's header line for this sweep.
    std::string journal_header() const;
    /// Column names of the levers in runs.csv (their labels).
    std::vector<std::string> lever_columns() const;

    /// Runs plan entry `run` (the scenario with the plan's overrides, seed and replication) and
    /// returns what the journal keeps. Safe to call from several threads at once.
    RunRecord execute(std::uint64_t run) const;

private:
    StudySpec spec_;
    std::vector<DesignPoint> points_;
    std::vector<RunPlan> plan_;
};

/// Takes a finished run's journal line. Thread-safe; throws if the line cannot be stored.
using RecordSink = std::function<void(const std::string& line)>;
/// Runs the plan entries `todo` and hands each finished run's journal line to `sink`, in any
/// order. Throws (after stopping) if a run fails; the runs already handed over stay done.
using Executor = std::function<void(const std::vector<std::uint64_t>& todo, const RecordSink& sink)>;

/// One task per run on a boost::asio::thread_pool of `threads` threads; at most a few tasks
/// are queued at a time, so memory does not grow with the number of runs.
Executor thread_pool_executor(const Sweep& sweep, unsigned threads);

struct SweepOptions {
    std::filesystem::path out;   ///< the sweep directory (created if missing)
    bool resume = false;         ///< continue the journal in `out` instead of refusing to touch it
    unsigned threads = 1;        ///< for the manifest: worker threads (1 per worker rank under MPI)
    std::uint32_t mpi_ranks = 0; ///< for the manifest: 0 without MPI
    std::string study_argument;  ///< the study file as given on the command line
    std::ostream* log = nullptr; ///< progress and notes; null: quiet
    bool progress_bar = false;   ///< redraw one bar line (a terminal) instead of a line per finished point
};

struct SweepResult {
    std::filesystem::path out;
    std::uint64_t points = 0;
    std::uint64_t runs = 0;            ///< in the plan
    std::uint64_t runs_before = 0;     ///< already in the journal when this invocation started
    std::uint64_t runs_now = 0;        ///< executed by this invocation
    std::uint64_t journal_dropped = 0; ///< torn or damaged journal lines found on --resume
    std::uint64_t imbalanced_runs = 0; ///< runs whose ledger did not balance (a model bug)
    double wall_seconds = 0;           ///< this invocation
};

/// Prepares `options.out` (a new journal, or the existing one with --resume), runs what the journal
/// lacks through `executor`, then writes every output from the journal. Throws InputError if `out`
/// already holds a sweep and resume is off, or holds another study's sweep.
SweepResult run_sweep(const Sweep& sweep, const SweepOptions& options, const Executor& executor);

/// Rebuilds runs.csv, summary.csv, flows.csv, sensitivity.csv and trajectories.csv in `dir` from its
/// journal, in plan order. Every run must be in the journal. Returns the number of runs whose
/// ledger did not balance.
std::uint64_t write_outputs(const Sweep& sweep, const std::filesystem::path& dir);

/// Pilot runs to size a study from (`sweep --dry-run --pilot R`): `replications` replications of up to
/// `max_points` of its design points (all of them when there are no more, else evenly spaced from the
/// first to the last, the first always included), with the study's seeds, on `threads` threads, no
/// files. One compare arm per pilot point, in point order, so compare_arms pairs them.
std::vector<Arm> run_pilot(const StudySpec& spec, std::uint32_t replications, std::size_t max_points, unsigned threads);

/// Writes `text` to `path` through a temporary file, fsync and rename: readers never see half a file.
void write_file_atomically(const std::filesystem::path& path, std::string_view text);

/// File names in a sweep directory.
inline constexpr const char* kJournalFile = "runs.journal";
inline constexpr const char* kManifestFile = "manifest.textproto";
inline constexpr const char* kRunsFile = "runs.csv";
inline constexpr const char* kSummaryFile = "summary.csv";
inline constexpr const char* kFlowsFile = "flows.csv";
inline constexpr const char* kSensitivityFile = "sensitivity.csv";
inline constexpr const char* kTrajectoriesFile = "trajectories.csv";

/// "in_grant", "out_salary", ...: the flows.csv column of flow slot `slot` (see RunRecord::flows),
/// or empty for slots of no reason.
std::string flow_column(std::size_t slot);

} // namespace innosim::studies

#pragma once

// Resuming and forking run files (`innosim run --resume-from`, `innosim fork`): pick the stored
// checkpoint, copy the frames before it, restore, run on.

#include "agents/runner.hpp"
#include "agents/scenario_loader.hpp"
#include "sim/time.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace innosim::live {

struct BranchOptions {
    std::filesystem::path parent;       ///< the run file to continue
    std::string at;                     ///< Solar Hijri date
    std::vector<std::string> overrides; ///< levers changed from `at` on (fork); none: resume
    bool fork = false;                  ///< a fork (a new branch) rather than a resume of the same run
    std::filesystem::path out;          ///< the run file to write
    int checkpoint_every_months = -1;   ///< months between checkpoint frames; < 0: as the parent
    /// A fork's ensemble for the footer (the branches of every replication); a resume keeps the
    /// parent's ensemble by itself.
    std::function<void(run::Footer&)> edit_footer;
};

struct BranchResult {
    agents::LoadedScenario scenario; ///< as run (a fork's with its levers as interventions)
    agents::RunResult result;
    sim::Ticks at = 0;                    ///< ticks: the date asked for
    std::optional<sim::Ticks> checkpoint; ///< ticks: the checkpoint restored, if any
    std::uint64_t inherited_frames = 0;   ///< frames copied from the parent
};

/// Resumes (same scenario, output identical to the parent's) or forks (levers changed at `at`;
/// the header records the parent) `options.parent`. A resume restores the last checkpoint at or
/// before `at`; a fork the last one before it (its levers must act from the first instant of
/// `at`). Without such a checkpoint, the run starts from the beginning. InputError for a bad
/// parent file, date or lever, or an output path equal to the parent.
BranchResult branch_run_file(const BranchOptions& options);

} // namespace innosim::live

// innosim sweep: every (design point, replication) of a study file as an independent run, on all
// cores or over MPI ranks, resumable, with CSV outputs that do not depend on either.
#include "tools/innosim/command.hpp"
#include "tools/studies/mpi_sweep.hpp"
#include "tools/studies/sweep.hpp"

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <unistd.h>

namespace innosim::cli {

namespace {

namespace fs = std::filesystem;

struct SweepArgs {
    std::string study;
    unsigned threads = 0;
    std::string out;
    bool resume = false;
    bool mpi = false;
    bool quiet = false;
    bool dry_run = false;
};

/// --dry-run: the checked study and its design points, nothing run.
void print_plan(const studies::Sweep& sweep) {
    const studies::StudySpec& spec = sweep.spec();
    std::printf("%s: %s design, %zu points x %u replications = %zu runs (seed %llu, %s)\n", spec.file.c_str(),
                study::Design_Name(spec.message.design()).c_str(), sweep.points().size(), spec.replications,
                sweep.plan().size(), static_cast<unsigned long long>(spec.base_seed),
                spec.common_random_numbers ? "common random numbers" : "independent points");
    for (std::size_t p = 0; p < sweep.points().size(); ++p) {
        const studies::DesignPoint& point = sweep.points()[p];
        std::string line = spec.scenarios[point.scenario].label;
        for (std::size_t j = 0; j < point.values.size(); ++j) {
            line += "  " + spec.levers[j].label + "=" + point.values[j];
        }
        std::printf("  point %zu: %s\n", p, line.c_str());
    }
}

void print_done(const studies::SweepResult& result) {
    const double rate = result.wall_seconds > 0 ? static_cast<double>(result.runs_now) / result.wall_seconds : 0;
    std::printf("Sweep done: %llu points, %llu runs (%llu run now", static_cast<unsigned long long>(result.points),
                static_cast<unsigned long long>(result.runs), static_cast<unsigned long long>(result.runs_now));
    if (result.runs_before > 0) {
        std::printf(", %llu from before", static_cast<unsigned long long>(result.runs_before));
    }
    std::printf(") in %.1f s, %.1f runs/s\n", result.wall_seconds, rate);
    std::string files;
    for (const char* name : {studies::kManifestFile, studies::kRunsFile, studies::kSummaryFile, studies::kFlowsFile,
                             studies::kSensitivityFile, studies::kTrajectoriesFile}) {
        if (fs::exists(result.out / name)) {
            files += (files.empty() ? "" : ", ") + std::string(name);
        }
    }
    std::printf("Output: %s/ (%s)\n", result.out.string().c_str(), files.c_str());
    std::printf("Next: innosim compare %s    innosim report %s -o report.html\n", result.out.string().c_str(),
                result.out.string().c_str());
    if (result.imbalanced_runs > 0) {
        std::fprintf(stderr, "innosim: error: %llu runs did not balance their ledger (a model bug); see runs.journal\n",
                     static_cast<unsigned long long>(result.imbalanced_runs));
    }
}

} // namespace

void add_sweep_command(CLI::App& app, Context& context) {
    auto args = std::make_shared<SweepArgs>();
    auto* sub = app.add_subcommand("sweep", "Run a study: design points x replications, on all cores or over MPI");
    sub->add_option("STUDY", args->study, "Study file (.textproto, see sim/proto/study.proto)")->required();
    sub->add_option("--threads", args->threads, "Worker threads (default: all cores)")->check(CLI::Range(1U, 4096U));
    sub->add_option("--out", args->out, "Sweep directory (default: sweeps/<study name>)");
    sub->add_flag("--resume", args->resume,
                  "Continue the sweep in --out after a crash or kill: runs already in its journal are kept");
    sub->add_flag("--mpi", args->mpi,
                  studies::mpi_supported()
                      ? "Spread runs over MPI ranks: mpirun -np K innosim sweep STUDY --mpi (rank 0 coordinates)"
                      : "Spread runs over MPI ranks (not available: this build has no MPI support)");
    sub->add_flag("-q,--quiet", args->quiet, "No progress on stderr");
    sub->add_flag("--dry-run", args->dry_run, "Check the study and list its design points; run nothing");
    sub->footer("Outputs: DIR/manifest.textproto, runs.csv, summary.csv, flows.csv, and sensitivity.csv (MORRIS,\n"
                "SOBOL) and trajectories.csv (monthly: true). Byte-identical runs.csv and summary.csv for any\n"
                "--threads and any number of MPI ranks.\n"
                "Exit codes: 0 done, 1 a run failed (resume with --resume), 2 bad input.");
    sub->callback([args, &context] {
        const fs::path study(args->study);
        studies::SweepOptions options;
        options.out = args->out.empty() ? fs::path("sweeps") / study.stem() : fs::path(args->out);
        options.resume = args->resume;
        options.study_argument = args->study;
        options.log = args->quiet ? nullptr : &std::cerr;
        options.progress_bar = ::isatty(STDERR_FILENO) != 0;
        if (args->dry_run) {
            print_plan(studies::Sweep(studies::load_study(study)));
            context.exit_code = kExitOk;
            return;
        }
        if (args->mpi) {
            const studies::MpiSweepOutcome outcome = studies::run_sweep_mpi(study, options);
            if (outcome.root) {
                print_done(outcome.result);
                context.exit_code = outcome.result.imbalanced_runs > 0 ? kExitFailure : kExitOk;
            }
            return;
        }
        const studies::Sweep sweep(studies::load_study(study));
        options.threads = args->threads != 0 ? args->threads : std::max(1U, std::thread::hardware_concurrency());
        const studies::SweepResult result =
            studies::run_sweep(sweep, options, studies::thread_pool_executor(sweep, options.threads));
        print_done(result);
        context.exit_code = result.imbalanced_runs > 0 ? kExitFailure : kExitOk;
    });
}

} // namespace innosim::cli

// innosim sweep: every (design point, replication) of a study file as an independent run, on all
// cores or over MPI ranks, resumable, with CSV outputs that do not depend on either.
#include "sim/input_error.hpp"
#include "sim/io/kpi_registry.hpp"
#include "tools/innosim/command.hpp"
#include "tools/innosim/format.hpp"
#include "tools/studies/compare.hpp"
#include "tools/studies/ensemble.hpp"
#include "tools/studies/mpi_sweep.hpp"
#include "tools/studies/sweep.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
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
    std::uint32_t pilot = 0;
    std::vector<std::string> detect;
};

/// Pilot points at most: enough to see how the spread of differences varies over the design,
/// few enough that a pilot costs seconds.
constexpr std::size_t kPilotPoints = 8;

/// --dry-run --pilot R: the spread of R pilot replications and what the study's replications
/// resolve with it, per KPI; with --detect, the replications a difference of that size needs.
void print_sizing(const studies::Sweep& sweep, std::uint32_t pilot, const std::vector<studies::Detect>& detect,
                  unsigned threads) {
    const studies::StudySpec& spec = sweep.spec();
    const auto started = std::chrono::steady_clock::now();
    const std::vector<studies::Arm> arms = studies::run_pilot(spec, pilot, kPilotPoints, threads);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::string points;
    for (const studies::Arm& arm : arms) {
        points += (points.empty() ? "" : ", ") + std::to_string(arm.point);
    }
    std::printf("\nPilot: %u replications of point%s %s (%zu runs, %.1f s).\n", pilot, arms.size() == 1 ? "" : "s",
                points.c_str(), static_cast<std::size_t>(pilot) * arms.size(), seconds);
    const std::size_t n = spec.replications;
    if (arms.size() < 2) {
        std::printf("One design point: no differences to size. The mean of its %zu replications is known to:\n", n);
        for (std::size_t k = 0; k < arms.front().kpis.size(); ++k) {
            const io::KpiInfo& kpi = *io::find_kpi(arms.front().kpis[k]);
            const studies::Summary s = studies::summarize(arms.front().values[k]);
            const double half = n >= 2 ? studies::t_quantile(0.975, static_cast<double>(n - 1)) * s.sd /
                                             std::sqrt(static_cast<double>(n))
                                       : std::nan("");
            std::printf("  %s \u00b1%s (95%%; sd per replication %s)\n", pad(std::string(kpi.label), 26).c_str(),
                        io::format_kpi(kpi, half).c_str(), io::format_kpi(kpi, s.sd).c_str());
        }
        return;
    }
    const std::vector<studies::KpiComparison> comparisons = studies::compare_arms(arms);
    // compare of the finished sweep tests every point against point 0 on every KPI.
    const std::size_t tests = (sweep.points().size() - 1) * spec.kpis.size();
    const double alpha = studies::adjusted_alpha(tests);
    std::printf("Differences to point 0, paired by replication, as compare of the sweep tests them: two-sided\n"
                "%.2g per test (5%% over %zu differences, Holm's worst case), power 80%%; 'sd' is the largest\n"
                "spread of a paired difference over the pilot points, per replication.\n",
                alpha, tests);
    std::printf("  %s %s  %s\n", pad("KPI", 26).c_str(), pad("sd", 16).c_str(),
                ("resolves with " + std::to_string(n) + " replications").c_str());
    for (const studies::KpiComparison& c : comparisons) {
        const io::KpiInfo& kpi = *io::find_kpi(c.kpi);
        double sd = 0;
        for (std::size_t a = 1; a < arms.size(); ++a) {
            sd = std::max(sd, studies::difference_sd(c, a));
        }
        std::string line = "  " + pad(std::string(kpi.label), 26) + " " + pad(io::format_kpi(kpi, sd), 16) +
                           "  \u00b1" + io::format_kpi(kpi, studies::detectable_difference(sd, n, alpha));
        for (const studies::Detect& item : detect) {
            if (item.kpi == &kpi) {
                line += "; a difference of " + io::format_kpi(kpi, item.size) + " needs " +
                        studies::futures_needed(studies::replications_needed(sd, item.size, alpha)) + " replications";
            }
        }
        std::printf("%s\n", line.c_str());
    }
}

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
    sub->add_option("--pilot", args->pilot,
                    "With --dry-run: run R pilot replications of up to 8 design points (no files) and say what the "
                    "study's replications resolve")
        ->check(CLI::Range(2U, 1000U));
    sub->add_option("--detect", args->detect,
                    "With --pilot: KPI=SIZE, the replications a difference of SIZE (the KPI's unit, as in the summary "
                    "JSON) needs (repeatable)");
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
        std::vector<studies::Detect> detect;
        for (const std::string& item : args->detect) {
            detect.push_back(studies::parse_detect(item));
        }
        if ((args->pilot > 0 || !detect.empty()) && !args->dry_run) {
            throw InputError("--pilot and --detect size a study before it runs: use them with --dry-run");
        }
        if (!detect.empty() && args->pilot == 0) {
            throw InputError("--detect needs pilot runs to size from: add --pilot R (e.g. --pilot 5)");
        }
        if (args->dry_run) {
            const studies::Sweep sweep(studies::load_study(study));
            print_plan(sweep);
            if (args->pilot > 0) {
                print_sizing(sweep, args->pilot, detect,
                             args->threads != 0 ? args->threads : studies::default_threads());
            } else {
                std::printf("How many replications: add --pilot 5 [--detect KPI=SIZE] to size the study from pilot "
                            "runs.\n");
            }
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

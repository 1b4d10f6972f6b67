// innosim run: one simulation of a scenario, its KPI table at the horizon, its run file and summary.
#include "agents/runner.hpp"
#include "agents/scenario_loader.hpp"
#include "sim/calendar.hpp"
#include "sim/input_error.hpp"
#include "sim/io/json.hpp"
#include "sim/io/kpi_registry.hpp"
#include "sim/version.hpp"
#include "tools/innosim/command.hpp"
#include "tools/innosim/format.hpp"
#include "tools/live/file_branch.hpp"

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace innosim::cli {

namespace {

struct RunArgs {
    std::string scenario = "mashhad_baseline";
    std::uint64_t seed = 0;
    std::uint32_t replication = 0;
    std::string out;
    std::string summary_json;
    std::vector<std::string> overrides;
    bool no_record = false;
    std::string resume_from;
    std::string at;
    int checkpoint_every_months = -1; ///< -1: 12, or the resumed run's own cadence
};

std::string summary_json(const agents::LoadedScenario& loaded, const agents::RunResult& result) {
    io::JsonWriter json;
    json.begin_object();
    json.member("scenario", loaded.scenario.name());
    json.member("seed", result.seed);
    json.member("start", loaded.params.start_date);
    json.member("horizon", loaded.params.horizon_date);
    json.key("kpis").begin_object();
    const io::KpiValues horizon = result.horizon.values();
    for (std::size_t k = 0; k < io::kKpiCount; ++k) {
        if (io::kKpis[k].integer) {
            json.member(io::kKpis[k].name, static_cast<std::int64_t>(horizon[k]));
        } else {
            json.member(io::kKpis[k].name, horizon[k]);
        }
    }
    json.end_object();
    json.key("ledger").begin_object();
    json.member("transfers", result.transfers);
    json.member("imbalance_rial", result.imbalance);
    json.end_object();
    json.key("engine").begin_object();
    json.member("events", result.events);
    json.member("wall_seconds", result.wall_seconds);
    json.member("events_per_second", result.events_per_second);
    json.end_object();
    json.key("provenance").begin_object();
    json.member("version", version_string());
    json.member("scenario_file", loaded.file);
    json.end_object();
    json.end_object();
    return json.str() + "\n";
}

void print_table(const agents::LoadedScenario& loaded, const agents::RunResult& result, const std::string& out) {
    const agents::ModelParams& p = loaded.params;
    std::printf("%s — %s (%s), seed %llu\n", version_string().c_str(), p.name.c_str(), loaded.file.c_str(),
                static_cast<unsigned long long>(result.seed));
    if (!loaded.scenario.description().empty()) {
        std::printf("%s\n", loaded.scenario.description().c_str());
    }
    std::printf("Run %s -> %s, horizon %s\n\n", p.start_date.c_str(), p.end_date.c_str(), p.horizon_date.c_str());
    std::printf("%-28s %22s %22s %16s\n", "KPI", ("at horizon " + p.horizon_date).c_str(),
                ("at end " + p.end_date).c_str(), "target");
    const io::KpiValues horizon = result.horizon.values();
    const io::KpiValues end = result.end.values();
    for (std::size_t k = 0; k < io::kKpiCount; ++k) {
        const io::KpiInfo& kpi = io::kKpis[k];
        std::string target;
        for (const agents::TargetDef& t : p.targets) {
            if (t.kpi == kpi.name) {
                target =
                    io::format_kpi(kpi, t.value) + (io::meets_target(kpi, horizon[k], t.value) ? " met" : " missed");
            }
        }
        std::printf("%-28s %22s %22s %16s\n", std::string(kpi.label).c_str(), io::format_kpi(kpi, horizon[k]).c_str(),
                    io::format_kpi(kpi, end[k]).c_str(), target.c_str());
    }
    std::printf("\nLedger: %s transfers, imbalance %lld Rial\n",
                io::group_thousands(static_cast<long long>(result.transfers)).c_str(),
                static_cast<long long>(result.imbalance));
    std::printf("Engine: %s events in %.3f s (%.2f M events/s)\n",
                io::group_thousands(static_cast<long long>(result.events)).c_str(), result.wall_seconds,
                result.events_per_second / 1e6);
    if (!out.empty()) {
        std::printf("Run file: %s (%.1f MiB) — open it with innosim-viz %s\n", out.c_str(),
                    static_cast<double>(result.run_file_bytes) / (1024.0 * 1024.0), out.c_str());
    }
}

/// `run --resume-from RUN --at DATE`: the run continued from its checkpoint, written in full (the
/// frames before the checkpoint copied), identical to the original when nothing else changed.
void resume_run(const RunArgs& args, const CLI::App& sub, Context& context) {
    if (args.at.empty()) {
        throw InputError("--resume-from needs --at DATE (Solar Hijri, e.g. 1403/01/01)");
    }
    for (const char* option : {"SCENARIO", "--seed", "--replication", "--set"}) {
        if (sub.count(option) > 0) {
            throw InputError(std::string("--resume-from continues a run as it was recorded: ") + option +
                             " does not apply (use innosim fork to change levers)");
        }
    }
    const std::filesystem::path parent(args.resume_from);
    std::string out = args.out;
    if (out.empty() && !args.no_record) {
        out = (parent.parent_path() / (parent.stem().string() + "-resumed.innorun")).string();
    }
    const live::BranchResult branch = live::branch_run_file({.parent = parent,
                                                             .at = args.at,
                                                             .out = args.no_record ? "" : out,
                                                             .checkpoint_every_months = args.checkpoint_every_months});
    if (!args.summary_json.empty()) {
        write_file_atomically(args.summary_json, summary_json(branch.scenario, branch.result));
    }
    print_table(branch.scenario, branch.result, args.no_record ? std::string() : out);
    const sim::Calendar calendar(sim::parse_jalali(branch.scenario.params.start_date));
    if (branch.checkpoint) {
        std::printf("Resumed from the checkpoint of %s (%llu frames inherited from %s)\n",
                    sim::format(calendar.date_at(*branch.checkpoint)).c_str(),
                    static_cast<unsigned long long>(branch.inherited_frames), args.resume_from.c_str());
    } else {
        std::printf("No checkpoint at or before %s in %s: ran from the start\n", args.at.c_str(),
                    args.resume_from.c_str());
    }
    context.exit_code = branch.result.imbalance == 0 ? kExitOk : kExitFailure;
}

} // namespace

void add_run_command(CLI::App& app, Context& context) {
    auto args = std::make_shared<RunArgs>();
    auto* sub = app.add_subcommand("run", "Run a scenario and print its KPI table at the 1404 horizon");
    sub->add_option(
           "SCENARIO", args->scenario,
           "Scenario file (.textproto) or built-in name (" +
               [] {
                   std::string names;
                   for (const auto& n : agents::builtin_scenario_names()) {
                       names += (names.empty() ? "" : ", ") + n;
                   }
                   return names;
               }() +
               ")")
        ->capture_default_str();
    sub->add_option("--seed", args->seed, "Master seed (default: the scenario's seed)");
    sub->add_option("--replication", args->replication, "Replication number (independent streams per replication)");
    sub->add_option("--out", args->out, "Run file to write (default: runs/<scenario>.innorun)");
    sub->add_flag("--no-record", args->no_record, "Do not write a run file");
    sub->add_option("--summary-json", args->summary_json,
                    "Write the summary (KPIs at the horizon, ledger, engine) as JSON");
    sub->add_option("--set", args->overrides,
                    "Change a lever from the start: PATH=VALUE (e.g. factory.capacity=120); repeatable");
    sub->add_option("--resume-from", args->resume_from,
                    "Continue this run file from its checkpoint at or before --at (output identical to it)");
    sub->add_option("--at", args->at, "With --resume-from: the Solar Hijri date to continue from (1403/01/01)");
    sub->add_option("--checkpoint-every-months", args->checkpoint_every_months,
                    "Months between checkpoint frames, which resume and fork start from (default 12; with "
                    "--resume-from: the run's own; 0: none)");
    sub->footer("Exit codes: 0 done, 1 failure at run time, 2 bad input (nothing is written then).");
    sub->callback([args, sub, &context] {
        if (!args->resume_from.empty()) {
            resume_run(*args, *sub, context);
            return;
        }
        if (!args->at.empty()) {
            throw InputError("--at needs --resume-from RUN.innorun (or use innosim fork)");
        }
        if (args->checkpoint_every_months < -1) {
            throw InputError("--checkpoint-every-months must be 0 or more");
        }
        agents::LoadedScenario loaded = agents::load_scenario(args->scenario);
        if (!args->overrides.empty()) {
            agents::apply_overrides(loaded, args->overrides);
        }
        // Check every output location before the run, so bad input leaves nothing behind.
        for (const std::string& path : {args->out, args->summary_json}) {
            const std::filesystem::path parent = std::filesystem::path(path).parent_path();
            if (!path.empty() && !parent.empty() && !std::filesystem::is_directory(parent)) {
                throw InputError(path + ": the directory " + parent.string() + " does not exist");
            }
        }
        std::string out = args->out;
        if (out.empty() && !args->no_record) {
            std::filesystem::create_directories("runs");
            const std::string stem = std::filesystem::path(loaded.file).stem().string();
            out = "runs/" + (stem.rfind("builtin:", 0) == 0 ? stem.substr(8) : stem) + ".innorun";
        }
        agents::RunOptions options{.seed = args->seed,
                                   .replication = args->replication,
                                   .out = args->no_record ? "" : out,
                                   .checkpoint_every_months =
                                       args->checkpoint_every_months < 0 ? 12 : args->checkpoint_every_months};
        const agents::RunResult result = agents::run_scenario(loaded, options);
        if (!args->summary_json.empty()) {
            write_file_atomically(args->summary_json, summary_json(loaded, result));
        }
        print_table(loaded, result, args->no_record ? std::string() : out);
        context.exit_code = result.imbalance == 0 ? kExitOk : kExitFailure;
    });
}

} // namespace innosim::cli

// innosim run: a scenario's futures. R replications under common random numbers (all cores), the
// KPI table as median and 90% interval at the horizon and at the end, each target's odds, and one
// run file recording the most typical replication in full with every replication's monthly KPIs
// and bands in its footer. `-r 1` is one draw and prints the values themselves.
#include "agents/runner.hpp"
#include "agents/scenario_loader.hpp"
#include "sim/calendar.hpp"
#include "sim/input_error.hpp"
#include "sim/io/ensemble.hpp"
#include "sim/io/json.hpp"
#include "sim/io/kpi_registry.hpp"
#include "sim/version.hpp"
#include "tools/innosim/command.hpp"
#include "tools/innosim/format.hpp"
#include "tools/live/file_branch.hpp"
#include "tools/studies/ensemble.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace innosim::cli {

namespace {

struct RunArgs {
    std::string scenario = "mashhad_baseline";
    std::uint64_t seed = 0;
    std::uint32_t replication = 0;   ///< the first replication index
    std::uint32_t replications = 20; ///< futures
    unsigned threads = 0;            ///< 0: all cores
    std::string out;
    std::string summary_json;
    std::vector<std::string> overrides;
    bool no_record = false;
    std::string resume_from;
    std::string at;
    int checkpoint_every_months = -1; ///< -1: 12, or the resumed run's own cadence
};

/// The replications' values of every KPI at the horizon (or the end): [kpi][replication].
std::vector<std::vector<double>> kpi_columns(const studies::EnsembleResult& ensemble, bool at_end) {
    std::vector<std::vector<double>> columns(io::kKpiCount);
    for (const io::MemberRun& m : ensemble.members) {
        for (std::size_t k = 0; k < io::kKpiCount; ++k) {
            columns[k].push_back(at_end ? m.end[k] : m.horizon[k]);
        }
    }
    return columns;
}

void write_quantiles(io::JsonWriter& json, const std::vector<std::vector<double>>& columns) {
    json.begin_object();
    for (std::size_t k = 0; k < io::kKpiCount; ++k) {
        const io::Quantiles q = io::quantiles(columns[k]);
        json.key(io::kKpis[k].name).begin_object();
        json.member("mean", q.mean);
        json.member("p05", q.p05);
        json.member("p25", q.p25);
        json.member("p50", q.p50);
        json.member("p75", q.p75);
        json.member("p95", q.p95);
        json.end_object();
    }
    json.end_object();
}

/// The targets' odds at the horizon over the replications (one replication: met or not).
std::vector<io::TargetOdds> target_odds(const agents::ModelParams& p,
                                        const std::vector<std::vector<double>>& horizon_columns) {
    std::vector<io::TargetOdds> out;
    for (const agents::TargetDef& t : p.targets) {
        if (const std::optional<std::size_t> k = io::kpi_index(t.kpi)) {
            io::TargetOdds odds = io::target_odds(io::kKpis[*k], t.value, horizon_columns[*k]);
            odds.source = t.source;
            out.push_back(std::move(odds));
        }
    }
    return out;
}

/// `ensemble`: the replications the recorded `result` is one of (null for a resumed run).
std::string summary_json(const agents::LoadedScenario& loaded, const agents::RunResult& result,
                         const studies::EnsembleResult* ensemble = nullptr, std::size_t recorded = 0) {
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
    if (ensemble != nullptr) {
        const auto horizon_columns = kpi_columns(*ensemble, false);
        json.member("replications", ensemble->members.size());
        json.member("recorded_replication", ensemble->members[recorded].replication);
        json.member("recorded_because", io::kMostTypicalReason);
        json.key("kpis_ensemble");
        write_quantiles(json, horizon_columns);
        json.key("kpis_ensemble_end");
        write_quantiles(json, kpi_columns(*ensemble, true));
        json.key("targets").begin_array();
        for (const io::TargetOdds& odds : target_odds(loaded.params, horizon_columns)) {
            json.begin_object();
            json.member("kpi", odds.kpi);
            json.member("value", odds.value);
            json.member("p_met", odds.p_met);
            json.member("met", odds.met);
            json.member("of", odds.of);
            json.member("source", odds.source);
            json.end_object();
        }
        json.end_array();
        json.member("imbalanced_replications", ensemble->imbalanced());
    }
    json.end_object();
    return json.str() + "\n";
}

/// The scenario's description, then every lever changed from its base in words: a --set makes
/// the description (written for the file) say less than what runs, so the list says the rest.
void print_description(const agents::LoadedScenario& loaded) {
    if (!loaded.scenario.description().empty()) {
        std::printf("%s\n", loaded.scenario.description().c_str());
    }
    const std::vector<std::string> levers = agents::describe_lever_changes(loaded);
    if (levers.empty()) {
        return;
    }
    const bool from_command_line =
        std::any_of(loaded.start_changes.begin(), loaded.start_changes.end(),
                    [](const agents::LeverChange& change) { return change.origin == "--set"; });
    const std::string& base = loaded.base_name.empty() ? loaded.params.name : loaded.base_name;
    std::printf("Levers changed from %s%s:\n", base.c_str(),
                from_command_line && !loaded.scenario.description().empty() ? " (beyond the description above)" : "");
    for (const std::string& line : levers) {
        std::printf("  %s\n", line.c_str());
    }
}

void print_table(const agents::LoadedScenario& loaded, const agents::RunResult& result, const std::string& out) {
    const agents::ModelParams& p = loaded.params;
    std::printf("%s — %s (%s), seed %llu\n", version_string().c_str(), p.name.c_str(), loaded.file.c_str(),
                static_cast<unsigned long long>(result.seed));
    print_description(loaded);
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

/// The ensemble's table: median and 90% interval per KPI at the horizon and at the end, then each
/// target's odds, then what the run file holds.
void print_ensemble_table(const agents::LoadedScenario& loaded, const studies::EnsembleResult& ensemble,
                          std::size_t recorded, const agents::RunResult& recorded_run, unsigned threads,
                          const std::string& out) {
    const agents::ModelParams& p = loaded.params;
    const std::size_t r = ensemble.members.size();
    std::printf("%s — %s (%s)\n", version_string().c_str(), p.name.c_str(), loaded.file.c_str());
    print_description(loaded);
    std::printf("Run %s -> %s, horizon %s: %zu futures (seed %llu, replications %u-%u, common random numbers)\n\n",
                p.start_date.c_str(), p.end_date.c_str(), p.horizon_date.c_str(), r,
                static_cast<unsigned long long>(ensemble.seed), ensemble.members.front().replication,
                ensemble.members.back().replication);
    const auto horizon = kpi_columns(ensemble, false);
    const auto end = kpi_columns(ensemble, true);
    std::printf("%-26s %-38s %s\n", "", "median (90% of futures)", "median (90% of futures)");
    std::printf("%-26s %-38s %s\n", "KPI", ("at horizon " + p.horizon_date).c_str(), ("at end " + p.end_date).c_str());
    for (std::size_t k = 0; k < io::kKpiCount; ++k) {
        const io::KpiInfo& kpi = io::kKpis[k];
        const io::Quantiles h = io::quantiles(horizon[k]);
        const io::Quantiles e = io::quantiles(end[k]);
        std::printf("%-26s %s %s\n", std::string(kpi.label).c_str(),
                    pad(io::format_kpi_with_range(kpi, h.p50, h.p05, h.p95), 38).c_str(),
                    io::format_kpi_with_range(kpi, e.p50, e.p05, e.p95).c_str());
    }
    const std::vector<io::TargetOdds> odds = target_odds(p, horizon);
    if (!odds.empty()) {
        std::printf("\nTargets at the horizon %s:\n", p.horizon_date.c_str());
        for (const io::TargetOdds& o : odds) {
            std::printf("  %s\n", io::describe_odds(o).c_str());
        }
    }
    std::printf("\nLedger: %zu of %zu replications balanced to 0 Rial (%s transfers)\n", r - ensemble.imbalanced(), r,
                io::group_thousands(static_cast<long long>(ensemble.transfers)).c_str());
    std::uint64_t events = 0;
    for (const io::MemberRun& m : ensemble.members) {
        events += m.events;
    }
    std::printf("Engine: %s events in %.3f s on %u thread%s, then %.3f s recording replication %u\n",
                io::group_thousands(static_cast<long long>(events)).c_str(), ensemble.wall_seconds, threads,
                threads == 1 ? "" : "s", recorded_run.wall_seconds, ensemble.members[recorded].replication);
    if (!out.empty()) {
        std::printf("Run file: %s (%.1f MiB) — open it with innosim-viz %s\n", out.c_str(),
                    static_cast<double>(recorded_run.run_file_bytes) / (1024.0 * 1024.0), out.c_str());
        std::printf("  replays replication %u in full: %s;\n  keeps all %zu futures' monthly KPIs and their bands\n",
                    ensemble.members[recorded].replication, std::string(io::kMostTypicalReason).c_str(), r);
    }
}

/// `run --resume-from RUN --at DATE`: the run continued from its checkpoint, written in full (the
/// frames before the checkpoint copied), identical to the original when nothing else changed.
void resume_run(const RunArgs& args, const CLI::App& sub, Context& context) {
    if (args.at.empty()) {
        throw InputError("--resume-from needs --at DATE (Solar Hijri, e.g. 1403/01/01)");
    }
    for (const char* option : {"SCENARIO", "--seed", "--replication", "--replications", "--set"}) {
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
    auto* sub = app.add_subcommand(
        "run", "Run a scenario's futures (20 replications) and print each KPI's median and 90% interval, and each "
               "target's odds, at the 1404 horizon and at the end");
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
    sub->add_option("-r,--replications", args->replications,
                    "Futures to run (replications under common random numbers); 1: one draw, printed as it is")
        ->capture_default_str()
        ->check(CLI::Range(1U, 100000U));
    sub->add_option("--replication", args->replication,
                    "First replication index (independent streams per replication; with -r 1, the one draw)");
    sub->add_option("--threads", args->threads, "Worker threads for the replications (default: all cores)")
        ->check(CLI::Range(1U, 4096U));
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
        for (const std::string& warning : loaded.warnings) {
            std::cerr << warning << '\n';
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
        if (args->replications == 1) {
            const agents::RunResult result = agents::run_scenario(loaded, options);
            if (!args->summary_json.empty()) {
                write_file_atomically(args->summary_json, summary_json(loaded, result));
            }
            print_table(loaded, result, args->no_record ? std::string() : out);
            context.exit_code = result.imbalance == 0 ? kExitOk : kExitFailure;
            return;
        }
        // Every future first (no files), then the most typical one again with its full record and
        // the ensemble in its footer: a replication is a pure function of (scenario, seed, replication).
        const unsigned threads = args->threads != 0 ? args->threads : studies::default_threads();
        const studies::EnsembleResult ensemble = studies::run_ensemble(loaded, {.seed = args->seed,
                                                                                .first_replication = args->replication,
                                                                                .replications = args->replications,
                                                                                .threads = threads});
        const std::size_t recorded = io::most_typical(ensemble.members);
        const run::Ensemble message = io::make_ensemble(ensemble.members, recorded, loaded.params.start_date);
        options.replication = ensemble.members[recorded].replication;
        options.edit_footer = [&](run::Footer& footer) { *footer.mutable_ensemble() = message; };
        const agents::RunResult result = agents::run_scenario(loaded, options);
        const io::MemberRun& member = ensemble.members[recorded];
        if (result.horizon.values() != member.horizon || result.end.values() != member.end ||
            result.events != member.events) {
            // A replication is a pure function of (scenario, seed, replication): anything else is a bug.
            throw std::runtime_error("replication " + std::to_string(member.replication) +
                                     " recorded differs from the same replication in the ensemble (a model bug: "
                                     "state outside the seed's streams)");
        }
        if (!args->summary_json.empty()) {
            write_file_atomically(args->summary_json, summary_json(loaded, result, &ensemble, recorded));
        }
        print_ensemble_table(loaded, ensemble, recorded, result, threads, args->no_record ? std::string() : out);
        context.exit_code = ensemble.imbalanced() == 0 && result.imbalance == 0 ? kExitOk : kExitFailure;
    });
}

} // namespace innosim::cli

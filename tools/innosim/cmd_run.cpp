// innosim run: one simulation of a scenario, its KPI table at the horizon, its run file and summary.
#include "agents/runner.hpp"
#include "agents/scenario_loader.hpp"
#include "sim/calendar.hpp"
#include "sim/input_error.hpp"
#include "sim/io/json.hpp"
#include "sim/version.hpp"
#include "tools/innosim/command.hpp"
#include "tools/innosim/format.hpp"

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
};

std::string summary_json(const agents::LoadedScenario& loaded, const agents::RunResult& result) {
    io::JsonWriter json;
    json.begin_object();
    json.member("scenario", loaded.scenario.name());
    json.member("seed", result.seed);
    json.member("start", loaded.params.start_date);
    json.member("horizon", loaded.params.horizon_date);
    json.key("kpis").begin_object();
    for (const std::string_view name : agents::kKpiNames) {
        const double value = result.horizon.get(name);
        if (name.ends_with("_rial") && name != "public_rial_per_job") {
            json.member(name, static_cast<std::int64_t>(value));
        } else if (name == "sustainable_revenue_share" || name == "import_dependency_index" ||
                   name == "quality_of_life_index" || name == "public_rial_per_job" || name == "private_leverage" ||
                   name == "factory_occupancy") {
            json.member(name, value);
        } else {
            json.member(name, static_cast<std::uint64_t>(value));
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
    for (const std::string_view name : agents::kKpiNames) {
        std::string target;
        for (const agents::TargetDef& t : p.targets) {
            if (t.kpi == name) {
                target = format_kpi(name, t.value) + (result.horizon.get(name) >= t.value ? " met" : " missed");
            }
        }
        std::printf("%-28s %22s %22s %16s\n", kpi_label(name).c_str(),
                    format_kpi(name, result.horizon.get(name)).c_str(), format_kpi(name, result.end.get(name)).c_str(),
                    target.c_str());
    }
    std::printf("\nLedger: %s transfers, imbalance %lld Rial\n",
                group_thousands(static_cast<std::int64_t>(result.transfers)).c_str(),
                static_cast<long long>(result.imbalance));
    std::printf("Engine: %s events in %.3f s (%.2f M events/s)\n",
                group_thousands(static_cast<std::int64_t>(result.events)).c_str(), result.wall_seconds,
                result.events_per_second / 1e6);
    if (!out.empty()) {
        std::printf("Run file: %s (%.1f MiB) — open it with innosim-viz %s\n", out.c_str(),
                    static_cast<double>(result.run_file_bytes) / (1024.0 * 1024.0), out.c_str());
    }
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
    sub->footer("Exit codes: 0 done, 1 failure at run time, 2 bad input (nothing is written then).");
    sub->callback([args, &context] {
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
        agents::RunOptions options{
            .seed = args->seed, .replication = args->replication, .out = args->no_record ? "" : out};
        const agents::RunResult result = agents::run_scenario(loaded, options);
        if (!args->summary_json.empty()) {
            write_file_atomically(args->summary_json, summary_json(loaded, result));
        }
        print_table(loaded, result, args->no_record ? std::string() : out);
        context.exit_code = result.imbalance == 0 ? kExitOk : kExitFailure;
    });
}

} // namespace innosim::cli

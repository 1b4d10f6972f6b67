// innosim compare: policies side by side at the horizon. Each policy is a scenario file (run here as
// R futures under common random numbers with its base), a run file or a sweep directory; per KPI
// its mean and 95% interval, the difference to the reference with its interval (paired by
// replication), in how many paired futures it does better, the differences that hold after the
// Holm adjustment over the whole table, each target's odds on both sides, a sentence per policy,
// and how many futures a difference of a given size needs.
//
// [SECTION] Sources: scenarios, run files, sweep directories, the reference
// [SECTION] Sizing: the futures a difference needs
// [SECTION] CSV and JSON
// [SECTION] Tables and sentences
// [SECTION] The command
#include "agents/runner.hpp"
#include "agents/scenario_loader.hpp"
#include "sim/input_error.hpp"
#include "sim/io/json.hpp"
#include "sim/io/kpi_registry.hpp"
#include "tools/innosim/command.hpp"
#include "tools/innosim/format.hpp"
#include "tools/studies/compare.hpp"
#include "tools/studies/csv.hpp"
#include "tools/studies/ensemble.hpp"
#include "tools/studies/study.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace innosim::cli {

namespace {

namespace fs = std::filesystem;

struct CompareArgs {
    std::vector<std::string> sources;
    std::string against;
    std::uint32_t replications = 20;
    std::uint64_t seed = 0;
    unsigned threads = 0;
    std::vector<std::string> kpis;
    std::vector<std::string> detect;
    std::string csv;
    bool json = false;
};

using studies::Detect;

const io::KpiInfo& kpi_info(std::string_view kpi) {
    return *io::find_kpi(kpi); // compare_arms keeps only registry KPIs
}

std::string interval(std::string_view kpi, const studies::Summary& s, bool sign) {
    if (std::isnan(s.ci_low)) {
        return "(one run)";
    }
    return "[" + io::format_kpi_range(kpi_info(kpi), s.ci_low, s.ci_high, sign) + "]";
}

std::string fit(const std::string& text, std::size_t width) {
    if (display_width(text) <= width) {
        return pad(text, width);
    }
    return text.substr(0, width - 3) + "...";
}

// [SECTION] Sources: scenarios, run files, sweep directories, the reference

bool is_scenario(const std::string& source) {
    std::error_code error;
    if (fs::is_directory(source, error)) {
        return false;
    }
    if (fs::is_regular_file(source, error)) {
        const std::string ext = fs::path(source).extension().string();
        return ext == ".textproto" || ext == ".txtpb" || ext == ".pbtxt";
    }
    return !agents::builtin_scenario_text(source).empty();
}

/// Where a variant's `base` is: next to the variant, or built in (as the loader resolves it).
std::string base_of(const agents::LoadedScenario& loaded) {
    const std::string& base = loaded.scenario.base();
    if (base.empty()) {
        return {};
    }
    const fs::path next_to = fs::path(loaded.file).parent_path() / base;
    std::error_code error;
    if (loaded.file.rfind("builtin:", 0) != 0 && fs::is_regular_file(next_to, error)) {
        return next_to.lexically_normal().string();
    }
    return fs::path(base).stem().string();
}

/// One argument before it is loaded: a scenario to run here, or arms read from a file.
struct Source {
    std::string argument;
    std::optional<agents::LoadedScenario> scenario;
    std::vector<studies::Arm> arms; ///< for run files and sweep directories
};

Source read_source(const std::string& argument) {
    Source source{.argument = argument};
    if (is_scenario(argument)) {
        source.scenario = agents::load_scenario(argument);
        return source;
    }
    std::error_code error;
    if (!fs::exists(argument, error)) {
        throw InputError(argument + ": no such scenario file, built-in scenario, run file or sweep directory");
    }
    source.arms = studies::load_arms(argument);
    return source;
}

// [SECTION] Sizing: the futures a difference needs

/// The replications a difference of arm a needs to hold in this table, or nothing when it holds or
/// there is nothing to size (no spread and no difference).
std::optional<std::size_t> needed_for_observed(const studies::KpiComparison& c, std::size_t a, double alpha) {
    const studies::Summary& d = c.differences[a];
    if (c.robust(a) || std::isnan(d.mean) || d.mean == 0 || std::isnan(studies::difference_sd(c, a))) {
        return std::nullopt;
    }
    return studies::replications_needed(studies::difference_sd(c, a), d.mean, alpha);
}

// [SECTION] CSV and JSON

void write_csv(const std::string& path, const std::vector<studies::Arm>& arms,
               const std::vector<studies::KpiComparison>& comparisons) {
    std::string text = studies::csv_row({"kpi", "arm", "label", "source", "n", "mean", "ci_low", "ci_high",
                                         "difference", "difference_ci_low", "difference_ci_high", "paired", "better",
                                         "p_value", "p_holm", "robust"});
    const auto cell = [](double v) { return std::isnan(v) ? std::string() : studies::format_double(v); };
    for (const auto& c : comparisons) {
        for (std::size_t a = 0; a < arms.size(); ++a) {
            const auto& s = c.arms[a];
            const auto& d = c.differences[a];
            const bool tested = a > 0;
            text += studies::csv_row(
                {c.kpi, studies::arm_code(a), arms[a].label, arms[a].source, std::to_string(s.n), cell(s.mean),
                 cell(s.ci_low), cell(s.ci_high), cell(d.mean), cell(d.ci_low), cell(d.ci_high),
                 c.paired[a] ? "1" : "0", tested && c.paired[a] ? std::to_string(c.better[a]) : "",
                 tested ? cell(d.p_value) : "", tested ? cell(c.p_adjusted[a]) : "", c.robust(a) ? "1" : "0"});
        }
    }
    write_file_atomically(path, text);
}

void write_summary(io::JsonWriter& json, const studies::Summary& s) {
    json.member("n", s.n);
    json.member("mean", s.mean);
    json.member("sd", s.sd);
    json.member("ci_low", s.ci_low);
    json.member("ci_high", s.ci_high);
}

std::string to_json(const std::vector<studies::Arm>& arms, const std::vector<studies::KpiComparison>& comparisons,
                    const std::vector<Detect>& detect) {
    const std::size_t tests = studies::tested_differences(comparisons);
    const double alpha = studies::adjusted_alpha(tests);
    io::JsonWriter json;
    json.begin_object();
    json.key("adjustment").begin_object();
    json.member("method", studies::kAdjustmentName);
    json.member("family_wise_alpha", studies::kAlpha);
    json.member("tests", tests);
    json.end_object();
    json.key("sizing").begin_object();
    json.member("alpha_per_test", alpha);
    json.member("power", 0.8);
    json.end_object();
    json.key("policies").begin_array();
    for (std::size_t a = 0; a < arms.size(); ++a) {
        const studies::Arm& arm = arms[a];
        json.begin_object();
        json.member("code", studies::arm_code(a));
        json.member("label", arm.label);
        json.member("source", arm.source);
        json.member("scenario", arm.scenario);
        json.member("reference", a == 0);
        json.member("runs", arm.seeds.size());
        json.key("changes").begin_array();
        for (const std::string& change : arm.changes) {
            json.value(change);
        }
        json.end_array();
        json.key("targets").begin_array();
        for (const io::TargetOdds& odds : studies::arm_target_odds(arm)) {
            json.begin_object();
            json.member("kpi", odds.kpi);
            json.member("value", odds.value);
            json.member("p_met", odds.p_met);
            json.member("met", odds.met);
            json.member("of", odds.of);
            json.end_object();
        }
        json.end_array();
        if (a > 0) {
            json.member("sentence", studies::describe_comparison(arms, comparisons, a));
        }
        json.end_object();
    }
    json.end_array();
    json.key("kpis").begin_array();
    for (const studies::KpiComparison& c : comparisons) {
        const io::KpiInfo& kpi = kpi_info(c.kpi);
        json.begin_object();
        json.member("kpi", c.kpi);
        json.member("label", kpi.label);
        json.member("unit", kpi.unit);
        json.member("higher_is_better", kpi.higher_is_better);
        json.key("policies").begin_array();
        for (std::size_t a = 0; a < arms.size(); ++a) {
            json.begin_object();
            json.member("code", studies::arm_code(a));
            write_summary(json, c.arms[a]);
            if (a > 0) {
                const studies::Summary& d = c.differences[a];
                json.key("difference").begin_object();
                write_summary(json, d);
                json.member("paired", static_cast<bool>(c.paired[a]));
                if (c.paired[a]) {
                    json.member("better", c.better[a]);
                    json.member("share_better",
                                d.n > 0 ? static_cast<double>(c.better[a]) / static_cast<double>(d.n) : std::nan(""));
                } else {
                    json.key("better").value(nullptr);
                    json.key("share_better").value(nullptr);
                }
                json.member("p_value", d.p_value);
                json.member("p_adjusted", c.p_adjusted[a]);
                json.member("holds", c.robust(a));
                const double sd = studies::difference_sd(c, a);
                json.member("sd_per_future", sd);
                json.member("detectable_with_these_runs", studies::detectable_difference(sd, d.n, alpha));
                if (const auto n = needed_for_observed(c, a, alpha)) {
                    json.member("replications_for_this_difference", *n);
                } else {
                    json.key("replications_for_this_difference").value(nullptr);
                }
                json.key("replications_for").begin_array();
                for (const Detect& item : detect) {
                    if (item.kpi->name == c.kpi) {
                        json.begin_object();
                        json.member("size", item.size);
                        json.member("replications", studies::replications_needed(sd, item.size, alpha));
                        json.end_object();
                    }
                }
                json.end_array();
                json.end_object();
            }
            json.end_object();
        }
        json.end_array();
        json.end_object();
    }
    json.end_array();
    json.end_object();
    return json.str() + "\n";
}

// [SECTION] Tables and sentences

void print_text(const std::vector<studies::Arm>& arms, const std::vector<studies::KpiComparison>& comparisons,
                const std::vector<Detect>& detect) {
    const std::size_t tests = studies::tested_differences(comparisons);
    const double alpha = studies::adjusted_alpha(tests);
    std::printf("Policies (A is the reference):\n");
    bool all_paired = true;
    for (std::size_t a = 0; a < arms.size(); ++a) {
        std::printf("  %-3s %s  (%zu run%s, %s)\n", studies::arm_code(a).c_str(), arms[a].label.c_str(),
                    arms[a].seeds.size(), arms[a].seeds.size() == 1 ? "" : "s", arms[a].source.c_str());
        if (a > 0) {
            for (const std::string& change : arms[a].changes) {
                std::printf("        %s\n", wrap(change, 100, 10).c_str());
            }
        }
        if (!comparisons.empty()) {
            all_paired = all_paired && comparisons.front().paired[a];
        }
    }
    std::printf("\nKPIs at the horizon: mean [95%% CI]; difference to A [95%% CI], %s;\n"
                "'better' counts the paired futures in which the policy does better (the KPI's better direction);\n"
                "'*' marks a difference that holds after the %s adjustment over all %zu difference(s)\n"
                "(family-wise 5%%); '(*)' one whose own interval excludes 0 but which does not hold after it.\n"
                "'resolves' is the smallest difference these futures would show with 80%% power at that level,\n"
                "'needs' the futures this difference would need (from the spread of these).\n",
                all_paired ? "paired by replication (common random numbers)"
                           : "paired where runs share (seed, replication), else Welch",
                studies::kAdjustmentName, tests);
    std::size_t label_width = 8;
    for (const auto& arm : arms) {
        label_width = std::max(label_width, display_width(arm.label));
    }
    label_width = std::min<std::size_t>(label_width, 40);
    constexpr std::size_t kColumns = 9;
    for (const auto& c : comparisons) {
        const io::KpiInfo& kpi = kpi_info(c.kpi);
        std::printf("\n%s (%s)\n", std::string(kpi.label).c_str(), std::string(io::display_unit(kpi)).c_str());
        // Cells first, so that every column is as wide as its widest cell.
        std::vector<std::array<std::string, kColumns>> rows;
        std::array<std::size_t, kColumns> width{};
        for (std::size_t a = 0; a < arms.size(); ++a) {
            const auto& s = c.arms[a];
            std::array<std::string, kColumns> row = {studies::arm_code(a) + " " + fit(arms[a].label, label_width),
                                                     io::format_kpi(kpi, s.mean), interval(c.kpi, s, false)};
            if (a > 0) {
                const auto& d = c.differences[a];
                row[3] = io::format_kpi_signed(kpi, d.mean);
                row[4] = interval(c.kpi, d, true);
                const double sd = studies::difference_sd(c, a);
                if (c.paired[a] && d.mean == 0 && sd == 0) {
                    row[5] = "same in every future";
                    rows.push_back(std::move(row));
                    continue;
                }
                row[5] = c.paired[a] ? "better " + std::to_string(c.better[a]) + "/" + std::to_string(d.n) : "welch";
                row[6] = c.robust(a) ? "*" : d.excludes_zero() ? "(*)" : "";
                const double resolves = studies::detectable_difference(sd, d.n, alpha);
                if (!std::isnan(resolves)) {
                    row[7] = "resolves \u00b1" + io::format_kpi(kpi, resolves);
                }
                if (const auto n = needed_for_observed(c, a, alpha)) {
                    row[8] = "needs " + studies::futures_needed(*n);
                }
            }
            rows.push_back(std::move(row));
        }
        for (const auto& row : rows) {
            for (std::size_t i = 0; i < row.size(); ++i) {
                width[i] = std::max(width[i], display_width(row[i]));
            }
        }
        for (const auto& row : rows) {
            std::string line = "  ";
            for (std::size_t i = 0; i < row.size(); ++i) {
                line += fit(row[i], width[i]) + (i == 2 ? "    " : "  ");
            }
            while (!line.empty() && line.back() == ' ') {
                line.pop_back();
            }
            std::printf("%s\n", line.c_str());
        }
    }

    // Targets: one line each, every policy's odds side by side.
    std::vector<std::pair<std::string, double>> targets;
    for (const studies::Arm& arm : arms) {
        for (const auto& t : arm.targets) {
            if (std::find(targets.begin(), targets.end(), t) == targets.end() && io::find_kpi(t.first) != nullptr) {
                targets.push_back(t);
            }
        }
    }
    if (!targets.empty()) {
        std::printf("\nTargets at the horizon: share of futures meeting them\n");
        for (const auto& [name, value] : targets) {
            const io::KpiInfo& kpi = kpi_info(name);
            std::string line = "  " + pad(std::string(kpi.label) + (kpi.higher_is_better ? " \u2265 " : " \u2264 ") +
                                              io::format_kpi(kpi, value),
                                          36);
            for (std::size_t a = 0; a < arms.size(); ++a) {
                for (const io::TargetOdds& odds : studies::arm_target_odds(arms[a])) {
                    if (odds.kpi == name && odds.value == value) {
                        char cell[64];
                        std::snprintf(cell, sizeof cell, "  %s %3.0f%% (%zu/%zu)", studies::arm_code(a).c_str(),
                                      100 * odds.p_met, odds.met, odds.of);
                        line += cell;
                    }
                }
            }
            std::printf("%s\n", line.c_str());
        }
    }

    std::printf("\nIn words (differences that hold after the %s adjustment, family-wise 5%%, %zu test%s):\n",
                studies::kAdjustmentName, tests, tests == 1 ? "" : "s");
    for (std::size_t a = 1; a < arms.size(); ++a) {
        std::printf("  %s\n", wrap(studies::describe_comparison(arms, comparisons, a), 100, 4).c_str());
    }

    if (!detect.empty()) {
        std::printf("\nFutures a difference needs (two-sided %.2g per test, power 80%%, from the spread of these):\n",
                    alpha);
        for (const Detect& item : detect) {
            const auto c = std::find_if(comparisons.begin(), comparisons.end(),
                                        [&](const auto& x) { return x.kpi == item.kpi->name; });
            if (c == comparisons.end()) {
                continue;
            }
            for (std::size_t a = 1; a < arms.size(); ++a) {
                const double sd = studies::difference_sd(*c, a);
                std::printf("  %s %s: a difference of %s needs %s paired futures (sd per future %s)\n",
                            studies::arm_code(a).c_str(), std::string(item.kpi->label).c_str(),
                            io::format_kpi(*item.kpi, item.size).c_str(),
                            studies::futures_needed(studies::replications_needed(sd, item.size, alpha)).c_str(),
                            io::format_kpi(*item.kpi, sd).c_str());
            }
        }
    }
}

} // namespace

// [SECTION] The command

void add_compare_command(CLI::App& app, Context& context) {
    auto args = std::make_shared<CompareArgs>();
    auto* sub = app.add_subcommand(
        "compare", "Compare policies at the horizon: each against the reference, paired by replication, with each "
                   "target's odds, a sentence per policy and the futures a difference needs");
    sub->add_option("POLICY", args->sources,
                    "Scenario files or built-in names (run here: -r futures each, common random numbers), run files "
                    "(.innorun) or sweep directories (every design point is a policy)")
        ->required();
    sub->add_option("--against", args->against,
                    "The reference (a scenario, run file or sweep directory); default: the policies' common base, or "
                    "the first policy");
    sub->add_option("-r,--replications", args->replications, "Futures per scenario run here")
        ->capture_default_str()
        ->check(CLI::Range(2U, 100000U));
    sub->add_option("--seed", args->seed,
                    "Master seed of the scenarios run here (default: the reference's; every policy uses the same)");
    sub->add_option("--threads", args->threads, "Worker threads (default: all cores)")->check(CLI::Range(1U, 4096U));
    sub->add_option("--kpi", args->kpis, "Only these KPIs (repeatable; default: all)");
    sub->add_option("--detect", args->detect,
                    "KPI=SIZE: the paired futures a difference of SIZE (the KPI's unit, as in the summary JSON) needs "
                    "(repeatable)");
    sub->add_option("--csv", args->csv, "Also write the comparison as CSV");
    sub->add_flag("--json", args->json, "Print the comparison as JSON instead of tables");
    sub->footer("Differences are paired by replication when both policies ran the same (seed, replication) pairs\n"
                "(common random numbers: scenarios run here always do, sweeps by default), else Welch's interval.\n"
                "A difference 'holds' when its Holm-adjusted p-value over every (policy, KPI) difference in the\n"
                "table is below 0.05. Examples:\n"
                "  innosim compare scenarios/policies/pay_on_time.textproto scenarios/policies/cut_grants.textproto\n"
                "  innosim compare scenarios/policies/pay_on_time.textproto --against runs/mashhad_baseline.innorun\n"
                "  innosim compare sweeps/policies --kpi jobs --detect jobs=100\n"
                "Exit codes: 0 done, 1 a run failed, 2 bad input.");
    sub->callback([args, sub, &context] {
        std::vector<Detect> detect;
        for (const std::string& item : args->detect) {
            detect.push_back(studies::parse_detect(item));
        }
        for (const std::string& kpi : args->kpis) {
            if (io::find_kpi(kpi) == nullptr) {
                throw InputError("--kpi " + kpi + ": not a KPI (names as in the summary JSON: jobs, exits, ...)");
            }
        }
        if (!args->csv.empty()) {
            const fs::path parent = fs::path(args->csv).parent_path();
            if (!parent.empty() && !fs::is_directory(parent)) {
                throw InputError(args->csv + ": the directory " + parent.string() + " does not exist");
            }
        }
        std::vector<Source> sources;
        for (const std::string& argument : args->sources) {
            sources.push_back(read_source(argument));
        }
        // The reference: --against, else the policies' common base, else the first.
        std::string against = args->against;
        if (against.empty() && std::all_of(sources.begin(), sources.end(), [](const Source& s) {
                return s.scenario.has_value() && !s.scenario->scenario.base().empty();
            })) {
            const std::string base = base_of(*sources.front().scenario);
            if (std::all_of(sources.begin(), sources.end(),
                            [&](const Source& s) { return base_of(*s.scenario) == base; })) {
                against = base;
            }
        }
        if (!against.empty()) {
            sources.insert(sources.begin(), read_source(against));
        }
        std::size_t arm_count = 0;
        for (const Source& source : sources) {
            arm_count += source.scenario ? 1 : source.arms.size();
        }
        if (arm_count < 2) {
            throw InputError("compare needs at least two policies: give two or more scenarios, run files or sweep "
                             "directories, a policy and --against BASE, or a sweep directory with several design "
                             "points");
        }

        // The scenarios run here share one seed and one range of replications with the reference.
        std::uint64_t seed = args->seed;
        std::uint32_t first_replication = 0;
        std::uint32_t replications = args->replications;
        const Source& reference = sources.front();
        if (!reference.scenario && !reference.arms.empty() && !reference.arms.front().seeds.empty()) {
            const studies::Arm& arm = reference.arms.front();
            if (seed == 0) {
                seed = arm.seeds.front();
            }
            const auto [low, high] = std::minmax_element(arm.replications.begin(), arm.replications.end());
            first_replication = *low;
            if (sub->count("-r") == 0 && *high - *low + 1 == arm.replications.size()) {
                replications = static_cast<std::uint32_t>(arm.replications.size());
            }
        } else if (seed == 0 && reference.scenario) {
            seed = agents::effective_seed(*reference.scenario, 0);
        }
        const unsigned threads = args->threads != 0 ? args->threads : studies::default_threads();
        const scenario::Scenario* base_scenario = reference.scenario ? &reference.scenario->scenario : nullptr;
        std::vector<studies::Arm> arms;
        double wall_seconds = 0;
        std::size_t ran = 0;
        bool balanced = true;
        for (const Source& source : sources) {
            if (!source.scenario) {
                arms.insert(arms.end(), source.arms.begin(), source.arms.end());
                continue;
            }
            const agents::LoadedScenario& loaded = *source.scenario;
            const studies::EnsembleResult ensemble =
                studies::run_ensemble(loaded, {.seed = seed,
                                               .first_replication = first_replication,
                                               .replications = replications,
                                               .threads = threads});
            wall_seconds += ensemble.wall_seconds;
            ran += ensemble.members.size();
            balanced = balanced && ensemble.imbalanced() == 0;
            studies::Arm arm =
                studies::arm_from_runs(loaded.params.name, loaded.file, loaded.scenario, ensemble.members);
            if (&source != &sources.front() && base_scenario != nullptr) {
                arm.changes = studies::describe_changes(loaded.scenario, base_scenario);
            }
            arms.push_back(std::move(arm));
        }
        const std::vector<studies::KpiComparison> comparisons = studies::compare_arms(arms, args->kpis);
        if (comparisons.empty()) {
            throw InputError("the policies have no KPI in common" +
                             std::string(args->kpis.empty() ? "" : " among those --kpi names"));
        }
        if (args->json) {
            std::fputs(to_json(arms, comparisons, detect).c_str(), stdout);
        } else {
            print_text(arms, comparisons, detect);
            if (ran > 0) {
                std::printf("\nRan %zu futures (seed %llu, replications %u-%u) in %.2f s on %u thread%s.\n", ran,
                            static_cast<unsigned long long>(seed), first_replication,
                            first_replication + replications - 1, wall_seconds, threads, threads == 1 ? "" : "s");
            }
        }
        if (!args->csv.empty()) {
            write_csv(args->csv, arms, comparisons);
        }
        if (!balanced) {
            std::fprintf(stderr, "innosim: error: a replication's ledger did not sum to 0 Rial (a model bug)\n");
        }
        context.exit_code = balanced ? kExitOk : kExitFailure;
    });
}

} // namespace innosim::cli

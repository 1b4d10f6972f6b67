#pragma once

// From a scenario file to the model's parameters: the one place where protobuf messages become
// definition structs. Also resolves policy variants (a `base` plus overrides) and the built-in
// scenarios compiled into the binary.

#include "agents/params.hpp"
#include "sim/io/scenario_parser.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace innosim::agents {

/// A lever a run changes from its base scenario, for run headers and summaries.
struct LeverChange {
    std::string at;     ///< Solar Hijri date, or empty: from the start
    std::string lever;  ///< as written ("departments[*].payment_delay_days")
    std::string before; ///< value(s) before the change ("180", "90 / 180")
    std::string after;
    std::string origin; ///< "--set", "overrides[0]", "interventions[2] (pay suppliers within 30 days)"
};

/// A scenario ready to run: the message after base resolution and start overrides, the source
/// text as given (for provenance), and the parameters with their dated changes.
struct LoadedScenario {
    scenario::Scenario scenario; ///< resolved: base merged, overrides applied
    std::string file;            ///< as given ("builtin:mashhad_baseline" for built-ins)
    std::string text;            ///< the file's text as given
    ModelParams params;
    ModelParams pre_start;            ///< the levers of the spin-up (params with spin_up.overrides)
    std::vector<ParamChange> changes; ///< dated interventions, ascending
    /// Suspicious but legal input ("file:line:col: warning: ..."): an intervention after the end,
    /// a lever set twice on one date, a --set lever the scenario changes again later.
    std::vector<std::string> warnings;
    /// Levers changed from the base: a variant's overrides and --set from the start, then the
    /// interventions a variant adds (not its base's), by date.
    std::vector<LeverChange> start_changes;
    std::vector<LeverChange> dated_changes;
    int first_variant_intervention = 0; ///< interventions before this one are the base's own
    std::string base_name;              ///< the name of the scenario a variant is built on, else empty
};

/// Names of the scenarios compiled into the binary ("mashhad_baseline", "tiny", ...).
std::vector<std::string> builtin_scenario_names();
/// The text of a built-in scenario, or empty if there is none of that name.
std::string_view builtin_scenario_text(std::string_view name);

/// The model's semantic checks (unknown district, horizon after end, targets naming no KPI...),
/// as an io::ScenarioCheck so that `innosim validate` lists them with the schema errors.
void check_scenario(const io::ParsedScenario& parsed, std::vector<std::string>& errors);

/// Loads a scenario file, or a built-in scenario by name when no such file exists. Throws
/// InputError naming the file, line, column and field of every problem.
LoadedScenario load_scenario(const std::string& file_or_builtin);

/// Loads from text (tests, the live server). `file` is the name used in messages; a relative
/// `base` is resolved against `directory`.
LoadedScenario load_scenario_text(std::string text, std::string file, const std::filesystem::path& directory = {});

/// Applies "path=value" overrides (e.g. from `--set`) at the start, re-deriving the parameters.
void apply_overrides(LoadedScenario& loaded, const std::vector<std::string>& assignments);

/// Converts a validated scenario message into parameters and dated changes.
void derive_params(LoadedScenario& loaded);

/// The levers changed from the base, in words, one line each:
/// "from the start  payment delay of every department: 180 → 30 days (--set)".
std::vector<std::string> describe_lever_changes(const LoadedScenario& loaded);

} // namespace innosim::agents

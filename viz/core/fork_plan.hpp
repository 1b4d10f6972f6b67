#pragma once

// "Fork from here": the levers the dialog offers (with their value at the fork date and their
// documented range, read from the scenario schema), the "path=value" assignments a choice makes,
// checking them as `innosim fork` and the server will, and the command line of a file fork.
// No UI here: the dialog and the headless --fork-at flag share these functions.

#include "sim/calendar.hpp"
#include "sim/proto/run.pb.h"
#include "viz/core/types.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace innosim::viz {

/// A scalar field of the scenario at a path, with what the schema says about it.
struct LeverValue {
    double value = 0;    ///< the field's unit
    double min = -1e300; ///< the documented range (options.min/max), inclusive
    double max = 1e300;
    std::string unit;     ///< options.unit ("teams", "share", "days")
    bool integer = false; ///< an integer field: offered and written without decimals
};

/// The scalar at `path` ("factory.capacity", "departments[Finance].payment_delay_days") of
/// `scenario`; nothing if the path names no numeric scalar.
std::optional<LeverValue> read_lever(const scenario::Scenario& scenario, std::string_view path);

/// The scenario in force on `date`: the header's scenario with its dated interventions up to and
/// including that day applied (a fork's levers act after them), as the model would have it.
scenario::Scenario scenario_on(const run::RunHeader& header, const sim::JalaliDate& date);

/// One of the levers the dialog offers.
struct LeverChoice {
    std::string label; ///< for people: "Innovation factory capacity"
    std::string path;  ///< "factory.capacity"; for `all_departments` the field under departments[...]
    bool all_departments = false;
    LeverValue current;     ///< at the fork date (all departments: the first one's, range in low/high)
    double current_low = 0; ///< all departments: the smallest and largest value now
    double current_high = 0;
    std::size_t departments = 0; ///< all departments: how many
};

/// The common levers that exist in this run's scenario, at `date`: factory.capacity,
/// municipality.innovation_budget_share, municipality.local_kb_procurement_reserve,
/// departments[*].payment_delay_days (all departments at once), municipality.grant_fund_share.
std::vector<LeverChoice> common_levers(const run::RunHeader& header, const sim::JalaliDate& date);

/// A lever's value as text for an assignment: integers without decimals, others with up to 10
/// significant digits ("0.035", "120").
std::string lever_text(double value, bool integer);

/// The assignments for `lever` set to `value`: one, or one per department.
std::vector<std::string> lever_assignments(const scenario::Scenario& scenario, const LeverChoice& lever, double value);

/// Non-empty lines (or ';'-separated parts) of a free "path=value" field, trimmed.
std::vector<std::string> split_free_assignments(std::string_view text);

/// Applies `assignments` to a copy of `scenario` as `innosim fork --set` would (path, value,
/// range); the first problem as text ("factory.capacty: ... has no field"), or nothing if all
/// apply. The server and the CLI also refuse fields fixed at the start; they answer for those.
std::optional<std::string> check_assignments(const scenario::Scenario& scenario,
                                             const std::vector<std::string>& assignments);

/// runs/<parent stem>-fork-<yyyy-mm-dd>.innorun in `dir`, with -2, -3... if that exists already.
std::filesystem::path fork_output_path(const std::filesystem::path& dir, const std::filesystem::path& parent,
                                       const sim::JalaliDate& date);

/// `innosim fork PARENT --at DATE --set A --set B ... --out OUT` as an argv (argv[0] = `cli`).
std::vector<std::string> fork_command(const std::filesystem::path& cli, const std::filesystem::path& parent,
                                      const sim::JalaliDate& date, const std::vector<std::string>& assignments,
                                      const std::filesystem::path& out);

} // namespace innosim::viz

#pragma once

// A study file (sim/proto/study.proto) loaded and checked: its scenarios loaded, every lever
// resolved against the scenario schema, defaults filled in. Everything a sweep needs to plan runs.

#include "agents/scenario_loader.hpp"
#include "sim/proto/study.pb.h"
#include "tools/studies/text_message.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace innosim::studies {

enum class LeverKind : std::uint8_t {
    Range,    ///< continuous interval [min, max] (rounded on integer fields)
    IntRange, ///< whole numbers min, min + step, ..., <= max
    Discrete, ///< listed levels (values or choices), in the order written
};

/// One lever of a study, resolved.
struct LeverSpec {
    std::string path;                    ///< scenario field path ("factory.capacity")
    std::vector<std::string> also_paths; ///< further fields that take the same value
    std::string label;                   ///< column and chart label (default: the path)
    LeverKind kind = LeverKind::Range;
    double min = 0;                  ///< Range, IntRange: lower end, in the field's unit
    double max = 0;                  ///< Range, IntRange: upper end, in the field's unit
    std::int64_t step = 1;           ///< IntRange: distance between levels (field unit)
    bool integer_field = false;      ///< the field holds whole numbers: Range values are rounded
    std::vector<std::string> levels; ///< Discrete: each level as `--set` text

    /// Number of distinct levels of a discrete lever (Discrete, IntRange); 0 for a Range.
    std::uint64_t level_count() const;
    /// The value at unit coordinate u in [0, 1] as `--set` text: a Range maps u linearly onto
    /// [min, max] (six significant digits, or a whole number on integer fields); discrete levers take level min(n - 1,
    /// floor(u * n)), so each level gets an equal share of the unit interval.
    std::string value_at(double u) const;
    /// The levels of a full factorial design: every discrete level, or `grid` evenly spaced
    /// points of a Range (ends included).
    std::vector<std::string> factorial_levels(std::uint32_t grid) const;
    /// "path=value" for the lever's field and each of its `also` fields.
    std::vector<std::string> assignments(const std::string& value) const;
};

/// A scenario of the study's categorical factor (or the single base scenario).
struct ScenarioLevel {
    std::string label; ///< the scenario's name (made unique within the study)
    agents::LoadedScenario loaded;
};

struct StudySpec {
    study::Study message; ///< as parsed, defaults filled in (design, replications, kpis, ...)
    TextSource source;    ///< for error locations
    std::string file;     ///< as given
    std::string sha256;   ///< of the study text and every scenario as resolved: a resumed sweep must match it
    std::vector<ScenarioLevel> scenarios; ///< at least one
    std::vector<LeverSpec> levers;
    std::vector<std::string> kpis; ///< names from io::kKpis, in the order collected
    std::uint32_t replications = 1;
    std::uint64_t base_seed = 1;   ///< master seed of every run (plus the point index without CRN)
    std::uint64_t design_seed = 1; ///< sampling of LHS, Morris, Sobol designs and the bootstrap
    bool common_random_numbers = true;
    bool monthly = false; ///< keep monthly KPI trajectories
};

/// Parses and checks a study. `directory` resolves relative scenario paths. Throws one InputError
/// listing every problem as "file:line:col: ...": syntax, unknown fields, unknown KPIs, scenarios
/// that do not load, levers that name no scenario field or whose values are out of the field's
/// documented range, design parameters that do not fit the design.
StudySpec parse_study(std::string text, std::string file, const std::filesystem::path& directory);
/// Reads `path` and calls parse_study (relative scenario paths resolve against its directory).
StudySpec load_study(const std::filesystem::path& path);

/// Shortest text that reads back as exactly `value` ("0.1", "120", "5e+12"); integers below 2^53
/// without exponent. Used for lever values, CSV cells and the journal.
std::string format_double(double value);

} // namespace innosim::studies

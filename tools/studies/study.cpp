#include "tools/studies/study.hpp"

#include "agents/runner.hpp"
#include "sim/input_error.hpp"
#include "sim/io/kpi_registry.hpp"
#include "sim/io/overrides.hpp"
#include "sim/io/sha256.hpp"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/text_format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

namespace innosim::studies {

namespace {

namespace pb = google::protobuf;

constexpr std::uint32_t kDefaultGridLevels = 3;
constexpr std::uint32_t kDefaultTrajectories = 10;
constexpr std::uint32_t kDefaultMorrisLevels = 4;
constexpr std::uint32_t kDefaultBootstrap = 1000;
constexpr std::uint64_t kMaxFactorialLevels = 10'000; // per lever: more is a typo, not a study
constexpr std::uint64_t kMaxRuns = 100'000'000;       // the journal index stays small below this

std::string read_text(const std::filesystem::path& path) {
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) {
        throw InputError("cannot read " + path.string() + ": it is a directory");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw InputError("cannot read " + path.string() + ": no such file or not readable");
    }
    std::ostringstream text;
    text << in.rdbuf();
    return std::move(text).str();
}

/// '*' matches any run of characters, '?' one character.
bool wildcard_match(std::string_view pattern, std::string_view name) {
    if (pattern.empty()) {
        return name.empty();
    }
    if (pattern.front() == '*') {
        for (std::size_t skip = 0; skip <= name.size(); ++skip) {
            if (wildcard_match(pattern.substr(1), name.substr(skip))) {
                return true;
            }
        }
        return false;
    }
    return !name.empty() && (pattern.front() == '?' || pattern.front() == name.front()) &&
           wildcard_match(pattern.substr(1), name.substr(1));
}

/// The scenario files or built-in names an entry of `base`/`scenarios` stands for.
std::vector<std::string> expand_scenario(const std::string& entry, const std::filesystem::path& directory) {
    const std::filesystem::path relative(entry);
    const std::filesystem::path path = relative.is_absolute() ? relative : directory / relative;
    const std::string name = relative.filename().string();
    if (name.find_first_of("*?") == std::string::npos) {
        std::error_code error;
        if (std::filesystem::exists(path, error) || !agents::builtin_scenario_text(entry).empty()) {
            return {std::filesystem::exists(path, error) ? path.lexically_normal().string() : entry};
        }
        throw InputError("no scenario file " + path.lexically_normal().string() + " and no built-in scenario named '" +
                         entry + "'");
    }
    std::vector<std::string> matches;
    std::error_code error;
    for (const auto& item : std::filesystem::directory_iterator(path.parent_path(), error)) {
        if (item.is_regular_file() && wildcard_match(name, item.path().filename().string())) {
            matches.push_back(item.path().lexically_normal().string());
        }
    }
    if (error) {
        throw InputError("cannot list " + path.parent_path().string() + ": " + error.message());
    }
    if (matches.empty()) {
        throw InputError("no file matches " + path.lexically_normal().string());
    }
    std::sort(matches.begin(), matches.end());
    return matches;
}

/// The descriptor of the scalar field a lever path names (types only: element selectors are not
/// looked at), or null if a step names no field.
const pb::FieldDescriptor* lever_field(const std::string& path) {
    const pb::Descriptor* message = scenario::Scenario::descriptor();
    const pb::FieldDescriptor* field = nullptr;
    for (const io::PathStep& step : io::parse_field_path(path)) {
        if (message == nullptr) {
            return nullptr;
        }
        field = message->FindFieldByName(step.field);
        if (field == nullptr) {
            return nullptr;
        }
        message = field->message_type();
    }
    return field;
}

bool is_integer_type(const pb::FieldDescriptor* field) {
    switch (field->cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_INT32:
    case pb::FieldDescriptor::CPPTYPE_INT64:
    case pb::FieldDescriptor::CPPTYPE_UINT32:
    case pb::FieldDescriptor::CPPTYPE_UINT64:
        return true;
    default:
        return false;
    }
}

bool is_number_type(const pb::FieldDescriptor* field) {
    return is_integer_type(field) || field->cpp_type() == pb::FieldDescriptor::CPPTYPE_DOUBLE ||
           field->cpp_type() == pb::FieldDescriptor::CPPTYPE_FLOAT;
}

bool is_known_kpi(std::string_view name) {
    return io::find_kpi(name) != nullptr;
}

std::string kpi_list() {
    std::string out;
    for (const io::KpiInfo& kpi : io::kKpis) {
        out += (out.empty() ? "" : ", ") + std::string(kpi.name);
    }
    return out;
}

std::string design_name(study::Design design) {
    return study::Design_Name(design);
}

/// Collects "file:line:col: message" errors for one study.
struct Checker {
    const study::Study& message;
    const TextSource& source;
    std::vector<std::string> errors;

    void error(std::string_view path, const std::string& text) {
        errors.push_back(source.where(message, path) + ": " + text);
    }
};

LeverSpec resolve_lever(const study::Lever& lever, const std::string& at, Checker& check) {
    LeverSpec spec;
    spec.path = lever.path();
    spec.also_paths.assign(lever.also().begin(), lever.also().end());
    spec.label = lever.label().empty() ? lever.path() : lever.label();
    const int ways = (lever.values_size() > 0 ? 1 : 0) + (lever.choices_size() > 0 ? 1 : 0) +
                     (lever.has_range() ? 1 : 0) + (lever.has_int_range() ? 1 : 0);
    if (lever.path().empty()) {
        check.error(at, at + ": the lever's path is missing (a scenario field such as \"factory.capacity\")");
        return spec;
    }
    if (ways != 1) {
        check.error(at, at + " (" + lever.path() + "): give exactly one of values, choices, range or int_range (got " +
                            std::to_string(ways) + ")");
        return spec;
    }
    const pb::FieldDescriptor* field = nullptr;
    try {
        field = lever_field(lever.path());
    } catch (const InputError& e) {
        check.error(at + ".path", at + ".path: " + e.what());
        return spec;
    }
    spec.integer_field = field != nullptr && is_integer_type(field);
    const bool numeric = field != nullptr && is_number_type(field);
    if (lever.values_size() > 0) {
        spec.kind = LeverKind::Discrete;
        for (const double value : lever.values()) {
            spec.levels.push_back(format_double(value));
        }
    } else if (lever.choices_size() > 0) {
        spec.kind = LeverKind::Discrete;
        spec.levels.assign(lever.choices().begin(), lever.choices().end());
    } else if (lever.has_range()) {
        spec.kind = LeverKind::Range;
        spec.min = lever.range().min();
        spec.max = lever.range().max();
        if (field != nullptr && !numeric) {
            check.error(at + ".range",
                        at + ".range: " + lever.path() + " is not a number; list its levels in `choices`");
        }
        if (!(spec.min <= spec.max)) {
            check.error(at + ".range",
                        at + ".range: min " + format_double(spec.min) + " is above max " + format_double(spec.max));
        }
    } else {
        spec.kind = LeverKind::IntRange;
        spec.step = lever.int_range().step() == 0 ? 1 : lever.int_range().step();
        spec.min = static_cast<double>(lever.int_range().min());
        spec.max = static_cast<double>(lever.int_range().max());
        if (field != nullptr && !numeric) {
            check.error(at + ".int_range",
                        at + ".int_range: " + lever.path() + " is not a number; list its levels in `choices`");
        }
        if (spec.step < 0) {
            check.error(at + ".int_range.step", at + ".int_range.step: must be > 0, got " + std::to_string(spec.step));
            spec.step = 1;
        }
        if (lever.int_range().min() > lever.int_range().max()) {
            check.error(at + ".int_range", at + ".int_range: min " + std::to_string(lever.int_range().min()) +
                                               " is above max " + std::to_string(lever.int_range().max()));
        }
    }
    return spec;
}

/// The lever's values worth trying against each scenario: every level, or a range's two ends,
/// each with the study path of where it was written.
std::vector<std::pair<std::string, std::string>> values_to_check(const LeverSpec& spec, const std::string& at) {
    std::vector<std::pair<std::string, std::string>> out;
    switch (spec.kind) {
    case LeverKind::Discrete:
        for (std::size_t i = 0; i < spec.levels.size(); ++i) {
            const char* list = "values";
            out.emplace_back(at + "." + list + "[" + std::to_string(i) + "]", spec.levels[i]);
        }
        break;
    case LeverKind::Range:
        out.emplace_back(at + ".range.min", spec.value_at(0));
        out.emplace_back(at + ".range.max", spec.value_at(1));
        break;
    case LeverKind::IntRange:
        out.emplace_back(at + ".int_range.min", spec.value_at(0));
        out.emplace_back(at + ".int_range.max", spec.value_at(1));
        break;
    }
    return out;
}

void check_design(StudySpec& spec, Checker& check) {
    study::Study& m = spec.message;
    if (m.design() == study::DESIGN_UNSPECIFIED) {
        m.set_design(study::FULL_FACTORIAL);
    }
    const std::size_t k = spec.levers.size();
    const std::string name = design_name(m.design());
    if (m.design() != study::FULL_FACTORIAL && k == 0) {
        check.error("design", "design: " + name + " needs at least one lever");
    }
    if ((m.design() == study::MORRIS || m.design() == study::SOBOL) && spec.scenarios.size() > 1) {
        check.error("scenarios", "scenarios: a categorical factor over scenarios works with FULL_FACTORIAL and "
                                 "LATIN_HYPERCUBE designs; run one " +
                                     name + " study per scenario");
    }
    if (m.grid_levels() == 0) {
        m.set_grid_levels(kDefaultGridLevels);
    } else if (m.grid_levels() < 2) {
        check.error("grid_levels", "grid_levels: must be >= 2 (points of each range, ends included), got " +
                                       std::to_string(m.grid_levels()));
    }
    if ((m.design() == study::LATIN_HYPERCUBE || m.design() == study::SOBOL) && m.samples() == 0) {
        check.error("design", "design: " + name + " needs `samples` (> 0)");
    }
    if (m.trajectories() == 0) {
        m.set_trajectories(kDefaultTrajectories);
    }
    if (m.levels() == 0) {
        m.set_levels(kDefaultMorrisLevels);
    } else if (m.levels() < 2 || m.levels() % 2 != 0) {
        check.error("levels",
                    "levels: the Morris grid needs an even number of levels >= 2, got " + std::to_string(m.levels()));
    }
    if (m.replications() == 0) {
        m.set_replications(1);
    }
    if (m.bootstrap() == 0) {
        m.set_bootstrap(kDefaultBootstrap);
    }
    spec.replications = m.replications();

    // Count the runs before anything is allocated for them.
    long double points = static_cast<long double>(spec.scenarios.size());
    switch (m.design()) {
    case study::FULL_FACTORIAL:
        for (std::size_t i = 0; i < k; ++i) {
            const LeverSpec& lever = spec.levers[i];
            const std::uint64_t n =
                lever.kind == LeverKind::Range ? m.grid_levels() : std::max<std::uint64_t>(1, lever.level_count());
            if (n > kMaxFactorialLevels) {
                check.error("levers[" + std::to_string(i) + "]",
                            "levers[" + std::to_string(i) + "]: " + std::to_string(n) +
                                " levels in a full factorial; use a step, a range with grid_levels, or "
                                "LATIN_HYPERCUBE");
            }
            points *= static_cast<long double>(n);
        }
        break;
    case study::LATIN_HYPERCUBE:
        points *= m.samples();
        break;
    case study::MORRIS:
        points = static_cast<long double>(m.trajectories()) * static_cast<long double>(k + 1);
        break;
    case study::SOBOL:
        points = static_cast<long double>(m.samples()) * static_cast<long double>(k + 2);
        break;
    default:
        check.error("design", "design: unknown design " + std::to_string(m.design()));
    }
    if (points * m.replications() > kMaxRuns) {
        check.error("design", "design: " + name + " gives " + std::to_string(static_cast<double>(points)) +
                                  " points x " + std::to_string(m.replications()) + " replications, more than " +
                                  std::to_string(kMaxRuns) + " runs");
    }
}

} // namespace

// ---------------------------------------------------------------------------------------------

std::string format_double(double value) {
    if (std::isnan(value)) {
        return "nan";
    }
    if (std::isinf(value)) {
        return value > 0 ? "inf" : "-inf";
    }
    if (value == 0) {
        return "0"; // also for -0: a sign on zero is noise in a table
    }
    if (std::floor(value) == value && std::fabs(value) < 9007199254740992.0) {
        return std::to_string(static_cast<long long>(value));
    }
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

std::uint64_t LeverSpec::level_count() const {
    switch (kind) {
    case LeverKind::Discrete:
        return levels.size();
    case LeverKind::IntRange:
        return max < min ? 0 : static_cast<std::uint64_t>((max - min) / static_cast<double>(step)) + 1;
    case LeverKind::Range:
        break;
    }
    return 0;
}

std::string LeverSpec::value_at(double u) const {
    u = std::clamp(u, 0.0, 1.0);
    if (kind == LeverKind::Range) {
        const double value = u >= 1 ? max : min + u * (max - min);
        if (integer_field) {
            return format_double(std::round(value));
        }
        // Six significant digits: readable in tables, far finer than any lever's effect.
        char text[32];
        std::snprintf(text, sizeof text, "%.6g", value);
        return format_double(std::clamp(std::strtod(text, nullptr), min, max));
    }
    const std::uint64_t n = level_count();
    if (n == 0) {
        return {};
    }
    const auto index = std::min<std::uint64_t>(n - 1, static_cast<std::uint64_t>(u * static_cast<double>(n)));
    if (kind == LeverKind::Discrete) {
        return levels[index];
    }
    return std::to_string(static_cast<std::int64_t>(min) + static_cast<std::int64_t>(index) * step);
}

std::vector<std::string> LeverSpec::assignments(const std::string& value) const {
    std::vector<std::string> out = {path + "=" + value};
    for (const std::string& other : also_paths) {
        out.push_back(other + "=" + value);
    }
    return out;
}

std::vector<std::string> LeverSpec::factorial_levels(std::uint32_t grid) const {
    std::vector<std::string> out;
    if (kind == LeverKind::Range) {
        for (std::uint32_t i = 0; i < grid; ++i) {
            const std::string value = value_at(grid < 2 ? 0.0 : static_cast<double>(i) / (grid - 1));
            if (out.empty() || out.back() != value) { // rounding may merge neighbours on integer fields
                out.push_back(value);
            }
        }
        return out;
    }
    if (kind == LeverKind::Discrete) {
        return levels;
    }
    for (std::uint64_t i = 0, n = level_count(); i < n; ++i) {
        out.push_back(std::to_string(static_cast<std::int64_t>(min) + static_cast<std::int64_t>(i) * step));
    }
    return out;
}

StudySpec parse_study(std::string text, std::string file, const std::filesystem::path& directory) {
    StudySpec spec;
    spec.file = file;
    spec.source = parse_text_message(std::move(text), std::move(file), spec.message);
    Checker check{spec.message, spec.source, {}};
    const study::Study& m = spec.message;

    // Scenarios: base first, then the categorical factor's entries.
    std::vector<std::pair<std::string, std::string>> entries; // study path, file or built-in
    if (m.base().empty() && m.scenarios_size() == 0) {
        check.error("", "the study names no scenario: set `base` (a file relative to the study, or a built-in "
                        "name such as \"mashhad_baseline\") or list `scenarios`");
    }
    if (!m.base().empty()) {
        entries.emplace_back("base", m.base());
    }
    for (int i = 0; i < m.scenarios_size(); ++i) {
        entries.emplace_back("scenarios[" + std::to_string(i) + "]", m.scenarios(i));
    }
    std::set<std::string> labels;
    for (const auto& [at, entry] : entries) {
        std::vector<std::string> files;
        try {
            files = expand_scenario(entry, directory);
        } catch (const InputError& e) {
            check.error(at, at + ": " + e.what());
            continue;
        }
        for (const std::string& scenario_file : files) {
            try {
                ScenarioLevel level{.label = {}, .loaded = agents::load_scenario(scenario_file)};
                std::string label = level.loaded.scenario.name();
                if (label.empty() || labels.count(label) > 0) {
                    label = std::filesystem::path(scenario_file).stem().string();
                }
                while (labels.count(label) > 0) {
                    label += "'";
                }
                labels.insert(label);
                level.label = label;
                spec.scenarios.push_back(std::move(level));
            } catch (const InputError& e) {
                check.error(at, at + " (" + scenario_file + ") does not load:\n" + e.what());
            }
        }
    }

    // KPIs.
    if (m.kpis_size() == 0) {
        for (const io::KpiInfo& kpi : io::kKpis) {
            spec.kpis.emplace_back(kpi.name);
        }
    }
    for (int i = 0; i < m.kpis_size(); ++i) {
        const std::string at = "kpis[" + std::to_string(i) + "]";
        if (!is_known_kpi(m.kpis(i))) {
            check.error(at, at + ": unknown KPI '" + m.kpis(i) + "'; expected one of: " + kpi_list());
        } else if (std::find(spec.kpis.begin(), spec.kpis.end(), m.kpis(i)) != spec.kpis.end()) {
            check.error(at, at + ": KPI '" + m.kpis(i) + "' is listed twice");
        } else {
            spec.kpis.push_back(m.kpis(i));
        }
    }

    // Levers: shape, then every value against every scenario's schema.
    std::set<std::string> paths;
    for (int i = 0; i < m.levers_size(); ++i) {
        const std::string at = "levers[" + std::to_string(i) + "]";
        LeverSpec lever = resolve_lever(m.levers(i), at, check);
        if (lever.path.empty()) {
            continue;
        }
        if (!paths.insert(lever.path).second) {
            check.error(at + ".path", at + ".path: " + lever.path + " is varied by an earlier lever already");
            continue;
        }
        bool duplicate = false;
        for (std::size_t a = 0; a < lever.also_paths.size(); ++a) {
            if (!paths.insert(lever.also_paths[a]).second) {
                const std::string also = at + ".also[" + std::to_string(a) + "]";
                check.error(also, also + ": " + lever.also_paths[a] + " is varied by another lever already");
                duplicate = true;
            }
        }
        if (duplicate) {
            continue;
        }
        bool known_field = false;
        try {
            known_field = lever_field(lever.path) != nullptr;
        } catch (const InputError&) {
            known_field = false; // a malformed path was reported above
        }
        bool reported = false;
        for (const ScenarioLevel& level : spec.scenarios) {
            for (const auto& [where, value] : values_to_check(lever, at)) {
                if (reported) {
                    break;
                }
                scenario::Scenario copy = level.loaded.scenario;
                int also = -1; // which field failed: -1 the lever's path, else also[also]
                try {
                    io::apply_override(copy, lever.path, value);
                    for (also = 0; also < static_cast<int>(lever.also_paths.size()); ++also) {
                        io::apply_override(copy, lever.also_paths[static_cast<std::size_t>(also)], value);
                    }
                } catch (const InputError& e) {
                    if (also >= 0) {
                        const std::string field = at + ".also[" + std::to_string(also) + "]";
                        check.error(field, field + " (= " + value + " in scenario '" + level.label + "'): " + e.what());
                    } else if (!known_field) {
                        check.error(at + ".path", at + ".path: " + e.what());
                    } else {
                        // Choices are written under `choices`, not `values`.
                        std::string located = where;
                        if (m.levers(i).choices_size() > 0) {
                            located.replace(located.find(".values["), 8, ".choices[");
                        }
                        check.error(located, located + " (" + lever.path + " = " + value + " in scenario '" +
                                                 level.label + "'): " + e.what());
                    }
                    reported = true; // one message per lever: the same fault would repeat per scenario
                }
            }
        }
        spec.levers.push_back(std::move(lever));
    }

    check_design(spec, check);

    // Seeds.
    const study::SeedPolicy& seeds = m.seeds();
    spec.common_random_numbers = !seeds.independent_points();
    spec.base_seed = seeds.base_seed() != 0   ? seeds.base_seed()
                     : spec.scenarios.empty() ? 1
                                              : agents::effective_seed(spec.scenarios.front().loaded, 0);
    spec.design_seed = seeds.design_seed() != 0 ? seeds.design_seed() : spec.base_seed;
    spec.monthly = m.monthly();

    io::throw_if_errors(check.errors);

    // What a resumed sweep must match: the study and every scenario as resolved.
    std::string identity = spec.source.text();
    for (const ScenarioLevel& level : spec.scenarios) {
        std::string printed;
        pb::TextFormat::PrintToString(level.loaded.scenario, &printed);
        identity += '\0' + level.label + '\0' + printed;
    }
    spec.sha256 = io::sha256_hex(identity);
    return spec;
}

StudySpec load_study(const std::filesystem::path& path) {
    return parse_study(read_text(path), path.string(), path.parent_path());
}

} // namespace innosim::studies

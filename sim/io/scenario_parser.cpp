#include "sim/io/scenario_parser.hpp"

#include "sim/calendar.hpp"
#include "sim/input_error.hpp"
#include "sim/io/json.hpp"
#include "sim/io/overrides.hpp"
#include "sim/proto/options.pb.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/tokenizer.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>

namespace innosim::io {

namespace {

namespace pb = google::protobuf;
using ParseInfoTree = pb::TextFormat::ParseInfoTree;

std::string format_number(long double value) {
    if (std::isnan(value)) {
        return "nan";
    }
    if (std::isinf(value)) {
        return value > 0 ? "inf" : "-inf";
    }
    if (std::floor(value) == value && std::fabs(value) < 1e18L) {
        return std::to_string(static_cast<long long>(value));
    }
    return json_number(static_cast<double>(value));
}

struct Walk {
    const ParsedScenario* parsed;
    std::vector<std::string>& errors;

    void message(const pb::Message& m, const ParseInfoTree* tree, const std::string& prefix, Location parent) {
        const pb::Descriptor& descriptor = *m.GetDescriptor();
        const pb::Reflection& r = *m.GetReflection();
        for (int i = 0; i < descriptor.field_count(); ++i) {
            const pb::FieldDescriptor* field = descriptor.field(i);
            const std::string name = prefix + field->name();
            const bool is_message = field->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE;
            if (field->is_repeated()) {
                for (int j = 0, n = r.FieldSize(m, field); j < n; ++j) {
                    const Location at = locate(tree, field, j, parent);
                    const std::string element = name + "[" + std::to_string(j) + "]";
                    if (is_message) {
                        message(r.GetRepeatedMessage(m, field, j), nested(tree, field, j), element + ".", at);
                    } else {
                        check(m, field, j, element, at);
                    }
                }
                continue;
            }
            const Location at = locate(tree, field, -1, parent);
            if (is_message) {
                if (r.HasField(m, field)) {
                    message(r.GetMessage(m, field), nested(tree, field, -1), name + ".", at);
                }
            } else if (r.HasField(m, field) || at.line != parent.line || at.column != parent.column) {
                // Unset proto3 scalars mean "the model's default"; check them only if written.
                check(m, field, -1, name, at);
            }
        }
    }

    Location locate(const ParseInfoTree* tree, const pb::FieldDescriptor* field, int index, Location parent) const {
        if (tree == nullptr || parsed == nullptr) {
            return parent;
        }
        const Location at = parsed->source.map(tree->GetLocation(field, index));
        return at.known() ? at : parent;
    }

    static const ParseInfoTree* nested(const ParseInfoTree* tree, const pb::FieldDescriptor* field, int index) {
        return tree == nullptr ? nullptr : tree->GetTreeForNested(field, index);
    }

    void check(const pb::Message& m, const pb::FieldDescriptor* field, int index, const std::string& path,
               Location at) {
        if (const auto problem = field_problem(m, field, index)) {
            const std::string prefix = parsed == nullptr ? "" : parsed->source.where(at) + ": ";
            errors.push_back(prefix + path + ": " + *problem);
        }
    }
};

/// Orders "file:line:col: ..." messages as they appear in the file (the walk goes in schema order);
/// messages without a location come first, in their original order.
void sort_by_location_impl(std::vector<std::string>& errors, const std::string& file) {
    const auto key = [&file](const std::string& error) -> std::pair<long, long> {
        if (!error.starts_with(file + ":")) {
            return {0, 0};
        }
        char* end = nullptr;
        const long line = std::strtol(error.c_str() + file.size() + 1, &end, 10);
        const long column = *end == ':' ? std::strtol(end + 1, nullptr, 10) : 0;
        return {line, column};
    };
    std::stable_sort(errors.begin(), errors.end(),
                     [&key](const std::string& a, const std::string& b) { return key(a) < key(b); });
}

} // namespace

// ---------------------------------------------------------------------------------------------

void sort_errors(std::vector<std::string>& errors, const std::string& file) {
    sort_by_location_impl(errors, file);
}

Location ParsedScenario::locate(std::string_view dotted_path) const {
    return locate_field(scenario, locations.get(), source, dotted_path);
}

std::string ParsedScenario::where(std::string_view dotted_path) const {
    return source.where(locate(dotted_path));
}

std::optional<std::string> field_problem(const pb::Message& message, const pb::FieldDescriptor* field, int index) {
    const pb::Reflection& r = *message.GetReflection();
    const pb::FieldOptions& options = field->options();
    const bool repeated = index >= 0;
    if (field->cpp_type() == pb::FieldDescriptor::CPPTYPE_STRING) {
        if (!options.GetExtension(innosim::options::jalali_date)) {
            return std::nullopt;
        }
        const std::string text = repeated ? r.GetRepeatedString(message, field, index) : r.GetString(message, field);
        try {
            sim::parse_jalali(text);
        } catch (const InputError& e) {
            // parse_jalali's reason starts with "'text': "; the caller names the value already.
            std::string_view reason = e.what();
            if (const std::string echo = "'" + text + "': "; reason.starts_with(echo)) {
                reason.remove_prefix(echo.size());
            }
            if (reason.starts_with("is ")) {
                return json_quote(text) + " " + std::string(reason); // "is a Gregorian date; ..."
            }
            return json_quote(text) + " is not a Solar Hijri date: " + std::string(reason);
        }
        return std::nullopt;
    }
    const bool has_min = options.HasExtension(innosim::options::min);
    const bool has_max = options.HasExtension(innosim::options::max);
    if (!has_min && !has_max) {
        return std::nullopt;
    }
    long double value = 0;
    switch (field->cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_INT32:
        value = repeated ? r.GetRepeatedInt32(message, field, index) : r.GetInt32(message, field);
        break;
    case pb::FieldDescriptor::CPPTYPE_INT64:
        value =
            static_cast<long double>(repeated ? r.GetRepeatedInt64(message, field, index) : r.GetInt64(message, field));
        break;
    case pb::FieldDescriptor::CPPTYPE_UINT32:
        value = repeated ? r.GetRepeatedUInt32(message, field, index) : r.GetUInt32(message, field);
        break;
    case pb::FieldDescriptor::CPPTYPE_UINT64:
        value = static_cast<long double>(repeated ? r.GetRepeatedUInt64(message, field, index)
                                                  : r.GetUInt64(message, field));
        break;
    case pb::FieldDescriptor::CPPTYPE_DOUBLE:
        value = repeated ? r.GetRepeatedDouble(message, field, index) : r.GetDouble(message, field);
        break;
    case pb::FieldDescriptor::CPPTYPE_FLOAT:
        value = repeated ? r.GetRepeatedFloat(message, field, index) : r.GetFloat(message, field);
        break;
    default:
        return std::nullopt; // ranges only apply to numbers
    }
    const long double min = options.GetExtension(innosim::options::min);
    const long double max = options.GetExtension(innosim::options::max);
    // Written so that NaN fails both comparisons.
    if ((!has_min || value >= min) && (!has_max || value <= max)) {
        return std::nullopt;
    }
    return format_number(value) + " is out of range; expected " + expected_value(*field);
}

std::vector<std::string> validate_ranges(const pb::Message& message, const ParsedScenario* parsed) {
    std::vector<std::string> errors;
    Walk walk{parsed, errors};
    const ParseInfoTree* tree = parsed != nullptr ? parsed->locations.get() : nullptr;
    walk.message(message, tree, "", Location{});
    return errors;
}

std::vector<std::string> validate_levers(const ParsedScenario& parsed, const scenario::Scenario& target) {
    std::vector<std::string> errors;
    scenario::Scenario levered = target;
    const scenario::Scenario& declared = parsed.scenario;
    for (int i = 0; i < declared.overrides_size(); ++i) {
        const std::string name = "overrides[" + std::to_string(i) + "]";
        std::pair<std::string, std::string> assignment;
        try {
            assignment = split_assignment(declared.overrides(i));
        } catch (const InputError& e) {
            errors.push_back(parsed.where(name) + ": " + name + ": " + e.what());
            continue;
        }
        try {
            apply_override(levered, assignment.first, assignment.second); // later levers see earlier ones
        } catch (const InputError& e) {
            errors.push_back(parsed.where(name) + ": " + name + ": " + declared.overrides(i) + ": " + e.what());
        }
    }
    for (int i = 0; i < declared.interventions_size(); ++i) {
        const auto& intervention = declared.interventions(i);
        const std::string name = "interventions[" + std::to_string(i) + "]";
        if (intervention.path().empty()) {
            errors.push_back(parsed.where(name) + ": " + name +
                             ".path: the lever is missing; expected path: \"FIELD\", e.g. path: \"factory.capacity\"");
            continue;
        }
        scenario::Scenario copy = levered;
        try {
            apply_override(copy, intervention.path(), intervention.value());
        } catch (const LeverError& e) {
            const std::string field = name + (e.part() == LeverError::Part::Path ? ".path" : ".value");
            errors.push_back(parsed.where(field) + ": " + field + ": " + e.what());
        } catch (const InputError& e) {
            errors.push_back(parsed.where(name + ".path") + ": " + name + ".path: " + e.what());
        }
    }
    return errors;
}

std::vector<std::string> validate_scenario(const ParsedScenario& parsed) {
    std::vector<std::string> errors = validate_ranges(parsed.scenario, &parsed);
    if (parsed.scenario.base().empty()) {
        const auto levers = validate_levers(parsed, parsed.scenario);
        errors.insert(errors.end(), levers.begin(), levers.end());
        return errors;
    }
    // A variant's levers name the base's elements: check their syntax now, the rest once merged.
    const auto check_syntax = [&](const std::string& name, const std::function<void()>& check) {
        try {
            check();
        } catch (const InputError& e) {
            errors.push_back(parsed.where(name) + ": " + name + ": " + e.what());
        }
    };
    for (int i = 0; i < parsed.scenario.overrides_size(); ++i) {
        check_syntax("overrides[" + std::to_string(i) + "]",
                     [&] { parse_field_path(split_assignment(parsed.scenario.overrides(i)).first); });
    }
    for (int i = 0; i < parsed.scenario.interventions_size(); ++i) {
        check_syntax("interventions[" + std::to_string(i) + "].path",
                     [&] { parse_field_path(parsed.scenario.interventions(i).path()); });
    }
    return errors;
}

void throw_if_errors(const std::vector<std::string>& errors) {
    if (errors.empty()) {
        return;
    }
    std::string message;
    const std::size_t shown = std::min(errors.size(), kMaxReportedErrors);
    for (std::size_t i = 0; i < shown; ++i) {
        message += (i == 0 ? "" : "\n") + errors[i];
    }
    if (errors.size() > shown) {
        message += "\n... and " + std::to_string(errors.size() - shown) + " more errors";
    }
    throw InputError(message);
}

ParsedScenario parse_scenario_text(std::string text, std::string file, const ScenarioCheck& extra_checks,
                                   std::vector<std::string>& errors) {
    ParsedScenario parsed;
    parsed.source = TextSource(std::move(file), std::move(text));
    auto tree = std::make_shared<ParseInfoTree>();
    std::vector<std::string> found;
    const bool syntax_ok = parse_text_format(parsed.source, parsed.scenario, tree.get(), found);
    parsed.locations = std::move(tree);
    if (!syntax_ok) {
        found.insert(found.begin(), errors.begin(), errors.end());
        sort_errors(found, parsed.file());
        throw_if_errors(found);
    }
    const std::vector<std::string> checks = validate_scenario(parsed);
    found.insert(found.end(), checks.begin(), checks.end());
    if (extra_checks) {
        extra_checks(parsed, found);
    }
    errors.insert(errors.end(), found.begin(), found.end());
    return parsed;
}

ParsedScenario parse_scenario_text(std::string text, std::string file, const ScenarioCheck& extra_checks) {
    std::vector<std::string> errors;
    ParsedScenario parsed = parse_scenario_text(std::move(text), std::move(file), extra_checks, errors);
    sort_errors(errors, parsed.file());
    throw_if_errors(errors);
    return parsed;
}

ParsedScenario load_scenario_file(const std::filesystem::path& path, const ScenarioCheck& extra_checks) {
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) {
        throw InputError("cannot read " + path.string() + ": it is a directory");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw InputError("cannot read " + path.string() + ": " + std::strerror(errno));
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) {
        throw InputError("cannot read " + path.string() + ": " + std::strerror(errno));
    }
    return parse_scenario_text(std::move(text).str(), path.string(), extra_checks);
}

} // namespace innosim::io

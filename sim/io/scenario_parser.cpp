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

constexpr int kTabWidth = 8; // protobuf's tokenizer advances its column to the next multiple of 8 on a tab

std::string_view line_of(std::string_view text, int line0) {
    std::size_t start = 0;
    for (int i = 0; i < line0; ++i) {
        start = text.find('\n', start);
        if (start == std::string_view::npos) {
            return {};
        }
        ++start;
    }
    const std::size_t end = text.find('\n', start);
    return text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

/// 0-based character index on `line` of protobuf's 0-based (tab-expanded) column.
int char_index(std::string_view line, int visual_column) {
    int visual = 0;
    int index = 0;
    for (; index < static_cast<int>(line.size()) && visual < visual_column; ++index) {
        visual = line[static_cast<std::size_t>(index)] == '\t' ? visual + kTabWidth - visual % kTabWidth : visual + 1;
    }
    return index + std::max(0, visual_column - visual);
}

Location to_location(std::string_view text, const pb::TextFormat::ParseLocation& at) {
    if (at.line < 0) {
        return {};
    }
    return {at.line + 1, char_index(line_of(text, at.line), at.column) + 1};
}

std::string where(const std::string& file, Location at) {
    return at.known() ? file + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) : file;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = up;
        }
    }
    return row[b.size()];
}

/// Adds to protobuf's message what a planner needs to fix the line: the field the value belongs
/// to, or for an unknown field the closest valid name.
std::string explain(std::string_view line, int column, const std::string& message) {
    static const std::regex kUnknownField(R"re(Message type "([\w.]+)" has no field named "(\w+)")re");
    std::smatch match;
    if (std::regex_search(message, match, kUnknownField)) {
        const pb::Descriptor* type = pb::DescriptorPool::generated_pool()->FindMessageTypeByName(match[1].str());
        if (type == nullptr) {
            return message;
        }
        const std::string unknown = match[2].str();
        std::string best;
        std::size_t best_distance = std::max<std::size_t>(2, unknown.size() / 3) + 1;
        std::vector<std::string> names;
        for (int i = 0; i < type->field_count(); ++i) {
            const std::string& name = type->field(i)->name();
            names.push_back(name);
            if (const std::size_t d = edit_distance(unknown, name); d < best_distance) {
                best = name;
                best_distance = d;
            }
        }
        if (!best.empty()) {
            return message + " Did you mean \"" + best + "\"?";
        }
        std::string list;
        for (const auto& name : names) {
            list += (list.empty() ? "" : ", ") + name;
        }
        return message + " Valid fields: " + list + ".";
    }
    std::string text = message;
    if (text.ends_with("got: -")) {
        text += " (this field cannot be negative)";
    }
    // A bad value: name the field it was meant for ("capacity: \"abc\"" -> capacity).
    const std::string_view before = line.substr(0, std::min(line.size(), static_cast<std::size_t>(column)));
    static const std::regex kFieldBeforeValue(R"((\w+)\s*:\s*\[?[^:]*$)");
    const std::string before_text(before);
    if (std::regex_search(before_text, match, kFieldBeforeValue)) {
        return "field '" + match[1].str() + "': " + text;
    }
    return text;
}

class CollectErrors : public pb::io::ErrorCollector {
public:
    CollectErrors(const std::string& file, std::string_view text, std::vector<std::string>& errors)
        : file_(file), text_(text), errors_(errors) {}

    void AddError(int line, pb::io::ColumnNumber column, const std::string& message) override {
        if (line < 0) {
            errors_.push_back(file_ + ": " + message);
            return;
        }
        const std::string_view source = line_of(text_, line);
        int index = char_index(source, column);
        // Protobuf reports an unknown field after its name; point at the name itself.
        static const std::regex kUnknownName(R"re(has no field named "(\w+)")re");
        if (std::smatch match; std::regex_search(message, match, kUnknownName)) {
            const std::size_t at = source.rfind(match[1].str(), static_cast<std::size_t>(index));
            if (at != std::string_view::npos) {
                index = static_cast<int>(at);
            }
        }
        std::string error = where(file_, {line + 1, index + 1}) + ": " + explain(source, index, message);
        // Show the line with a caret under the column (tabs kept so the caret lines up).
        std::string caret;
        for (int i = 0; i < index && i < static_cast<int>(source.size()); ++i) {
            caret += source[static_cast<std::size_t>(i)] == '\t' ? '\t' : ' ';
        }
        error += "\n    " + std::string(source) + "\n    " + caret + "^";
        errors_.push_back(std::move(error));
    }

private:
    const std::string& file_;
    std::string_view text_;
    std::vector<std::string>& errors_;
};

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
        const Location at = to_location(parsed->text, tree->GetLocation(field, index));
        return at.known() ? at : parent;
    }

    static const ParseInfoTree* nested(const ParseInfoTree* tree, const pb::FieldDescriptor* field, int index) {
        return tree == nullptr ? nullptr : tree->GetTreeForNested(field, index);
    }

    void check(const pb::Message& m, const pb::FieldDescriptor* field, int index, const std::string& path,
               Location at) {
        if (const auto problem = field_problem(m, field, index)) {
            const std::string prefix = parsed == nullptr ? "" : where(parsed->file, at) + ": ";
            errors.push_back(prefix + path + " = " + *problem);
        }
    }
};

/// Orders "file:line:col: ..." messages as they appear in the file (the walk goes in schema order);
/// messages without a location come first, in their original order.
void sort_by_location(std::vector<std::string>& errors, const std::string& file) {
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

Location ParsedScenario::locate(std::string_view dotted_path) const {
    if (!locations) {
        return {};
    }
    std::vector<PathStep> steps;
    try {
        steps = parse_field_path(dotted_path);
    } catch (const InputError&) {
        return {};
    }
    const pb::Message* message = &scenario;
    const ParseInfoTree* tree = locations.get();
    Location best;
    for (const PathStep& step : steps) {
        const pb::FieldDescriptor* field = message->GetDescriptor()->FindFieldByName(step.field);
        if (field == nullptr || (step.selector && !field->is_repeated())) {
            break;
        }
        const bool is_message = field->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE;
        int index = -1;
        if (field->is_repeated()) {
            if (!step.selector) {
                index = 0; // the list as a whole: where its first element was written
            } else if (is_message) {
                try {
                    index = select_element(*message, field, *step.selector);
                } catch (const InputError&) {
                    break;
                }
            } else {
                index = std::atoi(step.selector->c_str());
            }
        }
        const Location at = to_location(text, tree->GetLocation(field, index));
        if (!at.known()) {
            break;
        }
        best = at;
        if (!is_message || (field->is_repeated() && !step.selector)) {
            break;
        }
        tree = tree->GetTreeForNested(field, index);
        const pb::Reflection& r = *message->GetReflection();
        message = index >= 0 ? &r.GetRepeatedMessage(*message, field, index) : &r.GetMessage(*message, field);
        if (tree == nullptr) {
            break;
        }
    }
    return best;
}

std::string ParsedScenario::where(std::string_view dotted_path) const {
    return io::where(file, locate(dotted_path));
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
    std::string problem = format_number(value) + " is out of range ";
    if (has_min && has_max) {
        problem += "[" + format_number(min) + ", " + format_number(max) + "]";
    } else if (has_min) {
        problem += "(must be >= " + format_number(min) + ")";
    } else {
        problem += "(must be <= " + format_number(max) + ")";
    }
    if (const std::string& unit = options.GetExtension(innosim::options::unit); !unit.empty()) {
        problem += " (" + unit + ")";
    }
    return problem;
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
        try {
            const auto [path, value] = split_assignment(declared.overrides(i));
            apply_override(levered, path, value); // later overrides and interventions see earlier ones
        } catch (const InputError& e) {
            errors.push_back(parsed.where(name) + ": " + name + ": " + e.what());
        }
    }
    for (int i = 0; i < declared.interventions_size(); ++i) {
        const auto& intervention = declared.interventions(i);
        const std::string name = "interventions[" + std::to_string(i) + "]";
        if (intervention.path().empty()) {
            errors.push_back(parsed.where(name) + ": " + name + ": the path of the lever to change is missing");
            continue;
        }
        scenario::Scenario copy = levered;
        try {
            apply_override(copy, intervention.path(), intervention.value());
        } catch (const InputError& e) {
            errors.push_back(parsed.where(name + ".path") + ": " + name + ": " + e.what());
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

ParsedScenario parse_scenario_text(std::string text, std::string file, const ScenarioCheck& extra_checks) {
    ParsedScenario parsed;
    parsed.file = std::move(file);
    parsed.text = std::move(text);
    auto tree = std::make_shared<ParseInfoTree>();
    std::vector<std::string> errors;
    CollectErrors collector(parsed.file, parsed.text, errors);
    pb::TextFormat::Parser parser;
    parser.RecordErrorsTo(&collector);
    parser.WriteLocationsTo(tree.get());
    if (!parser.ParseFromString(parsed.text, &parsed.scenario)) {
        if (errors.empty()) {
            errors.push_back(parsed.file + ": not a valid scenario");
        }
        throw_if_errors(errors);
    }
    parsed.locations = std::move(tree);
    errors = validate_scenario(parsed);
    if (extra_checks) {
        extra_checks(parsed, errors);
    }
    sort_by_location(errors, parsed.file);
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

#include "sim/io/overrides.hpp"

#include "sim/input_error.hpp"
#include "sim/io/number_text.hpp"
#include "sim/io/scenario_parser.hpp"
#include "sim/io/text_source.hpp"
#include "sim/proto/options.pb.h"
#include "sim/text.hpp"

#include <google/protobuf/descriptor.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <memory>
#include <type_traits>

namespace innosim::io {

namespace {

namespace pb = google::protobuf;

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool is_identifier_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

std::optional<std::size_t> parse_index(std::string_view text) {
    std::size_t index = 0;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), index);
    if (text.empty() || result.ec != std::errc{} || result.ptr != text.data() + text.size()) {
        return std::nullopt;
    }
    return index;
}

/// A whole number of type T in the one number grammar ("42", "5e12", "2_000", "۴۲"), or nothing.
template <class T> std::optional<T> parse_integer(std::string_view text) {
    if constexpr (std::is_signed_v<T>) {
        const auto value = parse_whole(text);
        if (!value || *value < std::numeric_limits<T>::min() || *value > std::numeric_limits<T>::max()) {
            return std::nullopt;
        }
        return static_cast<T>(*value);
    } else {
        const auto value = parse_whole_unsigned(text);
        if (!value || *value > std::numeric_limits<T>::max()) {
            return std::nullopt;
        }
        return static_cast<T>(*value);
    }
}

std::optional<bool> parse_bool(std::string_view text) {
    const std::string word = lower(text);
    if (word == "true" || word == "1" || word == "yes" || word == "on") {
        return true;
    }
    if (word == "false" || word == "0" || word == "no" || word == "off") {
        return false;
    }
    return std::nullopt;
}

[[noreturn]] void throw_value(const pb::FieldDescriptor& field, std::string_view value, const std::string& why) {
    const bool unreadable = why == "is not a number";
    throw LeverError(LeverError::Part::Value, "'" + std::string(value) + "' " + why + "; expected " +
                                                  expected_value(field) +
                                                  (unreadable ? ", " + std::string(kNumberExamples) : ""));
}

/// Why `text` is not a whole number that fits the field: "is not a number", "is below 0", ...
std::string integer_problem(const pb::FieldDescriptor& field, std::string_view text) {
    const bool is_unsigned = field.cpp_type() == pb::FieldDescriptor::CPPTYPE_UINT32 ||
                             field.cpp_type() == pb::FieldDescriptor::CPPTYPE_UINT64;
    if (const auto value = parse_whole(text); value && is_unsigned && *value < 0) {
        return "is below 0";
    }
    return whole_number_problem(text);
}

/// Parses `text` by the field's type and stores it (element `index` of a repeated field, or the field).
void set_scalar(pb::Message& message, const pb::FieldDescriptor* field, int index, std::string_view text) {
    const pb::Reflection& r = *message.GetReflection();
    const bool repeated = index >= 0;
    const auto require = [&](auto parsed) {
        if (!parsed) {
            throw_value(*field, text, integer_problem(*field, text));
        }
        return *parsed;
    };
    const auto require_real = [&](std::optional<double> parsed) {
        if (!parsed) {
            throw_value(*field, text, "is not a number");
        }
        return *parsed;
    };
    switch (field->cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_INT32: {
        const auto v = require(parse_integer<std::int32_t>(text));
        repeated ? r.SetRepeatedInt32(&message, field, index, v) : r.SetInt32(&message, field, v);
        break;
    }
    case pb::FieldDescriptor::CPPTYPE_INT64: {
        const auto v = require(parse_integer<std::int64_t>(text));
        repeated ? r.SetRepeatedInt64(&message, field, index, v) : r.SetInt64(&message, field, v);
        break;
    }
    case pb::FieldDescriptor::CPPTYPE_UINT32: {
        const auto v = require(parse_integer<std::uint32_t>(text));
        repeated ? r.SetRepeatedUInt32(&message, field, index, v) : r.SetUInt32(&message, field, v);
        break;
    }
    case pb::FieldDescriptor::CPPTYPE_UINT64: {
        const auto v = require(parse_integer<std::uint64_t>(text));
        repeated ? r.SetRepeatedUInt64(&message, field, index, v) : r.SetUInt64(&message, field, v);
        break;
    }
    case pb::FieldDescriptor::CPPTYPE_DOUBLE: {
        const auto v = require_real(parse_real(text));
        repeated ? r.SetRepeatedDouble(&message, field, index, v) : r.SetDouble(&message, field, v);
        break;
    }
    case pb::FieldDescriptor::CPPTYPE_FLOAT: {
        const auto v = static_cast<float>(require_real(parse_real(text)));
        repeated ? r.SetRepeatedFloat(&message, field, index, v) : r.SetFloat(&message, field, v);
        break;
    }
    case pb::FieldDescriptor::CPPTYPE_BOOL: {
        const auto parsed = parse_bool(text);
        if (!parsed) {
            throw_value(*field, text, "is not true or false");
        }
        const bool v = *parsed;
        repeated ? r.SetRepeatedBool(&message, field, index, v) : r.SetBool(&message, field, v);
        break;
    }
    case pb::FieldDescriptor::CPPTYPE_ENUM: {
        const pb::EnumDescriptor& type = *field->enum_type();
        const pb::EnumValueDescriptor* found = type.FindValueByName(std::string(text));
        for (int i = 0; found == nullptr && i < type.value_count(); ++i) {
            if (lower(type.value(i)->name()) == lower(text)) {
                found = type.value(i);
            }
        }
        if (found == nullptr) {
            const std::string suggestion = did_you_mean(text, enum_names(type));
            throw LeverError(LeverError::Part::Value, "'" + std::string(text) + "' is not a " + type.name() +
                                                          "; expected " + expected_value(*field) +
                                                          (suggestion.empty() ? "" : "; " + suggestion));
        }
        repeated ? r.SetRepeatedEnum(&message, field, index, found) : r.SetEnum(&message, field, found);
        break;
    }
    case pb::FieldDescriptor::CPPTYPE_STRING:
        repeated ? r.SetRepeatedString(&message, field, index, std::string(text))
                 : r.SetString(&message, field, std::string(text));
        break;
    case pb::FieldDescriptor::CPPTYPE_MESSAGE:
        throw std::logic_error("set_scalar on a message field");
    }
}

/// How a resolved path names an element: by its `name` when it has one (names are unique where
/// the scenario has them), else by index.
std::string element_name(const pb::Message& element, int index) {
    const pb::FieldDescriptor* name = element.GetDescriptor()->FindFieldByName("name");
    if (name != nullptr && name->cpp_type() == pb::FieldDescriptor::CPPTYPE_STRING && !name->is_repeated()) {
        const std::string& text = element.GetReflection()->GetString(element, name);
        if (!text.empty() && text.find_first_of("[]") == std::string::npos) {
            return text;
        }
    }
    return std::to_string(index);
}

[[noreturn]] void throw_path(const std::string& message) {
    throw LeverError(LeverError::Part::Path, message);
}

/// Sets the field `steps[i..]` names below `message` (`walked`: the path so far, for messages);
/// a "[*]" step sets it in every element.
/// With `resolved`, nothing is set: the concrete field paths ("departments[2].payment_delay_days")
/// are collected instead, and `concrete` is the path so far with indices for element names.
void apply_steps(pb::Message& message, const std::vector<PathStep>& steps, std::size_t i, const std::string& walked,
                 const std::string& concrete, std::string_view value, std::vector<std::string>* resolved) {
    const PathStep& step = steps[i];
    const bool last = i + 1 == steps.size();
    const pb::Descriptor& descriptor = *message.GetDescriptor();
    const pb::FieldDescriptor* field = descriptor.FindFieldByName(step.field);
    if (field == nullptr) {
        const std::vector<std::string> names = field_names(descriptor);
        const std::string suggestion = did_you_mean(step.field, names);
        throw_path((walked.empty() ? "the scenario" : walked) + " has no field '" + step.field + "'; " +
                   (suggestion.empty() ? "expected one of " + join_names(names) : suggestion));
    }
    const std::string name = (walked.empty() ? "" : walked + ".") + field->name();
    const bool is_message = field->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE;
    if (!field->is_repeated() && step.selector) {
        throw_path(name + " is not a list: remove [" + *step.selector + "]");
    }
    const pb::Reflection& r = *message.GetReflection();
    std::vector<int> indices = {-1};
    if (field->is_repeated()) {
        if (!step.selector) {
            throw_path(name + " is a list; expected " + name + "[index]" +
                       (is_message ? ", " + name + "[name]" : std::string()) + " or " + name + "[*] for all elements");
        }
        const int size = r.FieldSize(message, field);
        if (*step.selector == "*") {
            if (size == 0) {
                throw_path(name + "[*]: " + name + " has no elements");
            }
            indices.clear();
            for (int j = 0; j < size; ++j) {
                indices.push_back(j);
            }
        } else if (is_message) {
            try {
                indices = {select_element(message, field, *step.selector)};
            } catch (const LeverError&) {
                throw;
            } catch (const InputError& e) {
                throw_path(e.what());
            }
        } else {
            const auto parsed = parse_index(*step.selector);
            if (!parsed || *parsed >= static_cast<std::size_t>(size)) {
                throw_path(name + "[" + *step.selector + "]: no such element (" + std::to_string(size) + " elements" +
                           (size > 0 ? ", indices 0.." + std::to_string(size - 1) : "") + ")");
            }
            indices = {static_cast<int>(*parsed)};
        }
    }
    const std::string path = name + (step.selector ? "[" + *step.selector + "]" : "");
    if (is_message && last) {
        throw_path(path + " is a group of settings, not a single value; expected one of its fields: " +
                   join_names(field_names(*field->message_type())));
    }
    if (!is_message && !last) {
        throw_path(path + " is a single value; it has no field '" + steps[i + 1].field + "'");
    }
    for (const int index : indices) {
        // Built by append: GCC 12's -Wrestrict misfires on "literal" + std::string at -O3.
        std::string here = concrete;
        if (!here.empty()) {
            here += '.';
        }
        here += field->name();
        if (index >= 0) {
            here += '[';
            here +=
                is_message ? element_name(r.GetRepeatedMessage(message, field, index), index) : std::to_string(index);
            here += ']';
        }
        if (is_message) {
            pb::Message* child =
                index >= 0 ? r.MutableRepeatedMessage(&message, field, index) : r.MutableMessage(&message, field);
            apply_steps(*child, steps, i + 1, path, here, value, resolved);
            continue;
        }
        if (resolved != nullptr) {
            resolved->push_back(here);
            continue;
        }
        set_scalar(message, field, index, value);
        if (const auto problem = field_problem(message, field, index)) {
            throw LeverError(LeverError::Part::Value, *problem);
        }
    }
}

} // namespace

std::vector<PathStep> parse_field_path(std::string_view path) {
    const std::string_view text = trim(path);
    if (text.empty()) {
        throw InputError("empty field path");
    }
    std::vector<PathStep> steps;
    std::size_t i = 0;
    while (true) {
        const std::size_t start = i;
        while (i < text.size() && is_identifier_char(text[i])) {
            ++i;
        }
        if (i == start) {
            throw InputError("field path '" + std::string(text) + "': expected a field name at character " +
                             std::to_string(start + 1));
        }
        PathStep step{std::string(text.substr(start, i - start)), std::nullopt};
        if (i < text.size() && text[i] == '[') {
            const std::size_t close = text.find(']', i);
            if (close == std::string_view::npos) {
                throw InputError("field path '" + std::string(text) + "': '[' without ']'");
            }
            const std::string_view selector = trim(text.substr(i + 1, close - i - 1));
            if (selector.empty()) {
                throw InputError("field path '" + std::string(text) + "': empty []");
            }
            step.selector = std::string(selector);
            i = close + 1;
        }
        steps.push_back(std::move(step));
        if (i == text.size()) {
            return steps;
        }
        if (text[i] != '.') {
            throw InputError("field path '" + std::string(text) + "': unexpected '" + text[i] + "' at character " +
                             std::to_string(i + 1));
        }
        ++i;
    }
}

std::pair<std::string, std::string> split_assignment(std::string_view assignment) {
    int depth = 0;
    for (std::size_t i = 0; i < assignment.size(); ++i) {
        const char c = assignment[i];
        depth += c == '[' ? 1 : c == ']' ? -1 : 0;
        if (c == '=' && depth <= 0) {
            const std::string_view path = trim(assignment.substr(0, i));
            if (path.empty()) {
                break;
            }
            return {std::string(path), std::string(trim(assignment.substr(i + 1)))};
        }
    }
    throw InputError("'" + std::string(assignment) + "' is not an assignment PATH=VALUE (e.g. factory.capacity=120)");
}

int select_element(const pb::Message& parent, const pb::FieldDescriptor* field, std::string_view selector) {
    const pb::Reflection& r = *parent.GetReflection();
    const int size = r.FieldSize(parent, field);
    const std::string label = field->name() + "[" + std::string(selector) + "]";
    if (const auto index = parse_index(selector)) {
        if (*index >= static_cast<std::size_t>(size)) {
            throw InputError(label + ": no such element (" + std::to_string(size) + " elements" +
                             (size > 0 ? ", indices 0.." + std::to_string(size - 1) : "") + ")");
        }
        return static_cast<int>(*index);
    }
    const pb::FieldDescriptor* name_field = field->message_type()->FindFieldByName("name");
    if (name_field == nullptr || name_field->cpp_type() != pb::FieldDescriptor::CPPTYPE_STRING ||
        name_field->is_repeated()) {
        throw InputError(label + ": elements of " + field->name() + " have no name; select one by index");
    }
    std::vector<std::string> names;
    for (int i = 0; i < size; ++i) {
        const pb::Message& element = r.GetRepeatedMessage(parent, field, i);
        names.push_back(element.GetReflection()->GetString(element, name_field));
    }
    const auto pick = [&](auto matches) -> std::vector<int> {
        std::vector<int> found;
        for (int i = 0; i < size; ++i) {
            if (matches(names[static_cast<std::size_t>(i)])) {
                found.push_back(i);
            }
        }
        return found;
    };
    const std::string wanted = lower(selector);
    for (const auto& found : {pick([&](const std::string& n) { return n == selector; }),
                              pick([&](const std::string& n) { return lower(n) == wanted; }),
                              pick([&](const std::string& n) { return lower(n).starts_with(wanted); })}) {
        if (found.size() == 1) {
            return found.front();
        }
        if (found.size() > 1) {
            std::vector<std::string> matched;
            for (const int i : found) {
                matched.push_back(names[static_cast<std::size_t>(i)]);
            }
            throw LeverError(LeverError::Part::Path,
                             label + ": several elements match (" + join_names(matched) + "); expected one name");
        }
    }
    const std::string suggestion = did_you_mean(selector, names);
    throw LeverError(LeverError::Part::Path,
                     label + ": no element of " + field->name() + " is named '" + std::string(selector) + "'; " +
                         (!suggestion.empty() ? suggestion
                          : names.empty()     ? std::string("there are none")
                                              : "expected one of " + join_names(names) + ", an index or *"));
}

void apply_override(pb::Message& root, std::string_view path, std::string_view value) {
    std::vector<PathStep> steps;
    try {
        steps = parse_field_path(path);
    } catch (const LeverError&) {
        throw;
    } catch (const InputError& e) {
        throw LeverError(LeverError::Part::Path, e.what());
    }
    // Work on a copy so a failed override leaves the scenario untouched.
    const std::unique_ptr<pb::Message> copy(root.New());
    copy->CopyFrom(root);
    apply_steps(*copy, steps, 0, "", "", value, nullptr);
    root.GetReflection()->Swap(&root, copy.get());
}

std::vector<std::string> resolve_paths(const pb::Message& root, std::string_view path) {
    std::vector<PathStep> steps;
    try {
        steps = parse_field_path(path);
    } catch (const LeverError&) {
        throw;
    } catch (const InputError& e) {
        throw LeverError(LeverError::Part::Path, e.what());
    }
    const std::unique_ptr<pb::Message> copy(root.New()); // walking mutably may create empty sub-messages
    copy->CopyFrom(root);
    std::vector<std::string> out;
    apply_steps(*copy, steps, 0, "", "", "", &out);
    return out;
}

void apply_override(scenario::Scenario& scenario, std::string_view path, std::string_view value) {
    apply_override(static_cast<pb::Message&>(scenario), path, value);
}

// [SECTION] Levers in words

namespace {

std::string words_of(std::string_view name) {
    std::string out(name);
    std::replace(out.begin(), out.end(), '_', ' ');
    return out;
}

std::string singular(std::string_view plural) {
    std::string word = words_of(plural);
    if (word.ends_with("ies")) {
        return word.substr(0, word.size() - 3) + "y";
    }
    if (word.ends_with("s")) {
        word.pop_back();
    }
    return word;
}

/// The field's name without the unit words its value will carry ("payment_delay_days" with unit
/// "days" -> "payment delay"; "capital_per_year_rial" -> "capital").
std::string field_words(const pb::FieldDescriptor& field) {
    static const std::vector<std::string> kUnitWords = {"days",  "months", "rial", "teams", "people",
                                                        "firms", "bids",   "per",  "year",  "month"};
    const std::string unit = [&] {
        std::string u = field.options().GetExtension(options::unit);
        std::transform(u.begin(), u.end(), u.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        return u;
    }();
    std::vector<std::string> parts;
    std::string part;
    for (const char c : field.name() + "_") {
        if (c == '_') {
            parts.push_back(part);
            part.clear();
        } else {
            part += c;
        }
    }
    while (parts.size() > 1 && std::find(kUnitWords.begin(), kUnitWords.end(), parts.back()) != kUnitWords.end() &&
           unit.find(parts.back()) != std::string::npos) {
        parts.pop_back();
    }
    std::string out;
    for (const std::string& p : parts) {
        out += (out.empty() ? "" : " ") + p;
    }
    return out;
}

std::string scalar_text(const pb::Message& message, const pb::FieldDescriptor& field, int index) {
    const pb::Reflection& r = *message.GetReflection();
    const bool repeated = index >= 0;
    char buffer[64];
    switch (field.cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_INT32:
        return std::to_string(repeated ? r.GetRepeatedInt32(message, &field, index) : r.GetInt32(message, &field));
    case pb::FieldDescriptor::CPPTYPE_INT64:
        return std::to_string(repeated ? r.GetRepeatedInt64(message, &field, index) : r.GetInt64(message, &field));
    case pb::FieldDescriptor::CPPTYPE_UINT32:
        return std::to_string(repeated ? r.GetRepeatedUInt32(message, &field, index) : r.GetUInt32(message, &field));
    case pb::FieldDescriptor::CPPTYPE_UINT64:
        return std::to_string(repeated ? r.GetRepeatedUInt64(message, &field, index) : r.GetUInt64(message, &field));
    case pb::FieldDescriptor::CPPTYPE_DOUBLE:
    case pb::FieldDescriptor::CPPTYPE_FLOAT: {
        const double value =
            field.cpp_type() == pb::FieldDescriptor::CPPTYPE_DOUBLE
                ? (repeated ? r.GetRepeatedDouble(message, &field, index) : r.GetDouble(message, &field))
                : (repeated ? r.GetRepeatedFloat(message, &field, index) : r.GetFloat(message, &field));
        const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
        return std::string(buffer, end);
    }
    case pb::FieldDescriptor::CPPTYPE_BOOL:
        return (repeated ? r.GetRepeatedBool(message, &field, index) : r.GetBool(message, &field)) ? "true" : "false";
    case pb::FieldDescriptor::CPPTYPE_ENUM:
        return (repeated ? r.GetRepeatedEnum(message, &field, index) : r.GetEnum(message, &field))->name();
    case pb::FieldDescriptor::CPPTYPE_STRING:
        return repeated ? r.GetRepeatedString(message, &field, index) : r.GetString(message, &field);
    case pb::FieldDescriptor::CPPTYPE_MESSAGE:
        break;
    }
    return {};
}

/// The field a concrete path ("departments[2].payment_delay_days") ends at, its message and index.
struct Found {
    const pb::Message* message = nullptr;
    const pb::FieldDescriptor* field = nullptr;
    int index = -1;
};

Found find_concrete(const pb::Message& root, std::string_view path) {
    Found found{&root, nullptr, -1};
    const std::vector<PathStep> steps = parse_field_path(path);
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const pb::FieldDescriptor* field = found.message->GetDescriptor()->FindFieldByName(steps[i].field);
        if (field == nullptr) {
            return {};
        }
        int index = -1;
        if (field->is_repeated() && steps[i].selector) {
            index = field->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE
                        ? select_element(*found.message, field, *steps[i].selector)
                        : std::atoi(steps[i].selector->c_str());
        }
        if (i + 1 == steps.size()) {
            return {found.message, field, index};
        }
        const pb::Reflection& r = *found.message->GetReflection();
        found.message =
            index >= 0 ? &r.GetRepeatedMessage(*found.message, field, index) : &r.GetMessage(*found.message, field);
    }
    return {};
}

} // namespace

std::string lever_words(const pb::Descriptor& root, std::string_view path) {
    std::vector<PathStep> steps;
    try {
        steps = parse_field_path(path);
    } catch (const InputError&) {
        return std::string(path);
    }
    const pb::Descriptor* type = &root;
    std::string prefix; // words of the groups the field sits in ("factory ")
    std::string of;     // " of every department", innermost first
    for (std::size_t i = 0; i < steps.size() && type != nullptr; ++i) {
        const pb::FieldDescriptor* field = type->FindFieldByName(steps[i].field);
        if (field == nullptr) {
            return std::string(path);
        }
        if (i + 1 == steps.size()) {
            return prefix + field_words(*field) + of;
        }
        if (field->is_repeated()) {
            const std::string& selector = steps[i].selector.value_or("*");
            const std::string element = selector == "*"         ? "every " + singular(field->name())
                                        : parse_index(selector) ? singular(field->name()) + " " + selector
                                                                : selector;
            of = " of " + element + of;
        } else {
            prefix += words_of(field->name()) + " ";
        }
        type = field->message_type();
    }
    return std::string(path);
}

std::string lever_unit(const pb::Descriptor& root, std::string_view path) {
    try {
        const pb::Descriptor* type = &root;
        const pb::FieldDescriptor* field = nullptr;
        for (const PathStep& step : parse_field_path(path)) {
            if (type == nullptr || (field = type->FindFieldByName(step.field)) == nullptr) {
                return {};
            }
            type = field->message_type();
        }
        const std::string& unit = field->options().GetExtension(options::unit);
        return unit.find("..") == std::string::npos ? unit : std::string(); // "0..1" is a range, not a unit
    } catch (const InputError&) {
        return {};
    }
}

std::string lever_value(const pb::Message& root, std::string_view path) {
    std::vector<std::string> values;
    try {
        for (const std::string& concrete : resolve_paths(root, path)) {
            const Found found = find_concrete(root, concrete);
            if (found.field == nullptr) {
                continue;
            }
            std::string value = scalar_text(*found.message, *found.field, found.index);
            if (std::find(values.begin(), values.end(), value) == values.end()) {
                values.push_back(std::move(value));
            }
        }
    } catch (const InputError&) {
        return {};
    }
    std::string out;
    for (const std::string& value : values) {
        out += (out.empty() ? "" : " / ") + (value.empty() ? std::string("\"\"") : value);
    }
    return out;
}

} // namespace innosim::io

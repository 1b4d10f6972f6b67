#include "sim/io/overrides.hpp"

#include "sim/input_error.hpp"
#include "sim/io/scenario_parser.hpp"

#include <google/protobuf/descriptor.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <memory>

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

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        out += out.empty() ? "" : ", ";
        out += item;
    }
    return out;
}

std::string field_names(const pb::Descriptor& descriptor) {
    std::vector<std::string> names;
    for (int i = 0; i < descriptor.field_count(); ++i) {
        names.push_back(descriptor.field(i)->name());
    }
    return join(names);
}

std::optional<std::size_t> parse_index(std::string_view text) {
    std::size_t index = 0;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), index);
    if (text.empty() || result.ec != std::errc{} || result.ptr != text.data() + text.size()) {
        return std::nullopt;
    }
    return index;
}

/// Integers as "42", "+42", "5_000_000_000" or "5e12" (whole numbers only, within T's range).
template <class T> std::optional<T> parse_integer(std::string_view text) {
    std::string digits;
    for (const char c : text) {
        if (c != '_') {
            digits += c;
        }
    }
    std::string_view view = digits;
    if (!view.empty() && view.front() == '+') {
        view.remove_prefix(1);
    }
    T value{};
    if (const auto r = std::from_chars(view.data(), view.data() + view.size(), value);
        !view.empty() && r.ec == std::errc{} && r.ptr == view.data() + view.size()) {
        return value;
    }
    double number = 0;
    if (const auto r = std::from_chars(view.data(), view.data() + view.size(), number);
        view.empty() || r.ec != std::errc{} || r.ptr != view.data() + view.size()) {
        return std::nullopt;
    }
    const auto wide = static_cast<long double>(number);
    if (!std::isfinite(number) || std::floor(number) != number ||
        wide < static_cast<long double>(std::numeric_limits<T>::min()) ||
        wide > static_cast<long double>(std::numeric_limits<T>::max())) {
        return std::nullopt;
    }
    return static_cast<T>(number);
}

std::optional<double> parse_double(std::string_view text) {
    double value = 0;
    if (!text.empty() && text.front() == '+') {
        text.remove_prefix(1);
    }
    const auto r = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || r.ec != std::errc{} || r.ptr != text.data() + text.size() || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
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

[[noreturn]] void throw_unparsable(const std::string& path, std::string_view expected, std::string_view value) {
    throw InputError(path + ": expected " + std::string(expected) + ", got '" + std::string(value) + "'");
}

/// Parses `text` by the field's type and stores it (element `index` of a repeated field, or the field).
void set_scalar(pb::Message& message, const pb::FieldDescriptor* field, int index, std::string_view text,
                const std::string& path) {
    const pb::Reflection& r = *message.GetReflection();
    const bool repeated = index >= 0;
    const auto require = [&](auto parsed, std::string_view expected) {
        if (!parsed) {
            throw_unparsable(path, expected, text);
        }
        return *parsed;
    };
    switch (field->cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_INT32: {
        const auto v = require(parse_integer<std::int32_t>(text), "a whole number (int32)");
        repeated ? r.SetRepeatedInt32(&message, field, index, v) : r.SetInt32(&message, field, v);
        break;
    }
    case pb::FieldDescriptor::CPPTYPE_INT64: {
        const auto v = require(parse_integer<std::int64_t>(text), "a whole number (int64)");
        repeated ? r.SetRepeatedInt64(&message, field, index, v) : r.SetInt64(&message, field, v);
        break;
    }
    case pb::FieldDescriptor::CPPTYPE_UINT32: {
        const auto v = require(parse_integer<std::uint32_t>(text), "a whole number >= 0 (uint32)");
        repeated ? r.SetRepeatedUInt32(&message, field, index, v) : r.SetUInt32(&message, field, v);
        break;
    }
    case pb::FieldDescriptor::CPPTYPE_UINT64: {
        const auto v = require(parse_integer<std::uint64_t>(text), "a whole number >= 0 (uint64)");
        repeated ? r.SetRepeatedUInt64(&message, field, index, v) : r.SetUInt64(&message, field, v);
        break;
    }
    case pb::FieldDescriptor::CPPTYPE_DOUBLE: {
        const auto v = require(parse_double(text), "a finite number");
        repeated ? r.SetRepeatedDouble(&message, field, index, v) : r.SetDouble(&message, field, v);
        break;
    }
    case pb::FieldDescriptor::CPPTYPE_FLOAT: {
        const auto v = static_cast<float>(require(parse_double(text), "a finite number"));
        repeated ? r.SetRepeatedFloat(&message, field, index, v) : r.SetFloat(&message, field, v);
        break;
    }
    case pb::FieldDescriptor::CPPTYPE_BOOL: {
        const auto v = require(parse_bool(text), "true or false");
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
            std::vector<std::string> names;
            for (int i = 0; i < type.value_count(); ++i) {
                names.push_back(type.value(i)->name());
            }
            throw_unparsable(path, "a " + type.name() + " (" + join(names) + ")", text);
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

void apply_steps(pb::Message& root, const std::vector<PathStep>& steps, std::string_view value) {
    pb::Message* message = &root;
    std::string path; // dotted path walked so far, for messages
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const PathStep& step = steps[i];
        const bool last = i + 1 == steps.size();
        const pb::Descriptor& descriptor = *message->GetDescriptor();
        const pb::FieldDescriptor* field = descriptor.FindFieldByName(step.field);
        if (field == nullptr) {
            throw InputError((path.empty() ? descriptor.name() : path) + " has no field '" + step.field +
                             "' (fields: " + field_names(descriptor) + ")");
        }
        const std::string name = (path.empty() ? "" : path + ".") + field->name();
        const bool is_message = field->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE;
        int index = -1;
        if (!field->is_repeated() && step.selector) {
            throw InputError(name + " is not a list: remove [" + *step.selector + "]");
        }
        if (field->is_repeated()) {
            if (!step.selector) {
                throw InputError(name + " is a list: select one element with " + name +
                                 (is_message ? "[index] or " + name + "[name]" : "[index]"));
            }
            if (is_message) {
                index = select_element(*message, field, *step.selector);
            } else {
                const auto n = static_cast<std::size_t>(message->GetReflection()->FieldSize(*message, field));
                const auto parsed = parse_index(*step.selector);
                if (!parsed || *parsed >= n) {
                    throw InputError(name + "[" + *step.selector + "]: no such element (" + std::to_string(n) +
                                     " elements, indices 0.." + std::to_string(n == 0 ? 0 : n - 1) + ")");
                }
                index = static_cast<int>(*parsed);
            }
        }
        path = name + (step.selector ? "[" + *step.selector + "]" : "");
        if (is_message) {
            if (last) {
                throw InputError(path + " is a group of settings, not a single value (fields: " +
                                 field_names(*field->message_type()) + ")");
            }
            const pb::Reflection& r = *message->GetReflection();
            message = index >= 0 ? r.MutableRepeatedMessage(message, field, index) : r.MutableMessage(message, field);
            continue;
        }
        if (!last) {
            throw InputError(path + " is a single value; it has no field '" + steps[i + 1].field + "'");
        }
        set_scalar(*message, field, index, value, path);
        if (const auto problem = field_problem(*message, field, index)) {
            throw InputError(path + " = " + *problem);
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
            throw InputError(label + ": several elements match (" + join(matched) + ")");
        }
    }
    throw InputError(label + ": no element of " + field->name() + " is named '" + std::string(selector) +
                     "' (names: " + (names.empty() ? std::string("none") : join(names)) + ")");
}

void apply_override(pb::Message& root, std::string_view path, std::string_view value) {
    try {
        const auto steps = parse_field_path(path);
        // Work on a copy so a failed override leaves the scenario untouched.
        const std::unique_ptr<pb::Message> copy(root.New());
        copy->CopyFrom(root);
        apply_steps(*copy, steps, value);
        root.GetReflection()->Swap(&root, copy.get());
    } catch (const InputError& e) {
        throw InputError("override '" + std::string(path) + "=" + std::string(value) + "': " + e.what());
    }
}

void apply_override(scenario::Scenario& scenario, std::string_view path, std::string_view value) {
    apply_override(static_cast<pb::Message&>(scenario), path, value);
}

} // namespace innosim::io

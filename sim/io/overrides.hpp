#pragma once

#include "sim/proto/scenario.pb.h"

#include <google/protobuf/message.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace innosim::io {

/// One step of a dotted field path: "departments[Transport & Traffic]" is
/// {field = "departments", selector = "Transport & Traffic"}.
struct PathStep {
    std::string field;
    std::optional<std::string> selector; ///< element index ("2") or the element's `name`
};

/// Splits "a.b[2].c[Some name].d" into steps; throws InputError on a malformed path.
std::vector<PathStep> parse_field_path(std::string_view path);

/// "path=value" -> {"path", "value"}, split at the first '=' outside brackets, both trimmed.
/// Throws InputError if there is no '=' or the path is empty.
std::pair<std::string, std::string> split_assignment(std::string_view assignment);

/// The element of the repeated message field `field` of `parent` that `selector` names: a
/// 0-based index, or the element's `name` (exact, then case-insensitive, then a unique
/// case-insensitive prefix: "transport" selects "Transport & Traffic").
/// Throws InputError saying why nothing (or several elements) matched.
int select_element(const google::protobuf::Message& parent, const google::protobuf::FieldDescriptor* field,
                   std::string_view selector);

/// Sets the scalar field at `path` ("factory.capacity", "departments[Transport & Traffic].payment_delay_days",
/// "funders[0].capital_rial", "startups.employees_by_stage[2]") to `value`, parsed by the field's type
/// (integers also as "5e12" or with '_' separators, doubles, bool, enum names, strings) and checked
/// against the field's (options.min/max) range and date format. All or nothing: on any error the
/// message is unchanged and an InputError names the override, what is wrong and what is expected
/// (the valid field names at that level, the element names, the range and unit).
void apply_override(google::protobuf::Message& root, std::string_view path, std::string_view value);
void apply_override(scenario::Scenario& scenario, std::string_view path, std::string_view value);

} // namespace innosim::io

#pragma once

#include "sim/input_error.hpp"
#include "sim/proto/scenario.pb.h"

#include <google/protobuf/message.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace innosim::io {

/// A lever ("path=value") that cannot be applied, saying which half is wrong so that callers can
/// point at it: the path (no such field, element or list index) or the value (its type, range or
/// date). The message says what is wrong, what is expected and, for misspelt names, the nearest
/// valid one; it does not repeat the lever, which the caller names with its own context
/// ("--set ...", "interventions[2].value").
class LeverError : public InputError {
public:
    enum class Part { Path, Value };
    LeverError(Part part, const std::string& message) : InputError(message), part_(part) {}
    Part part() const { return part_; }

private:
    Part part_;
};

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
/// Throws LeverError (Part::Path) saying why nothing (or several elements) matched.
int select_element(const google::protobuf::Message& parent, const google::protobuf::FieldDescriptor* field,
                   std::string_view selector);

/// Sets the scalar field at `path` ("factory.capacity", "departments[Transport & Traffic].payment_delay_days",
/// "funders[0].capital_rial", "startups.employees_by_stage[2]") to `value`, parsed by the field's type
/// (numbers in the one number grammar of sim/io/number_text.hpp, bool, enum names, strings) and
/// checked against the field's (options.min/max) range and date format. A list step may be
/// "[*]": every element ("departments[*].payment_delay_days" sets every department's delay).
/// All or nothing: on any error the message is unchanged and a LeverError says what is wrong and
/// what is expected (the valid field names at that level, the element names, the range and unit).
void apply_override(google::protobuf::Message& root, std::string_view path, std::string_view value);
void apply_override(scenario::Scenario& scenario, std::string_view path, std::string_view value);

/// The scalar fields `path` names in `root`, each element named by its full `name` (or its index
/// if it has none) and "*" expanded ("departments[*].payment_delay_days" ->
/// "departments[Transport & Traffic].payment_delay_days", ...), so that two spellings of one lever
/// compare equal. Throws LeverError (Part::Path) as apply_override does.
std::vector<std::string> resolve_paths(const google::protobuf::Message& root, std::string_view path);

/// A lever in words, for run headers and tables: "factory.capacity" -> "factory capacity",
/// "departments[*].payment_delay_days" -> "payment delay of every department",
/// "funders[Mashhad Innovation Fund].capital_per_year_rial" -> "capital of Mashhad Innovation Fund"
/// (the unit goes with the value: see lever_unit). A path naming no field is returned as given.
std::string lever_words(const google::protobuf::Descriptor& root, std::string_view path);
/// The unit the field `path` names is measured in ("days", "Rial per year"), or empty.
std::string lever_unit(const google::protobuf::Descriptor& root, std::string_view path);
/// The value(s) of the field(s) `path` names in `root`: "180", or "90 / 180" when a "[*]" lever
/// finds several; empty if the path names no field.
std::string lever_value(const google::protobuf::Message& root, std::string_view path);

} // namespace innosim::io

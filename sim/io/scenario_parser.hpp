#pragma once

#include "sim/io/text_source.hpp"
#include "sim/proto/scenario.pb.h"

#include <google/protobuf/message.h>
#include <google/protobuf/text_format.h>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace innosim::io {

/// A scenario with its source text and where each field was written.
struct ParsedScenario {
    scenario::Scenario scenario;
    TextSource source; ///< the file as read (file() is the name used in messages, the path as given)
    /// Field locations recorded by the text-format parser (shared: the tree is not copyable).
    std::shared_ptr<const google::protobuf::TextFormat::ParseInfoTree> locations;

    const std::string& file() const { return source.file(); }
    const std::string& text() const { return source.text(); }

    /// Where the field at `dotted_path` ("factory.capacity", "departments[2].problems[0].difficulty",
    /// "departments[Transport & Traffic].district") was written. A path not written in the file gives
    /// its nearest written ancestor, or {0, 0}.
    Location locate(std::string_view dotted_path) const;
    /// "file:line:col" for `dotted_path` (just "file" when nothing on the path was written): the
    /// prefix of an error message about that field.
    std::string where(std::string_view dotted_path) const;
};

/// Extra checks run after the schema checks, collecting messages "file:line:col: ..." into `errors`
/// (use parsed.where(path)). The model's semantic checks (unknown district names, horizon after
/// end, ...) come in through this, so one InputError lists every problem of a file.
using ScenarioCheck = std::function<void(const ParsedScenario& parsed, std::vector<std::string>& errors)>;

/// Parses a text-format scenario and validates it: syntax errors, unknown fields and wrong types
/// ("file:line:col: message"), then validate_scenario(), then `extra_checks`. Throws one InputError
/// listing every problem found (see throw_if_errors).
ParsedScenario parse_scenario_text(std::string text, std::string file, const ScenarioCheck& extra_checks = {});
/// The same, appending the problems to `errors` instead of throwing them, so that a caller can add
/// its own (a variant's levers against its base) and report all at once. A file protobuf cannot
/// parse at all still throws (with `errors` so far).
ParsedScenario parse_scenario_text(std::string text, std::string file, const ScenarioCheck& extra_checks,
                                   std::vector<std::string>& errors);

/// Orders "file:line:col: ..." messages as they appear in `file`; messages without a location in
/// it come first, in their original order.
void sort_errors(std::vector<std::string>& errors, const std::string& file);
/// Reads `path` and calls parse_scenario_text; an unreadable file is an InputError.
ParsedScenario load_scenario_file(const std::filesystem::path& path, const ScenarioCheck& extra_checks = {});

/// What is wrong with the value of `field` (element `index` if repeated, else -1) in `message`:
/// "1000000 is out of range; expected a whole number from 0 to 100000 (teams)",
/// "\"1404/13/01\" is not a Solar Hijri date: ...";
/// nothing if it satisfies the field's (options.min/max/jalali_date).
std::optional<std::string> field_problem(const google::protobuf::Message& message,
                                         const google::protobuf::FieldDescriptor* field, int index);

/// Schema checks of every field of `message`, recursively: ranges and date formats, repeated
/// fields by index. Fields never set are skipped (proto3: zero means "use the model's default")
/// unless the file wrote them. With `parsed`, messages start with "file:line:col: "; always with
/// the dotted path: "factory.capacity: 1000000 is out of range; expected ...".
std::vector<std::string> validate_ranges(const google::protobuf::Message& message,
                                         const ParsedScenario* parsed = nullptr);

/// The lever changes `parsed` declares (`overrides`, then each of `interventions`), applied to a
/// copy of `target` as apply_override would: unknown fields, missing elements, bad values and
/// ranges, reported at the lever's line in `parsed`. `target` is parsed.scenario itself, or for a
/// variant (`base` set) the base scenario it changes, once the caller has loaded it.
std::vector<std::string> validate_levers(const ParsedScenario& parsed, const scenario::Scenario& target);

/// Everything this library can check without model knowledge: validate_ranges() plus
/// validate_levers() against the scenario itself. For a variant (`base` set), whose levers name
/// elements of the base, only the lever syntax is checked here.
std::vector<std::string> validate_scenario(const ParsedScenario& parsed);

/// Most problems listed in one InputError; the rest are counted.
inline constexpr std::size_t kMaxReportedErrors = 20;

/// Throws one InputError whose message lists `errors` one per line (at most kMaxReportedErrors,
/// then "... and N more"); does nothing if `errors` is empty.
void throw_if_errors(const std::vector<std::string>& errors);

} // namespace innosim::io

#pragma once

// The one number grammar of every input: scenario and study files (quoted or not), `--set`,
// interventions, study levers and the live server's fork requests all read numbers through it.
//
//   [+|-] digits [. digits] [e|E [+|-] digits]
//
// where digits may be grouped with '_' (260_000_000_000) or, in the whole part, with ',' in
// groups of three (260,000,000,000), and may be Persian or Arabic-Indic digits (۲۶۰) with the
// Arabic decimal (٫) and thousands (٬) separators. Whole-number fields also take a decimal or an
// exponent if the value is whole ("2.6e14", "1.5e3"), computed exactly, never through a double.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace innosim::io {

/// `text` in the plain form protobuf and std::from_chars read: ASCII digits, no groups, no '+'
/// ("۲٫۵" -> "2.5", "+260,000" -> "260000", "1_000e3" -> "1000e3"); nothing if `text` is not a
/// number of the grammar above. Surrounding spaces are ignored.
std::optional<std::string> plain_number(std::string_view text);

/// `text` as a finite double, or nothing.
std::optional<double> parse_real(std::string_view text);

/// `text` as an exact whole number: "2.6e14" -> 260000000000000, "1.5" -> nothing (not whole).
/// Nothing also if it does not fit in int64 (see parse_whole_unsigned for uint64).
std::optional<std::int64_t> parse_whole(std::string_view text);
std::optional<std::uint64_t> parse_whole_unsigned(std::string_view text);

/// Why parse_whole refused `text`: "is not a number", "is not a whole number", "is too large".
std::string whole_number_problem(std::string_view text);

/// How numbers may be written, for error messages: "e.g. 120, 2.6e14, 260_000_000_000 or ۱۲۰".
inline constexpr std::string_view kNumberExamples = "e.g. 120, 0.35, 2.6e14, 260_000_000_000, \"260,000,000,000\" "
                                                    "or ۱۲۰";

} // namespace innosim::io

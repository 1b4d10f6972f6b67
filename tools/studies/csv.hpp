#pragma once

// Minimal RFC 4180 CSV: fields with commas, quotes or line breaks are quoted, quotes doubled.
// Lever paths name departments such as "Social, Cultural & Pilgrimage", so quoting matters.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace innosim::studies {

/// `text` as one CSV field, quoted if it has to be.
std::string csv_field(std::string_view text);
/// Fields joined with commas, each through csv_field, and a '\n'.
std::string csv_row(const std::vector<std::string>& fields);
/// Splits one CSV record (without its line break) into fields. Throws InputError on an unclosed quote.
std::vector<std::string> parse_csv_row(std::string_view line);

/// A whole CSV file: the header and the rows. Records may not span lines (ours never do).
struct CsvTable {
    std::string file;
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;

    /// Index of the column named `name`, or nothing.
    std::optional<std::size_t> column(std::string_view name) const;
    /// Index of the column named `name`; throws InputError naming the file if there is none.
    std::size_t require_column(std::string_view name) const;
};
/// Reads a CSV file; throws InputError if it cannot be read or a row has the wrong field count.
CsvTable read_csv(const std::filesystem::path& path);

/// A CSV cell as a number: NaN for "nan" or an empty cell; throws InputError on anything else.
double parse_number(std::string_view cell, const std::string& where);

} // namespace innosim::studies

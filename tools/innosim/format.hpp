#pragma once

// Text formatting shared by the subcommands' tables: money, shares, KPI rows.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace innosim::cli {

/// 12345678 -> "12,345,678".
std::string group_thousands(std::int64_t value);

/// A Rial amount in the unit planners read: "1,234.5 bn Rial" (or "12.3 M Rial" when small).
std::string format_rial(double rial);

/// A KPI value by name, formatted for its kind (counts, Rial, shares, indices).
std::string format_kpi(std::string_view name, double value);

/// A KPI's name for humans: "knowledge_based_firms" -> "knowledge-based firms".
std::string kpi_label(std::string_view name);

/// Writes `text` to `path` through a temporary file and a rename, so no reader sees half a file.
/// Throws InputError if the directory does not exist or is not writable.
void write_file_atomically(const std::filesystem::path& path, std::string_view text);

} // namespace innosim::cli

#pragma once

// Output helpers shared by the subcommands (KPI text comes from sim/io/kpi_registry.hpp).

#include <filesystem>
#include <string>
#include <string_view>

namespace innosim::cli {

/// `text` padded with spaces to `width` characters on a terminal (UTF-8: an en dash is one).
std::string pad(const std::string& text, std::size_t width);

/// Writes `text` to `path` through a temporary file and a rename, so no reader sees half a file.
/// Throws InputError if the directory does not exist or is not writable.
void write_file_atomically(const std::filesystem::path& path, std::string_view text);

} // namespace innosim::cli

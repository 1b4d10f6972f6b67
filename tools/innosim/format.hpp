#pragma once

// Output helpers shared by the subcommands (KPI text comes from sim/io/kpi_registry.hpp).

#include <filesystem>
#include <string>
#include <string_view>

namespace innosim::cli {

/// Characters `text` takes on a terminal (UTF-8 code points: an en dash is one).
std::size_t display_width(const std::string& text);

/// `text` padded with spaces to `width` characters on a terminal (UTF-8: an en dash is one).
std::string pad(const std::string& text, std::size_t width);

/// `text` broken at spaces into lines of at most `width` characters, every line after the first
/// starting with `indent` spaces (a word longer than a line stays whole).
std::string wrap(const std::string& text, std::size_t width, std::size_t indent);

/// Writes `text` to `path` through a temporary file and a rename, so no reader sees half a file.
/// Throws InputError if the directory does not exist or is not writable.
void write_file_atomically(const std::filesystem::path& path, std::string_view text);

} // namespace innosim::cli

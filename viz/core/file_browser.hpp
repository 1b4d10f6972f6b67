#pragma once

// The file dialog's model: what is in a directory that the viewer can open (run files) or run
// (scenario files), directories first, names sorted.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace innosim::viz {

enum class EntryKind { Directory, Run, Scenario };

struct DirEntry {
    EntryKind kind = EntryKind::Directory;
    std::filesystem::path path;
    std::string name;        ///< file name, "name/" for directories
    std::uintmax_t size = 0; ///< bytes (files)
};

/// The subdirectories, *.innorun and *.textproto files of `dir` (hidden entries skipped), sorted
/// by kind then name. Throws std::filesystem::filesystem_error when `dir` cannot be read.
std::vector<DirEntry> list_directory(const std::filesystem::path& dir);

} // namespace innosim::viz

#include "viz/core/file_browser.hpp"

#include <algorithm>

namespace innosim::viz {

std::vector<DirEntry> list_directory(const std::filesystem::path& dir) {
    std::vector<DirEntry> out;
    for (const std::filesystem::directory_entry& entry : std::filesystem::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || name.front() == '.') {
            continue;
        }
        std::error_code error;
        if (entry.is_directory(error)) {
            out.push_back({.kind = EntryKind::Directory, .path = entry.path(), .name = name + "/"});
            continue;
        }
        const std::string ext = entry.path().extension().string();
        if (ext != ".innorun" && ext != ".textproto") {
            continue;
        }
        out.push_back({.kind = ext == ".innorun" ? EntryKind::Run : EntryKind::Scenario,
                       .path = entry.path(),
                       .name = name,
                       .size = entry.file_size(error)});
    }
    std::sort(out.begin(), out.end(), [](const DirEntry& a, const DirEntry& b) {
        if (a.kind != b.kind) {
            return a.kind < b.kind;
        }
        return a.name < b.name;
    });
    return out;
}

} // namespace innosim::viz

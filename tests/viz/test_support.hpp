#pragma once

// Shared by the viewer's Catch2 tests: temp directories and synthetic runs written once per
// test binary (each TEST_CASE runs as its own process under CTest, so "once" is per test).

#include "tests/viz/synthetic_run.hpp"

#include <filesystem>
#include <string>
#include <unistd.h>

namespace innosim::viz::testing {

/// A fresh directory under the system temp dir, removed at the end of the scope.
class TempDir {
public:
    TempDir() {
        static int counter = 0;
        path_ = std::filesystem::temp_directory_path() /
                ("innosim-viz-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

/// A small synthetic run (120 startups, 36 monthly snapshots) shared by the tests of one process.
struct SharedRun {
    TempDir dir;
    std::filesystem::path path;
    SyntheticTruth truth;
    SharedRun() : path(dir / "shared.innorun"), truth(write_synthetic_run(path, {.startups = 120, .months = 36})) {}
};

inline const SharedRun& shared_run() {
    static const SharedRun run;
    return run;
}

} // namespace innosim::viz::testing

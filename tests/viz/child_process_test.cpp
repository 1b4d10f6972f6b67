#include "tests/viz/test_support.hpp"
#include "viz/core/child_process.hpp"
#include "viz/core/file_browser.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <system_error>

using namespace innosim::viz;
using innosim::viz::testing::TempDir;

TEST_CASE("a child process reports its exit code and output", "[viz][process]") {
    TempDir dir;
    ChildProcess child = ChildProcess::spawn({"/bin/sh", "-c", "echo hello from the child; exit 3"}, dir / "log.txt");
    REQUIRE(child.wait() == 3);
    REQUIRE(child.poll() == 3);
    REQUIRE_THAT(child.log_tail(), Catch::Contains("hello from the child"));
}

TEST_CASE("a running child polls as running and is stopped when dropped", "[viz][process]") {
    TempDir dir;
    {
        ChildProcess child = ChildProcess::spawn({"/bin/sleep", "30"}, dir / "log.txt");
        REQUIRE_FALSE(child.poll().has_value());
    } // the destructor sends SIGTERM and reaps: the test would take 30 s otherwise
    REQUIRE_THROWS_AS(ChildProcess::spawn({"/no/such/program"}, dir / "log2.txt"), std::system_error);
}

TEST_CASE("new run files get unused names in runs/", "[viz][process]") {
    TempDir dir;
    REQUIRE(next_run_path(dir.path(), "scenarios/tiny.textproto") == dir / "tiny-1.innorun");
    std::ofstream(dir / "tiny-1.innorun") << "x";
    REQUIRE(next_run_path(dir.path(), "scenarios/tiny.textproto") == dir / "tiny-2.innorun");
    REQUIRE(next_run_path(dir.path(), "").filename() == "baseline-1.innorun");
}

TEST_CASE("the file dialog lists directories, runs and scenarios", "[viz][files]") {
    TempDir dir;
    std::filesystem::create_directories(dir / "runs");
    std::filesystem::create_directories(dir / ".hidden");
    std::ofstream(dir / "b.innorun") << "x";
    std::ofstream(dir / "a.innorun") << "xy";
    std::ofstream(dir / "tiny.textproto") << "name: \"tiny\"";
    std::ofstream(dir / "notes.txt") << "skip me";
    const auto entries = list_directory(dir.path());
    REQUIRE(entries.size() == 4);
    REQUIRE(entries[0].name == "runs/");
    REQUIRE(entries[0].kind == EntryKind::Directory);
    REQUIRE(entries[1].name == "a.innorun");
    REQUIRE(entries[1].size == 2);
    REQUIRE(entries[2].name == "b.innorun");
    REQUIRE(entries[3].kind == EntryKind::Scenario);
    REQUIRE_THROWS(list_directory(dir / "missing"));
}

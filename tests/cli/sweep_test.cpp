// End-to-end tests of `innosim sweep`, `compare` and `report`: exit codes, a kill -9 in the middle
// of a sweep followed by --resume, and an MPI sweep (mpirun -np 2) against the threaded one.
#include "sim/io/kpi_registry.hpp"
#include "tests/cli/cli_harness.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;

const std::string kSmoke = std::string(INNOSIM_SOURCE_DIR) + "/scenarios/studies/smoke.textproto";

/// Runs `PROGRAM ARGS` through the shell (ARGS already quoted), capturing stdout and stderr.
Result run_shell(const TempDir& dir, const std::string& program, const std::string& args) {
    const auto out = dir / "stdout.txt";
    const auto err = dir / "stderr.txt";
    const std::string command = program + " " + args + " >'" + out.string() + "' 2>'" + err.string() + "'";
    const int status = std::system(command.c_str());
    REQUIRE(WIFEXITED(status));
    return {WEXITSTATUS(status), slurp(out), slurp(err)};
}

std::size_t line_count(const fs::path& path) {
    const std::string text = slurp(path);
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

bool on_path(const std::string& program) {
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path == nullptr ? "" : path);
    for (std::string dir; std::getline(dirs, dir, ':');) {
        if (!dir.empty() && ::access((fs::path(dir) / program).c_str(), X_OK) == 0) {
            return true;
        }
    }
    return false;
}

} // namespace

TEST_CASE("innosim sweep writes its outputs and refuses to overwrite a sweep", "[cli][sweep]") {
    TempDir dir;
    const auto out = dir / "smoke";
    const Result first = run_cli(dir, "sweep " + quote(kSmoke) + " --threads 2 --out " + quote(out));
    INFO(first.err);
    REQUIRE(first.exit_code == 0);
    CHECK_THAT(first.out, Catch::Contains("Sweep done: 4 points, 20 runs"));
    CHECK_THAT(first.err, Catch::Contains("point 4/4 done")); // not a terminal: one line per point
    for (const char* file : {"manifest.textproto", "runs.csv", "summary.csv", "flows.csv", "trajectories.csv"}) {
        CHECK(fs::exists(out / file));
    }
    CHECK(line_count(out / "runs.csv") == 21);

    const Result again = run_cli(dir, "sweep " + quote(kSmoke) + " --out " + quote(out));
    CHECK(again.exit_code == 2);
    CHECK_THAT(again.err, Catch::Contains("already holds a sweep") && Catch::Contains("--resume"));

    const Result resumed = run_cli(dir, "sweep " + quote(kSmoke) + " --resume -q --out " + quote(out));
    CHECK(resumed.exit_code == 0);
    CHECK_THAT(resumed.out, Catch::Contains("0 run now, 20 from before"));
}

TEST_CASE("innosim sweep reports bad input with exit code 2", "[cli][sweep]") {
    TempDir dir;
    std::ofstream(dir / "bad.textproto") << "base: \"tiny\"\nlevers { path: \"factory.rent_subsidy\" values: [2] }\n";
    const Result bad = run_cli(dir, "sweep " + quote(dir / "bad.textproto") + " --out " + quote(dir / "o"));
    CHECK(bad.exit_code == 2);
    CHECK_THAT(bad.err, Catch::Contains("bad.textproto:2:") && Catch::Contains("rent_subsidy"));
    CHECK_FALSE(fs::exists(dir / "o"));

    CHECK(run_cli(dir, "sweep " + quote(dir / "missing.textproto")).exit_code == 2);
    CHECK(run_cli(dir, "sweep " + quote(kSmoke) + " --threads 0").exit_code == 2);
    CHECK(run_cli(dir, "sweep").exit_code == 2);
}

TEST_CASE("a sweep killed with SIGKILL resumes without losing or duplicating runs", "[cli][sweep][resume]") {
    TempDir dir;
    const auto reference = dir / "reference";
    REQUIRE(run_cli(dir, "sweep " + quote(kSmoke) + " -q --threads 2 --out " + quote(reference)).exit_code == 0);

    const auto out = dir / "killed";
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        const int null = ::open("/dev/null", O_WRONLY);
        ::dup2(null, STDOUT_FILENO);
        ::dup2(null, STDERR_FILENO);
        const std::string study = kSmoke;
        const std::string target = out.string();
        ::execl(INNOSIM_CLI, INNOSIM_CLI, "sweep", study.c_str(), "--threads", "1", "--out", target.c_str(),
                static_cast<char*>(nullptr));
        ::_exit(127);
    }
    // Kill it as soon as a few runs are in the journal (or whenever it gets there first).
    int status = 0;
    bool exited = false;
    for (int i = 0; i < 20000 && !exited; ++i) {
        if (line_count(out / "runs.journal") >= 4) {
            break;
        }
        exited = ::waitpid(child, &status, WNOHANG) == child;
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    if (!exited) {
        ::kill(child, SIGKILL);
        REQUIRE(::waitpid(child, &status, 0) == child);
    }
    const Result resumed = run_cli(dir, "sweep " + quote(kSmoke) + " --resume --threads 2 --out " + quote(out));
    INFO(resumed.err);
    REQUIRE(resumed.exit_code == 0);
    CHECK(line_count(out / "runs.journal") == 21); // header + 20 runs, none twice
    CHECK(slurp(out / "runs.csv") == slurp(reference / "runs.csv"));
    CHECK(slurp(out / "summary.csv") == slurp(reference / "summary.csv"));
    CHECK(slurp(out / "trajectories.csv") == slurp(reference / "trajectories.csv"));
}

TEST_CASE("mpirun -np 2 innosim sweep --mpi equals the threaded sweep", "[cli][sweep][mpi]") {
    TempDir dir;
    const Result help = run_cli(dir, "sweep --help");
    if (!on_path("mpirun") || help.out.find("not available") != std::string::npos) {
        WARN("skipped: mpirun not found or innosim built without MPI");
        return;
    }
    const auto threaded = dir / "threaded";
    REQUIRE(run_cli(dir, "sweep " + quote(kSmoke) + " -q --threads 2 --out " + quote(threaded)).exit_code == 0);
    const auto distributed = dir / "mpi";
    const Result mpi =
        run_shell(dir, "mpirun --allow-run-as-root --oversubscribe -np 2",
                  std::string("'") + INNOSIM_CLI + "' sweep " + quote(kSmoke) + " --mpi --out " + quote(distributed));
    INFO(mpi.out << mpi.err);
    REQUIRE(mpi.exit_code == 0);
    CHECK(slurp(distributed / "runs.csv") == slurp(threaded / "runs.csv"));
    CHECK(slurp(distributed / "summary.csv") == slurp(threaded / "summary.csv"));
    CHECK_THAT(slurp(distributed / "manifest.textproto"), Catch::Contains("mpi_ranks: 2"));
}

TEST_CASE("innosim sweep --mpi needs several ranks", "[cli][sweep][mpi]") {
    TempDir dir;
    const Result single = run_cli(dir, "sweep " + quote(kSmoke) + " --mpi --out " + quote(dir / "o"));
    CHECK(single.exit_code == 2);
    CHECK_THAT(single.err, Catch::Contains("mpi") || Catch::Contains("MPI"));
}

TEST_CASE("sweep --dry-run sizes a study from pilot runs and writes nothing", "[cli][sweep][pilot]") {
    TempDir dir;
    const Result plain = run_cli(dir, "sweep " + quote(kSmoke) + " --dry-run --out " + quote(dir / "o"));
    CHECK(plain.exit_code == 0);
    CHECK_THAT(plain.out, Catch::Contains("--pilot"));
    const Result sized =
        run_cli(dir, "sweep " + quote(kSmoke) + " --dry-run --pilot 3 --detect jobs=10 --out " + quote(dir / "o"));
    INFO(sized.err);
    CHECK(sized.exit_code == 0);
    CHECK_THAT(sized.out, Catch::Contains("Pilot: 3 replications of points 0, 1, 2, 3 (12 runs") &&
                              Catch::Contains("resolves with 5 replications") &&
                              Catch::Contains("a difference of 10 needs"));
    CHECK_FALSE(fs::exists(dir / "o"));
    CHECK(run_cli(dir, "sweep " + quote(kSmoke) + " --pilot 3 --out " + quote(dir / "o")).exit_code == 2);
    CHECK(run_cli(dir, "sweep " + quote(kSmoke) + " --dry-run --detect jobs=10").exit_code == 2);
    CHECK(run_cli(dir, "sweep " + quote(kSmoke) + " --dry-run --pilot 3 --detect jobs=0").exit_code == 2);
    CHECK_FALSE(fs::exists(dir / "o"));
}

TEST_CASE("innosim compare and report on a sweep and on run files", "[cli][compare][report]") {
    TempDir dir;
    const auto out = dir / "smoke";
    REQUIRE(run_cli(dir, "sweep " + quote(kSmoke) + " -q --threads 2 --out " + quote(out)).exit_code == 0);

    const Result compared = run_cli(dir, "compare " + quote(out) + " --csv " + quote(dir / "c.csv"));
    INFO(compared.err);
    CHECK(compared.exit_code == 0);
    CHECK_THAT(compared.out, Catch::Contains("paired by replication") && Catch::Contains("Holm"));
    CHECK(line_count(dir / "c.csv") == 1 + innosim::io::kKpiCount * 4);
    CHECK(run_cli(dir, "compare " + quote(out) + " --kpi jobs --kpi happiness").exit_code == 2);
    CHECK(run_cli(dir, "compare " + quote(dir / "nowhere")).exit_code == 2);

    const Result report = run_cli(dir, "report " + quote(out) + " -o " + quote(dir / "r.html"));
    CHECK(report.exit_code == 0);
    const std::string html = slurp(dir / "r.html");
    CHECK_THAT(html, Catch::Contains("<svg") && !Catch::Contains("<script"));
    CHECK(run_cli(dir, "report " + quote(dir / "nowhere") + " -o " + quote(dir / "x.html")).exit_code == 2);

    // Two ensemble run files with the same seed pair up replication by replication; single draws
    // compare as one run each.
    REQUIRE(run_cli(dir, "run tiny -r 3 --seed 5 --out " + quote(dir / "a.innorun")).exit_code == 0);
    REQUIRE(
        run_cli(dir, "run tiny -r 3 --seed 5 --set factory.capacity=40 --out " + quote(dir / "b.innorun")).exit_code ==
        0);
    const Result runs = run_cli(dir, "compare " + quote(dir / "a.innorun") + " " + quote(dir / "b.innorun"));
    CHECK(runs.exit_code == 0);
    CHECK_THAT(runs.out, Catch::Contains("factory.capacity=40") && Catch::Contains("(3 runs") &&
                             Catch::Contains("paired by replication (common random numbers)"));
    REQUIRE(run_cli(dir, "run tiny -r 1 --seed 5 --out " + quote(dir / "a1.innorun")).exit_code == 0);
    REQUIRE(
        run_cli(dir, "run tiny -r 1 --seed 5 --set factory.capacity=40 --out " + quote(dir / "b1.innorun")).exit_code ==
        0);
    CHECK_THAT(run_cli(dir, "compare " + quote(dir / "a1.innorun") + " " + quote(dir / "b1.innorun")).out,
               Catch::Contains("one run"));
    CHECK(run_cli(dir, "compare " + quote(dir / "a.innorun")).exit_code == 2);
    CHECK(run_cli(dir, "report " + quote(dir / "a.innorun") + " -o " + quote(dir / "run.html")).exit_code == 0);
    CHECK_THAT(slurp(dir / "run.html"), Catch::Contains("id=\"trajectories\"") && Catch::Contains("<polyline"));
}

// Sweeps end to end through the library: determinism across thread counts and completion orders,
// resume after a crash (torn journal, failed run), refusal to mix studies; compare and report.
#include "sim/input_error.hpp"
#include "sim/io/kpi_registry.hpp"
#include "tools/studies/compare.hpp"
#include "tools/studies/report.hpp"
#include "tools/studies/sweep.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using namespace innosim::studies;

const std::string kStudies = std::string(INNOSIM_SOURCE_DIR) + "/scenarios/studies";

class TempDir {
public:
    TempDir() {
        static int counter = 0;
        path_ = fs::temp_directory_path() /
                ("innosim-sweep-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    fs::path operator/(const std::string& name) const { return path_ / name; }

private:
    fs::path path_;
};

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line + "\n");
    }
    return lines;
}

/// A 4-run study of the tiny city: quick enough to run several times per test.
Sweep small_sweep(bool monthly = false) {
    return Sweep(
        parse_study(std::string("name: \"small\"\nbase: \"tiny\"\n"
                                "levers { path: \"factory.capacity\" values: [10, 40] }\n"
                                "replications: 2\nkpis: [\"jobs\", \"active_startups\", \"factory_occupancy\"]\n") +
                        (monthly ? "monthly: true\n" : ""),
                    "small.textproto", kStudies));
}

SweepResult sweep_into(const Sweep& sweep, const fs::path& out, unsigned threads, bool resume = false) {
    SweepOptions options;
    options.out = out;
    options.resume = resume;
    options.threads = threads;
    return run_sweep(sweep, options, thread_pool_executor(sweep, threads));
}

} // namespace

TEST_CASE("a run of the plan is deterministic", "[sweep]") {
    const Sweep sweep = small_sweep(true);
    REQUIRE(sweep.plan().size() == 4);
    const std::string a = encode_record(sweep.execute(3));
    CHECK(a == encode_record(sweep.execute(3)));
    CHECK(a != encode_record(sweep.execute(2)));
    const RunRecord record = sweep.execute(1);
    CHECK(record.kpis.size() == 3);
    CHECK(record.month_times.size() * 3 == record.monthly.size());
    CHECK(record.month_times.size() >= 24);
    CHECK(record.flows.size() == kFlowSlots);
    CHECK(record.imbalance == 0);
}

TEST_CASE("the smoke study gives byte-identical outputs on 1 and 3 threads", "[sweep][determinism]") {
    const Sweep sweep(load_study(kStudies + "/smoke.textproto"));
    REQUIRE(sweep.plan().size() == 20);
    TempDir dir;
    const SweepResult one = sweep_into(sweep, dir / "one", 1);
    const SweepResult three = sweep_into(sweep, dir / "three", 3);
    CHECK(one.runs_now == 20);
    CHECK(three.runs_now == 20);
    CHECK(one.imbalanced_runs == 0);
    for (const char* file : {kRunsFile, kSummaryFile, kFlowsFile, kTrajectoriesFile}) {
        INFO(file);
        const std::string a = slurp(dir / "one" / file);
        CHECK_FALSE(a.empty());
        CHECK(a == slurp(dir / "three" / file));
    }
    // Structure: a header and one row per run; a summary row per point and KPI.
    CHECK(lines_of(slurp(dir / "one" / kRunsFile)).size() == 1 + 20);
    CHECK(lines_of(slurp(dir / "one" / kSummaryFile)).size() == 1 + 4 * innosim::io::kKpiCount);
    CHECK(fs::exists(dir / "one" / kManifestFile));
    CHECK_FALSE(fs::exists(dir / "one" / kSensitivityFile));
}

TEST_CASE("outputs do not depend on the order runs finished in", "[sweep][determinism]") {
    const Sweep sweep = small_sweep();
    TempDir dir;
    sweep_into(sweep, dir / "a", 1);
    // Same journal lines in reverse order, as a sweep whose last runs finished first would write them.
    std::vector<std::string> lines = lines_of(slurp(dir / "a" / kJournalFile));
    std::reverse(lines.begin() + 1, lines.end());
    fs::create_directories(dir / "b");
    std::ofstream(dir / "b" / kJournalFile, std::ios::binary) << [&] {
        std::string text;
        for (const auto& l : lines) {
            text += l;
        }
        return text;
    }();
    const SweepResult resumed = sweep_into(sweep, dir / "b", 2, true);
    CHECK(resumed.runs_now == 0);
    CHECK(slurp(dir / "a" / kRunsFile) == slurp(dir / "b" / kRunsFile));
    CHECK(slurp(dir / "a" / kSummaryFile) == slurp(dir / "b" / kSummaryFile));
}

TEST_CASE("resume after a crash with a torn journal loses and duplicates nothing", "[sweep][resume]") {
    const Sweep sweep = small_sweep(true);
    TempDir dir;
    sweep_into(sweep, dir / "full", 2);
    const std::vector<std::string> lines = lines_of(slurp(dir / "full" / kJournalFile));
    REQUIRE(lines.size() == 5);
    // The crash: the header, two whole runs and half of a third; no outputs yet.
    fs::create_directories(dir / "crashed");
    std::ofstream(dir / "crashed" / kJournalFile, std::ios::binary)
        << lines[0] + lines[1] + lines[2] + lines[3].substr(0, lines[3].size() / 2);
    const SweepResult resumed = sweep_into(sweep, dir / "crashed", 2, true);
    CHECK(resumed.runs_before == 2);
    CHECK(resumed.journal_dropped == 1);
    CHECK(resumed.runs_now == 2);
    for (const char* file : {kRunsFile, kSummaryFile, kFlowsFile, kTrajectoriesFile}) {
        INFO(file);
        CHECK(slurp(dir / "full" / file) == slurp(dir / "crashed" / file));
    }
    CHECK(lines_of(slurp(dir / "crashed" / kJournalFile)).size() == 5);
    // Resuming a finished sweep runs nothing and rewrites the same outputs.
    CHECK(sweep_into(sweep, dir / "crashed", 1, true).runs_now == 0);
    CHECK(slurp(dir / "full" / kRunsFile) == slurp(dir / "crashed" / kRunsFile));
}

TEST_CASE("a failing run stops the sweep; resume finishes it", "[sweep][resume]") {
    const Sweep sweep = small_sweep();
    TempDir dir;
    SweepOptions options;
    options.out = dir / "s";
    const Executor real = thread_pool_executor(sweep, 1);
    const Executor failing = [&](const std::vector<std::uint64_t>& todo, const RecordSink& sink) {
        for (const std::uint64_t run : todo) {
            if (run == 2) {
                throw std::runtime_error("simulated failure");
            }
            sink(encode_record(sweep.execute(run)));
        }
    };
    CHECK_THROWS_WITH(run_sweep(sweep, options, failing), Catch::Contains("simulated failure"));
    CHECK_FALSE(fs::exists(dir / "s" / kRunsFile));
    CHECK_THROWS_AS(run_sweep(sweep, options, real), innosim::InputError); // no --resume: refuse
    options.resume = true;
    const SweepResult result = run_sweep(sweep, options, real);
    CHECK(result.runs_before == 2);
    CHECK(result.runs_now == 2);
    TempDir reference;
    sweep_into(sweep, reference / "r", 2);
    CHECK(slurp(reference / "r" / kRunsFile) == slurp(dir / "s" / kRunsFile));
}

TEST_CASE("a sweep directory of another study is not resumed", "[sweep][resume]") {
    TempDir dir;
    sweep_into(small_sweep(), dir / "s", 1);
    CHECK_THROWS_WITH(sweep_into(small_sweep(true), dir / "s", 1, true), Catch::Contains("another study"));
}

TEST_CASE("Morris and Sobol sweeps write sensitivity indices", "[sweep][sensitivity]") {
    TempDir dir;
    const Sweep morris(parse_study("base: \"tiny\"\nlevers { path: \"factory.capacity\" range { min: 5 max: 60 } }\n"
                                   "levers { path: \"factory.rent_subsidy\" range { min: 0 max: 1 } }\n"
                                   "design: MORRIS\ntrajectories: 2\nkpis: [\"jobs\", \"factory_occupancy\"]\n",
                                   "morris.textproto", kStudies));
    REQUIRE(morris.plan().size() == 2 * 3);
    sweep_into(morris, dir / "m", 2);
    const auto m = lines_of(slurp(dir / "m" / kSensitivityFile));
    REQUIRE(m.size() == 1 + 2 * 2);
    CHECK(m[0] == "kpi,lever,mu,mu_star,sigma,effects,mu_star_ci_low,mu_star_ci_high\n");
    CHECK(m[1].starts_with("jobs,factory.capacity,"));

    const Sweep sobol(parse_study("base: \"tiny\"\nlevers { path: \"factory.capacity\" range { min: 5 max: 60 } }\n"
                                  "design: SOBOL\nsamples: 3\nbootstrap: 20\nkpis: [\"factory_occupancy\"]\n",
                                  "sobol.textproto", kStudies));
    REQUIRE(sobol.plan().size() == 3 * 3);
    sweep_into(sobol, dir / "s", 2);
    const auto s = lines_of(slurp(dir / "s" / kSensitivityFile));
    REQUIRE(s.size() == 2);
    CHECK(s[0].starts_with("kpi,lever,first_order,"));
}

TEST_CASE("compare pairs the arms of a sweep by replication", "[compare]") {
    TempDir dir;
    sweep_into(small_sweep(), dir / "s", 2);
    const auto arms = load_arms(dir / "s");
    REQUIRE(arms.size() == 2);
    CHECK(arms[0].label == "factory.capacity=10");
    CHECK(arms[1].label == "factory.capacity=40");
    CHECK(arms[0].kpis == std::vector<std::string>{"jobs", "active_startups", "factory_occupancy"});
    const auto comparisons = compare_arms(arms);
    REQUIRE(comparisons.size() == 3);
    CHECK(comparisons[0].paired[1]);
    CHECK(comparisons[0].arms[0].n == 2);
    const double expected =
        (arms[1].values[0][0] - arms[0].values[0][0] + arms[1].values[0][1] - arms[0].values[0][1]) / 2;
    CHECK(comparisons[0].differences[1].mean == Approx(expected));
    CHECK(comparisons[0].differences[0].mean == 0);
    CHECK_THROWS_AS(load_arms(dir / "missing"), innosim::InputError);
}

TEST_CASE("compare falls back to Welch when runs do not share seeds", "[compare]") {
    Arm a{.label = "a", .seeds = {1, 1, 1}, .replications = {0, 1, 2}, .kpis = {"jobs"}, .values = {{10, 12, 11}}};
    Arm b{.label = "b", .seeds = {5, 5, 5}, .replications = {0, 1, 2}, .kpis = {"jobs"}, .values = {{20, 22, 21}}};
    const auto c = compare_arms({a, b});
    REQUIRE(c.size() == 1);
    CHECK_FALSE(c[0].paired[1]);
    CHECK(c[0].differences[1].mean == Approx(10));
    CHECK(c[0].differences[1].excludes_zero());
}

TEST_CASE("pilot runs are the study's own runs of the points they choose", "[sweep][pilot]") {
    const Sweep smoke(load_study(kStudies + "/smoke.textproto"));
    REQUIRE(smoke.points().size() == 4);
    const std::uint32_t replications = smoke.spec().replications;
    // Three of four points: the first, the last and one evenly between.
    const std::vector<Arm> arms = run_pilot(smoke.spec(), replications, 3, 2);
    REQUIRE(arms.size() == 3);
    CHECK(arms[0].point == 0);
    CHECK(arms[1].point == 1);
    CHECK(arms[2].point == 3);
    for (const Arm& arm : arms) {
        REQUIRE(arm.seeds.size() == replications);
        for (std::uint32_t r = 0; r < replications; ++r) {
            const RunRecord record = smoke.execute(arm.point * replications + r);
            CHECK(arm.replications[r] == r);
            CHECK(arm.seeds[r] == smoke.plan()[arm.point * replications + r].seed);
            for (std::size_t k = 0; k < arm.kpis.size(); ++k) {
                CHECK(arm.values[k][r] == record.kpis[k]);
            }
        }
    }
    // Fewer replications than the study: its first ones; pairs by replication under the study's seeds.
    const std::vector<Arm> two = run_pilot(smoke.spec(), 2, 8, 1);
    REQUIRE(two.size() == 4);
    CHECK(two[3].values[0] == std::vector<double>{arms[2].values[0][0], arms[2].values[0][1]});
    CHECK(compare_arms(two)[0].paired[3]);
}

TEST_CASE("the report is one self-contained HTML page", "[report]") {
    TempDir dir;
    sweep_into(small_sweep(true), dir / "s", 2);
    const ReportData data = load_report_data(dir / "s");
    CHECK(data.title == "small");
    CHECK(data.arms.size() == 2);
    CHECK(data.trajectory_kpis.size() == 3);
    CHECK(data.sensitivity_method == "main_effects");
    const std::string html = render_report(data);
    CHECK(html.starts_with("<!doctype html>"));
    for (const char* section : {"id=\"findings\"", "id=\"table\"", "id=\"trajectories\"", "id=\"sensitivity\"",
                                "id=\"flows\"", "id=\"provenance\"", "<svg", "class=\"band\""}) {
        CHECK_THAT(html, Catch::Contains(section));
    }
    // Nothing to fetch: no scripts, no stylesheets, images or fonts from elsewhere.
    for (const char* external : {"<script", "<link", "src=", "url(", "@import", "href=\"http"}) {
        CHECK_THAT(html, !Catch::Contains(external));
    }
    CHECK_THROWS_AS(load_report_data(dir / "nothing"), innosim::InputError);
}

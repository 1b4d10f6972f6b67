// End-to-end tests of `innosim validate` and `innosim inspect`: run the real binary on fixture
// files and on run files written here, check exit codes and messages.
#include "sim/io/kpi_registry.hpp"
#include "sim/io/run_file.hpp"
#include "tests/cli/cli_harness.hpp"

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
namespace io = innosim::io;
namespace run = innosim::run;

const std::string kScenarios = std::string(INNOSIM_SOURCE_DIR) + "/tests/data/scenarios/";

void write_small_run(const fs::path& path) {
    run::RunHeader header;
    header.mutable_scenario()->set_name("Tiny test city");
    header.set_scenario_sha256("abc123");
    header.set_seed(7);
    header.set_start_date("1401/01/01");
    header.set_horizon_date("1404/12/29");
    header.set_end_date("1405/12/29");
    header.set_ticks_per_day(innosim::sim::kTicksPerDay);
    header.add_overrides("factory.capacity=120");
    header.mutable_provenance()->set_engine_version("0.1.0");
    io::RunFileWriter writer(path);
    writer.write_header(header);
    for (int day = 0; day < 40; ++day) {
        run::Frame frame;
        if (day % 10 == 0) {
            frame.mutable_snapshot()->set_time(innosim::sim::days(day));
        } else {
            auto* event = frame.mutable_events()->add_events();
            event->set_time(innosim::sim::days(day));
            event->set_kind(run::TRANSFER);
        }
        writer.write_frame(frame);
    }
    run::Footer footer;
    footer.mutable_horizon_kpis()->set_jobs(4321);
    footer.mutable_horizon_kpis()->set_municipal_savings_rial(9'000'000'000'000'000'001); // beyond 2^53
    footer.mutable_end_kpis()->set_jobs(5000);
    footer.mutable_ledger()->set_transfers(36);
    footer.mutable_engine()->set_events(36);
    footer.mutable_engine()->set_wall_seconds(0.5);
    writer.finish(footer);
}

} // namespace

TEST_CASE("validate accepts a good scenario", "[cli][validate]") {
    TempDir dir;
    const auto r = run_cli(dir, "validate '" + kScenarios + "tiny.textproto'");
    REQUIRE(r.exit_code == 0);
    REQUIRE(r.out == "ok  " + kScenarios +
                         "tiny.textproto (2 departments, 2 problems, 2 funders, 2 districts, 1 interventions)\n");
    REQUIRE(r.err.empty());
}

TEST_CASE("validate reports every problem of every bad file, with exit code 2", "[cli][validate]") {
    TempDir dir;
    const auto r = run_cli(dir, "validate '" + kScenarios + "tiny.textproto' '" + kScenarios +
                                    "out_of_range.textproto' '" + kScenarios + "unknown_field.textproto'");
    REQUIRE(r.exit_code == 2);
    REQUIRE_THAT(r.out, Catch::StartsWith("ok  " + kScenarios + "tiny.textproto"));
    REQUIRE_THAT(r.err, Catch::Contains(kScenarios + "out_of_range.textproto:5:3: factory.capacity: 1000000 is out "
                                                     "of range; expected a whole number from 0 to 100000 (teams)"));
    REQUIRE_THAT(r.err, Catch::Contains("out_of_range.textproto:3:1: start: \"1401/13/01\" is not a Solar Hijri date"));
    REQUIRE_THAT(r.err, Catch::Contains("out_of_range.textproto:10:24: departments[0].problems[1].difficulty"));
    REQUIRE_THAT(r.err, Catch::Contains("unknown_field.textproto:3:3: factory.capacityy: no such field in "
                                        "InnovationFactory; did you mean 'capacity'?"));
    REQUIRE_THAT(r.err, Catch::EndsWith("innosim: 2 of 3 files have errors\n"));
}

TEST_CASE("validate resolves a variant's base and checks its levers against it", "[cli][validate]") {
    TempDir dir;
    std::ofstream(dir / "variant.textproto") << "base: \"" << kScenarios << "tiny.textproto\"\n"
                                             << "overrides: \"departments[Transport].payment_delay_days=30\"\n"
                                             << "overrides: \"departments[Fire].payment_delay_days=30\"\n";
    const auto r = run_cli(dir, "validate " + quote(dir / "variant.textproto"));
    REQUIRE(r.exit_code == 2);
    REQUIRE_THAT(r.err, Catch::Contains("variant.textproto:3:1: overrides[1]:") &&
                            Catch::Contains("no element of departments is named 'Fire'") &&
                            Catch::Contains("Transport & Traffic, Urban Services & Waste"));
}

TEST_CASE("validate: syntax errors, wrong types, missing files and no arguments are bad input", "[cli][validate]") {
    TempDir dir;
    auto r = run_cli(dir, "validate '" + kScenarios + "syntax_error.textproto'");
    REQUIRE(r.exit_code == 2);
    REQUIRE_THAT(r.err, Catch::Contains("syntax_error.textproto:6:"));
    r = run_cli(dir, "validate '" + kScenarios + "wrong_type.textproto'");
    REQUIRE(r.exit_code == 2);
    REQUIRE_THAT(r.err, Catch::Contains("wrong_type.textproto:3:13: factory.capacity: \"sixty\" is not a number; "
                                        "expected a whole number from 0 to 100000 (teams)"));
    r = run_cli(dir, "validate " + quote(dir / "missing.textproto"));
    REQUIRE(r.exit_code == 2);
    REQUIRE_THAT(r.err, Catch::Contains("missing.textproto: no such scenario file"));
    r = run_cli(dir, "validate");
    REQUIRE(r.exit_code == 2);
}

TEST_CASE("inspect prints header, counts, time span in dates, and summary", "[cli][inspect]") {
    TempDir dir;
    const auto path = dir / "small.innorun";
    write_small_run(path);
    const auto r = run_cli(dir, "inspect " + quote(path));
    REQUIRE(r.exit_code == 0);
    REQUIRE(r.err.empty());
    REQUIRE_THAT(r.out, Catch::Contains("Tiny test city") && Catch::Contains("sha256 abc123"));
    REQUIRE_THAT(r.out, Catch::Contains("1401/01/01 -> horizon 1404/12/29 -> end 1405/12/29"));
    REQUIRE_THAT(r.out, Catch::Contains("factory.capacity=120"));
    REQUIRE_THAT(r.out, Catch::Contains("36 event batches (36 events), 4 snapshots"));
    REQUIRE_THAT(r.out, Catch::Contains("= 1401/01/01 .. 1401/02/09")); // day 39 = 9 Ordibehesht
    REQUIRE_THAT(r.out, Catch::Contains("jobs") && Catch::Contains("4321") && Catch::Contains("5000"));
    REQUIRE_THAT(r.out, Catch::Contains("36 transfers, imbalance 0 Rial"));
}

TEST_CASE("inspect --json prints valid JSON with the summary contract's keys", "[cli][inspect]") {
    TempDir dir;
    const auto path = dir / "small.innorun";
    write_small_run(path);
    const auto r = run_cli(dir, "inspect --json " + quote(path));
    REQUIRE(r.exit_code == 0);
    // A strict parse proves the document is JSON; the raw text proves numbers are not quoted.
    boost::property_tree::ptree doc;
    std::istringstream in(r.out);
    REQUIRE_NOTHROW(boost::property_tree::read_json(in, doc));
    REQUIRE(doc.get<std::string>("scenario") == "Tiny test city");
    REQUIRE(doc.get<int>("seed") == 7);
    REQUIRE(doc.get<std::string>("start") == "1401/01/01");
    REQUIRE(doc.get<std::string>("horizon") == "1404/12/29");
    REQUIRE(doc.get_child("kpis").size() == innosim::io::kKpiCount);
    REQUIRE(doc.get<int>("kpis.jobs") == 4321);
    REQUIRE(doc.get<std::int64_t>("kpis.municipal_savings_rial") == 9'000'000'000'000'000'001);
    REQUIRE(doc.get<int>("ledger.transfers") == 36);
    REQUIRE(doc.get<int>("ledger.imbalance_rial") == 0);
    REQUIRE(doc.get<double>("engine.wall_seconds") == 0.5);
    REQUIRE(doc.get<int>("end_kpis.jobs") == 5000);
    REQUIRE(doc.get<int>("frames.snapshot_frames") == 4);
    REQUIRE(doc.get<std::string>("time.last_date") == "1401/02/09");
    REQUIRE(doc.get_child("overrides").size() == 1);
    REQUIRE_THAT(r.out, Catch::StartsWith("{\n  \"scenario\": \"Tiny test city\",\n  \"seed\": 7,\n"));
    REQUIRE_THAT(r.out, Catch::Contains("\"municipal_savings_rial\": 9000000000000000001,"));
    REQUIRE_THAT(r.out, Catch::Contains("\"parent\": null,"));
}

TEST_CASE("inspect: a file that is not a run file, truncated or missing is bad input", "[cli][inspect]") {
    TempDir dir;
    auto r = run_cli(dir, "inspect '" + kScenarios + "tiny.textproto'");
    REQUIRE(r.exit_code == 2);
    REQUIRE_THAT(r.err, Catch::Contains("tiny.textproto is not an innosim run file"));

    const auto path = dir / "small.innorun";
    write_small_run(path);
    const std::string bytes = slurp(path);
    const auto cut = dir / "cut.innorun";
    std::ofstream(cut, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    r = run_cli(dir, "inspect --json " + quote(cut));
    REQUIRE(r.exit_code == 2);
    REQUIRE_THAT(r.err, Catch::Contains(cut.string()) && Catch::Contains("truncated"));
    REQUIRE(r.out.empty());

    r = run_cli(dir, "inspect " + quote(dir / "missing.innorun"));
    REQUIRE(r.exit_code == 2);
    REQUIRE_THAT(r.err, Catch::Contains("cannot open"));
}

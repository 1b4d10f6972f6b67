// End-to-end tests of `innosim run`, `export`, `calibrate`, `date` and the help texts.
#include "tests/cli/cli_harness.hpp"

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>

using Catch::Matchers::Contains;

TEST_CASE("run writes the KPI table, the run file and the summary JSON", "[cli][run]") {
    TempDir dir;
    const Result r =
        run_cli(dir, "run tiny --out " + quote(dir / "t.innorun") + " --summary-json " + quote(dir / "s.json"));
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Contains("at horizon 1402/12/29"));
    CHECK_THAT(r.out, Contains("median (90% of futures)"));
    CHECK_THAT(r.out, Contains("Knowledge-based firms"));
    CHECK_THAT(r.out, Contains("Jobs \u2265 500: met in "));
    CHECK_THAT(r.out, Contains("20 of 20 replications balanced to 0 Rial"));
    const Result one = run_cli(dir, "run tiny -r 1 --no-record");
    REQUIRE(one.exit_code == 0);
    CHECK_THAT(one.out, Contains("imbalance 0 Rial"));
    CHECK_THAT(one.out, Contains(" met") || Contains(" missed"));
    CHECK(fs::file_size(dir / "t.innorun") > 10000);
    boost::property_tree::ptree json;
    boost::property_tree::read_json((dir / "s.json").string(), json);
    CHECK(json.get<std::string>("scenario") == "tiny");
    CHECK(json.get<std::string>("horizon") == "1402/12/29");
    CHECK(json.get<long long>("ledger.imbalance_rial") == 0);
    CHECK(json.get<long long>("engine.events") > 0);
    for (const char* kpi : {"active_startups", "knowledge_based_firms", "jobs", "startups_founded", "startups_failed",
                            "exits", "municipal_savings_rial", "new_revenue_rial", "sustainable_revenue_share",
                            "import_dependency_index", "priority_problems_solved", "quality_of_life_index",
                            "public_rial_per_job", "private_leverage", "factory_occupancy"}) {
        INFO(kpi);
        CHECK(json.get_optional<double>(std::string("kpis.") + kpi).has_value());
    }
}

TEST_CASE("run's header lists every lever changed from the base, in words", "[cli][run]") {
    TempDir dir;
    const Result r = run_cli(dir, "run tiny -r 2 --no-record --set 'departments[*].payment_delay_days=30' "
                                  "--set factory.capacity=2.6e1");
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Contains("Levers changed from tiny (beyond the description above):\n"
                               "  from the start  payment delay of every department: 120 / 90 → 30 days (--set)\n"
                               "  from the start  factory capacity: 20 → 26 teams (--set)\n"));
    CHECK_THAT(r.err, Contains("warning: --set factory.capacity=2.6e1: the scenario changes factory.capacity again "
                               "on 1402/07/01 (to 30)"));
    const Result plain = run_cli(dir, "run tiny -r 1 --no-record");
    CHECK_THAT(plain.out, !Contains("Levers changed"));
}

TEST_CASE("bad input to run exits 2 and writes nothing", "[cli][run]") {
    TempDir dir;
    std::ofstream(dir / "bad.textproto") << "name: \"x\"\nfactory { capacity: -3 }\n";
    const std::string outputs = " --out " + quote(dir / "r.innorun") + " --summary-json " + quote(dir / "s.json");
    for (const std::string& args :
         {"run " + quote(dir / "bad.textproto") + outputs, "run no_such_scenario" + outputs,
          "run tiny --set factory.capacity=-1" + outputs, "run tiny --set nonsense.field=1" + outputs,
          "run tiny --seed banana" + outputs, "run tiny --out " + quote(dir / "missing" / "r.innorun")}) {
        INFO(args);
        const Result r = run_cli(dir, args);
        CHECK(r.exit_code == 2);
        CHECK(!r.err.empty());
        CHECK(!fs::exists(dir / "r.innorun"));
        CHECK(!fs::exists(dir / "s.json"));
    }
    const Result located = run_cli(dir, "run " + quote(dir / "bad.textproto"));
    CHECK_THAT(located.err, Contains("bad.textproto:2:"));
    CHECK_THAT(located.err, Contains("capacity"));
}

TEST_CASE("export writes tidy CSVs; a corrupt run file exits 2", "[cli][export]") {
    TempDir dir;
    REQUIRE(run_cli(dir, "run tiny --out " + quote(dir / "t.innorun")).exit_code == 0);
    const Result r = run_cli(dir, "export " + quote(dir / "t.innorun") + " --csv " + quote(dir / "csv"));
    REQUIRE(r.exit_code == 0);
    CHECK(slurp(dir / "csv" / "kpis.csv").rfind("time_days,date,kpi,value\n", 0) == 0);
    CHECK_THAT(slurp(dir / "csv" / "kpis.csv"), Contains(",jobs,"));
    CHECK_THAT(slurp(dir / "csv" / "events.csv"), Contains("STARTUP_FOUNDED"));
    CHECK_THAT(slurp(dir / "csv" / "flows.csv"), Contains("GRANT"));
    CHECK_THAT(slurp(dir / "csv" / "startups.csv"), Contains("date,id,stage"));

    std::string bytes = slurp(dir / "t.innorun");
    bytes.resize(bytes.size() / 2);
    std::ofstream(dir / "half.innorun", std::ios::binary) << bytes;
    const Result bad = run_cli(dir, "export " + quote(dir / "half.innorun") + " --csv " + quote(dir / "csv2"));
    CHECK(bad.exit_code == 2);
    CHECK_THAT(bad.err, Contains("half.innorun"));
}

TEST_CASE("calibrate prints every fact with its band", "[cli][calibrate]") {
    TempDir dir;
    const Result r = run_cli(dir, "calibrate tiny --replications 2");
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Contains("survival at 1 year"));
    CHECK_THAT(r.out, Contains("certification approval rate"));
    CHECK_THAT(r.out, Contains("facts inside their bands"));
    CHECK(run_cli(dir, "calibrate tiny --replications 0").exit_code == 2);
}

TEST_CASE("date converts both ways and rejects impossible dates", "[cli][date]") {
    TempDir dir;
    const Result nowruz = run_cli(dir, "date 1404/01/01");
    REQUIRE(nowruz.exit_code == 0);
    CHECK_THAT(nowruz.out, Contains("2025-03-21"));
    CHECK_THAT(nowruz.out, Contains("Friday"));
    const Result back = run_cli(dir, "date 2024-03-20");
    REQUIRE(back.exit_code == 0);
    CHECK_THAT(back.out, Contains("1403/01/01"));
    CHECK(run_cli(dir, "date 1403/12/30").exit_code == 0);
    const Result not_leap = run_cli(dir, "date 1404/12/30");
    CHECK(not_leap.exit_code == 2);
    CHECK_THAT(not_leap.err, Contains("29"));
}

TEST_CASE("every subcommand has help and the version is printed", "[cli]") {
    TempDir dir;
    const Result help = run_cli(dir, "--help");
    REQUIRE(help.exit_code == 0);
    for (const char* sub : {"run", "validate", "inspect", "export", "calibrate", "bench", "date"}) {
        INFO(sub);
        CHECK_THAT(help.out, Contains(sub));
        const Result sub_help = run_cli(dir, std::string(sub) + " --help");
        CHECK(sub_help.exit_code == 0);
        CHECK(sub_help.out.size() > 80);
    }
    const Result version = run_cli(dir, "--version");
    CHECK(version.exit_code == 0);
    CHECK_THAT(version.out, Contains("innosim 0."));
    CHECK(run_cli(dir, "no-such-command").exit_code == 2);
}

// Scenario loading: built-ins, variants on a base, overrides, and every kind of bad input named
// with its file, line, field and allowed range.
#include "agents/scenario_loader.hpp"
#include "sim/input_error.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>

using namespace innosim::agents;
using Catch::Matchers::Contains;
using innosim::InputError;

namespace {

std::string tiny_with(const std::string& from, const std::string& to) {
    std::string text(builtin_scenario_text("tiny"));
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    return text;
}

std::string load_error(const std::string& text) {
    try {
        load_scenario_text(text, "city.textproto");
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST_CASE("the built-in scenarios load, the baseline first", "[agents][scenario]") {
    const auto names = builtin_scenario_names();
    REQUIRE(names.size() >= 2);
    CHECK(names.front() == "mashhad_baseline");
    const LoadedScenario baseline = load_scenario("mashhad_baseline");
    CHECK(baseline.params.start_date == "1401/01/01");
    CHECK(baseline.params.horizon_date == "1404/12/29");
    CHECK(baseline.params.end_date == "1406/12/29");
    CHECK(baseline.params.departments.size() >= 9);
    CHECK(baseline.params.districts.size() == 13);
    CHECK(baseline.params.horizon < baseline.params.end);
}

TEST_CASE("bad scenarios are rejected with file, line, field and range", "[agents][scenario]") {
    SECTION("unknown district") {
        const std::string error =
            load_error(tiny_with("district: \"Center\"\n  annual", "district: \"Nowhere\"\n  annual"));
        CHECK_THAT(error, Contains("city.textproto:"));
        CHECK_THAT(error, Contains("departments[0].district"));
        CHECK_THAT(error, Contains("unknown district \"Nowhere\""));
    }
    SECTION("negative budget") {
        const std::string error = load_error(tiny_with("annual_budget_rial: 200000000000", "annual_budget_rial: -5"));
        CHECK_THAT(error, Contains("departments[0].annual_budget_rial"));
        CHECK_THAT(error, Contains("-5"));
        CHECK(std::regex_search(error, std::regex("city\\.textproto:[0-9]+:[0-9]+")));
    }
    SECTION("a date before the start") {
        const std::string error = load_error(tiny_with("at: \"1402/07/01\"", "at: \"1399/01/01\""));
        CHECK_THAT(error, Contains("interventions[0].at: 1399/01/01 is before the run starts; expected a date from "
                                   "1401/01/01 to 1403/12/30"));
    }
    SECTION("a probability above 1") {
        const std::string error = load_error(tiny_with("emigration_per_year: 0.05", "emigration_per_year: 1.5"));
        CHECK_THAT(error, Contains("talent.emigration_per_year: 1.5 is out of range; expected a number from 0 to 1"));
    }
    SECTION("a lever out of its documented range") {
        const std::string error = load_error(tiny_with("capacity: 20", "capacity: 2000000"));
        CHECK_THAT(error, Contains("factory.capacity"));
        CHECK_THAT(error, Contains("100000"));
    }
    SECTION("horizon after end") {
        const std::string error = load_error(tiny_with("end: \"1403/12/30\"", "end: \"1402/01/01\""));
        CHECK_THAT(error, Contains("end"));
    }
    SECTION("an intervention on an unknown lever") {
        const std::string error = load_error(tiny_with("path: \"factory.capacity\"", "path: \"factory.capacitee\""));
        CHECK_THAT(error, Contains("capacitee"));
    }
    SECTION("a target that is not a KPI") {
        const std::string error = load_error(tiny_with("kpi: \"jobs\"", "kpi: \"happiness\""));
        CHECK_THAT(error, Contains("targets[0].kpi"));
    }
}

TEST_CASE("a variant changes its base only through overrides and interventions", "[agents][scenario]") {
    const auto dir = std::filesystem::temp_directory_path() / ("innosim_variant_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "variant.textproto")
        << "name: \"bigger factory\"\nbase: \"tiny\"\n"
           "overrides: \"factory.capacity=40\"\n"
           "interventions { at: \"1402/01/01\" path: \"factory.rent_subsidy\" value: \"0.9\" }\n";
    const LoadedScenario variant = load_scenario((dir / "variant.textproto").string());
    CHECK(variant.params.name == "bigger factory");
    CHECK(variant.params.factory.capacity == 40);
    REQUIRE(variant.changes.size() == 2); // the base's own intervention and the variant's
    CHECK(variant.changes.back().params.factory.rent_subsidy == Approx(0.9));

    std::ofstream(dir / "bad.textproto") << "base: \"tiny\"\nfactory { capacity: 5 }\n";
    CHECK_THROWS_WITH(load_scenario((dir / "bad.textproto").string()), Contains("overrides or interventions"));
    std::ofstream(dir / "missing.textproto") << "base: \"no_such_city\"\n";
    CHECK_THROWS_WITH(load_scenario((dir / "missing.textproto").string()), Contains("no_such_city"));
    std::filesystem::remove_all(dir);
}

TEST_CASE("lever overrides from --set are validated against the schema", "[agents][scenario]") {
    LoadedScenario loaded = load_scenario("tiny");
    apply_overrides(loaded, {"factory.capacity=50", "departments[Transport].payment_delay_days=30"});
    CHECK(loaded.params.factory.capacity == 50);
    CHECK(loaded.params.departments[0].payment_delay_days == 30);
    CHECK_THROWS_AS(apply_overrides(loaded, {"factory.capacity=-1"}), InputError);
    CHECK_THROWS_AS(apply_overrides(loaded, {"departments[Nowhere].payment_delay_days=30"}), InputError);
    CHECK_THROWS_AS(apply_overrides(loaded, {"nonsense"}), InputError);
}

TEST_CASE("every policy variant in scenarios/policies loads", "[agents][scenario]") {
    int count = 0;
    for (const auto& entry :
         std::filesystem::directory_iterator(std::string(INNOSIM_SOURCE_DIR) + "/scenarios/policies")) {
        INFO(entry.path());
        const LoadedScenario variant = load_scenario(entry.path().string());
        CHECK(!variant.changes.empty());
        ++count;
    }
    CHECK(count >= 6);
}

namespace {

/// A directory of scenario files for one test, removed at the end.
struct ScenarioDir {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("innosim_loader_" + std::to_string(::getpid()));
    ScenarioDir() { std::filesystem::create_directories(path); }
    ~ScenarioDir() { std::filesystem::remove_all(path); }
    std::string write(const std::string& name, const std::string& text) const {
        std::ofstream(path / name) << text;
        return (path / name).string();
    }
};

std::string file_error(const std::string& file) {
    try {
        load_scenario(file);
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST_CASE("a base is a file that exists or a built-in by name, never a fallback", "[agents][scenario]") {
    const ScenarioDir dir;
    // A path that does not exist is an error, even when its name is a built-in's.
    const std::string wrong = dir.write("v.textproto", "base: \"../mashhad_baseline.textproto\"\n");
    CHECK_THAT(file_error(wrong), Contains("v.textproto:1:1: base: no scenario file ") &&
                                      Contains("mashhad_baseline.textproto; expected a file relative to this "
                                               "scenario or a built-in name") &&
                                      Contains("did you mean the built-in 'mashhad_baseline'?"));
    CHECK_THAT(file_error(dir.write("w.textproto", "base: \"/nonexistent/dir/tiny.textproto\"\n")),
               Contains("no scenario file /nonexistent/dir/tiny.textproto"));
    // A built-in by name, and a misspelt one answered with the nearest.
    CHECK_NOTHROW(load_scenario(dir.write("b.textproto", "base: \"tiny\"\n")));
    CHECK_THAT(file_error(dir.write("c.textproto", "base: \"tinny\"\n")),
               Contains("c.textproto:1:1: base: \"tinny\" is neither a file next to this scenario nor a built-in") &&
                   Contains("did you mean 'tiny'?"));
    // A file next to the variant is used, not the built-in of the same name.
    dir.write("tiny.textproto", tiny_with("name: \"tiny\"", "name: \"local copy\""));
    const LoadedScenario local = load_scenario(dir.write("d.textproto", "base: \"tiny.textproto\"\n"));
    CHECK(local.params.name == "local copy");
    CHECK_THAT(file_error((dir.path / "nowhere.textproto").string()),
               Contains("no such scenario file, and no built-in scenario of that name"));
    CHECK_THAT(file_error("mashhad_basline"), Contains("did you mean 'mashhad_baseline'?"));
}

TEST_CASE("targets name a KPI and a value in its unit and range", "[agents][scenario]") {
    CHECK_THAT(load_error(tiny_with("kpi: \"jobs\"", "kpi: \"job\"")),
               Contains("targets[0].kpi: \"job\" is not a KPI; did you mean 'jobs'?"));
    CHECK_THAT(load_error(tiny_with("kpi: \"jobs\" value: 500", "kpi: \"sustainable_revenue_share\" value: 25")),
               Contains("targets[0].value: 25 is out of range for sustainable_revenue_share; expected a value from "
                        "0 to 1 (share (0-1)); did you mean 0.25 (25 %)?"));
    CHECK_THAT(load_error(tiny_with("kpi: \"jobs\" value: 500", "kpi: \"jobs\" value: -3")),
               Contains("targets[0].value: -3 is out of range for jobs; expected a value >= 0 (jobs)"));
    CHECK_THAT(load_error(tiny_with("targets {", "targets { kpi: \"jobs\" value: 3 }\ntargets {")),
               Contains("targets[1].kpi: a second target for jobs; expected one target per KPI"));
}

TEST_CASE("a variant's targets add to its base's or replace them by KPI", "[agents][scenario]") {
    const ScenarioDir dir;
    const LoadedScenario variant =
        load_scenario(dir.write("v.textproto", "base: \"tiny\"\n"
                                               "targets { kpi: \"exits\" value: 3 }\n"
                                               "targets { kpi: \"jobs\" value: 800 source: \"the variant's\" }\n"));
    REQUIRE(variant.scenario.targets_size() == 2);
    CHECK(variant.scenario.targets(0).kpi() == "jobs"); // the base's target, in its place, replaced
    CHECK(variant.scenario.targets(0).value() == 800);
    CHECK(variant.scenario.targets(0).source() == "the variant's");
    CHECK(variant.scenario.targets(1).kpi() == "exits");
    const LoadedScenario plain = load_scenario(dir.write("p.textproto", "base: \"tiny\"\n"));
    REQUIRE(plain.scenario.targets_size() == 1); // none given: the base's stay
}

TEST_CASE("every problem of a variant at once, each at its field", "[agents][scenario]") {
    const ScenarioDir dir;
    const std::string error = file_error(dir.write(
        "v.textproto",
        "base: \"tiny\"\n"
        "interventions { at: \"1402/01/01\" path: \"municipality.innovation_budget\" value: \"0.008\" }\n"
        "interventions { at: \"1402/01/01\" path: \"departments[Wastte].payment_delay_days\" value: \"30\" }\n"
        "interventions { path: \"factory.capacity\" value: \"50\" }\n"
        "interventions { at: \"2024-03-20\" path: \"factory.capacity\" value: 50 }\n"
        "targets { kpi: \"job\" value: 4000 }\n"));
    CHECK_THAT(error, Contains("v.textproto:2:34: interventions[0].path: municipality has no field "
                               "'innovation_budget'; did you mean 'innovation_budget_share'?"));
    CHECK_THAT(error, Contains("v.textproto:3:34: interventions[1].path: departments[Wastte]: no element of "
                               "departments is named 'Wastte'; did you mean 'Waste'?"));
    CHECK_THAT(error, Contains("v.textproto:4:1: interventions[2].at: the date is missing; expected at: "
                               "\"YYYY/MM/DD\" (Solar Hijri)"));
    CHECK_THAT(error, Contains("v.textproto:5:17: interventions[3].at: \"2024-03-20\" is a Gregorian date; "
                               "expected a Solar Hijri date YYYY/MM/DD; did you mean \"1403/01/01\"?"));
    CHECK_THAT(error, Contains("v.textproto:6:11: targets[0].kpi: \"job\" is not a KPI; did you mean 'jobs'?"));
    CHECK_THAT(error, !Contains("override"));
}

TEST_CASE("suspicious but legal levers are warnings", "[agents][scenario]") {
    const ScenarioDir dir;
    const std::string file =
        dir.write("v.textproto",
                  "base: \"tiny\"\n"
                  "interventions { at: \"1402/01/01\" path: \"factory.capacity\" value: \"40\" }\n"
                  "interventions { at: \"1402/01/01\" path: \"factory.capacity\" value: \"50\" }\n"
                  "interventions { at: \"1402/02/01\" path: \"departments[*].payment_delay_days\" value: 30 }\n"
                  "interventions { at: \"1402/02/01\" path: \"departments[Waste].payment_delay_days\" value: 30 }\n"
                  "interventions { at: \"1409/01/01\" path: \"factory.capacity\" value: \"60\" }\n");
    const LoadedScenario loaded = load_scenario(file);
    REQUIRE(loaded.warnings.size() == 3);
    CHECK(loaded.warnings[0] == file + ":3:1: warning: interventions[1]: factory.capacity is set on 1402/01/01 "
                                       "by interventions[0] already (to 40); the later one, 50, applies");
    CHECK(loaded.warnings[1] == file + ":5:1: warning: interventions[3]: departments[Waste].payment_delay_days "
                                       "is set on 1402/02/01 by interventions[2] already (to the same value)");
    CHECK(loaded.warnings[2] == file + ":6:17: warning: interventions[4].at: 1409/01/01 is after the run's end "
                                       "(1403/12/30): this intervention never applies");
    CHECK(loaded.params.factory.capacity == 20); // nothing from the start
}

TEST_CASE("[*] sets a lever for every department, and the changes are listed in words", "[agents][scenario]") {
    LoadedScenario loaded = load_scenario("tiny");
    apply_overrides(loaded, {"departments[*].payment_delay_days=30", "factory.capacity=2.6e2"});
    for (const auto& department : loaded.params.departments) {
        CHECK(department.payment_delay_days == 30);
    }
    CHECK(loaded.params.factory.capacity == 260);
    const std::vector<std::string> lines = describe_lever_changes(loaded);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0] == "from the start  payment delay of every department: 120 / 90 → 30 days (--set)");
    CHECK(lines[1] == "from the start  factory capacity: 20 → 260 teams (--set)");
    // The tiny scenario changes the factory's capacity again on its own date: said, not hidden.
    REQUIRE(loaded.warnings.size() == 1);
    CHECK(loaded.warnings[0] ==
          "warning: --set factory.capacity=2.6e2: the scenario changes factory.capacity again on 1402/07/01 (to 30)");
}

TEST_CASE("every bad --set is reported at once", "[agents][scenario]") {
    LoadedScenario loaded = load_scenario("tiny");
    try {
        apply_overrides(loaded, {"factory.capacityy=5", "departments[Finanse].payment_delay_days=30"});
        FAIL("expected an InputError");
    } catch (const InputError& e) {
        const std::string error = e.what();
        CHECK_THAT(error, Contains("--set factory.capacityy=5: factory has no field 'capacityy'; did you mean "
                                   "'capacity'?"));
        CHECK_THAT(error, Contains("--set departments[Finanse].payment_delay_days=30: departments[Finanse]: no "
                                   "element of departments is named 'Finanse'"));
    }
}

TEST_CASE("a variant's run header lists its levers against the base", "[agents][scenario]") {
    const ScenarioDir dir;
    const LoadedScenario loaded = load_scenario(dir.write(
        "v.textproto", "base: \"tiny\"\n"
                       "overrides: \"departments[Transport].payment_delay_days=30\"\n"
                       "interventions { at: \"1402/01/01\" path: \"factory.rent_subsidy\" value: \"0.9\" note: \"cheap "
                       "desks\" }\n"));
    CHECK(loaded.base_name == "tiny");
    const std::vector<std::string> lines = describe_lever_changes(loaded);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0] == "from the start  payment delay of Transport: 120 → 30 days (overrides[0])");
    CHECK_THAT(lines[1], Catch::StartsWith("on 1402/01/01   factory rent subsidy: ") &&
                             Catch::EndsWith("→ 0.9 share (interventions[0]: cheap desks)"));
}

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
    SECTION("a date past the end") {
        const std::string error = load_error(tiny_with("at: \"1402/07/01\"", "at: \"1409/01/01\""));
        CHECK_THAT(error, Contains("interventions[0].at"));
        CHECK_THAT(error, Contains("outside the run"));
    }
    SECTION("a probability above 1") {
        const std::string error = load_error(tiny_with("emigration_per_year: 0.05", "emigration_per_year: 1.5"));
        CHECK_THAT(error, Contains("talent.emigration_per_year"));
        CHECK_THAT(error, Contains("[0, 1]"));
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

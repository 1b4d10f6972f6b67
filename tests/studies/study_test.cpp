// Study files: defaults, lever resolution, and every validation path with its file:line:col.
#include "sim/input_error.hpp"
#include "sim/io/kpi_registry.hpp"
#include "tools/studies/study.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace {

using innosim::InputError;
using namespace innosim::studies;

const std::string kScenarios = std::string(INNOSIM_SOURCE_DIR) + "/scenarios";

StudySpec parse(const std::string& text) {
    return parse_study(text, "test.textproto", kScenarios + "/studies");
}

/// The InputError message parse() throws for `text`.
std::string error_of(const std::string& text) {
    try {
        parse(text);
    } catch (const InputError& e) {
        return e.what();
    }
    FAIL("no InputError for:\n" << text);
    return {};
}

} // namespace

TEST_CASE("a minimal study gets its defaults", "[study]") {
    const StudySpec spec = parse("base: \"tiny\"\n");
    CHECK(spec.scenarios.size() == 1);
    CHECK(spec.scenarios[0].label == "tiny");
    CHECK(spec.message.design() == innosim::study::FULL_FACTORIAL);
    CHECK(spec.replications == 1);
    CHECK(spec.kpis.size() == innosim::io::kKpiCount);
    CHECK(spec.common_random_numbers);
    CHECK(spec.base_seed == 7); // tiny.textproto's seed
    CHECK(spec.design_seed == spec.base_seed);
    CHECK(spec.sha256.size() == 64);
}

TEST_CASE("the smoke study loads", "[study]") {
    const StudySpec spec = load_study(kScenarios + "/studies/smoke.textproto");
    REQUIRE(spec.levers.size() == 2);
    CHECK(spec.levers[0].label == "factory places");
    CHECK(spec.levers[0].levels == std::vector<std::string>{"10", "40"});
    CHECK(spec.replications == 5);
    CHECK(spec.base_seed == 11);
    CHECK(spec.monthly);
}

TEST_CASE("the study hash changes with the study text", "[study]") {
    CHECK(parse("base: \"tiny\"\n").sha256 == parse("base: \"tiny\"\n").sha256);
    CHECK(parse("base: \"tiny\"\n").sha256 != parse("base: \"tiny\"\nreplications: 2\n").sha256);
}

TEST_CASE("levers resolve by kind and field type", "[study]") {
    const StudySpec spec = parse(R"(base: "tiny"
levers { path: "factory.capacity" range { min: 10 max: 21 } }
levers { path: "factory.rent_subsidy" range { min: 0.2 max: 0.8 } }
levers { path: "departments[Transport].payment_delay_days" int_range { min: 30 max: 90 step: 30 } }
levers { path: "funders[0].local" choices: ["true", "false"] }
grid_levels: 3
)");
    REQUIRE(spec.levers.size() == 4);
    const LeverSpec& capacity = spec.levers[0];
    CHECK(capacity.kind == LeverKind::Range);
    CHECK(capacity.integer_field);
    CHECK(capacity.value_at(0) == "10");
    CHECK(capacity.value_at(0.5) == "16"); // 15.5 rounds to a whole number of teams
    CHECK(capacity.value_at(1) == "21");
    CHECK(capacity.factorial_levels(3) == std::vector<std::string>{"10", "16", "21"});

    const LeverSpec& subsidy = spec.levers[1];
    CHECK_FALSE(subsidy.integer_field);
    CHECK(subsidy.value_at(0.5) == "0.5");

    const LeverSpec& delay = spec.levers[2];
    CHECK(delay.kind == LeverKind::IntRange);
    CHECK(delay.level_count() == 3);
    CHECK(delay.factorial_levels(9) == std::vector<std::string>{"30", "60", "90"});
    CHECK(delay.value_at(0) == "30");
    CHECK(delay.value_at(0.34) == "60");
    CHECK(delay.value_at(1) == "90");

    const LeverSpec& local = spec.levers[3];
    CHECK(local.kind == LeverKind::Discrete);
    CHECK(local.value_at(0.2) == "true");
    CHECK(local.value_at(0.7) == "false");
}

TEST_CASE("syntax errors and unknown fields name file:line:col", "[study][errors]") {
    CHECK_THAT(error_of("base: \"tiny\"\nreplications: -3\n"), Catch::Contains("test.textproto:2:"));
    CHECK_THAT(error_of("base: \"tiny\"\n\nreplicatoins: 3\n"),
               Catch::Contains("test.textproto:3:1") && Catch::Contains("replicatoins"));
}

TEST_CASE("an unknown lever is reported at its line", "[study][errors]") {
    const std::string message = error_of("base: \"tiny\"\nlevers {\n  path: \"factory.capacityy\" values: [1]\n}\n");
    CHECK_THAT(message, Catch::Contains("test.textproto:3:3") && Catch::Contains("capacityy"));
}

TEST_CASE("an out-of-range lever value is reported at the value with the range", "[study][errors]") {
    const std::string message =
        error_of("base: \"tiny\"\nlevers { path: \"factory.rent_subsidy\" values: [0.5, 1.5] }\n");
    CHECK_THAT(message, Catch::StartsWith("test.textproto:2:53: levers[0].values[1]") &&
                            Catch::EndsWith("1.5 is out of range; expected a number from 0 to 1 (share)"));
    const std::string range =
        error_of("base: \"tiny\"\nlevers {\n  path: \"factory.capacity\"\n  range { min: 0 max: 200000 }\n}\n");
    CHECK_THAT(range,
               Catch::Contains("test.textproto:4:") && Catch::Contains("range.max") && Catch::Contains("100000"));
}

TEST_CASE("lever shape errors", "[study][errors]") {
    CHECK_THAT(error_of("base: \"tiny\"\nlevers { path: \"factory.capacity\" }\n"),
               Catch::Contains("test.textproto:2:") && Catch::Contains("exactly one of"));
    CHECK_THAT(error_of("base: \"tiny\"\nlevers { path: \"factory.capacity\" range { min: 9 max: 3 } }\n"),
               Catch::Contains("above max"));
    CHECK_THAT(error_of("base: \"tiny\"\nlevers { path: \"factory.capacity\" values: [10] }\n"
                        "levers { path: \"factory.capacity\" values: [20] }\n"),
               Catch::Contains("test.textproto:3:") && Catch::Contains("earlier lever"));
    CHECK_THAT(error_of("base: \"tiny\"\nlevers { path: \"factory.name\" range { min: 0 max: 1 } }\n"),
               Catch::Contains("not a number"));
}

TEST_CASE("unknown KPIs, missing scenarios and design parameters are errors", "[study][errors]") {
    CHECK_THAT(error_of("base: \"tiny\"\nkpis: \"jobs\"\nkpis: \"happiness\"\n"),
               Catch::Contains("test.textproto:3:") && Catch::Contains("happiness") && Catch::Contains("jobs"));
    CHECK_THAT(error_of("base: \"no_such_scenario\"\n"),
               Catch::Contains("test.textproto:1:") && Catch::Contains("no_such_scenario"));
    CHECK_THAT(error_of("replications: 2\n"), Catch::Contains("names no scenario"));
    CHECK_THAT(error_of("base: \"tiny\"\nlevers { path: \"factory.capacity\" values: [10, 20] }\n"
                        "design: LATIN_HYPERCUBE\n"),
               Catch::Contains("test.textproto:3:") && Catch::Contains("samples"));
    CHECK_THAT(error_of("base: \"tiny\"\nlevers { path: \"factory.capacity\" values: [10, 20] }\n"
                        "design: MORRIS\nlevels: 3\n"),
               Catch::Contains("test.textproto:4:") && Catch::Contains("even"));
    CHECK_THAT(error_of("base: \"tiny\"\ndesign: SOBOL\nsamples: 8\n"), Catch::Contains("at least one lever"));
}

TEST_CASE("a scenario factor expands wildcards in name order", "[study]") {
    const StudySpec spec = parse("base: \"../mashhad_baseline.textproto\"\nscenarios: \"../policies/*.textproto\"\n");
    REQUIRE(spec.scenarios.size() >= 3);
    CHECK(spec.scenarios[0].label == "Mashhad baseline");
    for (std::size_t i = 2; i < spec.scenarios.size(); ++i) {
        CHECK(spec.scenarios[i - 1].loaded.file < spec.scenarios[i].loaded.file);
    }
    CHECK_THAT(error_of("base: \"tiny\"\nscenarios: \"../policies/nothing_*.textproto\"\n"),
               Catch::Contains("test.textproto:2:") && Catch::Contains("no file matches"));
    CHECK_THAT(error_of("base: \"tiny\"\nscenarios: \"tiny\"\nlevers { path: \"factory.capacity\" values: [1, 2] }\n"
                        "design: MORRIS\n"),
               Catch::Contains("categorical factor"));
}

TEST_CASE("format_double reads back exactly", "[study]") {
    CHECK(format_double(120) == "120");
    CHECK(format_double(0.1) == "0.1");
    CHECK(format_double(-0.0) == "0");
    CHECK(format_double(5e12) == "5000000000000");
    CHECK(format_double(1e300) == "1e+300");
    const double third = 1.0 / 3.0;
    CHECK(std::stod(format_double(third)) == third);
}

TEST_CASE("a lever can set several fields to one value", "[study]") {
    const StudySpec spec = parse(R"(base: "tiny"
levers {
  path: "departments[Transport].payment_delay_days"
  also: ["departments[Waste].payment_delay_days"]
  label: "payment delay"
  values: [30, 90]
}
)");
    REQUIRE(spec.levers.size() == 1);
    CHECK(spec.levers[0].assignments("30") == std::vector<std::string>{"departments[Transport].payment_delay_days=30",
                                                                       "departments[Waste].payment_delay_days=30"});
    CHECK_THAT(error_of(R"(base: "tiny"
levers {
  path: "departments[Transport].payment_delay_days"
  also: ["departments[Nowhere].payment_delay_days"]
  values: [30]
}
)"),
               Catch::Contains("test.textproto:4:") && Catch::Contains("also[0]") && Catch::Contains("Nowhere"));
}

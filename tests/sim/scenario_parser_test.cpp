#include "sim/input_error.hpp"
#include "sim/io/scenario_parser.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace {

namespace io = innosim::io;
using innosim::InputError;

const std::string kData = std::string(INNOSIM_SOURCE_DIR) + "/tests/data/scenarios/";

/// 1-based line and column of the first occurrence of `needle` in `text`.
io::Location position_of(const std::string& text, const std::string& needle) {
    const std::size_t at = text.find(needle);
    REQUIRE(at != std::string::npos);
    const std::size_t line_start = text.rfind('\n', at);
    const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
    const int column = static_cast<int>(at - (line_start == std::string::npos ? 0 : line_start + 1)) + 1;
    return {line, column};
}

std::string error_of(const std::string& text, const std::string& file = "test.textproto",
                     const io::ScenarioCheck& checks = {}) {
    try {
        io::parse_scenario_text(text, file, checks);
    } catch (const InputError& e) {
        return e.what();
    }
    FAIL("expected an InputError");
    return {};
}

} // namespace

TEST_CASE("a valid scenario file loads, with every field", "[scenario_parser]") {
    const auto parsed = io::load_scenario_file(kData + "tiny.textproto");
    const auto& s = parsed.scenario;
    REQUIRE(s.name() == "Tiny test city");
    REQUIRE(s.departments_size() == 2);
    REQUIRE(s.departments(0).problems(1).category() == innosim::scenario::SERVICE_QUALITY);
    REQUIRE(s.municipality().annual_revenue_rial() == 500'000'000'000'000);
    REQUIRE(s.startups().employees_by_stage_size() == 6);
    REQUIRE(s.funders(0).local());
    REQUIRE(parsed.file == kData + "tiny.textproto");
    REQUIRE(parsed.text.find("Tiny test city") != std::string::npos);
}

TEST_CASE("locate() finds where a field was written", "[scenario_parser]") {
    const auto parsed = io::load_scenario_file(kData + "tiny.textproto");
    const std::string& text = parsed.text;
    const auto check = [&](const std::string& path, const std::string& needle) {
        INFO(path);
        const io::Location at = parsed.locate(path);
        const io::Location expected = position_of(text, needle);
        REQUIRE(at.line == expected.line);
        REQUIRE(at.column == expected.column);
    };
    check("factory.capacity", "capacity: 60");
    check("factory", "factory {");
    check("departments[1].payment_delay_days", "payment_delay_days: 120");
    check("departments[0].problems[1].difficulty", "difficulty: 0.6");
    check("departments[Transport & Traffic].problems[Smart parking].value_per_year_rial",
          "value_per_year_rial: 300000000000");
    check("departments[urban services].district", "district: \"Ferdowsi\"");
    check("interventions[0].path", "path: \"factory.capacity\"");
    // Not written: the nearest written ancestor.
    check("factory.rent_subsidy", "factory {");
    check("departments[1].problems[0].difficulty", "departments {\n  name: \"Urban");
    REQUIRE_FALSE(parsed.locate("no_such_field.x").known());
    REQUIRE_FALSE(parsed.locate("bad[path").known());
    const io::Location at = position_of(text, "capacity: 60");
    REQUIRE(parsed.where("factory.capacity") ==
            parsed.file + ":" + std::to_string(at.line) + ":" + std::to_string(at.column));
    REQUIRE(parsed.where("macro.inflation_per_year") == parsed.file);
}

TEST_CASE("a syntax error names file:line:col and shows the line", "[scenario_parser]") {
    const std::string error = error_of("name: \"x\"\nfactory {\n  capacity 60\n}\n");
    REQUIRE_THAT(error, Catch::StartsWith("test.textproto:3:12: "));
    REQUIRE_THAT(error, Catch::Contains("  capacity 60\n") && Catch::Contains("^"));
    // Fixture: a missing brace and colon.
    REQUIRE_THROWS_WITH(io::load_scenario_file(kData + "syntax_error.textproto"),
                        Catch::Contains("syntax_error.textproto:6:"));
}

TEST_CASE("tabs count as one column, as in an editor", "[scenario_parser]") {
    REQUIRE_THAT(error_of("factory {\n\tcapacity 60\n}\n"), Catch::StartsWith("test.textproto:2:11: "));
}

TEST_CASE("an unknown field is named with a suggestion", "[scenario_parser]") {
    REQUIRE_THROWS_WITH(io::load_scenario_file(kData + "unknown_field.textproto"),
                        Catch::Contains("unknown_field.textproto:3:3: ") && Catch::Contains("capacityy") &&
                            Catch::Contains("Did you mean \"capacity\"?"));
    REQUIRE_THAT(error_of("zzz_qqq: 1\n"), Catch::Contains("Valid fields: name, description, start"));
}

TEST_CASE("a wrong type names the field", "[scenario_parser]") {
    REQUIRE_THROWS_WITH(io::load_scenario_file(kData + "wrong_type.textproto"),
                        Catch::Contains("wrong_type.textproto:3:13: ") && Catch::Contains("field 'capacity'"));
    REQUIRE_THAT(error_of("factory { capacity: -5 }"),
                 Catch::Contains("field 'capacity': Expected integer, got: - (this field cannot be negative)"));
    REQUIRE_THAT(error_of("funders { kind: PIGGY_BANK }"), Catch::Contains("PIGGY_BANK"));
}

TEST_CASE("out-of-range values and bad dates are all reported with location, range and unit", "[scenario_parser]") {
    const std::string file = kData + "out_of_range.textproto";
    std::string error;
    try {
        io::load_scenario_file(file);
        FAIL("expected an InputError");
    } catch (const InputError& e) {
        error = e.what();
    }
    REQUIRE_THAT(error, Catch::Contains(file + ":5:3: factory.capacity = 1000000 is out of range [0, 100000] (teams)"));
    REQUIRE_THAT(error, Catch::Contains(file + ":10:24: departments[0].problems[1].difficulty = 1.5 is out of range "
                                               "[0, 1] (0..1)"));
    REQUIRE_THAT(error, Catch::Contains(file + ":3:1: start = \"1401/13/01\" is not a Solar Hijri date: month 13"));
    REQUIRE(std::count(error.begin(), error.end(), '\n') == 2); // three errors, one per line
}

TEST_CASE("a bad date gives the calendar's reason", "[scenario_parser]") {
    REQUIRE_THAT(error_of("end: \"1404/12/30\""),
                 Catch::Contains("test.textproto:1:1: end = \"1404/12/30\" is not a Solar Hijri date") &&
                     Catch::Contains("1404"));
    REQUIRE_THAT(error_of("macro { inflation_per_year { from: \"1401-01-01\" value: 0.4 } }"),
                 Catch::Contains("macro.inflation_per_year[0].from = \"1401-01-01\" is not a Solar Hijri date"));
    REQUIRE_NOTHROW(io::parse_scenario_text("end: \"1403/12/30\"", "leap.textproto")); // 1403 is a leap year
}

TEST_CASE("unset fields use the model's default; written zeros are checked", "[scenario_parser]") {
    REQUIRE_NOTHROW(io::parse_scenario_text("name: \"x\"", "t"));
    REQUIRE_THAT(error_of("startups {\n  days_to_team: 0\n}"),
                 Catch::Contains("test.textproto:2:3: startups.days_to_team = 0 is out of range [1, 3650] (days)"));
    REQUIRE_THAT(
        error_of("municipality { annual_revenue_rial: -1 }"),
        Catch::Contains("municipality.annual_revenue_rial = -1 is out of range (must be >= 0) (Rial per year)"));
    REQUIRE_THAT(error_of("startups { quality_sd: nan }"),
                 Catch::Contains("startups.quality_sd = nan is out of range"));
}

TEST_CASE("errors are capped, the rest counted", "[scenario_parser]") {
    std::string text;
    for (int i = 0; i < 25; ++i) {
        text += "districts { name: \"d" + std::to_string(i) + "\" x: 2 }\n";
    }
    const std::string error = error_of(text);
    REQUIRE(std::count(error.begin(), error.end(), '\n') == 20);
    REQUIRE_THAT(error, Catch::EndsWith("... and 5 more errors"));
    REQUIRE_THAT(error, !Catch::Contains("districts[24].x"));
    REQUIRE_THAT(error, Catch::Contains("test.textproto:20:25: districts[19].x = 2 is out of range [0, 1]"));
}

TEST_CASE("dated interventions are checked like overrides", "[scenario_parser]") {
    const std::string error = error_of("factory { capacity: 10 }\n"
                                       "interventions { at: \"1403/01/01\" path: \"factory.capacityy\" value: \"5\" }\n"
                                       "interventions { at: \"1403/01/01\" path: \"factory.capacity\" value: \"-5\" }\n"
                                       "interventions { at: \"1403/01/01\" }\n");
    REQUIRE_THAT(error, Catch::Contains("test.textproto:2:34: interventions[0]: override 'factory.capacityy=5'"));
    REQUIRE_THAT(error, Catch::Contains("interventions[1]: override 'factory.capacity=-5'"));
    REQUIRE_THAT(error, Catch::Contains("test.textproto:4:1: interventions[2]: the path of the lever"));
}

TEST_CASE("lever overrides in the file are checked in order", "[scenario_parser]") {
    const std::string error = error_of("factory { capacity: 10 }\n"
                                       "overrides: \"factory.capacity=20\"\n"
                                       "overrides: \"factory.capacity\"\n"
                                       "overrides: \"departments[Fire].risk_appetite=0.5\"\n");
    REQUIRE_THAT(error, Catch::Contains("test.textproto:3:1: overrides[1]: 'factory.capacity' is not an assignment"));
    REQUIRE_THAT(error, Catch::Contains("test.textproto:4:1: overrides[2]: override "
                                        "'departments[Fire].risk_appetite=0.5': departments[Fire]: no element"));
    REQUIRE(std::count(error.begin(), error.end(), '\n') == 1);
}

TEST_CASE("a variant's levers are checked for syntax only (they name the base's elements)", "[scenario_parser]") {
    REQUIRE_NOTHROW(
        io::parse_scenario_text("base: \"mashhad_baseline\"\n"
                                "overrides: \"departments[Finance & Revenue].payment_delay_days=30\"\n"
                                "interventions { at: \"1403/01/01\" path: \"factory.capacity\" value: \"9\" }\n",
                                "variant.textproto"));
    REQUIRE_THAT(error_of("base: \"mashhad_baseline\"\noverrides: \"factory..capacity=3\"\n"),
                 Catch::Contains("test.textproto:2:1: overrides[0]: field path 'factory..capacity'"));
    // With the base at hand, the caller checks them fully.
    const auto variant = io::parse_scenario_text("base: \"b\"\noverrides: \"factory.capacity=200000\"\n", "v");
    innosim::scenario::Scenario base_scenario;
    const auto errors = io::validate_levers(variant, base_scenario);
    REQUIRE(errors.size() == 1);
    REQUIRE_THAT(errors[0], Catch::StartsWith("v:2:1: overrides[0]: override 'factory.capacity=200000'") &&
                                Catch::EndsWith("out of range [0, 100000] (teams)"));
}

TEST_CASE("extra checks add to the schema errors in one report", "[scenario_parser]") {
    const io::ScenarioCheck district_exists = [](const io::ParsedScenario& parsed, std::vector<std::string>& errors) {
        if (parsed.scenario.factory().district() != "Center") {
            errors.push_back(parsed.where("factory.district") + ": factory.district: no district named '" +
                             parsed.scenario.factory().district() + "'");
        }
    };
    const std::string error =
        error_of("factory {\n  rent_subsidy: -1\n  district: \"Nowhere\"\n}\n", "f.textproto", district_exists);
    REQUIRE_THAT(error, Catch::Contains("f.textproto:2:3: factory.rent_subsidy = -1 is out of range [0, 1] (share)"));
    REQUIRE_THAT(error, Catch::Contains("f.textproto:3:3: factory.district: no district named 'Nowhere'"));
}

TEST_CASE("validate_ranges works on any message, without locations", "[scenario_parser]") {
    innosim::scenario::Scenario s;
    s.mutable_factory()->set_capacity(200000);
    s.add_departments()->set_risk_appetite(-0.5);
    const auto errors = io::validate_ranges(s);
    REQUIRE(errors.size() == 2);
    REQUIRE(errors[0] == "departments[0].risk_appetite = -0.5 is out of range [0, 1] (0..1)");
    REQUIRE(errors[1] == "factory.capacity = 200000 is out of range [0, 100000] (teams)");
}

TEST_CASE("an unreadable scenario file is an InputError", "[scenario_parser]") {
    REQUIRE_THROWS_WITH(io::load_scenario_file(kData + "no_such_file.textproto"),
                        Catch::Contains("cannot read") && Catch::Contains("no_such_file.textproto"));
    REQUIRE_THROWS_WITH(io::load_scenario_file(kData), Catch::Contains("directory"));
}

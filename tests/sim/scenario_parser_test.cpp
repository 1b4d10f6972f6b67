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
    REQUIRE(s.startups().milestone_work_size() == 5);
    REQUIRE(s.funders(0).local());
    REQUIRE(parsed.file() == kData + "tiny.textproto");
    REQUIRE(parsed.text().find("Tiny test city") != std::string::npos);
}

TEST_CASE("locate() finds where a field was written", "[scenario_parser]") {
    const auto parsed = io::load_scenario_file(kData + "tiny.textproto");
    const std::string& text = parsed.text();
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
            parsed.file() + ":" + std::to_string(at.line) + ":" + std::to_string(at.column));
    REQUIRE(parsed.where("macro.inflation_per_year") == parsed.file());
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
                        Catch::Contains("unknown_field.textproto:3:3: factory.capacityy: no such field in "
                                        "InnovationFactory; did you mean 'capacity'?"));
    REQUIRE_THAT(error_of("zzz_qqq: 1\n"), Catch::Contains("expected one of name, description, start"));
}

TEST_CASE("a wrong type names the field", "[scenario_parser]") {
    REQUIRE_THROWS_WITH(io::load_scenario_file(kData + "wrong_type.textproto"),
                        Catch::Contains("wrong_type.textproto:3:13: factory.capacity: \"sixty\" is not a number; "
                                        "expected a whole number from 0 to 100000 (teams)"));
    REQUIRE_THAT(error_of("factory { capacity: -5 }"),
                 Catch::Contains("factory.capacity: -5 is below 0; expected a whole number from 0 to 100000"));
    REQUIRE_THAT(error_of("funders { kind: PIGGY_BANK }"),
                 Catch::Contains("funders[0].kind: PIGGY_BANK is not a FunderKind; expected one of "
                                 "MUNICIPAL_GRANT_FUND, NATIONAL_FUND"));
    REQUIRE_THAT(error_of("funders { kind: VENTURE_CAPTAL }"), Catch::Contains("did you mean 'VENTURE_CAPITAL'?"));
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
    REQUIRE_THAT(error, Catch::Contains(file + ":5:3: factory.capacity: 1000000 is out of range; expected a whole "
                                               "number from 0 to 100000 (teams)"));
    REQUIRE_THAT(error, Catch::EndsWith(file + ":10:24: departments[0].problems[1].difficulty: 1.5 is out of range; "
                                               "expected a number from 0 to 1"));
    REQUIRE_THAT(error, Catch::Contains(file + ":3:1: start: \"1401/13/01\" is not a Solar Hijri date: month 13"));
    REQUIRE(std::count(error.begin(), error.end(), '\n') == 2); // three errors, one per line
}

TEST_CASE("a bad date gives the calendar's reason", "[scenario_parser]") {
    REQUIRE_THAT(error_of("end: \"1404/12/30\""),
                 Catch::Contains("test.textproto:1:1: end: \"1404/12/30\" is not a Solar Hijri date") &&
                     Catch::Contains("1404"));
    REQUIRE_THAT(error_of("macro { inflation_per_year { from: \"1401-01-01\" value: 0.4 } }"),
                 Catch::Contains("macro.inflation_per_year[0].from: \"1401-01-01\" is not a Solar Hijri date"));
    REQUIRE_THAT(error_of("macro { inflation_per_year { from: \"2022-03-21\" value: 0.4 } }"),
                 Catch::Contains("macro.inflation_per_year[0].from: \"2022-03-21\" is a Gregorian date; expected a "
                                 "Solar Hijri date YYYY/MM/DD; did you mean \"1401/01/01\"?"));
    REQUIRE_NOTHROW(io::parse_scenario_text("end: \"۱۴۰۳/۱۲/۳۰\"", "persian.textproto")); // Persian digits
    REQUIRE_NOTHROW(io::parse_scenario_text("end: \"1403/12/30\"", "leap.textproto"));    // 1403 is a leap year
}

TEST_CASE("unset fields use the model's default; written zeros are checked", "[scenario_parser]") {
    REQUIRE_NOTHROW(io::parse_scenario_text("name: \"x\"", "t"));
    REQUIRE_THAT(error_of("startups {\n  commitment_months: 300\n}"),
                 Catch::Contains("test.textproto:2:3: startups.commitment_months: 300 is out of range; expected a "
                                 "number from 0 to 240 (months)"));
    REQUIRE_THAT(error_of("municipality { annual_revenue_rial: -1 }"),
                 Catch::Contains("municipality.annual_revenue_rial: -1 is out of range; expected a whole number >= 0 "
                                 "(Rial per year)"));
    REQUIRE_THAT(error_of("startups { quality_sd: nan }"), Catch::Contains("startups.quality_sd: nan is out of range"));
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
    REQUIRE_THAT(error, Catch::Contains("test.textproto:20:25: districts[19].x: 2 is out of range; expected a number "
                                        "from 0 to 1"));
}

TEST_CASE("dated interventions are checked like overrides", "[scenario_parser]") {
    const std::string error = error_of("factory { capacity: 10 }\n"
                                       "interventions { at: \"1403/01/01\" path: \"factory.capacityy\" value: \"5\" }\n"
                                       "interventions { at: \"1403/01/01\" path: \"factory.capacity\" value: \"-5\" }\n"
                                       "interventions { at: \"1403/01/01\" }\n");
    // Each at the part that is wrong: the path, or the value.
    REQUIRE_THAT(error, Catch::Contains("test.textproto:2:34: interventions[0].path: factory has no field "
                                        "'capacityy'; did you mean 'capacity'?"));
    REQUIRE_THAT(error, Catch::Contains("test.textproto:3:59: interventions[1].value: '-5' is below 0; expected a "
                                        "whole number from 0 to 100000 (teams)"));
    REQUIRE_THAT(error, Catch::Contains("test.textproto:4:1: interventions[2].path: the lever is missing"));
}

TEST_CASE("lever overrides in the file are checked in order", "[scenario_parser]") {
    const std::string error = error_of("factory { capacity: 10 }\n"
                                       "overrides: \"factory.capacity=20\"\n"
                                       "overrides: \"factory.capacity\"\n"
                                       "overrides: \"departments[Fire].risk_appetite=0.5\"\n");
    REQUIRE_THAT(error, Catch::Contains("test.textproto:3:1: overrides[1]: 'factory.capacity' is not an assignment"));
    REQUIRE_THAT(error, Catch::Contains("test.textproto:4:1: overrides[2]: departments[Fire].risk_appetite=0.5: "
                                        "departments[Fire]: no element"));
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
    REQUIRE(errors[0] == "v:2:1: overrides[0]: factory.capacity=200000: 200000 is out of range; expected a whole "
                         "number from 0 to 100000 (teams)");
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
    REQUIRE_THAT(error, Catch::Contains("f.textproto:2:3: factory.rent_subsidy: -1 is out of range; expected a number "
                                        "from 0 to 1 (share)"));
    REQUIRE_THAT(error, Catch::Contains("f.textproto:3:3: factory.district: no district named 'Nowhere'"));
}

TEST_CASE("validate_ranges works on any message, without locations", "[scenario_parser]") {
    innosim::scenario::Scenario s;
    s.mutable_factory()->set_capacity(200000);
    s.add_departments()->set_risk_appetite(-0.5);
    const auto errors = io::validate_ranges(s);
    REQUIRE(errors.size() == 2);
    REQUIRE(errors[0] == "departments[0].risk_appetite: -0.5 is out of range; expected a number from 0 to 1");
    REQUIRE(errors[1] == "factory.capacity: 200000 is out of range; expected a whole number from 0 to 100000 (teams)");
}

TEST_CASE("an unreadable scenario file is an InputError", "[scenario_parser]") {
    REQUIRE_THROWS_WITH(io::load_scenario_file(kData + "no_such_file.textproto"),
                        Catch::Contains("cannot read") && Catch::Contains("no_such_file.textproto"));
    REQUIRE_THROWS_WITH(io::load_scenario_file(kData), Catch::Contains("directory"));
}

TEST_CASE("numbers are read in one grammar, quoted or not, and map back to the file as written", "[scenario_parser]") {
    const io::ParsedScenario parsed =
        io::parse_scenario_text("municipality { annual_revenue_rial: 2.6e14 }\n"
                                "funders { name: \"a\" capital_rial: 260_000_000_000 }\n"
                                "funders { name: \"b\" capital_rial: 260,000,000,000 capital_per_year_rial: \"5e9\" }\n"
                                "factory { capacity: ۱۲۰ rent_subsidy: \"0.5\" }\n"
                                "departments { name: \"d\" problems { name: \"p\" category: \"COST\" } }\n"
                                "interventions { at: 1403/01/01 path: \"factory.capacity\" value: 130 }\n",
                                "n.textproto");
    REQUIRE(parsed.scenario.municipality().annual_revenue_rial() == 260'000'000'000'000);
    REQUIRE(parsed.scenario.funders(0).capital_rial() == 260'000'000'000);
    REQUIRE(parsed.scenario.funders(1).capital_rial() == 260'000'000'000);
    REQUIRE(parsed.scenario.funders(1).capital_per_year_rial() == 5'000'000'000);
    REQUIRE(parsed.scenario.factory().capacity() == 120);
    REQUIRE(parsed.scenario.factory().rent_subsidy() == 0.5);
    REQUIRE(parsed.scenario.departments(0).problems(0).category() == innosim::scenario::COST);
    REQUIRE(parsed.scenario.interventions(0).at() == "1403/01/01");
    REQUIRE(parsed.scenario.interventions(0).value() == "130");
    // Locations point into the text as written, after the rewritten numbers.
    REQUIRE(parsed.where("funders[1].capital_per_year_rial") == "n.textproto:3:51");
    REQUIRE(parsed.where("factory.rent_subsidy") == "n.textproto:4:25");
    REQUIRE(parsed.where("interventions[0].value") == "n.textproto:6:57");
}

TEST_CASE("every unknown field and refused value of a file is reported at once", "[scenario_parser]") {
    const std::string error = error_of("factory { capacityy: 60 rent_subsidy: \"half\" }\n"
                                       "municipality { innovation_budget: 0.01 }\n"
                                       "departments { name: Finance problems { category: REVNUE } }\n"
                                       "factory { capacity: 2.5 }\n"
                                       "districts { name: \"a\" x: [1] }\n");
    REQUIRE_THAT(error, Catch::Contains("test.textproto:1:11: factory.capacityy: no such field in InnovationFactory; "
                                        "did you mean 'capacity'?"));
    REQUIRE_THAT(error, Catch::Contains("test.textproto:1:39: factory.rent_subsidy: \"half\" is not a number"));
    REQUIRE_THAT(error, Catch::Contains("test.textproto:2:16: municipality.innovation_budget: no such field in "
                                        "Municipality; did you mean 'innovation_budget_share'?"));
    REQUIRE_THAT(error, Catch::Contains("test.textproto:3:21: departments[0].name: Finance is not quoted; expected "
                                        "text in quotes: \"Finance\""));
    REQUIRE_THAT(error, Catch::Contains("departments[0].problems[0].category: REVNUE is not a ProblemCategory; "
                                        "expected one of REVENUE, COST, IMPORT_DEPENDENCE, SERVICE_QUALITY; did you "
                                        "mean 'REVENUE'?"));
    REQUIRE_THAT(error, Catch::Contains("test.textproto:4:21: factory.capacity: 2.5 is not a whole number"));
    // Each problem once, with its line and a caret under it.
    REQUIRE_THAT(error, Catch::Contains("\n    municipality { innovation_budget: 0.01 }\n                   ^"));
}

#include "sim/input_error.hpp"
#include "sim/io/overrides.hpp"

#include <catch2/catch.hpp>
#include <google/protobuf/util/message_differencer.h>

namespace {

namespace io = innosim::io;
namespace scenario = innosim::scenario;
using innosim::InputError;

scenario::Scenario base() {
    scenario::Scenario s;
    s.set_name("base");
    auto* transport = s.add_departments();
    transport->set_name("Transport & Traffic");
    transport->set_payment_delay_days(90);
    transport->add_problems()->set_name("Smart parking");
    s.add_departments()->set_name("Public Transport");
    s.add_departments()->set_name("Urban Services & Waste");
    auto* fund = s.add_funders();
    fund->set_name("Municipal Innovation Fund");
    fund->set_capital_rial(1000);
    s.mutable_startups()->add_milestone_work(2);
    s.mutable_startups()->add_milestone_work(3);
    return s;
}

/// The message of the InputError `apply_override` throws; the scenario must be unchanged.
std::string error_of(std::string_view path, std::string_view value) {
    scenario::Scenario s = base();
    try {
        io::apply_override(s, path, value);
    } catch (const InputError& e) {
        REQUIRE(google::protobuf::util::MessageDifferencer::Equals(s, base()));
        return e.what();
    }
    FAIL("expected an InputError for " << path << "=" << value);
    return {};
}

} // namespace

TEST_CASE("overrides set scalars of every type", "[overrides]") {
    scenario::Scenario s = base();
    io::apply_override(s, "factory.capacity", "120");
    REQUIRE(s.factory().capacity() == 120);
    io::apply_override(s, "municipality.innovation_budget_share", "0.035");
    REQUIRE(s.municipality().innovation_budget_share() == 0.035);
    io::apply_override(s, "funders[0].capital_rial", "5e12");
    REQUIRE(s.funders(0).capital_rial() == 5'000'000'000'000);
    io::apply_override(s, "funders[Municipal Innovation Fund].capital_per_year_rial", "2_000_000_000");
    REQUIRE(s.funders(0).capital_per_year_rial() == 2'000'000'000);
    io::apply_override(s, "departments[Transport & Traffic].payment_delay_days", "30");
    REQUIRE(s.departments(0).payment_delay_days() == 30);
    io::apply_override(s, "departments[urban services & waste].risk_appetite", "0.5"); // case-insensitive
    REQUIRE(s.departments(2).risk_appetite() == 0.5);
    io::apply_override(s, "departments[transport].challenges_per_year", "4"); // unique prefix
    REQUIRE(s.departments(0).challenges_per_year() == 4);
    io::apply_override(s, "departments[0].problems[Smart parking].category", "IMPORT_DEPENDENCE");
    REQUIRE(s.departments(0).problems(0).category() == scenario::IMPORT_DEPENDENCE);
    io::apply_override(s, "funders[0].kind", "venture_capital");
    REQUIRE(s.funders(0).kind() == scenario::VENTURE_CAPITAL);
    io::apply_override(s, "funders[0].local", "true");
    REQUIRE(s.funders(0).local());
    io::apply_override(s, "funders[0].local", "no");
    REQUIRE_FALSE(s.funders(0).local());
    io::apply_override(s, "factory.name", "Second Factory");
    REQUIRE(s.factory().name() == "Second Factory");
    io::apply_override(s, "horizon", "1404/12/29");
    REQUIRE(s.horizon() == "1404/12/29");
    io::apply_override(s, "startups.milestone_work[1]", "7");
    REQUIRE(s.startups().milestone_work(1) == 7);
    io::apply_override(s, "startups.pivot_belief_threshold", "-2.5");
    REQUIRE(s.startups().pivot_belief_threshold() == -2.5);
}

TEST_CASE("split_assignment splits at the first '=' outside brackets", "[overrides]") {
    REQUIRE(io::split_assignment("a.b=3") == std::pair<std::string, std::string>{"a.b", "3"});
    REQUIRE(io::split_assignment(" factory.capacity = 120 ") ==
            std::pair<std::string, std::string>{"factory.capacity", "120"});
    REQUIRE(io::split_assignment("departments[A=B].x=1") ==
            std::pair<std::string, std::string>{"departments[A=B].x", "1"});
    REQUIRE(io::split_assignment("name=a=b").second == "a=b");
    REQUIRE_THROWS_WITH(io::split_assignment("factory.capacity"), Catch::Contains("PATH=VALUE"));
    REQUIRE_THROWS_AS(io::split_assignment("=3"), InputError);
}

TEST_CASE("parse_field_path reads names and selectors", "[overrides]") {
    const auto steps = io::parse_field_path("departments[Transport & Traffic].problems[0].difficulty");
    REQUIRE(steps.size() == 3);
    REQUIRE(steps[0].field == "departments");
    REQUIRE(steps[0].selector == "Transport & Traffic");
    REQUIRE(steps[1].selector == "0");
    REQUIRE_FALSE(steps[2].selector);
    REQUIRE_THROWS_WITH(io::parse_field_path("a..b"), Catch::Contains("expected a field name"));
    REQUIRE_THROWS_WITH(io::parse_field_path("a[0"), Catch::Contains("'[' without ']'"));
    REQUIRE_THROWS_WITH(io::parse_field_path("a[]"), Catch::Contains("empty []"));
    REQUIRE_THROWS_WITH(io::parse_field_path("a[0]b"), Catch::Contains("unexpected 'b'"));
    REQUIRE_THROWS_AS(io::parse_field_path(""), InputError);
}

namespace {

/// The part of the lever a LeverError blames.
io::LeverError::Part part_of(std::string_view path, std::string_view value) {
    scenario::Scenario s = base();
    try {
        io::apply_override(s, path, value);
    } catch (const io::LeverError& e) {
        return e.part();
    }
    FAIL("expected a LeverError for " << path << "=" << value);
    return io::LeverError::Part::Path;
}

} // namespace

TEST_CASE("every lever error says what is wrong, what is expected and the nearest name", "[overrides]") {
    SECTION("unknown field: the nearest name, else the valid names at that level") {
        const auto e = error_of("factory.capacityy", "5");
        REQUIRE(e == "factory has no field 'capacityy'; did you mean 'capacity'?");
        REQUIRE(error_of("factoryy.capacity", "5") == "the scenario has no field 'factoryy'; did you mean 'factory'?");
        REQUIRE_THAT(error_of("municipality.innovation_budget", "0.01"),
                     Catch::EndsWith("did you mean 'innovation_budget_share'?"));
        REQUIRE_THAT(error_of("factory.zzz", "5"),
                     Catch::Contains("expected one of name, district, capacity, admission_rounds_per_year"));
        REQUIRE(part_of("factory.capacityy", "5") == io::LeverError::Part::Path);
    }
    SECTION("no element with that name or index") {
        REQUIRE_THAT(error_of("departments[Fire].payment_delay_days", "5"),
                     Catch::Contains("no element of departments is named 'Fire'") &&
                         Catch::Contains("expected one of Transport & Traffic, Public Transport, Urban Services & "
                                         "Waste, an index or *"));
        REQUIRE_THAT(error_of("departments[Transprot].payment_delay_days", "5"),
                     Catch::EndsWith("did you mean 'Transport & Traffic'?"));
        REQUIRE_THAT(error_of("departments[7].payment_delay_days", "5"),
                     Catch::Contains("departments[7]: no such element (3 elements, indices 0..2)"));
        REQUIRE_THAT(error_of("startups.milestone_work[9]", "5"), Catch::Contains("no such element"));
        REQUIRE(part_of("departments[7].payment_delay_days", "5") == io::LeverError::Part::Path);
    }
    SECTION("ambiguous prefix") {
        scenario::Scenario s = base();
        s.add_departments()->set_name("Urban Planning");
        REQUIRE_THROWS_WITH(io::apply_override(s, "departments[urban].risk_appetite", "0.1"),
                            Catch::Contains("several elements match (Urban Services & Waste, Urban Planning)"));
    }
    SECTION("lists, groups and scalars used the wrong way") {
        REQUIRE_THAT(error_of("departments.payment_delay_days", "5"),
                     Catch::Contains("departments is a list; expected departments[index], departments[name] or "
                                     "departments[*] for all elements"));
        REQUIRE_THAT(error_of("factory[0].capacity", "5"), Catch::Contains("factory is not a list"));
        REQUIRE_THAT(error_of("factory", "5"), Catch::Contains("factory is a group of settings, not a single value"));
        REQUIRE_THAT(error_of("factory.capacity.x", "5"),
                     Catch::Contains("factory.capacity is a single value; it has no field 'x'"));
        REQUIRE_THAT(error_of("interventions[0].path", "x"), Catch::Contains("no such element (0 elements)"));
        REQUIRE_THAT(error_of("interventions[*].path", "x"), Catch::Contains("interventions has no elements"));
    }
    SECTION("unparsable values") {
        REQUIRE_THAT(error_of("factory.capacity", "many"),
                     Catch::StartsWith("'many' is not a number; expected a whole number from 0 to 100000 (teams), "
                                       "e.g. 120"));
        REQUIRE_THAT(error_of("factory.capacity", "-3"), Catch::Contains("'-3' is below 0; expected a whole number"));
        REQUIRE_THAT(error_of("factory.capacity", "2.5"), Catch::Contains("'2.5' is not a whole number"));
        REQUIRE_THAT(error_of("factory.capacity", "5000000000"), Catch::Contains("is too large"));
        REQUIRE_THAT(error_of("factory.rent_subsidy", "half"), Catch::Contains("is not a number"));
        REQUIRE_THAT(error_of("factory.rent_subsidy", "nan"), Catch::Contains("is not a number"));
        REQUIRE_THAT(error_of("funders[0].local", "maybe"), Catch::Contains("expected true or false"));
        REQUIRE_THAT(error_of("funders[0].kind", "PIGGY_BANK"),
                     Catch::Contains("'PIGGY_BANK' is not a FunderKind; expected one of MUNICIPAL_GRANT_FUND"));
        REQUIRE_THAT(error_of("funders[0].kind", "VENTURE_CAPTAL"), Catch::EndsWith("did you mean 'VENTURE_CAPITAL'?"));
        REQUIRE_THAT(error_of("funders[0].capital_rial", "1e30"), Catch::Contains("is too large"));
        REQUIRE(part_of("factory.capacity", "many") == io::LeverError::Part::Value);
    }
    SECTION("out of range, with the range and the unit") {
        REQUIRE(error_of("factory.capacity", "1000000") ==
                "1000000 is out of range; expected a whole number from 0 to 100000 (teams)");
        REQUIRE_THAT(error_of("municipality.innovation_budget_share", "0.5"),
                     Catch::Contains("0.5 is out of range; expected a number from 0 to 0.2 (share)"));
        REQUIRE_THAT(error_of("funders[0].capital_rial", "-1"),
                     Catch::Contains("-1 is out of range; expected a whole number >= 0 (Rial)"));
        REQUIRE_THAT(error_of("departments[*].payment_delay_days", "1000"),
                     Catch::Contains("1000 is out of range; expected a whole number from 0 to 720 (days)"));
        REQUIRE(part_of("factory.capacity", "1000000") == io::LeverError::Part::Value);
    }
    SECTION("a bad date, and a Gregorian one answered with its Solar Hijri date") {
        REQUIRE_THAT(error_of("horizon", "1404/12/30"),
                     Catch::Contains("\"1404/12/30\" is not a Solar Hijri date: Esfand 1404 has 29 days"));
        REQUIRE_THAT(error_of("horizon", "2024-03-20"), Catch::Contains("\"2024-03-20\" is a Gregorian date") &&
                                                            Catch::Contains("did you mean \"1403/01/01\"?"));
    }
}

TEST_CASE("[*] sets a lever in every element", "[overrides]") {
    scenario::Scenario s = base();
    io::apply_override(s, "departments[*].payment_delay_days", "30");
    for (const auto& department : s.departments()) {
        REQUIRE(department.payment_delay_days() == 30);
    }
    io::apply_override(s, "startups.milestone_work[*]", "7");
    REQUIRE(s.startups().milestone_work(0) == 7);
    REQUIRE(s.startups().milestone_work(1) == 7);
    // All or nothing: an element that refuses the value leaves every element as it was.
    const scenario::Scenario before = s;
    REQUIRE_THROWS_AS(io::apply_override(s, "departments[*].payment_delay_days", "1000"), io::LeverError);
    REQUIRE(google::protobuf::util::MessageDifferencer::Equals(s, before));
}

TEST_CASE("levers resolve to the fields they name, by element name", "[overrides]") {
    const scenario::Scenario s = base();
    REQUIRE(io::resolve_paths(s, "departments[transport].payment_delay_days") ==
            std::vector<std::string>{"departments[Transport & Traffic].payment_delay_days"});
    REQUIRE(io::resolve_paths(s, "departments[0].payment_delay_days") ==
            io::resolve_paths(s, "departments[Transport & Traffic].payment_delay_days"));
    REQUIRE(io::resolve_paths(s, "departments[*].risk_appetite").size() == 3);
    REQUIRE(io::resolve_paths(s, "startups.milestone_work[*]") ==
            std::vector<std::string>{"startups.milestone_work[0]", "startups.milestone_work[1]"});
    REQUIRE_THROWS_AS(io::resolve_paths(s, "departments[Nowhere].risk_appetite"), io::LeverError);
}

TEST_CASE("levers in words, with their values and units", "[overrides]") {
    const auto& root = *scenario::Scenario::descriptor();
    REQUIRE(io::lever_words(root, "factory.capacity") == "factory capacity");
    REQUIRE(io::lever_words(root, "departments[*].payment_delay_days") == "payment delay of every department");
    REQUIRE(io::lever_words(root, "departments[Public Transport].payment_delay_days") ==
            "payment delay of Public Transport");
    REQUIRE(io::lever_words(root, "funders[2].capital_per_year_rial") == "capital of funder 2");
    REQUIRE(io::lever_words(root, "municipality.innovation_budget_share") == "municipality innovation budget share");
    REQUIRE(io::lever_unit(root, "departments[*].payment_delay_days") == "days");
    REQUIRE(io::lever_unit(root, "departments[*].risk_appetite").empty()); // "0..1" is a range, not a unit
    const scenario::Scenario s = base();
    REQUIRE(io::lever_value(s, "departments[0].payment_delay_days") == "90");
    REQUIRE(io::lever_value(s, "departments[*].payment_delay_days") == "90 / 0");
    REQUIRE(io::lever_value(s, "funders[0].capital_rial") == "1000");
}

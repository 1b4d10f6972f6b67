#include "tests/viz/test_support.hpp"
#include "viz/core/compare.hpp"
#include "viz/core/replay.hpp"

#include <catch2/catch.hpp>

using namespace innosim::viz;
using innosim::sim::Calendar;
using innosim::sim::days;
using innosim::viz::testing::TempDir;

TEST_CASE("runs starting on different dates align by calendar date", "[viz][compare]") {
    const Calendar a({1401, 1, 1});
    const Calendar b({1402, 1, 1});
    const TimeAlignment align = align_by_date(a, b);
    REQUIRE(align.b_start_in_a == a.to_ticks({1402, 1, 1}));
    const Ticks t = a.to_ticks({1403, 6, 31});
    REQUIRE(b.date_at(align.to_b(t)) == innosim::sim::JalaliDate{1403, 6, 31});
    REQUIRE(align.to_a(align.to_b(t)) == t);
    REQUIRE(align_by_date(a, a).b_start_in_a == 0);
}

TEST_CASE("two runs share one timeline and differ KPI by KPI", "[viz][compare]") {
    TempDir dir;
    testing::write_synthetic_run(dir / "a.innorun", {.startups = 60, .months = 24, .seed = 1});
    testing::write_synthetic_run(dir / "b.innorun", {.startups = 200, .months = 30, .seed = 2, .start = "1401/03/01"});
    const RunModel a = RunModel::load(dir / "a.innorun");
    const RunModel b = RunModel::load(dir / "b.innorun");
    const TimeAlignment align = align_by_date(a.calendar(), b.calendar());
    REQUIRE(align.b_start_in_a == a.calendar().to_ticks({1401, 3, 1}));
    const TimeSpan span = common_span(a, b, align);
    REQUIRE(span.begin == 0);
    REQUIRE(span.end == align.to_a(b.end_time()));

    const Ticks t = a.calendar().to_ticks({1402, 8, 1});
    const auto rows = kpi_diffs(kpis_at(a, t), kpis_at(b, align.to_b(t)));
    REQUIRE(rows.size() == kKpiCount);
    const std::size_t active = *kpi_index("active_startups");
    REQUIRE(rows[active].a == Approx(kpis_at(a, t)[active]));
    REQUIRE(rows[active].delta == Approx(rows[active].b - rows[active].a));
    REQUIRE(rows[active].verdict == Verdict::Better); // more firms founded in B
}

TEST_CASE("KPI differences know which direction is better", "[viz][compare]") {
    KpiValues a{};
    KpiValues b{};
    const std::size_t jobs = *kpi_index("jobs");
    const std::size_t imports = *kpi_index("import_dependency_index");
    const std::size_t failed = *kpi_index("startups_failed");
    a[jobs] = 100;
    b[jobs] = 150;
    a[imports] = 1.0;
    b[imports] = 0.9; // lower dependency is better
    a[failed] = 10;
    b[failed] = 12;
    const auto rows = kpi_diffs(a, b);
    REQUIRE(rows[jobs].verdict == Verdict::Better);
    REQUIRE(rows[jobs].relative == Approx(0.5));
    REQUIRE(rows[imports].verdict == Verdict::Better);
    REQUIRE(rows[imports].delta == Approx(-0.1));
    REQUIRE(rows[failed].verdict == Verdict::Worse);
    REQUIRE(rows[*kpi_index("exits")].verdict == Verdict::Same);
    REQUIRE(rows[*kpi_index("exits")].relative == 0);
}

TEST_CASE("scenario differences list overrides, names and seeds", "[viz][compare]") {
    innosim::run::RunHeader a;
    innosim::run::RunHeader b;
    a.mutable_scenario()->set_name("Mashhad baseline");
    b.mutable_scenario()->set_name("Bigger factory");
    a.set_seed(1);
    b.set_seed(1);
    a.add_overrides("talent.inflow=100");
    b.add_overrides("talent.inflow=100");
    b.add_overrides("factory.capacity=120");
    const auto diff = scenario_differences(a, b);
    REQUIRE(diff == std::vector<std::string>{"scenario: Mashhad baseline -> Bigger factory", "+ factory.capacity=120"});
    REQUIRE(scenario_differences(a, a).empty());

    // A branch of A: its levers (as interventions in its scenario), not an interventions count.
    a.set_scenario_sha256("parent");
    innosim::run::RunHeader branch = a;
    branch.set_parent_scenario_sha256("parent");
    branch.set_fork_time(100);
    branch.add_overrides("factory.capacity=5");
    auto* change = branch.mutable_scenario()->add_interventions();
    change->set_at("1403/01/01");
    change->set_path("factory.capacity");
    change->set_value("5");
    REQUIRE(scenario_differences(a, branch) == std::vector<std::string>{"+ factory.capacity=5"});
    innosim::run::RunHeader other = branch;
    other.set_parent_scenario_sha256("someone else");
    // Not a branch: the change is listed whole, with its date.
    REQUIRE(scenario_differences(a, other).back() == "B from 1403/01/01: factory.capacity = 5");
}

TEST_CASE("policy change dates come from the scenario's interventions, a branch's inherited ones left out",
          "[viz][compare]") {
    innosim::run::RunHeader header;
    auto* scenario = header.mutable_scenario();
    header.set_start_date("1401/01/01");
    auto add = [&](const char* at, const char* path, const char* value) {
        auto* i = scenario->add_interventions();
        i->set_at(at);
        i->set_path(path);
        i->set_value(value);
    };
    add("1403/01/01", "factory.capacity", "120");
    add("1402/01/01", "grant_fund_share", "0.1");
    add("1403/01/01", "departments[Finance].payment_delay_days", "30");
    const RunModel a = RunModel::stream(header, "a");
    const std::vector<PolicyChange> changes = policy_changes(a);
    REQUIRE(changes.size() == 2);
    CHECK(changes[0].levers == std::vector<std::string>{"grant_fund_share=0.1"});
    CHECK(changes[1].levers.size() == 2);
    CHECK(changes[0].at == a.calendar().to_ticks(innosim::sim::JalaliDate{1402, 1, 1}));
    CHECK(changes[0].at < changes[1].at);
    add("1404/01/01", "factory.capacity", "60"); // the branch's own change
    const RunModel branch = RunModel::stream(header, "b");
    const std::vector<PolicyChange> own = policy_changes(branch, &a);
    REQUIRE(own.size() == 1);
    CHECK(own[0].levers == std::vector<std::string>{"factory.capacity=60"});
}

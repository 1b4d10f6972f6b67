// "Fork from here" without a window: the levers offered and their values on the fork date, the
// assignments a choice makes, checking them, and the command line of a file fork.
#include "agents/scenario_loader.hpp"
#include "tests/viz/test_support.hpp"
#include "viz/core/fork_plan.hpp"

#include <catch2/catch.hpp>

#include <fstream>

namespace {

using namespace innosim;
using namespace innosim::viz;

/// tiny's header, with a dated change of the factory's capacity on 1402/01/01.
run::RunHeader tiny_header() {
    run::RunHeader header;
    *header.mutable_scenario() = agents::load_scenario("tiny").scenario;
    header.set_start_date("1401/01/01");
    scenario::Intervention& change = *header.mutable_scenario()->add_interventions();
    change.set_at("1402/01/01");
    change.set_path("factory.capacity");
    change.set_value("35");
    return header;
}

const LeverChoice* find(const std::vector<LeverChoice>& levers, const std::string& path) {
    for (const LeverChoice& l : levers) {
        if (l.path == path) {
            return &l;
        }
    }
    return nullptr;
}

} // namespace

TEST_CASE("the fork dialog offers the common levers with their value on the fork date and their range", "[viz][fork]") {
    const run::RunHeader header = tiny_header();
    const std::vector<LeverChoice> before = common_levers(header, {1401, 12, 29});
    REQUIRE(before.size() == 5);
    const LeverChoice* capacity = find(before, "factory.capacity");
    REQUIRE(capacity != nullptr);
    CHECK(capacity->current.value == 20);
    CHECK(capacity->current.integer);
    CHECK(capacity->current.min == 0);
    CHECK(capacity->current.max == 100000);
    CHECK(capacity->current.unit == "teams");
    // The intervention is in force from its day on (a fork's levers act after it).
    CHECK(find(common_levers(header, {1402, 1, 1}), "factory.capacity")->current.value == 35);

    const LeverChoice* budget = find(before, "municipality.innovation_budget_share");
    REQUIRE(budget != nullptr);
    CHECK(budget->current.value == Approx(0.01));
    CHECK_FALSE(budget->current.integer);
    CHECK(budget->current.max == Approx(0.2));
    CHECK(find(before, "municipality.grant_fund_share")->current.value == Approx(0.4));
    CHECK(find(before, "municipality.local_kb_procurement_reserve")->current.value == Approx(0.1));

    const LeverChoice* delay = find(before, "payment_delay_days");
    REQUIRE(delay != nullptr);
    CHECK(delay->all_departments);
    CHECK(delay->departments == 2);
    CHECK(delay->current_low == 90);
    CHECK(delay->current_high == 120);
    CHECK(delay->current.max == 720);
    CHECK(delay->current.unit == "days");
}

TEST_CASE("a lever choice becomes assignments the scenario accepts", "[viz][fork]") {
    const run::RunHeader header = tiny_header();
    const scenario::Scenario s = scenario_on(header, {1402, 6, 1});
    const std::vector<LeverChoice> levers = common_levers(header, {1402, 6, 1});
    CHECK(lever_assignments(s, *find(levers, "factory.capacity"), 60.4) ==
          std::vector<std::string>{"factory.capacity=60"});
    CHECK(lever_assignments(s, *find(levers, "municipality.innovation_budget_share"), 0.035) ==
          std::vector<std::string>{"municipality.innovation_budget_share=0.035"});
    const std::vector<std::string> all = lever_assignments(s, *find(levers, "payment_delay_days"), 30);
    CHECK(all == std::vector<std::string>{"departments[Transport].payment_delay_days=30",
                                          "departments[Waste].payment_delay_days=30"});
    CHECK_FALSE(check_assignments(s, all).has_value());

    CHECK(split_free_assignments("  a=1 ;b=2\n\n c[x y]=3 \r\n") == std::vector<std::string>{"a=1", "b=2", "c[x y]=3"});
    CHECK(split_free_assignments(" \n ; ").empty());

    // What the CLI and the server would refuse is refused here, with the reason.
    const auto typo = check_assignments(s, {"factory.capacity=60", "factory.capacty=5"});
    REQUIRE(typo);
    CHECK_THAT(*typo, Catch::Contains("capacty"));
    const auto range = check_assignments(s, {"municipality.innovation_budget_share=0.5"});
    REQUIRE(range);
    CHECK_THAT(*range, Catch::Contains("innovation_budget_share"));
    CHECK(check_assignments(s, {"no equals sign"}).has_value());
    CHECK(check_assignments(s, {"departments[Nowhere].payment_delay_days=3"}).has_value());

    CHECK_FALSE(read_lever(s, "factory.name").has_value()); // not a number
    CHECK_FALSE(read_lever(s, "factory").has_value());      // a group
    CHECK_FALSE(read_lever(s, "departments.payment_delay_days").has_value());
    CHECK(read_lever(s, "departments[1].payment_delay_days")->value == 90);
    CHECK(read_lever(s, "departments[transport].payment_delay_days")->value == 120);
}

TEST_CASE("a file fork runs innosim fork into runs/ under a fresh name", "[viz][fork]") {
    testing::TempDir dir;
    const auto first = fork_output_path(dir.path(), "/data/baseline-1.innorun", {1403, 1, 1});
    CHECK(first == dir / "baseline-1-fork-1403-01-01.innorun");
    std::ofstream(first).put('x');
    CHECK(fork_output_path(dir.path(), "/data/baseline-1.innorun", {1403, 1, 1}) ==
          dir / "baseline-1-fork-1403-01-01-2.innorun");

    const std::vector<std::string> argv =
        fork_command("/bin/innosim", "runs/a.innorun", {1403, 1, 1},
                     {"factory.capacity=60", "departments[Finance & Revenue].payment_delay_days=30"}, "runs/b.innorun");
    CHECK(argv == std::vector<std::string>{
                      "/bin/innosim", "fork", "runs/a.innorun", "--at", "1403/01/01", "--set", "factory.capacity=60",
                      "--set", "departments[Finance & Revenue].payment_delay_days=30", "--out", "runs/b.innorun"});
}

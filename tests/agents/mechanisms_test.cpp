// Levers move outcomes through their mechanisms: each test turns one lever and checks the
// mechanism it drives, with common random numbers (same seed) on both sides.
#include "agents/calibration.hpp"
#include "agents/model.hpp"
#include "agents/runner.hpp"
#include "agents/scenario_loader.hpp"
#include "agents/weighted_picker.hpp"
#include "sim/rng.hpp"

#include <catch2/catch.hpp>

using namespace innosim::agents;

namespace {

struct Counted final : ModelObserver {
    void on_event(const DomainEvent& event) override {
        ++counts[static_cast<int>(event.kind)];
        last.push_back(event);
    }
    void on_flow(const FlowRecord&) override {}
    void on_snapshot(innosim::sim::Ticks, const Model& model) override {
        max_tenants = std::max(max_tenants, model.factory().tenants);
    }
    std::map<int, int> counts;
    std::vector<DomainEvent> last;
    std::uint32_t max_tenants = 0;
};

Counted run_with(std::vector<std::string> overrides, std::uint64_t seed = 11) {
    LoadedScenario loaded = load_scenario("tiny");
    apply_overrides(loaded, overrides);
    Counted counted;
    run_scenario(loaded, {.seed = seed, .observer = &counted});
    return counted;
}

} // namespace

TEST_CASE("the factory admits no more tenants than its capacity", "[agents][mechanisms]") {
    // The tiny scenario enlarges its factory in 1402: that dated intervention is set too.
    Counted none = run_with({"factory.capacity=0", "interventions[0].value=0"});
    CHECK(none.counts[static_cast<int>(EventKind::FactoryAdmitted)] == 0);
    Counted small = run_with({"factory.capacity=5", "interventions[0].value=5"});
    CHECK(small.max_tenants <= 5);
    CHECK(small.counts[static_cast<int>(EventKind::FactoryAdmitted)] > 0);
}

TEST_CASE("a full local reserve makes every challenge a set-aside for local certified firms", "[agents][mechanisms]") {
    Counted reserved = run_with({"municipality.local_kb_procurement_reserve=1"});
    for (const DomainEvent& event : reserved.last) {
        if (event.kind == EventKind::ContractSigned) {
            CHECK(event.subject.kind == AgentKind::Startup);
        }
    }
}

TEST_CASE("without a grant budget no grant is paid", "[agents][mechanisms]") {
    Counted cut = run_with({"municipality.grant_fund_share=0", "funders[0].capital_rial=0"});
    for (const DomainEvent& event : cut.last) {
        if (event.kind == EventKind::Transfer) {
            CHECK(event.reason != Reason::Grant);
        }
    }
}

TEST_CASE("no talent, no foundings", "[agents][mechanisms]") {
    Counted empty = run_with({"talent.initial_pool=0", "talent.inflow_per_year=0"});
    CHECK(empty.counts[static_cast<int>(EventKind::StartupFounded)] == 0);
}

TEST_CASE("the weighted picker picks in proportion to weight", "[agents][mechanisms]") {
    WeightedPicker picker;
    picker.resize(4);
    picker.set(0, 1.0);
    picker.set(1, 0.0);
    picker.set(2, 3.0);
    picker.set(3, 6.0);
    CHECK(picker.total() == Approx(10.0));
    innosim::sim::RngStream rng(1, 0, 0, 0);
    std::array<int, 4> hits{};
    constexpr int kDraws = 100000;
    for (int i = 0; i < kDraws; ++i) {
        ++hits[picker.pick(rng.uniform())];
    }
    CHECK(hits[1] == 0);
    CHECK(hits[0] / double(kDraws) == Approx(0.1).margin(0.01));
    CHECK(hits[2] / double(kDraws) == Approx(0.3).margin(0.01));
    CHECK(hits[3] / double(kDraws) == Approx(0.6).margin(0.01));
    picker.resize(6); // growing keeps the weights
    CHECK(picker.total() == Approx(10.0));
}

TEST_CASE("the calibrated baseline lands inside the published bands", "[agents][calibration]") {
    const LoadedScenario loaded = load_scenario("mashhad_baseline");
    double alive_at_3 = 0;
    double at_risk_at_3 = 0;
    double approvals = 0;
    double decisions = 0;
    for (std::uint32_t r = 0; r < 4; ++r) {
        FactsObserver facts;
        run_scenario(loaded, {.replication = r, .observer = &facts});
        const StylizedFacts f = facts.facts(loaded.params.end + innosim::sim::kTicksPerDay);
        alive_at_3 += f.survival[3] * f.at_risk[3];
        at_risk_at_3 += f.at_risk[3];
        approvals += f.certification_approval * f.certification_decisions;
        decisions += f.certification_decisions;
    }
    REQUIRE(at_risk_at_3 > 100);
    CHECK(alive_at_3 / at_risk_at_3 > 0.40); // BLS 60.6%, band 40-70%
    CHECK(alive_at_3 / at_risk_at_3 < 0.70);
    CHECK(approvals / decisions > 0.15); // 20.6% published
    CHECK(approvals / decisions < 0.27);
}

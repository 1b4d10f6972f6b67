// Levers move outcomes through their mechanisms: each test turns one lever and checks the
// mechanism it drives, with common random numbers (same seed) on both sides.
#include "agents/calibration.hpp"
#include "agents/model.hpp"
#include "agents/runner.hpp"
#include "agents/scenario_loader.hpp"
#include "sim/rng.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

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

namespace {

/// Checks the firm-level invariants of every monthly snapshot of a run.
struct FirmInvariants final : ModelObserver {
    void on_event(const DomainEvent&) override {}
    void on_flow(const FlowRecord&) override {}
    void on_snapshot(innosim::sim::Ticks, const Model& model) override {
        ++snapshots;
        for (const Startup& firm : model.startups()) {
            if (!firm.active()) {
                continue;
            }
            ++firm_months;
            zero_cost += model.monthly_cost(firm) > 0 ? 0 : 1;
            // Revenue (start prices, a year) against the demand of the niches the firm sells in.
            double reachable = 0;
            for (const std::uint16_t n : firm.products) {
                reachable += static_cast<double>(model.niche_demand_year(model.niches()[n]));
            }
            const double revenue_year = 12.0 * static_cast<double>(firm.revenue_month) / model.price_index();
            over_demand += revenue_year > reachable * 1.001 + 12.0 ? 1 : 0;
            if (firm.stage == kRevenue) {
                stage_sizes.insert(firm.employees);
            }
        }
        for (const Niche& niche : model.niches()) {
            niches_over += niche.held_year > model.niche_demand_year(niche) ? 1 : 0;
        }
        const innosim::sim::Ledger& ledger = model.ledger();
        imbalance += ledger.sum_of_balances() != 0 ? 1 : 0;
        for (std::size_t a = 0; a < ledger.account_count(); ++a) {
            const auto account = static_cast<innosim::sim::AccountId>(a);
            negative += ledger.overdraft_limit(account) == 0 && ledger.balance(account) < 0 ? 1 : 0;
        }
    }
    int snapshots = 0;
    long firm_months = 0;
    int zero_cost = 0;
    int over_demand = 0;
    int niches_over = 0;
    int imbalance = 0;
    int negative = 0;
    std::set<int> stage_sizes;
};

std::size_t transfers_of(const Counted& run, Reason reason) {
    return static_cast<std::size_t>(std::count_if(run.last.begin(), run.last.end(), [&](const DomainEvent& e) {
        return e.kind == EventKind::Transfer && e.reason == reason;
    }));
}

} // namespace

TEST_CASE("every active firm pays to stay alive and sells no more than its niches demand", "[agents][mechanisms]") {
    for (const char* scenario : {"tiny", "mashhad_baseline"}) {
        const LoadedScenario loaded = load_scenario(scenario);
        FirmInvariants check;
        run_scenario(loaded, {.seed = 3, .observer = &check});
        INFO(scenario);
        REQUIRE(check.snapshots > 12);
        REQUIRE(check.firm_months > 1000);
        CHECK(check.zero_cost == 0);
        CHECK(check.over_demand == 0);
        CHECK(check.niches_over == 0);
        CHECK(check.imbalance == 0);
        CHECK(check.negative == 0);
        // Headcount follows the work: firms at one stage come in many sizes.
        CHECK(check.stage_sizes.size() >= 5);
    }
}

TEST_CASE("headcount follows the customers' work, not the stage", "[agents][mechanisms]") {
    // Firms at the same stage: those with more customers employ more people.
    struct Sizes final : ModelObserver {
        void on_event(const DomainEvent&) override {}
        void on_flow(const FlowRecord&) override {}
        void on_snapshot(innosim::sim::Ticks t, const Model& model) override {
            if (t < model.params().horizon) {
                return;
            }
            for (const Startup& firm : model.startups()) {
                if (firm.active() && firm.stage == kScale) {
                    (firm.opportunities.size() >= 10 ? big : small).push_back(firm.employees);
                }
            }
        }
        std::vector<int> big, small;
    } sizes;
    run_scenario(load_scenario("mashhad_baseline"), {.seed = 5, .observer = &sizes});
    REQUIRE(sizes.big.size() > 5);
    REQUIRE(sizes.small.size() > 5);
    const auto mean = [](const std::vector<int>& v) { return std::accumulate(v.begin(), v.end(), 0.0) / v.size(); };
    CHECK(mean(sizes.big) > 1.5 * mean(sizes.small));
}

TEST_CASE("funders commit only money they have, and more money buys more deals", "[agents][mechanisms]") {
    const Counted base = run_with({});
    const Counted rich = run_with({"funders[Khorasan Ventures].capital_rial=1200000000000",
                                   "funders[Khorasan Ventures].capital_per_year_rial=300000000000"});
    CHECK(transfers_of(rich, Reason::Equity) > transfers_of(base, Reason::Equity));
    // Every model transfer went through: nobody paid money it did not have.
    for (const char* scenario : {"tiny", "mashhad_baseline"}) {
        LoadedScenario loaded = load_scenario(scenario);
        Model model(loaded.params, loaded.pre_start, loaded.changes, 9, 0);
        model.run();
        INFO(scenario);
        CHECK(model.ledger().rejected_count() == 0);
        CHECK(model.ledger().sum_of_balances() == 0);
    }
}

TEST_CASE("a larger innovation budget pays for more grants", "[agents][mechanisms]") {
    LoadedScenario base = load_scenario("mashhad_baseline");
    LoadedScenario doubled = base;
    apply_overrides(doubled, {"municipality.innovation_budget_share=0.008"});
    Counted a;
    Counted b;
    run_scenario(base, {.seed = 2, .observer = &a});
    run_scenario(doubled, {.seed = 2, .observer = &b});
    CHECK(transfers_of(b, Reason::Grant) > transfers_of(a, Reason::Grant) * 1.2);
}

TEST_CASE("the spin-up is silent and the run starts on its first day", "[agents][mechanisms]") {
    const LoadedScenario loaded = load_scenario("mashhad_baseline");
    REQUIRE(loaded.params.spin_up > 0);
    Counted run;
    run_scenario(loaded, {.seed = 4, .observer = &run});
    REQUIRE_FALSE(run.last.empty());
    CHECK(std::all_of(run.last.begin(), run.last.end(), [](const DomainEvent& e) { return e.time >= 0; }));
    // Firms of every age are there on the first day.
    Model model(loaded.params, loaded.pre_start, loaded.changes, 4, 0);
    model.run_until(1);
    CHECK(model.active_startups() > 200);
    int old = 0;
    for (const Startup& firm : model.startups()) {
        old += firm.active() && firm.founded < -innosim::sim::days(3 * 365) ? 1 : 0;
    }
    CHECK(old > 20);
}

TEST_CASE("the baseline's first-year survival and certification rate land in their bands", "[agents][calibration]") {
    // The whole table is `innosim calibrate`'s; here the two facts its mechanisms settle first.
    const LoadedScenario loaded = load_scenario("mashhad_baseline");
    std::vector<StylizedFacts> runs;
    for (std::uint32_t r = 0; r < 4; ++r) {
        FactsObserver facts;
        run_scenario(loaded, {.replication = r, .observer = &facts});
        runs.push_back(facts.facts(loaded.params.end + innosim::sim::kTicksPerDay));
    }
    const FactValues pooled = pooled_fact_values(runs);
    for (const std::size_t fact : {std::size_t{0}, std::size_t{7}}) {
        const FactBand& band = kFactBands[fact];
        INFO(band.fact);
        REQUIRE(pooled.weight[fact] > 100);
        CHECK(pooled.value[fact] >= band.low);
        CHECK(pooled.value[fact] <= band.high);
    }
    CHECK(calibration_loss(pooled) > 0);
}

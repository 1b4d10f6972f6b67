// Invariants that must hold over whole runs, whatever the parameters: money is conserved to the
// Rial, no firm spends money it does not have, every failure has a cause, and the KPIs agree
// with the events that produced them.
#include "agents/model.hpp"
#include "agents/runner.hpp"
#include "agents/scenario_loader.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <optional>

namespace {

using namespace innosim::agents;

class InvariantObserver final : public ModelObserver {
public:
    void on_event(const DomainEvent& event) override {
        ++counts[event.kind];
        if (event.kind == EventKind::StartupFailed) {
            failures_without_cause += event.value <= 0 ? 1 : 0;
        }
        time_went_back += event.time < last_time ? 1 : 0;
        last_time = event.time;
    }
    void on_flow(const FlowRecord& flow) override { negative_flows += flow.amount <= 0 ? 1 : 0; }
    void on_snapshot(innosim::sim::Ticks, const Model& model) override {
        ++snapshots;
        REQUIRE(model.ledger().sum_of_balances() == 0);
        std::uint32_t jobs = 0;
        std::uint32_t active = 0;
        for (const Startup& firm : model.startups()) {
            if (model.ledger().balance(firm.account) < 0) {
                ++firms_below_zero;
            }
            if (firm.active()) {
                ++active;
                jobs += firm.employees;
                employees_below_founders += firm.employees < firm.founders ? 1 : 0;
            } else if (firm.stage == kFailed && firm.cause == FailureCause::None) {
                ++failed_without_cause;
            }
        }
        const Kpis kpis = model.kpis();
        kpi_mismatches += kpis.jobs != jobs ? 1 : 0;
        kpi_mismatches += kpis.active_startups != active ? 1 : 0;
        // The firms the spin-up left on the first day, plus entries less exits since.
        const long at_start =
            static_cast<long>(kpis.active_startups) - kpis.startups_founded + kpis.startups_failed + kpis.exits;
        if (!first_day_firms) {
            first_day_firms = at_start;
        }
        kpi_mismatches += at_start != *first_day_firms ? 1 : 0;
    }

    std::map<EventKind, std::uint64_t> counts;
    std::uint64_t failures_without_cause = 0;
    std::uint64_t failed_without_cause = 0;
    std::uint64_t time_went_back = 0;
    std::uint64_t negative_flows = 0;
    std::uint64_t firms_below_zero = 0;
    std::uint64_t employees_below_founders = 0;
    std::uint64_t kpi_mismatches = 0;
    std::optional<long> first_day_firms;
    std::uint64_t snapshots = 0;
    innosim::sim::Ticks last_time = 0;
};

void check_run(const std::string& scenario, std::uint64_t seed) {
    const LoadedScenario loaded = load_scenario(scenario);
    InvariantObserver observer;
    const RunResult result = run_scenario(loaded, {.seed = seed, .observer = &observer});

    CHECK(result.imbalance == 0);
    CHECK(result.transfers > 0);
    CHECK(observer.snapshots >= 24);
    CHECK(observer.firms_below_zero == 0);
    CHECK(observer.employees_below_founders == 0);
    CHECK(observer.failures_without_cause == 0);
    CHECK(observer.failed_without_cause == 0);
    CHECK(observer.time_went_back == 0);
    CHECK(observer.negative_flows == 0);
    CHECK(observer.kpi_mismatches == 0);
    // The KPIs at the end equal the counts of the events behind them.
    // (Counters start on the first day: the spin-up's firms are there, not counted as founded.)
    CHECK(result.end.startups_founded == observer.counts[EventKind::StartupFounded]);
    CHECK(result.end.startups_failed == observer.counts[EventKind::StartupFailed]);
    CHECK(result.end.exits == observer.counts[EventKind::StartupExited]);
    // The mechanisms all ran: foundings, failures, rounds, grants, challenges, contracts, certificates.
    CHECK(observer.counts[EventKind::StartupFounded] > 0);
    CHECK(observer.counts[EventKind::StartupFailed] > 0);
    CHECK(observer.counts[EventKind::ChallengePublished] > 0);
    CHECK(observer.counts[EventKind::ContractSigned] > 0);
    CHECK(observer.counts[EventKind::Certified] > 0);
    CHECK(observer.counts[EventKind::FactoryAdmitted] > 0);
    CHECK(observer.counts[EventKind::Transfer] > 0);
}

} // namespace

TEST_CASE("invariants hold over a whole run of the tiny scenario", "[agents][invariants]") {
    check_run("tiny", 7);
    check_run("tiny", 12345);
}

TEST_CASE("invariants hold over a whole run of the Mashhad baseline", "[agents][invariants]") {
    check_run("mashhad_baseline", 1);
}

TEST_CASE("a firm that cannot pay fails with a cause; money never goes negative under stress", "[agents][invariants]") {
    // Harsh conditions: no grants, no investors' money, late payments, dear desks.
    LoadedScenario loaded = load_scenario("tiny");
    apply_overrides(loaded, {"municipality.grant_fund_share=0", "funders[0].capital_rial=0",
                             "funders[1].capital_rial=0", "funders[2].capital_rial=0", "funders[3].capital_rial=0",
                             "departments[0].payment_delay_days=720", "startups.salary_per_month_rial=900000000"});
    InvariantObserver observer;
    const RunResult result = run_scenario(loaded, {.observer = &observer});
    CHECK(result.imbalance == 0);
    CHECK(observer.firms_below_zero == 0);
    CHECK(observer.failed_without_cause == 0);
    CHECK(observer.counts[EventKind::StartupFailed] > 0);
}

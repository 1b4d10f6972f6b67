#pragma once

// The stylized facts a run produces, measured the way the published figures were measured, so
// `innosim calibrate` can put model and target side by side (shared/domain/facts.md).

#include "agents/model_observer.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace innosim::agents {

/// Survival of an entry cohort by age, the venture funnel, certification and the demand side.
struct StylizedFacts {
    static constexpr int kMaxAge = 5;                 ///< years
    std::array<double, kMaxAge + 1> survival{};       ///< share of the first-year cohort alive at age k years
    std::array<std::uint32_t, kMaxAge + 1> at_risk{}; ///< cohort firms observable at age k
    double seed_to_a_within_2y = 0;        ///< share of first equity rounds followed by another within 730 days
    std::uint32_t first_rounds = 0;        ///< first equity rounds observable for two years
    double median_days_between_rounds = 0; ///< first -> second round
    std::uint32_t second_rounds = 0;
    double certification_approval = 0; ///< approvals / decisions
    std::uint32_t certification_decisions = 0;
    double bids_per_challenge = 0;
    std::uint32_t challenges = 0;
    double pilot_to_contract = 0; ///< contracts / completed pilots
    std::uint32_t pilots_completed = 0;
    double local_share_of_contracts = 0;           ///< contracts won by local startups
    std::array<std::uint32_t, 5> failure_causes{}; ///< by FailureCause
};

/// Watches a run's events and computes its stylized facts at the end.
class FactsObserver final : public ModelObserver {
public:
    void on_event(const DomainEvent& event) override;
    void on_flow(const FlowRecord&) override {}
    void on_snapshot(sim::Ticks, const Model&) override {}

    /// The facts of the run observed so far; `end` is the run's last time.
    StylizedFacts facts(sim::Ticks end) const;

private:
    struct FirmHistory {
        sim::Ticks founded = -1;
        sim::Ticks gone = -1; ///< failure time (exits count as survival)
        std::vector<sim::Ticks> rounds;
    };
    FirmHistory& firm(std::uint32_t id);

    std::vector<FirmHistory> firms_;
    std::uint32_t cert_applications_ = 0;
    std::uint32_t cert_approvals_ = 0;
    std::uint32_t challenges_ = 0;
    std::uint64_t bids_ = 0;
    std::uint32_t pilots_ = 0;
    std::uint32_t contracts_ = 0;
    std::uint32_t local_contracts_ = 0;
    std::array<std::uint32_t, 5> causes_{};
    sim::Ticks last_time_ = 0;
};

} // namespace innosim::agents

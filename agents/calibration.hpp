#pragma once

// The stylized facts a run produces, measured the way the published figures were measured, so
// `innosim calibrate` can put model and target side by side (shared/domain/facts.md).

#include "agents/model_observer.hpp"

#include <array>
#include <cstdint>
#include <iterator>
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

/// A published target: its point value, the band the model must land in, where it comes from and
/// why the band is that wide.
struct FactBand {
    const char* fact;
    double point;
    double low;
    double high;
    const char* source;
    const char* why;
};

// Bands: the published point values widened for Iran, where selection is weaker and failure
// higher than in the US cohorts (World Bank Enterprise Surveys; "9 of 10 fail" in Tehran), and
// for the sampling noise of a city's few hundred entrants a year.
inline constexpr FactBand kFactBands[] = {
    {"survival at 1 year", 0.796, 0.65, 0.90, "79.6% (BLS 1994 & 2013 cohorts)", "US +-10 pp, less for Iran"},
    {"survival at 2 years", 0.68, 0.50, 0.80, "68-69% (BLS); 66% (Knaup); 60-80% (OECD)", "OECD range, Iran lower"},
    {"survival at 3 years", 0.61, 0.40, 0.70, "60.6-61.4% (BLS)", "US +-10 pp, 20 pp lower for Iran"},
    {"survival at 4 years", 0.54, 0.33, 0.62, "54-55% (BLS); 44% (Knaup 1998)", "Knaup's 44% inside, Iran lower"},
    {"survival at 5 years", 0.50, 0.28, 0.58, "49.6-50.6% (BLS)", "US +-8 pp, 20 pp lower for Iran"},
    {"first round -> next within 2 years", 0.25, 0.10, 0.40, "15-33% seed->A within 2y (Carta cohorts)",
     "the Carta cohorts' range, widened for Iran's thin follow-on market"},
    {"median days between rounds", 600, 400, 1000, "420-784 days (Carta 2021-2024)", "Carta's range, widened"},
    {"certification approval rate", 0.206, 0.15, 0.27, "20.6% (6,695 of 32,369 files)", "+-6 pp for who applies"},
    {"bids per challenge", 20, 5, 40, "~20 (Barcelona Open Challenge)", "one programme: a factor of 2-4"},
    {"contracts per pilot", 0.5, 0.30, 0.70, "~50% deployed after PCP (EU, 15 projects)", "15 projects: +-20 pp"},
};
inline constexpr std::size_t kFactCount = std::size(kFactBands);

/// One run's (or a pool's) value of each kFactBands entry, and how many cases it rests on.
struct FactValues {
    std::array<double, kFactCount> value{};
    std::array<double, kFactCount> weight{};
};
FactValues fact_values(const StylizedFacts& facts);
/// The facts of several replications pooled: ratios weighted by the cases each one saw.
FactValues pooled_fact_values(const std::vector<StylizedFacts>& runs);
/// Distance from the published points, each in units of its band's half-width, squared and
/// summed (a fact with no cases counts as at the band's edge).
double calibration_loss(const FactValues& values);

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

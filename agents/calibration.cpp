#include "agents/calibration.hpp"

#include <algorithm>

namespace innosim::agents {

FactsObserver::FirmHistory& FactsObserver::firm(std::uint32_t id) {
    if (id >= firms_.size()) {
        firms_.resize(id + 1);
    }
    return firms_[id];
}

void FactsObserver::on_event(const DomainEvent& event) {
    last_time_ = event.time;
    switch (event.kind) {
    case EventKind::StartupFounded:
        firm(event.subject.id).founded = event.time;
        break;
    case EventKind::StartupFailed:
        firm(event.subject.id).gone = event.time;
        if (event.value >= 0 && event.value < static_cast<std::int32_t>(causes_.size())) {
            ++causes_[static_cast<std::size_t>(event.value)];
        }
        break;
    case EventKind::RoundRaised:
        firm(event.subject.id).rounds.push_back(event.time);
        break;
    case EventKind::CertApplied:
        ++cert_applications_;
        break;
    case EventKind::Certified:
        ++cert_approvals_;
        break;
    case EventKind::ChallengePublished:
        ++challenges_;
        bids_ += static_cast<std::uint64_t>(std::max(0, event.value));
        break;
    case EventKind::PilotStarted:
        ++pilots_;
        break;
    case EventKind::ContractSigned:
        ++contracts_;
        local_contracts_ += event.subject.kind == AgentKind::Startup ? 1 : 0;
        break;
    default:
        break;
    }
}

StylizedFacts FactsObserver::facts(sim::Ticks end) const {
    StylizedFacts f;
    const sim::Ticks year = sim::days_to_ticks(sim::kDaysPerYear);
    // The entry cohort of the run's first year (firms there before the start are not entrants).
    for (int age = 0; age <= StylizedFacts::kMaxAge; ++age) {
        std::uint32_t alive = 0;
        std::uint32_t at_risk = 0;
        for (const FirmHistory& h : firms_) {
            if (h.founded < 0 || h.founded >= year || h.founded + age * year > end) {
                continue;
            }
            ++at_risk;
            alive += (h.gone < 0 || h.gone > h.founded + age * year) ? 1 : 0;
        }
        f.at_risk[static_cast<std::size_t>(age)] = at_risk;
        f.survival[static_cast<std::size_t>(age)] = at_risk > 0 ? static_cast<double>(alive) / at_risk : 0.0;
    }
    // The venture funnel: first rounds with two years to watch, and the gap to the next.
    const sim::Ticks two_years = sim::days(730);
    std::uint32_t followed = 0;
    std::vector<double> gaps;
    for (const FirmHistory& h : firms_) {
        if (h.rounds.empty()) {
            continue;
        }
        if (h.rounds.size() >= 2) {
            gaps.push_back(sim::to_days(h.rounds[1] - h.rounds[0]));
        }
        if (h.rounds[0] + two_years <= end) {
            ++f.first_rounds;
            followed += h.rounds.size() >= 2 && h.rounds[1] - h.rounds[0] <= two_years ? 1 : 0;
        }
    }
    f.seed_to_a_within_2y = f.first_rounds > 0 ? static_cast<double>(followed) / f.first_rounds : 0.0;
    f.second_rounds = static_cast<std::uint32_t>(gaps.size());
    if (!gaps.empty()) {
        std::sort(gaps.begin(), gaps.end());
        f.median_days_between_rounds = gaps[gaps.size() / 2];
    }
    f.certification_decisions = cert_applications_;
    f.certification_approval = cert_applications_ > 0 ? static_cast<double>(cert_approvals_) / cert_applications_ : 0.0;
    f.challenges = challenges_;
    f.bids_per_challenge = challenges_ > 0 ? static_cast<double>(bids_) / challenges_ : 0.0;
    f.pilots_completed = pilots_;
    f.pilot_to_contract = pilots_ > 0 ? static_cast<double>(contracts_) / pilots_ : 0.0;
    f.local_share_of_contracts = contracts_ > 0 ? static_cast<double>(local_contracts_) / contracts_ : 0.0;
    f.failure_causes = causes_;
    return f;
}

FactValues fact_values(const StylizedFacts& f) {
    FactValues v;
    for (std::size_t age = 1; age <= 5; ++age) {
        v.value[age - 1] = f.survival[age];
        v.weight[age - 1] = f.at_risk[age];
    }
    v.value[5] = f.seed_to_a_within_2y;
    v.weight[5] = f.first_rounds;
    v.value[6] = f.median_days_between_rounds;
    v.weight[6] = f.second_rounds;
    v.value[7] = f.certification_approval;
    v.weight[7] = f.certification_decisions;
    v.value[8] = f.bids_per_challenge;
    v.weight[8] = f.challenges;
    v.value[9] = f.pilot_to_contract;
    v.weight[9] = f.pilots_completed;
    return v;
}

FactValues pooled_fact_values(const std::vector<StylizedFacts>& runs) {
    FactValues pooled;
    for (const StylizedFacts& run : runs) {
        const FactValues v = fact_values(run);
        for (std::size_t i = 0; i < kFactCount; ++i) {
            pooled.value[i] += v.value[i] * v.weight[i];
            pooled.weight[i] += v.weight[i];
        }
    }
    for (std::size_t i = 0; i < kFactCount; ++i) {
        pooled.value[i] = pooled.weight[i] > 0 ? pooled.value[i] / pooled.weight[i] : 0.0;
    }
    return pooled;
}

double calibration_loss(const FactValues& values) {
    double loss = 0;
    for (std::size_t i = 0; i < kFactCount; ++i) {
        const FactBand& band = kFactBands[i];
        const double half = 0.5 * (band.high - band.low);
        const double z = values.weight[i] > 0 ? (values.value[i] - band.point) / half : (band.high - band.point) / half;
        loss += z * z;
    }
    return loss;
}

} // namespace innosim::agents

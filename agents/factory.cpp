// The innovation factory: admission rounds that select early teams (weighted toward the city's
// priority problems), a subsidised desk, mentoring, a fixed tenancy, and co-location ties. Its
// effect on survival comes only from these mechanisms, never from a bonus.
#include "agents/model.hpp"

#include <algorithm>

namespace innosim::agents {

namespace {

constexpr double kShareOfEligibleApplying = 0.5; // assumption: half of the early teams apply each round

} // namespace

void Model::graduate(Startup& firm) {
    firm.in_factory = false;
    std::erase(factory_.tenant_ids, firm.id);
    factory_.tenants = static_cast<std::uint32_t>(factory_.tenant_ids.size());
    ++factory_.graduated;
    emit(EventKind::FactoryGraduated, {AgentKind::Startup, firm.id}, {AgentKind::Factory, 0});
}

void Model::factory_round() {
    const FactoryDef& def = params_.factory;
    const std::vector<std::uint32_t> tenants = factory_.tenant_ids;
    for (const std::uint32_t s : tenants) {
        if (startups_[s].factory_until <= now()) {
            graduate(startups_[s]);
        }
    }
    const int free = def.capacity - static_cast<int>(factory_.tenant_ids.size());
    if (free <= 0) {
        factory_.applicants_last_round = 0;
        return;
    }

    struct Applicant {
        double score;
        std::uint32_t startup;
    };
    std::vector<Applicant> applicants;
    const Rial market_seat = params_.districts.empty() ? 0 : params_.districts[def.district].rent_per_seat_month;
    const Rial subsidised_seat = indexed(round_rial(static_cast<double>(market_seat) * (1.0 - def.rent_subsidy)));
    for (const std::uint32_t s : active_) {
        const Startup& firm = startups_[s];
        if (firm.in_factory || firm.factory_until != 0 || firm.stage > kPrototype) {
            continue; // one tenancy per firm, early stages only
        }
        // A team applies only if it can pay the subsidised desks for its runway.
        const Rial desks = static_cast<Rial>(firm.employees) * subsidised_seat;
        if (static_cast<double>(ledger_.balance(firm.account)) <
            params_.startups.min_runway_months * static_cast<double>(desks)) {
            continue;
        }
        if (factory_.rng.bernoulli(kShareOfEligibleApplying)) {
            const double score =
                firm.theta + factory_.rng.normal(0.0, def.selection_noise) + def.priority_weight * firm_priority(firm);
            applicants.push_back({score, s});
        }
    }
    factory_.applicants_last_round = static_cast<std::uint32_t>(applicants.size());
    std::sort(applicants.begin(), applicants.end(), [](const Applicant& a, const Applicant& b) {
        return a.score != b.score ? a.score > b.score : a.startup < b.startup;
    });
    const std::size_t admitted = std::min(applicants.size(), static_cast<std::size_t>(free));
    const DistrictDef* home = params_.districts.empty() ? nullptr : &params_.districts[def.district];
    for (std::size_t k = 0; k < admitted; ++k) {
        Startup& firm = startups_[applicants[k].startup];
        firm.in_factory = true;
        firm.factory_until = now() + sim::days_to_ticks(def.tenancy_months * sim::kDaysPerMonth);
        if (home != nullptr) {
            firm.district = static_cast<std::uint16_t>(def.district);
            firm.x = static_cast<float>(home->x + factory_.rng.normal(0.0, 0.01));
            firm.y = static_cast<float>(home->y + factory_.rng.normal(0.0, 0.01));
        }
        factory_.tenant_ids.push_back(firm.id);
        ++counters_.support_12m[month_ % 12];
        emit(EventKind::FactoryAdmitted, {AgentKind::Startup, firm.id}, {AgentKind::Factory, 0});
        // Mentoring speeds the current milestone too.
        scheduler_.cancel(firm.milestone);
        schedule_milestone(firm);
    }
    factory_.tenants = static_cast<std::uint32_t>(factory_.tenant_ids.size());
}

} // namespace innosim::agents

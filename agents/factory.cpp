// The innovation factory: a building the municipality pays for (a fixed cost) and places it can
// fund (mentors and services per team), admission rounds that select among the teams that
// apply, a subsidised desk for each of a tenant's people, mentoring, visibility to funders, a
// fixed tenancy and co-location ties. Teams apply only when the offer beats what they have. Its
// effect on survival comes out of these mechanisms, whatever its sign.
// Sources: incubator selection and the net effect of incubation (Schwartz 2013; Amezcua et al.
// 2013; Hackett & Dilts 2004), co-location spillovers (Arzaghi & Henderson 2008).
#include "agents/model.hpp"

#include <algorithm>

namespace innosim::agents {

void Model::graduate(Startup& firm) {
    firm.in_factory = false;
    std::erase(factory_.tenant_ids, firm.id);
    factory_.tenants = static_cast<std::uint32_t>(factory_.tenant_ids.size());
    ++factory_.graduated;
    emit(EventKind::FactoryGraduated, {AgentKind::Startup, firm.id}, {AgentKind::Factory, 0});
}

void Model::factory_month() {
    // The month's running cost from the factory's budget: the building, and each tenant's
    // mentors and services. Places it can fund: the teams whose whole tenancy its money pays.
    const FactoryDef& def = params_.factory;
    const Rial fixed = indexed(def.fixed_cost_per_year / 12);
    const Rial per_team = indexed(def.cost_per_team_month);
    const Rial cost =
        std::min(fixed + per_team * static_cast<Rial>(factory_.tenants), ledger_.balance(factory_.account));
    pay(factory_.account, outside_suppliers_, cost, Reason::FactoryOperations);
    counters_.public_spent += cost;
    Rial committed = 0;
    for (const std::uint32_t s : factory_.tenant_ids) {
        const double months_left = std::max(0.0, sim::to_days(startups_[s].factory_until - now()) / sim::kDaysPerMonth);
        committed += round_rial(months_left * static_cast<double>(per_team));
    }
    const Rial free = std::max<Rial>(0, ledger_.balance(factory_.account) - committed - fixed);
    const Rial place_cost = per_team * std::max(1, def.tenancy_months);
    const Rial affordable = place_cost > 0 ? free / place_cost : def.capacity;
    factory_.places_funded =
        static_cast<std::uint32_t>(std::min<Rial>(def.capacity, static_cast<Rial>(factory_.tenants) + affordable));
}

void Model::factory_year() {
    // Nowruz: the factory is a municipal unit; what its budget did not commit (the tenancies it
    // runs and a year of the building) goes back to the treasury.
    const FactoryDef& def = params_.factory;
    const Rial per_team = indexed(def.cost_per_team_month);
    Rial committed = indexed(def.fixed_cost_per_year);
    for (const std::uint32_t s : factory_.tenant_ids) {
        const double months_left = std::max(0.0, sim::to_days(startups_[s].factory_until - now()) / sim::kDaysPerMonth);
        committed += round_rial(months_left * static_cast<double>(per_team));
    }
    const Rial spare = ledger_.balance(factory_.account) - committed;
    pay(factory_.account, municipality_.treasury, std::max<Rial>(0, spare), Reason::BudgetAllocation);
}

bool Model::wants_factory(const Startup& firm) const {
    // A team applies when the time it would save is worth more than the desks would cost it
    // more than now (ASSUMPTION: teams weigh only development time and rent, not mentoring's
    // sharper learning or visibility, which they cannot price).
    const FactoryDef& def = params_.factory;
    const StartupDef& life = params_.startups;
    const double speed_now = firm.office ? 1.0 : life.home_work_speed;
    const double speed_in = 1.0 + def.mentoring_speedup;
    const double share_saved = std::max(0.0, 1.0 - speed_now / speed_in);
    const Rial market_seat =
        params_.districts.empty() ? 0 : indexed(params_.districts[firm.district].rent_per_seat_month);
    const Rial factory_seat =
        params_.districts.empty()
            ? 0
            : indexed(round_rial(static_cast<double>(params_.districts[def.district].rent_per_seat_month) *
                                 (1.0 - def.rent_subsidy)));
    const double rent_now = firm.office ? static_cast<double>(firm.employees * market_seat) : 0.0;
    const double rent_in = static_cast<double>(firm.employees * factory_seat);
    return share_saved * static_cast<double>(monthly_cost(firm)) >= rent_in - rent_now;
}

void Model::factory_round() {
    const FactoryDef& def = params_.factory;
    const std::vector<std::uint32_t> tenants = factory_.tenant_ids;
    for (const std::uint32_t s : tenants) {
        if (startups_[s].factory_until <= now()) {
            graduate(startups_[s]);
        }
    }
    const int places = std::min<int>(def.capacity, static_cast<int>(factory_.places_funded));
    const int free = places - static_cast<int>(factory_.tenant_ids.size());
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
        if (firm.in_factory || firm.factory_until != 0 || firm.stage > def.max_stage_admitted || !wants_factory(firm)) {
            continue; // one tenancy per firm
        }
        // A team applies only if it can pay the subsidised desks for its runway.
        const Rial desks = static_cast<Rial>(firm.employees) * subsidised_seat;
        if (static_cast<double>(ledger_.balance(firm.account)) <
            params_.startups.min_runway_months * static_cast<double>(desks + monthly_cost(firm))) {
            continue;
        }
        const double score =
            firm.theta + factory_.rng.normal(0.0, def.selection_noise) + def.priority_weight * firm_priority(firm);
        applicants.push_back({score, s});
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
        firm.office = true;
        firm.factory_until = now() + sim::days_to_ticks(def.tenancy_months * sim::kDaysPerMonth);
        if (home != nullptr) {
            firm.district = static_cast<std::uint16_t>(def.district);
            firm.x = static_cast<float>(home->x + factory_.rng.normal(0.0, 0.01));
            firm.y = static_cast<float>(home->y + factory_.rng.normal(0.0, 0.01));
        }
        factory_.tenant_ids.push_back(firm.id);
        ++counters_.support_12m[ring()];
        emit(EventKind::FactoryAdmitted, {AgentKind::Startup, firm.id}, {AgentKind::Factory, 0});
    }
    factory_.tenants = static_cast<std::uint32_t>(factory_.tenant_ids.size());
}

} // namespace innosim::agents

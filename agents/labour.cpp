// Headcount is the labour a firm's work needs: its customers and contracts need delivery staff at
// a firm-specific productivity that improves with experience, and its development uses a team
// as large as its cash allows, up to what the work can use. Hiring has frictions: vacancies are
// filled through a matching function with the talent pool, which can run short.
// Sources: learning by doing (Arrow 1962; Thompson 2012, "The relationship between unit cost and
// cumulative quantity"), quality-driven productivity (Jovanovic 1982; Foster, Haltiwanger &
// Syverson 2008), the aggregate matching function (Petrongolo & Pissarides 2001), financing
// constraints on young firms' hiring (Evans & Jovanovic 1989).
#include "agents/model.hpp"

#include <algorithm>
#include <cmath>

namespace innosim::agents {

double Model::productivity(const Startup& firm) const {
    const StartupDef& life = params_.startups;
    double p = std::exp(life.quality_speed * firm.theta / life.quality_sd);
    if (firm.selling_since >= 0) {
        const double years = std::max(0.0, sim::to_days(now() - firm.selling_since) / sim::kDaysPerYear);
        p *= std::pow(1.0 + years, life.learning_elasticity);
    }
    return p;
}

int Model::useful_dev_staff(const Startup& firm) const {
    return firm.active() ? params_.startups.max_dev_staff : 0;
}

void Model::change_headcount(Startup& firm, int change, std::string_view why) {
    if (change == 0) {
        return;
    }
    firm.employees = static_cast<std::uint16_t>(std::clamp<int>(firm.employees + change, firm.founders, 65535));
    // Hires come from the talent pool; people laid off go back to it.
    talent_.people = std::max(0.0, talent_.people - change);
    emit(change > 0 ? EventKind::Hired : EventKind::LaidOff, {AgentKind::Startup, firm.id}, {}, 0, change, why);
}

void Model::plan_headcount(Startup& firm) {
    const StartupDef& life = params_.startups;
    // The work the customers need, at this firm's productivity (start prices).
    Rial market_revenue_real = 0;
    for (const Opportunity& customer : firm.opportunities) {
        market_revenue_real += customer.revenue_month;
    }
    const double per_worker =
        static_cast<double>(std::max<Rial>(life.revenue_per_worker_month, 1)) * productivity(firm);
    firm.delivery_need =
        static_cast<std::uint16_t>(std::min(60000.0, std::ceil(static_cast<double>(market_revenue_real) / per_worker)));
    const int serving = firm.delivery_need + firm.contract_staff;
    const int base = std::max<int>(firm.founders, serving);
    const int founders_on_development = std::max(0, firm.founders - serving);

    // Development hires: as many as the work can use and the planned runway allows.
    const Rial salary = indexed(life.salary_per_month);
    const Rial seat = firm_rent_per_seat(firm);
    const Rial hire_cost = salary + seat;
    const CertificationDef& cert = params_.certification;
    const double tax_rate = cert.tax_rate * (firm.certified ? 1.0 - cert.tax_relief : 1.0);
    const double net_revenue = static_cast<double>(firm.revenue_month) * (1.0 - life.input_cost_share - tax_rate);
    const double base_cost = static_cast<double>(std::max(0, base - firm.founders)) * static_cast<double>(salary) +
                             static_cast<double>(firm.founders) * founders_time_share(firm) * life.founder_draw_share *
                                 static_cast<double>(salary) +
                             (base > firm.founders || firm.in_factory ? base * static_cast<double>(seat) : 0.0);
    const double cash = static_cast<double>(ledger_.balance(firm.account));
    const double spendable = cash / std::max(life.min_runway_months, 1.0) - (base_cost - net_revenue);
    const int affordable =
        hire_cost > 0 ? static_cast<int>(std::floor(std::max(0.0, spendable) / static_cast<double>(hire_cost))) : 0;
    const int wanted = std::max(0, useful_dev_staff(firm) - founders_on_development);
    const int target = base + std::min(wanted, affordable);
    firm.seeking_funds = affordable < wanted || spendable < 0;

    if (firm.employees > target) {
        // Lay-offs keep the people the customers and contracts need.
        change_headcount(firm, target - firm.employees, "work or cash fell");
    }
    firm.vacancies = static_cast<std::uint16_t>(std::clamp(target - static_cast<int>(firm.employees), 0, 65535));
    if (firm.vacancies > 0) {
        vacancies_open_ += firm.vacancies;
        int hired = 0;
        for (int v = 0; v < firm.vacancies && talent_.people >= 1.0 + hired; ++v) {
            hired += firm.rng.bernoulli(fill_rate_) ? 1 : 0;
        }
        change_headcount(firm, hired, "vacancies filled");
        firm.vacancies = static_cast<std::uint16_t>(firm.vacancies - hired);
    }
    firm.office = firm.in_factory || firm.employees > firm.founders;
}

void Model::labour_market_month() {
    // Last month's vacancies meet the pool: hires = efficiency x sqrt(pool x vacancies), at most
    // either; each vacancy is filled with the same chance.
    const double v = static_cast<double>(vacancies_open_);
    const double u = std::max(0.0, talent_.people);
    if (v <= 0) {
        fill_rate_ = std::min(1.0, params_.talent.matching_efficiency);
    } else {
        const double hires = std::min({v, u, params_.talent.matching_efficiency * std::sqrt(u * v)});
        fill_rate_ = hires / v;
    }
    vacancies_open_ = 0;
}

} // namespace innosim::agents

// A startup's life: milestones in stochastic time, monthly accounts (revenue, tax, salaries, rent,
// loans), learning its own quality from noisy results (Jovanovic), hiring and lay-offs, pivots,
// failure with a cause, exit by acquisition, ties to other firms, the knowledge-based certificate
// and the private market with preferential attachment.
#include "agents/math.hpp"
#include "agents/model.hpp"

#include <algorithm>
#include <cmath>

namespace innosim::agents {

namespace {

constexpr int kMinMonthsBeforeExit = 6;  // founders give an idea at least half a year
constexpr int kOpportunitiesToScale = 3; // customers and contracts held to pass revenue -> scale
constexpr double kRemoteSpeed = 0.8;     // assumption: a team without an office moves slower

int months_between(sim::Ticks from, sim::Ticks to) {
    return static_cast<int>(sim::to_days(to - from) / sim::kDaysPerMonth);
}

} // namespace

Rial Model::firm_rent_per_seat(const Startup& firm) const {
    if (firm.in_factory) {
        const Rial market =
            params_.districts.empty() ? 0 : params_.districts[params_.factory.district].rent_per_seat_month;
        return indexed(round_rial(static_cast<double>(market) * (1.0 - params_.factory.rent_subsidy)));
    }
    return params_.districts.empty() ? 0 : indexed(params_.districts[firm.district].rent_per_seat_month);
}

double Model::firm_priority(const Startup& firm) const {
    if (firm.department < 0) {
        return 0;
    }
    const auto d = static_cast<std::size_t>(firm.department);
    double best = 0;
    for (std::size_t p = 0; p < params_.departments[d].problems.size(); ++p) {
        const ProblemDef& problem = params_.departments[d].problems[p];
        if (problem.category == firm.category && departments_[d].problems[p].state != ProblemState::Solved) {
            best = std::max(best, (6.0 - problem.priority) / 5.0);
        }
    }
    return best;
}

double Model::milestone_speed(const Startup& firm) const {
    const StartupDef& life = params_.startups;
    double speed = std::exp(life.quality_speed * firm.theta / life.quality_sd);
    if (firm.in_factory) {
        speed *= 1.0 + params_.factory.mentoring_speedup;
    }
    const auto ties = static_cast<double>(std::min<std::size_t>(firm.ties.size(), life.max_ties));
    speed *= 1.0 + life.spillover_per_tie * ties;
    // A team below the headcount its stage needs moves slower.
    const int target = life.employees_by_stage[std::min<int>(firm.stage, kScale)];
    speed *= std::clamp(std::sqrt(static_cast<double>(firm.employees) / std::max(1, target)), 0.35, 1.0);
    if (!firm.office && firm.stage >= kTeam) {
        speed *= kRemoteSpeed;
    }
    return speed;
}

void Model::schedule_milestone(Startup& firm) {
    if (firm.stage >= kScale) {
        return;
    }
    const double mean_days = params_.startups.days_to_next_stage[firm.stage] / milestone_speed(firm);
    // Gamma with shape 2: milestones take time, rarely almost none.
    const double days = firm.rng.gamma(2.0, mean_days / 2.0);
    firm.milestone = scheduler_.schedule_at(now() + sim::days_to_ticks(days), kMilestone, firm.id);
}

void Model::startup_milestone(std::uint32_t s) {
    Startup& firm = startups_[s];
    if (!firm.active()) {
        return;
    }
    if (firm.stage == kRevenue && firm.opportunities.size() < kOpportunitiesToScale) {
        // Scaling needs customers: try again after another stretch of work.
        schedule_milestone(firm);
        return;
    }
    firm.stage = static_cast<Stage>(firm.stage + 1);
    firm.stage_since = now();
    emit(EventKind::StageAdvanced, {AgentKind::Startup, s}, {}, 0, firm.stage);
    update_market_weight(firm);
    adjust_headcount(firm);
    schedule_milestone(firm);
}

void Model::learn(Startup& firm) {
    // Normal-normal updating of the firm's belief from this month's noisy performance signal;
    // mentors help founders read the signal.
    const StartupDef& life = params_.startups;
    double noise = life.signal_noise;
    if (firm.in_factory) {
        noise *= 1.0 - params_.factory.mentoring_learning;
    }
    const double signal = firm.theta + firm.rng.normal(0.0, noise);
    const double precision = 1.0 / firm.belief_var + 1.0 / (noise * noise);
    firm.belief = (firm.belief / firm.belief_var + signal / (noise * noise)) / precision;
    firm.belief_var = 1.0 / precision;
}

void Model::adjust_headcount(Startup& firm) {
    // Founders draw no salary (assumption: they live on savings and, later, equity); hired staff
    // are paid; desks cost rent unless the team works from home or sits in the factory.
    const StartupDef& life = params_.startups;
    const int target = life.employees_by_stage[std::min<int>(firm.stage, kScale)] + firm.contract_staff;
    const Rial salary = indexed(life.salary_per_month);
    const Rial seat = firm_rent_per_seat(firm);
    const Rial cash = ledger_.balance(firm.account);
    const auto runway_ok = [&](int employees, bool office, double months) {
        const Rial hired = static_cast<Rial>(std::max(0, employees - firm.founders));
        const Rial burn = hired * salary + (office ? static_cast<Rial>(employees) * seat : 0) - firm.revenue_month;
        return burn <= 0 || static_cast<double>(cash) >= months * static_cast<double>(burn);
    };
    const bool office_now = firm.office || firm.in_factory;
    int employees = firm.employees;
    while (employees < target && runway_ok(employees + 1, office_now, life.min_runway_months)) {
        ++employees;
    }
    // A contract's team is kept while the contract runs, whatever the runway: the city expects delivery.
    const int floor = firm.founders + firm.contract_staff;
    while (employees > floor &&
           (employees > target || !runway_ok(employees, office_now, life.min_runway_months / 2.0))) {
        --employees;
    }
    firm.office = firm.stage >= kTeam && (firm.in_factory || runway_ok(employees, true, life.min_runway_months));
    if (employees != firm.employees) {
        const int change = employees - firm.employees;
        firm.employees = static_cast<std::uint16_t>(employees);
        emit(change > 0 ? EventKind::Hired : EventKind::LaidOff, {AgentKind::Startup, firm.id}, {}, 0, change);
    }
}

void Model::startup_month(std::uint32_t s) {
    Startup& firm = startups_[s];
    if (!firm.active()) {
        return;
    }
    const StartupDef& life = params_.startups;
    const auto me = static_cast<std::int32_t>(s);

    // Revenue from the customers and contracts held; contract payments arrive separately.
    Rial revenue = 0;
    std::erase_if(firm.opportunities, [&](const Opportunity& o) { return o.until <= now(); });
    for (const Opportunity& opportunity : firm.opportunities) {
        revenue += indexed(opportunity.revenue_month);
    }
    pay(outside_households_, firm.account, revenue, Reason::MarketRevenue, false, me);
    const CertificationDef& cert = params_.certification;
    const double tax_rate = cert.tax_rate * (firm.certified ? 1.0 - cert.tax_relief : 1.0);
    pay(firm.account, outside_state_, round_rial(static_cast<double>(revenue) * tax_rate), Reason::Tax, false, me);
    firm.revenue_month = revenue;
    service_loans(firm);
    if (!firm.active()) {
        return;
    }

    // Salaries of hired staff, and rent for desks if the firm has an office.
    adjust_headcount(firm);
    const Rial salary = indexed(life.salary_per_month);
    const Rial salaries = static_cast<Rial>(std::max(0, firm.employees - firm.founders)) * salary;
    const Rial rent = firm.office ? static_cast<Rial>(firm.employees) * firm_rent_per_seat(firm) : 0;
    if (ledger_.balance(firm.account) < salaries + rent) {
        fail(firm, FailureCause::CashOut);
        return;
    }
    pay(firm.account, outside_households_, salaries, Reason::Salary, false, me);
    pay(firm.account, firm.in_factory ? factory_.account : outside_suppliers_, rent, Reason::Rent, false, me);
    firm.burn_month = salaries + rent;

    learn(firm);
    const int age_months = months_between(firm.founded, now());
    if (age_months >= kMinMonthsBeforeExit && firm.stage <= kPilot) {
        if (!firm.pivoted && firm.belief < life.pivot_belief_threshold) {
            // A pivot: a new, partly related idea in another domain; the firm learns it afresh.
            firm.pivoted = true;
            firm.theta = 0.5 * firm.theta + 0.5 * firm.rng.normal(0.0, life.quality_sd);
            firm.belief = 0;
            firm.belief_var = life.quality_sd * life.quality_sd * 0.75;
            firm.category = static_cast<Category>(1 + firm.rng.below(4));
            firm.department = -1;
            firm.stage = std::min(firm.stage, kPrototype);
            scheduler_.cancel(firm.milestone);
            schedule_milestone(firm);
            emit(EventKind::Pivoted, {AgentKind::Startup, s}, {}, 0, static_cast<std::int32_t>(firm.category));
        } else if (firm.belief < life.exit_belief_threshold) {
            fail(firm, FailureCause::LowProspects);
            return;
        }
    }
    if (firm.employees <= 3 && firm.rng.bernoulli(life.team_breakup_per_year / 12.0)) {
        fail(firm, FailureCause::TeamBreakup);
        return;
    }
    if (firm.stage >= kRevenue && firm.revenue_month > 0) {
        // Acquirers buy firms that sell: the price is a multiple of revenue.
        const double hazard = life.acquisition_rate_per_year / 12.0 * (firm.stage == kScale ? 1.0 : 0.25);
        if (firm.rng.bernoulli(hazard)) {
            exit_by_acquisition(firm);
            return;
        }
    }

    // Looking for money when the runway gets short.
    const Rial net_burn = firm.burn_month - firm.revenue_month;
    firm.seeking_funds = net_burn > 0 && static_cast<double>(ledger_.balance(firm.account)) <
                                             2.0 * life.min_runway_months * static_cast<double>(net_burn);
    if (!firm.seeking_funds) {
        // Firms also raise to grow toward their stage's headcount.
        const int target = life.employees_by_stage[std::min<int>(firm.stage, kScale)];
        firm.seeking_funds = firm.employees < target;
    }

    if (firm.stage >= kPrototype && !firm.certified && !firm.cert_pending &&
        firm.rng.bernoulli(cert.application_rate_per_year / 12.0)) {
        apply_for_certificate(firm);
    }
    if (firm.certified && now() >= firm.cert_review) {
        certificate_review(firm);
    }
    update_market_weight(firm);
}

void Model::deactivate(Startup& firm) {
    scheduler_.cancel(firm.monthly);
    scheduler_.cancel(firm.milestone);
    const std::uint32_t position = active_position_[firm.id];
    const std::uint32_t last = active_.back();
    active_[position] = last;
    active_position_[last] = position;
    active_.pop_back();
    market_.set(firm.id, 0);
    if (firm.in_factory) {
        firm.in_factory = false;
        std::erase(factory_.tenant_ids, firm.id);
        factory_.tenants = static_cast<std::uint32_t>(factory_.tenant_ids.size());
    }
    for (Contract& contract : contracts_) {
        if (contract.active && contract.startup == static_cast<std::int32_t>(firm.id)) {
            end_contract(contract, true);
        }
    }
}

void Model::fail(Startup& firm, FailureCause cause) {
    firm.stage = kFailed;
    firm.cause = cause;
    firm.stage_since = now();
    ++counters_.failed;
    deactivate(firm);
    const auto me = static_cast<std::int32_t>(firm.id);
    // What cash is left goes to the lenders first, then back to the founders.
    for (const Loan& loan : firm.loans) {
        const Rial recovered = std::min(loan.principal_left, ledger_.balance(firm.account));
        pay(firm.account, funders_[loan.funder].account, recovered, Reason::LoanRepayment, false, me);
        funders_[loan.funder].returned += recovered;
        emit(EventKind::LoanDefaulted, {AgentKind::Startup, firm.id}, {AgentKind::Funder, loan.funder},
             loan.principal_left - recovered);
    }
    firm.loans.clear();
    pay(firm.account, outside_households_, ledger_.balance(firm.account), Reason::WriteOff, false, me);
    // Founders return to the talent pool; some of them leave the city after a failure.
    constexpr double kFoundersLeavingAfterFailure = 0.3; // assumption
    talent_.people += firm.founders * (1.0 - kFoundersLeavingAfterFailure);
    emit(EventKind::StartupFailed, {AgentKind::Startup, firm.id}, {}, 0, static_cast<std::int32_t>(cause));
}

void Model::exit_by_acquisition(Startup& firm) {
    const StartupDef& life = params_.startups;
    const auto me = static_cast<std::int32_t>(firm.id);
    const Rial valuation =
        round_rial(life.exit_revenue_multiple * 12.0 * static_cast<double>(std::max<Rial>(firm.revenue_month, 0)));
    for (const Stake& stake : firm.stakes) {
        const Rial proceeds = round_rial(static_cast<double>(valuation) * stake.ownership);
        pay(outside_suppliers_, funders_[stake.funder].account, proceeds, Reason::ExitProceeds, true, me);
        funders_[stake.funder].returned += proceeds;
    }
    for (const Loan& loan : firm.loans) {
        pay(outside_suppliers_, funders_[loan.funder].account, loan.principal_left, Reason::LoanRepayment, false, me);
        funders_[loan.funder].returned += loan.principal_left;
    }
    firm.loans.clear();
    firm.stage = kExited;
    firm.stage_since = now();
    ++counters_.exits;
    ++counters_.success_12m[month_ % 12];
    deactivate(firm);
    // The acquirer takes the firm with its cash.
    pay(firm.account, outside_suppliers_, ledger_.balance(firm.account), Reason::ExitProceeds, false, me);
    emit(EventKind::StartupExited, {AgentKind::Startup, firm.id}, {}, valuation);
}

void Model::try_tie(std::uint32_t a, std::uint32_t b) {
    if (a == b) {
        return;
    }
    Startup& first = startups_[a];
    Startup& second = startups_[b];
    const auto limit = static_cast<std::size_t>(params_.startups.max_ties);
    if (first.ties.size() >= limit || second.ties.size() >= limit ||
        std::find(first.ties.begin(), first.ties.end(), b) != first.ties.end()) {
        return;
    }
    first.ties.push_back(b);
    second.ties.push_back(a);
    emit(EventKind::TieFormed, {AgentKind::Startup, a}, {AgentKind::Startup, b});
}

void Model::form_ties_month() {
    const StartupDef& life = params_.startups;
    // Co-located tenants of the factory meet every day.
    const auto tenants = factory_.tenant_ids; // copy: try_tie does not change tenancy, but keep it obvious
    for (const std::uint32_t tenant : tenants) {
        const double expected = life.tie_rate_colocated * static_cast<double>(tenants.size() - 1);
        for (std::uint64_t k = ties_rng_.poisson(expected); k > 0; --k) {
            try_tie(tenant, tenants[ties_rng_.below(tenants.size())]);
        }
    }
    // Elsewhere firms meet by chance, with a chance that decays steeply with distance.
    if (active_.size() < 2) {
        return;
    }
    const std::size_t encounters = active_.size() / 2;
    for (std::size_t k = 0; k < encounters; ++k) {
        const std::uint32_t a = sample_active(ties_rng_);
        const std::uint32_t b = sample_active(ties_rng_);
        const double dx = startups_[a].x - startups_[b].x;
        const double dy = startups_[a].y - startups_[b].y;
        const double distance = std::sqrt(dx * dx + dy * dy);
        if (ties_rng_.bernoulli(life.tie_rate_colocated * std::exp(-distance / life.tie_distance_decay))) {
            try_tie(a, b);
        }
    }
}

void Model::update_market_weight(const Startup& firm) {
    if (!firm.active() || firm.stage < kRevenue) {
        market_.set(firm.id, 0);
        return;
    }
    const MarketDef& market = params_.market;
    double weight = std::pow(1.0 + static_cast<double>(firm.opportunities.size()), market.attachment);
    weight *= std::exp(0.5 * firm.theta / params_.startups.quality_sd);
    if (firm.municipal_reference) {
        weight *= 1.0 + market.reference_effect;
    }
    market_.set(firm.id, weight);
}

void Model::market_month() {
    const MarketDef& market = params_.market;
    const StartupDef& life = params_.startups;
    const std::uint64_t arrivals = market_rng_.poisson(market.opportunities_per_year / 12.0 * market_scale_);
    for (std::uint64_t k = 0; k < arrivals && market_.total() > 0; ++k) {
        Startup& firm = startups_[market_.pick(market_rng_.uniform())];
        const double months = market_rng_.exponential(life.opportunity_months);
        const double size = market_rng_.uniform(0.5, 1.5) * std::exp(0.5 * firm.theta / life.quality_sd);
        firm.opportunities.push_back(
            {.until = now() + sim::days_to_ticks(months * sim::kDaysPerMonth),
             .revenue_month = round_rial(static_cast<double>(life.revenue_per_opportunity_month) * size)});
        update_market_weight(firm);
    }
}

void Model::apply_for_certificate(Startup& firm) {
    firm.cert_pending = true;
    ++counters_.cert_applications;
    emit(EventKind::CertApplied, {AgentKind::Startup, firm.id});
    scheduler_.schedule_in(sim::days(params_.certification.decision_days), kCertDecision, firm.id);
}

namespace {

// The evaluators' bar: a quantile of the signal distribution over all founded firms.
// Who actually applies (survivors, later stages) decides the approval rate the model produces.
double certification_bar(const CertificationDef& cert, double quality_sd) {
    const double spread = std::sqrt(quality_sd * quality_sd + cert.evaluation_noise * cert.evaluation_noise);
    return spread * inverse_normal_cdf(std::clamp(cert.bar_quantile, 1e-6, 1.0 - 1e-6));
}

} // namespace

void Model::certificate_decision(std::uint32_t s) {
    Startup& firm = startups_[s];
    firm.cert_pending = false;
    if (!firm.active()) {
        return;
    }
    const CertificationDef& cert = params_.certification;
    const double signal = firm.theta + firm.rng.normal(0.0, cert.evaluation_noise);
    if (signal > certification_bar(cert, params_.startups.quality_sd)) {
        firm.certified = true;
        firm.cert_review = now() + sim::days(cert.reevaluation_days);
        ++counters_.cert_approved;
        emit(EventKind::Certified, {AgentKind::Startup, s});
    }
}

void Model::certificate_review(Startup& firm) {
    // Re-evaluation: the status stays with firms that sell, and with others that pass again.
    const CertificationDef& cert = params_.certification;
    const bool selling = firm.revenue_month > 0 || !firm.opportunities.empty();
    const double signal = firm.theta + firm.rng.normal(0.0, cert.evaluation_noise);
    if (!selling && signal < certification_bar(cert, params_.startups.quality_sd)) {
        firm.certified = false;
        ++counters_.cert_revoked;
        emit(EventKind::Decertified, {AgentKind::Startup, firm.id});
        return;
    }
    firm.cert_review = now() + sim::days(cert.reevaluation_days);
}

} // namespace innosim::agents

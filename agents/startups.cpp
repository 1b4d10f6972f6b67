// A startup's life: development work toward milestones (which gate what it can sell), monthly
// accounts (revenue, tax, inputs, salaries, the founders' draw, rent, loans), learning its own
// quality from noisy results (Jovanovic 1982), the decision to go on against the founders'
// outside option (Hopenhayn 1992), pivots, failure with a cause, exit by acquisition at a
// forward-looking value, ties to other firms and the knowledge-based certificate.
#include "agents/math.hpp"
#include "agents/model.hpp"

#include <algorithm>
#include <cmath>

namespace innosim::agents {

namespace {

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

double Model::dev_speed(const Startup& firm) const {
    // Person-months of development a month: the team not busy serving customers, less than
    // proportionally (team_scaling_exponent), at the firm's quality, faster with mentors and
    // ties, slower without desks.
    const StartupDef& life = params_.startups;
    const int serving = firm.delivery_need + firm.contract_staff;
    const int founders_developing = std::max(0, firm.founders - serving);
    const int hired_developing = std::max(0, static_cast<int>(firm.employees) - serving - founders_developing);
    const double developers = hired_developing + founders_developing * founders_time_share(firm);
    if (developers <= 0) {
        return 0.0;
    }
    double speed =
        std::pow(developers, life.team_scaling_exponent) * std::exp(life.quality_speed * firm.theta / life.quality_sd);
    if (firm.in_factory) {
        speed *= 1.0 + params_.factory.mentoring_speedup;
    }
    const auto ties = static_cast<double>(std::min<std::size_t>(firm.ties.size(), life.max_ties));
    speed *= 1.0 + life.spillover_per_tie * ties;
    if (!firm.office) {
        speed *= life.home_work_speed;
    }
    return speed;
}

bool Model::milestone_gate_open(const Startup& firm) const {
    // Milestones gate what a firm can sell: a product needs a first customer or a passed pilot,
    // scale needs a customer base.
    switch (firm.stage) {
    case kPilot:
        return !firm.opportunities.empty() || firm.municipal_reference;
    case kRevenue:
        return static_cast<int>(firm.opportunities.size()) >= params_.startups.customers_to_scale;
    default:
        return true;
    }
}

void Model::develop(Startup& firm) {
    if (firm.stage >= kScale) {
        return;
    }
    firm.work_done += dev_speed(firm);
    const double needed = params_.startups.milestone_work[firm.stage];
    if (firm.work_done < needed || !milestone_gate_open(firm)) {
        firm.work_done = std::min(firm.work_done, needed);
        return;
    }
    firm.work_done = 0;
    firm.stage = static_cast<Stage>(firm.stage + 1);
    firm.stage_since = now();
    if (firm.stage == kScale && firm.products.size() == 1) {
        // At scale the product also sells in the rest of Iran.
        const int national = pick_niche(firm.category, true, firm.rng);
        if (national >= 0) {
            firm.products.push_back(static_cast<std::uint16_t>(national));
        }
    }
    emit(EventKind::StageAdvanced, {AgentKind::Startup, firm.id}, {}, 0, firm.stage);
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

void Model::add_evidence(Startup& firm, double signal, double noise) {
    // The public record: what outsiders can verify of the firm's quality (tests it passed or failed).
    const double precision = 1.0 / std::max(noise * noise, 1e-9);
    firm.public_mean =
        (firm.public_mean * firm.public_precision + signal * precision) / (firm.public_precision + precision);
    firm.public_precision += precision;
}

bool Model::bootstrapping(const Startup& firm) const {
    return firm.raised == 0 && firm.selling_since < 0 && firm.contract_staff == 0;
}

double Model::founders_time_share(const Startup& firm) const {
    return bootstrapping(firm) ? params_.startups.bootstrap_time_share : 1.0;
}

Rial Model::monthly_cost(const Startup& firm) const {
    const StartupDef& life = params_.startups;
    const Rial salary = indexed(life.salary_per_month);
    const Rial salaries = static_cast<Rial>(std::max(0, firm.employees - firm.founders)) * salary;
    const Rial draw = round_rial(static_cast<double>(firm.founders) * founders_time_share(firm) *
                                 life.founder_draw_share * static_cast<double>(salary));
    const Rial rent = firm.office ? static_cast<Rial>(firm.employees) * firm_rent_per_seat(firm) : 0;
    return salaries + draw + rent;
}

void Model::startup_month(std::uint32_t s) {
    Startup& firm = startups_[s];
    if (!firm.active()) {
        return;
    }
    const StartupDef& life = params_.startups;
    const auto me = static_cast<std::int32_t>(s);

    // Revenue from the customers held (contract payments arrive separately), less tax and inputs.
    customers_month(firm);
    Rial revenue = 0;
    for (const Opportunity& customer : firm.opportunities) {
        revenue += indexed(customer.revenue_month);
    }
    if (revenue > 0 && firm.selling_since < 0) {
        firm.selling_since = now();
    }
    pay(outside_households_, firm.account, revenue, Reason::MarketRevenue, false, me);
    const CertificationDef& cert = params_.certification;
    const double tax_rate = cert.tax_rate * (firm.certified ? 1.0 - cert.tax_relief : 1.0);
    pay(firm.account, outside_state_, round_rial(static_cast<double>(revenue) * tax_rate), Reason::Tax, false, me);
    pay(firm.account, outside_suppliers_, round_rial(static_cast<double>(revenue) * life.input_cost_share),
        Reason::Inputs, false, me);
    firm.revenue_month = revenue;
    service_loans(firm);
    if (!firm.active()) {
        return;
    }

    // The team the work needs and the cash allows, then the month's costs.
    plan_headcount(firm);
    const Rial cost = monthly_cost(firm);
    if (ledger_.balance(firm.account) < cost) {
        fail(firm, FailureCause::CashOut);
        return;
    }
    const Rial salary = indexed(life.salary_per_month);
    const Rial salaries = static_cast<Rial>(std::max(0, firm.employees - firm.founders)) * salary;
    const Rial rent = firm.office ? static_cast<Rial>(firm.employees) * firm_rent_per_seat(firm) : 0;
    pay(firm.account, outside_households_, salaries, Reason::Salary, false, me);
    pay(firm.account, outside_households_, cost - salaries - rent, Reason::FounderDraw, false, me);
    pay(firm.account, firm.in_factory ? factory_.account : outside_suppliers_, rent, Reason::Rent, false, me);
    firm.burn_month = cost;
    develop(firm);

    learn(firm);
    decide_to_go_on(firm);
    if (!firm.active()) {
        return;
    }
    if (firm.employees == firm.founders && firm.rng.bernoulli(life.team_breakup_per_year / 12.0)) {
        fail(firm, FailureCause::TeamBreakup);
        return;
    }
    if (firm.revenue_month > 0 && firm.rng.bernoulli(life.acquisition_rate_per_year / 12.0)) {
        exit_by_acquisition(firm);
        return;
    }
    if (firm.stage >= kPrototype && !firm.certified && !firm.cert_pending &&
        firm.rng.bernoulli(cert.application_rate_per_year / 12.0)) {
        apply_for_certificate(firm);
    }
    if (firm.certified && now() >= firm.cert_review) {
        certificate_review(firm);
    }
    // Dividends: a profitable firm pays out cash beyond what its plans need.
    const Rial keep = round_rial(2.0 * life.min_runway_months * static_cast<double>(firm.burn_month));
    const Rial surplus = ledger_.balance(firm.account) - keep;
    if (firm.revenue_month > firm.burn_month && surplus > 0 && !firm.seeking_funds) {
        pay(firm.account, outside_households_, surplus / 2, Reason::Dividend, false, me);
    }
}

void Model::decide_to_go_on(Startup& firm) {
    // Go on while the founders' stake is worth more than what they give up outside over the
    // months they weigh (Jovanovic 1982; Hopenhayn 1992); a firm that believes it is weak may
    // first pivot to another niche.
    const StartupDef& life = params_.startups;
    if (months_between(firm.founded, now()) < life.min_months_before_exit) {
        return;
    }
    double founders_share = 1.0;
    for (const Stake& stake : firm.stakes) {
        founders_share -= stake.ownership;
    }
    const double quality = firm.belief / life.quality_sd;
    const double stake = std::max(0.0, founders_share) * static_cast<double>(firm_value(firm, quality));
    const double salary = static_cast<double>(indexed(life.salary_per_month));
    const double given_up =
        firm.founders * founders_time_share(firm) * salary * (life.outside_wage_share - life.founder_draw_share);
    if (stake >= given_up * life.commitment_months) {
        return;
    }
    if (!firm.pivoted && firm.belief < life.pivot_belief_threshold * life.quality_sd) {
        pivot(firm);
        return;
    }
    fail(firm, FailureCause::LowProspects);
}

void Model::pivot(Startup& firm) {
    // A new, partly related idea in another niche; the firm learns it afresh and its customers go.
    const StartupDef& life = params_.startups;
    firm.pivoted = true;
    firm.theta = 0.5 * firm.theta + 0.5 * firm.rng.normal(0.0, life.quality_sd);
    firm.belief = 0;
    firm.belief_var = life.quality_sd * life.quality_sd * 0.75;
    firm.category = static_cast<Category>(1 + firm.rng.below(kCategoryCount - 1));
    firm.department = -1;
    firm.stage = std::min(firm.stage, kPrototype);
    firm.work_done = 0;
    for (const Opportunity& customer : firm.opportunities) {
        release_customer(customer);
    }
    std::erase_if(firm.opportunities, [](const Opportunity& o) { return o.niche >= 0; });
    firm.products.assign(1, static_cast<std::uint16_t>(std::max(0, pick_niche(firm.category, false, firm.rng))));
    emit(EventKind::Pivoted, {AgentKind::Startup, firm.id}, {}, 0, static_cast<std::int32_t>(firm.category));
}

void Model::deactivate(Startup& firm) {
    scheduler_.cancel(firm.monthly);
    const std::uint32_t position = active_position_[firm.id];
    const std::uint32_t last = active_.back();
    active_[position] = last;
    active_position_[last] = position;
    active_.pop_back();
    for (const Opportunity& customer : firm.opportunities) {
        release_customer(customer);
    }
    firm.opportunities.clear();
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
    // Staff and founders return to the talent pool; some founders leave the city after a failure.
    talent_.people +=
        (firm.employees - firm.founders) + firm.founders * (1.0 - params_.startups.leave_after_failure_share);
    emit(EventKind::StartupFailed, {AgentKind::Startup, firm.id}, {}, 0, static_cast<std::int32_t>(cause));
}

void Model::exit_by_acquisition(Startup& firm) {
    const StartupDef& life = params_.startups;
    const auto me = static_cast<std::int32_t>(firm.id);
    // The acquirer's due diligence sees the firm's quality; it pays its value and a premium.
    const Rial valuation = round_rial(static_cast<double>(firm_value(firm, firm.theta / life.quality_sd)) *
                                      (1.0 + life.acquisition_premium));
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
    ++counters_.success_12m[ring()];
    deactivate(firm);
    // The acquirer takes the firm with its cash; its people keep their jobs there.
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
    const double bar = certification_bar(cert, params_.startups.quality_sd);
    if (signal > bar) {
        // The certificate is public: outsiders learn that an evaluation put the firm above the bar.
        add_evidence(firm, bar, std::max(cert.evaluation_noise, 0.05));
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

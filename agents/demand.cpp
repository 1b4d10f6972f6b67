// The municipality as a customer (pre-commercial and innovation procurement): departments publish
// challenge calls for their booklet's problems, down-select bidders through design, prototype and
// pilot phases, decide whether to procure, pay invoices after their payment delay, and realise the
// savings, revenue, import substitution and service quality an adopted solution brings.
#include "agents/math.hpp"
#include "agents/model.hpp"

#include <algorithm>
#include <cmath>

namespace innosim::agents {

namespace {

bool by_score(const Bid& a, const Bid& b) {
    if (a.score != b.score) {
        return a.score > b.score;
    }
    return a.startup > b.startup; // ties: deterministic
}

} // namespace

double Model::bid_signal(const Bid& bid, double noise, bool local, sim::RngStream& rng) const {
    double score = bid.theta + rng.normal(0.0, noise);
    if (local) {
        score += params_.procurement.local_preference;
    }
    if (bid.startup >= 0 && startups_[static_cast<std::size_t>(bid.startup)].certified) {
        score += params_.procurement.certified_score_bonus;
    }
    return score;
}

bool Model::department_can_fund(std::uint32_t d, Rial amount, bool local_certified) const {
    const Department& department = departments_[d];
    const Rial available = department.general_budget_left + (local_certified ? department.reserved_budget_left : 0);
    return available >= amount && ledger_.balance(department.account) >= amount;
}

bool Model::department_spend(std::uint32_t d, Rial amount, bool local_certified, AccountId to, Reason reason,
                             std::int32_t startup) {
    Department& department = departments_[d];
    if (ledger_.balance(department.account) < amount || !pay(department.account, to, amount, reason, true, startup)) {
        return false;
    }
    Rial left = amount;
    if (local_certified) {
        const Rial from_reserve = std::clamp<Rial>(department.reserved_budget_left, 0, left);
        department.reserved_budget_left -= from_reserve;
        left -= from_reserve;
    }
    department.general_budget_left -= left;
    counters_.public_spent += amount;
    return true;
}

void Model::challenge_call(std::uint32_t d) {
    Department& department = departments_[d];
    const DepartmentDef& def = params_.departments[d];
    if (def.challenges_per_year > 0) {
        const double gap = department.rng.exponential(sim::kDaysPerYear / def.challenges_per_year);
        scheduler_.schedule_in(sim::days_to_ticks(gap), kChallengeCall, d);
    }
    // The booklet's most pressing open problem: priority first, then value.
    int chosen = -1;
    for (std::size_t p = 0; p < def.problems.size(); ++p) {
        if (department.problems[p].state != ProblemState::Open) {
            continue;
        }
        const auto best = static_cast<std::size_t>(chosen);
        if (chosen < 0 || def.problems[p].priority < def.problems[best].priority ||
            (def.problems[p].priority == def.problems[best].priority &&
             def.problems[p].value_per_year > def.problems[best].value_per_year)) {
            chosen = static_cast<int>(p);
        }
    }
    if (chosen < 0) {
        return;
    }
    const ProblemDef& problem = def.problems[static_cast<std::size_t>(chosen)];
    const ProcurementDef& procurement = params_.procurement;
    const Rial value = indexed(problem.value_per_year);
    const Rial design_award = round_rial(static_cast<double>(value) * procurement.design_award_share);
    const bool set_aside = department.rng.bernoulli(params_.municipality.local_kb_procurement_reserve);
    if (!department_can_fund(d, design_award * procurement.design_awards, set_aside)) {
        return; // no money for a call this time
    }

    Challenge challenge{.department = static_cast<std::uint16_t>(d),
                        .problem = static_cast<std::uint16_t>(chosen),
                        .set_aside = set_aside};
    for (const std::uint32_t s : active_) {
        const Startup& firm = startups_[s];
        if (firm.category != problem.category || firm.stage < kTeam || (set_aside && !firm.certified)) {
            continue;
        }
        const double chance = firm.department == static_cast<std::int16_t>(d) ? procurement.targeting_bid_share
                                                                              : procurement.other_bid_share;
        if (department.rng.bernoulli(chance)) {
            challenge.bids.push_back({.startup = static_cast<std::int32_t>(s), .theta = firm.theta});
        }
    }
    const std::uint32_t local_bids = static_cast<std::uint32_t>(challenge.bids.size());
    if (!set_aside) {
        const OutsideFirmsDef& outside = params_.outside;
        for (std::uint64_t k = department.rng.poisson(outside.bids_per_challenge); k > 0; --k) {
            const double theta = department.rng.normal(outside.quality_shift, params_.startups.quality_sd);
            challenge.bids.push_back({.startup = -1, .theta = theta});
        }
    }
    challenge.bid_count = static_cast<std::uint32_t>(challenge.bids.size());
    ++counters_.challenges;
    counters_.bids += challenge.bid_count;
    counters_.local_bids += local_bids;
    department.problems[static_cast<std::size_t>(chosen)].state = ProblemState::InChallenge;
    const auto c = static_cast<std::uint32_t>(challenges_.size());
    emit(EventKind::ChallengePublished, {AgentKind::Department, d}, {}, value,
         static_cast<std::int32_t>(challenge.bid_count), problem.name);

    for (Bid& bid : challenge.bids) {
        bid.score = bid_signal(bid, procurement.evaluation_noise, bid.startup >= 0, department.rng);
    }
    std::sort(challenge.bids.begin(), challenge.bids.end(), by_score);
    if (challenge.bids.size() > static_cast<std::size_t>(procurement.design_awards)) {
        challenge.bids.resize(static_cast<std::size_t>(procurement.design_awards));
    }
    for (const Bid& bid : challenge.bids) {
        if (bid.startup >= 0) {
            Startup& firm = startups_[static_cast<std::size_t>(bid.startup)];
            department_spend(d, design_award, firm.certified, firm.account, Reason::ChallengeAward, bid.startup);
            firm.raised += design_award;
            ++counters_.support_12m[ring()];
            emit(EventKind::ChallengeAwarded, {AgentKind::Startup, firm.id}, {AgentKind::Department, d}, design_award,
                 0, problem.name);
        } else {
            department_spend(d, design_award, false, outside_suppliers_, Reason::ChallengeAward, -1);
        }
    }
    if (challenge.bids.empty()) {
        department.problems[static_cast<std::size_t>(chosen)].state = ProblemState::Open;
        return;
    }
    challenges_.push_back(std::move(challenge));
    scheduler_.schedule_in(sim::days(procurement.design_days), kChallengePhase, c);
}

void Model::challenge_phase_end(std::uint32_t c) {
    Challenge& challenge = challenges_[c];
    const std::uint32_t d = challenge.department;
    Department& department = departments_[d];
    const ProblemDef& problem = params_.departments[d].problems[challenge.problem];
    Problem& state = department.problems[challenge.problem];
    const ProcurementDef& procurement = params_.procurement;
    const Rial value = indexed(problem.value_per_year);

    // Firms that closed since the last phase drop out.
    std::erase_if(challenge.bids, [&](const Bid& bid) {
        return bid.startup >= 0 && !startups_[static_cast<std::size_t>(bid.startup)].active();
    });
    if (challenge.bids.empty()) {
        state.state = ProblemState::Open;
        if (challenge.phase == ChallengePhase::Pilot) {
            --department.pilots_running;
        }
        challenge.phase = ChallengePhase::Done;
        return;
    }
    for (Bid& bid : challenge.bids) {
        bid.score = bid_signal(bid, procurement.evaluation_noise, bid.startup >= 0, department.rng);
    }
    std::sort(challenge.bids.begin(), challenge.bids.end(), by_score);

    const auto award = [&](const Bid& bid, Rial amount, int phase) {
        if (bid.startup >= 0) {
            Startup& firm = startups_[static_cast<std::size_t>(bid.startup)];
            if (department_spend(d, amount, firm.certified, firm.account, Reason::ChallengeAward, bid.startup)) {
                firm.raised += amount;
                emit(EventKind::ChallengeAwarded, {AgentKind::Startup, firm.id}, {AgentKind::Department, d}, amount,
                     phase, problem.name);
            }
        } else {
            department_spend(d, amount, false, outside_suppliers_, Reason::ChallengeAward, -1);
        }
    };

    switch (challenge.phase) {
    case ChallengePhase::Design: {
        if (challenge.bids.size() > static_cast<std::size_t>(procurement.prototype_awards)) {
            challenge.bids.resize(static_cast<std::size_t>(procurement.prototype_awards));
        }
        const Rial amount = round_rial(static_cast<double>(value) * procurement.prototype_award_share);
        for (const Bid& bid : challenge.bids) {
            award(bid, amount, 1);
        }
        challenge.phase = ChallengePhase::Prototype;
        scheduler_.schedule_in(sim::days(procurement.prototype_days), kChallengePhase, c);
        break;
    }
    case ChallengePhase::Prototype: {
        challenge.bids.resize(1);
        award(challenge.bids.front(), round_rial(static_cast<double>(value) * procurement.pilot_award_share), 2);
        challenge.phase = ChallengePhase::Pilot;
        ++department.pilots_running;
        ++counters_.pilots;
        const Bid& pilot = challenge.bids.front();
        emit(EventKind::PilotStarted,
             pilot.startup >= 0 ? AgentRef{AgentKind::Startup, static_cast<std::uint32_t>(pilot.startup)}
                                : AgentRef{AgentKind::Outside, 1},
             {AgentKind::Department, d}, 0, 0, problem.name);
        scheduler_.schedule_in(sim::days(procurement.pilot_days), kChallengePhase, c);
        break;
    }
    case ChallengePhase::Pilot: {
        --department.pilots_running;
        challenge.phase = ChallengePhase::Done;
        const Bid& pilot = challenge.bids.front();
        // The pilot shows whether the solution works on this problem; a risk-averse department
        // wants a clear margin before it buys.
        // The pilot tests fit to this problem, which scoring on paper could not see: a difficulty
        // of 0.5 asks for one standard deviation above the average firm.
        const double sd = params_.startups.quality_sd;
        const double needed = sd * (1.0 + 2.0 * (problem.difficulty - 0.5));
        const double fit = department.rng.normal(0.0, sd);
        const double performance = pilot.theta + fit + department.rng.normal(0.0, procurement.evaluation_noise);
        const double margin = performance - needed;
        const bool local = pilot.startup >= 0;
        if (local && margin > 0) {
            // A passed pilot is a public reference: the city saw the solution work.
            Startup& firm = startups_[static_cast<std::size_t>(pilot.startup)];
            firm.municipal_reference = true;
            add_evidence(firm, needed,
                         std::sqrt(sd * sd + procurement.evaluation_noise * procurement.evaluation_noise));
        }
        if (margin <= 0) {
            state.state = ProblemState::Open;
            return;
        }
        ++counters_.pilots_passed;
        const double risk = params_.departments[d].risk_appetite;
        const double procure_chance = risk + (1.0 - risk) * (2.0 * normal_cdf(margin / sd) - 1.0);
        const bool certified = local && startups_[static_cast<std::size_t>(pilot.startup)].certified;
        const Rial per_year = round_rial(static_cast<double>(value) * procurement.contract_value_share);
        if (!department.rng.bernoulli(procure_chance) || !department_can_fund(d, per_year, certified)) {
            state.state = ProblemState::Open;
            return;
        }
        start_contract(challenge, pilot);
        break;
    }
    case ChallengePhase::Done:
        break;
    }
}

void Model::start_contract(Challenge& challenge, const Bid& winner) {
    const std::uint32_t d = challenge.department;
    Department& department = departments_[d];
    const ProblemDef& problem = params_.departments[d].problems[challenge.problem];
    const ProcurementDef& procurement = params_.procurement;
    const Rial per_year =
        round_rial(static_cast<double>(indexed(problem.value_per_year)) * procurement.contract_value_share);
    const auto c = static_cast<std::uint32_t>(contracts_.size());
    Contract contract{.department = static_cast<std::uint16_t>(d),
                      .problem = challenge.problem,
                      .startup = winner.startup,
                      .invoice_month = per_year / 12,
                      .months_left = procurement.contract_months};
    if (winner.startup >= 0) {
        Startup& firm = startups_[static_cast<std::size_t>(winner.startup)];
        contract.local_certified = firm.certified;
        firm.municipal_reference = true;
        // Delivery needs a team at the firm's productivity, paid monthly from the start, while
        // the city pays after its delay.
        const double per_worker = static_cast<double>(std::max<Rial>(params_.startups.revenue_per_worker_month, 1)) *
                                  productivity(firm) * price_index_;
        contract.staff = static_cast<std::uint16_t>(
            std::clamp(std::ceil(static_cast<double>(contract.invoice_month) / per_worker), 1.0, 1000.0));
        firm.contract_staff = static_cast<std::uint16_t>(firm.contract_staff + contract.staff);
        // The contract counts among the customers that draw further customers.
        firm.opportunities.push_back(
            {.until = now() + sim::days_to_ticks(procurement.contract_months * sim::kDaysPerMonth),
             .revenue_month = 0});
        ++counters_.contracts_local;
        ++counters_.success_12m[ring()];
        ++counters_.support_12m[ring()];
    }
    contract.invoices = scheduler_.schedule_every(now() + sim::days_to_ticks(sim::kDaysPerMonth),
                                                  sim::days_to_ticks(sim::kDaysPerMonth), kContractInvoice, c);
    contracts_.push_back(contract);
    ++department.contracts_active;
    ++counters_.contracts;
    ++counters_.problems_solved;

    Problem& state = department.problems[challenge.problem];
    state.state = ProblemState::Solved;
    state.solver = winner.startup;
    state.solved_at = now();
    state.benefit_share = 0;
    const AgentRef supplier = winner.startup >= 0
                                  ? AgentRef{AgentKind::Startup, static_cast<std::uint32_t>(winner.startup)}
                                  : AgentRef{AgentKind::Outside, 1};
    emit(EventKind::ContractSigned, supplier, {AgentKind::Department, d}, per_year * procurement.contract_months / 12,
         procurement.contract_months, problem.name);
    emit(EventKind::ProblemSolved, {AgentKind::Department, d}, supplier, indexed(problem.value_per_year),
         static_cast<std::int32_t>(problem.category), problem.name);
}

void Model::contract_invoice(std::uint32_t c) {
    Contract& contract = contracts_[c];
    if (!contract.active) {
        return;
    }
    Department& department = departments_[contract.department];
    department.payables += contract.invoice_month;
    Rial left = contract.invoice_month;
    if (contract.local_certified) {
        const Rial from_reserve = std::clamp<Rial>(department.reserved_budget_left, 0, left);
        department.reserved_budget_left -= from_reserve;
        left -= from_reserve;
    }
    department.general_budget_left -= left;
    const auto p = static_cast<std::uint32_t>(payments_.size());
    payments_.push_back({.contract = static_cast<std::int32_t>(c), .amount = contract.invoice_month});
    scheduler_.schedule_in(sim::days(params_.departments[contract.department].payment_delay_days), kPayment, p);
    if (--contract.months_left <= 0) {
        end_contract(contract, false);
    }
}

void Model::payment_due(std::uint32_t p) {
    const PendingPayment& payment = payments_[p];
    const Contract& contract = contracts_[static_cast<std::size_t>(payment.contract)];
    Department& department = departments_[contract.department];
    if (ledger_.balance(department.account) < payment.amount) {
        // The department is short of cash: the supplier waits another month.
        scheduler_.schedule_in(sim::days_to_ticks(sim::kDaysPerMonth), kPayment, p);
        return;
    }
    AccountId to = outside_suppliers_;
    if (contract.startup >= 0) {
        const Startup& firm = startups_[static_cast<std::size_t>(contract.startup)];
        to = firm.active() ? firm.account : outside_households_;
    }
    pay(department.account, to, payment.amount, Reason::ContractPayment, true, contract.startup);
    department.payables -= payment.amount;
    counters_.public_spent += payment.amount;
}

void Model::end_contract(Contract& contract, bool supplier_failed) {
    contract.active = false;
    scheduler_.cancel(contract.invoices);
    Department& department = departments_[contract.department];
    --department.contracts_active;
    if (contract.startup >= 0) {
        Startup& firm = startups_[static_cast<std::size_t>(contract.startup)];
        firm.contract_staff =
            static_cast<std::uint16_t>(firm.contract_staff - std::min(firm.contract_staff, contract.staff));
    }
    if (supplier_failed) {
        // Nobody maintains the solution any more: its benefits stop and the problem is open again.
        Problem& state = department.problems[contract.problem];
        state.state = ProblemState::Open;
        state.solver = -1;
        state.benefit_share = 0;
    }
}

void Model::department_year(std::uint32_t d) {
    // Nowruz: what a department did not commit of last year's budget lapses; its cash beyond the
    // invoices it owes goes back to the treasury.
    Department& department = departments_[d];
    department.general_budget_left = 0;
    department.reserved_budget_left = 0;
    // It keeps what it owes: invoices, and the awards its running challenges have promised.
    const ProcurementDef& procurement = params_.procurement;
    Rial promised = department.payables;
    for (const Challenge& challenge : challenges_) {
        if (challenge.department != d || challenge.phase == ChallengePhase::Done) {
            continue;
        }
        const double value =
            static_cast<double>(indexed(params_.departments[d].problems[challenge.problem].value_per_year));
        const double pilot = value * procurement.pilot_award_share;
        const double prototype = value * procurement.prototype_award_share * procurement.prototype_awards;
        promised += round_rial(challenge.phase == ChallengePhase::Design      ? pilot + prototype
                               : challenge.phase == ChallengePhase::Prototype ? pilot
                                                                              : 0.0);
    }
    // (with a year's inflation on the awards, paid at later prices)
    const Rial spare = ledger_.balance(department.account) - department.payables -
                       round_rial(static_cast<double>(promised - department.payables) *
                                  (1.0 + params_.macro.inflation_per_year.at(now())));
    pay(department.account, municipality_.treasury, std::max<Rial>(0, spare), Reason::BudgetAllocation);
}

void Model::realise_benefits_month() {
    const ProcurementDef& procurement = params_.procurement;
    const double fx_start = params_.macro.rial_per_usd.at(0);
    const double fx_factor = fx_start > 0 ? params_.macro.rial_per_usd.at(now()) / fx_start : 1.0;
    Rial savings = 0;
    Rial revenue = 0;
    for (std::size_t d = 0; d < departments_.size(); ++d) {
        for (std::size_t p = 0; p < departments_[d].problems.size(); ++p) {
            Problem& state = departments_[d].problems[p];
            if (state.state != ProblemState::Solved) {
                continue;
            }
            const double months = sim::to_days(now() - state.solved_at) / sim::kDaysPerMonth;
            state.benefit_share = procurement.ramp_months == 0
                                      ? 1.0
                                      : std::min(1.0, months / static_cast<double>(procurement.ramp_months));
            const ProblemDef& problem = params_.departments[d].problems[p];
            const double month_value = static_cast<double>(problem.value_per_year) / 12.0 *
                                       procurement.realisation_share * state.benefit_share * price_index_;
            switch (problem.category) {
            case Category::Revenue:
                revenue += round_rial(month_value);
                break;
            case Category::Cost:
                savings += round_rial(month_value);
                break;
            case Category::ImportDependence:
                // Replacing imported equipment saves foreign currency: worth more as the Rial falls.
                savings += round_rial(month_value * fx_factor);
                break;
            case Category::ServiceQuality:
            case Category::None:
                break;
            }
        }
    }
    municipality_.savings_month = savings;
    municipality_.new_revenue_month = revenue;
    counters_.savings += savings;
    counters_.new_revenue += revenue;
}

} // namespace innosim::agents

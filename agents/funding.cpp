// Funders: the municipal innovation fund (grants), the national fund (loans to certified firms),
// venture capital and angels (staged equity priced on the firm's value), banks (loans to firms
// with revenue). Each paces the money it has over its investment period, reviews as many of the
// firms looking for money as its pipeline allows, estimates their quality from its own look and
// the public record (Bayesian), and commits only money it has; follow-ons come out of reserves;
// venture funds raise new money by their record.
// Sources: staged financing and pacing (Gompers 1995; Metrick & Yasuda 2010), follow-on reserves
// and the investment period (Gompers & Lerner 1999), fundraising by past performance (Kaplan &
// Schoar 2005), screening as a noisy signal (Chan 1983; Amit, Brander & Zott 1998).
#include "agents/model.hpp"

#include <algorithm>
#include <cmath>

namespace innosim::agents {

namespace {

bool backed(const Startup& firm, std::uint32_t f) {
    return f < 32 && (firm.backed_by >> f & 1U) != 0;
}

const char* round_name(int rounds) {
    switch (rounds) {
    case 1:
        return "Seed";
    case 2:
        return "Series A";
    case 3:
        return "Series B";
    default:
        return "Series C+";
    }
}

bool is_private(FunderKind kind) {
    return kind == FunderKind::Bank || kind == FunderKind::VentureCapital || kind == FunderKind::Angel;
}

} // namespace

bool Model::funder_accepts(std::uint32_t f, const Startup& firm) const {
    const FunderDef& def = params_.funders[f];
    if (!firm.active() || !firm.seeking_funds || firm.stage < def.min_stage || firm.stage > def.max_stage) {
        return false;
    }
    switch (def.kind) {
    case FunderKind::MunicipalGrantFund:
        return !backed(firm, f);
    case FunderKind::NationalFund:
        return firm.certified && firm.loans.empty();
    case FunderKind::Bank:
        return firm.revenue_month > 0 && firm.loans.empty();
    case FunderKind::VentureCapital:
    case FunderKind::Angel:
        return firm.rounds == 0 ||
               sim::to_days(now() - firm.last_round) >= def.min_months_between_rounds * sim::kDaysPerMonth;
    }
    return false;
}

double Model::funder_estimate(const FunderDef& def, const Startup& firm, sim::RngStream& rng) const {
    // Posterior mean of quality (sd units): prior N(0, 1), the public record, and the funder's
    // own look at the team and product with its screening noise.
    const double sd = params_.startups.quality_sd;
    const double look = firm.theta / sd + rng.normal(0.0, def.screening_noise);
    const double look_precision = 1.0 / (def.screening_noise * def.screening_noise);
    const double public_precision = firm.public_precision * sd * sd;
    const double mean =
        (look * look_precision + firm.public_mean / sd * public_precision) / (1.0 + look_precision + public_precision);
    return mean + def.priority_weight * firm_priority(firm);
}

Rial Model::funder_nav(std::uint32_t f) const {
    double nav = 0;
    for (const std::uint32_t s : funders_[f].holdings) {
        const Startup& firm = startups_[s];
        if (!firm.active()) {
            continue;
        }
        double owned = 0;
        for (const Stake& stake : firm.stakes) {
            owned += stake.funder == f ? stake.ownership : 0.0;
        }
        nav += owned * static_cast<double>(firm_value(firm, firm.belief / params_.startups.quality_sd));
    }
    return round_rial(nav);
}

void Model::funder_year(std::uint32_t f) {
    // New money: national and municipal budgets as planned; private funds by their record
    // (what came back and what is held, on what went in).
    const FunderDef& def = params_.funders[f];
    Funder& funder = funders_[f];
    double raise = static_cast<double>(indexed(def.capital_per_year));
    if ((def.kind == FunderKind::VentureCapital || def.kind == FunderKind::Angel) && def.record_elasticity > 0 &&
        funder.deployed > 0) {
        const double multiple = (static_cast<double>(funder.returned) + static_cast<double>(funder_nav(f))) /
                                static_cast<double>(funder.deployed);
        raise *= std::pow(std::clamp(multiple, 0.1, 10.0), def.record_elasticity);
    }
    const AccountId source = def.local ? outside_households_ : outside_state_;
    pay(source, funder.account, round_rial(raise), Reason::FundCapital);
}

void Model::funder_review(std::uint32_t f) {
    const FunderDef& def = params_.funders[f];
    Funder& funder = funders_[f];
    const Rial cash = ledger_.balance(funder.account);
    // Pacing: each month may commit the money not kept for follow-ons, spread over the
    // investment period; what a month does not use carries over.
    const double new_money = static_cast<double>(cash) * (1.0 - def.follow_on_reserve);
    funder.budget = std::min<Rial>(funder.budget + round_rial(new_money / std::max(def.deployment_months, 1.0)),
                                   round_rial(new_money));
    funder.reserved = cash - round_rial(new_money);
    if (active_.empty() || def.reviews_per_month == 0) {
        return;
    }

    // The pipeline: its own portfolio (insiders look at every holding that asks), a sample of the
    // firms looking for money, and tenants the factory shows it.
    std::erase_if(funder.holdings, [&](std::uint32_t s) { return !startups_[s].active(); });
    std::vector<std::uint32_t> seekers;
    for (const std::uint32_t s : active_) {
        if (funder_accepts(f, startups_[s]) && !backed(startups_[s], f)) {
            seekers.push_back(s);
        }
    }
    std::sort(seekers.begin(), seekers.end());
    const std::size_t reviews = std::min<std::size_t>(seekers.size(), static_cast<std::size_t>(def.reviews_per_month));
    for (std::size_t k = 0; k < reviews; ++k) {
        std::swap(seekers[k], seekers[k + funder.rng.below(seekers.size() - k)]);
    }
    std::vector<std::uint32_t> looked_at(seekers.begin(), seekers.begin() + static_cast<std::ptrdiff_t>(reviews));
    for (std::size_t k = reviews; k < seekers.size(); ++k) {
        if (startups_[seekers[k]].in_factory && funder.rng.bernoulli(params_.factory.funder_visibility)) {
            looked_at.push_back(seekers[k]);
        }
    }

    struct Candidate {
        double estimate;
        std::uint32_t startup;
        bool follow_on;
    };
    std::vector<Candidate> candidates;
    const double tightness = params_.macro.credit_tightness.at(now());
    const double bar = def.bar + (is_private(def.kind) ? def.macro_sensitivity * tightness : 0.0);
    for (const std::uint32_t s : looked_at) {
        const double estimate = funder_estimate(def, startups_[s], funder.rng);
        if (estimate >= bar) {
            candidates.push_back({estimate, s, false});
        }
    }
    // Insiders know what the founders know (board seats, monthly reports).
    const double follow_on_bar = def.follow_on_bar + (is_private(def.kind) ? def.macro_sensitivity * tightness : 0.0);
    for (const std::uint32_t s : funder.holdings) {
        const Startup& firm = startups_[s];
        if (funder_accepts(f, firm)) {
            const double insider = firm.belief / params_.startups.quality_sd;
            if (insider >= follow_on_bar) {
                candidates.push_back({insider, s, true});
            }
        }
    }
    std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
        return a.estimate != b.estimate ? a.estimate > b.estimate : a.startup < b.startup;
    });
    for (const Candidate& candidate : candidates) {
        fund(f, startups_[candidate.startup], candidate.follow_on, candidate.estimate);
    }
}

bool Model::fund(std::uint32_t f, Startup& firm, bool follow_on, double quality) {
    const FunderDef& def = params_.funders[f];
    Funder& funder = funders_[f];
    const double log_ticket = std::log(static_cast<double>(std::max<Rial>(indexed(def.ticket), 1)));
    const double sd = def.ticket_sd;
    Rial amount = round_rial(funder.rng.lognormal(log_ticket - 0.5 * sd * sd, sd));
    // Money binds: new deals come out of this month's budget, follow-ons out of the reserve (and
    // the budget when the reserve is spent); never more than the fund holds.
    const Rial cash = ledger_.balance(funder.account);
    const Rial available = std::min(cash, follow_on ? funder.reserved + funder.budget : funder.budget);
    if (amount > available || amount <= 0) {
        return false;
    }
    switch (def.kind) {
    case FunderKind::MunicipalGrantFund:
        grant(f, firm, amount);
        break;
    case FunderKind::NationalFund:
    case FunderKind::Bank:
        lend(f, firm, amount);
        break;
    case FunderKind::VentureCapital:
    case FunderKind::Angel:
        invest(f, firm, amount, quality);
        break;
    }
    if (follow_on) {
        const Rial from_reserve = std::min(amount, funder.reserved);
        funder.reserved -= from_reserve;
        funder.budget -= amount - from_reserve;
    } else {
        funder.budget -= amount;
    }
    return true;
}

void Model::grant(std::uint32_t f, Startup& firm, Rial amount) {
    if (!pay(funders_[f].account, firm.account, amount, Reason::Grant, true, static_cast<std::int32_t>(firm.id))) {
        return;
    }
    Funder& funder = funders_[f];
    funder.deployed += amount;
    ++funder.deals;
    ++funder.portfolio;
    if (f < 32) {
        firm.backed_by |= 1U << f;
    }
    firm.raised += amount;
    ++counters_.grants;
    counters_.public_spent += amount;
    ++counters_.support_12m[ring()];
}

void Model::lend(std::uint32_t f, Startup& firm, Rial amount) {
    const FunderDef& def = params_.funders[f];
    if (!pay(funders_[f].account, firm.account, amount, Reason::Loan, true, static_cast<std::int32_t>(firm.id))) {
        return;
    }
    const double r = def.interest_per_year / 12.0;
    const int n = std::max(1, def.term_months);
    const double annuity =
        r > 0 ? static_cast<double>(amount) * r / (1.0 - std::pow(1.0 + r, -n)) : static_cast<double>(amount) / n;
    firm.loans.push_back({.funder = f, .principal_left = amount, .payment_month = round_rial(annuity)});
    Funder& funder = funders_[f];
    funder.deployed += amount;
    ++funder.deals;
    ++funder.portfolio;
    if (f < 32) {
        firm.backed_by |= 1U << f;
    }
    firm.raised += amount;
    ++counters_.loans;
    if (def.kind == FunderKind::Bank) {
        counters_.private_invested += amount;
    } else {
        counters_.public_spent += amount;
    }
}

void Model::invest(std::uint32_t f, Startup& firm, Rial amount, double quality) {
    const FunderDef& def = params_.funders[f];
    // The round's price: the firm's value on the funder's estimate is the pre-money valuation;
    // the round takes what the money buys, at most `ownership`.
    const double pre_money = std::max(1.0, static_cast<double>(firm_value(firm, quality)));
    double ownership = static_cast<double>(amount) / (pre_money + static_cast<double>(amount));
    if (ownership > def.ownership) {
        ownership = def.ownership;
        amount = round_rial(def.ownership * pre_money / (1.0 - def.ownership));
    }
    if (amount <= 0 ||
        !pay(funders_[f].account, firm.account, amount, Reason::Equity, true, static_cast<std::int32_t>(firm.id))) {
        return;
    }
    Funder& funder = funders_[f];
    for (Stake& stake : firm.stakes) {
        stake.ownership *= 1.0 - ownership; // earlier holders are diluted
    }
    const bool new_holding = !backed(firm, f);
    firm.stakes.push_back({.funder = f, .ownership = ownership});
    funder.deployed += amount;
    ++funder.deals;
    if (new_holding) {
        ++funder.portfolio;
        funder.holdings.push_back(firm.id);
    }
    if (f < 32) {
        firm.backed_by |= 1U << f;
    }
    ++firm.rounds;
    firm.last_round = now();
    firm.raised += amount;
    ++counters_.rounds;
    counters_.private_invested += amount;
    ++counters_.success_12m[ring()];
    emit(EventKind::RoundRaised, {AgentKind::Startup, firm.id}, {AgentKind::Funder, f}, amount, firm.rounds,
         round_name(firm.rounds));
}

void Model::service_loans(Startup& firm) {
    if (firm.loans.empty()) {
        return;
    }
    Rial due = 0;
    for (const Loan& loan : firm.loans) {
        due += std::min(loan.payment_month,
                        loan.principal_left + round_rial(static_cast<double>(loan.principal_left) *
                                                         params_.funders[loan.funder].interest_per_year / 12.0));
    }
    if (ledger_.balance(firm.account) < due) {
        fail(firm, FailureCause::Debt);
        return;
    }
    for (Loan& loan : firm.loans) {
        const Rial interest = round_rial(static_cast<double>(loan.principal_left) *
                                         params_.funders[loan.funder].interest_per_year / 12.0);
        const Rial payment = std::min(loan.payment_month, loan.principal_left + interest);
        pay(firm.account, funders_[loan.funder].account, payment, Reason::LoanRepayment, false,
            static_cast<std::int32_t>(firm.id));
        funders_[loan.funder].returned += payment;
        loan.principal_left -= std::max<Rial>(0, payment - interest);
    }
    std::erase_if(firm.loans, [](const Loan& loan) { return loan.principal_left <= 0; });
}

} // namespace innosim::agents

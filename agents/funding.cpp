// Funders: the municipal innovation fund (grants), the national fund (loans to certified firms),
// venture capital and angels (staged equity on traction), banks (loans to firms with revenue).
// Each screens a sample of the firms looking for money with its own noise and bar, at its own
// pace, with the money it has; exits and repayments return money to it.
#include "agents/model.hpp"

#include <algorithm>
#include <cmath>

namespace innosim::agents {

namespace {

constexpr std::size_t kCandidatesPerDeal = 12; // firms a funder looks at for each deal it may close

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

} // namespace

bool Model::funder_accepts_stage(const FunderDef& def, const Startup& firm) const {
    return firm.stage >= def.min_stage && firm.stage <= def.max_stage;
}

double Model::funder_signal(const FunderDef& def, const Startup& firm, sim::RngStream& rng) const {
    // What a funder sees: the firm's quality through its screening noise, plus traction it can verify.
    double signal = firm.theta / params_.startups.quality_sd + rng.normal(0.0, def.screening_noise);
    signal += 0.15 * static_cast<double>(firm.stage);
    signal += firm.municipal_reference ? 0.3 : 0.0;
    signal += firm.certified ? 0.2 : 0.0;
    signal += firm.revenue_month > 0 ? 0.2 : 0.0;
    signal += def.priority_weight * firm_priority(firm);
    return signal;
}

double Model::follow_on_bonus(std::uint32_t f, const Startup& firm) const {
    // Insiders know their portfolio and defend it: a follow-on clears a lower bar.
    constexpr double kFollowOnBonus = 0.5; // assumption
    return f < 32 && (firm.backed_by >> f & 1U) != 0 && params_.funders[f].kind != FunderKind::MunicipalGrantFund
               ? kFollowOnBonus
               : 0.0;
}

void Model::funder_review(std::uint32_t f) {
    const FunderDef& def = params_.funders[f];
    Funder& funder = funders_[f];
    if (active_.empty() || def.deals_per_year <= 0) {
        return;
    }
    const std::uint64_t deals = funder.rng.poisson(def.deals_per_year / 12.0);
    if (deals == 0) {
        return;
    }
    const double tightness = params_.macro.credit_tightness.at(now());
    double bar = def.bar;
    if (def.kind == FunderKind::Bank || def.kind == FunderKind::VentureCapital || def.kind == FunderKind::Angel) {
        // Tight credit and high returns elsewhere (FX, real estate) raise private funders' bar.
        bar += tightness + std::max(0.0, params_.macro.alternative_return_per_year.at(now()) - 0.2);
    }

    struct Candidate {
        double signal;
        std::uint32_t startup;
    };
    std::vector<Candidate> candidates;
    const double months_between = def.min_months_between_rounds * sim::kDaysPerMonth;
    const auto consider = [&](std::uint32_t s) {
        const Startup& firm = startups_[s];
        if (!firm.active() || !firm.seeking_funds || !funder_accepts_stage(def, firm)) {
            return;
        }
        bool eligible = true;
        switch (def.kind) {
        case FunderKind::MunicipalGrantFund:
            eligible = !backed(firm, f);
            break;
        case FunderKind::NationalFund:
            eligible = firm.certified && !backed(firm, f);
            break;
        case FunderKind::Bank:
            eligible = firm.revenue_month > 0 && firm.loans.empty();
            break;
        case FunderKind::VentureCapital:
        case FunderKind::Angel:
            eligible = firm.rounds == 0 || sim::to_days(now() - firm.last_round) >= months_between;
            break;
        }
        if (eligible) {
            candidates.push_back({funder_signal(def, firm, funder.rng) + follow_on_bonus(f, firm), s});
        }
    };
    // Its own portfolio (follow-ons) and the deal flow, a sample of the city's firms; each firm
    // once, in id order, so the screening draws do not depend on how the sample came out.
    std::erase_if(funder.holdings, [&](std::uint32_t s) { return !startups_[s].active(); });
    std::vector<std::uint32_t> looked_at = funder.holdings;
    const std::size_t looks = std::min(active_.size(), static_cast<std::size_t>(deals) * kCandidatesPerDeal);
    for (std::size_t k = 0; k < looks; ++k) {
        looked_at.push_back(sample_active(funder.rng));
    }
    std::sort(looked_at.begin(), looked_at.end());
    looked_at.erase(std::unique(looked_at.begin(), looked_at.end()), looked_at.end());
    for (const std::uint32_t s : looked_at) {
        consider(s);
    }
    std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
        return a.signal != b.signal ? a.signal > b.signal : a.startup < b.startup;
    });
    std::uint64_t done = 0;
    for (const Candidate& candidate : candidates) {
        if (done >= deals || candidate.signal < bar) {
            break;
        }
        Startup& firm = startups_[candidate.startup];
        const double log_ticket = std::log(static_cast<double>(std::max<Rial>(indexed(def.ticket), 1)));
        Rial amount = round_rial(funder.rng.lognormal(log_ticket, def.ticket_sd));
        // New firms get what is left after the follow-on reserve; the portfolio may use it all.
        const Rial cash = ledger_.balance(funder.account);
        const Rial available =
            backed(firm, f) ? cash : round_rial(static_cast<double>(cash) * (1.0 - def.follow_on_reserve));
        amount = std::min(amount, available);
        if (amount <= 0) {
            break;
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
            invest(f, firm, amount);
            break;
        }
        ++done;
    }
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
    ++counters_.support_12m[month_ % 12];
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

void Model::invest(std::uint32_t f, Startup& firm, Rial amount) {
    const FunderDef& def = params_.funders[f];
    if (!pay(funders_[f].account, firm.account, amount, Reason::Equity, true, static_cast<std::int32_t>(firm.id))) {
        return;
    }
    Funder& funder = funders_[f];
    for (Stake& stake : firm.stakes) {
        stake.ownership *= 1.0 - def.ownership; // earlier holders are diluted
    }
    const bool new_holding = !backed(firm, f);
    firm.stakes.push_back({.funder = f, .ownership = def.ownership});
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
    ++counters_.success_12m[month_ % 12];
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

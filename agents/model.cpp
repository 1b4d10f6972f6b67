#include "agents/model.hpp"

#include "agents/streams.hpp"

#include <algorithm>
#include <cmath>

namespace innosim::agents {

Model::Model(ModelParams params, std::vector<ParamChange> changes, std::uint64_t seed, std::uint32_t replication)
    : params_(std::move(params)), changes_(std::move(changes)), seed_(seed), replication_(replication),
      calendar_(sim::parse_jalali(params_.start_date)), factory_{.rng = stream(seed, replication, AgentKind::Factory, 0,
                                                                               Purpose::Factory)},
      talent_{.people = params_.talent.initial_pool,
              .rng = stream(seed, replication, AgentKind::TalentPool, 0, Purpose::Founding)},
      market_rng_(stream(seed, replication, AgentKind::Outside, 0, Purpose::Market)),
      ties_rng_(stream(seed, replication, AgentKind::Outside, 1, Purpose::Ties)) {
    municipality_.rng = stream(seed, replication, AgentKind::Municipality, 0, Purpose::Housing);
    municipality_.revenue_12m.assign(12, 0);
    municipality_.sustainable_12m.assign(12, 0);
    counters_.support_12m.assign(12, 0);
    counters_.success_12m.assign(12, 0);
    base_quality_of_life_ = params_.municipality.quality_of_life_start;
    open_accounts();
    register_handlers();
    schedule_initial_events();
    seed_initial_startups();
}

AccountId Model::open_account(AgentRef account_owner, Rial overdraft_limit) {
    const AccountId id = ledger_.open(std::string(), overdraft_limit);
    account_owner_.push_back(account_owner);
    return id;
}

void Model::open_accounts() {
    // The outside world is three accounts that may run any deficit: money enters the city from
    // them and leaves to them, so the sum of all balances stays exactly zero.
    outside_households_ = open_account({AgentKind::Outside, 0}, sim::Ledger::kUnlimited);
    outside_suppliers_ = open_account({AgentKind::Outside, 1}, sim::Ledger::kUnlimited);
    outside_state_ = open_account({AgentKind::Outside, 2}, sim::Ledger::kUnlimited);
    // The municipality can borrow; a deficit shows up as a negative treasury balance.
    municipality_.treasury = open_account({AgentKind::Municipality, 0}, sim::Ledger::kUnlimited);
    factory_.account = open_account({AgentKind::Factory, 0});

    departments_.resize(params_.departments.size());
    for (std::size_t d = 0; d < departments_.size(); ++d) {
        Department& department = departments_[d];
        department.account = open_account({AgentKind::Department, static_cast<std::uint32_t>(d)});
        department.problems.resize(params_.departments[d].problems.size());
        department.rng = stream(seed_, replication_, AgentKind::Department, d, Purpose::Demand);
    }
    funders_.resize(params_.funders.size());
    for (std::size_t f = 0; f < funders_.size(); ++f) {
        Funder& funder = funders_[f];
        funder.account = open_account({AgentKind::Funder, static_cast<std::uint32_t>(f)});
        funder.rng = stream(seed_, replication_, AgentKind::Funder, f, Purpose::Screening);
        const FunderDef& def = params_.funders[f];
        const AccountId source = def.kind == FunderKind::MunicipalGrantFund ? municipality_.treasury
                                 : def.local                                ? outside_households_
                                                                            : outside_state_;
        pay(source, funder.account, def.capital, Reason::FundCapital);
    }
}

void Model::register_handlers() {
    scheduler_.on(kCityMonth, [this](const sim::Event&) { on_city_month(); });
    scheduler_.on(kCityYear, [this](const sim::Event&) { on_city_year(); });
    scheduler_.on(kFounding, [this](const sim::Event&) { found_startup(); });
    scheduler_.on(kStartupMonth, [this](const sim::Event& e) { startup_month(e.target); });
    scheduler_.on(kMilestone, [this](const sim::Event& e) { startup_milestone(e.target); });
    scheduler_.on(kChallengeCall, [this](const sim::Event& e) { challenge_call(e.target); });
    scheduler_.on(kChallengePhase, [this](const sim::Event& e) { challenge_phase_end(e.target); });
    scheduler_.on(kContractInvoice, [this](const sim::Event& e) { contract_invoice(e.target); });
    scheduler_.on(kPayment, [this](const sim::Event& e) { payment_due(e.target); });
    scheduler_.on(kFunderReview, [this](const sim::Event& e) { funder_review(e.target); });
    scheduler_.on(kFactoryRound, [this](const sim::Event&) { factory_round(); });
    scheduler_.on(kCertDecision, [this](const sim::Event& e) { certificate_decision(e.target); });
    scheduler_.on(kIntervention, [this](const sim::Event& e) { on_intervention(e.target); });
}

void Model::schedule_initial_events() {
    // Priorities order same-time events: the city's clock first, so budgets arrive before spending.
    scheduler_.schedule_at(0, kCityMonth, 0, 0, -2);
    scheduler_.schedule_at(calendar_.start_of_next_year(0), kCityYear, 0, 0, -3);
    for (std::uint32_t d = 0; d < departments_.size(); ++d) {
        const double rate = params_.departments[d].challenges_per_year;
        if (rate > 0) {
            const double first = departments_[d].rng.exponential(sim::kDaysPerYear / rate);
            scheduler_.schedule_at(sim::days_to_ticks(first), kChallengeCall, d);
        }
    }
    for (std::uint32_t f = 0; f < funders_.size(); ++f) {
        // Funders review monthly; deals_per_year sets how many they may close per review.
        const sim::Ticks offset = sim::days(static_cast<std::int64_t>(funders_[f].rng.below(30)));
        scheduler_.schedule_every(offset, sim::days_to_ticks(sim::kDaysPerMonth), kFunderReview, f);
    }
    if (params_.factory.admission_rounds_per_year > 0) {
        const sim::Ticks period = sim::days_to_ticks(sim::kDaysPerYear / params_.factory.admission_rounds_per_year);
        scheduler_.schedule_every(sim::days(15), period, kFactoryRound, 0);
    }
    for (std::uint32_t i = 0; i < changes_.size(); ++i) {
        scheduler_.schedule_at(changes_[i].at, kIntervention, i, 0, -4);
    }
}

void Model::run_until(sim::Ticks t) {
    scheduler_.run_until(t);
}

Rial Model::indexed(Rial start_price) const {
    return static_cast<Rial>(round_rial(static_cast<double>(start_price) * price_index_));
}

bool Model::pay(AccountId from, AccountId to, Rial amount, Reason reason, bool notable, std::int32_t startup) {
    if (amount <= 0) {
        return amount == 0;
    }
    if (!ledger_.transfer(from, to, amount, static_cast<sim::ReasonId>(reason), now())) {
        return false;
    }
    if (observers_.empty()) {
        return true;
    }
    FlowRecord flow{.time = now(), .from = owner(from), .to = owner(to), .reason = reason, .amount = amount};
    if (startup >= 0) {
        const Startup& firm = startups_[static_cast<std::size_t>(startup)];
        flow.category = firm.category;
        flow.stage = static_cast<std::int8_t>(std::min<int>(firm.stage, kScale));
    }
    for (ModelObserver* observer : observers_) {
        observer->on_flow(flow);
    }
    if (notable) {
        emit(EventKind::Transfer, flow.from, flow.to, amount, static_cast<std::int32_t>(reason));
    }
    return true;
}

void Model::emit(EventKind kind, AgentRef subject, AgentRef object, Rial amount, std::int32_t value,
                 std::string_view detail) {
    if (observers_.empty()) {
        return;
    }
    const DomainEvent event{.time = now(),
                            .kind = kind,
                            .subject = subject,
                            .object = object,
                            .amount = amount,
                            .reason = kind == EventKind::Transfer ? static_cast<Reason>(value) : Reason{},
                            .value = value,
                            .detail = detail};
    for (ModelObserver* observer : observers_) {
        observer->on_event(event);
    }
}

void Model::on_city_month() {
    const sim::Ticks t = now();
    const sim::Ticks next = calendar_.start_of_next_month(t);
    scheduler_.schedule_at(next, kCityMonth, 0, 0, -2);
    if (t > 0) {
        ++month_;
    }
    ledger_.set_period(month_);
    const std::size_t ring = month_ % 12;

    const double inflation = params_.macro.inflation_per_year.at(t);
    if (t > 0) {
        price_index_ *= std::pow(1.0 + inflation, 1.0 / 12.0);
        market_scale_ *= std::pow(1.0 + params_.market.growth_per_year, 1.0 / 12.0);
    }

    // The fiscal block: construction-linked revenue rides the housing cycle; the rest is stable.
    const MunicipalityDef& city = params_.municipality;
    const double month_revenue_real = static_cast<double>(city.annual_revenue) / 12.0;
    const double revenue_factor =
        city.construction_share * municipality_.housing_factor + (1.0 - city.construction_share);
    const Rial construction =
        round_rial(month_revenue_real * city.construction_share * municipality_.housing_factor * price_index_);
    const Rial sustainable_base = round_rial(month_revenue_real * (1.0 - city.construction_share) * price_index_);
    realise_benefits_month();
    const Rial sustainable = sustainable_base + municipality_.new_revenue_month;
    pay(outside_households_, municipality_.treasury, construction + sustainable, Reason::MunicipalRevenue);
    municipality_.revenue_month = construction + sustainable;
    municipality_.sustainable_revenue_month = sustainable;
    municipality_.revenue_12m[ring] = municipality_.revenue_month;
    municipality_.sustainable_12m[ring] = sustainable;

    // The innovation budget: a share of revenue, split between the grant funds and the factory.
    const Rial innovation = round_rial(static_cast<double>(municipality_.revenue_month) * city.innovation_budget_share);
    const Rial to_grants = round_rial(static_cast<double>(innovation) * city.grant_fund_share);
    const Rial to_factory = round_rial(static_cast<double>(innovation) * city.factory_share);
    std::uint32_t grant_funds = 0;
    for (const FunderDef& def : params_.funders) {
        grant_funds += def.kind == FunderKind::MunicipalGrantFund ? 1 : 0;
    }
    for (std::size_t f = 0; f < funders_.size() && grant_funds > 0; ++f) {
        if (params_.funders[f].kind == FunderKind::MunicipalGrantFund) {
            pay(municipality_.treasury, funders_[f].account, to_grants / grant_funds, Reason::BudgetAllocation);
        }
    }
    pay(municipality_.treasury, factory_.account, to_factory, Reason::BudgetAllocation);
    const Rial factory_cost = indexed(params_.factory.operating_cost_per_year / 12);
    pay(factory_.account, outside_suppliers_, std::min(factory_cost, ledger_.balance(factory_.account)),
        Reason::FactoryOperations);
    counters_.public_spent += std::min(factory_cost, to_factory);

    // Department budgets for pilots and procurement follow the city's revenue.
    Rial to_departments = 0;
    for (std::size_t d = 0; d < departments_.size(); ++d) {
        Department& department = departments_[d];
        const Rial budget = round_rial(static_cast<double>(params_.departments[d].annual_budget) / 12.0 *
                                       revenue_factor * price_index_);
        pay(municipality_.treasury, department.account, budget, Reason::BudgetAllocation);
        const Rial reserved = round_rial(static_cast<double>(budget) * city.local_kb_procurement_reserve);
        department.reserved_budget_left += reserved;
        department.general_budget_left += budget - reserved;
        to_departments += budget;
    }

    // Everything else the city spends goes to its ordinary suppliers, less what adopted solutions save.
    const Rial operating = municipality_.revenue_month - innovation - to_departments - municipality_.savings_month;
    pay(municipality_.treasury, outside_suppliers_, std::max<Rial>(operating, 0), Reason::MunicipalSpending);

    talent_month();
    market_month();
    form_ties_month();

    counters_.support_12m[(month_ + 1) % 12] = 0;
    counters_.success_12m[(month_ + 1) % 12] = 0;

    for (ModelObserver* observer : observers_) {
        observer->on_snapshot(t, *this);
    }
}

void Model::on_city_year() {
    scheduler_.schedule_at(calendar_.start_of_next_year(now()), kCityYear, 0, 0, -3);
    // The housing cycle: a lognormal random walk of construction activity, mean-preserving.
    const double sigma = params_.municipality.construction_volatility;
    municipality_.housing_factor *= std::exp(municipality_.rng.normal(-0.5 * sigma * sigma, sigma));
    for (std::size_t f = 0; f < funders_.size(); ++f) {
        const FunderDef& def = params_.funders[f];
        const AccountId source = def.local ? outside_households_ : outside_state_;
        pay(source, funders_[f].account, indexed(def.capital_per_year), Reason::FundCapital);
    }
}

void Model::on_intervention(std::uint32_t index) {
    const ParamChange& change = changes_[index];
    params_ = change.params;
    emit(EventKind::LeverChanged, {AgentKind::Municipality, 0}, {}, 0, static_cast<std::int32_t>(index),
         change.description);
}

std::uint32_t Model::sample_active(sim::RngStream& rng) const {
    return active_[rng.below(active_.size())];
}

} // namespace innosim::agents

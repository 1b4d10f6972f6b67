#include "agents/model.hpp"

#include "agents/streams.hpp"

#include <algorithm>
#include <cmath>

namespace innosim::agents {

Model::Model(ModelParams params, ModelParams pre_start, std::vector<ParamChange> changes, std::uint64_t seed,
             std::uint32_t replication)
    : params_(std::move(pre_start)), run_params_(std::move(params)), changes_(std::move(changes)), seed_(seed),
      replication_(replication), calendar_(sim::parse_jalali(run_params_.start_date)),
      scheduler_(-run_params_.spin_up), factory_{.rng = stream(seed, replication, AgentKind::Factory, 0,
                                                               Purpose::Factory)},
      talent_{.people = run_params_.talent.initial_pool,
              .rng = stream(seed, replication, AgentKind::TalentPool, 0, Purpose::Founding)},
      market_rng_(stream(seed, replication, AgentKind::Outside, 0, Purpose::Market)),
      ties_rng_(stream(seed, replication, AgentKind::Outside, 1, Purpose::Ties)) {
    municipality_.rng = stream(seed, replication, AgentKind::Municipality, 0, Purpose::Housing);
    municipality_.revenue_12m.assign(12, 0);
    municipality_.sustainable_12m.assign(12, 0);
    counters_.support_12m.assign(12, 0);
    counters_.success_12m.assign(12, 0);
    base_quality_of_life_ = run_params_.municipality.quality_of_life_start;
    month_ = calendar_.month_index(now());
    open_accounts();
    create_niches();
    register_handlers();
    schedule_initial_events();
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
    scheduler_.on(kRunStart, [this](const sim::Event&) { on_run_start(); });
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
    // Priorities order same-time events: the run's start first, then the levers, the city's year
    // and month, so budgets arrive before spending.
    const sim::Ticks first = now();
    scheduler_.schedule_at(first, kCityMonth, 0, 0, -2);
    scheduler_.schedule_at(calendar_.start_of_next_year(first), kCityYear, 0, 0, -3);
    scheduler_.schedule_at(0, kRunStart, 0, 0, -5);
    for (std::uint32_t d = 0; d < departments_.size(); ++d) {
        const double rate = params_.departments[d].challenges_per_year;
        if (rate > 0) {
            const double gap = departments_[d].rng.exponential(sim::kDaysPerYear / rate);
            scheduler_.schedule_at(first + sim::days_to_ticks(gap), kChallengeCall, d);
        }
    }
    for (std::uint32_t f = 0; f < funders_.size(); ++f) {
        // Funders review monthly, each on its own day.
        const sim::Ticks offset = first + sim::days(static_cast<std::int64_t>(funders_[f].rng.below(30)));
        scheduler_.schedule_every(offset, sim::days_to_ticks(sim::kDaysPerMonth), kFunderReview, f);
    }
    if (params_.factory.admission_rounds_per_year > 0) {
        const sim::Ticks period = sim::days_to_ticks(sim::kDaysPerYear / params_.factory.admission_rounds_per_year);
        scheduler_.schedule_every(first + sim::days(15), period, kFactoryRound, 0);
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
    if (observers_.empty() || !recording_) {
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
    if (observers_.empty() || !recording_) {
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
    month_ = calendar_.month_index(t);
    ledger_.set_period(static_cast<std::uint32_t>(std::max(month_, 0)));
    const std::size_t ring_now = ring();

    // Prices and real demand move from the first day on; the spin-up runs at the start's prices.
    if (t > 0) {
        const double inflation = params_.macro.inflation_per_year.at(t);
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
    municipality_.revenue_12m[ring_now] = municipality_.revenue_month;
    municipality_.sustainable_12m[ring_now] = sustainable;

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
    factory_month();

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
    labour_market_month();
    update_peer_revenue();
    market_month();
    form_ties_month();

    counters_.support_12m[(ring_now + 1) % 12] = 0;
    counters_.success_12m[(ring_now + 1) % 12] = 0;

    if (recording_) {
        for (ModelObserver* observer : observers_) {
            observer->on_snapshot(t, *this);
        }
    }
}

void Model::start_calls_where_new(const ModelParams& before) {
    // A department whose calls begin now (none before) publishes its first one in due course.
    for (std::uint32_t d = 0; d < departments_.size(); ++d) {
        const double rate = params_.departments[d].challenges_per_year;
        if (before.departments[d].challenges_per_year <= 0 && rate > 0) {
            const double gap = departments_[d].rng.exponential(sim::kDaysPerYear / rate);
            scheduler_.schedule_in(sim::days_to_ticks(gap), kChallengeCall, d);
        }
    }
}

void Model::on_run_start() {
    // The spin-up made the ecosystem; the run starts from it with its own levers, at the start's
    // prices, and counts from zero.
    const ModelParams before = std::move(params_);
    params_ = run_params_;
    start_calls_where_new(before);
    price_index_ = 1.0;
    market_scale_ = 1.0;
    municipality_.housing_factor = 1.0;
    std::vector<std::uint32_t> support = std::move(counters_.support_12m);
    std::vector<std::uint32_t> success = std::move(counters_.success_12m);
    counters_ = Counters{};
    counters_.support_12m = std::move(support);
    counters_.success_12m = std::move(success);
    recording_ = true;
}

void Model::on_city_year() {
    scheduler_.schedule_at(calendar_.start_of_next_year(now()), kCityYear, 0, 0, -3);
    // The housing cycle: a lognormal random walk of construction activity, mean-preserving.
    const double sigma = params_.municipality.construction_volatility;
    municipality_.housing_factor *= std::exp(municipality_.rng.normal(-0.5 * sigma * sigma, sigma));
    for (std::uint32_t f = 0; f < funders_.size(); ++f) {
        funder_year(f);
    }
    for (std::uint32_t d = 0; d < departments_.size(); ++d) {
        department_year(d);
    }
    factory_year();
}

void Model::on_intervention(std::uint32_t index) {
    const ParamChange& change = changes_[index];
    const ModelParams before = std::move(params_);
    params_ = change.params;
    start_calls_where_new(before);
    emit(EventKind::LeverChanged, {AgentKind::Municipality, 0}, {}, 0, static_cast<std::int32_t>(index),
         change.description);
}

std::uint32_t Model::sample_active(sim::RngStream& rng) const {
    return active_[rng.below(active_.size())];
}

} // namespace innosim::agents

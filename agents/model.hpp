#pragma once

// [SECTION] The ecosystem model: one deterministic, single-threaded simulation of Mashhad's
// innovation ecosystem on the engine (scheduler, ledger, RNG streams, calendar).
//
// The mechanisms live in one file each:
//   model.cpp      set-up, the city's monthly and yearly clock, interventions, money helper
//   talent.cpp     the talent pool: inflow, emigration, founding
//   startups.cpp   a startup's life: work and milestones, accounts, learning, the decision to go
//                  on, failure, exit, ties, the certificate
//   labour.cpp     headcount from the work a firm has, vacancies and the matching of hires
//   market.cpp     private demand in niches, customers' choices, churn, new products
//   valuation.cpp  what a firm is worth, looking forward (founders, funders, acquirers)
//   demand.cpp     departments: challenge calls, phased down-select, pilots, contracts, payments
//   funding.cpp    funders: grants, loans, equity rounds, repayments, exits
//   factory.cpp    the innovation factory: admission rounds, tenancy, mentoring
//   kpis.cpp       the headline indicators read from the state

#include "agents/kpis.hpp"
#include "agents/model_observer.hpp"
#include "agents/params.hpp"
#include "agents/world.hpp"
#include "sim/calendar.hpp"
#include "sim/ledger.hpp"
#include "sim/scheduler.hpp"

#include <cstdint>
#include <vector>

namespace innosim::agents {

/// Engine event kinds of the model (the scheduler's `kind`).
enum ModelEvent : std::uint32_t {
    kCityMonth = 1,   ///< first day of every Solar Hijri month
    kCityYear,        ///< Nowruz: budgets, fund capital
    kFounding,        ///< a new startup (target: unused)
    kStartupMonth,    ///< a startup's monthly accounts (target: startup)
    kRunStart,        ///< the first day of the run, after the spin-up: the run's levers, counters from zero
    kChallengeCall,   ///< a department publishes a call (target: department)
    kChallengePhase,  ///< a challenge phase ends (target: challenge)
    kContractInvoice, ///< a contract's monthly invoice (target: contract)
    kPayment,         ///< a delayed payment falls due (target: payment)
    kFunderReview,    ///< a funder reviews deals (target: funder)
    kFactoryRound,    ///< the factory admits a cohort
    kCertDecision,    ///< a certificate decision (target: startup)
    kIntervention,    ///< a dated lever change (target: change index)
};

struct PendingPayment {
    std::int32_t contract = -1;
    Rial amount = 0;
};

class Model {
    /// Saves and restores every private member below (agents/checkpoint.hpp).
    friend class ModelCheckpoint;

public:
    /// `changes` are dated lever changes, ascending in time (from the scenario's interventions).
    /// The model starts `params.spin_up` ticks before the start with the levers of `pre_start`
    /// (the scenario's spin-up overrides) and switches to `params` on the first day.
    Model(ModelParams params, ModelParams pre_start, std::vector<ParamChange> changes, std::uint64_t seed,
          std::uint32_t replication);

    Model(const Model&) = delete;
    Model& operator=(const Model&) = delete;

    void add_observer(ModelObserver* observer) { observers_.push_back(observer); }

    /// Runs every event before `t` (ticks since the start).
    void run_until(sim::Ticks t);
    /// Runs to the scenario's end.
    void run() { run_until(params_.end + 1); }

    sim::Ticks now() const { return scheduler_.now(); }
    const ModelParams& params() const { return params_; }
    const sim::Calendar& calendar() const { return calendar_; }
    const sim::Ledger& ledger() const { return ledger_; }
    const sim::Scheduler& scheduler() const { return scheduler_; }
    const std::vector<Startup>& startups() const { return startups_; }
    const std::vector<Department>& departments() const { return departments_; }
    const std::vector<Funder>& funders() const { return funders_; }
    const std::vector<Contract>& contracts() const { return contracts_; }
    const Factory& factory() const { return factory_; }
    const TalentPool& talent() const { return talent_; }
    const Municipality& municipality() const { return municipality_; }
    const Counters& counters() const { return counters_; }
    /// Price level relative to the start (1 at the start), from the inflation series.
    double price_index() const { return price_index_; }
    Kpis kpis() const { return compute_kpis(*this); }
    std::uint32_t active_startups() const { return static_cast<std::uint32_t>(active_.size()); }
    const std::vector<Niche>& niches() const { return niches_; }
    /// Rial per year at start prices the niche's customers spend (startups and incumbents).
    Rial niche_demand_year(const Niche& niche) const;
    /// What `firm` is worth now (Rial), on the quality estimate `quality` (sd units).
    Rial firm_value(const Startup& firm, double quality) const;
    /// Rial per month the firm pays to stay alive at its present size (salaries, founders' draw,
    /// rent), before revenue.
    Rial monthly_cost(const Startup& firm) const;
    /// Whether the spin-up is over (observers hear from the first day on).
    bool recording() const { return recording_; }

private:
    // model.cpp
    void register_handlers();
    void schedule_initial_events();
    void on_city_month();
    void on_city_year();
    void on_run_start();
    void start_calls_where_new(const ModelParams& before);
    void on_intervention(std::uint32_t index);
    void open_accounts();
    bool pay(AccountId from, AccountId to, Rial amount, Reason reason, bool notable = false, std::int32_t startup = -1);
    void emit(EventKind kind, AgentRef subject, AgentRef object = {}, Rial amount = 0, std::int32_t value = 0,
              std::string_view detail = {});
    AgentRef owner(AccountId account) const { return account_owner_[static_cast<std::size_t>(account)]; }
    AccountId open_account(AgentRef owner, Rial overdraft_limit = 0);
    Rial indexed(Rial start_price) const;
    double month_fraction() const;

    // talent.cpp
    void talent_month();
    void found_startup();
    Startup& create_startup(std::uint8_t founders);
    double support_signal() const;
    double success_signal() const;

    // startups.cpp
    void startup_month(std::uint32_t s);
    void develop(Startup& firm);
    double dev_speed(const Startup& firm) const;
    bool milestone_gate_open(const Startup& firm) const;
    void learn(Startup& firm);
    void decide_to_go_on(Startup& firm);
    void pivot(Startup& firm);
    void fail(Startup& firm, FailureCause cause);
    void exit_by_acquisition(Startup& firm);
    void form_ties_month();
    void try_tie(std::uint32_t a, std::uint32_t b);
    void deactivate(Startup& firm);
    Rial firm_rent_per_seat(const Startup& firm) const;
    bool bootstrapping(const Startup& firm) const;
    double founders_time_share(const Startup& firm) const;
    double firm_priority(const Startup& firm) const;
    void apply_for_certificate(Startup& firm);
    void certificate_decision(std::uint32_t s);
    void certificate_review(Startup& firm);
    void add_evidence(Startup& firm, double signal, double noise);

    // labour.cpp
    double productivity(const Startup& firm) const;
    int useful_dev_staff(const Startup& firm) const;
    void plan_headcount(Startup& firm);
    void labour_market_month();
    void change_headcount(Startup& firm, int change, std::string_view why = {});

    // market.cpp
    void create_niches();
    int new_niche(Category category, bool national, double weight);
    void market_month();
    void customer_arrives(std::uint32_t n, Rial budget_year);
    void customers_month(Startup& firm);
    void release_customer(const Opportunity& customer);
    void new_product(Startup& firm);
    int pick_niche(Category category, bool national, sim::RngStream& rng) const;

    // valuation.cpp
    double potential_revenue_year(double quality) const;
    void update_peer_revenue();

    // demand.cpp
    void department_year(std::uint32_t d);
    void challenge_call(std::uint32_t d);
    void challenge_phase_end(std::uint32_t c);
    void start_contract(Challenge& challenge, const Bid& winner);
    void contract_invoice(std::uint32_t c);
    void payment_due(std::uint32_t p);
    void end_contract(Contract& contract, bool supplier_failed);
    void realise_benefits_month();
    double bid_signal(const Bid& bid, double noise, bool local, sim::RngStream& rng) const;
    bool department_can_fund(std::uint32_t d, Rial amount, bool local_certified) const;
    bool department_spend(std::uint32_t d, Rial amount, bool local_certified, AccountId to, Reason reason,
                          std::int32_t startup);

    // funding.cpp
    void funder_review(std::uint32_t f);
    void funder_year(std::uint32_t f);
    bool fund(std::uint32_t f, Startup& firm, bool follow_on, double quality);
    void invest(std::uint32_t f, Startup& firm, Rial amount, double quality);
    void lend(std::uint32_t f, Startup& firm, Rial amount);
    void grant(std::uint32_t f, Startup& firm, Rial amount);
    void service_loans(Startup& firm);
    double funder_estimate(const FunderDef& def, const Startup& firm, sim::RngStream& rng) const;
    bool funder_accepts(std::uint32_t f, const Startup& firm) const;
    Rial funder_nav(std::uint32_t f) const;

    // factory.cpp
    void factory_round();
    void factory_month();
    void factory_year();
    bool wants_factory(const Startup& firm) const;
    void graduate(Startup& firm);

    std::size_t ring() const { return static_cast<std::size_t>(((month_ % 12) + 12) % 12); }
    std::uint32_t sample_active(sim::RngStream& rng) const;

    ModelParams params_;
    ModelParams run_params_; ///< the levers from the first day (params_ holds the pre-start ones before)
    std::vector<ParamChange> changes_;
    std::uint64_t seed_;
    std::uint32_t replication_;
    sim::Calendar calendar_;
    sim::Scheduler scheduler_;
    sim::Ledger ledger_;
    std::vector<ModelObserver*> observers_;
    std::vector<AgentRef> account_owner_;
    AccountId outside_households_{}; ///< salaries, founders' savings, customers, citizens
    AccountId outside_suppliers_{};  ///< landlords, the rest of Iran, outside contractors, acquirers
    AccountId outside_state_{};      ///< national budget: tax, national fund and bank capital

    std::vector<Startup> startups_;
    std::vector<std::uint32_t> active_;          ///< indices of active startups (swap-remove)
    std::vector<std::uint32_t> active_position_; ///< startup -> position in active_
    std::vector<Department> departments_;
    std::vector<Challenge> challenges_;
    std::vector<Contract> contracts_;
    std::vector<PendingPayment> payments_;
    std::vector<Funder> funders_;
    Factory factory_;
    TalentPool talent_;
    Municipality municipality_;
    Counters counters_;
    sim::RngStream market_rng_;
    sim::RngStream ties_rng_;
    double price_index_ = 1.0;
    double market_scale_ = 1.0; ///< real growth of demand since the spin-up began
    std::int32_t month_ = 0;    ///< months since the start (negative in the spin-up)
    double base_quality_of_life_ = 0;
    bool recording_ = false; ///< false in the spin-up: observers hear nothing
    std::vector<Niche> niches_;
    double fill_rate_ = 1.0;           ///< share of vacancies filled this month (matching)
    std::uint32_t vacancies_open_ = 0; ///< vacancies posted this month, all firms
    double peer_scale_revenue_ = 0;    ///< Rial per year at start prices, mean of firms at scale
    std::uint32_t peer_scale_count_ = 0;
};

} // namespace innosim::agents

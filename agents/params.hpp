#pragma once

// The model's parameters as plain definition structs. The scenario loader fills them from the
// scenario file; nothing past the loader sees protobuf. Units are stated on every field.

#include "sim/time.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace innosim::agents {

using Rial = std::int64_t;

/// Rounds an amount computed in floating point (shares, rates, indexation) to whole Rial.
inline Rial round_rial(double amount) {
    return static_cast<Rial>(std::llround(amount));
}

enum class Category : std::uint8_t { None = 0, Revenue = 1, Cost = 2, ImportDependence = 3, ServiceQuality = 4 };
inline constexpr int kCategoryCount = 5;

enum class FunderKind : std::uint8_t {
    MunicipalGrantFund = 1,
    NationalFund = 2,
    VentureCapital = 3,
    Angel = 4,
    Bank = 5
};

/// Piecewise-constant series of a macro input: `values[i]` holds from `from[i]` on.
struct DatedSeries {
    std::vector<sim::Ticks> from{}; ///< ticks, ascending, first is 0
    std::vector<double> values{};

    double at(sim::Ticks t) const;
};

struct MacroDef {
    DatedSeries inflation_per_year{};          ///< share per year
    DatedSeries rial_per_usd{};                ///< Rial per US dollar
    DatedSeries import_restriction{};          ///< 0 open .. 1 blocked
    DatedSeries credit_tightness{};            ///< 0 easy .. 1 no credit
    DatedSeries alternative_return_per_year{}; ///< share per year
};

struct MunicipalityDef {
    Rial annual_revenue = 0;                 ///< Rial per year at the start
    double construction_share = 0.8;         ///< share of revenue, unsustainable
    double construction_volatility = 0.15;   ///< log sd per year of the housing cycle
    double innovation_budget_share = 0.01;   ///< share of revenue
    double grant_fund_share = 0.4;           ///< share of the innovation budget
    double factory_share = 0.3;              ///< share of the innovation budget
    double local_kb_procurement_reserve = 0; ///< share of department budgets for local certified firms
    double import_dependency_start = 1.0;    ///< index
    double quality_of_life_start = 50;       ///< index 0..100
};

struct DistrictDef {
    std::string name{};
    double x = 0.5, y = 0.5;      ///< schematic map position 0..1
    std::uint32_t population = 0; ///< people
    Rial rent_per_seat_month = 0; ///< Rial per seat per month
};

struct ProblemDef {
    std::string name{};
    Category category = Category::Cost;
    int priority = 3;         ///< 1 = top priority
    Rial value_per_year = 0;  ///< Rial per year once solved
    double difficulty = 0.5;  ///< 0 easy .. 1 hard
    double import_weight = 0; ///< share of imported equipment replaced
};

struct DepartmentDef {
    std::string name{};
    Rial annual_budget = 0;         ///< Rial per year for pilots and contracts
    double risk_appetite = 0.5;     ///< 0..1
    int payment_delay_days = 90;    ///< days
    double challenges_per_year = 1; ///< per year
    std::vector<ProblemDef> problems{};
    int district = 0; ///< index into districts
};

struct TalentDef {
    double initial_pool = 0;           ///< people
    double inflow_per_year = 0;        ///< people per year
    double emigration_per_year = 0;    ///< share per year
    double founding_rate_per_year = 0; ///< per person per year
    double support_elasticity = 0;
    double peer_elasticity = 0;
    double founders_per_startup = 2;  ///< people
    double matching_efficiency = 0.5; ///< per month
};

enum Stage : std::uint8_t { kIdea = 0, kTeam, kPrototype, kPilot, kRevenue, kScale, kExited, kFailed };
inline constexpr int kGrowthStages = 6; // idea .. scale

/// Milestones a firm's development work reaches, in order: team, prototype, pilot-ready, product,
/// scale. What each lets the firm sell is in startups.cpp (`can_sell_*`).
inline constexpr int kMilestones = 5;

struct StartupDef {
    double quality_sd = 1;
    double signal_noise = 2;
    Rial founder_capital = 0;                                          ///< Rial per founder (mean)
    double founder_capital_sd = 0.8;                                   ///< log sd
    Rial salary_per_month = 0;                                         ///< Rial per employee per month at the start
    double founder_draw_share = 0.5;                                   ///< share of salary per founder per month
    double outside_wage_share = 1.0;                                   ///< share of salary
    double commitment_months = 24;                                     ///< months
    std::array<double, kMilestones> milestone_work{4, 12, 16, 20, 60}; ///< person-months
    double quality_speed = 0.3;
    double team_scaling_exponent = 0.7;
    int max_dev_staff = 12;            ///< people
    double home_work_speed = 0.7;      ///< share
    double min_runway_months = 9;      ///< months
    Rial revenue_per_worker_month = 1; ///< Rial per person per month
    double learning_elasticity = 0.3;
    double input_cost_share = 0.2;       ///< share of revenue
    double team_breakup_per_year = 0.05; ///< per year
    double tie_rate_colocated = 0.02;    ///< per pair per month
    double tie_distance_decay = 0.1;     ///< map units
    double spillover_per_tie = 0.05;
    int max_ties = 8;
    double acquisition_rate_per_year = 0.05; ///< per year
    double acquisition_premium = 0.3;        ///< share
    double pivot_belief_threshold = -0.5;
    double min_months_before_exit = 6;      ///< months
    double city_problem_share = 0.35;       ///< share
    double leave_after_failure_share = 0.3; ///< share
    int customers_to_scale = 3;             ///< customers
    double bootstrap_time_share = 1;        ///< share of founders' time before money or sales
    double opportunity_months = 36;         ///< months a customer stays (mean)
};

struct CertificationDef {
    double application_rate_per_year = 0.3;
    double evaluation_noise = 0.5;
    double bar_quantile = 0.8;
    int decision_days = 90;
    int reevaluation_days = 730;
    double tax_relief = 1.0;
    double tax_rate = 0.25;
};

struct FunderDef {
    std::string name{};
    FunderKind kind = FunderKind::VentureCapital;
    Rial capital = 0;          ///< Rial at the start
    Rial capital_per_year = 0; ///< Rial per year
    double record_elasticity = 0;
    Rial ticket = 0;        ///< Rial
    double ticket_sd = 0.3; ///< log sd
    double screening_noise = 1;
    double bar = 0.5;               ///< posterior quality, sd units
    double follow_on_bar = 0;       ///< insiders' posterior quality, sd units
    double macro_sensitivity = 1;   ///< sd per unit of credit tightness
    double deployment_months = 36;  ///< months
    int reviews_per_month = 20;     ///< firms per month
    double ownership = 0.2;         ///< most a round may take
    double follow_on_reserve = 0.3; ///< share of capital
    double interest_per_year = 0.18;
    int term_months = 36;
    double priority_weight = 0;
    double min_months_between_rounds = 12;
    int min_stage = 0;
    int max_stage = 5;
    bool local = true;
};

struct FactoryDef {
    std::string name{};
    int district = 0;
    int capacity = 0; ///< teams
    double admission_rounds_per_year = 2;
    double priority_weight = 0;
    double rent_subsidy = 0.5;       ///< share of market rent
    int tenancy_months = 24;         ///< months
    double mentoring_speedup = 0.2;  ///< share faster development
    double mentoring_learning = 0.3; ///< share less signal noise
    Rial fixed_cost_per_year = 0;    ///< Rial per year
    Rial cost_per_team_month = 0;    ///< Rial per team per month
    double selection_noise = 1;
    double funder_visibility = 0.3; ///< share
    int max_stage_admitted = 2;
};

struct MarketDef {
    Rial city_demand_per_year = 0;     ///< Rial per year at start prices
    Rial national_demand_per_year = 0; ///< Rial per year at start prices
    double growth_per_year = 0;
    int niches_per_category = 8;
    double niche_size_sd = 1;
    double niche_turnover_per_year = 0.05;
    Rial customer_budget_per_year = 1; ///< Rial per year at start prices
    double customer_budget_sd = 1;
    double switching_per_year = 0.15;
    int consideration_set = 3;
    double quality_weight = 1;
    double attachment = 0.5;
    double reference_effect = 0.5;
    double incumbent_quality = 0.5;
    double churn_per_year = 0.3;
    double overload_churn = 2;
    double quality_churn = 0.5;
    double new_product_per_year = 0.2;
};

struct ValuationDef {
    Rial prior_scale_revenue_per_year = 0; ///< Rial per year at start prices
    double prior_weight = 10;              ///< firms
    double revenue_multiple = 3;
    double quality_elasticity = 0.5;
    double risk_premium_per_year = 0.3;
};

struct ProcurementDef {
    int design_awards = 4;
    int prototype_awards = 2;
    double design_award_share = 0.01;
    double prototype_award_share = 0.03;
    double pilot_award_share = 0.1;
    int design_days = 60;
    int prototype_days = 120;
    int pilot_days = 180;
    double contract_value_share = 0.3;
    int contract_months = 24;
    double evaluation_noise = 0.5;
    int ramp_months = 12;
    double realisation_share = 0.6;
    double local_preference = 0.3;
    double targeting_bid_share = 0.8;
    double other_bid_share = 0.15;
    double certified_score_bonus = 0.2;
};

struct OutsideFirmsDef {
    double bids_per_challenge = 5;
    double quality_shift = 0.3;
    double local_spend_share = 0.1;
};

struct TargetDef {
    std::string kpi{};
    double value = 0;
    std::string source{};
};

/// Everything one run needs. Interventions are resolved by the loader into full parameter sets
/// that take effect at their date, so the model never interprets a lever path at run time.
struct ModelParams {
    std::string name{};
    std::string start_date{};   ///< Solar Hijri
    std::string horizon_date{}; ///< Solar Hijri
    std::string end_date{};     ///< Solar Hijri
    sim::Ticks horizon = 0;     ///< ticks since start
    sim::Ticks end = 0;         ///< ticks since start
    sim::Ticks spin_up = 0;     ///< ticks the model runs before the start (not recorded)
    int snapshot_every_days = 30;

    MacroDef macro;
    MunicipalityDef municipality;
    std::vector<DistrictDef> districts{};
    std::vector<DepartmentDef> departments{};
    TalentDef talent;
    StartupDef startups;
    CertificationDef certification;
    std::vector<FunderDef> funders{};
    FactoryDef factory;
    MarketDef market;
    ValuationDef valuation;
    ProcurementDef procurement;
    OutsideFirmsDef outside;
    std::vector<TargetDef> targets{};
};

/// A dated change of levers: from `at` on, the model runs with `params`.
struct ParamChange {
    sim::Ticks at = 0;
    std::string description{}; ///< "factory.capacity = 120 (double the factory)"
    ModelParams params;
};

} // namespace innosim::agents

#include "agents/scenario_loader.hpp"

#include "agents/kpis.hpp"
#include "sim/calendar.hpp"
#include "sim/input_error.hpp"
#include "sim/io/kpi_registry.hpp"
#include "sim/io/overrides.hpp"
#include "sim/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

namespace innosim::agents {

// Defined in the generated builtin_scenarios.cpp (see agents/CMakeLists.txt).
struct BuiltinScenario {
    const char* name;
    const char* text;
};
extern const BuiltinScenario kBuiltinScenarios[];
extern const std::size_t kBuiltinScenarioCount;

namespace {

constexpr int kMaxBaseDepth = 4; // a variant of a variant of ... stops here (and cycles with it)

std::string indexed_path(std::string_view field, int index) {
    return std::string(field) + "[" + std::to_string(index) + "]";
}

/// Fields a variant (a scenario with `base`) may set: everything else comes from its base.
bool variant_may_set(std::string_view field) {
    static constexpr std::string_view kAllowed[] = {"name",      "description",   "seed",   "base",
                                                    "overrides", "interventions", "targets"};
    return std::find(std::begin(kAllowed), std::end(kAllowed), field) != std::end(kAllowed);
}

sim::Ticks ticks_of(const sim::Calendar& calendar, const std::string& date) {
    return calendar.to_ticks(sim::parse_jalali(date));
}

DatedSeries series(const google::protobuf::RepeatedPtrField<scenario::DatedValue>& values,
                   const sim::Calendar& calendar, double fallback) {
    std::vector<std::pair<sim::Ticks, double>> points;
    for (const scenario::DatedValue& value : values) {
        points.emplace_back(std::max<sim::Ticks>(0, ticks_of(calendar, value.from())), value.value());
    }
    std::stable_sort(points.begin(), points.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    DatedSeries out;
    if (points.empty() || points.front().first > 0) {
        // Before the first dated value, the first value (or the fallback) holds.
        out.from.push_back(0);
        out.values.push_back(points.empty() ? fallback : points.front().second);
    }
    for (const auto& [at, value] : points) {
        if (!out.from.empty() && out.from.back() == at) {
            out.values.back() = value;
        } else {
            out.from.push_back(at);
            out.values.push_back(value);
        }
    }
    return out;
}

double or_default(double value, double fallback) {
    return value == 0 ? fallback : value;
}

int district_index(const scenario::Scenario& s, const std::string& name) {
    for (int i = 0; i < s.districts_size(); ++i) {
        if (s.districts(i).name() == name) {
            return i;
        }
    }
    return -1;
}

ModelParams to_params(const scenario::Scenario& s) {
    const sim::Calendar calendar(sim::parse_jalali(s.start()));
    ModelParams p;
    p.name = s.name();
    p.start_date = s.start();
    p.horizon_date = s.horizon();
    p.end_date = s.end();
    p.horizon = ticks_of(calendar, s.horizon());
    p.end = ticks_of(calendar, s.end());
    p.snapshot_every_days = static_cast<int>(s.snapshot_every_days());
    // The spin-up starts on the same day of the month, whole months before the start.
    const sim::JalaliDate start = sim::parse_jalali(s.start());
    const int months_back = static_cast<int>(std::llround(s.spin_up().years() * 12.0));
    const int month_number = start.year * 12 + (start.month - 1) - months_back;
    const sim::JalaliDate first{month_number / 12, month_number % 12 + 1, std::min(start.day, 29)};
    p.spin_up = -calendar.to_ticks(first);

    const scenario::Macro& macro = s.macro();
    p.macro.inflation_per_year = series(macro.inflation_per_year(), calendar, 0.0);
    p.macro.rial_per_usd = series(macro.rial_per_usd(), calendar, 1.0);
    p.macro.import_restriction = series(macro.import_restriction(), calendar, 0.0);
    p.macro.credit_tightness = series(macro.credit_tightness(), calendar, 0.0);
    p.macro.alternative_return_per_year = series(macro.alternative_return_per_year(), calendar, 0.0);

    const scenario::Municipality& m = s.municipality();
    p.municipality = {.annual_revenue = m.annual_revenue_rial(),
                      .construction_share = m.construction_share(),
                      .construction_volatility = m.construction_volatility(),
                      .innovation_budget_share = m.innovation_budget_share(),
                      .grant_fund_share = m.grant_fund_share(),
                      .factory_share = m.factory_share(),
                      .local_kb_procurement_reserve = m.local_kb_procurement_reserve(),
                      .import_dependency_start = or_default(m.import_dependency_start(), 1.0),
                      .quality_of_life_start = or_default(m.quality_of_life_start(), 50.0)};

    for (const scenario::District& d : s.districts()) {
        p.districts.push_back({.name = d.name(),
                               .x = d.x(),
                               .y = d.y(),
                               .population = d.population(),
                               .rent_per_seat_month = d.rent_per_seat_month_rial()});
    }
    for (const scenario::Department& d : s.departments()) {
        DepartmentDef def{.name = d.name(),
                          .annual_budget = d.annual_budget_rial(),
                          .risk_appetite = d.risk_appetite(),
                          .payment_delay_days = static_cast<int>(d.payment_delay_days()),
                          .challenges_per_year = d.challenges_per_year(),
                          .problems = {},
                          .district = std::max(0, district_index(s, d.district()))};
        for (const scenario::Problem& problem : d.problems()) {
            def.problems.push_back({.name = problem.name(),
                                    .category = static_cast<Category>(problem.category()),
                                    .priority = static_cast<int>(or_default(problem.priority(), 3)),
                                    .value_per_year = problem.value_per_year_rial(),
                                    .difficulty = problem.difficulty(),
                                    .import_weight = problem.import_weight()});
        }
        p.departments.push_back(std::move(def));
    }

    const scenario::TalentPool& t = s.talent();
    p.talent = {.initial_pool = static_cast<double>(t.initial_pool()),
                .inflow_per_year = static_cast<double>(t.inflow_per_year()),
                .emigration_per_year = t.emigration_per_year(),
                .founding_rate_per_year = t.founding_rate_per_year(),
                .support_elasticity = t.support_elasticity(),
                .peer_elasticity = t.peer_elasticity(),
                .founders_per_startup = or_default(t.founders_per_startup(), 2.0),
                .matching_efficiency = t.matching_efficiency()};

    const scenario::StartupDynamics& st = s.startups();
    StartupDef& life = p.startups;
    const StartupDef defaults;
    life.quality_sd = or_default(st.quality_sd(), 1.0);
    life.signal_noise = or_default(st.signal_noise(), 2.0);
    life.founder_capital = st.founder_capital_rial();
    life.founder_capital_sd = st.founder_capital_sd();
    life.salary_per_month = st.salary_per_month_rial();
    life.founder_draw_share = st.founder_draw_share();
    life.outside_wage_share = st.outside_wage_share();
    life.commitment_months = st.commitment_months();
    if (st.milestone_work_size() == kMilestones) {
        for (int i = 0; i < kMilestones; ++i) {
            life.milestone_work[static_cast<std::size_t>(i)] = st.milestone_work(i);
        }
    }
    life.quality_speed = st.quality_speed();
    life.team_scaling_exponent = or_default(st.team_scaling_exponent(), defaults.team_scaling_exponent);
    life.max_dev_staff = static_cast<int>(or_default(st.max_dev_staff(), defaults.max_dev_staff));
    life.home_work_speed = or_default(st.home_work_speed(), defaults.home_work_speed);
    life.min_runway_months = st.min_runway_months();
    life.revenue_per_worker_month = std::max<Rial>(1, st.revenue_per_worker_month_rial());
    life.learning_elasticity = st.learning_elasticity();
    life.input_cost_share = st.input_cost_share();
    life.team_breakup_per_year = st.team_breakup_per_year();
    life.tie_rate_colocated = st.tie_rate_colocated();
    life.tie_distance_decay = or_default(st.tie_distance_decay(), 0.1);
    life.spillover_per_tie = st.spillover_per_tie();
    life.max_ties = static_cast<int>(st.max_ties());
    life.acquisition_rate_per_year = st.acquisition_rate_per_year();
    life.acquisition_premium = st.acquisition_premium();
    life.pivot_belief_threshold = st.pivot_belief_threshold();
    life.min_months_before_exit = st.min_months_before_exit();
    life.city_problem_share = st.city_problem_share();
    life.leave_after_failure_share = st.leave_after_failure_share();
    life.customers_to_scale = static_cast<int>(st.customers_to_scale());
    life.bootstrap_time_share = or_default(st.bootstrap_time_share(), 1.0);
    life.opportunity_months = or_default(st.opportunity_months(), defaults.opportunity_months);

    const scenario::Certification& c = s.certification();
    p.certification = {.application_rate_per_year = c.application_rate_per_year(),
                       .evaluation_noise = c.evaluation_noise(),
                       .bar_quantile = c.bar_quantile(),
                       .decision_days = static_cast<int>(or_default(c.decision_days(), 90)),
                       .reevaluation_days = static_cast<int>(or_default(c.reevaluation_days(), 730)),
                       .tax_relief = c.tax_relief(),
                       .tax_rate = c.tax_rate()};

    for (const scenario::Funder& f : s.funders()) {
        p.funders.push_back({.name = f.name(),
                             .kind = static_cast<FunderKind>(f.kind()),
                             .capital = f.capital_rial(),
                             .capital_per_year = f.capital_per_year_rial(),
                             .record_elasticity = f.record_elasticity(),
                             .ticket = f.ticket_rial(),
                             .ticket_sd = f.ticket_sd(),
                             .screening_noise = or_default(f.screening_noise(), 1.0),
                             .bar = f.bar(),
                             .follow_on_bar = f.follow_on_bar(),
                             .macro_sensitivity = f.macro_sensitivity(),
                             .deployment_months = or_default(f.deployment_months(), 36.0),
                             .reviews_per_month = static_cast<int>(f.reviews_per_month()),
                             .ownership = f.ownership(),
                             .follow_on_reserve = f.follow_on_reserve(),
                             .interest_per_year = f.interest_per_year(),
                             .term_months = static_cast<int>(f.term_months()),
                             .priority_weight = f.priority_weight(),
                             .min_months_between_rounds = f.min_months_between_rounds(),
                             .min_stage = static_cast<int>(f.min_stage()),
                             .max_stage = static_cast<int>(f.max_stage()),
                             .local = f.local()});
    }

    const scenario::InnovationFactory& fa = s.factory();
    p.factory = {.name = fa.name(),
                 .district = std::max(0, district_index(s, fa.district())),
                 .capacity = static_cast<int>(fa.capacity()),
                 .admission_rounds_per_year = fa.admission_rounds_per_year(),
                 .priority_weight = fa.priority_weight(),
                 .rent_subsidy = fa.rent_subsidy(),
                 .tenancy_months = static_cast<int>(or_default(fa.tenancy_months(), 24)),
                 .mentoring_speedup = fa.mentoring_speedup(),
                 .mentoring_learning = fa.mentoring_learning(),
                 .fixed_cost_per_year = fa.fixed_cost_per_year_rial(),
                 .cost_per_team_month = fa.cost_per_team_month_rial(),
                 .selection_noise = fa.selection_noise(),
                 .funder_visibility = fa.funder_visibility(),
                 .max_stage_admitted = static_cast<int>(fa.max_stage_admitted())};

    const scenario::Market& mk = s.market();
    p.market = {.city_demand_per_year = mk.city_demand_per_year_rial(),
                .national_demand_per_year = mk.national_demand_per_year_rial(),
                .growth_per_year = mk.growth_per_year(),
                .niches_per_category = static_cast<int>(or_default(mk.niches_per_category(), 8)),
                .niche_size_sd = mk.niche_size_sd(),
                .niche_turnover_per_year = mk.niche_turnover_per_year(),
                .customer_budget_per_year = std::max<Rial>(1, mk.customer_budget_per_year_rial()),
                .customer_budget_sd = mk.customer_budget_sd(),
                .switching_per_year = mk.switching_per_year(),
                .consideration_set = static_cast<int>(or_default(mk.consideration_set(), 3)),
                .quality_weight = mk.quality_weight(),
                .attachment = mk.attachment(),
                .reference_effect = mk.reference_effect(),
                .incumbent_quality = mk.incumbent_quality(),
                .churn_per_year = mk.churn_per_year(),
                .overload_churn = mk.overload_churn(),
                .quality_churn = mk.quality_churn(),
                .new_product_per_year = mk.new_product_per_year()};

    const scenario::Valuation& va = s.valuation();
    p.valuation = {.prior_scale_revenue_per_year = va.prior_scale_revenue_per_year_rial(),
                   .prior_weight = va.prior_weight(),
                   .revenue_multiple = va.revenue_multiple(),
                   .quality_elasticity = va.quality_elasticity(),
                   .risk_premium_per_year = va.risk_premium_per_year()};

    const scenario::Procurement& pr = s.procurement();
    p.procurement = {.design_awards = static_cast<int>(or_default(pr.design_awards(), 4)),
                     .prototype_awards = static_cast<int>(or_default(pr.prototype_awards(), 2)),
                     .design_award_share = pr.design_award_share(),
                     .prototype_award_share = pr.prototype_award_share(),
                     .pilot_award_share = pr.pilot_award_share(),
                     .design_days = static_cast<int>(or_default(pr.design_days(), 60)),
                     .prototype_days = static_cast<int>(or_default(pr.prototype_days(), 120)),
                     .pilot_days = static_cast<int>(or_default(pr.pilot_days(), 180)),
                     .contract_value_share = pr.contract_value_share(),
                     .contract_months = static_cast<int>(or_default(pr.contract_months(), 24)),
                     .evaluation_noise = pr.evaluation_noise(),
                     .ramp_months = static_cast<int>(pr.ramp_months()),
                     .realisation_share = pr.realisation_share(),
                     .local_preference = pr.local_preference(),
                     .targeting_bid_share = pr.targeting_bid_share(),
                     .other_bid_share = pr.other_bid_share(),
                     .certified_score_bonus = pr.certified_score_bonus()};

    const scenario::OutsideFirms& o = s.outside_firms();
    p.outside = {.bids_per_challenge = o.bids_per_challenge(),
                 .quality_shift = o.quality_shift(),
                 .local_spend_share = o.local_spend_share()};

    for (const scenario::Target& target : s.targets()) {
        p.targets.push_back({.kpi = target.kpi(), .value = target.value(), .source = target.source()});
    }
    return p;
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw InputError(path.string() + ": cannot read the scenario file");
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::string> kpi_names() {
    std::vector<std::string> names;
    for (const io::KpiInfo& kpi : io::kKpis) {
        names.emplace_back(kpi.name);
    }
    return names;
}

std::string format_number(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", value);
    return buffer;
}

/// Targets name a KPI of the registry (with a suggestion for a slip), once each, with a value in
/// the KPI's unit and range (a share is 0..1: "25" for 25 % is answered with 0.25).
void check_targets(const io::ParsedScenario& parsed, std::vector<std::string>& errors) {
    const scenario::Scenario& s = parsed.scenario;
    const std::vector<std::string> names = kpi_names();
    std::set<std::string> seen;
    for (int i = 0; i < s.targets_size(); ++i) {
        const std::string path = indexed_path("targets", i);
        const scenario::Target& target = s.targets(i);
        const io::KpiInfo* kpi = io::find_kpi(target.kpi());
        if (target.kpi().empty()) {
            errors.push_back(parsed.where(path) + ": " + path + ".kpi: the KPI is missing; expected one of " +
                             join_names(names));
            continue;
        }
        if (kpi == nullptr) {
            const std::string suggestion = did_you_mean(target.kpi(), names);
            errors.push_back(parsed.where(path + ".kpi") + ": " + path + ".kpi: \"" + target.kpi() +
                             "\" is not a KPI; " +
                             (suggestion.empty() ? "expected one of " + join_names(names) : suggestion));
            continue;
        }
        if (!seen.insert(target.kpi()).second) {
            errors.push_back(parsed.where(path + ".kpi") + ": " + path + ".kpi: a second target for " + target.kpi() +
                             "; expected one target per KPI");
        }
        const double value = target.value();
        if (!std::isfinite(value) || value < kpi->min || value > kpi->max) {
            std::string expected = "a value >= " + format_number(kpi->min);
            if (kpi->max != io::kUnbounded) {
                expected = "a value from " + format_number(kpi->min) + " to " + format_number(kpi->max);
            }
            std::string hint;
            if (kpi->format == io::KpiFormat::Share && value > 1 && value <= 100) {
                hint = "; did you mean " + format_number(value / 100) + " (" + format_number(value) + " %)?";
            }
            errors.push_back(parsed.where(path + ".value") + ": " + path + ".value: " + format_number(value) +
                             " is out of range for " + target.kpi() + "; expected " + expected + " (" +
                             std::string(kpi->unit) + ")" + hint);
        }
    }
}

/// A scenario named by a path ("../mashhad_baseline.textproto") rather than a built-in's name.
bool names_a_file(std::string_view name) {
    return name.find('/') != std::string_view::npos || name.find('\\') != std::string_view::npos ||
           name.find('.') != std::string_view::npos;
}

/// "; did you mean the built-in 'tiny'?" when `name`'s stem (or a slip of it) is a built-in.
std::string builtin_hint(std::string_view name) {
    const std::string stem = std::filesystem::path(std::string(name)).stem().string();
    const std::vector<std::string> builtins = builtin_scenario_names();
    if (std::find(builtins.begin(), builtins.end(), stem) != builtins.end()) {
        return "; did you mean the built-in '" + stem + "'?";
    }
    const std::string suggestion = did_you_mean(stem, builtins);
    return suggestion.empty() ? "" : "; " + suggestion;
}

LoadedScenario load_recursive(std::string text, std::string file, const std::filesystem::path& directory, int depth);

LoadedScenario load_base(const std::string& base, const std::filesystem::path& directory, int depth,
                         const std::string& where) {
    if (depth >= kMaxBaseDepth) {
        throw InputError(where + ": base: variants nest deeper than " + std::to_string(kMaxBaseDepth) +
                         " levels (a cycle?)");
    }
    const std::filesystem::path candidate = directory / base;
    std::error_code error;
    if (std::filesystem::is_regular_file(candidate, error)) {
        return load_recursive(read_file(candidate), candidate.string(), candidate.parent_path(), depth + 1);
    }
    const std::string known = join_names(builtin_scenario_names());
    if (names_a_file(base)) {
        // Never fall back to a built-in: an edited copy of the baseline must not run the old one.
        throw InputError(where + ": base: no scenario file " + candidate.lexically_normal().string() +
                         "; expected a file relative to this scenario or a built-in name (" + known + ")" +
                         builtin_hint(base));
    }
    const std::string_view text = builtin_scenario_text(base);
    if (text.empty()) {
        const std::string suggestion = did_you_mean(base, builtin_scenario_names());
        throw InputError(where + ": base: \"" + base + "\" is neither a file next to this scenario nor a built-in; " +
                         "expected one of " + known + (suggestion.empty() ? "" : "; " + suggestion));
    }
    return load_recursive(std::string(text), "builtin:" + base, {}, depth + 1);
}

/// The base's targets, then the variant's: a target for a KPI the base already has replaces it.
void merge_targets(google::protobuf::RepeatedPtrField<scenario::Target>& targets,
                   const google::protobuf::RepeatedPtrField<scenario::Target>& added) {
    for (const scenario::Target& target : added) {
        const auto same = std::find_if(targets.begin(), targets.end(),
                                       [&](const scenario::Target& t) { return t.kpi() == target.kpi(); });
        if (same != targets.end()) {
            *same = target;
        } else {
            *targets.Add() = target;
        }
    }
}

/// The variant's interventions checked against the resolved scenario: a missing date is an error,
/// one before the start too; one after the end, or a lever set twice on one date, is a warning.
void check_interventions(const io::ParsedScenario& parsed, const scenario::Scenario& resolved, int first_own,
                         std::vector<std::string>& errors, std::vector<std::string>& warnings) {
    std::int64_t start = 0;
    std::int64_t end = 0;
    try {
        start = sim::to_day_number(sim::parse_jalali(resolved.start()));
        end = sim::to_day_number(sim::parse_jalali(resolved.end()));
    } catch (const InputError&) {
        return; // reported with the dates themselves
    }
    struct Seen {
        std::int64_t day;
        std::string lever; ///< the concrete field ("departments[2].payment_delay_days")
        int index;
        std::string value;
    };
    std::vector<Seen> seen;
    for (int i = 0; i < resolved.interventions_size(); ++i) {
        const scenario::Intervention& intervention = resolved.interventions(i);
        const int own = i - first_own; // index in the file being checked
        const std::string path = indexed_path("interventions", own);
        if (intervention.at().empty()) {
            if (own >= 0) {
                errors.push_back(parsed.where(path) + ": " + path +
                                 ".at: the date is missing; expected at: \"YYYY/MM/DD\" (Solar Hijri), e.g. at: "
                                 "\"" +
                                 resolved.start() + "\"");
            }
            continue;
        }
        std::int64_t day = 0;
        try {
            day = sim::to_day_number(sim::parse_jalali(intervention.at()));
        } catch (const InputError&) {
            continue; // the schema check reported it
        }
        if (own >= 0 && day < start) {
            errors.push_back(parsed.where(path + ".at") + ": " + path + ".at: " + intervention.at() +
                             " is before the run starts; expected a date from " + resolved.start() + " to " +
                             resolved.end());
        } else if (own >= 0 && day > end) {
            warnings.push_back(parsed.where(path + ".at") + ": warning: " + path + ".at: " + intervention.at() +
                               " is after the run's end (" + resolved.end() + "): this intervention never applies");
        }
        std::vector<std::string> levers;
        try {
            levers = io::resolve_paths(resolved, intervention.path());
        } catch (const InputError&) {
            continue; // reported with the lever
        }
        for (const std::string& lever : levers) {
            for (const Seen& earlier : seen) {
                if (earlier.day != day || earlier.lever != lever || own < 0) {
                    continue;
                }
                const std::string by = earlier.index >= first_own
                                           ? indexed_path("interventions", earlier.index - first_own)
                                           : "the base's " + indexed_path("interventions", earlier.index);
                warnings.push_back(
                    parsed.where(path) + ": warning: " + path + ": " + lever + " is set on " + intervention.at() +
                    " by " + by + " already" +
                    (earlier.value == intervention.value()
                         ? " (to the same value)"
                         : " (to " + earlier.value + "); the later one, " + intervention.value() + ", applies"));
            }
            seen.push_back({day, lever, i, intervention.value()});
        }
    }
}

LoadedScenario load_recursive(std::string text, std::string file, const std::filesystem::path& directory, int depth) {
    // Every problem of the file at once: schema and model checks, the base, the levers, the dates.
    std::vector<std::string> errors;
    io::ParsedScenario parsed = io::parse_scenario_text(std::move(text), std::move(file), check_scenario, errors);
    const auto throw_all = [&] {
        io::sort_errors(errors, parsed.file());
        io::throw_if_errors(errors);
    };
    LoadedScenario loaded;
    int first_own = 0; // the first of the interventions this file declares
    if (!parsed.scenario.base().empty()) {
        try {
            LoadedScenario base = load_base(parsed.scenario.base(), directory, depth, parsed.where("base"));
            loaded.first_variant_intervention =
                base.scenario.base().empty() ? base.scenario.interventions_size() : base.first_variant_intervention;
            loaded.base_name = base.base_name.empty() ? base.scenario.name() : base.base_name;
            loaded.scenario = std::move(base.scenario);
            loaded.warnings = std::move(base.warnings);
            loaded.start_changes = std::move(base.start_changes);
        } catch (const InputError& e) {
            errors.emplace_back(e.what());
            throw_all();
        }
        loaded.scenario.set_base(parsed.scenario.base());
        loaded.scenario.set_name(parsed.scenario.name().empty() ? loaded.scenario.name() : parsed.scenario.name());
        loaded.scenario.set_description(parsed.scenario.description());
        if (parsed.scenario.seed() != 0) {
            loaded.scenario.set_seed(parsed.scenario.seed());
        }
        // The variant's levers name the base's elements: checked against the base.
        const std::vector<std::string> levers = io::validate_levers(parsed, loaded.scenario);
        errors.insert(errors.end(), levers.begin(), levers.end());
        first_own = loaded.scenario.interventions_size();
        for (const scenario::Intervention& intervention : parsed.scenario.interventions()) {
            *loaded.scenario.add_interventions() = intervention;
        }
        merge_targets(*loaded.scenario.mutable_targets(), parsed.scenario.targets());
    } else {
        loaded.scenario = parsed.scenario;
        loaded.scenario.clear_overrides();
        loaded.first_variant_intervention = loaded.scenario.interventions_size();
    }
    check_interventions(parsed, loaded.scenario, first_own, errors, loaded.warnings);
    throw_all();
    // Start overrides (validated above, each at its own line).
    for (int i = 0; i < parsed.scenario.overrides_size(); ++i) {
        const auto [field, value] = io::split_assignment(parsed.scenario.overrides(i));
        const std::string before = io::lever_value(loaded.scenario, field);
        io::apply_override(loaded.scenario, field, value);
        loaded.scenario.add_overrides(parsed.scenario.overrides(i));
        if (!parsed.scenario.base().empty()) {
            loaded.start_changes.push_back({.at = {},
                                            .lever = field,
                                            .before = before,
                                            .after = io::lever_value(loaded.scenario, field),
                                            .origin = indexed_path("overrides", i)});
        }
    }
    loaded.file = parsed.file();
    loaded.text = parsed.text();
    return loaded;
}

} // namespace

std::vector<std::string> builtin_scenario_names() {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < kBuiltinScenarioCount; ++i) {
        names.emplace_back(kBuiltinScenarios[i].name);
    }
    return names;
}

std::string_view builtin_scenario_text(std::string_view name) {
    for (std::size_t i = 0; i < kBuiltinScenarioCount; ++i) {
        if (name == kBuiltinScenarios[i].name) {
            return kBuiltinScenarios[i].text;
        }
    }
    return {};
}

void check_scenario(const io::ParsedScenario& parsed, std::vector<std::string>& errors) {
    const scenario::Scenario& s = parsed.scenario;
    const auto error = [&](const std::string& path, const std::string& message) {
        errors.push_back(parsed.where(path) + ": " + path + ": " + message);
    };
    check_targets(parsed, errors);
    if (!s.base().empty()) {
        const google::protobuf::Reflection* reflection = s.GetReflection();
        std::vector<const google::protobuf::FieldDescriptor*> fields;
        reflection->ListFields(s, &fields);
        for (const auto* field : fields) {
            if (!variant_may_set(field->name())) {
                error(field->name(), "a variant (with base) sets levers through overrides or interventions, not by "
                                     "repeating the scenario's fields");
            }
        }
        return;
    }

    const std::string dates[] = {s.start(), s.horizon(), s.end()};
    const char* names[] = {"start", "horizon", "end"};
    std::int64_t day[3] = {0, 0, 0};
    for (int i = 0; i < 3; ++i) {
        if (dates[i].empty()) {
            error(names[i], "a Solar Hijri date YYYY/MM/DD is required");
            return;
        }
        try {
            day[i] = sim::to_day_number(sim::parse_jalali(dates[i]));
        } catch (const InputError&) {
            return; // the schema check already reported it
        }
    }
    if (day[1] <= day[0]) {
        error("horizon", "the horizon " + s.horizon() + " must come after the start " + s.start());
    }
    if (day[2] < day[1]) {
        error("end", "the end " + s.end() + " must not come before the horizon " + s.horizon());
    }
    if (s.districts_size() == 0) {
        error("districts", "at least one district is needed");
    }
    std::set<std::string> seen;
    for (int i = 0; i < s.districts_size(); ++i) {
        if (s.districts(i).name().empty() || !seen.insert(s.districts(i).name()).second) {
            error(indexed_path("districts", i) + ".name", "district names must be unique and not empty");
        }
    }
    const auto known_district = [&](const std::string& path, const std::string& name) {
        if (district_index(s, name) < 0) {
            std::string list;
            for (const auto& d : s.districts()) {
                list += (list.empty() ? "" : ", ") + d.name();
            }
            error(path, "unknown district \"" + name + "\" (districts: " + list + ")");
        }
    };
    seen.clear();
    for (int i = 0; i < s.departments_size(); ++i) {
        const scenario::Department& d = s.departments(i);
        const std::string path = indexed_path("departments", i);
        if (d.name().empty() || !seen.insert(d.name()).second) {
            error(path + ".name", "department names must be unique and not empty");
        }
        known_district(path + ".district", d.district());
        for (int j = 0; j < d.problems_size(); ++j) {
            if (d.problems(j).category() == scenario::PROBLEM_CATEGORY_UNSPECIFIED) {
                error(path + "." + indexed_path("problems", j) + ".category",
                      "a problem needs a category: REVENUE, COST, IMPORT_DEPENDENCE or SERVICE_QUALITY");
            }
        }
    }
    if (s.factory().capacity() > 0) {
        known_district("factory.district", s.factory().district());
    }
    seen.clear();
    for (int i = 0; i < s.funders_size(); ++i) {
        const scenario::Funder& f = s.funders(i);
        const std::string path = indexed_path("funders", i);
        if (f.name().empty() || !seen.insert(f.name()).second) {
            error(path + ".name", "funder names must be unique and not empty");
        }
        if (f.kind() == scenario::FUNDER_KIND_UNSPECIFIED) {
            error(path + ".kind",
                  "a funder needs a kind: MUNICIPAL_GRANT_FUND, NATIONAL_FUND, VENTURE_CAPITAL, ANGEL or BANK");
        }
        if (f.min_stage() > f.max_stage()) {
            error(path + ".min_stage", "min_stage " + std::to_string(f.min_stage()) + " is above max_stage " +
                                           std::to_string(f.max_stage()));
        }
    }
    if (s.funders_size() > 32) {
        error("funders", "at most 32 funders are supported");
    }
    const int milestones = s.startups().milestone_work_size();
    if (milestones != 0 && milestones != kMilestones) {
        error("startups.milestone_work",
              "needs five values (team, prototype, pilot-ready, product, scale), got " + std::to_string(milestones));
    }
    if (s.municipality().grant_fund_share() + s.municipality().factory_share() > 1.0) {
        error("municipality.factory_share", "grant_fund_share + factory_share exceed 1 (the whole innovation budget)");
    }
}

LoadedScenario load_scenario(const std::string& file_or_builtin) {
    const std::filesystem::path path(file_or_builtin);
    std::error_code error;
    if (std::filesystem::is_regular_file(path, error)) {
        LoadedScenario loaded = load_recursive(read_file(path), file_or_builtin, path.parent_path(), 0);
        derive_params(loaded);
        return loaded;
    }
    const std::string_view builtin = builtin_scenario_text(file_or_builtin);
    if (builtin.empty()) {
        const std::string known = join_names(builtin_scenario_names());
        if (std::filesystem::is_directory(path, error)) {
            throw InputError(file_or_builtin + ": is a directory; expected a scenario file or a built-in name (" +
                             known + ")");
        }
        throw InputError(file_or_builtin + ": no such scenario file, and no built-in scenario of that name; " +
                         "expected a file or one of " + known + builtin_hint(file_or_builtin));
    }
    LoadedScenario loaded = load_recursive(std::string(builtin), "builtin:" + file_or_builtin, {}, 0);
    derive_params(loaded);
    return loaded;
}

LoadedScenario load_scenario_text(std::string text, std::string file, const std::filesystem::path& directory) {
    LoadedScenario loaded = load_recursive(std::move(text), std::move(file), directory, 0);
    derive_params(loaded);
    return loaded;
}

void apply_overrides(LoadedScenario& loaded, const std::vector<std::string>& assignments) {
    std::vector<std::string> errors;
    for (const std::string& assignment : assignments) {
        try {
            const auto [path, value] = io::split_assignment(assignment);
            const std::string before = io::lever_value(loaded.scenario, path);
            io::apply_override(loaded.scenario, path, value);
            loaded.scenario.add_overrides(assignment);
            loaded.start_changes.push_back({.at = {},
                                            .lever = path,
                                            .before = before,
                                            .after = io::lever_value(loaded.scenario, path),
                                            .origin = "--set"});
            // A dated intervention on the same lever still applies on its date: say so.
            const std::vector<std::string> levers = io::resolve_paths(loaded.scenario, path);
            const sim::Ticks end = loaded.params.end;
            const sim::Calendar calendar(sim::parse_jalali(loaded.scenario.start()));
            for (const scenario::Intervention& intervention : loaded.scenario.interventions()) {
                if (ticks_of(calendar, intervention.at()) > end) {
                    continue; // never applies
                }
                std::vector<std::string> changed;
                try {
                    changed = io::resolve_paths(loaded.scenario, intervention.path());
                } catch (const InputError&) {
                    continue;
                }
                for (const std::string& lever : levers) {
                    if (std::find(changed.begin(), changed.end(), lever) != changed.end()) {
                        loaded.warnings.push_back("warning: --set " + assignment + ": the scenario changes " + lever +
                                                  " again on " + intervention.at() + " (to " + intervention.value() +
                                                  ")");
                        break;
                    }
                }
            }
        } catch (const InputError& e) {
            errors.push_back("--set " + assignment + ": " + e.what());
        }
    }
    io::throw_if_errors(errors);
    derive_params(loaded);
}

void derive_params(LoadedScenario& loaded) {
    loaded.params = to_params(loaded.scenario);
    // The levers of the years before the start: the scenario with its spin-up overrides.
    scenario::Scenario before = loaded.scenario;
    for (int i = 0; i < loaded.scenario.spin_up().overrides_size(); ++i) {
        const std::string& assignment = loaded.scenario.spin_up().overrides(i);
        try {
            const auto [path, value] = io::split_assignment(assignment);
            io::apply_override(before, path, value);
        } catch (const InputError& e) {
            throw InputError(loaded.file + ": " + indexed_path("spin_up.overrides", i) + " (" + assignment +
                             "): " + e.what());
        }
    }
    loaded.pre_start = to_params(before);
    loaded.changes.clear();
    loaded.dated_changes.clear();
    const sim::Calendar calendar(sim::parse_jalali(loaded.scenario.start()));
    std::vector<int> order(static_cast<std::size_t>(loaded.scenario.interventions_size()));
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = static_cast<int>(i);
    }
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return sim::to_day_number(sim::parse_jalali(loaded.scenario.interventions(a).at())) <
               sim::to_day_number(sim::parse_jalali(loaded.scenario.interventions(b).at()));
    });
    scenario::Scenario running = loaded.scenario;
    for (const int i : order) {
        const scenario::Intervention& intervention = loaded.scenario.interventions(i);
        const sim::Ticks at = ticks_of(calendar, intervention.at());
        if (at < 0) {
            throw InputError(loaded.file + ": " + indexed_path("interventions", i) + ".at: " + intervention.at() +
                             " is before the run starts (" + loaded.scenario.start() + ")");
        }
        if (at > loaded.params.end) {
            continue; // never applies (the loader warned)
        }
        const std::string before = io::lever_value(running, intervention.path());
        try {
            io::apply_override(running, intervention.path(), intervention.value());
        } catch (const InputError& e) {
            throw InputError(loaded.file + ": " + indexed_path("interventions", i) + " (" + intervention.path() + "=" +
                             intervention.value() + "): " + e.what());
        }
        if (i >= loaded.first_variant_intervention) {
            loaded.dated_changes.push_back(
                {.at = intervention.at(),
                 .lever = intervention.path(),
                 .before = before,
                 .after = io::lever_value(running, intervention.path()),
                 .origin = indexed_path("interventions", i - loaded.first_variant_intervention) +
                           (intervention.note().empty() ? "" : ": " + intervention.note())});
        }
        std::string description = intervention.path() + " = " + intervention.value();
        if (!intervention.note().empty()) {
            description += " (" + intervention.note() + ")";
        }
        loaded.changes.push_back({.at = at, .description = std::move(description), .params = to_params(running)});
    }
}

namespace {

/// "40000000000" -> "40,000,000,000"; other text as it is.
std::string grouped(const std::string& value) {
    const bool negative = value.starts_with('-');
    const std::string digits = negative ? value.substr(1) : value;
    if (digits.size() < 5 || digits.find_first_not_of("0123456789") != std::string::npos) {
        return value;
    }
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            out += ',';
        }
        out += digits[i];
    }
    return negative ? "-" + out : out;
}

std::string grouped_values(const std::string& values) {
    std::string out;
    std::size_t start = 0;
    while (true) {
        const std::size_t slash = values.find(" / ", start);
        out += grouped(values.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
        if (slash == std::string::npos) {
            return out;
        }
        out += " / ";
        start = slash + 3;
    }
}

} // namespace

std::vector<std::string> describe_lever_changes(const LoadedScenario& loaded) {
    std::vector<std::string> lines;
    const auto& root = *scenario::Scenario::descriptor();
    const auto describe = [&](const LeverChange& change) {
        // Words from the element's full name ("Finance" -> "Finance & Revenue") unless it is "[*]".
        std::string lever = change.lever;
        if (lever.find("[*]") == std::string::npos) {
            try {
                if (const auto paths = io::resolve_paths(loaded.scenario, lever); paths.size() == 1) {
                    lever = paths.front();
                }
            } catch (const InputError&) {
            }
        }
        const std::string unit = io::lever_unit(root, lever);
        const std::string when = change.at.empty() ? "from the start" : "on " + change.at;
        lines.push_back(when + std::string(change.at.empty() ? 2 : 3, ' ') + io::lever_words(root, lever) + ": " +
                        grouped_values(change.before) + " → " + grouped_values(change.after) +
                        (unit.empty() ? "" : " " + unit) + " (" + change.origin + ")");
    };
    for (const LeverChange& change : loaded.start_changes) {
        describe(change);
    }
    for (const LeverChange& change : loaded.dated_changes) {
        describe(change);
    }
    return lines;
}

} // namespace innosim::agents

// The talent pool: creative people and graduates arrive, some emigrate, some found startups at a
// rate that rises with the support they can see and with their peers' successes.
#include "agents/model.hpp"
#include "agents/streams.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace innosim::agents {

namespace {

constexpr double kSignalFloor = 50;             // firms: keeps the signals finite in an empty ecosystem
constexpr int kOpportunitiesToScaleAtStart = 2; // customers per stage past the pilot, for firms at the start

} // namespace

double Model::support_signal() const {
    const double seen = std::accumulate(counters_.support_12m.begin(), counters_.support_12m.end(), 0.0);
    return seen / std::max(kSignalFloor, static_cast<double>(active_.size()));
}

double Model::success_signal() const {
    const double seen = std::accumulate(counters_.success_12m.begin(), counters_.success_12m.end(), 0.0);
    return seen / std::max(kSignalFloor, static_cast<double>(active_.size()));
}

void Model::talent_month() {
    const TalentDef& def = params_.talent;
    talent_.people += def.inflow_per_year / 12.0;
    talent_.people *= std::pow(1.0 - def.emigration_per_year, 1.0 / 12.0);

    const double rate = talent_.people * def.founding_rate_per_year / 12.0 *
                        (1.0 + def.support_elasticity * support_signal()) *
                        (1.0 + def.peer_elasticity * success_signal());
    const std::uint64_t foundings = talent_.rng.poisson(rate);
    const double month_days = sim::to_days(calendar_.start_of_next_month(now()) - now());
    for (std::uint64_t i = 0; i < foundings; ++i) {
        scheduler_.schedule_at(now() + sim::days_to_ticks(talent_.rng.uniform(0.0, month_days)), kFounding, 0);
    }
}

Startup& Model::create_startup(std::uint8_t founders) {
    const auto id = static_cast<std::uint32_t>(startups_.size());
    Startup firm;
    firm.id = id;
    firm.rng = stream(seed_, replication_, AgentKind::Startup, id, Purpose::Life);
    firm.founders = founders;
    firm.employees = founders;

    const StartupDef& life = params_.startups;
    firm.theta = firm.rng.normal(0.0, life.quality_sd);
    firm.belief = 0.0;
    firm.belief_var = life.quality_sd * life.quality_sd;
    firm.founded = now();
    firm.stage_since = now();

    // The problem domain: a share of founders target a department's problem booklet, the rest
    // the private market. Departments with more (and higher-priority) problems attract more.
    double total_weight = 0;
    for (const DepartmentDef& department : params_.departments) {
        for (const ProblemDef& problem : department.problems) {
            total_weight += 6.0 - problem.priority;
        }
    }
    constexpr double kShareTargetingCity = 0.35; // assumption: a third build for the city's booklet
    if (total_weight > 0 && firm.rng.bernoulli(kShareTargetingCity)) {
        double u = firm.rng.uniform() * total_weight;
        for (std::size_t d = 0; d < params_.departments.size() && firm.department < 0; ++d) {
            for (const ProblemDef& problem : params_.departments[d].problems) {
                u -= 6.0 - problem.priority;
                if (u < 0) {
                    firm.department = static_cast<std::int16_t>(d);
                    firm.category = problem.category;
                    break;
                }
            }
        }
    }
    if (firm.category == Category::None) {
        firm.category = static_cast<Category>(1 + firm.rng.below(4));
    }

    // Location: districts in proportion to population.
    double population = 0;
    for (const DistrictDef& district : params_.districts) {
        population += district.population;
    }
    double u = firm.rng.uniform() * population;
    for (std::size_t d = 0; d < params_.districts.size(); ++d) {
        u -= params_.districts[d].population;
        if (u < 0 || d + 1 == params_.districts.size()) {
            firm.district = static_cast<std::uint16_t>(d);
            break;
        }
    }
    if (!params_.districts.empty()) {
        const DistrictDef& district = params_.districts[firm.district];
        firm.x = static_cast<float>(std::clamp(district.x + firm.rng.normal(0.0, 0.025), 0.0, 1.0));
        firm.y = static_cast<float>(std::clamp(district.y + firm.rng.normal(0.0, 0.025), 0.0, 1.0));
    }

    firm.account = open_account({AgentKind::Startup, id});
    startups_.push_back(std::move(firm));
    active_position_.push_back(static_cast<std::uint32_t>(active_.size()));
    active_.push_back(id);
    market_.resize(startups_.size());
    ++counters_.founded;
    Startup& created = startups_.back();
    created.monthly = scheduler_.schedule_every(now() + sim::days_to_ticks(sim::kDaysPerMonth),
                                                sim::days_to_ticks(sim::kDaysPerMonth), kStartupMonth, id);
    return created;
}

void Model::found_startup() {
    const TalentDef& def = params_.talent;
    sim::RngStream& rng = talent_.rng;
    const auto founders = static_cast<std::uint8_t>(
        std::min<std::uint64_t>(1 + rng.poisson(std::max(0.0, def.founders_per_startup - 1.0)), 6));
    if (talent_.people < founders) {
        return; // nobody left to found it
    }
    talent_.people -= founders;
    Startup& firm = create_startup(founders);
    emit(EventKind::StartupFounded, {AgentKind::Startup, firm.id}, {}, 0, static_cast<std::int32_t>(firm.category));
    pay(outside_households_, firm.account, indexed(params_.startups.founder_capital), Reason::FounderCapital, false,
        static_cast<std::int32_t>(firm.id));
    schedule_milestone(firm);
}

void Model::seed_initial_startups() {
    // The ecosystem the run starts from: firms founded before the start, spread over the stages
    // (assumption: a pyramid, most of them young). They are the survivors of earlier selection,
    // so their quality is shifted up with the stage they reached.
    constexpr double kStageShare[kGrowthStages] = {0.22, 0.2, 0.2, 0.15, 0.14, 0.09};
    constexpr double kCertifiedShare = 0.3; // assumption: of firms at prototype or later
    const StartupDef& life = params_.startups;
    sim::RngStream& rng = talent_.rng;
    for (int i = 0; i < life.initial_startups; ++i) {
        const auto founders = static_cast<std::uint8_t>(
            std::min<std::uint64_t>(1 + rng.poisson(std::max(0.0, params_.talent.founders_per_startup - 1.0)), 6));
        Startup& firm = create_startup(founders);
        double u = firm.rng.uniform();
        int stage = 0;
        while (stage + 1 < kGrowthStages && u >= kStageShare[stage]) {
            u -= kStageShare[stage];
            ++stage;
        }
        firm.initial = true;
        firm.stage = static_cast<Stage>(stage);
        firm.theta += life.initial_quality_shift * life.quality_sd * stage;
        firm.employees = static_cast<std::uint16_t>(std::max<int>(founders, life.employees_by_stage[stage]));
        firm.certified = stage >= kPrototype && firm.rng.bernoulli(kCertifiedShare);
        if (firm.certified) {
            firm.cert_review = sim::days(static_cast<std::int64_t>(
                firm.rng.below(static_cast<std::uint64_t>(std::max(1, params_.certification.reevaluation_days)))));
        }
        for (int k = stage >= kRevenue ? kOpportunitiesToScaleAtStart * (stage - kPilot) : 0; k > 0; --k) {
            const double months = firm.rng.exponential(life.opportunity_months);
            firm.opportunities.push_back(
                {.until = sim::days_to_ticks(months * sim::kDaysPerMonth),
                 .revenue_month =
                     round_rial(static_cast<double>(life.revenue_per_opportunity_month) * firm.rng.uniform(0.5, 1.5) *
                                std::exp(0.5 * firm.theta / life.quality_sd))});
        }
        // A year of runway at the stage's headcount.
        const Rial burn = static_cast<Rial>(std::max(0, firm.employees - founders)) * life.salary_per_month +
                          static_cast<Rial>(firm.employees) * firm_rent_per_seat(firm);
        pay(outside_households_, firm.account, life.founder_capital + 12 * burn, Reason::FounderCapital, false,
            static_cast<std::int32_t>(firm.id));
        update_market_weight(firm);
        schedule_milestone(firm);
    }
}

} // namespace innosim::agents

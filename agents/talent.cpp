// The talent pool: creative people and graduates arrive, some emigrate, some found startups at a
// rate that rises with the support they can see and with their peers' successes.
#include "agents/model.hpp"
#include "agents/streams.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace innosim::agents {

namespace {

constexpr double kSignalFloor = 50; // firms: keeps the signals finite in an empty ecosystem

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
    if (total_weight > 0 && firm.rng.bernoulli(life.city_problem_share)) {
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
        firm.category = static_cast<Category>(1 + firm.rng.below(kCategoryCount - 1));
    }
    // Its first product sells in a niche of its category in the city, chosen by the niche's size.
    firm.products.assign(1, static_cast<std::uint16_t>(std::max(0, pick_niche(firm.category, false, firm.rng))));

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
    // The founders' savings, which differ widely between teams (lognormal, mean preserved).
    const StartupDef& life = params_.startups;
    const double sd = life.founder_capital_sd;
    const double savings =
        static_cast<double>(indexed(life.founder_capital)) * founders * firm.rng.lognormal(-0.5 * sd * sd, sd);
    pay(outside_households_, firm.account, round_rial(savings), Reason::FounderCapital, false,
        static_cast<std::int32_t>(firm.id));
}

} // namespace innosim::agents

#include "agents/kpis.hpp"

#include "agents/model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace innosim::agents {

namespace {

constexpr int kPriorityCutoff = 2;             // priorities 1 and 2 are "priority problems"
constexpr double kQualityGapClosedByAll = 0.5; // assumption: solving every service problem closes half the gap to 100

} // namespace

double Kpis::get(std::string_view name) const {
    if (name == "active_startups")
        return active_startups;
    if (name == "knowledge_based_firms")
        return knowledge_based_firms;
    if (name == "jobs")
        return jobs;
    if (name == "startups_founded")
        return startups_founded;
    if (name == "startups_failed")
        return startups_failed;
    if (name == "exits")
        return exits;
    if (name == "municipal_savings_rial")
        return static_cast<double>(municipal_savings_rial);
    if (name == "new_revenue_rial")
        return static_cast<double>(new_revenue_rial);
    if (name == "sustainable_revenue_share")
        return sustainable_revenue_share;
    if (name == "import_dependency_index")
        return import_dependency_index;
    if (name == "priority_problems_solved")
        return priority_problems_solved;
    if (name == "quality_of_life_index")
        return quality_of_life_index;
    if (name == "public_rial_per_job")
        return public_rial_per_job;
    if (name == "private_leverage")
        return private_leverage;
    if (name == "factory_occupancy")
        return factory_occupancy;
    return std::numeric_limits<double>::quiet_NaN();
}

Kpis compute_kpis(const Model& model) {
    Kpis k;
    const ModelParams& params = model.params();
    for (const Startup& firm : model.startups()) {
        if (!firm.active()) {
            continue;
        }
        ++k.active_startups;
        k.jobs += firm.employees;
        k.knowledge_based_firms += firm.certified ? 1 : 0;
    }
    const Counters& counters = model.counters();
    k.startups_founded = counters.founded;
    k.startups_failed = counters.failed;
    k.exits = counters.exits;
    k.municipal_savings_rial = counters.savings;
    k.new_revenue_rial = counters.new_revenue;

    const Municipality& city = model.municipality();
    const double revenue = std::accumulate(city.revenue_12m.begin(), city.revenue_12m.end(), 0.0);
    const double sustainable = std::accumulate(city.sustainable_12m.begin(), city.sustainable_12m.end(), 0.0);
    k.sustainable_revenue_share = revenue > 0 ? sustainable / revenue : 0.0;

    // Import dependency and service quality follow the adopted solutions and their ramp-up.
    double import_replaced = 0;
    double service_value_total = 0;
    double service_value_reached = 0;
    for (std::size_t d = 0; d < params.departments.size(); ++d) {
        const DepartmentDef& def = params.departments[d];
        for (std::size_t p = 0; p < def.problems.size(); ++p) {
            const ProblemDef& problem = def.problems[p];
            const Problem& state = model.departments()[d].problems[p];
            const bool solved = state.state == ProblemState::Solved;
            if (problem.category == Category::ServiceQuality) {
                service_value_total += static_cast<double>(problem.value_per_year);
                service_value_reached +=
                    solved ? static_cast<double>(problem.value_per_year) * state.benefit_share : 0.0;
            }
            if (problem.category == Category::ImportDependence && solved) {
                import_replaced += problem.import_weight * state.benefit_share;
            }
            if (solved && problem.priority <= kPriorityCutoff) {
                ++k.priority_problems_solved;
            }
        }
    }
    const MunicipalityDef& municipality = params.municipality;
    k.import_dependency_index = municipality.import_dependency_start * std::max(0.0, 1.0 - import_replaced);
    const double gap = 100.0 - municipality.quality_of_life_start;
    k.quality_of_life_index =
        municipality.quality_of_life_start +
        (service_value_total > 0 ? gap * kQualityGapClosedByAll * service_value_reached / service_value_total : 0.0);

    k.public_rial_per_job = k.jobs > 0 ? static_cast<double>(counters.public_spent) / k.jobs : 0.0;
    k.private_leverage = counters.public_spent > 0 ? static_cast<double>(counters.private_invested) /
                                                         static_cast<double>(counters.public_spent)
                                                   : 0.0;
    k.factory_occupancy = params.factory.capacity > 0 ? static_cast<double>(model.factory().tenants) /
                                                            static_cast<double>(params.factory.capacity)
                                                      : 0.0;
    return k;
}

} // namespace innosim::agents

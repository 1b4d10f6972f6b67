#include "agents/kpis.hpp"

#include "agents/model.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>
#include <type_traits>
#include <utility>

namespace innosim::agents {

namespace {

constexpr int kPriorityCutoff = 2;             // priorities 1 and 2 are "priority problems"
constexpr double kQualityGapClosedByAll = 0.5; // assumption: solving every service problem closes half the gap to 100

} // namespace

namespace {

template <auto Field> double field_value(const Kpis& k) {
    return static_cast<double>(k.*Field);
}

struct KpiField {
    std::string_view name;
    double (*get)(const Kpis&);
    bool integer;
};

template <auto Field> constexpr KpiField bind(std::string_view name) {
    using Value = std::remove_cvref_t<decltype(std::declval<Kpis>().*Field)>;
    return {name, &field_value<Field>, std::is_integral_v<Value>};
}

// The struct's fields bound to the registry's entries, checked below entry by entry.
constexpr std::array<KpiField, io::kKpiCount> kFields{{
    bind<&Kpis::active_startups>("active_startups"),
    bind<&Kpis::knowledge_based_firms>("knowledge_based_firms"),
    bind<&Kpis::jobs>("jobs"),
    bind<&Kpis::startups_founded>("startups_founded"),
    bind<&Kpis::startups_failed>("startups_failed"),
    bind<&Kpis::exits>("exits"),
    bind<&Kpis::municipal_savings_rial>("municipal_savings_rial"),
    bind<&Kpis::new_revenue_rial>("new_revenue_rial"),
    bind<&Kpis::sustainable_revenue_share>("sustainable_revenue_share"),
    bind<&Kpis::import_dependency_index>("import_dependency_index"),
    bind<&Kpis::priority_problems_solved>("priority_problems_solved"),
    bind<&Kpis::quality_of_life_index>("quality_of_life_index"),
    bind<&Kpis::public_rial_per_job>("public_rial_per_job"),
    bind<&Kpis::private_leverage>("private_leverage"),
    bind<&Kpis::factory_occupancy>("factory_occupancy"),
    bind<&Kpis::idle_public_rial>("idle_public_rial"),
}};

constexpr bool fields_match_registry() {
    for (std::size_t i = 0; i < io::kKpiCount; ++i) {
        if (kFields[i].name != io::kKpis[i].name || kFields[i].integer != io::kKpis[i].integer) {
            return false;
        }
    }
    return true;
}
static_assert(fields_match_registry(), "agents::Kpis fields must follow io::kKpis: same names, order, integer-ness");

} // namespace

io::KpiValues Kpis::values() const {
    io::KpiValues out{};
    for (std::size_t i = 0; i < io::kKpiCount; ++i) {
        out[i] = kFields[i].get(*this);
    }
    return out;
}

double Kpis::get(std::string_view name) const {
    const std::optional<std::size_t> index = io::kpi_index(name);
    return index ? kFields[*index].get(*this) : std::numeric_limits<double>::quiet_NaN();
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
    // Public money that sits unspent: the municipal grant funds' and the factory's cash.
    k.idle_public_rial = model.ledger().balance(model.factory().account);
    for (std::size_t f = 0; f < model.funders().size(); ++f) {
        if (params.funders[f].kind == FunderKind::MunicipalGrantFund) {
            k.idle_public_rial += model.ledger().balance(model.funders()[f].account);
        }
    }
    return k;
}

} // namespace innosim::agents

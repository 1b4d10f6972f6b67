#pragma once

#include "agents/params.hpp"
#include "sim/io/kpi_registry.hpp"

#include <cstdint>
#include <string_view>

namespace innosim::agents {

class Model;

/// The headline indicators; each field carries the name of its io::kKpis entry.
struct Kpis {
    std::uint32_t active_startups = 0;          ///< firms alive now
    std::uint32_t knowledge_based_firms = 0;    ///< certified firms alive now
    std::uint32_t jobs = 0;                     ///< people employed by active startups
    std::uint32_t startups_founded = 0;         ///< cumulative
    std::uint32_t startups_failed = 0;          ///< cumulative
    std::uint32_t exits = 0;                    ///< cumulative acquisitions
    Rial municipal_savings_rial = 0;            ///< cumulative realised savings
    Rial new_revenue_rial = 0;                  ///< cumulative new sustainable revenue
    double sustainable_revenue_share = 0;       ///< sustainable / all municipal revenue, last 12 months
    double import_dependency_index = 1;         ///< 1 = the start's level of imported equipment
    std::uint32_t priority_problems_solved = 0; ///< priority 1-2 problems with an adopted solution
    double quality_of_life_index = 0;           ///< 0..100
    double public_rial_per_job = 0;             ///< public innovation Rial spent per job
    double private_leverage = 0;                ///< private Rial invested per public Rial
    double factory_occupancy = 0;               ///< tenants / capacity
    Rial idle_public_rial = 0;                  ///< grant funds' and the factory's cash, unspent now

    /// Every value as a double, in io::kKpis order.
    io::KpiValues values() const;
    /// Value by registry name as a double; NaN if `name` is no KPI.
    double get(std::string_view name) const;
};

Kpis compute_kpis(const Model& model);

} // namespace innosim::agents

#pragma once

#include "agents/params.hpp"

#include <cstdint>
#include <string_view>

namespace innosim::agents {

class Model;

/// The headline indicators; names match the summary JSON and run.proto's Kpis.
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

    /// Value by summary-JSON name as a double (for tables, studies, targets); NaN if unknown.
    double get(std::string_view name) const;
};

/// The KPI names in the order of DESIGN.md's summary contract.
inline constexpr std::string_view kKpiNames[] = {
    "active_startups",         "knowledge_based_firms",    "jobs",
    "startups_founded",        "startups_failed",          "exits",
    "municipal_savings_rial",  "new_revenue_rial",         "sustainable_revenue_share",
    "import_dependency_index", "priority_problems_solved", "quality_of_life_index",
    "public_rial_per_job",     "private_leverage",         "factory_occupancy",
};

Kpis compute_kpis(const Model& model);

} // namespace innosim::agents

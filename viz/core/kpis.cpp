#include "viz/core/kpis.hpp"

#include <algorithm>

namespace innosim::viz {

namespace {

// clang-format off
constexpr std::array<KpiDesc, kKpiCount> kDescs{{
    {"active_startups", "Active startups", text::Msg::KpiActiveStartups, KpiFormat::Count, true,
     [](const run::Kpis& k) { return static_cast<double>(k.active_startups()); }},
    {"jobs", "Jobs", text::Msg::KpiJobs, KpiFormat::Count, true,
     [](const run::Kpis& k) { return static_cast<double>(k.jobs()); }},
    {"knowledge_based_firms", "Knowledge-based firms", text::Msg::KpiKnowledgeBasedFirms, KpiFormat::Count, true,
     [](const run::Kpis& k) { return static_cast<double>(k.knowledge_based_firms()); }},
    {"priority_problems_solved", "Priority problems solved", text::Msg::KpiPriorityProblemsSolved, KpiFormat::Count, true,
     [](const run::Kpis& k) { return static_cast<double>(k.priority_problems_solved()); }},
    {"sustainable_revenue_share", "Sustainable revenue share", text::Msg::KpiSustainableRevenueShare, KpiFormat::Share, true,
     [](const run::Kpis& k) { return k.sustainable_revenue_share(); }},
    {"municipal_savings_rial", "Municipal savings", text::Msg::KpiMunicipalSavings, KpiFormat::Rial, true,
     [](const run::Kpis& k) { return static_cast<double>(k.municipal_savings_rial()); }},
    {"new_revenue_rial", "New municipal revenue", text::Msg::KpiNewRevenue, KpiFormat::Rial, true,
     [](const run::Kpis& k) { return static_cast<double>(k.new_revenue_rial()); }},
    {"import_dependency_index", "Import dependency", text::Msg::KpiImportDependency, KpiFormat::Index, false,
     [](const run::Kpis& k) { return k.import_dependency_index(); }},
    {"quality_of_life_index", "Quality of life", text::Msg::KpiQualityOfLife, KpiFormat::Index, true,
     [](const run::Kpis& k) { return k.quality_of_life_index(); }},
    {"startups_founded", "Startups founded", text::Msg::KpiStartupsFounded, KpiFormat::Count, true,
     [](const run::Kpis& k) { return static_cast<double>(k.startups_founded()); }},
    {"startups_failed", "Startups failed", text::Msg::KpiStartupsFailed, KpiFormat::Count, false,
     [](const run::Kpis& k) { return static_cast<double>(k.startups_failed()); }},
    {"exits", "Exits", text::Msg::KpiExits, KpiFormat::Count, true,
     [](const run::Kpis& k) { return static_cast<double>(k.exits()); }},
    {"public_rial_per_job", "Public money per job", text::Msg::KpiPublicMoneyPerJob, KpiFormat::RialPer, false,
     [](const run::Kpis& k) { return k.public_rial_per_job(); }},
    {"private_leverage", "Private leverage", text::Msg::KpiPrivateLeverage, KpiFormat::Ratio, true,
     [](const run::Kpis& k) { return k.private_leverage(); }},
    {"factory_occupancy", "Factory occupancy", text::Msg::KpiFactoryOccupancy, KpiFormat::Share, true,
     [](const run::Kpis& k) { return k.factory_occupancy(); }},
}};
// clang-format on

} // namespace

std::span<const KpiDesc> kpi_descs() {
    return kDescs;
}

std::optional<std::size_t> kpi_index(std::string_view key) {
    const auto it = std::find_if(kDescs.begin(), kDescs.end(), [key](const KpiDesc& d) { return d.key == key; });
    if (it == kDescs.end()) {
        return std::nullopt;
    }
    return static_cast<std::size_t>(it - kDescs.begin());
}

KpiValues kpi_values(const run::Kpis& kpis) {
    KpiValues values{};
    for (std::size_t i = 0; i < kKpiCount; ++i) {
        values[i] = kDescs[i].get(kpis);
    }
    return values;
}

KpiValues lerp(const KpiValues& a, const KpiValues& b, double f) {
    KpiValues out{};
    for (std::size_t i = 0; i < kKpiCount; ++i) {
        out[i] = a[i] + (b[i] - a[i]) * f;
    }
    return out;
}

std::vector<KpiTarget> kpi_targets(const run::RunHeader& header) {
    std::vector<KpiTarget> targets;
    for (const scenario::Target& t : header.scenario().targets()) {
        if (const auto index = kpi_index(t.kpi())) {
            targets.push_back({.kpi = *index, .value = t.value(), .source = t.source()});
        }
    }
    return targets;
}

} // namespace innosim::viz

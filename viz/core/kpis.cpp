#include "viz/core/kpis.hpp"

#include <utility>

namespace innosim::viz {

namespace {

using text::Msg;

// clang-format off
constexpr std::pair<std::string_view, Msg> kLabels[] = {
    {"active_startups", Msg::KpiActiveStartups},
    {"knowledge_based_firms", Msg::KpiKnowledgeBasedFirms},
    {"jobs", Msg::KpiJobs},
    {"startups_founded", Msg::KpiStartupsFounded},
    {"startups_failed", Msg::KpiStartupsFailed},
    {"exits", Msg::KpiExits},
    {"municipal_savings_rial", Msg::KpiMunicipalSavings},
    {"new_revenue_rial", Msg::KpiNewRevenue},
    {"sustainable_revenue_share", Msg::KpiSustainableRevenueShare},
    {"import_dependency_index", Msg::KpiImportDependency},
    {"priority_problems_solved", Msg::KpiPriorityProblemsSolved},
    {"quality_of_life_index", Msg::KpiQualityOfLife},
    {"public_rial_per_job", Msg::KpiPublicMoneyPerJob},
    {"private_leverage", Msg::KpiPrivateLeverage},
    {"factory_occupancy", Msg::KpiFactoryOccupancy},
    {"idle_public_rial", Msg::KpiIdlePublicMoney},
};
// clang-format on

constexpr std::optional<Msg> label_of(std::string_view key) {
    for (const auto& [name, msg] : kLabels) {
        if (name == key) {
            return msg;
        }
    }
    return std::nullopt;
}

constexpr bool every_kpi_has_a_label() {
    for (const io::KpiInfo& kpi : io::kKpis) {
        if (!label_of(kpi.name)) {
            return false;
        }
    }
    return true;
}
static_assert(every_kpi_has_a_label(), "every registry KPI needs its label in the text catalogue");

constexpr std::array<KpiDesc, kKpiCount> kDescs = [] {
    std::array<KpiDesc, kKpiCount> out{};
    for (std::size_t i = 0; i < kKpiCount; ++i) {
        out[i] = KpiDesc{io::kKpis[i], *label_of(io::kKpis[i].name)};
    }
    return out;
}();

} // namespace

std::span<const KpiDesc> kpi_descs() {
    return kDescs;
}

std::optional<std::size_t> kpi_index(std::string_view key) {
    return io::kpi_index(key);
}

KpiValues kpi_values(const run::Kpis& kpis) {
    return io::kpi_values(kpis);
}

KpiValues lerp(const KpiValues& a, const KpiValues& b, double f) {
    KpiValues out{};
    for (std::size_t i = 0; i < kKpiCount; ++i) {
        out[i] = a[i] + (b[i] - a[i]) * f;
    }
    return out;
}

std::array<bool, kKpiCount> default_kpis_shown() {
    std::array<bool, kKpiCount> shown{};
    for (const std::string_view key : {"active_startups", "jobs", "knowledge_based_firms", "priority_problems_solved",
                                       "sustainable_revenue_share", "municipal_savings_rial"}) {
        if (const auto index = kpi_index(key)) {
            shown[*index] = true;
        }
    }
    return shown;
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

#pragma once

// The headline indicators as data, in one place: what each KPI is called, its unit, how it is
// written for people, whether it is a whole number and which direction is better. The CLI tables,
// the summary JSON, studies, the report and the viewer all read this list; the model binds its
// Kpis struct to it by name (agents/kpis.cpp, checked at compile time), and run.proto's Kpis
// message has one field per entry with the same name (checked by io::kpi_values).
//
// Standard library only, so any layer can include it. Adding a KPI: one row here, one field in
// run.proto's Kpis and agents::Kpis, and its computation in agents/kpis.cpp.

#include <array>
#include <cstddef>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace innosim::io {

/// How a KPI's value is written.
enum class KpiFormat {
    Count,      ///< whole things (firms, jobs): "3,140"
    Rial,       ///< money: "3,652.7 bn Rial"
    Share,      ///< 0..1, written as a percentage: "11.6 %"
    Index,      ///< a dimensionless index: "0.790", "64.9"
    Ratio,      ///< Rial per Rial: "0.333"
    RialPerJob, ///< Rial per job: "3.3 bn Rial"
};

struct KpiInfo {
    std::string_view name;  ///< summary-JSON key, run.proto Kpis field, scenario target `kpi`, CSV column
    std::string_view label; ///< for people, sentence case: "Knowledge-based firms"
    std::string_view unit;  ///< unit of the stored value: "jobs", "Rial", "share (0-1)"
    KpiFormat format;
    int decimals;          ///< decimals shown: of the percentage (Share), of bn Rial (Rial), else of the value
    bool integer;          ///< a whole number: JSON writes an integer, the model counts it
    bool higher_is_better; ///< for the city
    double min;            ///< lowest possible value
    double max;            ///< highest possible value (infinity: unbounded)
};

inline constexpr double kUnbounded = std::numeric_limits<double>::infinity();

// clang-format off
/// Every KPI, in the order of the summary contract (tables, JSON and CSV columns use this order).
inline constexpr std::array<KpiInfo, 16> kKpis{{
    {"active_startups", "Active startups", "firms", KpiFormat::Count, 0, true, true, 0, kUnbounded},
    {"knowledge_based_firms", "Knowledge-based firms", "firms", KpiFormat::Count, 0, true, true, 0, kUnbounded},
    {"jobs", "Jobs", "jobs", KpiFormat::Count, 0, true, true, 0, kUnbounded},
    {"startups_founded", "Startups founded", "firms", KpiFormat::Count, 0, true, true, 0, kUnbounded},
    {"startups_failed", "Startups failed", "firms", KpiFormat::Count, 0, true, false, 0, kUnbounded},
    {"exits", "Exits", "acquisitions", KpiFormat::Count, 0, true, true, 0, kUnbounded},
    {"municipal_savings_rial", "Municipal savings", "Rial", KpiFormat::Rial, 1, true, true, 0, kUnbounded},
    {"new_revenue_rial", "New municipal revenue", "Rial", KpiFormat::Rial, 1, true, true, 0, kUnbounded},
    {"sustainable_revenue_share", "Sustainable revenue share", "share (0-1)", KpiFormat::Share, 1, false, true, 0, 1},
    {"import_dependency_index", "Import dependency", "index (1 = the start's level)", KpiFormat::Index, 3, false, false, 0, kUnbounded},
    {"priority_problems_solved", "Priority problems solved", "problems", KpiFormat::Count, 0, true, true, 0, kUnbounded},
    {"quality_of_life_index", "Quality of life", "index (0-100)", KpiFormat::Index, 1, false, true, 0, 100},
    {"public_rial_per_job", "Public money per job", "Rial per job", KpiFormat::RialPerJob, 1, false, false, 0, kUnbounded},
    {"private_leverage", "Private leverage", "private Rial per public Rial", KpiFormat::Ratio, 3, false, true, 0, kUnbounded},
    {"factory_occupancy", "Factory occupancy", "share (0-1)", KpiFormat::Share, 1, false, true, 0, 1},
    {"idle_public_rial", "Idle public money", "Rial", KpiFormat::Rial, 1, true, false, 0, kUnbounded},
}};
// clang-format on

inline constexpr std::size_t kKpiCount = kKpis.size();

/// KPI values in kKpis order.
using KpiValues = std::array<double, kKpiCount>;

/// Index in kKpis of the KPI called `name`, if any (usable in constant expressions).
constexpr std::optional<std::size_t> kpi_index(std::string_view name) {
    for (std::size_t i = 0; i < kKpiCount; ++i) {
        if (kKpis[i].name == name) {
            return i;
        }
    }
    return std::nullopt;
}

/// The KPI called `name`, or null.
constexpr const KpiInfo* find_kpi(std::string_view name) {
    const std::optional<std::size_t> index = kpi_index(name);
    return index ? &kKpis[*index] : nullptr;
}

/// A value meets a target when it is at or beyond it in the better direction.
constexpr bool meets_target(const KpiInfo& kpi, double value, double target) {
    return kpi.higher_is_better ? value >= target : value <= target;
}

/// A value for a table, in the unit planners read: "3,140", "3,652.7 bn Rial", "11.6 %", "0.790".
/// Whole-number KPIs print without decimals when the value is whole (a count), with one when it is
/// not (a mean of counts). "n/a" for NaN.
std::string format_kpi(const KpiInfo& kpi, double value);
/// The same with a sign: "+122", "-0.027", "+404.0 bn Rial".
std::string format_kpi_signed(const KpiInfo& kpi, double value);
/// An interval with the unit written once, money in one scale, counts whole: "2,950–3,330",
/// "3,723.4–5,525.0 bn Rial"; with `sign`: "-12 to +30".
std::string format_kpi_range(const KpiInfo& kpi, double low, double high, bool sign = false);
/// A middle value with its interval and the unit once: "3,140 (2,950–3,330)", "3,097.2 (2,500.1–3,900.0) bn Rial".
/// Money in one scale, counts rounded to whole numbers (quantiles interpolate between futures).
std::string format_kpi_with_range(const KpiInfo& kpi, double middle, double low, double high);
/// The unit an axis or a column of formatted values is in: "%", "Rial", "jobs".
std::string_view display_unit(const KpiInfo& kpi);

/// 12345678 -> "12,345,678".
std::string group_thousands(long long value);

} // namespace innosim::io

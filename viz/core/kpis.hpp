#pragma once

// The headline indicators as data: one descriptor per KPI (its summary-JSON key, a label, how to
// format it, which direction is better), so charts, the compare table and presentation cards all
// iterate one list instead of naming fifteen fields.

#include "sim/proto/run.pb.h"
#include "tools/text/catalogue.hpp"

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace innosim::viz {

enum class KpiFormat {
    Count,  ///< whole things (firms, jobs)
    Rial,   ///< money, formatted with the Rial/Toman toggle
    Share,  ///< 0..1, shown as a percentage
    Index,  ///< a dimensionless index
    Ratio,  ///< a ratio ("x" suffix)
    RialPer ///< Rial per unit (public Rial per job)
};

struct KpiDesc {
    std::string_view key;   ///< summary JSON name, as in scenario targets ("jobs")
    std::string_view label; ///< for people ("Jobs"), English
    text::Msg label_msg;    ///< the label in the catalogue, for every language
    KpiFormat format;
    bool higher_is_better;
    double (*get)(const run::Kpis&);
};

inline constexpr std::size_t kKpiCount = 15;
/// KPI values in kpi_descs() order.
using KpiValues = std::array<double, kKpiCount>;

std::span<const KpiDesc> kpi_descs();
/// Index in kpi_descs() of the KPI named `key` (summary JSON name), if any.
std::optional<std::size_t> kpi_index(std::string_view key);
KpiValues kpi_values(const run::Kpis& kpis);
/// Linear blend: a at f = 0, b at f = 1.
KpiValues lerp(const KpiValues& a, const KpiValues& b, double f);

/// A scenario target on one KPI.
struct KpiTarget {
    std::size_t kpi = 0; ///< index into kpi_descs()
    double value = 0;    ///< in the KPI's own unit
    std::string source;
};
/// The scenario's targets whose KPI name is known (unknown names are skipped: the viewer only draws).
std::vector<KpiTarget> kpi_targets(const run::RunHeader& header);

} // namespace innosim::viz

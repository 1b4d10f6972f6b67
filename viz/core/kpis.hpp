#pragma once

// The headline indicators for the viewer: the KPI registry (sim/io/kpi_registry.hpp) with each
// label's entry in the text catalogue, values read from run files, and the scenario's targets.

#include "sim/io/kpi_proto.hpp"
#include "sim/io/kpi_registry.hpp"
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

using io::kKpiCount;
using io::KpiFormat;
/// KPI values in kpi_descs() order.
using io::KpiValues;

/// A registry entry and its label in the catalogue (English there equals the registry's label).
struct KpiDesc : io::KpiInfo {
    text::Msg label_msg; ///< the label in the catalogue, for every language
};

std::span<const KpiDesc> kpi_descs();
/// Index in kpi_descs() of the KPI named `key` (summary JSON name), if any.
std::optional<std::size_t> kpi_index(std::string_view key);
KpiValues kpi_values(const run::Kpis& kpis);
/// Linear blend: a at f = 0, b at f = 1.
KpiValues lerp(const KpiValues& a, const KpiValues& b, double f);
/// The charts shown before the user picks: the headline KPIs a planner asks about first.
std::array<bool, kKpiCount> default_kpis_shown();

/// A scenario target on one KPI.
struct KpiTarget {
    std::size_t kpi = 0; ///< index into kpi_descs()
    double value = 0;    ///< in the KPI's own unit
    std::string source;
};
/// The scenario's targets whose KPI name is known (unknown names are skipped: the viewer only draws).
std::vector<KpiTarget> kpi_targets(const run::RunHeader& header);

} // namespace innosim::viz

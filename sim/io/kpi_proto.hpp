#pragma once

// run.proto's Kpis message read and written through the KPI registry: its fields carry the
// registry's names, so one loop over kKpis covers every KPI.

#include "sim/io/kpi_registry.hpp"
#include "sim/proto/run.pb.h"

namespace innosim::io {

/// Every KPI of `kpis`, in kKpis order.
KpiValues kpi_values(const run::Kpis& kpis);
/// The KPI called `name` of `kpis`; NaN if `name` is no KPI.
double kpi_value(const run::Kpis& kpis, std::string_view name);

} // namespace innosim::io

#pragma once

// Shared by the report's source files (report.cpp, report_decision.cpp); not for other users.

#include "sim/io/kpi_registry.hpp"
#include "tools/studies/report.hpp"

#include <string>
#include <string_view>

namespace innosim::studies::report_parts {

/// The registry entry of a KPI column; throws std::logic_error for a column that is no KPI.
const io::KpiInfo& kpi_info(std::string_view kpi);
/// A design that samples the levers' space (Morris, Sobol, Latin hypercube) rather than policies.
bool is_screening(const ReportData& data);
/// "35%".
std::string percent(double share);

/// The decision section: each target's odds per policy, what each policy changes (levers and dates
/// in words) with the sentence compare reads aloud, and the multiple-comparison note.
std::string decision(const ReportData& data);

} // namespace innosim::studies::report_parts

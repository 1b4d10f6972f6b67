#pragma once

// Text for people: money with the Rial/Toman toggle, KPI values, names of enum values and agents,
// and one-line descriptions of events for the feed and the inspector.

#include "viz/core/kpis.hpp"
#include "viz/core/run_model.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace innosim::viz {

enum class Currency { Rial, Toman }; ///< 1 Toman = 10 Rial

/// "12.3 bn Rial", "4.50 tn Toman", "850 m Rial", "-1.2 bn Rial"; small amounts in full ("12,500 Rial").
std::string format_money(double rial, Currency currency);
/// The same without the currency name ("12.3 bn"), for axes.
std::string format_money_short(double rial, Currency currency);
/// 1234567 -> "1,234,567"
std::string format_count(double value);
/// A KPI value in its format: counts with separators, shares as "23.4%", money per the toggle.
std::string format_kpi(const KpiDesc& kpi, double value, Currency currency);
/// Compact tick label for a KPI axis value.
std::string format_kpi_axis(const KpiDesc& kpi, double value, Currency currency);

std::string_view stage_name(run::Stage stage);
std::string_view event_kind_name(run::EventKind kind);
std::string_view reason_name(run::Reason reason);
std::string_view category_name(scenario::ProblemCategory category);
std::string_view funder_kind_name(scenario::FunderKind kind);
std::string_view failure_cause_name(run::FailureCause cause);
std::string_view agent_kind_name(run::AgentKind kind);

/// "startup:12", "department:3", "funder:0", "factory", "municipality" -> the agent; nothing if malformed.
std::optional<AgentKey> parse_agent(std::string_view text);
/// "Startup #12", a department's or funder's name, "Innovation factory", "Municipality"...
std::string agent_name(const run::World& world, AgentKey agent);
/// One line describing the event: "Khorasan Ventures invested 12.0 bn Rial in Startup #12 (Series A)".
std::string describe_event(const RunModel& model, const EventRec& event, Currency currency);
/// "1403/06/31"
std::string format_date(const sim::Calendar& calendar, Ticks t);
/// "31 Shahrivar 1403"
std::string format_date_long(const sim::Calendar& calendar, Ticks t);

} // namespace innosim::viz

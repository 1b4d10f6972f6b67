#pragma once

// Text for people: money with the Rial/Toman toggle, KPI values, names of enum values and agents,
// and one-line descriptions of events for the feed and the inspector.

#include "tools/text/lang.hpp"
#include "viz/core/kpis.hpp"
#include "viz/core/run_model.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace innosim::viz {

using Currency = text::Currency; ///< 1 Toman = 10 Rial
using Lang = text::Lang;

/// As the CLI's tables print it: "3,652.7 bn Rial", "12.3 M Rial", "12,500 Rial" (Persian:
/// "۳٬۶۵۲٫۷ میلیارد ریال"), so a number on screen at a snapshot date equals the handout's.
std::string format_money(double rial, Currency currency, Lang lang = Lang::En);
/// Compact, without the currency name ("3.65 tn", "850 bn"), for axes.
std::string format_money_short(double rial, Currency currency, Lang lang = Lang::En);
/// 1234567 -> "1,234,567" ("۱٬۲۳۴٬۵۶۷")
std::string format_count(double value, Lang lang = Lang::En);
/// A KPI value in its format: counts with separators, shares as "23.4%", money per the toggle.
std::string format_kpi(const KpiDesc& kpi, double value, Currency currency, Lang lang = Lang::En);
/// Compact tick label for a KPI axis value.
std::string format_kpi_axis(const KpiDesc& kpi, double value, Currency currency, Lang lang = Lang::En);
/// The KPI's label for people in `lang`.
std::string kpi_label(const KpiDesc& kpi, Lang lang);

std::string_view stage_name(run::Stage stage);
/// The stage's name in `lang` ("Prototype", "نمونهٔ اولیه").
std::string_view stage_label(run::Stage stage, Lang lang);
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
/// One line describing the event: "Khorasan Ventures invested 12.0 bn Rial in Startup #12 (Series A)";
/// in Persian from the catalogue, with Mashhad's names in Persian.
std::string describe_event(const RunModel& model, const EventRec& event, Currency currency, Lang lang = Lang::En);
/// The event kind's short name for the feed's column ("Failed", "شکست").
std::string event_kind_label(run::EventKind kind, Lang lang);
/// An agent's name in `lang` ("Startup #12", "استارتاپ ۱۲", a department's Persian name).
std::string agent_label(const run::World& world, AgentKey agent, Lang lang);
/// "1403/06/31" ("۱۴۰۳/۰۶/۳۱")
std::string format_date(const sim::Calendar& calendar, Ticks t, Lang lang = Lang::En);
/// "31 Shahrivar 1403" ("۳۱ شهریور ۱۴۰۳")
std::string format_date_long(const sim::Calendar& calendar, Ticks t, Lang lang = Lang::En);
/// "12 days to the horizon", "at the horizon" (the horizon's whole day), "3 days past the horizon".
std::string horizon_countdown(const sim::Calendar& calendar, Ticks now, Ticks horizon, Lang lang);

} // namespace innosim::viz

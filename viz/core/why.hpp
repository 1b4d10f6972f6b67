#pragma once

// "Why": the effect's reason, for two runs compared. Which levers differ between A and B on the
// cursor's day (their scenarios with the dated interventions applied, plus a branch's levers),
// each sorted under the mechanism it works through, and that mechanism's signals in both runs at
// their last snapshot (exact numbers, as the CLI prints them):
//   payment delay  -> unpaid invoices owed to startups (all departments, the largest differences
//                     by department) and startups that ran out of cash so far;
//   funding        -> municipal fund money not yet invested, money invested by all funders,
//                     departments' budgets not yet committed;
//   factory        -> occupancy (teams of capacity), applicants in the last round, graduates;
//   challenges     -> the funnel: open problems, pilots running, contracts active, problems solved.
// When no lever differs (two futures of one policy), the general signals say what chance changed.

#include "viz/core/format.hpp"
#include "viz/core/run_model.hpp"

#include <string>
#include <vector>

namespace innosim::viz {

enum class Mechanism { PaymentDelay, Funding, Factory, Challenges, Other };

/// The mechanism a lever works through, from its field ("departments[X].payment_delay_days" ->
/// PaymentDelay, "factory.capacity" -> Factory...).
Mechanism mechanism_of(const std::string& path);

/// One lever whose value differs between A and B (all departments' one field as one lever).
struct LeverDifference {
    std::string path; ///< "factory.capacity", "departments[*].payment_delay_days"
    Mechanism mechanism = Mechanism::Other;
    std::string unit;             ///< the schema's unit ("days", "share", "teams")
    bool integer = false;         ///< an integer field
    double a_low = 0, a_high = 0; ///< A's value (a range over departments), in the unit
    double b_low = 0, b_high = 0; ///< B's value
    bool later = false;           ///< not yet different on the cursor's day: B changes it later
    Ticks from = 0;               ///< ticks on A's clock: when they start to differ (later: the date)
};

enum class SignalKind {
    UnpaidInvoices,     ///< Rial
    CashOutFailures,    ///< startups, so far
    FundMoneyIdle,      ///< Rial
    MoneyInvested,      ///< Rial, so far
    BudgetsUncommitted, ///< Rial
    FactoryOccupancy,   ///< share (tenants / capacity)
    FactoryApplicants,  ///< teams, last round
    FactoryGraduates,   ///< teams, so far
    ProblemsOpen,       ///< count
    PilotsRunning,      ///< count
    ContractsActive,    ///< count
    ProblemsSolved      ///< count
};

/// One signal in both runs.
struct Signal {
    SignalKind kind = SignalKind::UnpaidInvoices;
    std::string subject; ///< a department's name for its own row; empty for the whole city
    double a = 0;        ///< the signal's unit (SignalKind)
    double b = 0;
    bool money = false; ///< in Rial
    bool share = false; ///< 0..1
    bool higher_is_better = true;
};

struct MechanismView {
    Mechanism mechanism = Mechanism::Other;
    std::vector<LeverDifference> levers;
    std::vector<Signal> signals;
};

struct Why {
    std::vector<MechanismView> groups; ///< one per mechanism a differing lever works through
    bool same_levers = false;          ///< no lever differs, now or later: the differences are chance
};

/// The reason for B's difference from A at `a_time` (ticks on A's clock; `b_time` the same day on
/// B's clock).
Why explain(const RunModel& a, const RunModel& b, Ticks a_time, Ticks b_time);

// [SECTION] Levers in words

/// A lever for people: "Payment delay, every department", "Factory capacity"; a field the table
/// does not know in the schema's own words ("rent subsidy of the factory").
std::string lever_label(const std::string& path, Lang lang);
/// A lever's value (or range) as people say it, from the schema's unit: shares as percentages
/// ("0.4%", never "0.004 share"), days, teams and months counted, money as the CLI prints it.
std::string lever_amount(double low, double high, const std::string& unit, bool integer, Lang lang, Currency currency);
/// "Payment delay, every department: A 150–180 days, B 30 days, since 1403/01/01".
std::string describe_lever(const LeverDifference& lever, const sim::Calendar& calendar, Lang lang, Currency currency);
/// A branch named after what it changes: "Payment delay, every department 30 days from 1403/01/01"
/// (the levers of its own dated changes that `parent` lacks; two at most, then "+ 2 more"). Empty
/// when the run changes nothing its parent does not.
std::string branch_name(const RunModel& branch, const RunModel* parent, Lang lang, Currency currency);
/// The mechanism's heading ("Paying startups' invoices") and a signal's name.
std::string mechanism_label(Mechanism mechanism, Lang lang);
std::string signal_label(SignalKind kind, Lang lang);
/// A signal's value as people read it (money, a percentage, a count).
std::string signal_value(const Signal& signal, double value, Lang lang, Currency currency);

/// The largest unpaid-invoice differences by department shown under the city's total.
inline constexpr std::size_t kDepartmentRows = 3;

} // namespace innosim::viz

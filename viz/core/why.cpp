#include "viz/core/why.hpp"

#include "sim/input_error.hpp"
#include "sim/io/overrides.hpp"
#include "tools/text/catalogue.hpp"
#include "viz/core/compare.hpp"
#include "viz/core/fork_plan.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

namespace innosim::viz {

namespace {

/// The field a path ends in ("payment_delay_days") and whether it sits under departments[...].
struct PathParts {
    std::string root;  ///< the first step's field ("departments", "factory", "municipality")
    std::string field; ///< the last step's field
    bool department = false;
};

PathParts parts_of(const std::string& path) {
    PathParts out;
    try {
        const std::vector<io::PathStep> steps = io::parse_field_path(path);
        if (!steps.empty()) {
            out.root = steps.front().field;
            out.field = steps.back().field;
            out.department = out.root == "departments" && steps.size() == 2;
        }
    } catch (const InputError&) {
        out.field = path;
    }
    return out;
}

/// Every concrete lever path the two runs' scenarios change or override, resolved against `s`.
std::vector<std::string> candidate_paths(const RunModel& a, const RunModel& b, const scenario::Scenario& s) {
    std::set<std::string> raw;
    for (const RunModel* m : {&a, &b}) {
        for (const scenario::Intervention& i : m->header().scenario().interventions()) {
            raw.insert(i.path());
        }
        for (const std::string& o : m->header().overrides()) {
            try {
                raw.insert(io::split_assignment(o).first);
            } catch (const InputError&) {
            }
        }
    }
    std::set<std::string> resolved;
    for (const std::string& p : raw) {
        try {
            for (std::string& r : io::resolve_paths(s, p)) {
                resolved.insert(std::move(r));
            }
        } catch (const InputError&) {
            // A path this schema does not know: nothing to compare.
        }
    }
    return {resolved.begin(), resolved.end()};
}

/// The latest intervention on `path` (resolved) in either run on or before `day`, as a day number;
/// 0 when the two differ from the start.
std::int64_t last_change(const RunModel& a, const RunModel& b, const std::string& path, std::int64_t day, bool after) {
    std::int64_t best = after ? INT64_MAX : 0;
    for (const RunModel* m : {&a, &b}) {
        const scenario::Scenario& s = m->header().scenario();
        for (const scenario::Intervention& i : s.interventions()) {
            try {
                const std::vector<std::string> paths = io::resolve_paths(s, i.path());
                if (std::find(paths.begin(), paths.end(), path) == paths.end()) {
                    continue;
                }
                const std::int64_t d = sim::to_day_number(sim::parse_jalali(i.at()));
                if (after ? (d > day && d < best) : (d <= day && d > best)) {
                    best = d;
                }
            } catch (const InputError&) {
            } catch (const std::exception&) {
            }
        }
    }
    return best == INT64_MAX ? 0 : best;
}

double sum_departments(const run::Snapshot& s, auto field) {
    double total = 0;
    for (const run::DepartmentState& d : s.departments()) {
        total += static_cast<double>(field(d));
    }
    return total;
}

std::size_t cash_out_failures(const RunModel& m, Ticks t) {
    std::size_t n = 0;
    for (const StartupInfo& info : m.startup_infos()) {
        if (info.failure_cause == run::CASH_OUT && info.ended <= t) {
            ++n;
        }
    }
    return n;
}

} // namespace

Mechanism mechanism_of(const std::string& path) {
    const PathParts p = parts_of(path);
    if (p.field == "payment_delay_days") {
        return Mechanism::PaymentDelay;
    }
    if (p.root == "factory" || p.field == "factory_share") {
        return Mechanism::Factory;
    }
    if (p.root == "funders" || p.field == "innovation_budget_share" || p.field == "grant_fund_share" ||
        p.field == "annual_budget_rial") {
        return Mechanism::Funding;
    }
    if (p.root == "procurement" || p.field == "challenges_per_year" || p.field == "local_kb_procurement_reserve" ||
        p.field == "risk_appetite") {
        return Mechanism::Challenges;
    }
    return Mechanism::Other;
}

Why explain(const RunModel& a, const RunModel& b, Ticks a_time, Ticks b_time) {
    Why why;
    const sim::JalaliDate today = a.calendar().date_at(a_time);
    const std::int64_t day = sim::to_day_number(today);
    const scenario::Scenario sa = scenario_on(a.header(), today);
    const scenario::Scenario sb = scenario_on(b.header(), today);
    const scenario::Scenario sa_end = scenario_on(a.header(), a.calendar().date_at(a.planned_end_time()));
    const scenario::Scenario sb_end = scenario_on(b.header(), b.calendar().date_at(b.planned_end_time()));

    // Differing levers, a department field over all departments as one.
    std::map<std::string, LeverDifference> levers; // by group path, in path order
    for (const std::string& path : candidate_paths(a, b, sa)) {
        const std::optional<LeverValue> va = read_lever(sa, path);
        const std::optional<LeverValue> vb = read_lever(sb, path);
        if (!va || !vb) {
            continue;
        }
        bool later = false;
        double a_value = va->value;
        double b_value = vb->value;
        if (va->value == vb->value) {
            const std::optional<LeverValue> ea = read_lever(sa_end, path);
            const std::optional<LeverValue> eb = read_lever(sb_end, path);
            if (!ea || !eb || ea->value == eb->value) {
                continue;
            }
            later = true;
            a_value = ea->value;
            b_value = eb->value;
        }
        const PathParts parts = parts_of(path);
        const std::string group = parts.department ? "departments[*]." + parts.field : path;
        const std::int64_t changed = last_change(a, b, path, day, later);
        const Ticks from = changed == 0 ? 0 : a.calendar().to_ticks(sim::jalali_from_day_number(changed));
        auto [it, fresh] = levers.try_emplace(group);
        LeverDifference& l = it->second;
        if (fresh) {
            l = {.path = group,
                 .mechanism = mechanism_of(path),
                 .unit = va->unit,
                 .integer = va->integer,
                 .a_low = a_value,
                 .a_high = a_value,
                 .b_low = b_value,
                 .b_high = b_value,
                 .later = later,
                 .from = from};
        } else {
            l.a_low = std::min(l.a_low, a_value);
            l.a_high = std::max(l.a_high, a_value);
            l.b_low = std::min(l.b_low, b_value);
            l.b_high = std::max(l.b_high, b_value);
            l.later = l.later && later;
            l.from = l.later ? std::min(l.from, from) : std::max(l.from, from);
        }
    }
    for (auto& [path, lever] : levers) {
        auto g = std::find_if(why.groups.begin(), why.groups.end(),
                              [&](const MechanismView& v) { return v.mechanism == lever.mechanism; });
        if (g == why.groups.end()) {
            why.groups.push_back({.mechanism = lever.mechanism});
            g = why.groups.end() - 1;
        }
        g->levers.push_back(lever);
    }
    why.same_levers = why.groups.empty();
    if (why.same_levers) {
        // Two futures of one policy: what chance changed, through the usual channels.
        why.groups.push_back({.mechanism = Mechanism::PaymentDelay});
        why.groups.push_back({.mechanism = Mechanism::Challenges});
    }
    std::stable_sort(why.groups.begin(), why.groups.end(),
                     [](const MechanismView& x, const MechanismView& y) { return x.mechanism < y.mechanism; });

    const std::optional<std::size_t> ia = a.snapshot_at_or_before(a_time);
    const std::optional<std::size_t> ib = b.snapshot_at_or_before(b_time);
    if (!ia || !ib) {
        return why;
    }
    const run::Snapshot& na = a.summary(*ia);
    const run::Snapshot& nb = b.summary(*ib);
    const run::World& world = a.world();
    for (MechanismView& g : why.groups) {
        std::vector<Signal>& s = g.signals;
        switch (g.mechanism) {
        case Mechanism::PaymentDelay: {
            const auto payables = [](const run::DepartmentState& d) { return d.payables_rial(); };
            s.push_back({.kind = SignalKind::UnpaidInvoices,
                         .a = sum_departments(na, payables),
                         .b = sum_departments(nb, payables),
                         .money = true,
                         .higher_is_better = false});
            // The departments where it differs most, by name (both runs share the world).
            std::vector<Signal> rows;
            for (int i = 0; i < na.departments_size() && i < nb.departments_size(); ++i) {
                const std::string name = i < world.departments_size() ? world.departments(i).name() : "";
                rows.push_back({.kind = SignalKind::UnpaidInvoices,
                                .subject = name,
                                .a = static_cast<double>(na.departments(i).payables_rial()),
                                .b = static_cast<double>(nb.departments(i).payables_rial()),
                                .money = true,
                                .higher_is_better = false});
            }
            std::stable_sort(rows.begin(), rows.end(), [](const Signal& x, const Signal& y) {
                return std::abs(x.b - x.a) > std::abs(y.b - y.a);
            });
            for (std::size_t i = 0; i < rows.size() && i < kDepartmentRows; ++i) {
                if (rows[i].a != rows[i].b) {
                    s.push_back(rows[i]);
                }
            }
            s.push_back({.kind = SignalKind::CashOutFailures,
                         .a = static_cast<double>(cash_out_failures(a, a_time)),
                         .b = static_cast<double>(cash_out_failures(b, b_time)),
                         .higher_is_better = false});
            break;
        }
        case Mechanism::Funding: {
            double idle_a = 0;
            double idle_b = 0;
            double invested_a = 0;
            double invested_b = 0;
            for (int i = 0; i < world.funders_size(); ++i) {
                const bool municipal = world.funders(i).kind() == scenario::MUNICIPAL_GRANT_FUND;
                if (i < na.funders_size()) {
                    idle_a += municipal ? static_cast<double>(na.funders(i).cash_rial()) : 0.0;
                    invested_a += static_cast<double>(na.funders(i).deployed_rial());
                }
                if (i < nb.funders_size()) {
                    idle_b += municipal ? static_cast<double>(nb.funders(i).cash_rial()) : 0.0;
                    invested_b += static_cast<double>(nb.funders(i).deployed_rial());
                }
            }
            s.push_back({.kind = SignalKind::FundMoneyIdle,
                         .a = idle_a,
                         .b = idle_b,
                         .money = true,
                         .higher_is_better = false});
            s.push_back({.kind = SignalKind::MoneyInvested, .a = invested_a, .b = invested_b, .money = true});
            const auto budget = [](const run::DepartmentState& d) { return d.budget_left_rial(); };
            s.push_back({.kind = SignalKind::BudgetsUncommitted,
                         .a = sum_departments(na, budget),
                         .b = sum_departments(nb, budget),
                         .money = true,
                         .higher_is_better = false});
            break;
        }
        case Mechanism::Factory: {
            const auto occupancy = [](const run::FactoryState& f) {
                return f.capacity() == 0 ? 0.0 : static_cast<double>(f.tenants()) / f.capacity();
            };
            s.push_back({.kind = SignalKind::FactoryOccupancy,
                         .a = occupancy(na.factory()),
                         .b = occupancy(nb.factory()),
                         .share = true});
            s.push_back({.kind = SignalKind::FactoryApplicants,
                         .a = static_cast<double>(na.factory().applicants_last_round()),
                         .b = static_cast<double>(nb.factory().applicants_last_round())});
            s.push_back({.kind = SignalKind::FactoryGraduates,
                         .a = static_cast<double>(na.factory().graduated()),
                         .b = static_cast<double>(nb.factory().graduated())});
            break;
        }
        case Mechanism::Challenges:
        case Mechanism::Other: {
            const auto open = [](const run::DepartmentState& d) { return d.problems_open(); };
            const auto pilots = [](const run::DepartmentState& d) { return d.pilots_running(); };
            const auto contracts = [](const run::DepartmentState& d) { return d.contracts_active(); };
            const auto solved = [](const run::DepartmentState& d) { return d.problems_solved(); };
            s.push_back({.kind = SignalKind::ProblemsOpen,
                         .a = sum_departments(na, open),
                         .b = sum_departments(nb, open),
                         .higher_is_better = false});
            s.push_back({.kind = SignalKind::PilotsRunning,
                         .a = sum_departments(na, pilots),
                         .b = sum_departments(nb, pilots)});
            s.push_back({.kind = SignalKind::ContractsActive,
                         .a = sum_departments(na, contracts),
                         .b = sum_departments(nb, contracts)});
            s.push_back({.kind = SignalKind::ProblemsSolved,
                         .a = sum_departments(na, solved),
                         .b = sum_departments(nb, solved)});
            break;
        }
        }
    }
    // "Other" levers share the funnel's signals: show them once.
    if (why.groups.size() > 1 && why.groups.back().mechanism == Mechanism::Other &&
        std::any_of(why.groups.begin(), why.groups.end(),
                    [](const MechanismView& g) { return g.mechanism == Mechanism::Challenges; })) {
        why.groups.back().signals.clear();
    }
    return why;
}

// [SECTION] Levers in words

std::string lever_label(const std::string& path, Lang lang) {
    const PathParts p = parts_of(path);
    std::optional<text::Msg> msg;
    if (p.field == "payment_delay_days") {
        msg = text::Msg::LeverPaymentDelay;
    } else if (p.root == "factory" && p.field == "capacity") {
        msg = text::Msg::LeverFactoryCapacity;
    } else if (p.field == "innovation_budget_share") {
        msg = text::Msg::LeverInnovationBudget;
    } else if (p.field == "grant_fund_share") {
        msg = text::Msg::LeverGrantFund;
    } else if (p.field == "factory_share") {
        msg = text::Msg::LeverFactoryShare;
    } else if (p.field == "local_kb_procurement_reserve") {
        msg = text::Msg::LeverLocalReserve;
    } else if (p.field == "challenges_per_year") {
        msg = text::Msg::LeverChallengesPerYear;
    }
    std::string label = msg ? text::tr(lang, *msg) : io::lever_words(*scenario::Scenario::descriptor(), path);
    if (msg && p.department) {
        if (path.find("[*]") != std::string::npos) {
            label = text::tr(lang, text::Msg::LeverEveryDepartment, {label});
        } else {
            // One department's: "Payment delay of Finance & Revenue" in the schema's manner.
            const std::size_t open = path.find('[');
            const std::size_t close = path.find(']');
            if (open != std::string::npos && close != std::string::npos && close > open) {
                label += ", " + path.substr(open + 1, close - open - 1);
            }
        }
    }
    return label;
}

namespace {

std::string number_text(double value, bool integer) {
    char buffer[48];
    if (integer || value == std::round(value)) {
        std::snprintf(buffer, sizeof buffer, "%.0f", value);
    } else {
        std::snprintf(buffer, sizeof buffer, "%.3g", value);
    }
    return buffer;
}

} // namespace

std::string lever_amount(double low, double high, const std::string& unit, bool integer, Lang lang, Currency currency) {
    const bool range = low != high;
    const std::string dash = "\xe2\x80\x93";
    if (unit.starts_with("share")) {
        // 0.004 -> "0.4%"; a share of something keeps what it is a share of.
        const std::string text = range ? number_text(low * 100, false) + dash + number_text(high * 100, false) + "%"
                                       : number_text(low * 100, false) + "%";
        return text::digits(lang, text);
    }
    if (unit.find("Rial") != std::string::npos) {
        return range ? format_money(low, currency, lang) + " " + dash + " " + format_money(high, currency, lang)
                     : format_money(low, currency, lang);
    }
    const std::string n = text::digits(lang, range ? number_text(low, integer) + dash + number_text(high, integer)
                                                   : number_text(low, integer));
    const auto counted = [&](text::Msg msg) {
        if (!range && low == 1) {
            return text::plural(lang, msg, 1);
        }
        return text::tr(lang, msg, {n});
    };
    if (unit == "days") {
        return counted(text::Msg::UnitDays);
    }
    if (unit == "teams") {
        return counted(text::Msg::UnitTeams);
    }
    if (unit == "months") {
        return counted(text::Msg::UnitMonths);
    }
    return unit.empty() ? n : n + " " + unit;
}

std::string describe_lever(const LeverDifference& lever, const sim::Calendar& calendar, Lang lang, Currency currency) {
    std::string out = text::tr(lang, text::Msg::LeverAB,
                               {lever_label(lever.path, lang),
                                lever_amount(lever.a_low, lever.a_high, lever.unit, lever.integer, lang, currency),
                                lever_amount(lever.b_low, lever.b_high, lever.unit, lever.integer, lang, currency)});
    const std::string comma = lang == Lang::Fa ? "\xd8\x8c " : ", ";
    if (lever.later) {
        out += comma + text::tr(lang, text::Msg::LeverLater, {format_date(calendar, lever.from, lang)});
    } else if (lever.from > 0) {
        out += comma + text::tr(lang, text::Msg::LeverSince, {format_date(calendar, lever.from, lang)});
    }
    return out;
}

std::string branch_name(const RunModel& branch, const RunModel* parent, Lang lang, Currency currency) {
    const std::vector<PolicyChange> changes = policy_changes(branch, parent);
    if (changes.empty()) {
        return {};
    }
    // The first date's levers; a department field over every department as one.
    struct Named {
        std::string group;
        double low = 0, high = 0;
        LeverValue value;
        std::string first; ///< the first path of the group, as written
        int count = 1;
    };
    std::vector<Named> named;
    const scenario::Scenario& s = branch.header().scenario();
    for (const std::string& assignment : changes.front().levers) {
        try {
            const auto [path, text] = io::split_assignment(assignment);
            const double v = std::stod(text);
            const PathParts parts = parts_of(path);
            const std::string group = parts.department ? "departments[*]." + parts.field : path;
            const std::vector<std::string> resolved = io::resolve_paths(s, path);
            const std::optional<LeverValue> lever = resolved.empty() ? std::nullopt : read_lever(s, resolved.front());
            auto it = std::find_if(named.begin(), named.end(), [&](const Named& n) { return n.group == group; });
            if (it == named.end()) {
                named.push_back({group, v, v, lever.value_or(LeverValue{}), path});
            } else {
                it->low = std::min(it->low, v);
                it->high = std::max(it->high, v);
                ++it->count;
            }
        } catch (const std::exception&) {
            // Not a number (an enum lever): named by the change's date alone below.
        }
    }
    std::string what;
    for (std::size_t i = 0; i < named.size() && i < 2; ++i) {
        const Named& n = named[i];
        if (!what.empty()) {
            what += " + ";
        }
        // One department's field reads as that department's, not everyone's.
        const bool one = n.count == 1 && n.first.find("[*]") == std::string::npos;
        what += lever_label(one ? n.first : n.group, lang) + " " +
                lever_amount(n.low, n.high, n.value.unit, n.value.integer, lang, currency);
    }
    if (named.size() > 2) {
        what += " + " + text::plural(lang, text::Msg::MoreLevers, static_cast<long long>(named.size() - 2));
    }
    if (what.empty()) {
        what = lever_label(changes.front().levers.front(), lang);
    }
    return text::tr(lang, text::Msg::BranchFrom, {what, format_date(branch.calendar(), changes.front().at, lang)});
}

std::string mechanism_label(Mechanism mechanism, Lang lang) {
    switch (mechanism) {
    case Mechanism::PaymentDelay:
        return text::tr(lang, text::Msg::MechPaymentDelay);
    case Mechanism::Funding:
        return text::tr(lang, text::Msg::MechFunding);
    case Mechanism::Factory:
        return text::tr(lang, text::Msg::MechFactory);
    case Mechanism::Challenges:
        return text::tr(lang, text::Msg::MechChallenges);
    case Mechanism::Other:
        break;
    }
    return text::tr(lang, text::Msg::MechOther);
}

std::string signal_label(SignalKind kind, Lang lang) {
    static constexpr text::Msg kLabels[] = {
        text::Msg::SignalUnpaidInvoices, text::Msg::SignalCashOut,     text::Msg::SignalFundIdle,
        text::Msg::SignalInvested,       text::Msg::SignalBudgetsLeft, text::Msg::SignalOccupancy,
        text::Msg::SignalApplicants,     text::Msg::SignalGraduates,   text::Msg::SignalProblemsOpen,
        text::Msg::SignalPilots,         text::Msg::SignalContracts,   text::Msg::SignalSolved};
    return text::tr(lang, kLabels[static_cast<std::size_t>(kind)]);
}

std::string signal_value(const Signal& signal, double value, Lang lang, Currency currency) {
    if (signal.money) {
        return format_money(value, currency, lang);
    }
    if (signal.share) {
        return text::digits(lang, number_text(std::round(value * 1000) / 10, false) + "%");
    }
    return format_count(value, lang);
}

} // namespace innosim::viz

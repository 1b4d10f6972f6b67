#include "viz/core/format.hpp"

#include "tools/text/catalogue.hpp"

#include <array>
#include <cmath>
#include <cstdio>

namespace innosim::viz {

namespace {

std::string printf_string(const char* format, double value) {
    std::array<char, 64> buffer{};
    std::snprintf(buffer.data(), buffer.size(), format, value);
    return buffer.data();
}

} // namespace

std::string format_count(double value, Lang lang) {
    return text::count(lang, std::llround(value));
}

std::string format_money_short(double rial, Currency currency, Lang lang) {
    return text::money_short(lang, rial, currency);
}

std::string format_money(double rial, Currency currency, Lang lang) {
    return text::money(lang, rial, currency);
}

std::string format_kpi(const KpiDesc& kpi, double value, Currency currency, Lang lang) {
    switch (kpi.format) {
    case KpiFormat::Count:
        return format_count(value, lang);
    case KpiFormat::Rial:
        return format_money(value, currency, lang);
    case KpiFormat::RialPerJob:
        return text::tr(lang, text::Msg::PerJob, {format_money(value, currency, lang)});
    case KpiFormat::Share:
        return text::digits(lang, printf_string("%.1f%%", value * 100.0));
    case KpiFormat::Index:
        return text::digits(lang, printf_string("%.3g", value));
    case KpiFormat::Ratio:
        return text::digits(lang, printf_string("%.2fx", value));
    }
    return text::digits(lang, printf_string("%g", value));
}

std::string format_kpi_axis(const KpiDesc& kpi, double value, Currency currency, Lang lang) {
    switch (kpi.format) {
    case KpiFormat::Rial:
    case KpiFormat::RialPerJob:
        return format_money_short(value, currency, lang);
    case KpiFormat::Share:
        return text::digits(lang, printf_string("%.0f%%", value * 100.0));
    case KpiFormat::Count:
        if (std::abs(value) >= 10000) {
            return text::digits(lang, printf_string("%.0fk", value / 1000.0));
        }
        return format_count(value, lang);
    case KpiFormat::Index:
    case KpiFormat::Ratio:
        return text::digits(lang, printf_string("%.3g", value));
    }
    return text::digits(lang, printf_string("%.3g", value));
}

std::string kpi_label(const KpiDesc& kpi, Lang lang) {
    return std::string(text::raw(lang, kpi.label_msg));
}

std::string_view stage_label(run::Stage stage, Lang lang) {
    using text::Msg;
    switch (stage) {
    case run::IDEA:
        return text::raw(lang, Msg::StageIdea);
    case run::TEAM:
        return text::raw(lang, Msg::StageTeam);
    case run::PROTOTYPE:
        return text::raw(lang, Msg::StagePrototype);
    case run::PILOT:
        return text::raw(lang, Msg::StagePilot);
    case run::REVENUE:
        return text::raw(lang, Msg::StageRevenue);
    case run::SCALE:
        return text::raw(lang, Msg::StageScale);
    case run::EXITED:
        return text::raw(lang, Msg::StageExited);
    case run::FAILED:
        return text::raw(lang, Msg::StageFailed);
    default:
        return "?";
    }
}

std::string_view stage_name(run::Stage stage) {
    switch (stage) {
    case run::IDEA:
        return "Idea";
    case run::TEAM:
        return "Team";
    case run::PROTOTYPE:
        return "Prototype";
    case run::PILOT:
        return "Pilot";
    case run::REVENUE:
        return "Revenue";
    case run::SCALE:
        return "Scale";
    case run::EXITED:
        return "Exited";
    case run::FAILED:
        return "Failed";
    default:
        return "?";
    }
}

std::string_view event_kind_name(run::EventKind kind) {
    switch (kind) {
    case run::STARTUP_FOUNDED:
        return "Founded";
    case run::STAGE_ADVANCED:
        return "Stage";
    case run::STARTUP_FAILED:
        return "Failed";
    case run::STARTUP_EXITED:
        return "Exit";
    case run::TRANSFER:
        return "Money";
    case run::CHALLENGE_PUBLISHED:
        return "Challenge";
    case run::CHALLENGE_AWARDED:
        return "Award";
    case run::PILOT_STARTED:
        return "Pilot";
    case run::CONTRACT_SIGNED:
        return "Contract";
    case run::PROBLEM_SOLVED:
        return "Solved";
    case run::CERTIFIED:
        return "Certified";
    case run::DECERTIFIED:
        return "Decertified";
    case run::FACTORY_ADMITTED:
        return "Admitted";
    case run::FACTORY_GRADUATED:
        return "Graduated";
    case run::HIRED:
        return "Hired";
    case run::LAID_OFF:
        return "Laid off";
    case run::PIVOTED:
        return "Pivot";
    case run::TIE_FORMED:
        return "Tie";
    case run::LEVER_CHANGED:
        return "Lever";
    case run::CERT_APPLIED:
        return "Cert. applied";
    case run::ROUND_RAISED:
        return "Round";
    case run::LOAN_DEFAULTED:
        return "Default";
    default:
        return "Event";
    }
}

std::string_view reason_name(run::Reason reason) {
    switch (reason) {
    case run::FOUNDER_CAPITAL:
        return "Founder capital";
    case run::GRANT:
        return "Grant";
    case run::LOAN:
        return "Loan";
    case run::LOAN_REPAYMENT:
        return "Loan repayment";
    case run::EQUITY:
        return "Equity";
    case run::CHALLENGE_AWARD:
        return "Challenge award";
    case run::CONTRACT_PAYMENT:
        return "Contract";
    case run::MARKET_REVENUE:
        return "Market revenue";
    case run::SALARY:
        return "Salary";
    case run::RENT:
        return "Rent";
    case run::TAX:
        return "Tax";
    case run::EXIT_PROCEEDS:
        return "Exit proceeds";
    case run::BUDGET_ALLOCATION:
        return "Budget";
    case run::MUNICIPAL_REVENUE:
        return "Municipal revenue";
    case run::MUNICIPAL_SPENDING:
        return "Municipal spending";
    case run::SAVINGS:
        return "Savings";
    case run::FACTORY_OPERATIONS:
        return "Factory operations";
    case run::FUND_CAPITAL:
        return "Fund capital";
    case run::WRITE_OFF:
        return "Write-off";
    case run::INPUTS:
        return "Inputs";
    case run::FOUNDER_DRAW:
        return "Founders' draw";
    case run::DIVIDEND:
        return "Dividend";
    default:
        return "Other";
    }
}

std::string_view category_name(scenario::ProblemCategory category) {
    switch (category) {
    case scenario::REVENUE:
        return "Revenue";
    case scenario::COST:
        return "Cost";
    case scenario::IMPORT_DEPENDENCE:
        return "Import dependence";
    case scenario::SERVICE_QUALITY:
        return "Service quality";
    default:
        return "Market (no city problem)";
    }
}

std::string_view funder_kind_name(scenario::FunderKind kind) {
    switch (kind) {
    case scenario::MUNICIPAL_GRANT_FUND:
        return "Municipal grant fund";
    case scenario::NATIONAL_FUND:
        return "National fund";
    case scenario::VENTURE_CAPITAL:
        return "Venture capital";
    case scenario::ANGEL:
        return "Angels";
    case scenario::BANK:
        return "Bank";
    default:
        return "Funder";
    }
}

std::string_view failure_cause_name(run::FailureCause cause) {
    switch (cause) {
    case run::CASH_OUT:
        return "ran out of cash";
    case run::LOW_PROSPECTS:
        return "closed on low prospects";
    case run::TEAM_BREAKUP:
        return "team broke up";
    case run::DECERTIFIED_DEBT:
        return "could not service a loan";
    default:
        return "unknown cause";
    }
}

std::string_view agent_kind_name(run::AgentKind kind) {
    switch (kind) {
    case run::STARTUP:
        return "Startup";
    case run::DEPARTMENT:
        return "Department";
    case run::FUNDER:
        return "Funder";
    case run::FACTORY:
        return "Factory";
    case run::MUNICIPALITY:
        return "Municipality";
    case run::TALENT_POOL:
        return "Talent pool";
    case run::OUTSIDE:
        return "Outside";
    default:
        return "Agent";
    }
}

std::optional<AgentKey> parse_agent(std::string_view text) {
    const auto colon = text.find(':');
    const std::string_view kind = text.substr(0, colon);
    std::uint32_t id = 0;
    if (colon != std::string_view::npos) {
        const std::string_view digits = text.substr(colon + 1);
        if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string_view::npos) {
            return std::nullopt;
        }
        id = static_cast<std::uint32_t>(std::stoul(std::string(digits)));
    }
    const bool needs_id = kind == "startup" || kind == "department" || kind == "funder";
    if (needs_id != (colon != std::string_view::npos)) {
        return std::nullopt;
    }
    if (kind == "startup") {
        return AgentKey{run::STARTUP, id};
    }
    if (kind == "department") {
        return AgentKey{run::DEPARTMENT, id};
    }
    if (kind == "funder") {
        return AgentKey{run::FUNDER, id};
    }
    if (kind == "factory") {
        return AgentKey{run::FACTORY, 0};
    }
    if (kind == "municipality") {
        return AgentKey{run::MUNICIPALITY, 0};
    }
    return std::nullopt;
}

std::string agent_name(const run::World& world, AgentKey agent) {
    switch (agent.kind) {
    case run::STARTUP:
        return "Startup #" + std::to_string(agent.id);
    case run::DEPARTMENT:
        for (const run::DepartmentInfo& d : world.departments()) {
            if (d.id() == agent.id) {
                return d.name();
            }
        }
        return "Department " + std::to_string(agent.id);
    case run::FUNDER:
        for (const run::FunderInfo& f : world.funders()) {
            if (f.id() == agent.id) {
                return f.name();
            }
        }
        return "Funder " + std::to_string(agent.id);
    case run::FACTORY:
        return world.factory_name().empty() ? "Innovation factory" : world.factory_name();
    case run::MUNICIPALITY:
        return "Municipality";
    case run::TALENT_POOL:
        return "Talent pool";
    case run::OUTSIDE:
        return agent.id == 1 ? "Outside firms" : "Households & market";
    default:
        return "?";
    }
}

std::string event_kind_label(run::EventKind kind, Lang lang) {
    const int k = static_cast<int>(kind);
    if (k < 1 || k > 22) {
        return std::string(event_kind_name(kind));
    }
    return text::tr(lang, static_cast<text::Msg>(static_cast<int>(text::Msg::KindFounded) + k - 1));
}

std::string agent_label(const run::World& world, AgentKey agent, Lang lang) {
    if (lang == Lang::En) {
        return agent_name(world, agent);
    }
    switch (agent.kind) {
    case run::STARTUP:
        return text::tr(lang, text::Msg::StartupNumber, {text::digits(lang, std::to_string(agent.id))});
    case run::TALENT_POOL:
        return text::tr(lang, text::Msg::TalentPool);
    case run::OUTSIDE:
        return text::tr(lang, agent.id == 1 ? text::Msg::OutsideFirms : text::Msg::Households);
    default:
        return text::known_name(lang, agent_name(world, agent));
    }
}

namespace {

std::string failure_cause_label(run::FailureCause cause, Lang lang) {
    switch (cause) {
    case run::CASH_OUT:
        return text::tr(lang, text::Msg::CauseCashOut);
    case run::LOW_PROSPECTS:
        return text::tr(lang, text::Msg::CauseLowProspects);
    case run::TEAM_BREAKUP:
        return text::tr(lang, text::Msg::CauseTeamBreakup);
    case run::DECERTIFIED_DEBT:
        return text::tr(lang, text::Msg::CauseDebt);
    default:
        return text::tr(lang, text::Msg::CauseUnknown);
    }
}

/// The Persian line: the catalogue's templates with Persian names, digits and money.
std::string describe_event_in(const RunModel& model, const EventRec& e, Currency currency, Lang lang) {
    using text::Msg;
    const run::World& world = model.world();
    const std::string subject = agent_label(world, e.subject, lang);
    const std::string object = agent_label(world, e.object, lang);
    const std::string detail = text::known_name(lang, model.detail_text(e));
    const std::string money = format_money(static_cast<double>(e.amount_rial), currency, lang);
    const std::string about = detail.empty() ? "" : " (" + detail + ")";
    const auto n = [&](std::int64_t v) { return text::count(lang, v); };
    const auto category = [&](std::int64_t v) {
        return text::known_name(lang, category_name(static_cast<scenario::ProblemCategory>(v)));
    };
    switch (e.kind) {
    case run::STARTUP_FOUNDED:
        return text::tr(lang, Msg::EvFounded, {subject, category(e.value)});
    case run::STAGE_ADVANCED:
        return text::tr(lang, Msg::EvStage, {subject, stage_label(static_cast<run::Stage>(e.value), lang)});
    case run::STARTUP_FAILED:
        return text::tr(lang, Msg::EvFailed,
                        {subject, failure_cause_label(static_cast<run::FailureCause>(e.value), lang)});
    case run::STARTUP_EXITED:
        return text::tr(lang, Msg::EvExited, {subject, money});
    case run::TRANSFER:
        return text::tr(lang, Msg::EvTransfer,
                        {subject, object, money, text::known_name(lang, reason_name(e.reason))}) +
               about;
    case run::CHALLENGE_PUBLISHED:
        return text::tr(lang, Msg::EvChallenge, {subject, about, n(e.value)});
    case run::CHALLENGE_AWARDED:
        return text::tr(lang, Msg::EvAward, {subject, money, object, about});
    case run::PILOT_STARTED:
        return text::tr(lang, Msg::EvPilot, {subject, object, about});
    case run::CONTRACT_SIGNED:
        return text::tr(lang, Msg::EvContract, {subject, n(e.value), object, money, about});
    case run::PROBLEM_SOLVED:
        return text::tr(lang, Msg::EvSolved, {subject, about, object, money});
    case run::CERTIFIED:
        return text::tr(lang, Msg::EvCertified, {subject});
    case run::DECERTIFIED:
        return text::tr(lang, Msg::EvDecertified, {subject});
    case run::FACTORY_ADMITTED:
        return text::tr(lang, Msg::EvAdmitted, {subject, object});
    case run::FACTORY_GRADUATED:
        return text::tr(lang, Msg::EvGraduated, {subject, object});
    case run::HIRED:
        return text::tr(lang, Msg::EvHired, {subject, text::plural(lang, Msg::People, e.value)});
    case run::LAID_OFF:
        return text::tr(lang, Msg::EvLaidOff, {subject, text::plural(lang, Msg::People, -e.value)});
    case run::PIVOTED:
        return text::tr(lang, Msg::EvPivot, {subject, category(e.value)});
    case run::TIE_FORMED:
        return text::tr(lang, Msg::EvTie, {subject, object});
    case run::LEVER_CHANGED:
        return text::tr(lang, Msg::EvLever, {detail.empty() ? std::string() : ": " + detail});
    case run::CERT_APPLIED:
        return text::tr(lang, Msg::EvCertApplied, {subject});
    case run::ROUND_RAISED:
        return text::tr(lang, Msg::EvRound, {subject, money, object, about});
    case run::LOAN_DEFAULTED:
        return text::tr(lang, Msg::EvDefault, {subject, money, object});
    default:
        return text::tr(lang, Msg::EvOther, {subject, event_kind_label(e.kind, lang), about});
    }
}

} // namespace

std::string describe_event(const RunModel& model, const EventRec& e, Currency currency, Lang lang) {
    if (lang != Lang::En) {
        return describe_event_in(model, e, currency, lang);
    }
    const run::World& world = model.world();
    const std::string subject = agent_name(world, e.subject);
    const std::string object = agent_name(world, e.object);
    const std::string detail(model.detail_text(e));
    const std::string money = format_money(static_cast<double>(e.amount_rial), currency);
    const std::string about = detail.empty() ? "" : " (" + detail + ")";
    switch (e.kind) {
    case run::STARTUP_FOUNDED:
        return subject + " founded, working on " +
               std::string(category_name(static_cast<scenario::ProblemCategory>(e.value)));
    case run::STAGE_ADVANCED:
        return subject + " advanced to " + std::string(stage_name(static_cast<run::Stage>(e.value)));
    case run::STARTUP_FAILED:
        return subject + " failed: " + std::string(failure_cause_name(static_cast<run::FailureCause>(e.value)));
    case run::STARTUP_EXITED:
        return subject + " exited, valued at " + money;
    case run::TRANSFER:
        return subject + " -> " + object + ": " + money + " " + std::string(reason_name(e.reason)) + about;
    case run::CHALLENGE_PUBLISHED:
        return subject + " published a challenge" + about + ", " + std::to_string(e.value) + " bids";
    case run::CHALLENGE_AWARDED:
        return subject + " won a " + (e.value <= 0 ? "design" : (e.value == 1 ? "prototype" : "pilot")) + " award of " +
               money + " from " + object + about;
    case run::PILOT_STARTED:
        return subject + " started a pilot with " + object + about;
    case run::CONTRACT_SIGNED:
        return subject + " signed a " + std::to_string(e.value) + "-month contract with " + object + ", " + money +
               about;
    case run::PROBLEM_SOLVED:
        return subject + " solved" + about + " with " + object + ", worth " + money + " a year";
    case run::CERTIFIED:
        return subject + " certified knowledge-based";
    case run::DECERTIFIED:
        return subject + " lost its knowledge-based certificate";
    case run::FACTORY_ADMITTED:
        return subject + " admitted to " + object;
    case run::FACTORY_GRADUATED:
        return subject + " graduated from " + object;
    case run::HIRED:
        return subject + " hired " + std::to_string(e.value) + (e.value == 1 ? " person" : " people");
    case run::LAID_OFF:
        return subject + " laid off " + std::to_string(-e.value) + (e.value == -1 ? " person" : " people");
    case run::PIVOTED:
        return subject + " pivoted to " + std::string(category_name(static_cast<scenario::ProblemCategory>(e.value)));
    case run::TIE_FORMED:
        return subject + " and " + object + " formed a tie";
    case run::LEVER_CHANGED:
        return "Policy lever changed" + (detail.empty() ? std::string() : ": " + detail);
    case run::CERT_APPLIED:
        return subject + " applied for the knowledge-based certificate";
    case run::ROUND_RAISED:
        return subject + " raised " + money + " from " + object + about;
    case run::LOAN_DEFAULTED:
        return subject + " defaulted on " + money + " owed to " + object;
    default:
        return subject + ": " + std::string(event_kind_name(e.kind)) + about;
    }
}

std::string format_date(const sim::Calendar& calendar, Ticks t, Lang lang) {
    const sim::JalaliDate d = calendar.date_at(t);
    return text::short_date(lang, d.year, d.month, d.day);
}

std::string format_date_long(const sim::Calendar& calendar, Ticks t, Lang lang) {
    const sim::JalaliDate d = calendar.date_at(t);
    return text::long_date(lang, d.year, d.month, d.day);
}

std::string horizon_countdown(const sim::Calendar& calendar, Ticks now, Ticks horizon, Lang lang) {
    // By calendar day: the horizon's own day, from its first instant to its last, is "at the horizon".
    const auto days = static_cast<long long>(calendar.day_number_at(now) - calendar.day_number_at(horizon));
    if (days == 0) {
        return text::tr(lang, text::Msg::AtTheHorizon);
    }
    return days < 0 ? text::plural(lang, text::Msg::DaysToHorizon, -days)
                    : text::plural(lang, text::Msg::DaysPastHorizon, days);
}

} // namespace innosim::viz

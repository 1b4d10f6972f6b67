#pragma once

// Every string innosim shows people, in English and Persian, from one table (catalogue.cpp).
// Placeholders are {0}, {1}...; a message with a count has an English singular and plural
// separated by '|' ("{0} pilot|{0} pilots"); Persian puts the singular noun after any number.

#include "tools/text/lang.hpp"

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

namespace innosim::text {

enum class Msg {
    // [SECTION] KPIs, by their summary-JSON names
    KpiActiveStartups,
    KpiJobs,
    KpiKnowledgeBasedFirms,
    KpiPriorityProblemsSolved,
    KpiSustainableRevenueShare,
    KpiMunicipalSavings,
    KpiNewRevenue,
    KpiImportDependency,
    KpiQualityOfLife,
    KpiStartupsFounded,
    KpiStartupsFailed,
    KpiExits,
    KpiPublicMoneyPerJob,
    KpiPrivateLeverage,
    KpiFactoryOccupancy,
    KpiIdlePublicMoney,
    // [SECTION] Time
    AtTheHorizon,
    DaysToHorizon,
    DaysPastHorizon,
    Horizon,
    Interpolated,
    ChapterOf,
    ChaptersToBegin,
    // [SECTION] Targets and differences
    Target,
    TargetShare,
    TargetMetIn,
    RunA,
    RunB,
    Difference,
    Same,
    PerJob,
    // [SECTION] Map
    Departments,
    Funders,
    InnovationFactory,
    Factory,
    SolvedPilots,
    Pilots,
    MoneyOut,
    Municipality,
    Startups,
    Jobs,
    // [SECTION] Stages
    StageIdea,
    StageTeam,
    StagePrototype,
    StagePilot,
    StageRevenue,
    StageScale,
    StageExited,
    StageFailed,
    // [SECTION] Menus and controls
    MenuFile,
    MenuView,
    MenuLanguage,
    MenuPlayback,
    MenuBookmarks,
    MenuHelp,
    LanguageEnglish,
    LanguagePersian,
    MenuTheme,
    ThemeDark,
    ThemeLight,
    PresentationMode,
    PresentationFunding,
    Play,
    Pause,
    ForkFromHere,
    GoToDate,
    PresentationKeys,
    // [SECTION] Why: levers in words, mechanisms and their signals
    WhyTitle,
    WhySame,
    WhyNumbersAt,
    MechPaymentDelay,
    MechFunding,
    MechFactory,
    MechChallenges,
    MechOther,
    LeverPaymentDelay,
    LeverFactoryCapacity,
    LeverInnovationBudget,
    LeverGrantFund,
    LeverFactoryShare,
    LeverLocalReserve,
    LeverChallengesPerYear,
    LeverEveryDepartment,
    LeverAB,
    LeverSince,
    LeverLater,
    UnitDays,
    UnitTeams,
    UnitMonths,
    SignalUnpaidInvoices,
    SignalCashOut,
    SignalFundIdle,
    SignalInvested,
    SignalBudgetsLeft,
    SignalOccupancy,
    SignalApplicants,
    SignalGraduates,
    SignalProblemsOpen,
    SignalPilots,
    SignalContracts,
    SignalSolved,
    // [SECTION] Compare panel and branches
    CompareTitle,
    BranchedOn,
    AtTheHorizonCheck,
    MoneyInRial,
    MoneyInToman,
    AnotherFuture,
    ColumnKpi,
    BranchFrom,
    MoreLevers,
    CityMap,
    KpisTitle,
    KpisTitleCompare,
    KpisTitleDifference,
    // [SECTION] Events: kinds in EventKind order (1..22), then descriptions
    KindFounded,
    KindStage,
    KindFailed,
    KindExit,
    KindMoney,
    KindChallenge,
    KindAward,
    KindPilot,
    KindContract,
    KindSolved,
    KindCertified,
    KindDecertified,
    KindAdmitted,
    KindGraduated,
    KindHired,
    KindLaidOff,
    KindPivot,
    KindTie,
    KindLever,
    KindCertApplied,
    KindRound,
    KindDefault,
    EvFounded,
    EvStage,
    EvFailed,
    EvExited,
    EvTransfer,
    EvChallenge,
    EvAward,
    EvPilot,
    EvContract,
    EvSolved,
    EvCertified,
    EvDecertified,
    EvAdmitted,
    EvGraduated,
    EvHired,
    EvLaidOff,
    EvPivot,
    EvTie,
    EvLever,
    EvCertApplied,
    EvRound,
    EvDefault,
    EvOther,
    People,
    StartupNumber,
    CauseCashOut,
    CauseLowProspects,
    CauseTeamBreakup,
    CauseDebt,
    CauseUnknown,
    Households,
    OutsideFirms,
    TalentPool,
    FeedTitle,
    FeedDate,
    FeedKind,
    FeedWhat,
    FeedKinds,
    FeedSearch,
    FeedAllAgents,
    FeedOnlySelected,
    // [SECTION] Playback speeds, in kSpeeds order
    SpeedDay,
    SpeedWeek,
    SpeedMonth,
    SpeedQuarter,
    SpeedHalfYear,
    SpeedYear,
    KpisBands,
    TargetOdds,
    // [SECTION] Funding diagram
    SankeyTitle,
    SankeyLast12,
    SankeySolarYear,
    SankeyWholeRun,
    SankeyByStage,
    SankeyByProblem,
    SankeyTotal,
    SankeyDates,
    SankeyToman,
    SankeyNone,
    Count
};

inline constexpr std::size_t kMsgCount = static_cast<std::size_t>(Msg::Count);

/// The message's text in `lang`, placeholders untouched.
std::string_view raw(Lang lang, Msg msg);
/// The message with {0}, {1}... replaced by `args` (passed as given: localise numbers first).
std::string tr(Lang lang, Msg msg, std::initializer_list<std::string_view> args = {});
/// A counted message: the English singular for n == 1, else the plural; {0} is n in the
/// language's digits.
std::string plural(Lang lang, Msg msg, long long n);
/// The message's identifier in the table ("KpiJobs"), for tests and diagnostics.
std::string_view msg_id(Msg msg);

/// A name from the scenario in `lang`: Mashhad's departments, funders, districts ("District 9" ->
/// "منطقهٔ ۹"), its factory and the shipped scenarios have Persian names people use; any other
/// name (one typed in Persian, a new department) is returned as given.
std::string known_name(Lang lang, std::string_view name);

} // namespace innosim::text

#include "tools/text/catalogue.hpp"

#include <array>

namespace innosim::text {

namespace {

struct Entry {
    Msg msg;
    std::string_view id;
    std::string_view en;
    std::string_view fa;
};

// clang-format off
constexpr std::array<Entry, kMsgCount> kEntries{{
    {Msg::KpiActiveStartups, "KpiActiveStartups", "Active startups", "استارتاپ‌های فعال"},
    {Msg::KpiJobs, "KpiJobs", "Jobs", "اشتغال"},
    {Msg::KpiKnowledgeBasedFirms, "KpiKnowledgeBasedFirms", "Knowledge-based firms", "شرکت‌های دانش‌بنیان"},
    {Msg::KpiPriorityProblemsSolved, "KpiPriorityProblemsSolved", "Priority problems solved", "مسائل اولویت‌دار حل‌شده"},
    {Msg::KpiSustainableRevenueShare, "KpiSustainableRevenueShare", "Sustainable revenue share", "سهم درآمد پایدار"},
    {Msg::KpiMunicipalSavings, "KpiMunicipalSavings", "Municipal savings", "صرفه‌جویی شهرداری"},
    {Msg::KpiNewRevenue, "KpiNewRevenue", "New municipal revenue", "درآمد جدید شهرداری"},
    {Msg::KpiImportDependency, "KpiImportDependency", "Import dependency", "وابستگی به واردات"},
    {Msg::KpiQualityOfLife, "KpiQualityOfLife", "Quality of life", "کیفیت زندگی"},
    {Msg::KpiStartupsFounded, "KpiStartupsFounded", "Startups founded", "استارتاپ‌های تأسیس‌شده"},
    {Msg::KpiStartupsFailed, "KpiStartupsFailed", "Startups failed", "استارتاپ‌های شکست‌خورده"},
    {Msg::KpiExits, "KpiExits", "Exits", "خروج‌های موفق"},
    {Msg::KpiPublicMoneyPerJob, "KpiPublicMoneyPerJob", "Public money per job", "هزینهٔ عمومی هر شغل"},
    {Msg::KpiPrivateLeverage, "KpiPrivateLeverage", "Private leverage", "اهرم سرمایهٔ خصوصی"},
    {Msg::KpiFactoryOccupancy, "KpiFactoryOccupancy", "Factory occupancy", "اشغال کارخانهٔ نوآوری"},
    {Msg::KpiIdlePublicMoney, "KpiIdlePublicMoney", "Idle public money", "پول عمومی بلااستفاده"},
    {Msg::AtTheHorizon, "AtTheHorizon", "at the horizon", "در افق"},
    {Msg::DaysToHorizon, "DaysToHorizon", "{0} day to the horizon|{0} days to the horizon", "{0} روز تا افق"},
    {Msg::DaysPastHorizon, "DaysPastHorizon", "{0} day past the horizon|{0} days past the horizon", "{0} روز پس از افق"},
    {Msg::Horizon, "Horizon", "horizon", "افق"},
    {Msg::Interpolated, "Interpolated", "between snapshots: interpolated", "میان دو برداشت: درون‌یابی‌شده"},
    {Msg::ChapterOf, "ChapterOf", "Chapter {0} of {1}", "فصل {0} از {1}"},
    {Msg::ChaptersToBegin, "ChaptersToBegin", "{0} chapter: PageDown to begin|{0} chapters: PageDown to begin", "{0} فصل: برای شروع PageDown"},
    {Msg::Target, "Target", "target {0}", "هدف {0}"},
    {Msg::TargetShare, "TargetShare", "target {0} ({1} of it)", "هدف {0} ({1} آن)"},
    {Msg::TargetMetIn, "TargetMetIn", "target {0} met in {1} of futures", "هدف {0} در {1} آینده‌ها محقق"},
    {Msg::RunA, "RunA", "A", "الف"},
    {Msg::RunB, "RunB", "B", "ب"},
    {Msg::Difference, "Difference", "B − A", "ب − الف"},
    {Msg::Same, "Same", "same", "بی‌تغییر"},
    {Msg::PerJob, "PerJob", "{0} / job", "{0} برای هر شغل"},
    {Msg::Departments, "Departments", "DEPARTMENTS", "سازمان‌های شهرداری"},
    {Msg::Funders, "Funders", "FUNDERS", "تأمین‌کنندگان مالی"},
    {Msg::InnovationFactory, "InnovationFactory", "Innovation factory", "کارخانهٔ نوآوری"},
    {Msg::Factory, "Factory", "Factory {0}", "کارخانه {0}"},
    {Msg::SolvedPilots, "SolvedPilots", "{0} solved, {1}", "{0} حل‌شده، {1}"},
    {Msg::Pilots, "Pilots", "{0} pilot|{0} pilots", "{0} آزمایش میدانی"},
    {Msg::MoneyOut, "MoneyOut", "{0} out", "{0} پرداخت‌شده"},
    {Msg::Municipality, "Municipality", "Municipality", "شهرداری"},
    {Msg::Startups, "Startups", "{0} startup|{0} startups", "{0} استارتاپ"},
    {Msg::Jobs, "Jobs", "{0} job|{0} jobs", "{0} شغل"},
    {Msg::StageIdea, "StageIdea", "Idea", "ایده"},
    {Msg::StageTeam, "StageTeam", "Team", "تیم"},
    {Msg::StagePrototype, "StagePrototype", "Prototype", "نمونهٔ اولیه"},
    {Msg::StagePilot, "StagePilot", "Pilot", "آزمایش میدانی"},
    {Msg::StageRevenue, "StageRevenue", "Revenue", "درآمدزایی"},
    {Msg::StageScale, "StageScale", "Scale", "رشد"},
    {Msg::StageExited, "StageExited", "Exited", "واگذارشده"},
    {Msg::StageFailed, "StageFailed", "Failed", "شکست‌خورده"},
    {Msg::MenuFile, "MenuFile", "File", "پرونده"},
    {Msg::MenuView, "MenuView", "View", "نمایش"},
    {Msg::MenuLanguage, "MenuLanguage", "Language", "زبان"},
    {Msg::MenuPlayback, "MenuPlayback", "Playback", "پخش"},
    {Msg::MenuBookmarks, "MenuBookmarks", "Bookmarks", "نشانک‌ها"},
    {Msg::MenuHelp, "MenuHelp", "Help", "راهنما"},
    {Msg::LanguageEnglish, "LanguageEnglish", "English", "English"},
    {Msg::LanguagePersian, "LanguagePersian", "فارسی", "فارسی"},
    {Msg::MenuTheme, "MenuTheme", "Theme", "رنگ‌ها"},
    {Msg::ThemeDark, "ThemeDark", "Dark", "تیره"},
    {Msg::ThemeLight, "ThemeLight", "Light (bright rooms, projectors)", "روشن (اتاق روشن، ویدئوپروژکتور)"},
    {Msg::PresentationMode, "PresentationMode", "Presentation mode", "حالت ارائه"},
    {Msg::PresentationFunding, "PresentationFunding", "Presentation: funding flows instead of the reason", "ارائه: جریان پول به‌جای دلیل"},
    {Msg::Play, "Play", "Play (Space)", "پخش (Space)"},
    {Msg::Pause, "Pause", "Pause (Space)", "توقف (Space)"},
    {Msg::ForkFromHere, "ForkFromHere", "Fork from here...", "انشعاب از اینجا..."},
    {Msg::GoToDate, "GoToDate", "Go to date", "برو به تاریخ"},
    {Msg::PresentationKeys, "PresentationKeys", "Space play   PgDn/PgUp chapters   Esc leave", "Space پخش   PgDn/PgUp فصل‌ها   Esc خروج"},
    {Msg::WhyTitle, "WhyTitle", "Why: what B changes and what it moves", "چرا: آنچه «ب» تغییر می‌دهد و آنچه جابه‌جا می‌شود"},
    {Msg::WhySame, "WhySame", "Same levers in A and B: the differences are chance (another future)", "اهرم‌های «الف» و «ب» یکسان‌اند: تفاوت‌ها تصادفی است (آینده‌ای دیگر)"},
    {Msg::WhyNumbersAt, "WhyNumbersAt", "as of {0}", "در {0}"},
    {Msg::MechPaymentDelay, "MechPaymentDelay", "Paying startups' invoices", "پرداخت صورت‌حساب استارتاپ‌ها"},
    {Msg::MechFunding, "MechFunding", "Public money for startups", "پول عمومی برای استارتاپ‌ها"},
    {Msg::MechFactory, "MechFactory", "The innovation factory", "کارخانهٔ نوآوری"},
    {Msg::MechChallenges, "MechChallenges", "Challenges and procurement", "چالش‌ها و خرید شهرداری"},
    {Msg::MechOther, "MechOther", "Other levers", "اهرم‌های دیگر"},
    {Msg::LeverPaymentDelay, "LeverPaymentDelay", "Payment delay", "مهلت پرداخت"},
    {Msg::LeverFactoryCapacity, "LeverFactoryCapacity", "Factory capacity", "ظرفیت کارخانه"},
    {Msg::LeverInnovationBudget, "LeverInnovationBudget", "Innovation budget", "بودجهٔ نوآوری"},
    {Msg::LeverGrantFund, "LeverGrantFund", "Grant fund's share of it", "سهم صندوق کمک از آن"},
    {Msg::LeverFactoryShare, "LeverFactoryShare", "Factory's share of it", "سهم کارخانه از آن"},
    {Msg::LeverLocalReserve, "LeverLocalReserve", "Purchases reserved for local firms", "خرید ویژهٔ شرکت‌های محلی"},
    {Msg::LeverChallengesPerYear, "LeverChallengesPerYear", "Challenges a year", "چالش در سال"},
    {Msg::LeverEveryDepartment, "LeverEveryDepartment", "{0}, every department", "{0}، همهٔ سازمان‌ها"},
    {Msg::LeverAB, "LeverAB", "{0}: A {1}, B {2}", "{0}: الف {1}، ب {2}"},
    {Msg::LeverSince, "LeverSince", "since {0}", "از {0}"},
    {Msg::LeverLater, "LeverLater", "B changes it on {0}", "«ب» آن را در {0} تغییر می‌دهد"},
    {Msg::UnitDays, "UnitDays", "{0} day|{0} days", "{0} روز"},
    {Msg::UnitTeams, "UnitTeams", "{0} team|{0} teams", "{0} تیم"},
    {Msg::UnitMonths, "UnitMonths", "{0} month|{0} months", "{0} ماه"},
    {Msg::SignalUnpaidInvoices, "SignalUnpaidInvoices", "Unpaid invoices to startups", "صورت‌حساب‌های پرداخت‌نشده به استارتاپ‌ها"},
    {Msg::SignalCashOut, "SignalCashOut", "Startups out of cash, so far", "استارتاپ‌هایی که پولشان تمام شد، تاکنون"},
    {Msg::SignalFundIdle, "SignalFundIdle", "Municipal fund money not invested", "پول سرمایه‌گذاری‌نشدهٔ صندوق شهرداری"},
    {Msg::SignalInvested, "SignalInvested", "Invested by all funders, so far", "سرمایه‌گذاری همهٔ تأمین‌کنندگان، تاکنون"},
    {Msg::SignalBudgetsLeft, "SignalBudgetsLeft", "Department budgets not yet committed", "بودجهٔ تعهدنشدهٔ سازمان‌ها"},
    {Msg::SignalOccupancy, "SignalOccupancy", "Factory occupancy", "اشغال کارخانه"},
    {Msg::SignalApplicants, "SignalApplicants", "Teams applying, last round", "تیم‌های متقاضی، دور آخر"},
    {Msg::SignalGraduates, "SignalGraduates", "Teams graduated, so far", "تیم‌های فارغ‌التحصیل، تاکنون"},
    {Msg::SignalProblemsOpen, "SignalProblemsOpen", "Problems open as challenges", "مسائل باز به‌صورت چالش"},
    {Msg::SignalPilots, "SignalPilots", "Pilots running", "آزمایش‌های میدانی جاری"},
    {Msg::SignalContracts, "SignalContracts", "Contracts running", "قراردادهای جاری"},
    {Msg::SignalSolved, "SignalSolved", "Problems solved, so far", "مسائل حل‌شده، تاکنون"},
    {Msg::CompareTitle, "CompareTitle", "Compare A and B", "مقایسهٔ الف و ب"},
    {Msg::BranchedOn, "BranchedOn", "B branched off A on {0}", "«ب» در {0} از «الف» جدا شد"},
    {Msg::AtTheHorizonCheck, "AtTheHorizonCheck", "at the horizon", "در افق"},
    {Msg::MoneyInRial, "MoneyInRial", "money in Rial", "پول به ریال"},
    {Msg::MoneyInToman, "MoneyInToman", "money in Toman", "پول به تومان"},
    {Msg::AnotherFuture, "AnotherFuture", "Another future of the same policy (seed {0} and {1})", "آینده‌ای دیگر از همان سیاست (بذر {0} و {1})"},
    {Msg::ColumnKpi, "ColumnKpi", "Indicator", "شاخص"},
    {Msg::BranchFrom, "BranchFrom", "{0} from {1}", "{0} از {1}"},
    {Msg::MoreLevers, "MoreLevers", "{0} more|{0} more", "{0} مورد دیگر"},
    {Msg::CityMap, "CityMap", "City map - {0}", "نقشهٔ شهر: {0}"},
    {Msg::KpisTitle, "KpisTitle", "KPIs over time", "شاخص‌ها در طول زمان"},
    {Msg::KpisTitleCompare, "KpisTitleCompare", "KPIs: A (blue) and B (orange) over time", "شاخص‌ها: الف (آبی) و ب (نارنجی) در طول زمان"},
    {Msg::KpisTitleDifference, "KpisTitleDifference", "KPIs: B - A over time (0: no difference)", "شاخص‌ها: ب − الف در طول زمان (۰: بی‌تفاوت)"},
    {Msg::KindFounded, "KindFounded", "Founded", "تأسیس"},
    {Msg::KindStage, "KindStage", "Stage", "مرحله"},
    {Msg::KindFailed, "KindFailed", "Failed", "شکست"},
    {Msg::KindExit, "KindExit", "Exit", "واگذاری"},
    {Msg::KindMoney, "KindMoney", "Money", "پول"},
    {Msg::KindChallenge, "KindChallenge", "Challenge", "چالش"},
    {Msg::KindAward, "KindAward", "Award", "جایزه"},
    {Msg::KindPilot, "KindPilot", "Pilot", "آزمایش"},
    {Msg::KindContract, "KindContract", "Contract", "قرارداد"},
    {Msg::KindSolved, "KindSolved", "Solved", "حل مسئله"},
    {Msg::KindCertified, "KindCertified", "Certified", "دانش‌بنیان"},
    {Msg::KindDecertified, "KindDecertified", "Decertified", "لغو دانش‌بنیانی"},
    {Msg::KindAdmitted, "KindAdmitted", "Admitted", "پذیرش"},
    {Msg::KindGraduated, "KindGraduated", "Graduated", "فراغت"},
    {Msg::KindHired, "KindHired", "Hired", "استخدام"},
    {Msg::KindLaidOff, "KindLaidOff", "Laid off", "تعدیل"},
    {Msg::KindPivot, "KindPivot", "Pivot", "تغییر مسیر"},
    {Msg::KindTie, "KindTie", "Tie", "ارتباط"},
    {Msg::KindLever, "KindLever", "Lever", "اهرم"},
    {Msg::KindCertApplied, "KindCertApplied", "Cert. applied", "درخواست گواهی"},
    {Msg::KindRound, "KindRound", "Round", "جذب سرمایه"},
    {Msg::KindDefault, "KindDefault", "Default", "نکول"},
    {Msg::EvFounded, "EvFounded", "{0} founded, working on {1}", "{0} تأسیس شد؛ حوزه: {1}"},
    {Msg::EvStage, "EvStage", "{0} advanced to {1}", "{0} به مرحلهٔ {1} رسید"},
    {Msg::EvFailed, "EvFailed", "{0} failed: {1}", "{0} شکست خورد: {1}"},
    {Msg::EvExited, "EvExited", "{0} exited, valued at {1}", "{0} واگذار شد با ارزش {1}"},
    {Msg::EvTransfer, "EvTransfer", "{0} -> {1}: {2} {3}", "{0} ← {1}: {2} {3}"},
    {Msg::EvChallenge, "EvChallenge", "{0} published a challenge{1}, {2} bids", "{0} چالشی منتشر کرد{1}، {2} پیشنهاد"},
    {Msg::EvAward, "EvAward", "{0} won an award of {1} from {2}{3}", "{0} جایزه‌ای به مبلغ {1} از {2} برد{3}"},
    {Msg::EvPilot, "EvPilot", "{0} started a pilot with {1}{2}", "{0} آزمایش میدانی با {1} را آغاز کرد{2}"},
    {Msg::EvContract, "EvContract", "{0} signed a {1}-month contract with {2}, {3}{4}", "{0} قراردادی {1} ماهه با {2} بست، {3}{4}"},
    {Msg::EvSolved, "EvSolved", "{0} solved{1} with {2}, worth {3} a year", "{0} مسئله{1} را با {2} حل کرد، سالانه {3}"},
    {Msg::EvCertified, "EvCertified", "{0} certified knowledge-based", "{0} دانش‌بنیان شد"},
    {Msg::EvDecertified, "EvDecertified", "{0} lost its knowledge-based certificate", "{0} گواهی دانش‌بنیانی را از دست داد"},
    {Msg::EvAdmitted, "EvAdmitted", "{0} admitted to {1}", "{0} در {1} پذیرفته شد"},
    {Msg::EvGraduated, "EvGraduated", "{0} graduated from {1}", "{0} از {1} فارغ‌التحصیل شد"},
    {Msg::EvHired, "EvHired", "{0} hired {1}", "{0} {1} استخدام کرد"},
    {Msg::EvLaidOff, "EvLaidOff", "{0} laid off {1}", "{0} {1} را تعدیل کرد"},
    {Msg::EvPivot, "EvPivot", "{0} pivoted to {1}", "{0} به حوزهٔ {1} تغییر مسیر داد"},
    {Msg::EvTie, "EvTie", "{0} and {1} formed a tie", "{0} و {1} ارتباط برقرار کردند"},
    {Msg::EvLever, "EvLever", "Policy lever changed{0}", "اهرم سیاستی تغییر کرد{0}"},
    {Msg::EvCertApplied, "EvCertApplied", "{0} applied for the knowledge-based certificate", "{0} برای گواهی دانش‌بنیانی درخواست داد"},
    {Msg::EvRound, "EvRound", "{0} raised {1} from {2}{3}", "{0} مبلغ {1} از {2} جذب کرد{3}"},
    {Msg::EvDefault, "EvDefault", "{0} defaulted on {1} owed to {2}", "{0} در بازپرداخت {1} به {2} نکول کرد"},
    {Msg::EvOther, "EvOther", "{0}: {1}{2}", "{0}: {1}{2}"},
    {Msg::People, "People", "{0} person|{0} people", "{0} نفر"},
    {Msg::StartupNumber, "StartupNumber", "Startup #{0}", "استارتاپ {0}"},
    {Msg::CauseCashOut, "CauseCashOut", "ran out of cash", "پولش تمام شد"},
    {Msg::CauseLowProspects, "CauseLowProspects", "closed on low prospects", "به‌دلیل چشم‌انداز ضعیف بسته شد"},
    {Msg::CauseTeamBreakup, "CauseTeamBreakup", "team broke up", "تیمش از هم پاشید"},
    {Msg::CauseDebt, "CauseDebt", "could not service a loan", "نتوانست وامش را بپردازد"},
    {Msg::CauseUnknown, "CauseUnknown", "unknown cause", "علت نامعلوم"},
    {Msg::Households, "Households", "Households & market", "خانوارها و بازار"},
    {Msg::OutsideFirms, "OutsideFirms", "Outside firms", "شرکت‌های بیرونی"},
    {Msg::TalentPool, "TalentPool", "Talent pool", "بازار نیروی کار"},
    {Msg::FeedTitle, "FeedTitle", "Event feed", "رویدادها"},
    {Msg::FeedDate, "FeedDate", "Date", "تاریخ"},
    {Msg::FeedKind, "FeedKind", "Kind", "نوع"},
    {Msg::FeedWhat, "FeedWhat", "What happened ({0})", "چه رخ داد ({0})"},
    {Msg::FeedKinds, "FeedKinds", "Kinds...", "انواع..."},
    {Msg::FeedSearch, "FeedSearch", "search text", "جست‌وجو"},
    {Msg::FeedAllAgents, "FeedAllAgents", "all agents", "همهٔ عامل‌ها"},
    {Msg::FeedOnlySelected, "FeedOnlySelected", "Only the selected", "فقط انتخاب‌شده"},
    {Msg::SpeedDay, "SpeedDay", "1 day/s", "۱ روز در ثانیه"},
    {Msg::SpeedWeek, "SpeedWeek", "1 week/s", "۱ هفته در ثانیه"},
    {Msg::SpeedMonth, "SpeedMonth", "1 month/s", "۱ ماه در ثانیه"},
    {Msg::SpeedQuarter, "SpeedQuarter", "1 quarter/s", "۱ فصل در ثانیه"},
    {Msg::SpeedHalfYear, "SpeedHalfYear", "6 months/s", "۶ ماه در ثانیه"},
    {Msg::SpeedYear, "SpeedYear", "1 year/s", "۱ سال در ثانیه"},
    {Msg::KpisBands, "KpisBands", "{0}; bands: the middle 50% and 90% of {1} futures", "{0}؛ نوارها: ۵۰٪ و ۹۰٪ میانیِ {1} آینده"},
    {Msg::TargetOdds, "TargetOdds", "target {0}: met in {1} of {2} futures", "هدف {0}: در {1} از {2} آینده محقق"},
    {Msg::SankeyTitle, "SankeyTitle", "Funding flows", "جریان پول به استارتاپ‌ها"},
    {Msg::SankeyLast12, "SankeyLast12", "Last 12 months", "۱۲ ماه گذشته"},
    {Msg::SankeySolarYear, "SankeySolarYear", "This Solar year", "امسال"},
    {Msg::SankeyWholeRun, "SankeyWholeRun", "Whole run so far", "از آغاز تاکنون"},
    {Msg::SankeyByStage, "SankeyByStage", "stage", "مرحله"},
    {Msg::SankeyByProblem, "SankeyByProblem", "problem", "مسئله"},
    {Msg::SankeyTotal, "SankeyTotal", "Total {0}", "جمع {0}"},
    {Msg::SankeyDates, "SankeyDates", "({0} to {1})", "({0} تا {1})"},
    {Msg::SankeyToman, "SankeyToman", "Toman", "تومان"},
    {Msg::SankeyNone, "SankeyNone", "No funding reached startups in this period.", "در این دوره پولی به استارتاپ‌ها نرسید."},
}};
// clang-format on

constexpr bool in_order() {
    for (std::size_t i = 0; i < kEntries.size(); ++i) {
        if (static_cast<std::size_t>(kEntries[i].msg) != i) {
            return false;
        }
    }
    return true;
}
static_assert(in_order(), "catalogue entries must follow the order of Msg");

std::string substitute(std::string_view text, std::initializer_list<std::string_view> args) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '{' && i + 2 < text.size() && text[i + 2] == '}' && text[i + 1] >= '0' && text[i + 1] <= '9') {
            const auto n = static_cast<std::size_t>(text[i + 1] - '0');
            if (n < args.size()) {
                out += *(args.begin() + n);
            }
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

} // namespace

std::string_view raw(Lang lang, Msg msg) {
    const Entry& e = kEntries[static_cast<std::size_t>(msg)];
    return lang == Lang::Fa ? e.fa : e.en;
}

std::string_view msg_id(Msg msg) {
    return kEntries[static_cast<std::size_t>(msg)].id;
}

std::string tr(Lang lang, Msg msg, std::initializer_list<std::string_view> args) {
    std::string_view text = raw(lang, msg);
    if (const auto bar = text.find('|'); bar != std::string_view::npos) {
        text = text.substr(bar + 1); // uncounted use of a counted message: the plural
    }
    return substitute(text, args);
}

std::string plural(Lang lang, Msg msg, long long n) {
    std::string_view text = raw(lang, msg);
    if (const auto bar = text.find('|'); bar != std::string_view::npos) {
        text = n == 1 ? text.substr(0, bar) : text.substr(bar + 1);
    }
    const std::string number = count(lang, n);
    return substitute(text, {number});
}

namespace {

struct Name {
    std::string_view en;
    std::string_view fa;
};

// clang-format off
constexpr Name kNames[] = {
    // Departments
    {"Transport & Traffic", "حمل‌ونقل و ترافیک"},
    {"Public Transport", "حمل‌ونقل عمومی"},
    {"Urban Services & Waste", "خدمات شهری و پسماند"},
    {"Finance & Revenue", "مالی و درآمد"},
    {"ICT & Smart City", "فناوری اطلاعات و شهر هوشمند"},
    {"Urban Planning", "شهرسازی"},
    {"Environment & Green Space", "محیط زیست و فضای سبز"},
    {"Fire & Crisis Management", "آتش‌نشانی و مدیریت بحران"},
    {"Social, Cultural & Pilgrimage", "اجتماعی، فرهنگی و زیارت"},
    // Funders
    {"Mashhad Innovation Fund", "صندوق نوآوری مشهد"},
    {"Innovation & Prosperity Fund (INIF)", "صندوق نوآوری و شکوفایی"},
    {"Khorasan Ventures", "سرمایه‌گذاری خطرپذیر خراسان"},
    {"Tehran VC (national)", "سرمایه‌گذار خطرپذیر تهران (ملی)"},
    {"Mashhad Angels", "سرمایه‌گذاران فرشتهٔ مشهد"},
    {"Bank (note-18 soft loans)", "بانک (تسهیلات تبصرهٔ ۱۸)"},
    // Places
    {"Mashhad Innovation Factory", "کارخانهٔ نوآوری مشهد"},
    {"Samen", "ثامن"},
    // Where money comes from and how it goes (the funding diagram)
    {"City departments", "سازمان‌های شهرداری"},
    {"Founders", "بنیان‌گذاران"},
    {"Other private", "دیگر منابع خصوصی"},
    {"Municipality", "شهرداری"},
    {"Innovation factory", "کارخانهٔ نوآوری"},
    {"Founder capital", "سرمایهٔ بنیان‌گذاران"},
    {"Grant", "کمک بلاعوض"},
    {"Loan", "وام"},
    {"Loan repayment", "بازپرداخت وام"},
    {"Equity", "سرمایه‌گذاری سهامی"},
    {"Challenge award", "جایزهٔ چالش"},
    {"Contract", "قرارداد"},
    {"Market revenue", "درآمد از بازار"},
    {"Exit proceeds", "عواید واگذاری"},
    {"Budget", "بودجه"},
    {"Cost", "کاهش هزینه"},
    {"Import dependence", "وابستگی به واردات"},
    {"Service quality", "کیفیت خدمات"},
    {"Market (no city problem)", "بازار (بدون مسئلهٔ شهری)"},
    // Scenarios
    {"Mashhad baseline", "مشهد، وضع موجود"},
    {"Pay suppliers on time", "پرداخت به‌موقع به تأمین‌کنندگان"},
    {"Buy local (30% reserve)", "خرید محلی (۳۰٪ سهمیه)"},
    {"Challenge push", "چالش‌های بیشتر"},
    {"Grants cut", "کاهش کمک‌های بلاعوض"},
    {"Factory x2 by 1403", "کارخانهٔ دوبرابر تا ۱۴۰۳"},
    {"Priority-first factory", "کارخانه با اولویت مسائل"},
    {"1404 vision package", "بستهٔ چشم‌انداز ۱۴۰۴"},
};
// clang-format on

} // namespace

std::string known_name(Lang lang, std::string_view name) {
    if (lang != Lang::Fa) {
        return std::string(name);
    }
    for (const Name& n : kNames) {
        if (n.en == name) {
            return std::string(n.fa);
        }
    }
    // "District 12" -> "منطقهٔ ۱۲"
    constexpr std::string_view kDistrict = "District ";
    if (name.starts_with(kDistrict) && name.size() > kDistrict.size() &&
        name.substr(kDistrict.size()).find_first_not_of("0123456789") == std::string_view::npos) {
        return "منطقهٔ " + digits(lang, name.substr(kDistrict.size()));
    }
    return std::string(name);
}

} // namespace innosim::text

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
    {Msg::SignalUnpaidInvoices, "SignalUnpaidInvoices", "Unpaid invoices owed to startups", "صورت‌حساب‌های پرداخت‌نشده به استارتاپ‌ها"},
    {Msg::SignalCashOut, "SignalCashOut", "Startups that ran out of cash, so far", "استارتاپ‌هایی که پولشان تمام شد، تاکنون"},
    {Msg::SignalFundIdle, "SignalFundIdle", "Municipal fund money not invested", "پول سرمایه‌گذاری‌نشدهٔ صندوق شهرداری"},
    {Msg::SignalInvested, "SignalInvested", "Invested in startups by all funders, so far", "سرمایه‌گذاری همهٔ تأمین‌کنندگان، تاکنون"},
    {Msg::SignalBudgetsLeft, "SignalBudgetsLeft", "Department budgets not yet committed", "بودجهٔ تعهدنشدهٔ سازمان‌ها"},
    {Msg::SignalOccupancy, "SignalOccupancy", "Factory occupancy", "اشغال کارخانه"},
    {Msg::SignalApplicants, "SignalApplicants", "Teams applying, last round", "تیم‌های متقاضی، دور آخر"},
    {Msg::SignalGraduates, "SignalGraduates", "Teams graduated, so far", "تیم‌های فارغ‌التحصیل، تاکنون"},
    {Msg::SignalProblemsOpen, "SignalProblemsOpen", "Problems open as challenges", "مسائل باز به‌صورت چالش"},
    {Msg::SignalPilots, "SignalPilots", "Pilots running", "آزمایش‌های میدانی جاری"},
    {Msg::SignalContracts, "SignalContracts", "Contracts running", "قراردادهای جاری"},
    {Msg::SignalSolved, "SignalSolved", "Problems solved, so far", "مسائل حل‌شده، تاکنون"},
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

} // namespace innosim::text

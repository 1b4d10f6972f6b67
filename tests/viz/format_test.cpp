#include "tests/viz/test_support.hpp"
#include "viz/core/format.hpp"

#include <catch2/catch.hpp>

using namespace innosim::viz;

TEST_CASE("money reads in Rial or Toman as the CLI prints it", "[viz][format]") {
    REQUIRE(format_money(12'345'000'000.0, Currency::Rial) == "12.3 bn Rial");
    REQUIRE(format_money(12'345'000'000.0, Currency::Toman) == "1.2 bn Toman");
    REQUIRE(format_money(4.5e12, Currency::Rial) == "4,500.0 bn Rial");
    REQUIRE(format_money(850e6, Currency::Rial) == "850.0 M Rial");
    REQUIRE(format_money(-1.2e9, Currency::Rial) == "-1.2 bn Rial");
    REQUIRE(format_money(12'500, Currency::Rial) == "12,500 Rial");
    REQUIRE(format_money(3.6527e12, Currency::Rial, Lang::Fa) == "۳٬۶۵۲٫۷ میلیارد ریال");
    REQUIRE(format_money_short(2e12, Currency::Toman) == "200 bn");
}

TEST_CASE("the horizon's day reads 'at the horizon', with plurals around it", "[viz][format]") {
    const innosim::sim::Calendar calendar(innosim::sim::JalaliDate{1404, 12, 1});
    const Ticks horizon = calendar.to_ticks(innosim::sim::JalaliDate{1404, 12, 29});
    const Ticks day = innosim::sim::kTicksPerDay;
    REQUIRE(horizon_countdown(calendar, horizon, horizon, Lang::En) == "at the horizon");
    REQUIRE(horizon_countdown(calendar, horizon + day - 1, horizon, Lang::En) == "at the horizon");
    REQUIRE(horizon_countdown(calendar, horizon - day, horizon, Lang::En) == "1 day to the horizon");
    REQUIRE(horizon_countdown(calendar, horizon - 12 * day, horizon, Lang::En) == "12 days to the horizon");
    REQUIRE(horizon_countdown(calendar, horizon + 3 * day, horizon, Lang::En) == "3 days past the horizon");
    REQUIRE(horizon_countdown(calendar, horizon, horizon, Lang::Fa) == "در افق");
}

TEST_CASE("counts and KPI values format for people", "[viz][format]") {
    REQUIRE(format_count(1234567) == "1,234,567");
    REQUIRE(format_count(-1000) == "-1,000");
    REQUIRE(format_count(999) == "999");
    const auto descs = kpi_descs();
    REQUIRE(format_kpi(descs[*kpi_index("sustainable_revenue_share")], 0.234, Currency::Rial) == "23.4%");
    REQUIRE(format_kpi(descs[*kpi_index("jobs")], 4012, Currency::Rial) == "4,012");
    REQUIRE(format_kpi(descs[*kpi_index("municipal_savings_rial")], 3e12, Currency::Toman) == "300.0 bn Toman");
    REQUIRE(format_kpi(descs[*kpi_index("jobs")], 4012, Currency::Rial, Lang::Fa) == "۴٬۰۱۲");
    REQUIRE(kpi_label(descs[*kpi_index("jobs")], Lang::Fa) == "اشتغال");
    REQUIRE(stage_label(innosim::run::PROTOTYPE, Lang::Fa) == "نمونهٔ اولیه");
    REQUIRE(stage_label(innosim::run::PROTOTYPE, Lang::En) == stage_name(innosim::run::PROTOTYPE));
    REQUIRE(format_kpi_axis(descs[*kpi_index("jobs")], 25000, Currency::Rial) == "25k");
    REQUIRE(kpi_descs().size() == kKpiCount);
    REQUIRE_FALSE(kpi_index("no_such_kpi").has_value());
}

TEST_CASE("events read as sentences naming the agents", "[viz][format]") {
    const RunModel model = RunModel::load(testing::shared_run().path);
    const auto round = std::find_if(model.events().begin(), model.events().end(),
                                    [](const EventRec& e) { return e.kind == innosim::run::ROUND_RAISED; });
    REQUIRE(round != model.events().end());
    const std::string text = describe_event(model, *round, Currency::Rial);
    REQUIRE(text.find("Startup #" + std::to_string(round->subject.id) + " raised ") == 0);
    REQUIRE(text.find("from Khorasan Ventures (Seed)") != std::string::npos);
    REQUIRE(agent_name(model.world(), {innosim::run::DEPARTMENT, 2}) == "Finance & Revenue");
    REQUIRE(agent_name(model.world(), {innosim::run::FACTORY, 0}) == "Innovation Factory");
    REQUIRE(format_date(model.calendar(), 0) == "1401/01/01");
    REQUIRE(format_date_long(model.calendar(), model.calendar().to_ticks({1403, 6, 31})) == "31 Shahrivar 1403");
    REQUIRE(stage_name(innosim::run::PILOT) == "Pilot");

    // In Persian: the catalogue's sentence, Persian digits, Mashhad's names in Persian.
    const std::string fa = describe_event(model, *round, Currency::Rial, Lang::Fa);
    const std::string id = innosim::text::digits(Lang::Fa, std::to_string(round->subject.id));
    REQUIRE(fa.find("استارتاپ " + id + " مبلغ ") == 0);
    REQUIRE(fa.find("سرمایه‌گذاری خطرپذیر خراسان") != std::string::npos); // Khorasan Ventures
    REQUIRE(fa.find("میلیارد ریال") != std::string::npos);
    REQUIRE(agent_label(model.world(), {innosim::run::DEPARTMENT, 2}, Lang::Fa) == "مالی و درآمد");
    REQUIRE(event_kind_label(innosim::run::STARTUP_FAILED, Lang::Fa) == "شکست");
    REQUIRE(event_kind_label(innosim::run::LOAN_DEFAULTED, Lang::En) == "Default");
    // Every kind has a Persian label and sentence of its own (no English left).
    for (int k = 1; k <= 22; ++k) {
        const auto kind = static_cast<innosim::run::EventKind>(k);
        REQUIRE(event_kind_label(kind, Lang::Fa) != event_kind_label(kind, Lang::En));
    }
}

TEST_CASE("agents named on the command line parse to keys", "[viz][format]") {
    REQUIRE(parse_agent("startup:12") == AgentKey{innosim::run::STARTUP, 12});
    REQUIRE(parse_agent("funder:0") == AgentKey{innosim::run::FUNDER, 0});
    REQUIRE(parse_agent("factory") == AgentKey{innosim::run::FACTORY, 0});
    REQUIRE_FALSE(parse_agent("startup").has_value());
    REQUIRE_FALSE(parse_agent("factory:1").has_value());
    REQUIRE_FALSE(parse_agent("startup:x1").has_value());
    REQUIRE_FALSE(parse_agent("dragon:1").has_value());
}

TEST_CASE("the catalogue's English KPI labels are the registry's", "[viz][format]") {
    for (const KpiDesc& kpi : kpi_descs()) {
        INFO(kpi.name);
        CHECK(innosim::text::raw(innosim::text::Lang::En, kpi.label_msg) == kpi.label);
    }
}

#include "synthetic_run.hpp"
#include "viz/core/why.hpp"

#include <catch2/catch.hpp>

using namespace innosim;
using namespace innosim::viz;

namespace {

/// A run with two departments and a factory in its scenario, and monthly snapshots in which each
/// department is owed `payables` (Rial) and the factory holds `tenants` of its capacity.
RunModel make_run(const run::RunHeader& header, std::int64_t payables, std::uint32_t tenants, std::uint32_t capacity) {
    RunModel model = RunModel::stream(header, header.scenario().name());
    const sim::Calendar& calendar = model.calendar();
    for (sim::Ticks t = 0; t <= calendar.to_ticks({1404, 1, 1}); t = calendar.start_of_next_month(t)) {
        run::Frame frame;
        run::Snapshot& s = *frame.mutable_snapshot();
        s.set_time(t);
        s.set_date(sim::format(calendar.date_at(t)));
        for (std::uint32_t i = 0; i < 2; ++i) {
            run::DepartmentState& d = *s.add_departments();
            d.set_id(i);
            d.set_payables_rial(payables * (i + 1));
            d.set_problems_open(3);
            d.set_pilots_running(i);
        }
        for (int i = 0; i < header.world().funders_size(); ++i) {
            s.add_funders()->set_id(static_cast<std::uint32_t>(i));
        }
        s.mutable_factory()->set_tenants(tenants);
        s.mutable_factory()->set_capacity(capacity);
        model.append(frame);
    }
    return model;
}

run::RunHeader baseline_header() {
    testing::SyntheticOptions options;
    options.name = "Baseline";
    const sim::Calendar calendar(sim::parse_jalali(options.start));
    run::RunHeader header = testing::synthetic_header(options, calendar.to_ticks({1405, 1, 1}));
    scenario::Scenario& s = *header.mutable_scenario();
    s.add_departments()->set_name("Transport & Traffic");
    s.mutable_departments(0)->set_payment_delay_days(150);
    s.add_departments()->set_name("Finance & Revenue");
    s.mutable_departments(1)->set_payment_delay_days(180);
    s.mutable_factory()->set_capacity(50);
    s.mutable_municipality()->set_innovation_budget_share(0.004);
    return header;
}

void add_change(run::RunHeader& header, const char* at, const char* path, const char* value) {
    scenario::Intervention& i = *header.mutable_scenario()->add_interventions();
    i.set_at(at);
    i.set_path(path);
    i.set_value(value);
}

} // namespace

TEST_CASE("why: the levers B changes, under their mechanism, with its signals in both runs", "[viz][why]") {
    const run::RunHeader a_header = baseline_header();
    run::RunHeader b_header = a_header;
    b_header.mutable_scenario()->set_name("Pay on time");
    add_change(b_header, "1402/01/01", "departments[*].payment_delay_days", "30");
    add_change(b_header, "1403/01/01", "factory.capacity", "80");
    const RunModel a = make_run(a_header, 70'000'000'000, 40, 50);
    const RunModel b = make_run(b_header, 30'000'000'000, 45, 50);
    const sim::Ticks t = a.calendar().to_ticks({1402, 6, 1});

    const Why why = explain(a, b, t, t);
    REQUIRE_FALSE(why.same_levers);
    REQUIRE(why.groups.size() == 2);
    const MechanismView& pay = why.groups[0];
    REQUIRE(pay.mechanism == Mechanism::PaymentDelay);
    REQUIRE(pay.levers.size() == 1); // both departments' delays as one lever
    const LeverDifference& delay = pay.levers[0];
    CHECK(delay.path == "departments[*].payment_delay_days");
    CHECK(delay.a_low == 150);
    CHECK(delay.a_high == 180);
    CHECK(delay.b_low == 30);
    CHECK(delay.b_high == 30);
    CHECK_FALSE(delay.later);
    CHECK(describe_lever(delay, a.calendar(), Lang::En, Currency::Rial) ==
          "Payment delay, every department: A 150\xe2\x80\x93"
          "180 days, B 30 days, since 1402/01/01");
    // The city's unpaid invoices, then the departments where they differ most.
    REQUIRE(pay.signals.size() >= 3);
    CHECK(pay.signals[0].kind == SignalKind::UnpaidInvoices);
    CHECK(pay.signals[0].subject.empty());
    CHECK(pay.signals[0].a == Approx(210e9)); // 70 + 140 bn
    CHECK(pay.signals[0].b == Approx(90e9));
    CHECK_FALSE(pay.signals[0].higher_is_better);
    CHECK(pay.signals[1].subject == "Urban Services & Waste"); // the world's second: 140 vs 60 bn, the largest
    CHECK(pay.signals[2].subject == "Transport & Traffic");
    CHECK(pay.signals.back().kind == SignalKind::CashOutFailures);
    CHECK(signal_value(pay.signals[0], pay.signals[0].a, Lang::En, Currency::Rial) == "210.0 bn Rial");

    // The factory's capacity differs only from 1403: listed as B's later change.
    const MechanismView& factory = why.groups[1];
    REQUIRE(factory.mechanism == Mechanism::Factory);
    REQUIRE(factory.levers.size() == 1);
    CHECK(factory.levers[0].later);
    CHECK(describe_lever(factory.levers[0], a.calendar(), Lang::En, Currency::Rial) ==
          "Factory capacity: A 50 teams, B 80 teams, B changes it on 1403/01/01");
    REQUIRE(factory.signals.size() == 3);
    CHECK(factory.signals[0].kind == SignalKind::FactoryOccupancy);
    CHECK(factory.signals[0].a == Approx(0.8));
    CHECK(factory.signals[0].b == Approx(0.9));
    CHECK(signal_value(factory.signals[0], 0.9, Lang::En, Currency::Rial) == "90%");

    // After 1403 both are in force.
    const Why later = explain(a, b, a.calendar().to_ticks({1403, 6, 1}), a.calendar().to_ticks({1403, 6, 1}));
    REQUIRE(later.groups.size() == 2);
    CHECK_FALSE(later.groups[1].levers[0].later);
    CHECK(later.groups[1].levers[0].from == a.calendar().to_ticks({1403, 1, 1}));

    // In Persian, with Persian digits.
    CHECK(describe_lever(delay, a.calendar(), Lang::Fa, Currency::Rial) ==
          "مهلت پرداخت، همهٔ سازمان‌ها: الف ۱۵۰–۱۸۰ "
          "روز، ب ۳۰ روز، از ۱۴۰۲/۰۱/۰۱");
}

TEST_CASE("why: two futures of one policy differ by chance", "[viz][why]") {
    run::RunHeader header = baseline_header();
    const RunModel a = make_run(header, 70'000'000'000, 40, 50);
    header.set_seed(header.seed() + 1);
    const RunModel b = make_run(header, 65'000'000'000, 38, 50);
    const Why why = explain(a, b, 0, 0);
    CHECK(why.same_levers);
    REQUIRE(why.groups.size() == 2); // the usual channels: invoices and the challenge funnel
    CHECK(why.groups[0].mechanism == Mechanism::PaymentDelay);
    CHECK(why.groups[1].mechanism == Mechanism::Challenges);
    CHECK(why.groups[1].signals.size() == 4);
    CHECK(why.groups[0].levers.empty());
}

TEST_CASE("levers in words: labels and amounts as people say them", "[viz][why]") {
    CHECK(lever_label("factory.capacity", Lang::En) == "Factory capacity");
    CHECK(lever_label("departments[Finance & Revenue].payment_delay_days", Lang::En) ==
          "Payment delay, Finance & Revenue");
    CHECK(lever_label("municipality.innovation_budget_share", Lang::Fa) == "بودجهٔ نوآوری");
    // Shares as percentages, never "0.004 share".
    CHECK(lever_amount(0.004, 0.004, "share", false, Lang::En, Currency::Rial) == "0.4%");
    CHECK(lever_amount(0.25, 0.25, "share of innovation budget", false, Lang::En, Currency::Rial) == "25%");
    CHECK(lever_amount(0.004, 0.004, "share", false, Lang::Fa, Currency::Rial) == "۰٫۴٪");
    CHECK(lever_amount(1, 1, "days", true, Lang::En, Currency::Rial) == "1 day");
    CHECK(lever_amount(30, 30, "days", true, Lang::En, Currency::Rial) == "30 days");
    CHECK(lever_amount(2.6e12, 2.6e12, "Rial per year", false, Lang::En, Currency::Rial) == "2,600.0 bn Rial");
    CHECK(lever_amount(3, 3, "per year", false, Lang::En, Currency::Rial) == "3 per year");
    CHECK(mechanism_of("funders[Mashhad Innovation Fund].capital_per_year_rial") == Mechanism::Funding);
    CHECK(mechanism_of("municipality.local_kb_procurement_reserve") == Mechanism::Challenges);
    CHECK(mechanism_of("talent.inflow_per_year") == Mechanism::Other);
}

#include "viz/core/chart.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

using namespace innosim::viz;
using innosim::sim::Calendar;

TEST_CASE("nice scales round the range out to 1-2-5 steps", "[viz][chart]") {
    const NiceScale a = nice_scale(0, 97, 5);
    REQUIRE(a.min == 0);
    REQUIRE(a.max == Approx(100));
    REQUIRE(a.step == Approx(20));

    const NiceScale b = nice_scale(0.13, 0.29, 4);
    REQUIRE(b.step == Approx(0.05));
    REQUIRE(b.min == Approx(0.10));
    REQUIRE(b.max == Approx(0.30));

    const NiceScale c = nice_scale(-3, 7, 5);
    REQUIRE(c.step == Approx(2));
    REQUIRE(c.min == Approx(-4));
    REQUIRE(c.max == Approx(8));

    const NiceScale big = nice_scale(0, 3.7e12, 4);
    REQUIRE(big.step == Approx(1e12));
    REQUIRE(big.max == Approx(4e12));
}

TEST_CASE("flat and broken ranges still give a usable axis", "[viz][chart]") {
    const NiceScale flat = nice_scale(5, 5, 4);
    REQUIRE(flat.min <= 5);
    REQUIRE(flat.max >= 5);
    REQUIRE(flat.max > flat.min);
    const NiceScale zero = nice_scale(0, 0, 4);
    REQUIRE(zero.min == 0);
    REQUIRE(zero.max == Approx(1));
    const NiceScale nan = nice_scale(std::numeric_limits<double>::quiet_NaN(), 1, 4);
    REQUIRE(nan.min == 0);
    REQUIRE(nan.max == 1);
    const NiceScale inverted = nice_scale(10, 0, 5);
    REQUIRE(inverted.min == 0);
    REQUIRE(inverted.max == Approx(10));
}

TEST_CASE("tick values run from min to max without negative zero", "[viz][chart]") {
    const std::vector<double> ticks = tick_values(nice_scale(-0.3, 0.3, 6));
    REQUIRE(ticks.front() == Approx(-0.3));
    REQUIRE(ticks.back() == Approx(0.3));
    REQUIRE(ticks.size() == 7);
    const auto zero = std::find(ticks.begin(), ticks.end(), 0.0);
    REQUIRE(zero != ticks.end());
    REQUIRE_FALSE(std::signbit(*zero));
}

TEST_CASE("linear maps go both ways", "[viz][chart]") {
    const LinearMap m{.d0 = 0, .d1 = 200, .p0 = 500, .p1 = 100}; // y axes grow upwards
    REQUIRE(m(0) == 500.0f);
    REQUIRE(m(200) == 100.0f);
    REQUIRE(m(50) == 400.0f);
    REQUIRE(m.inverse(300.0f) == Approx(100));
    const LinearMap flat{.d0 = 3, .d1 = 3, .p0 = 10, .p1 = 20};
    REQUIRE(flat(99) == 10.0f);
}

TEST_CASE("time axes tick years and months, labelled as room allows", "[viz][chart]") {
    const Calendar cal({1401, 1, 1});
    const Ticks end = cal.to_ticks({1405, 1, 1});
    const std::vector<TimeTick> ticks = time_ticks(cal, 0, end, 1200, 40);
    REQUIRE(ticks.size() == 49); // 48 month starts and 1405/01/01
    REQUIRE(ticks.front().time == 0);
    REQUIRE(ticks.back().time == end);
    int years = 0;
    for (std::size_t i = 0; i < ticks.size(); ++i) {
        if (i > 0) {
            REQUIRE(ticks[i].time > ticks[i - 1].time);
        }
        if (ticks[i].major) {
            REQUIRE(ticks[i].label == std::to_string(1401 + years));
            ++years;
        } else {
            REQUIRE(ticks[i].label.empty()); // 25 px per month: no room for names
        }
    }
    REQUIRE(years == 5);

    const std::vector<TimeTick> wide = time_ticks(cal, 0, cal.to_ticks({1402, 1, 1}), 2400, 40);
    REQUIRE(wide[1].label == "Ordibehesht");
    REQUIRE(wide[6].label == "Mehr");

    // Two years in 1100 px (46 px a month): only the quarters are named.
    const std::vector<TimeTick> quarters = time_ticks(cal, 0, cal.to_ticks({1403, 1, 1}), 1100, 40);
    REQUIRE(quarters[1].label.empty());
    REQUIRE(quarters[3].label == "Tir");
    REQUIRE(quarters[6].label == "Mehr");
    REQUIRE(quarters[9].label == "Dey");

    // Forty years in 200 px: no month ticks, and year labels thinned out.
    const std::vector<TimeTick> narrow = time_ticks(cal, 0, cal.to_ticks({1441, 1, 1}), 200, 40);
    REQUIRE(narrow.size() == 41);
    std::size_t labelled = 0;
    for (const TimeTick& t : narrow) {
        REQUIRE(t.major);
        labelled += t.label.empty() ? 0 : 1;
    }
    REQUIRE(labelled >= 2);
    REQUIRE(labelled <= 6);

    REQUIRE(time_ticks(cal, 100, 100, 500, 40).empty());
}

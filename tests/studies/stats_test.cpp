// Statistics against hand-computed values and analytic test functions.
#include "tools/studies/stats.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <numbers>

namespace {

using namespace innosim::studies;

} // namespace

TEST_CASE("Student t quantiles match the tables", "[stats]") {
    CHECK(t_quantile(0.975, 1) == Approx(12.706205).epsilon(1e-6));
    CHECK(t_quantile(0.975, 2) == Approx(4.302653).epsilon(1e-6));
    CHECK(t_quantile(0.975, 4) == Approx(2.776445).epsilon(1e-6));
    CHECK(t_quantile(0.975, 9) == Approx(2.262157).epsilon(1e-6));
    CHECK(t_quantile(0.975, 19) == Approx(2.093024).epsilon(1e-6));
    CHECK(t_quantile(0.975, 1e6) == Approx(1.959966).epsilon(1e-5));
    CHECK(t_quantile(0.95, 10) == Approx(1.812461).epsilon(1e-6));
    CHECK(t_quantile(0.025, 9) == Approx(-2.262157).epsilon(1e-6));
    CHECK(t_quantile(0.5, 3) == 0.0);
    CHECK(std::isnan(t_quantile(1.0, 3)));
    CHECK(incomplete_beta(0.5, 3, 3) == Approx(0.5));
    CHECK(incomplete_beta(0.3, 1, 1) == Approx(0.3));
}

TEST_CASE("summary: mean, sample sd and the t interval", "[stats]") {
    const std::vector<double> values = {2, 4, 4, 4, 5, 5, 7, 9};
    const Summary s = summarize(values);
    CHECK(s.n == 8);
    CHECK(s.mean == Approx(5.0));
    const double sd = std::sqrt(32.0 / 7.0);
    CHECK(s.sd == Approx(sd));
    const double half = 2.364624251592785 * sd / std::sqrt(8.0);
    CHECK(s.ci_low == Approx(5.0 - half));
    CHECK(s.ci_high == Approx(5.0 + half));
    CHECK(s.excludes_zero());
    CHECK_FALSE(summarize(std::vector<double>{-1, 2, -3, 4}).excludes_zero());

    const Summary one = summarize(std::vector<double>{3.5});
    CHECK(one.mean == 3.5);
    CHECK(std::isnan(one.sd));
    CHECK(std::isnan(one.ci_low));
    CHECK(std::isnan(summarize(std::vector<double>{}).mean));

    const Summary constant = summarize(std::vector<double>{2, 2, 2});
    CHECK(constant.sd == 0);
    CHECK(constant.ci_low == 2);
    CHECK(constant.excludes_zero());
}

TEST_CASE("paired and unpaired differences", "[stats]") {
    const std::vector<double> a = {10, 12, 9, 11, 13};
    const std::vector<double> b = {11, 14, 10, 12, 15}; // b - a = 1, 2, 1, 1, 2
    const Summary paired = paired_difference(a, b);
    CHECK(paired.mean == Approx(1.4));
    CHECK(paired.sd == Approx(std::sqrt(0.3)));
    const double half = 2.776445105 * std::sqrt(0.3) / std::sqrt(5.0);
    CHECK(paired.ci_low == Approx(1.4 - half));
    CHECK(paired.excludes_zero());

    // Unpaired, the between-replication spread swamps the same difference.
    const Summary welch = welch_difference(a, b);
    CHECK(welch.mean == Approx(1.4));
    CHECK(welch.sd == Approx(std::sqrt(2.5 / 5 + 4.3 / 5)));
    CHECK_FALSE(welch.excludes_zero());
    // Satterthwaite df for variances of the means 0.5 and 0.86: (0.5 + 0.86)^2 / (0.5^2/4 + 0.86^2/4) = 7.48...
    const double df = (0.5 + 0.86) * (0.5 + 0.86) / (0.25 / 4 + 0.7396 / 4);
    CHECK(welch.ci_high == Approx(1.4 + t_quantile(0.975, df) * welch.sd));
}

TEST_CASE("p-values of differences and Holm's adjustment", "[stats]") {
    // b - a = 1, 2, 3, 4, 5: t = 3 / (sqrt(2.5) / sqrt(5)) = 4.2426 on 4 df; the two-sided tail by
    // numerical integration of the t density is 0.013236.
    const std::vector<double> a = {0, 0, 0, 0, 0};
    const std::vector<double> b = {1, 2, 3, 4, 5};
    CHECK(paired_difference(a, b).p_value == Approx(0.013236).epsilon(1e-4));
    // A difference equal in every pair leaves no doubt; none at all leaves nothing to find.
    CHECK(paired_difference(a, std::vector<double>(5, 2.0)).p_value == 0);
    CHECK(paired_difference(a, a).p_value == 1);
    CHECK(std::isnan(summarize(b).p_value));
    CHECK(std::isnan(paired_difference(std::vector<double>{1}, std::vector<double>{2}).p_value));

    const double nan = std::numeric_limits<double>::quiet_NaN();
    const std::vector<double> p = {0.01, 0.04, nan, 0.03, 0.005, 0.9};
    const std::vector<double> adjusted = holm_adjust(p);
    REQUIRE(adjusted.size() == p.size());
    // Five tests (NaN is none), sorted: 0.005 * 5, 0.01 * 4, 0.03 * 3, 0.04 * 2 -> 0.08 raised to the
    // running maximum 0.09, 0.9 * 1.
    CHECK(adjusted[4] == Approx(0.025));
    CHECK(adjusted[0] == Approx(0.04));
    CHECK(adjusted[3] == Approx(0.09));
    CHECK(adjusted[1] == Approx(0.09));
    CHECK(adjusted[5] == Approx(0.9));
    CHECK(std::isnan(adjusted[2]));
    CHECK(holm_adjust(std::vector<double>{0.6, 0.7}) == std::vector<double>{1.0, 1.0});
}

TEST_CASE("replications needed and the difference they resolve are inverses", "[stats]") {
    // n = 10, sd 1: (t_{0.975,9} + t_{0.8,9}) / sqrt(10) = (2.262157 + 0.883) / 3.1623.
    const double t80 = t_quantile(0.8, 9);
    CHECK(t80 == Approx(0.883).margin(0.001));
    CHECK(detectable_difference(1, 10) == Approx((2.262157 + t80) / std::sqrt(10.0)).epsilon(1e-6));
    CHECK(detectable_difference(3, 10) == Approx(3 * detectable_difference(1, 10)));
    CHECK(std::isnan(detectable_difference(1, 1)));
    for (const double delta : {0.3, 1.0, 2.5}) {
        const std::size_t n = replications_needed(1, delta);
        INFO(delta);
        CHECK(detectable_difference(1, n) <= delta);
        CHECK(detectable_difference(1, n - 1) > delta);
    }
    // A stricter level needs more; a difference with no spread needs the minimum.
    CHECK(replications_needed(1, 1, 0.05 / 30) > replications_needed(1, 1));
    CHECK(replications_needed(0, 1) == 2);
}

TEST_CASE("quantiles interpolate between order statistics", "[stats]") {
    std::vector<double> values = {4, 1, 3, 2};
    CHECK(quantile(values, 0) == 1);
    CHECK(quantile(values, 1) == 4);
    CHECK(quantile(values, 0.5) == Approx(2.5));
    CHECK(quantile(values, 0.25) == Approx(1.75));
}

TEST_CASE("Morris effects of a function with known derivatives", "[stats]") {
    // y = 3 x0 + 0 x1 + 2 x2^2: x0 has a constant effect 3, x1 none, x2 a non-linear one.
    const std::size_t k = 3;
    const UnitMatrix rows = morris_trajectories(20, k, 4, 3);
    std::vector<double> y;
    for (const auto& x : rows) {
        y.push_back(3 * x[0] + 2 * x[2] * x[2]);
    }
    const auto effects = morris_effects(rows, y, k);
    REQUIRE(effects.size() == k);
    CHECK(effects[0].mu_star == Approx(3.0));
    CHECK(effects[0].mu == Approx(3.0));
    CHECK(effects[0].sigma == Approx(0.0).margin(1e-12));
    CHECK(effects[0].effects == 20);
    CHECK(effects[1].mu_star == 0.0);
    CHECK(effects[2].mu_star > 0.5);
    CHECK(effects[2].sigma > 0.1); // the effect of x2 depends on where it starts
}

TEST_CASE("Morris mu* has a percentile bootstrap interval over whole trajectories", "[stats]") {
    const std::size_t k = 3;
    const UnitMatrix rows = morris_trajectories(20, k, 4, 3);
    std::vector<double> y;
    for (const auto& x : rows) {
        y.push_back(3 * x[0] + 2 * x[2] * x[2]);
    }
    const auto plain = morris_effects(rows, y, k);
    CHECK(std::isnan(plain[0].mu_star_low)); // no resamples asked for: no interval
    const auto effects = morris_effects(rows, y, k, 500, 7);
    // A constant effect resamples to itself.
    CHECK(effects[0].mu_star_low == Approx(3.0));
    CHECK(effects[0].mu_star_high == Approx(3.0));
    // A varying one: an interval around mu*, inside the range of the effects' absolute values.
    CHECK(effects[2].mu_star_low < effects[2].mu_star);
    CHECK(effects[2].mu_star_high > effects[2].mu_star);
    CHECK(effects[2].mu_star_low >= 0);
    // The same seed gives the same interval; the point estimates do not depend on the bootstrap.
    const auto again = morris_effects(rows, y, k, 500, 7);
    CHECK(again[2].mu_star_low == effects[2].mu_star_low);
    CHECK(again[2].mu_star_high == effects[2].mu_star_high);
    CHECK(effects[2].mu_star == plain[2].mu_star);
    // A single trajectory has no spread to resample.
    const UnitMatrix one(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(k + 1));
    const auto single = morris_effects(one, std::span<const double>(y).first(k + 1), k, 500, 7);
    CHECK(std::isnan(single[2].mu_star_low));
}

TEST_CASE("Sobol indices of the Ishigami function", "[stats]") {
    // Ishigami (a = 7, b = 0.1) on [-pi, pi]^3: S1 = 0.3139, 0.4424, 0; ST = 0.5576, 0.4424, 0.2437.
    const std::size_t n = 4096;
    const std::size_t k = 3;
    const UnitMatrix rows = saltelli_matrix(n, k, 2024);
    std::vector<double> y;
    for (const auto& u : rows) {
        const double pi = std::numbers::pi;
        const double x1 = -pi + 2 * pi * u[0];
        const double x2 = -pi + 2 * pi * u[1];
        const double x3 = -pi + 2 * pi * u[2];
        y.push_back(std::sin(x1) + 7 * std::sin(x2) * std::sin(x2) + 0.1 * std::pow(x3, 4) * std::sin(x1));
    }
    const auto indices = sobol_indices(y, n, k, 200, 1);
    REQUIRE(indices.size() == k);
    CHECK(indices[0].first == Approx(0.3139).margin(0.05));
    CHECK(indices[1].first == Approx(0.4424).margin(0.05));
    CHECK(indices[2].first == Approx(0.0).margin(0.05));
    CHECK(indices[0].total == Approx(0.5576).margin(0.05));
    CHECK(indices[1].total == Approx(0.4424).margin(0.05));
    CHECK(indices[2].total == Approx(0.2437).margin(0.05));
    for (const SobolIndex& s : indices) {
        CHECK(s.first_low <= s.first);
        CHECK(s.first <= s.first_high);
        CHECK(s.total_low <= s.total);
        CHECK(s.total <= s.total_high);
        CHECK(s.total_high - s.total_low < 0.2);
    }
    // Equal inputs, equal outputs: the bootstrap is seeded.
    CHECK(sobol_indices(y, n, k, 50, 1)[0].first_low == sobol_indices(y, n, k, 50, 1)[0].first_low);
    // A constant output has no variance to apportion.
    const auto flat = sobol_indices(std::vector<double>(n * (k + 2), 1.0), n, k, 10, 1);
    CHECK(std::isnan(flat[0].first));
}

#include "sim/assert.hpp"
#include "sim/rng.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <set>
#include <stdexcept>
#include <utility>
#include <vector>

using innosim::sim::RngStream;
using innosim::sim::splitmix64_mix;

namespace {

/// Turns a failed INNOSIM_ASSERT into an exception while alive, so that a test can see misuse caught.
class AssertThrows {
public:
    struct Failure : std::logic_error {
        using std::logic_error::logic_error;
    };
    AssertThrows() : previous_(innosim::set_assert_handler(&handler)) {}
    ~AssertThrows() { innosim::set_assert_handler(previous_); }
    AssertThrows(const AssertThrows&) = delete;
    AssertThrows& operator=(const AssertThrows&) = delete;

private:
    static void handler(const char* /*expression*/, const char* message, const char* /*file*/, int /*line*/) {
        throw Failure(message);
    }
    innosim::AssertHandler previous_;
};

constexpr int kDraws = 200'000;

struct Moments {
    double mean;
    double variance;
};

Moments moments_of(const std::function<double()>& draw, int n = kDraws) {
    // Welford's update: stable for large means such as poisson(1000).
    double mean = 0.0;
    double m2 = 0.0;
    for (int i = 1; i <= n; ++i) {
        const double x = draw();
        const double delta = x - mean;
        mean += delta / i;
        m2 += delta * (x - mean);
    }
    return {mean, m2 / (n - 1)};
}

/// Checks mean and variance against the exact values. The tolerances are about 5 standard errors
/// for 200k draws, given as relative bounds per distribution by the caller.
void check_moments(const char* name, const std::function<double()>& draw, double mean, double variance,
                   double mean_tolerance, double variance_tolerance) {
    const Moments m = moments_of(draw);
    INFO(name << ": mean " << m.mean << " (want " << mean << "), variance " << m.variance << " (want " << variance
              << ")");
    CHECK(std::fabs(m.mean - mean) <= mean_tolerance);
    CHECK(std::fabs(m.variance - variance) <= variance_tolerance);
}

double correlation(RngStream a, RngStream b, int n) {
    double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
    for (int i = 0; i < n; ++i) {
        const double x = a.uniform();
        const double y = b.uniform();
        sa += x;
        sb += y;
        saa += x * x;
        sbb += y * y;
        sab += x * y;
    }
    const double cov = sab / n - (sa / n) * (sb / n);
    return cov / std::sqrt((saa / n - (sa / n) * (sa / n)) * (sbb / n - (sb / n) * (sb / n)));
}

/// Pearson's chi-square of observed counts against expected probabilities (the last bin takes the tail).
double chi_square(const std::vector<double>& observed, const std::vector<double>& probability, int n) {
    double chi2 = 0.0;
    for (std::size_t i = 0; i < observed.size(); ++i) {
        const double expected = probability[i] * n;
        chi2 += (observed[i] - expected) * (observed[i] - expected) / expected;
    }
    return chi2;
}

} // namespace

TEST_CASE("reference vectors of SplitMix64 and xoshiro256**", "[rng]") {
    // From the authors' reference implementations (splitmix64.c seeded with 1234567; xoshiro256starstar.c
    // with state {1, 2, 3, 4}).
    std::uint64_t x = 1234567;
    x += 0x9e3779b97f4a7c15ULL;
    CHECK(splitmix64_mix(x) == 6457827717110365317ULL);
    x += 0x9e3779b97f4a7c15ULL;
    CHECK(splitmix64_mix(x) == 3203168211198807973ULL);

    RngStream rng(0, 0, 0, 0);
    rng.set_state({1, 2, 3, 4});
    CHECK(rng.next_u64() == 11520ULL);
    CHECK(rng.next_u64() == 0ULL);
    CHECK(rng.next_u64() == 1509978240ULL);
    CHECK(rng.next_u64() == 1215971899390074240ULL);
}

TEST_CASE("golden values are pinned", "[rng]") {
    // Computed once from this implementation. If one changes, every recorded run changes: bump the run
    // file's engine version and say so, don't just update the numbers.
    struct Golden {
        std::array<std::uint64_t, 4> key; // seed, replication, agent, purpose
        std::array<std::uint64_t, 4> first;
    };
    const std::vector<Golden> golden = {
        {{0, 0, 0, 0}, {0x5b88de0dbd9ae783ULL, 0x4d1a80c50d780de0ULL, 0x82c1bdb7719ca28eULL, 0x883f05c4028268d3ULL}},
        {{1, 0, 0, 0}, {0x9fbf98ca76e4280fULL, 0xa1c64b17f7226d72ULL, 0xee77fc2eacbfb1b8ULL, 0x1bc798652c8316e2ULL}},
        {{42, 0, 7, 3}, {0xdd78250edbf54177ULL, 0x57581a044dbfbe55ULL, 0x0d8780ae679cbed8ULL, 0x2727ccece8d11fceULL}},
        {{42, 1, 7, 3}, {0x46ec1d1331cac211ULL, 0x02faec8cdba5fa19ULL, 0xde4ba27ff381f5dcULL, 0x07c3346369460595ULL}},
        {{20250321, 2, 100000, 17},
         {0x9a7d7e5ee5c8f7e4ULL, 0x0452dce7f1d0a784ULL, 0xaa0fc99e2d4a2552ULL, 0x1aee106e157971ceULL}},
    };
    for (const Golden& g : golden) {
        RngStream rng(g.key[0], g.key[1], g.key[2], g.key[3]);
        for (const std::uint64_t expected : g.first) {
            CHECK(rng.next_u64() == expected);
        }
    }

    // The distributions' first values on one stream, in this order (each consumes the stream).
    RngStream rng(7, 0, 1, 2);
    CHECK(rng.uniform() == 0.65693851309072382);
    CHECK(rng.below(1000) == 779U);
    CHECK(rng.normal(0, 1) == Approx(-1.6441465397619004).epsilon(1e-12));
    CHECK(rng.exponential(2) == Approx(4.4993757065750106).epsilon(1e-12));
    CHECK(rng.poisson(3.5) == 2U);
    CHECK(rng.poisson(250) == 251U);
    CHECK(rng.gamma(0.5, 1) == Approx(0.069201943101976179).epsilon(1e-12));
    CHECK(rng.gamma(4, 2) == Approx(14.593904900255199).epsilon(1e-12));
    CHECK(rng.beta(2, 3) == Approx(0.69804890573611444).epsilon(1e-12));
    CHECK(rng.lognormal(0, 1) == Approx(2.4988721540219352).epsilon(1e-12));
}

TEST_CASE("streams of neighbouring coordinates are independent", "[rng]") {
    constexpr int n = 100'000;
    CHECK(std::fabs(correlation(RngStream(1, 0, 5, 0), RngStream(1, 0, 6, 0), n)) < 0.01);
    CHECK(std::fabs(correlation(RngStream(1, 0, 5, 0), RngStream(1, 0, 5, 1), n)) < 0.01);
    CHECK(std::fabs(correlation(RngStream(1, 0, 5, 0), RngStream(1, 1, 5, 0), n)) < 0.01);
    CHECK(std::fabs(correlation(RngStream(1, 0, 5, 0), RngStream(2, 0, 5, 0), n)) < 0.01);
    // Swapped coordinates are different streams too.
    CHECK(std::fabs(correlation(RngStream(1, 0, 2, 3), RngStream(1, 0, 3, 2), n)) < 0.01);
    CHECK(std::fabs(correlation(RngStream(0, 1, 0, 0), RngStream(1, 0, 0, 0), n)) < 0.01);

    // Across many agents: the first draws of agents 0..n-1 are themselves uniform and uncorrelated with
    // the second draws, and no two streams start alike.
    double sum = 0;
    double sum_xy = 0;
    std::set<std::uint64_t> firsts;
    for (int agent = 0; agent < n; ++agent) {
        RngStream rng(1, 0, static_cast<std::uint64_t>(agent), 0);
        const std::uint64_t first = rng.next_u64();
        firsts.insert(first);
        const double x = static_cast<double>(first >> 11U) * 0x1.0p-53;
        const double y = rng.uniform();
        sum += x;
        sum_xy += (x - 0.5) * (y - 0.5);
    }
    CHECK(firsts.size() == static_cast<std::size_t>(n));
    CHECK(std::fabs(sum / n - 0.5) < 0.005);            // sd of the mean: 0.29 / sqrt(n) = 0.0009
    CHECK(std::fabs(sum_xy / n / (1.0 / 12.0)) < 0.01); // correlation of first and second draws
}

TEST_CASE("uniform, below and bernoulli", "[rng]") {
    RngStream rng(11, 0, 0, 0);
    check_moments(
        "uniform", [&] { return rng.uniform(); }, 0.5, 1.0 / 12, 0.003, 0.0015);
    check_moments(
        "uniform(-2, 6)", [&] { return rng.uniform(-2, 6); }, 2.0, 64.0 / 12, 0.03, 0.05);
    check_moments(
        "bernoulli(0.3)", [&] { return rng.bernoulli(0.3) ? 1.0 : 0.0; }, 0.3, 0.21, 0.005, 0.003);
    CHECK_FALSE(rng.bernoulli(0.0));
    CHECK(rng.bernoulli(1.0));
    for (int i = 0; i < 1000; ++i) {
        const double u = rng.uniform(3.0, 4.0);
        REQUIRE(u >= 3.0);
        REQUIRE(u < 4.0);
    }

    // below(6): every face equally often (chi-square, 5 degrees of freedom; 99.9% point is 20.5).
    std::vector<double> counts(6, 0.0);
    for (int i = 0; i < kDraws; ++i) {
        const std::uint64_t face = rng.below(6);
        REQUIRE(face < 6);
        counts[face] += 1;
    }
    CHECK(chi_square(counts, std::vector<double>(6, 1.0 / 6), kDraws) < 20.5);
    CHECK(rng.below(1) == 0U);
    // A bound just above 2^63 rejects almost half of all raw draws; the result must stay in range and
    // be balanced between the two halves [0, 2^62) and [2^62, n).
    const std::uint64_t big = (1ULL << 63U) + 1;
    int low = 0;
    for (int i = 0; i < 10'000; ++i) {
        const std::uint64_t v = rng.below(big);
        REQUIRE(v < big);
        low += v < (1ULL << 62U) ? 1 : 0;
    }
    CHECK(std::abs(low - 5000) < 250);
    const AssertThrows asserts;
    CHECK_THROWS_AS(rng.below(0), AssertThrows::Failure);
}

TEST_CASE("normal, lognormal and exponential moments", "[rng]") {
    RngStream rng(12, 0, 0, 0);
    check_moments(
        "normal(2, 3)", [&] { return rng.normal(2, 3); }, 2.0, 9.0, 0.035, 0.15);
    const double mu = 0.5;
    const double sigma = 0.4;
    const double ln_mean = std::exp(mu + sigma * sigma / 2);
    const double ln_var = (std::exp(sigma * sigma) - 1) * std::exp(2 * mu + sigma * sigma);
    check_moments(
        "lognormal(0.5, 0.4)", [&] { return rng.lognormal(mu, sigma); }, ln_mean, ln_var, 0.008, 0.015);
    check_moments(
        "exponential(4)", [&] { return rng.exponential(4); }, 4.0, 16.0, 0.05, 0.6);
    // Normal tails: P(|Z| > 2) = 0.0455.
    int outside = 0;
    for (int i = 0; i < kDraws; ++i) {
        outside += std::fabs(rng.normal(0, 1)) > 2 ? 1 : 0;
    }
    CHECK(std::fabs(static_cast<double>(outside) / kDraws - 0.0455) < 0.0025);
}

TEST_CASE("poisson for small and large means", "[rng]") {
    RngStream rng(13, 0, 0, 0);
    for (const double mean : {0.05, 0.5, 3.0, 9.9, 10.0, 25.0, 150.0, 1000.0}) {
        INFO("mean " << mean);
        // Mean and variance both equal the mean; 5 standard errors (variance of s^2 ~ 2 mean^2 / n).
        const double se = std::sqrt(mean / kDraws);
        const double var_se = std::sqrt((2 * mean * mean + mean) / kDraws);
        check_moments(
            "poisson", [&] { return static_cast<double>(rng.poisson(mean)); }, mean, mean, 5 * se, 5 * var_se);
    }
    CHECK(rng.poisson(0.0) == 0U);

    // The whole distribution, not just two moments, for one Knuth and one PTRS mean: chi-square of the
    // counts 0..K-1 and a tail bin against the exact pmf (99.9% points of chi-square).
    for (const auto& [mean, bins] : {std::pair{4.0, 14}, std::pair{30.0, 60}}) {
        INFO("mean " << mean);
        std::vector<double> probability(static_cast<std::size_t>(bins), 0.0);
        double p = std::exp(-mean);
        double cumulative = 0;
        for (int k = 0; k + 1 < bins; ++k) {
            probability[static_cast<std::size_t>(k)] = p;
            cumulative += p;
            p *= mean / (k + 1);
        }
        probability.back() = 1 - cumulative;
        // Merge the sparse low bins of the large mean into the first one that expects >= 5 draws.
        std::vector<double> counts(probability.size(), 0.0);
        for (int i = 0; i < kDraws; ++i) {
            const std::uint64_t k = rng.poisson(mean);
            counts[std::min<std::size_t>(k, probability.size() - 1)] += 1;
        }
        std::vector<double> merged_counts;
        std::vector<double> merged_probability;
        double pending_count = 0;
        double pending_probability = 0;
        for (std::size_t k = 0; k < probability.size(); ++k) {
            pending_count += counts[k];
            pending_probability += probability[k];
            if (pending_probability * kDraws >= 5 || k + 1 == probability.size()) {
                merged_counts.push_back(pending_count);
                merged_probability.push_back(pending_probability);
                pending_count = 0;
                pending_probability = 0;
            }
        }
        // The 99.9% point of chi-square by the Wilson-Hilferty approximation (z = 3.09).
        const double dof = static_cast<double>(merged_counts.size() - 1);
        const double h = 2.0 / (9.0 * dof);
        const double critical = dof * std::pow(1.0 - h + 3.09 * std::sqrt(h), 3.0);
        INFO("bins " << merged_counts.size() << ", critical " << critical);
        CHECK(chi_square(merged_counts, merged_probability, kDraws) < critical);
    }
}

TEST_CASE("gamma and beta moments", "[rng]") {
    RngStream rng(14, 0, 0, 0);
    check_moments(
        "gamma(0.5, 2)", [&] { return rng.gamma(0.5, 2); }, 1.0, 2.0, 0.016, 0.09);
    check_moments(
        "gamma(1, 1)", [&] { return rng.gamma(1, 1); }, 1.0, 1.0, 0.012, 0.04);
    check_moments(
        "gamma(3, 1.5)", [&] { return rng.gamma(3, 1.5); }, 4.5, 6.75, 0.03, 0.15);
    check_moments(
        "gamma(40, 0.25)", [&] { return rng.gamma(40, 0.25); }, 10.0, 2.5, 0.02, 0.04);
    check_moments(
        "beta(2, 5)", [&] { return rng.beta(2, 5); }, 2.0 / 7, 10.0 / (49 * 8), 0.0018, 0.0006);
    check_moments(
        "beta(0.5, 0.5)", [&] { return rng.beta(0.5, 0.5); }, 0.5, 0.125, 0.004, 0.0015);
    for (int i = 0; i < 10'000; ++i) {
        const double b = rng.beta(0.7, 3);
        REQUIRE(b >= 0.0);
        REQUIRE(b <= 1.0);
        REQUIRE(rng.gamma(0.3, 1) >= 0.0);
    }
    const AssertThrows asserts;
    CHECK_THROWS_AS(rng.gamma(0, 1), AssertThrows::Failure);
    CHECK_THROWS_AS(rng.beta(1, -1), AssertThrows::Failure);
}

TEST_CASE("state and set_state resume the identical sequence", "[rng]") {
    RngStream rng(99, 3, 12345, 8);
    for (int i = 0; i < 1000; ++i) {
        rng.normal(0, 1);
    }
    const std::array<std::uint64_t, 4> saved = rng.state();
    std::vector<double> expected;
    for (int i = 0; i < 100; ++i) {
        expected.push_back(rng.gamma(2.5, 1) + static_cast<double>(rng.poisson(40)) + rng.uniform());
    }
    RngStream restored(0, 0, 0, 0);
    restored.set_state(saved);
    CHECK(restored.state() == saved);
    for (int i = 0; i < 100; ++i) {
        REQUIRE(restored.gamma(2.5, 1) + static_cast<double>(restored.poisson(40)) + restored.uniform() ==
                expected[static_cast<std::size_t>(i)]);
    }
    // The same coordinates always give the same stream; a copy is an independent cursor.
    RngStream a(5, 0, 1, 1);
    RngStream b(5, 0, 1, 1);
    RngStream copy = a;
    CHECK(a.next_u64() == b.next_u64());
    CHECK(copy.next_u64() == RngStream(5, 0, 1, 1).next_u64());
    const AssertThrows asserts;
    CHECK_THROWS_AS(restored.set_state({0, 0, 0, 0}), AssertThrows::Failure);
}

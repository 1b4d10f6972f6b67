#include "sim/rng.hpp"

#include "sim/assert.hpp"

#include <cmath>
#include <numbers>

namespace innosim::sim {
namespace {

constexpr std::uint64_t kGolden = 0x9e3779b97f4a7c15ULL; // SplitMix64's increment, 2^64 / phi

// One odd constant per coordinate, so that (seed, rep, agent, purpose) = (1, 0, 0, 0) and (0, 1, 0, 0)
// feed different words into the mixer.
constexpr std::array<std::uint64_t, 4> kCoordinateSalt = {0x243f6a8885a308d3ULL, 0x13198a2e03707345ULL,
                                                          0xa4093822299f31d1ULL, 0x082efa98ec4e6c89ULL};

constexpr std::uint64_t rotl(std::uint64_t x, int k) {
    return (x << static_cast<unsigned>(k)) | (x >> static_cast<unsigned>(64 - k));
}

/// ln(k!) for a whole k >= 0 given as a double: exact sum below 16, Stirling's series above (the
/// first omitted term is under 1e-14 there). Ours rather than std::lgamma, which writes the global
/// `signgam` in glibc and so is not safe across the threads of a sweep.
double log_factorial(double k) {
    if (k < 16.0) {
        double sum = 0.0;
        for (int i = 2; i <= static_cast<int>(k); ++i) {
            sum += std::log(static_cast<double>(i));
        }
        return sum;
    }
    const double x = k + 1.0; // ln k! = ln Gamma(x)
    const double inv = 1.0 / x;
    const double inv2 = inv * inv;
    const double series = inv * (1.0 / 12.0 - inv2 * (1.0 / 360.0 - inv2 * (1.0 / 1260.0 - inv2 / 1680.0)));
    return (x - 0.5) * std::log(x) - x + 0.5 * std::log(2.0 * std::numbers::pi) + series;
}

} // namespace

RngStream::RngStream(std::uint64_t seed, std::uint64_t replication, std::uint64_t agent, std::uint64_t purpose) {
    // Fold the coordinates one by one through the mixer: a change in any bit of any coordinate
    // changes about half the bits of the key.
    std::uint64_t key = splitmix64_mix(seed ^ kCoordinateSalt[0]);
    key = splitmix64_mix(key ^ splitmix64_mix(replication ^ kCoordinateSalt[1]));
    key = splitmix64_mix(key ^ splitmix64_mix(agent ^ kCoordinateSalt[2]));
    key = splitmix64_mix(key ^ splitmix64_mix(purpose ^ kCoordinateSalt[3]));
    // Expand the key into four words the way the xoshiro authors recommend: a SplitMix64 sequence.
    for (std::uint64_t& word : s_) {
        key += kGolden;
        word = splitmix64_mix(key);
    }
    // Four consecutive SplitMix64 outputs are distinct (the mixer is a bijection), so never all zero.
}

std::uint64_t RngStream::next_u64() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17U;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
}

std::uint64_t RngStream::below(std::uint64_t n) {
    INNOSIM_ASSERT(n > 0, "RngStream::below: n must be positive");
    // Lemire, "Fast random integer generation in an interval" (2019): the high word of x * n is
    // uniform on [0, n) once the few low words that would bias it are rejected.
    __extension__ typedef unsigned __int128 Wide; // NOLINT(modernize-use-using): __extension__ needs typedef
    Wide product = static_cast<Wide>(next_u64()) * n;
    auto low = static_cast<std::uint64_t>(product);
    if (low < n) {
        const std::uint64_t threshold = (0 - n) % n; // 2^64 mod n
        while (low < threshold) {
            product = static_cast<Wide>(next_u64()) * n;
            low = static_cast<std::uint64_t>(product);
        }
    }
    return static_cast<std::uint64_t>(product >> 64U);
}

double RngStream::normal(double mean, double sd) {
    INNOSIM_ASSERT(sd >= 0.0, "RngStream::normal: sd must be >= 0");
    const double u1 = 1.0 - uniform(); // (0, 1], so the log is finite
    const double u2 = uniform();
    return mean + sd * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double RngStream::lognormal(double mu, double sigma) {
    return std::exp(normal(mu, sigma));
}

double RngStream::exponential(double mean) {
    INNOSIM_ASSERT(mean > 0.0, "RngStream::exponential: mean must be > 0");
    return -mean * std::log1p(-uniform()); // log(1 - u) with u in [0, 1): finite
}

std::uint64_t RngStream::poisson(double mean) {
    INNOSIM_ASSERT(mean >= 0.0 && std::isfinite(mean), "RngStream::poisson: mean must be finite and >= 0");
    if (mean < 10.0) {
        // Knuth: count uniforms until their product falls below e^-mean; about mean + 1 draws.
        const double limit = std::exp(-mean);
        std::uint64_t count = 0;
        double product = uniform();
        while (product > limit) {
            ++count;
            product *= uniform();
        }
        return count;
    }
    // Hormann, "The transformed rejection method for generating Poisson random variables" (1993),
    // algorithm PTRS: about 2.3 draws per variate whatever the mean.
    const double log_mean = std::log(mean);
    const double b = 0.931 + 2.53 * std::sqrt(mean);
    const double a = -0.059 + 0.02483 * b;
    const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
    const double v_r = 0.9277 - 3.6224 / (b - 2.0);
    while (true) {
        const double u = uniform() - 0.5;
        const double v = uniform();
        const double us = 0.5 - std::fabs(u);
        if (us <= 0.0) {
            continue; // u = -0.5 exactly: the transform is unbounded there
        }
        const double k = std::floor((2.0 * a / us + b) * u + mean + 0.43);
        if (us >= 0.07 && v <= v_r) {
            return static_cast<std::uint64_t>(k); // the squeeze: k >= 0 in this region
        }
        if (k < 0.0 || (us < 0.013 && v > us)) {
            continue;
        }
        if (std::log(v) + std::log(inv_alpha) - std::log(a / (us * us) + b) <=
            -mean + k * log_mean - log_factorial(k)) {
            return static_cast<std::uint64_t>(k);
        }
    }
}

double RngStream::gamma(double shape, double scale) {
    INNOSIM_ASSERT(shape > 0.0 && scale > 0.0, "RngStream::gamma: shape and scale must be > 0");
    if (shape < 1.0) {
        // Gamma(k) = Gamma(k + 1) * U^(1/k) (Marsaglia & Tsang, section 6).
        const double boosted = gamma(shape + 1.0, scale);
        return boosted * std::pow(1.0 - uniform(), 1.0 / shape);
    }
    // Marsaglia & Tsang, "A simple method for generating gamma variables" (2000).
    const double d = shape - 1.0 / 3.0;
    const double c = 1.0 / std::sqrt(9.0 * d);
    while (true) {
        double x = 0.0;
        double v = 0.0;
        do {
            x = normal(0.0, 1.0);
            v = 1.0 + c * x;
        } while (v <= 0.0);
        v = v * v * v;
        const double u = 1.0 - uniform(); // (0, 1]
        const double x2 = x * x;
        if (u < 1.0 - 0.0331 * x2 * x2 || std::log(u) < 0.5 * x2 + d * (1.0 - v + std::log(v))) {
            return d * v * scale;
        }
    }
}

double RngStream::beta(double a, double b) {
    INNOSIM_ASSERT(a > 0.0 && b > 0.0, "RngStream::beta: a and b must be > 0");
    const double x = gamma(a, 1.0);
    const double y = gamma(b, 1.0);
    return x / (x + y);
}

void RngStream::set_state(const std::array<std::uint64_t, 4>& state) {
    INNOSIM_ASSERT(state[0] != 0 || state[1] != 0 || state[2] != 0 || state[3] != 0,
                   "RngStream::set_state: the all-zero state is not a valid xoshiro256** state");
    s_ = state;
}

} // namespace innosim::sim

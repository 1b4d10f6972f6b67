#pragma once

// Random-number streams: one independent stream per (master seed, replication, agent id, purpose).
//
// Why a stream per (agent, purpose): adding an agent, or one more draw in one agent's decision,
// must not shift any other agent's numbers, or every "what if" comparison drowns in noise. The four
// coordinates are hashed with SplitMix64 into the 256-bit state of xoshiro256** (Blackman & Vigna),
// a small, fast generator whose outputs pass BigCrush; nearby coordinates give unrelated states.
//
// Why our own distributions: std::normal_distribution and friends are implementation-defined, so the
// same seed gives different runs with libstdc++ and libc++. Every method here consumes a documented
// number of draws (or loops until acceptance) and depends only on IEEE arithmetic and libm's
// exp/log/sqrt/cos/pow.

#include <array>
#include <cstdint>

namespace innosim::sim {

/// The SplitMix64 output function: a bijective 64-bit mixer with full avalanche. Public because
/// callers derive purpose ids from strings or compound keys with it.
constexpr std::uint64_t splitmix64_mix(std::uint64_t z) {
    z = (z ^ (z >> 30U)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27U)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31U);
}

class RngStream {
public:
    /// The stream for one (seed, replication, agent, purpose); equal arguments give equal streams.
    RngStream(std::uint64_t seed, std::uint64_t replication, std::uint64_t agent, std::uint64_t purpose);

    /// 64 uniformly random bits (xoshiro256**).
    std::uint64_t next_u64();
    /// Uniform on [0, 1), a multiple of 2^-53. One draw.
    double uniform() { return static_cast<double>(next_u64() >> 11U) * 0x1.0p-53; }
    /// Uniform on [a, b). One draw.
    double uniform(double a, double b) { return a + (b - a) * uniform(); }
    /// Uniform integer on [0, n), unbiased (Lemire's multiply-and-reject). n must be > 0 (asserted).
    std::uint64_t below(std::uint64_t n);
    /// True with probability p (p <= 0 never, p >= 1 always). One draw.
    bool bernoulli(double p) { return uniform() < p; }
    /// Normal(mean, sd) by Box-Muller, keeping no spare so the state stays four words. Two draws.
    double normal(double mean, double sd);
    /// exp(Normal(mu, sigma)): mu and sigma are of the logarithm. Two draws.
    double lognormal(double mu, double sigma);
    /// Exponential with the given mean (= 1 / rate). One draw.
    double exponential(double mean);
    /// Poisson count with the given mean >= 0: Knuth's product method below 10, Hormann's PTRS above.
    std::uint64_t poisson(double mean);
    /// Gamma(shape k, scale theta), mean k * theta: Marsaglia-Tsang; shape < 1 via the U^(1/k) boost.
    double gamma(double shape, double scale);
    /// Beta(a, b) on [0, 1], mean a / (a + b), as X / (X + Y) of two gammas.
    double beta(double a, double b);

    /// The whole state, for checkpoints; set_state(state()) resumes the identical sequence.
    std::array<std::uint64_t, 4> state() const { return s_; }
    /// Restores a state from state(). The all-zero state (a fixed point of xoshiro) is a bug (asserted).
    void set_state(const std::array<std::uint64_t, 4>& state);

private:
    std::array<std::uint64_t, 4> s_;
};

} // namespace innosim::sim

#pragma once

// PHOLD, the standard discrete-event engine benchmark, exactly as /work/shared/bench/PHOLD.md (copied
// into notes/engine.md) defines it, so that our figures compare with other engines' on identical
// work. Two drivers run the same workload with the same draws and checksum: one through the real
// Scheduler (schedule_at + a registered handler), one as a plain std::priority_queue loop, the
// baseline the engine is measured against in the same process.

#include "sim/time.hpp"

#include <cstddef>
#include <cstdint>

namespace innosim::sim {

/// PHOLD's random numbers: one splitmix64 stream per logical process.
class SplitMix64 {
public:
    explicit constexpr SplitMix64(std::uint64_t state) : state_(state) {}

    constexpr std::uint64_t next() {
        state_ += 0x9E3779B97F4A7C15ull;
        std::uint64_t z = state_;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    /// Uniform in [0, 1), 53 bits.
    constexpr double uniform() { return static_cast<double>(next() >> 11) * 0x1p-53; }
    /// Exponential with the given mean.
    double exponential(double mean);

    constexpr std::uint64_t state() const { return state_; }

private:
    std::uint64_t state_;
};

struct PholdConfig {
    std::uint32_t lps = 1024;         ///< logical processes (N)
    std::uint32_t events_per_lp = 16; ///< initial events per LP (E); N*E stay pending throughout
    double end = 10.0;                ///< end time T (days): events at T or later never run
    double remote = 0.25;             ///< probability that an event goes to a uniformly drawn LP
    double mean = 1.0;                ///< mean of the exponential time offset (days)
    double lookahead = 0.0;           ///< added to every offset (days)
    std::uint64_t seed = 1;           ///< master seed of the per-LP streams
};

enum class PholdQueue {
    kOurs, ///< innosim::sim::Scheduler
    kStd,  ///< a plain std::priority_queue loop
};

struct PholdResult {
    std::uint64_t committed = 0; ///< events executed
    std::uint64_t checksum = 0;  ///< FNV-style hash of every LP's final stream state and count
    double wall_seconds = 0;     ///< event loop only (set-up excluded), seconds
    double cpu_seconds = 0;      ///< processor time of the event loop, seconds (steadier on a busy machine)
    std::size_t pending = 0;     ///< events pending when the run stopped
    double events_per_second() const { return wall_seconds > 0 ? static_cast<double>(committed) / wall_seconds : 0; }
};

/// Runs PHOLD on the chosen queue. Preconditions (asserted): lps >= 1, events_per_lp >= 1,
/// 0 <= remote <= 1, mean > 0, lookahead >= 0, end finite; the CLI checks user input first.
PholdResult run_phold(const PholdConfig& config, PholdQueue queue);

} // namespace innosim::sim

#include "sim/phold.hpp"

#include "sim/assert.hpp"
#include "sim/scheduler.hpp"

#include <chrono>
#include <cmath>
#include <ctime>
#include <functional>
#include <queue>
#include <utility>
#include <vector>

namespace innosim::sim {

double SplitMix64::exponential(double mean) {
    return -mean * std::log(1.0 - uniform());
}

namespace {

constexpr std::uint32_t kPholdKind = 0;

/// Wall and processor time of the event loop.
struct Stopwatch {
    using Clock = std::chrono::steady_clock;
    Clock::time_point wall_start = Clock::now();
    std::clock_t cpu_start = std::clock();
    double wall_seconds = 0;
    double cpu_seconds = 0;
    void stop() {
        wall_seconds = std::chrono::duration<double>(Clock::now() - wall_start).count();
        cpu_seconds = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    }
};

/// One logical process: its stream and how many events it ran.
struct Lp {
    SplitMix64 rng{0};
    std::uint64_t count = 0;
};

/// The part of PHOLD both drivers share: set-up, the per-event draws, the checksum.
class Phold {
public:
    explicit Phold(const PholdConfig& config)
        : config_(config), lp_count_(static_cast<double>(config.lps)), end_(days_to_ticks(config.end)) {
        INNOSIM_ASSERT(config.lps >= 1 && config.events_per_lp >= 1, "PHOLD needs LPs and events");
        INNOSIM_ASSERT(config.remote >= 0 && config.remote <= 1, "PHOLD remote probability outside [0, 1]");
        INNOSIM_ASSERT(config.mean > 0 && config.lookahead >= 0, "PHOLD offsets must be positive");
        INNOSIM_ASSERT(std::isfinite(config.end), "PHOLD end time must be finite");
        SplitMix64 master(config.seed);
        lps_.resize(config.lps);
        for (Lp& lp : lps_) {
            lp.rng = SplitMix64(master.next());
        }
    }

    Ticks end() const { return end_; }

    /// Calls schedule(time, lp) for the initial events, in the reference's draw order.
    template <class Schedule> void initial_events(Schedule schedule) {
        for (std::uint32_t i = 0; i < config_.lps; ++i) {
            for (std::uint32_t j = 0; j < config_.events_per_lp; ++j) {
                schedule(offset(lps_[i]), i);
            }
        }
    }

    /// Executes the event at `lp`, time `now`; returns the one event it sends as (time, lp).
    std::pair<Ticks, std::uint32_t> execute(Ticks now, std::uint32_t lp_index) {
        Lp& lp = lps_[lp_index];
        ++lp.count;
        std::uint32_t destination = lp_index;
        if (lp.rng.uniform() < config_.remote) {
            destination = static_cast<std::uint32_t>(lp.rng.uniform() * lp_count_);
        }
        return {now + offset(lp), destination};
    }

    PholdResult result(const Stopwatch& stopwatch, std::size_t pending) const {
        PholdResult result;
        std::uint64_t hash = 14695981039346656037ull;
        for (const Lp& lp : lps_) {
            result.committed += lp.count;
            hash = (hash ^ lp.rng.state() ^ (lp.count << 40)) * 1099511628211ull;
        }
        result.checksum = hash;
        result.wall_seconds = stopwatch.wall_seconds;
        result.cpu_seconds = stopwatch.cpu_seconds;
        result.pending = pending;
        return result;
    }

private:
    /// Each offset becomes whole ticks before it is added: the clock is integer (sim/time.hpp).
    Ticks offset(Lp& lp) { return days_to_ticks(lp.rng.exponential(config_.mean) + config_.lookahead); }

    PholdConfig config_;
    double lp_count_;
    Ticks end_;
    std::vector<Lp> lps_;
};

/// The "ours" driver's handler: an ordinary model handler on the real Scheduler.
struct OursContext {
    Phold* phold;
    Scheduler* scheduler;
};

void on_phold_event(void* context, const Event& event) {
    auto& ours = *static_cast<OursContext*>(context);
    const auto [time, destination] = ours.phold->execute(event.time, event.target);
    ours.scheduler->schedule_at(time, kPholdKind, destination);
}

PholdResult run_ours(const PholdConfig& config) {
    Phold phold(config);
    Scheduler scheduler;
    OursContext context{&phold, &scheduler};
    scheduler.on(kPholdKind, Handler{&on_phold_event, &context});
    phold.initial_events([&](Ticks time, std::uint32_t lp) { scheduler.schedule_at(time, kPholdKind, lp); });

    Stopwatch stopwatch;
    scheduler.run_until(phold.end());
    stopwatch.stop();
    return phold.result(stopwatch, scheduler.pending());
}

using StdEntry = std::pair<Ticks, std::uint32_t>; // (time, lp): the plainest possible event
using StdQueue = std::priority_queue<StdEntry, std::vector<StdEntry>, std::greater<>>;

/// The baseline's event loop, out of line so that callgrind can count just it
/// (--toggle-collect='*phold_std_event_loop*').
[[gnu::noinline]] void phold_std_event_loop(Phold& phold, StdQueue& queue) {
    const Ticks end = phold.end();
    while (!queue.empty() && queue.top().first < end) {
        const StdEntry event = queue.top();
        queue.pop();
        queue.push(phold.execute(event.first, event.second));
    }
}

PholdResult run_std(const PholdConfig& config) {
    Phold phold(config);
    std::vector<StdEntry> storage;
    storage.reserve(static_cast<std::size_t>(config.lps) * config.events_per_lp);
    StdQueue queue(std::greater<>{}, std::move(storage));
    phold.initial_events([&](Ticks time, std::uint32_t lp) { queue.emplace(time, lp); });

    Stopwatch stopwatch;
    phold_std_event_loop(phold, queue);
    stopwatch.stop();
    return phold.result(stopwatch, queue.size());
}

} // namespace

PholdResult run_phold(const PholdConfig& config, PholdQueue queue) {
    return queue == PholdQueue::kOurs ? run_ours(config) : run_std(config);
}

} // namespace innosim::sim

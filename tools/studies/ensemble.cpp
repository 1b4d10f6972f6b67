#include "tools/studies/ensemble.hpp"

#include "agents/runner.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <thread>

namespace innosim::studies {

std::size_t EnsembleResult::imbalanced() const {
    return static_cast<std::size_t>(
        std::count_if(members.begin(), members.end(), [](const io::MemberRun& m) { return !m.balanced; }));
}

unsigned default_threads() {
    return std::max(1U, std::thread::hardware_concurrency());
}

void parallel_for(std::size_t count, unsigned threads, const std::function<void(std::size_t)>& task) {
    const unsigned workers =
        std::max(1U, std::min<unsigned>(threads, static_cast<unsigned>(std::max<std::size_t>(count, 1))));
    if (workers == 1) {
        for (std::size_t i = 0; i < count; ++i) {
            task(i);
        }
        return;
    }
    boost::asio::thread_pool pool(workers);
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    std::mutex error_mutex;
    std::exception_ptr error;
    // Each task runs one item and then queues the next: at most 2 * workers wait in the pool.
    std::function<void()> step = [&] {
        const std::size_t i = next.fetch_add(1);
        if (i >= count || failed.load()) {
            return;
        }
        try {
            task(i);
        } catch (...) {
            const std::lock_guard lock(error_mutex);
            if (!error) {
                error = std::current_exception();
            }
            failed.store(true);
            return;
        }
        boost::asio::post(pool, step);
    };
    for (unsigned w = 0; w < 2 * workers; ++w) {
        boost::asio::post(pool, step);
    }
    pool.join();
    if (error) {
        std::rethrow_exception(error);
    }
}

EnsembleResult run_ensemble(const agents::LoadedScenario& loaded, const EnsembleOptions& options) {
    const auto started = std::chrono::steady_clock::now();
    EnsembleResult result;
    result.seed = agents::effective_seed(loaded, options.seed);
    result.members.resize(options.replications);
    std::vector<std::uint64_t> transfers(options.replications, 0);
    parallel_for(options.replications, options.threads, [&](std::size_t i) {
        const std::uint32_t replication = options.first_replication + static_cast<std::uint32_t>(i);
        const agents::RunResult run = agents::run_scenario(
            loaded, {.seed = result.seed, .replication = replication, .out = {}, .monthly_kpis = true});
        io::MemberRun& member = result.members[i];
        member.replication = replication;
        member.seed = run.seed;
        member.horizon = run.horizon.values();
        member.end = run.end.values();
        for (const agents::MonthlyKpis& month : run.monthly) {
            member.month_times.push_back(month.time);
            member.monthly.push_back(month.kpis.values());
        }
        // The recorder's closing snapshot: the bands end where the replayed run ends.
        if (member.month_times.empty() || member.month_times.back() != run.end_time) {
            member.month_times.push_back(run.end_time);
            member.monthly.push_back(member.end);
        }
        member.balanced = run.imbalance == 0;
        member.events = run.events;
        transfers[i] = run.transfers;
    });
    for (const std::uint64_t t : transfers) {
        result.transfers += t;
    }
    result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

} // namespace innosim::studies

// innosim bench phold: the engine benchmark of /work/shared/bench/PHOLD.md, on our scheduler and on a
// plain std::priority_queue loop in the same process.
#include "sim/input_error.hpp"
#include "sim/phold.hpp"
#include "tools/innosim/command.hpp"

#include <CLI/CLI.hpp>

#include <charconv>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <sys/resource.h>

namespace innosim::cli {

namespace {

/// Pending events above this would need several GB (about 100 bytes each with the std baseline).
constexpr std::uint64_t kMaxPending = std::uint64_t{1} << 25;
/// Keeps days_to_ticks(end) far from int64 overflow.
constexpr double kMaxEndDays = 1e6;
/// Below this mean, offsets round to zero ticks often enough to stall the clock.
constexpr double kMinMeanDays = 1e-6;

struct BenchPholdOptions {
    sim::PholdConfig config;
    std::string seed = "1"; ///< parsed by us: CLI11 would wrap "-5" into a huge unsigned seed
    std::string queue = "both";
};

std::uint64_t parse_seed(const std::string& text) {
    std::uint64_t seed = 0;
    const char* const end = text.data() + text.size();
    const auto [rest, error] = std::from_chars(text.data(), end, seed);
    if (text.empty() || error != std::errc{} || rest != end) {
        throw InputError("--seed: expected an integer in [0, 2^64), got '" + text + "'");
    }
    return seed;
}

long peak_rss_kb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss; // kilobytes on Linux
}

/// A number as the user would write it (2, 0.25, 1e+07), for error messages.
std::string number(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

void validate(const BenchPholdOptions& options) {
    const sim::PholdConfig& c = options.config;
    if (c.lps < 1) {
        throw InputError("--lps: expected an integer >= 1, got " + std::to_string(c.lps));
    }
    if (c.events_per_lp < 1) {
        throw InputError("--events-per-lp: expected an integer >= 1, got " + std::to_string(c.events_per_lp));
    }
    if (std::uint64_t{c.lps} * c.events_per_lp > kMaxPending) {
        throw InputError("--lps * --events-per-lp: expected at most " + std::to_string(kMaxPending) +
                         " pending events, got " + std::to_string(std::uint64_t{c.lps} * c.events_per_lp));
    }
    if (!(c.end > 0 && c.end <= kMaxEndDays)) {
        throw InputError("--end: expected a time in days in (0, 1e6], got " + number(c.end));
    }
    if (!(c.remote >= 0 && c.remote <= 1)) {
        throw InputError("--remote: expected a probability in [0, 1], got " + number(c.remote));
    }
    if (!(c.mean >= kMinMeanDays && c.mean <= kMaxEndDays)) {
        throw InputError("--mean: expected days in [1e-6, 1e6], got " + number(c.mean));
    }
    if (!(c.lookahead >= 0 && c.lookahead <= kMaxEndDays)) {
        throw InputError("--lookahead: expected days in [0, 1e6], got " + number(c.lookahead));
    }
    if (options.queue != "ours" && options.queue != "std" && options.queue != "both") {
        throw InputError("--queue: expected ours, std or both, got '" + options.queue + "'");
    }
}

sim::PholdResult run_and_print(const sim::PholdConfig& config, sim::PholdQueue queue) {
    const sim::PholdResult result = sim::run_phold(config, queue);
    // The first line of each run is PHOLD.md's fixed format; the indented lines are ours. Processor
    // time is printed too: on a shared machine it is steadier than wall time.
    std::printf("committed=%" PRIu64 " checksum=%016" PRIx64 " events_per_s=%.0f\n", result.committed, result.checksum,
                result.events_per_second());
    std::printf("  queue=%s wall_seconds=%.4f cpu_seconds=%.4f peak_rss_kb=%ld pending=%zu\n",
                queue == sim::PholdQueue::kOurs ? "ours" : "std", result.wall_seconds, result.cpu_seconds,
                peak_rss_kb(), result.pending);
    std::printf("  lps=%u events_per_lp=%u end=%g remote=%g mean=%g lookahead=%g seed=%" PRIu64 "\n", config.lps,
                config.events_per_lp, config.end, config.remote, config.mean, config.lookahead, config.seed);
    std::fflush(stdout);
    return result;
}

double ratio(double ours, double baseline) {
    return baseline > 0 ? ours / baseline : 0;
}

void run_bench_phold(BenchPholdOptions& options) {
    options.config.seed = parse_seed(options.seed);
    validate(options);
    const sim::PholdConfig& c = options.config;
    if (options.queue == "ours") {
        run_and_print(c, sim::PholdQueue::kOurs);
    } else if (options.queue == "std") {
        run_and_print(c, sim::PholdQueue::kStd);
    } else {
        const sim::PholdResult baseline = run_and_print(c, sim::PholdQueue::kStd);
        const sim::PholdResult ours = run_and_print(c, sim::PholdQueue::kOurs);
        if (ours.committed != baseline.committed || ours.checksum != baseline.checksum) {
            throw std::runtime_error("the two queues disagree on committed/checksum: the engine is broken");
        }
        std::printf("ratio ours/std = %.2f\n", ratio(ours.events_per_second(), baseline.events_per_second()));
        std::printf("  cpu_ratio=%.2f\n", ratio(baseline.cpu_seconds, ours.cpu_seconds));
    }
}

} // namespace

void add_bench_command(CLI::App& app, Context& context) {
    auto* bench = app.add_subcommand("bench", "Benchmarks of the engine (see 'innosim bench phold --help')");
    bench->require_subcommand(1);

    auto options = std::make_shared<BenchPholdOptions>();
    auto* phold = bench->add_subcommand(
        "phold", "PHOLD, the standard benchmark of discrete-event engines (notes/engine.md): N logical processes, N*E "
                 "events always pending, each event "
                 "sends one more after an exponential delay. Prints 'committed=<n> checksum=<hex> events_per_s=<x>' "
                 "per queue, then wall seconds of the event loop, peak RSS and pending events.");
    sim::PholdConfig& c = options->config;
    phold->add_option("--lps", c.lps, "logical processes N (>= 1)")->capture_default_str();
    phold->add_option("--events-per-lp", c.events_per_lp, "initial events per LP E (>= 1); N*E stay pending")
        ->capture_default_str();
    phold->add_option("--end", c.end, "end time T in days: events at T or later never run")->capture_default_str();
    phold->add_option("--remote", c.remote, "probability that an event goes to a random LP, in [0, 1]")
        ->capture_default_str();
    phold->add_option("--mean", c.mean, "mean of the exponential delay in days")->capture_default_str();
    phold->add_option("--lookahead", c.lookahead, "days added to every delay (>= 0)")->capture_default_str();
    phold->add_option("--seed", options->seed, "master seed of the per-LP splitmix64 streams, in [0, 2^64)")
        ->type_name("UINT")
        ->capture_default_str();
    phold
        ->add_option("--queue", options->queue,
                     "ours (innosim's scheduler), std (plain std::priority_queue loop), or both: std then ours, "
                     "then 'ratio ours/std'")
        ->capture_default_str();
    phold->callback([options, &context] {
        run_bench_phold(*options);
        context.exit_code = kExitOk;
    });
}

} // namespace innosim::cli

// innosim serve: the live workshop server (simulations streamed to viewers, forks on request), and
// innosim watch: a headless client of it that prints what happens and saves finished runs.
#include "sim/calendar.hpp"
#include "sim/input_error.hpp"
#include "tools/innosim/command.hpp"
#include "tools/live/client.hpp"
#include "tools/live/collector.hpp"
#include "tools/live/server.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace innosim::cli {

namespace {

struct ServeArgs {
    std::string scenario = "mashhad_baseline";
    std::uint16_t port = live::kDefaultPort;
    std::string bind = "127.0.0.1";
    std::string token;
    std::size_t max_clients = 64;
    std::size_t max_runs = 16;
    double speed = 30;
    std::uint64_t seed = 0;
    std::vector<std::string> overrides;
    bool paused = false;
    bool no_start = false;
};

struct WatchArgs {
    std::string address;
    std::string token;
    std::string start;
    std::uint64_t seed = 0;
    double speed = 0;
    std::uint32_t fork = 0;
    std::string at;
    std::vector<std::string> overrides;
    std::string out_dir;
    std::size_t until_ended = 1;
    double timeout = 120;
};

/// "host:port" (or just "host", the default port).
std::pair<std::string, std::uint16_t> split_address(const std::string& address) {
    const auto colon = address.rfind(':');
    if (colon == std::string::npos) {
        return {address, live::kDefaultPort};
    }
    try {
        const int port = std::stoi(address.substr(colon + 1));
        if (port <= 0 || port > 65535) {
            throw std::out_of_range("port");
        }
        return {address.substr(0, colon), static_cast<std::uint16_t>(port)};
    } catch (const std::exception&) {
        throw InputError(address + ": expected HOST:PORT (e.g. 127.0.0.1:" + std::to_string(live::kDefaultPort) + ")");
    }
}

void serve(const ServeArgs& args, Context& context) {
    std::string token = args.token;
    if (token.empty()) {
        if (const char* env = std::getenv("INNOSIM_TOKEN"); env != nullptr) {
            token = env; // keeps the token out of the process list
        }
    }
    live::LiveServer server({.bind = args.bind,
                             .port = args.port,
                             .token = token,
                             .max_clients = args.max_clients,
                             .max_runs = args.max_runs,
                             .default_speed = args.speed,
                             .scenario = args.scenario,
                             .stop_on_signals = true});
    const std::uint16_t port = server.listen();
    if (!args.no_start) {
        live::Start start;
        start.set_name(args.scenario);
        start.set_seed(args.seed);
        start.set_paused(args.paused);
        for (const std::string& o : args.overrides) {
            start.add_overrides(o);
        }
        server.start_run(start);
    }
    std::printf("listening on %s:%u\n", args.bind.c_str(), static_cast<unsigned>(port));
    std::printf("  viewers:  innosim-viz --connect %s:%u%s\n", args.bind.c_str(), static_cast<unsigned>(port),
                token.empty() ? "" : " --token ...");
    std::printf("  headless: innosim watch %s:%u\n", args.bind.c_str(), static_cast<unsigned>(port));
    std::printf("Ctrl-C stops the server.\n");
    std::fflush(stdout);
    server.run();
    const live::ServerStats stats = server.stats();
    std::printf("served %llu connections, %llu runs; %llu refused, %llu bad input, %llu too slow\n",
                static_cast<unsigned long long>(stats.connections), static_cast<unsigned long long>(stats.runs_started),
                static_cast<unsigned long long>(stats.refused), static_cast<unsigned long long>(stats.bad_input),
                static_cast<unsigned long long>(stats.dropped_slow));
    context.exit_code = kExitOk;
}

/// The tick a frame is about (its snapshot's time, or its last event's).
sim::Ticks frame_time(const run::Frame& frame) {
    if (frame.has_snapshot()) {
        return frame.snapshot().time();
    }
    return frame.events().events().empty() ? -1 : frame.events().events().rbegin()->time();
}

void watch(const WatchArgs& args, Context& context) {
    const auto [host, port] = split_address(args.address);
    if (!args.overrides.empty() && args.fork == 0) {
        throw InputError("--set needs --fork RUN_ID --at DATE");
    }
    if ((args.fork != 0) != !args.at.empty()) {
        throw InputError("--fork RUN_ID and --at DATE go together");
    }
    if (!args.out_dir.empty()) {
        std::filesystem::create_directories(args.out_dir);
    }
    using Clock = std::chrono::steady_clock;
    struct Shared {
        std::mutex mutex;
        std::uint64_t fork_request = 0;
        Clock::time_point fork_sent{};
        sim::Ticks fork_time = -1;
        std::uint32_t branch = 0;
        double latency_ms = -1;
        bool given_up = false; ///< the client will not reconnect (refused: token, version)
    };
    auto shared = std::make_shared<Shared>();
    live::RunCollector runs;
    live::ClientCallbacks print;
    print.on_welcome = [](const live::Welcome& w) {
        std::printf("connected to %s, %d runs\n", w.server_version().c_str(), w.runs_size());
        std::fflush(stdout);
    };
    print.on_run = [shared](const live::RunInfo& info, std::uint64_t request_id) {
        static const char* const kStates[] = {"?", "running", "paused", "finished", "failed"};
        std::printf("run %u: %s, %s%s%s\n", info.run_id(), info.scenario_name().c_str(),
                    kStates[std::clamp<int>(info.state(), 0, 4)],
                    info.parent_run_id() != 0
                        ? (", fork of run " + std::to_string(info.parent_run_id()) + " at " + info.fork_date()).c_str()
                        : "",
                    info.error().empty() ? "" : (": " + info.error()).c_str());
        const std::lock_guard lock(shared->mutex);
        if (request_id != 0 && request_id == shared->fork_request) {
            shared->branch = info.run_id();
            shared->fork_time = info.fork_time();
        }
        std::fflush(stdout);
    };
    print.on_frame = [shared](std::uint32_t run_id, std::uint64_t, const run::Frame& frame) {
        const std::lock_guard lock(shared->mutex);
        if (run_id == shared->branch && shared->latency_ms < 0 && frame_time(frame) >= shared->fork_time) {
            shared->latency_ms = std::chrono::duration<double, std::milli>(Clock::now() - shared->fork_sent).count();
            std::printf("fork latency: %.1f ms (request to the branch's first frame after the fork point)\n",
                        shared->latency_ms);
            std::fflush(stdout);
        }
    };
    print.on_end = [](std::uint32_t run_id, const run::Footer& footer) {
        std::printf("run %u ended: %u active startups, %u jobs at the end\n", run_id,
                    footer.end_kpis().active_startups(), footer.end_kpis().jobs());
        std::fflush(stdout);
    };
    print.on_error = [](std::uint64_t, const std::string& message) {
        std::fprintf(stderr, "innosim watch: server error: %s\n", message.c_str());
    };
    print.on_disconnect = [shared](const std::string& reason, bool reconnecting) {
        std::fprintf(stderr, "innosim watch: disconnected: %s%s\n", reason.c_str(),
                     reconnecting ? " (reconnecting)" : "");
        const std::lock_guard lock(shared->mutex);
        shared->given_up = shared->given_up || !reconnecting;
    };
    live::LiveClient client({.host = host, .port = port, .token = args.token, .client_name = "innosim watch"},
                            runs.callbacks(print));
    client.connect();
    if (!args.start.empty()) {
        live::Start start;
        start.set_name(args.start);
        start.set_seed(args.seed);
        start.set_speed(args.speed);
        client.start(start);
    }

    const auto deadline =
        Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(args.timeout));
    bool fork_sent = args.fork == 0;
    std::size_t saved = 0;
    std::vector<std::uint32_t> written;
    while (Clock::now() < deadline) {
        {
            const std::lock_guard lock(shared->mutex);
            if (shared->given_up) {
                break;
            }
        }
        if (!fork_sent) {
            // Fork once the parent has streamed past the fork date.
            const auto parent = runs.run(args.fork);
            if (parent && parent->header && !parent->frames.empty()) {
                const sim::Calendar calendar(sim::parse_jalali(parent->header->start_date()));
                const sim::Ticks at = calendar.to_ticks(sim::parse_jalali(args.at));
                if (frame_time(parent->frames.back()) >= at || parent->footer) {
                    const std::lock_guard lock(shared->mutex);
                    shared->fork_sent = Clock::now();
                    shared->fork_request = client.fork(args.fork, args.at, args.overrides, args.speed);
                    fork_sent = true;
                }
            }
        }
        std::size_t ended = 0;
        for (const std::uint32_t id : runs.run_ids()) {
            if (!runs.ended(id)) {
                continue;
            }
            ++ended;
            if (!args.out_dir.empty() && std::find(written.begin(), written.end(), id) == written.end()) {
                const auto path = std::filesystem::path(args.out_dir) / ("run-" + std::to_string(id) + ".innorun");
                runs.write_run_file(id, path);
                std::printf("saved run %u to %s\n", id, path.c_str());
                written.push_back(id);
                ++saved;
            }
        }
        bool fork_done = fork_sent;
        if (args.fork != 0 && fork_sent) {
            // A fork is done once its branch has streamed past the fork point (or was refused).
            const std::lock_guard lock(shared->mutex);
            fork_done = shared->latency_ms >= 0 || !runs.errors().empty();
        }
        if (args.fork != 0 && fork_done && !runs.errors().empty()) {
            client.close();
            context.exit_code = kExitBadInput; // the server said why on stderr
            return;
        }
        if (ended >= args.until_ended && fork_done) {
            client.close();
            context.exit_code = kExitOk;
            return;
        }
        const std::uint64_t seen = runs.version();
        runs.wait([seen](const live::RunCollector& r) { return r.version() != seen; }, std::chrono::milliseconds(200));
    }
    client.close();
    const std::lock_guard lock(shared->mutex);
    if (shared->given_up) {
        context.exit_code = kExitBadInput; // refused: the reason is above
        return;
    }
    std::fprintf(stderr, "innosim watch: timed out after %.0f s (%zu runs saved)\n", args.timeout, saved);
    context.exit_code = kExitFailure;
}

} // namespace

void add_serve_command(CLI::App& app, Context& context) {
    auto args = std::make_shared<ServeArgs>();
    auto* sub = app.add_subcommand("serve", "Run simulations live and stream them to viewers (workshops, forks)");
    sub->add_option("SCENARIO", args->scenario, "Scenario file or built-in name of the first run")
        ->capture_default_str();
    sub->add_option("--port", args->port, "TCP port; 0: any free port (printed)")->capture_default_str();
    sub->add_option("--bind", args->bind, "Address to listen on; other than loopback needs --token")
        ->capture_default_str();
    sub->add_option("--token", args->token,
                    "Clients must present this token (default: $INNOSIM_TOKEN; required with a non-loopback --bind)");
    sub->add_option("--max-clients", args->max_clients, "Connections at once")->capture_default_str();
    sub->add_option("--max-runs", args->max_runs,
                    "Runs the server holds (the first, started ones, forks; finished count)")
        ->capture_default_str();
    sub->add_option("--speed", args->speed, "Sim days per wall second; <= 0: as fast as possible")
        ->capture_default_str();
    sub->add_option("--seed", args->seed, "Seed of the first run (default: the scenario's)");
    sub->add_option("--set", args->overrides, "A lever of the first run from the start: PATH=VALUE; repeatable");
    sub->add_flag("--paused", args->paused, "Start the first run paused (a viewer resumes it)");
    sub->add_flag("--no-start", args->no_start, "Start no run; clients start them");
    sub->footer("Prints \"listening on ADDR:PORT\" once ready. SIGINT/SIGTERM stop it gracefully.\n"
                "Protocol and safety limits: notes/live.md. Exit codes: 0 stopped, 2 bad input.");
    sub->callback([args, &context] { serve(*args, context); });

    auto watch_args = std::make_shared<WatchArgs>();
    auto* watch_sub = app.add_subcommand("watch", "A headless client of innosim serve: print, fork, save runs");
    watch_sub->add_option("ADDRESS", watch_args->address, "HOST:PORT of the server")->required();
    watch_sub->add_option("--token", watch_args->token, "The server's token");
    watch_sub->add_option("--start", watch_args->start, "Start a run of this scenario (a name the server knows)");
    watch_sub->add_option("--seed", watch_args->seed, "Seed of the started run");
    watch_sub->add_option("--speed", watch_args->speed, "Sim days per second of the started or forked run");
    watch_sub->add_option("--fork", watch_args->fork, "Fork this run id (once it has passed --at)");
    watch_sub->add_option("--at", watch_args->at, "Fork date (Solar Hijri)");
    watch_sub->add_option("--set", watch_args->overrides, "Fork lever PATH=VALUE; repeatable");
    watch_sub->add_option("--out-dir", watch_args->out_dir, "Save every finished run here as run-ID.innorun");
    watch_sub->add_option("--until-ended", watch_args->until_ended, "Exit once this many runs have ended")
        ->capture_default_str();
    watch_sub->add_option("--timeout", watch_args->timeout, "Give up after this many seconds (exit 1)")
        ->capture_default_str();
    watch_sub->callback([watch_args, &context] { watch(*watch_args, context); });
}

} // namespace innosim::cli

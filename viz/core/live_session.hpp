#pragma once

// LiveSession: the viewer's side of `innosim serve` (innosim-viz --connect HOST:PORT). It owns a
// live::LiveClient (which connects, greets and reconnects with backoff on its own thread) and a
// store of what arrived, run by run, that the UI polls once per frame: the connection's state and
// why it changed, the server's runs (parents and their forks), and each run's frames, which
// feed() appends to a growing RunModel. Requests (fork from here, pause, resume, speed) go out at
// once or are queued until the connection is back.
//
// Why our own store rather than live::RunCollector: a restarted server numbers its runs from 1
// again, and the client then replays them from their headers; the store must forget the old runs
// at that moment (epoch()), or the new run 1's frames would be appended to the old run 1's. And
// frames are kept serialized (a third of the memory of parsed messages, and a server holds up to
// 16 runs); the viewer parses each once, when it feeds it to a model.

#include "sim/proto/live.pb.h"
#include "viz/core/run_model.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace innosim::live {
class LiveClient;
}

namespace innosim::viz {

/// "127.0.0.1:7464", "localhost" (the default port), "[::1]:7464".
struct LiveAddress {
    std::string host;
    std::uint16_t port = 0;
};
/// Throws innosim::InputError saying what was expected.
LiveAddress parse_live_address(const std::string& text);

enum class LinkState {
    Connecting,   ///< before the first Welcome, no failure yet
    Connected,    ///< greeted, frames flow
    Reconnecting, ///< lost (or never reached); the client tries again with backoff
    Lost          ///< refused (token, version) or closed: no more attempts
};

struct LinkStatus {
    LinkState state = LinkState::Connecting;
    std::string reason;                          ///< why it is not connected (the last disconnect's reason)
    std::uint64_t welcomes = 0;                  ///< connections greeted: 1 + reconnects
    std::uint64_t restarts = 0;                  ///< times the server turned out to be another one (its runs new)
    std::string server_version;                  ///< from the last Welcome
    std::chrono::steady_clock::time_point since; ///< when `state` last changed
};

/// A run on the server as the runs list shows it.
struct LiveRunRow {
    std::uint32_t id = 0;
    live::RunInfo info;       ///< the latest the server said (state, speed, parent, fork date, levers)
    bool has_header = false;  ///< its header arrived: it can be shown
    std::size_t frames = 0;   ///< frames received
    Ticks reached = 0;        ///< ticks on the run's clock: the latest frame's time
    std::string reached_date; ///< the same as a Solar Hijri date; empty before the header and a frame
    bool ended = false;       ///< its footer arrived
};

/// Rows in tree order: every run followed by its forks (depth-first, by id), with its depth
/// (0 for a run started from a scenario). A fork whose parent is unknown is shown as a root.
std::vector<std::pair<std::size_t, int>> run_tree(const std::vector<LiveRunRow>& rows);

/// An error the server answered a request with (bad lever, a date the run has not reached).
struct LiveError {
    std::uint64_t request_id = 0;
    std::string message;
};

class LiveSession {
public:
    struct Options {
        LiveAddress address;
        std::string token;
        std::string client_name = "innosim-viz";
        std::chrono::milliseconds reconnect_min{250}; ///< first wait before reconnecting; doubles
        std::chrono::milliseconds reconnect_max{4000};
    };

    /// Starts connecting and returns at once.
    explicit LiveSession(Options options);
    LiveSession(const LiveSession&) = delete;
    LiveSession& operator=(const LiveSession&) = delete;
    /// Closes the connection and joins the client's thread.
    ~LiveSession();

    std::string address() const; ///< "host:port"
    LinkStatus status() const;
    /// Bumped whenever anything arrives or the connection changes: skip work while it stands still.
    std::uint64_t version() const;
    /// Bumped when a restarted server's runs replace the old ones: run ids of an earlier epoch are void.
    std::uint64_t epoch() const;

    std::vector<LiveRunRow> runs() const;
    std::optional<LiveRunRow> run(std::uint32_t id) const;
    /// A model of run `id` with every frame received so far; nothing before its header came.
    std::optional<RunModel> model(std::uint32_t id) const;
    /// Appends to `model` (a model of run `id`) the frames it has not got yet, and the footer once
    /// the run has ended. Returns how many frames it appended. InputError for a frame that does
    /// not parse.
    std::size_t feed(std::uint32_t id, RunModel& model) const;

    /// Errors answered since the last call.
    std::vector<LiveError> take_errors();
    /// The run a request created (a Fork's branch), once the server has said so.
    std::optional<std::uint32_t> run_of_request(std::uint64_t request_id) const;

    // Requests: each returns its request id (echoed in run_of_request() or an error).
    /// Branches run `id` at the day of `at` (ticks on the run's clock) with `overrides` ("path=value").
    std::uint64_t fork(std::uint32_t id, Ticks at, const std::vector<std::string>& overrides);
    std::uint64_t pause(std::uint32_t id);
    std::uint64_t resume(std::uint32_t id);
    /// Sim days per wall second; <= 0 as fast as possible.
    std::uint64_t set_speed(std::uint32_t id, double days_per_second);

    /// Waits until `done()` holds (checked after every change) or `timeout` passes (tests, headless).
    bool wait(const std::function<bool()>& done, std::chrono::milliseconds timeout) const;

private:
    struct Run {
        live::RunInfo info;
        std::optional<run::RunHeader> header;
        std::vector<std::string> frames; // serialized run::Frame, index = position
        Ticks reached = 0;
        std::optional<run::Footer> footer;
    };
    void changed(std::unique_lock<std::mutex>& lock);
    static LiveRunRow row_of(std::uint32_t id, const Run& run);
    void set_state(LinkState state, std::string reason);

    Options options_;
    mutable std::mutex mutex_;
    mutable std::condition_variable cv_;
    LinkStatus status_;
    std::string server_id_;
    std::map<std::uint32_t, Run> runs_;
    std::map<std::uint64_t, std::uint32_t> requests_;
    std::vector<LiveError> errors_;
    std::uint64_t version_ = 0;
    std::uint64_t epoch_ = 0;
    // Last: destroyed first, so its thread never calls into a store that is gone.
    std::unique_ptr<live::LiveClient> client_;
};

} // namespace innosim::viz

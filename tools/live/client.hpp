#pragma once

// [SECTION] The live client: what innosim-viz --connect (and `innosim watch`, and the tests) use
// to talk to `innosim serve` (protocol: sim/proto/live.proto, notes/live.md).
//
// The client owns one network thread. connect() returns at once; the connection, its Hello, and
// reconnecting with backoff after a loss all happen on that thread, which also calls the
// callbacks, in the order the server sent things. Requests (start, fork, pause, ...) may be made
// from any thread at any time: they are queued until the connection is up.
//
// After a reconnect the client tells the server which runs it follows and how many frames of each
// it already has, so callbacks never see a frame twice; a header already seen is not repeated.
// If the server itself restarted (another server_id), its runs are new: the callbacks see them
// from their headers on, as on a first connect.
//
//   RunCollector runs;                                    // or your own callbacks
//   LiveClient client({.host = "127.0.0.1", .port = 7464}, runs.callbacks());
//   client.connect();
//   client.fork(1, "1403/01/01", {"departments[Finance].payment_delay_days=30"});

#include "sim/time.hpp"
#include "tools/live/protocol.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace innosim::live {

struct ClientOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = kDefaultPort;
    std::string token;                                    ///< the server's --token, if it has one
    std::string client_name = "innosim";                  ///< shown in the server's log
    bool subscribe_all = true;                            ///< follow every run, present and future
    bool reconnect = true;                                ///< after a lost connection (not after a refusal)
    std::chrono::milliseconds reconnect_min{100};         ///< first wait before reconnecting; doubles
    std::chrono::milliseconds reconnect_max{5000};        ///< longest wait between attempts
    std::size_t max_record_bytes = kMaxServerRecordBytes; ///< larger server records: disconnect
};

/// Called on the client's network thread; keep them short (copy, queue, return). Any may be empty.
struct ClientCallbacks {
    /// Connected and greeted (again, after a reconnect): the runs the server has. A server_id
    /// other than the last Welcome's means another server (a restart): forget the runs you had,
    /// its run ids name new ones, whose headers and frames follow from the start.
    std::function<void(const Welcome& welcome)> on_welcome;
    /// A run appeared or changed state; `request_id` is set when it answers our Start or Fork.
    std::function<void(const RunInfo& run, std::uint64_t request_id)> on_run;
    /// A run's header, once per run: start a replay of it.
    std::function<void(std::uint32_t run_id, const run::RunHeader& header)> on_header;
    /// The run's next frame (index 0, 1, 2, ... with no gaps or repeats).
    std::function<void(std::uint32_t run_id, std::uint64_t index, const run::Frame& frame)> on_frame;
    /// The run finished: its footer (KPIs at the horizon and end, ledger, engine).
    std::function<void(std::uint32_t run_id, const run::Footer& footer)> on_end;
    /// A request failed (bad levers, no such run, ...): show `message`.
    std::function<void(std::uint64_t request_id, const std::string& message)> on_error;
    /// The connection is gone; `reconnecting` says whether the client will try again.
    std::function<void(const std::string& reason, bool reconnecting)> on_disconnect;
};

class LiveClient {
public:
    LiveClient(ClientOptions options, ClientCallbacks callbacks);
    LiveClient(const LiveClient&) = delete;
    LiveClient& operator=(const LiveClient&) = delete;
    /// close()s.
    ~LiveClient();

    /// Starts connecting (on the client's thread) and returns at once.
    void connect();
    /// Disconnects for good and joins the network thread (from a callback: stops it, and the
    /// destructor joins). Callbacks are not called after it.
    void close();
    /// Greeted by the server and not disconnected since.
    bool connected() const;

    // Requests: each returns its request id (echoed in on_run or on_error).

    /// A new run of a scenario the server knows (Start.name) or of a scenario text.
    std::uint64_t start(const Start& start);
    /// Branches run `run_id` on `date` (Solar Hijri) with `overrides` ("path=value").
    std::uint64_t fork(std::uint32_t run_id, const std::string& date, const std::vector<std::string>& overrides,
                       double speed = 0);
    /// Same, at the day of `time` (ticks): "fork from here" on a timeline.
    std::uint64_t fork_at_time(std::uint32_t run_id, sim::Ticks time, const std::vector<std::string>& overrides,
                               double speed = 0);
    std::uint64_t pause(std::uint32_t run_id = 0);  ///< 0: every run
    std::uint64_t resume(std::uint32_t run_id = 0); ///< 0: every run
    /// Sim days per wall second; <= 0: as fast as possible. run_id 0: every run.
    std::uint64_t set_speed(std::uint32_t run_id, double days_per_second);
    std::uint64_t subscribe(std::uint32_t run_id);
    std::uint64_t unsubscribe(std::uint32_t run_id);
    /// Any request (its request_id is set if 0).
    std::uint64_t send(ClientMessage message);

    class Impl;

private:
    std::shared_ptr<Impl> impl_;
};

} // namespace innosim::live

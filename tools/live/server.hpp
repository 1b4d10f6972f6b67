#pragma once

// [SECTION] The live server (`innosim serve`): runs simulations and streams their frames to any
// number of viewers over TCP (protocol: sim/proto/live.proto, notes/live.md).
//
// Threads: one network thread runs a Boost.Asio io_context (accepting, reading requests, writing
// frames, timers); every simulation runs on a thread of its own, paced to its speed, and hands
// encoded frames over to the network thread. Neither ever waits for the other: a slow client only
// lags (and is dropped past a bound), a busy simulation never delays the network.
//
//   LiveServer server({.port = 0});
//   const std::uint16_t port = server.listen();   // "listening on 127.0.0.1:PORT"
//   server.start_run(start_message);              // optional: a run before any client asks
//   server.run();                                 // until stop() (or SIGINT/SIGTERM)

#include "tools/live/protocol.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace innosim::live {

struct ServerOptions {
    std::string bind = "127.0.0.1";                       ///< address to listen on; others than loopback need a token
    std::uint16_t port = kDefaultPort;                    ///< 0: any free port (LiveServer::listen() says which)
    std::string token;                                    ///< clients must present it in Hello when not empty
    std::size_t max_clients = 64;                         ///< connections at once; more are refused with Bye
    std::size_t max_runs = 16;                            ///< runs at once (started + forked)
    std::size_t max_record_bytes = kMaxClientRecordBytes; ///< bytes per client record
    std::size_t max_queue_bytes = std::size_t{64} << 20;  ///< bytes of live frames a client may lag
    std::chrono::milliseconds hello_timeout{10'000};      ///< a client must say Hello within this
    std::chrono::milliseconds stall_timeout{30'000};      ///< a write may not make progress for longer
    double default_speed = 30;                            ///< sim days per wall second; < 0: as fast as possible
    int checkpoint_every_months = 1; ///< in-memory checkpoints of every run (forks start from them)
    std::string scenario;            ///< the server's scenario (file or built-in): Start may name it
    int send_buffer_bytes = 0;       ///< SO_SNDBUF of client sockets (tests); 0: the system's
    bool stop_on_signals = false;    ///< SIGINT/SIGTERM stop the server gracefully
    /// One line per notable event (connections, disconnects and why, runs); default: stderr.
    std::function<void(std::string_view)> log;
};

/// Counts for tests and the shutdown summary.
struct ServerStats {
    std::uint64_t connections = 0;  ///< accepted
    std::uint64_t disconnects = 0;  ///< for any reason
    std::uint64_t dropped_slow = 0; ///< dropped for lagging past max_queue_bytes or stalling
    std::uint64_t refused = 0;      ///< Bye before Welcome: token, version, no Hello, server full
    std::uint64_t bad_input = 0;    ///< malformed, oversized or unparsable records
    std::uint64_t runs_started = 0; ///< Start and Fork requests that became runs
    std::size_t clients = 0;        ///< connected now
};

class LiveServer {
public:
    /// Throws InputError if the options are unusable (not an address; not loopback without a token).
    explicit LiveServer(ServerOptions options);
    LiveServer(const LiveServer&) = delete;
    LiveServer& operator=(const LiveServer&) = delete;
    /// Stops everything and joins every thread.
    ~LiveServer();

    /// Binds and listens; returns the port (the ephemeral one for port 0). Throws InputError if
    /// the address cannot be bound (in use, not ours).
    std::uint16_t listen();

    /// Starts a run as a Start request would, before or while serving; returns its id. Throws
    /// InputError for an unknown scenario or bad overrides. Its frames stream once clients come.
    std::uint32_t start_run(const Start& start);

    /// Serves on the calling thread until stop().
    void run();
    /// Serves on a background thread (tests); stop() or the destructor ends it.
    void start();
    /// Says Bye to every client, stops every run and returns once the network thread is done
    /// (when called from another thread). Safe from any thread, more than once.
    void stop();

    ServerStats stats() const;

    class Impl;

private:
    std::shared_ptr<Impl> impl_;
};

} // namespace innosim::live

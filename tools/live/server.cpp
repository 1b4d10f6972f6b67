#include "tools/live/server.hpp"

// [SECTION] Index
//   Run          one simulation: its stream (header, frame records, end), checkpoints, pacing
//   RunSink      the simulation side: frames in, encoded records out (simulation thread)
//   Session      one client connection: reads requests, writes its subscriptions (network thread)
//   Impl         acceptor, sessions, runs, requests, shutdown

#include "agents/checkpoint.hpp"
#include "agents/model.hpp"
#include "agents/recorder.hpp"
#include "agents/runner.hpp"
#include "agents/scenario_loader.hpp"
#include "sim/calendar.hpp"
#include "sim/input_error.hpp"
#include "sim/version.hpp"
#include "tools/live/request_check.hpp"

#include <boost/asio.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <unistd.h>
#include <vector>

namespace innosim::live {

namespace asio = boost::asio;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

/// Thrown out of a simulation (from its pacing observer) to end it early: shutdown.
struct RunStopped {};

/// A client's output is written in batches of about this many bytes.
constexpr std::size_t kWriteBatchBytes = std::size_t{1} << 20;

bool same_token(std::string_view a, std::string_view b) {
    // Compare every byte whatever the first difference, so timing does not leak a prefix.
    unsigned diff = a.size() == b.size() ? 0U : 1U;
    for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
        const auto x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0U;
        const auto y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0U;
        diff |= x ^ y;
    }
    return diff == 0;
}

/// Sim days per wall second as requested; anything but a positive finite number means "as fast as
/// possible" (-1).
double speed_of(double requested) {
    return requested > 0 && std::isfinite(requested) ? requested : -1;
}

std::string date_of(const agents::LoadedScenario& loaded, sim::Ticks t) {
    return sim::format(sim::Calendar(sim::parse_jalali(loaded.params.start_date)).date_at(t));
}

} // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] Run

struct StoredCheckpoint {
    sim::Ticks time = 0;                            ///< ticks
    std::shared_ptr<const run::Checkpoint> frame{}; ///< the checkpoint frame's body
    std::size_t frames = 0;                         ///< frame records of the run before it
};

/// One simulation. Fields above the mutex are set before the run is shared and never change;
/// those below are guarded by it.
struct Run {
    std::uint32_t id = 0;
    std::uint32_t parent_id = 0;        ///< forks
    std::vector<std::string> overrides; ///< forks: the levers
    std::uint64_t request_id = 0;       ///< the Start or Fork that made it
    std::uint64_t requester = 0;        ///< the session that asked (0: the server itself)

    mutable std::mutex mutex;
    std::condition_variable wake; ///< pacing: pause, resume, speed, stop

    // [mutex] from the simulation thread
    sim::Ticks fork_time = 0;      ///< forks: ticks
    std::string fork_date;         ///< forks
    agents::LoadedScenario loaded; ///< once the header is out
    std::string scenario_name;
    std::uint64_t seed = 0;
    sim::Ticks end_time = 0;
    run::RunHeader header;
    SharedRecord header_record;
    std::vector<SharedRecord> records;      ///< frame records, then the RunEnd record
    std::vector<std::uint64_t> record_ends; ///< bytes of records[0..i], cumulative
    std::vector<StoredCheckpoint> checkpoints;
    sim::Ticks sim_time = 0; ///< ticks: the last month reached
    RunState state = RUNNING;
    std::string error;
    // [mutex] pacing, set by requests
    double speed = 30; ///< sim days per wall second; < 0: as fast as possible
    bool paused = false;
    bool stop = false;
    sim::Ticks pace_from = 0; ///< forks run their inherited past at full speed
    bool anchored = false;
    sim::Ticks anchor_sim = 0;
    Clock::time_point anchor_wall{};

    std::atomic<bool> progress_posted{false};
    std::atomic<bool> rejected{false}; ///< its request failed before it started: not counted
    std::thread thread;

    std::uint64_t bytes_before(std::size_t index) const { return index == 0 ? 0 : record_ends[index - 1]; }
    std::uint64_t bytes_total() const { return record_ends.empty() ? 0 : record_ends.back(); }

    /// Re-anchors the pacing clock at the last month reached (after a resume or speed change).
    void reanchor() {
        anchored = true;
        anchor_sim = sim_time;
        anchor_wall = Clock::now();
    }

    /// Called by the simulation at every month: waits until the wall clock catches up with the
    /// requested speed, while paused, or throws RunStopped.
    void pace(sim::Ticks t) {
        std::unique_lock lock(mutex);
        sim_time = std::max(sim_time, t);
        for (;;) {
            if (stop) {
                throw RunStopped{};
            }
            if (t < pace_from) {
                return;
            }
            if (paused) {
                wake.wait(lock);
                continue;
            }
            if (speed < 0) {
                return;
            }
            if (!anchored) {
                reanchor();
                return;
            }
            const auto target = anchor_wall + std::chrono::duration_cast<Clock::duration>(
                                                  std::chrono::duration<double>(sim::to_days(t - anchor_sim) / speed));
            if (Clock::now() >= target) {
                return;
            }
            wake.wait_until(lock, target);
        }
    }

    RunInfo info() const {
        const std::lock_guard lock(mutex);
        RunInfo out;
        out.set_run_id(id);
        out.set_scenario_name(scenario_name);
        out.set_seed(seed);
        out.set_state(paused && state == RUNNING ? PAUSED : state);
        out.set_speed(speed);
        out.set_sim_time(sim_time);
        out.set_end_time(end_time);
        out.set_frames(records.size() - (state == FINISHED && !records.empty() ? 1 : 0));
        out.set_parent_run_id(parent_id);
        if (parent_id != 0) {
            out.set_fork_time(fork_time);
            out.set_fork_date(fork_date);
            for (const std::string& o : overrides) {
                out.add_overrides(o);
            }
        }
        out.set_error(error);
        return out;
    }
};

// ---------------------------------------------------------------------------------------------
// [SECTION] RunSink

namespace {

class Pacer final : public agents::ModelObserver {
public:
    explicit Pacer(Run& run) : run_(run) {}
    void on_event(const agents::DomainEvent&) override {}
    void on_flow(const agents::FlowRecord&) override {}
    void on_snapshot(sim::Ticks time, const agents::Model&) override { run_.pace(time); }

private:
    Run& run_;
};

} // namespace

class LiveServer::Impl : public std::enable_shared_from_this<LiveServer::Impl> {
public:
    explicit Impl(ServerOptions options);
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;
    /// Simulation threads post to io_ and read options_: they end before anything is destroyed.
    ~Impl() {
        stop_runs();
        join_runs();
    }

    std::uint16_t listen();
    std::uint32_t start_run(const Start& start, std::uint64_t requester, std::uint64_t request_id, bool load_now);
    void run();
    void start();
    void stop();
    ServerStats stats() const {
        const std::lock_guard lock(stats_mutex_);
        return stats_;
    }

    class Session;
    friend class RunSink;

    // Called from simulation threads.
    void post_announce(const std::shared_ptr<Run>& run);
    void post_progress(const std::shared_ptr<Run>& run);
    void post_status(const std::shared_ptr<Run>& run);
    void post_error(std::uint64_t session, std::uint64_t request_id, std::string message);

private:
    // Network thread only.
    void accept();
    void on_message(Session& session, const ClientMessage& message);
    void handle_message(Session& session, const ClientMessage& message);
    void on_hello(Session& session, const ClientMessage& message);
    void handle_fork(Session& session, std::uint64_t request_id, const Fork& fork);
    void control(Session& session, std::uint64_t request_id, std::uint32_t run_id,
                 const std::function<void(Run&)>& change);
    void announce(const std::shared_ptr<Run>& run);
    void progress(const std::shared_ptr<Run>& run);
    void broadcast_status(const Run& run);
    void send_error(Session& session, std::uint64_t request_id, const std::string& message);
    void forget(std::uint64_t session_id, const std::string& reason, bool refused, bool bad_input, bool slow);
    void shutdown_network();
    void log(const std::string& line) const;
    Welcome welcome() const;
    std::vector<std::string> scenario_names() const;
    agents::LoadedScenario load_start(const Start& start) const;

    // Any thread.
    std::shared_ptr<Run> new_run(std::uint64_t requester, std::uint64_t request_id);
    void simulate(const std::shared_ptr<Run>& run, const agents::LoadedScenario& loaded, std::uint64_t seed,
                  std::uint32_t replication, const run::Checkpoint* checkpoint,
                  const std::vector<SharedRecord>& inherited, const std::function<void(run::RunHeader&)>& edit_header);
    void socket_closed();
    void fork_body(const std::shared_ptr<Run>& run, const std::shared_ptr<Run>& parent, const Fork& fork);
    void launch(const std::shared_ptr<Run>& run, std::function<void()> body);
    void end_in_error(const std::shared_ptr<Run>& run, const std::string& message);
    void stop_runs();
    void join_runs();

    ServerOptions options_;
    std::string server_id_;
    asio::io_context io_;
    tcp::acceptor acceptor_;
    asio::signal_set signals_;
    std::map<std::uint64_t, std::shared_ptr<Session>> sessions_; // network thread
    std::map<std::uint32_t, std::shared_ptr<Run>> runs_;         // announced; network thread
    std::uint64_t next_session_ = 1;                             // network thread
    std::atomic<std::uint32_t> next_run_{1};
    std::mutex all_runs_mutex_;
    std::vector<std::shared_ptr<Run>> all_runs_; // every run ever made, for limits and joining
    bool network_stopped_ = false;               // [all_runs_mutex_] no thread starts after join_runs()
    mutable std::mutex stats_mutex_;
    ServerStats stats_;
    std::size_t open_sockets_ = 0; // network thread
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

// ---------------------------------------------------------------------------------------------

class RunSink final : public agents::FrameSink {
public:
    RunSink(LiveServer::Impl& server, std::shared_ptr<Run> run) : server_(server), run_(std::move(run)) {}

    void write_header(const run::RunHeader& header) override {
        ServerMessage message;
        message.mutable_header()->set_run_id(run_->id);
        *message.mutable_header()->mutable_header() = header;
        SharedRecord record = encode_shared(message);
        {
            const std::lock_guard lock(run_->mutex);
            run_->header = header;
            run_->header_record = std::move(record);
        }
        server_.post_announce(run_);
    }

    void write_frame(const run::Frame& frame) override {
        if (frame.has_checkpoint()) {
            const std::lock_guard lock(run_->mutex);
            run_->checkpoints.push_back({frame.checkpoint().time(),
                                         std::make_shared<const run::Checkpoint>(frame.checkpoint()),
                                         run_->records.size()});
            return;
        }
        // A run has reached a time once a frame of that time is out: clients may fork from what
        // they have seen, even before the simulation's pacing has caught up.
        const sim::Ticks time = frame.has_snapshot() ? frame.snapshot().time() : 0;
        append(frame_record(run_->id, next_index_++, frame.SerializeAsString()), false, time);
    }

    /// Appends records made elsewhere (a fork's inherited frames, the end).
    void append(SharedRecord record, bool count_as_frame = false, sim::Ticks reached = 0) {
        {
            const std::lock_guard lock(run_->mutex);
            run_->record_ends.push_back(run_->bytes_total() + record->size());
            run_->records.push_back(std::move(record));
            run_->sim_time = std::max(run_->sim_time, reached);
        }
        next_index_ += count_as_frame ? 1 : 0;
        server_.post_progress(run_);
    }

private:
    LiveServer::Impl& server_;
    std::shared_ptr<Run> run_;
    std::uint64_t next_index_ = 0;
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Session

class LiveServer::Impl::Session : public std::enable_shared_from_this<Session> {
public:
    struct Subscription {
        std::shared_ptr<Run> run;
        std::size_t next = 0;        ///< next record to send
        std::size_t catchup_end = 0; ///< records that existed when it subscribed (not "lag")
        bool header_sent = false;
    };

    Session(Impl& server, tcp::socket socket, std::uint64_t id)
        : server_(server), socket_(std::move(socket)), hello_timer_(socket_.get_executor()), id_(id),
          reader_(server.options_.max_record_bytes) {
        boost::system::error_code ignored;
        const auto endpoint = socket_.remote_endpoint(ignored);
        peer_ = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
    }

    void start() {
        hello_timer_.expires_after(server_.options_.hello_timeout);
        hello_timer_.async_wait([self = shared_from_this()](const boost::system::error_code& error) {
            if (!error && !self->hello_done_ && !self->closing_) {
                self->close_with_bye("no Hello within " + std::to_string(self->server_.options_.hello_timeout.count()) +
                                         " ms",
                                     true, false);
            }
        });
        read();
    }

    std::uint64_t id() const { return id_; }
    const std::string& peer() const { return peer_; }
    bool hello_done() const { return hello_done_; }
    bool subscribe_all() const { return subscribe_all_; }
    bool closing() const { return closing_; }

    void said_hello(std::string name, bool subscribe_all) {
        hello_done_ = true;
        name_ = std::move(name);
        subscribe_all_ = subscribe_all;
        hello_timer_.cancel();
    }

    void send(const google::protobuf::Message& message) { send(encode_shared(message)); }
    void send(SharedRecord record) {
        if (closing_) {
            return;
        }
        control_bytes_ += record->size();
        control_.push_back(std::move(record));
        pump();
    }

    void subscribe(const std::shared_ptr<Run>& run, std::uint64_t from_frame) {
        Subscription subscription{.run = run};
        {
            const std::lock_guard lock(run->mutex);
            subscription.next = static_cast<std::size_t>(std::min<std::uint64_t>(from_frame, run->records.size()));
            subscription.catchup_end = run->records.size();
        }
        subscriptions_[run->id] = std::move(subscription);
        pump();
    }
    void unsubscribe(std::uint32_t run_id) { subscriptions_.erase(run_id); }
    bool subscribed(std::uint32_t run_id) const { return subscriptions_.contains(run_id); }

    /// Bytes due to this client beyond what existed when it subscribed (its lag), and whether a
    /// write has been stuck for longer than allowed.
    bool too_slow(std::string& why) const {
        std::uint64_t lag = control_bytes_;
        for (const auto& [run_id, s] : subscriptions_) {
            const std::lock_guard lock(s.run->mutex);
            const std::size_t from = std::max(s.next, s.catchup_end);
            if (from < s.run->records.size()) {
                lag += s.run->bytes_total() - s.run->bytes_before(from);
            }
        }
        if (lag > server_.options_.max_queue_bytes) {
            why = "slow client: " + std::to_string(lag) + " bytes waiting, limit " +
                  std::to_string(server_.options_.max_queue_bytes);
            return true;
        }
        if (writing_ && Clock::now() - write_started_ > server_.options_.stall_timeout) {
            why = "slow client: no bytes accepted for " +
                  std::to_string(
                      std::chrono::duration_cast<std::chrono::milliseconds>(server_.options_.stall_timeout).count()) +
                  " ms";
            return true;
        }
        return false;
    }

    /// Sends Bye (after whatever is queued ahead of it is dropped) and closes once it is out.
    void close_with_bye(const std::string& reason, bool refused, bool bad_input) {
        if (closing_) {
            return;
        }
        ServerMessage bye;
        bye.mutable_bye()->set_reason(reason);
        control_.clear();
        control_bytes_ = 0;
        subscriptions_.clear();
        send(bye);
        closing_ = true;
        boost::system::error_code ignored;
        hello_timer_.cancel();
        server_.forget(id_, reason, refused, bad_input, false);
        pump();
    }

    /// Closes at once, nothing more sent (a slow client, a broken connection, shutdown).
    void close_now(const std::string& reason, bool slow) {
        if (closed_) {
            return;
        }
        if (!closing_) {
            server_.forget(id_, reason, false, false, slow);
        }
        closing_ = true;
        closed_ = true;
        subscriptions_.clear();
        control_.clear();
        boost::system::error_code ignored;
        hello_timer_.cancel();
        socket_.shutdown(tcp::socket::shutdown_both, ignored);
        socket_.close(ignored);
        server_.socket_closed();
    }

    /// Writes the next batch if none is in flight: control messages first, then each
    /// subscription's header and frames in order.
    void pump() {
        if (writing_ || closed_) {
            return;
        }
        batch_.clear();
        std::size_t bytes = 0;
        while (!control_.empty() && bytes < kWriteBatchBytes) {
            bytes += control_.front()->size();
            control_bytes_ -= control_.front()->size();
            batch_.push_back(std::move(control_.front()));
            control_.pop_front();
        }
        for (auto& [run_id, s] : subscriptions_) {
            const std::lock_guard lock(s.run->mutex);
            if (!s.header_sent && s.run->header_record) {
                bytes += s.run->header_record->size();
                batch_.push_back(s.run->header_record);
                s.header_sent = true;
            }
            while (s.header_sent && s.next < s.run->records.size() && bytes < kWriteBatchBytes) {
                bytes += s.run->records[s.next]->size();
                batch_.push_back(s.run->records[s.next++]);
            }
        }
        if (batch_.empty()) {
            if (closing_) {
                close_now("", false);
            }
            return;
        }
        buffers_.clear();
        for (const SharedRecord& record : batch_) {
            buffers_.emplace_back(record->data(), record->size());
        }
        writing_ = true;
        write_started_ = Clock::now();
        asio::async_write(socket_, buffers_,
                          [self = shared_from_this()](const boost::system::error_code& error, std::size_t) {
                              self->writing_ = false;
                              if (error) {
                                  self->close_now("write failed: " + error.message(), false);
                                  return;
                              }
                              self->pump();
                          });
    }

private:
    void read() {
        socket_.async_read_some(asio::buffer(read_buffer_), [self = shared_from_this()](
                                                                const boost::system::error_code& error, std::size_t n) {
            if (self->closing_) {
                return;
            }
            if (error) {
                self->close_now(error == asio::error::eof ? "closed by the client" : "read failed: " + error.message(),
                                false);
                return;
            }
            self->reader_.append(std::string_view(self->read_buffer_.data(), n));
            std::string payload;
            for (;;) {
                const auto status = self->reader_.next(payload);
                if (status == RecordReader::Status::NeedMore) {
                    break;
                }
                if (status == RecordReader::Status::Error) {
                    self->close_with_bye("bad record: " + self->reader_.error(), false, true);
                    return;
                }
                ClientMessage message;
                if (!message.ParseFromString(payload)) {
                    self->close_with_bye("malformed message (not a ClientMessage)", false, true);
                    return;
                }
                self->server_.on_message(*self, message);
                if (self->closing_) {
                    return;
                }
            }
            self->read();
        });
    }

    Impl& server_;
    tcp::socket socket_;
    asio::steady_timer hello_timer_;
    std::uint64_t id_;
    std::string peer_;
    std::string name_;
    std::array<char, 16384> read_buffer_{};
    RecordReader reader_;
    bool hello_done_ = false;
    bool subscribe_all_ = false;
    bool closing_ = false;
    bool closed_ = false;
    bool writing_ = false;
    Clock::time_point write_started_{};
    std::deque<SharedRecord> control_;
    std::size_t control_bytes_ = 0;
    std::map<std::uint32_t, Subscription> subscriptions_;
    std::vector<SharedRecord> batch_;
    std::vector<asio::const_buffer> buffers_;
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Impl

LiveServer::Impl::Impl(ServerOptions options) : options_(std::move(options)), acceptor_(io_), signals_(io_) {
    if (!options_.log) {
        options_.log = [](std::string_view line) { std::cerr << "innosim serve: " << line << std::endl; };
    }
    boost::system::error_code error;
    const auto address = asio::ip::make_address(options_.bind, error);
    if (error) {
        throw InputError("--bind " + options_.bind + ": not an IP address (" + error.message() + ")");
    }
    if (!address.is_loopback() && options_.token.empty()) {
        throw InputError("--bind " + options_.bind +
                         ": listening beyond this machine needs --token (clients must present it)");
    }
    server_id_ =
        std::to_string(::getpid()) + "-" + std::to_string(std::chrono::system_clock::now().time_since_epoch().count());
}

void LiveServer::Impl::log(const std::string& line) const {
    options_.log(line);
}

std::uint16_t LiveServer::Impl::listen() {
    const tcp::endpoint endpoint(asio::ip::make_address(options_.bind), options_.port);
    boost::system::error_code error;
    acceptor_.open(endpoint.protocol(), error);
    if (!error) {
        acceptor_.set_option(tcp::acceptor::reuse_address(true), error);
    }
    if (!error) {
        acceptor_.bind(endpoint, error);
    }
    if (!error) {
        acceptor_.listen(asio::socket_base::max_listen_connections, error);
    }
    if (error) {
        throw InputError("cannot listen on " + options_.bind + ":" + std::to_string(options_.port) + ": " +
                         error.message());
    }
    if (options_.stop_on_signals) {
        signals_.add(SIGINT);
        signals_.add(SIGTERM);
        signals_.async_wait([this](const boost::system::error_code& e, int signal) {
            if (!e) {
                log(std::string("signal ") + (signal == SIGINT ? "SIGINT" : "SIGTERM") + ": shutting down");
                stopping_ = true;
                stop_runs();
                shutdown_network();
            }
        });
    }
    accept();
    return acceptor_.local_endpoint().port();
}

void LiveServer::Impl::accept() {
    acceptor_.async_accept([this](const boost::system::error_code& error, tcp::socket socket) {
        if (error) {
            if (error != asio::error::operation_aborted && acceptor_.is_open()) {
                log("accept failed: " + error.message());
                accept();
            }
            return;
        }
        boost::system::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        if (options_.send_buffer_bytes > 0) {
            socket.set_option(asio::socket_base::send_buffer_size(options_.send_buffer_bytes), ignored);
        }
        const std::uint64_t id = next_session_++;
        ++open_sockets_;
        auto session = std::make_shared<Session>(*this, std::move(socket), id);
        {
            const std::lock_guard lock(stats_mutex_);
            ++stats_.connections;
            ++stats_.clients;
        }
        sessions_[id] = session;
        if (sessions_.size() > options_.max_clients) {
            session->close_with_bye("server full (" + std::to_string(options_.max_clients) + " clients)", true, false);
        } else {
            session->start();
        }
        accept();
    });
}

void LiveServer::Impl::forget(std::uint64_t session_id, const std::string& reason, bool refused, bool bad_input,
                              bool slow) {
    const auto it = sessions_.find(session_id);
    if (it == sessions_.end()) {
        return;
    }
    log("client " + std::to_string(session_id) + " (" + it->second->peer() + ") disconnected: " + reason);
    sessions_.erase(it);
    {
        const std::lock_guard lock(stats_mutex_);
        ++stats_.disconnects;
        --stats_.clients;
        stats_.refused += refused ? 1 : 0;
        stats_.bad_input += bad_input ? 1 : 0;
        stats_.dropped_slow += slow ? 1 : 0;
    }
}

void LiveServer::Impl::socket_closed() {
    --open_sockets_;
    if (stopping_ && open_sockets_ == 0) {
        io_.stop();
    }
}

std::vector<std::string> LiveServer::Impl::scenario_names() const {
    std::vector<std::string> names = agents::builtin_scenario_names();
    if (!options_.scenario.empty() && std::find(names.begin(), names.end(), options_.scenario) == names.end()) {
        names.insert(names.begin(), options_.scenario);
    }
    return names;
}

Welcome LiveServer::Impl::welcome() const {
    Welcome out;
    out.set_protocol_version(kProtocolVersion);
    out.set_server_version(version_string());
    out.set_server_id(server_id_);
    for (const auto& [id, run] : runs_) {
        *out.add_runs() = run->info();
    }
    for (const std::string& name : scenario_names()) {
        out.add_scenarios(name);
    }
    return out;
}

void LiveServer::Impl::on_hello(Session& session, const ClientMessage& message) {
    if (!message.has_hello()) {
        session.close_with_bye("the first message must be Hello", true, false);
        return;
    }
    const Hello& hello = message.hello();
    if (hello.protocol_version() != kProtocolVersion) {
        session.close_with_bye("protocol version " + std::to_string(hello.protocol_version()) +
                                   ", this server speaks " + std::to_string(kProtocolVersion),
                               true, false);
        return;
    }
    if (!options_.token.empty() && !same_token(hello.token(), options_.token)) {
        session.close_with_bye(hello.token().empty() ? "this server needs a token" : "wrong token", true, false);
        return;
    }
    session.said_hello(hello.client_name(), hello.subscribe_all());
    log("client " + std::to_string(session.id()) + " (" + session.peer() +
        ") says Hello: " + (hello.client_name().empty() ? std::string("unnamed") : printable(hello.client_name())));
    ServerMessage answer;
    answer.set_request_id(message.request_id());
    *answer.mutable_welcome() = welcome();
    session.send(answer);
    if (hello.server_id() == server_id_) {
        for (const Subscribe& s : hello.subscriptions()) {
            if (const auto it = runs_.find(s.run_id()); it != runs_.end()) {
                session.subscribe(it->second, s.from_frame());
            }
        }
    }
    if (hello.subscribe_all()) {
        for (const auto& [id, run] : runs_) {
            if (!session.subscribed(id)) {
                session.subscribe(run, 0);
            }
        }
    }
}

void LiveServer::Impl::send_error(Session& session, std::uint64_t request_id, const std::string& message) {
    ServerMessage error;
    error.set_request_id(request_id);
    error.mutable_error()->set_message(message);
    session.send(error);
}

void LiveServer::Impl::on_message(Session& session, const ClientMessage& message) {
    if (stopping_) {
        return;
    }
    if (const std::optional<std::string> problem = request_problem(message)) {
        if (!session.hello_done()) {
            session.close_with_bye(*problem, true, true);
        } else {
            send_error(session, message.request_id(), *problem);
        }
        return;
    }
    // Whatever goes wrong with one request (bad input, a bug, no memory) is answered to its client;
    // the other clients and the runs go on.
    try {
        handle_message(session, message);
    } catch (const InputError& e) {
        send_error(session, message.request_id(), e.what());
    } catch (const std::exception& e) {
        log("client " + std::to_string(session.id()) + ": request " + std::to_string(message.request_id()) +
            " failed: " + e.what());
        send_error(session, message.request_id(), std::string("the server could not do this: ") + e.what());
    }
}

void LiveServer::Impl::handle_message(Session& session, const ClientMessage& message) {
    if (!session.hello_done()) {
        on_hello(session, message);
        return;
    }
    const std::uint64_t request_id = message.request_id();
    switch (message.body_case()) {
    case ClientMessage::kHello:
        send_error(session, request_id, "Hello was already said");
        break;
    case ClientMessage::kStart:
        start_run(message.start(), session.id(), request_id, false);
        break;
    case ClientMessage::kPause:
        control(session, request_id, message.pause().run_id(), [](Run& run) { run.paused = true; });
        break;
    case ClientMessage::kResume:
        control(session, request_id, message.resume().run_id(), [](Run& run) {
            run.paused = false;
            run.reanchor();
        });
        break;
    case ClientMessage::kSetSpeed: {
        const double speed = message.set_speed().days_per_second();
        control(session, request_id, message.set_speed().run_id(), [speed](Run& run) {
            run.speed = speed_of(speed);
            run.reanchor();
        });
        break;
    }
    case ClientMessage::kFork:
        handle_fork(session, request_id, message.fork());
        break;
    case ClientMessage::kSubscribe:
        if (const auto it = runs_.find(message.subscribe().run_id()); it != runs_.end()) {
            session.subscribe(it->second, message.subscribe().from_frame());
        } else {
            send_error(session, request_id, "no run " + std::to_string(message.subscribe().run_id()));
        }
        break;
    case ClientMessage::kUnsubscribe:
        session.unsubscribe(message.unsubscribe().run_id());
        break;
    case ClientMessage::BODY_NOT_SET:
        send_error(session, request_id, "an empty request");
        break;
    }
}

void LiveServer::Impl::control(Session& session, std::uint64_t request_id, std::uint32_t run_id,
                               const std::function<void(Run&)>& change) {
    if (run_id != 0 && !runs_.contains(run_id)) {
        send_error(session, request_id, "no run " + std::to_string(run_id));
        return;
    }
    for (const auto& [id, run] : runs_) {
        if (run_id == 0 || id == run_id) {
            {
                const std::lock_guard lock(run->mutex);
                change(*run);
            }
            run->wake.notify_all();
            broadcast_status(*run);
        }
    }
}

void LiveServer::Impl::broadcast_status(const Run& run) {
    ServerMessage message;
    *message.mutable_run() = run.info();
    const SharedRecord record = encode_shared(message);
    for (const auto& [id, session] : sessions_) {
        if (session->hello_done()) {
            session->send(record);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Runs

std::shared_ptr<Run> LiveServer::Impl::new_run(std::uint64_t requester, std::uint64_t request_id) {
    const std::lock_guard lock(all_runs_mutex_);
    const auto held = static_cast<std::size_t>(
        std::count_if(all_runs_.begin(), all_runs_.end(), [](const auto& r) { return !r->rejected; }));
    if (held >= options_.max_runs) {
        throw InputError("the server holds " + std::to_string(held) + " runs, its limit (--max-runs)");
    }
    auto run = std::make_shared<Run>();
    run->id = next_run_++;
    run->requester = requester;
    run->request_id = request_id;
    run->speed = speed_of(options_.default_speed);
    all_runs_.push_back(run);
    return run;
}

agents::LoadedScenario LiveServer::Impl::load_start(const Start& start) const {
    agents::LoadedScenario loaded;
    if (start.has_text()) {
        // A client's text must not make the server read files: its base must be built in.
        const io::ParsedScenario parsed = io::parse_scenario_text(start.text(), "client scenario");
        const std::string& base = parsed.scenario.base();
        if (!base.empty() && agents::builtin_scenario_text(base).empty()) {
            throw InputError("client scenario: base \"" + base + "\" is not a built-in scenario");
        }
        loaded = agents::load_scenario_text(start.text(), "client scenario", "/dev/null");
    } else {
        const std::string name = start.name().empty() ? scenario_names().front() : start.name();
        const std::vector<std::string> names = scenario_names();
        if (std::find(names.begin(), names.end(), name) == names.end()) {
            std::string known;
            for (const std::string& n : names) {
                known += (known.empty() ? "" : ", ") + n;
            }
            throw InputError("no scenario \"" + name + "\" on this server (" + known + ")");
        }
        loaded = agents::load_scenario(name);
    }
    if (start.overrides_size() > 0) {
        agents::apply_overrides(loaded, {start.overrides().begin(), start.overrides().end()});
    }
    return loaded;
}

std::uint32_t LiveServer::Impl::start_run(const Start& start, std::uint64_t requester, std::uint64_t request_id,
                                          bool load_now) {
    std::optional<agents::LoadedScenario> loaded;
    if (load_now) {
        loaded = load_start(start);
    }
    const std::shared_ptr<Run> run = new_run(requester, request_id);
    {
        const std::lock_guard lock(run->mutex);
        run->speed = start.speed() != 0 ? speed_of(start.speed()) : speed_of(options_.default_speed);
        run->paused = start.paused();
    }
    {
        const std::lock_guard lock(stats_mutex_);
        ++stats_.runs_started;
    }
    launch(run, [this, run, start, loaded = std::move(loaded)]() mutable {
        if (!loaded) {
            loaded = load_start(start);
        }
        const std::uint64_t seed = agents::effective_seed(*loaded, start.seed());
        simulate(run, *loaded, seed, 0, nullptr, {}, {});
    });
    return run->id;
}

void LiveServer::Impl::simulate(const std::shared_ptr<Run>& run, const agents::LoadedScenario& loaded,
                                std::uint64_t seed, std::uint32_t replication, const run::Checkpoint* checkpoint,
                                const std::vector<SharedRecord>& inherited,
                                const std::function<void(run::RunHeader&)>& edit_header) {
    {
        const std::lock_guard lock(run->mutex);
        run->loaded = loaded;
        run->scenario_name = loaded.scenario.name();
        run->seed = seed;
        run->end_time = loaded.params.end;
    }
    RunSink sink(*this, run);
    Pacer pacer(*run);
    // A fork inherits its parent's frames up to the checkpoint, re-labelled with its own run id.
    const agents::ResumeFrom from{.checkpoint = checkpoint, .write_prefix = [&](agents::FrameSink&) {
                                      for (std::size_t i = 0; i < inherited.size(); ++i) {
                                          sink.append(frame_record(run->id, i, frame_bytes_of(*inherited[i])), true);
                                      }
                                  }};
    const agents::RunOptions options{.seed = seed,
                                     .replication = replication,
                                     .observer = &pacer,
                                     .checkpoint_every_months = options_.checkpoint_every_months,
                                     .sink = &sink,
                                     .resume = &from,
                                     .edit_header = edit_header};
    const agents::RunResult result = agents::run_scenario(loaded, options);
    ServerMessage end;
    end.mutable_end()->set_run_id(run->id);
    run::Footer& footer = *end.mutable_end()->mutable_footer();
    *footer.mutable_horizon_kpis() = agents::to_proto(result.horizon);
    *footer.mutable_end_kpis() = agents::to_proto(result.end);
    footer.mutable_ledger()->set_transfers(result.transfers);
    footer.mutable_ledger()->set_imbalance_rial(result.imbalance);
    footer.mutable_engine()->set_events(result.events);
    sink.append(encode_shared(end));
    {
        const std::lock_guard lock(run->mutex);
        run->state = FINISHED;
        run->sim_time = loaded.params.end;
    }
    log("run " + std::to_string(run->id) + " finished (" + std::to_string(result.events) + " events)");
    post_status(run);
}

void LiveServer::Impl::handle_fork(Session& session, std::uint64_t request_id, const Fork& fork) {
    const auto parent = runs_.find(fork.run_id());
    if (parent == runs_.end()) {
        send_error(session, request_id, "no run " + std::to_string(fork.run_id()) + " to fork");
        return;
    }
    sim::Ticks parent_end = 0;
    {
        const std::lock_guard lock(parent->second->mutex);
        parent_end = parent->second->end_time;
    }
    if (const std::optional<std::string> problem = fork_time_problem(fork, parent_end)) {
        send_error(session, request_id, *problem);
        return;
    }
    std::shared_ptr<Run> run;
    try {
        run = new_run(session.id(), request_id);
    } catch (const InputError& e) {
        send_error(session, request_id, e.what());
        return;
    }
    {
        const std::lock_guard lock(stats_mutex_);
        ++stats_.runs_started;
    }
    run->parent_id = fork.run_id();
    run->overrides.assign(fork.overrides().begin(), fork.overrides().end());
    {
        const std::lock_guard lock(parent->second->mutex);
        run->speed = fork.speed() != 0 ? speed_of(fork.speed()) : parent->second->speed;
    }
    launch(run, [this, run, parent = parent->second, fork] { fork_body(run, parent, fork); });
}

void LiveServer::Impl::fork_body(const std::shared_ptr<Run>& run, const std::shared_ptr<Run>& parent,
                                 const Fork& fork) {
    agents::LoadedScenario parent_loaded;
    run::RunHeader parent_header;
    sim::Ticks parent_time = 0;
    {
        const std::lock_guard lock(parent->mutex);
        parent_loaded = parent->loaded;
        parent_header = parent->header;
        parent_time = parent->sim_time;
    }
    const std::string date =
        !fork.at().empty() ? fork.at() : date_of(parent_loaded, std::max<sim::Ticks>(0, fork.at_time()));
    const agents::LoadedScenario branch = agents::fork_scenario(parent_loaded, date, run->overrides);
    const sim::Ticks at = agents::run_time_of(branch, date, "fork at");
    if (at > parent_time) {
        throw InputError("run " + std::to_string(parent->id) + " has not reached " + date + " yet (it is at " +
                         date_of(parent_loaded, parent_time) + ")");
    }
    // The parent's last checkpoint before the fork, and the frames it had streamed up to it.
    // The branch inherits the checkpoints up to it too: its past is the parent's, so a fork of
    // the branch at an earlier date restores from them (the lever changes it adds lie later).
    std::shared_ptr<const run::Checkpoint> checkpoint;
    std::vector<SharedRecord> inherited;
    std::vector<StoredCheckpoint> inherited_checkpoints;
    {
        const std::lock_guard lock(parent->mutex);
        std::size_t frames = 0;
        for (const StoredCheckpoint& c : parent->checkpoints) {
            if (c.time < at) {
                checkpoint = c.frame;
                frames = c.frames;
                inherited_checkpoints.push_back(c);
            }
        }
        inherited.assign(parent->records.begin(), parent->records.begin() + static_cast<std::ptrdiff_t>(frames));
    }
    {
        const std::lock_guard lock(run->mutex);
        run->fork_time = at;
        run->fork_date = date;
        run->pace_from = at;
        run->checkpoints = std::move(inherited_checkpoints);
    }
    const std::vector<std::string> overrides = run->overrides;
    simulate(run, branch, parent_header.seed(), parent_header.replication(), checkpoint.get(), inherited,
             [&](run::RunHeader& header) { agents::mark_fork(header, parent_header, at, overrides); });
    log("run " + std::to_string(run->id) + ": fork of run " + std::to_string(parent->id) + " at " + date);
}

void LiveServer::Impl::post_announce(const std::shared_ptr<Run>& run) {
    asio::post(io_, [this, run] { announce(run); });
}

void LiveServer::Impl::post_progress(const std::shared_ptr<Run>& run) {
    if (!run->progress_posted.exchange(true)) {
        asio::post(io_, [this, run] {
            run->progress_posted = false;
            progress(run);
        });
    }
}

void LiveServer::Impl::post_status(const std::shared_ptr<Run>& run) {
    asio::post(io_, [this, run] {
        progress(run);
        broadcast_status(*run);
    });
}

void LiveServer::Impl::post_error(std::uint64_t session, std::uint64_t request_id, std::string message) {
    asio::post(io_, [this, session, request_id, message = std::move(message)] {
        if (const auto it = sessions_.find(session); it != sessions_.end()) {
            send_error(*it->second, request_id, message);
        } else if (session == 0) {
            log("run failed: " + message);
        }
    });
}

void LiveServer::Impl::announce(const std::shared_ptr<Run>& run) {
    runs_[run->id] = run;
    ServerMessage message;
    *message.mutable_run() = run->info();
    const SharedRecord record = encode_shared(message);
    message.set_request_id(run->request_id);
    const SharedRecord answer = encode_shared(message);
    for (const auto& [id, session] : sessions_) {
        if (!session->hello_done()) {
            continue;
        }
        const bool requester = id == run->requester;
        session->send(requester ? answer : record);
        if (requester || session->subscribe_all()) {
            session->subscribe(run, 0);
        }
    }
    const RunInfo info = run->info();
    log("run " + std::to_string(run->id) + ": " + info.scenario_name() + ", seed " + std::to_string(info.seed()) +
        (info.parent_run_id() != 0 ? ", fork of run " + std::to_string(info.parent_run_id()) + " at " + info.fork_date()
                                   : std::string()));
}

void LiveServer::Impl::progress(const std::shared_ptr<Run>& run) {
    std::vector<std::pair<std::shared_ptr<Session>, std::string>> slow;
    for (const auto& [id, session] : sessions_) {
        if (!session->subscribed(run->id)) {
            continue;
        }
        std::string why;
        if (session->too_slow(why)) {
            slow.emplace_back(session, why);
        } else {
            session->pump();
        }
    }
    for (const auto& [session, why] : slow) {
        session->close_now(why, true);
    }
}

void LiveServer::Impl::shutdown_network() {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    signals_.cancel(ignored);
    if (open_sockets_ == 0) {
        io_.stop();
        return;
    }
    std::vector<std::shared_ptr<Session>> open;
    for (const auto& [id, session] : sessions_) {
        open.push_back(session);
    }
    for (const auto& session : open) {
        session->close_with_bye("server shutting down", false, false);
    }
    // Clients that do not take their Bye within a moment are cut off.
    auto grace = std::make_shared<asio::steady_timer>(io_, std::chrono::milliseconds(500));
    grace->async_wait([this, grace](const boost::system::error_code&) { io_.stop(); });
}

void LiveServer::Impl::stop_runs() {
    const std::lock_guard lock(all_runs_mutex_);
    for (const auto& run : all_runs_) {
        {
            const std::lock_guard run_lock(run->mutex);
            run->stop = true;
        }
        run->wake.notify_all();
    }
}

void LiveServer::Impl::launch(const std::shared_ptr<Run>& run, std::function<void()> body) {
    // Under the lock that join_runs() takes to collect threads: a run started while the server
    // stops is either joined or never started.
    const std::lock_guard lock(all_runs_mutex_);
    if (stopping_ && network_stopped_) {
        return;
    }
    // Nothing a run throws leaves its thread (that would be std::terminate for the whole server):
    // it ends that run, and its requester or every viewer is told why.
    try {
        run->thread = std::thread([this, run, body = std::move(body)] {
            try {
                body();
            } catch (const RunStopped&) {
                // shutting down: nobody to tell
            } catch (const InputError& e) {
                end_in_error(run, e.what());
            } catch (const std::exception& e) {
                end_in_error(run, std::string("internal error: ") + e.what());
            } catch (...) {
                end_in_error(run, "internal error (an unknown exception)");
            }
        });
    } catch (const std::system_error& e) {
        run->rejected = true;
        throw std::runtime_error(std::string("cannot start a thread for the run: ") + e.what());
    }
}

void LiveServer::Impl::end_in_error(const std::shared_ptr<Run>& run, const std::string& message) {
    bool announced = false;
    {
        const std::lock_guard lock(run->mutex);
        announced = run->header_record != nullptr;
        if (announced) {
            run->state = FAILED;
            run->error = message;
        }
    }
    if (announced) {
        log("run " + std::to_string(run->id) + " failed: " + message);
        post_status(run); // every viewer sees it FAILED, with the reason
    } else {
        run->rejected = true; // never shown to anyone: it does not count against --max-runs
        post_error(run->requester, run->request_id, message);
    }
}

void LiveServer::Impl::join_runs() {
    std::vector<std::thread> threads;
    {
        const std::lock_guard lock(all_runs_mutex_);
        network_stopped_ = true;
        for (const auto& run : all_runs_) {
            if (run->thread.joinable()) {
                threads.push_back(std::move(run->thread));
            }
        }
    }
    for (std::thread& thread : threads) {
        thread.join();
    }
}

void LiveServer::Impl::run() {
    // A network handler that throws (no memory, a bug) ends only what it was doing: the io_context
    // is run again, as Asio allows after an exception, and the other clients and runs go on.
    for (;;) {
        try {
            io_.run();
            break;
        } catch (const std::exception& e) {
            log(std::string("a network handler failed: ") + e.what());
        }
    }
    stopping_ = true;
    stop_runs();
    join_runs();
}

void LiveServer::Impl::start() {
    thread_ = std::thread([this] { run(); });
}

void LiveServer::Impl::stop() {
    if (!stopping_.exchange(true)) {
        stop_runs();
        asio::post(io_, [this] { shutdown_network(); });
    }
    if (thread_.joinable() && std::this_thread::get_id() != thread_.get_id()) {
        thread_.join();
    }
}

// ---------------------------------------------------------------------------------------------

LiveServer::LiveServer(ServerOptions options) : impl_(std::make_shared<Impl>(std::move(options))) {}

LiveServer::~LiveServer() {
    impl_->stop();
}

std::uint16_t LiveServer::listen() {
    return impl_->listen();
}

std::uint32_t LiveServer::start_run(const Start& start) {
    return impl_->start_run(start, 0, 0, true);
}

void LiveServer::run() {
    impl_->run();
}

void LiveServer::start() {
    impl_->start();
}

void LiveServer::stop() {
    impl_->stop();
}

ServerStats LiveServer::stats() const {
    return impl_->stats();
}

} // namespace innosim::live

// The live server on loopback, in process, on an ephemeral port: many clients, misbehaving
// clients, forks, pacing controls, reconnects and shutdown. Every wait is bounded.
#include "agents/checkpoint.hpp"
#include "agents/runner.hpp"
#include "agents/scenario_loader.hpp"
#include "sim/io/record_io.hpp"
#include "sim/io/run_file.hpp"
#include "tools/live/client.hpp"
#include "tools/live/collector.hpp"
#include "tools/live/protocol.hpp"
#include "tools/live/request_check.hpp"
#include "tools/live/server.hpp"

#include <boost/asio.hpp>
#include <catch2/catch.hpp>

#include <filesystem>
#include <limits>
#include <memory>
#include <mutex>
#include <thread>
#include <unistd.h>

namespace {

using namespace innosim;
using namespace innosim::live;
namespace asio = boost::asio;
using asio::ip::tcp;
using namespace std::chrono_literals;

constexpr auto kWait = 30s; // generous: CI runs these under sanitizers too

/// The server's log lines, for checking that every disconnect says why.
class Logs {
public:
    std::function<void(std::string_view)> sink() {
        return [this](std::string_view line) {
            const std::lock_guard lock(mutex_);
            lines_.emplace_back(line);
        };
    }
    bool contains(const std::string& text) const {
        const std::lock_guard lock(mutex_);
        return std::any_of(lines_.begin(), lines_.end(),
                           [&](const std::string& line) { return line.find(text) != std::string::npos; });
    }
    std::string all() const {
        const std::lock_guard lock(mutex_);
        std::string out;
        for (const std::string& line : lines_) {
            out += line + "\n";
        }
        return out;
    }

private:
    mutable std::mutex mutex_;
    std::vector<std::string> lines_;
};

/// The frames `innosim run` records for tiny (no checkpoint frames: the server does not stream
/// them), serialized: what every client must receive for a run of it.
std::vector<std::string> reference_frames(std::uint64_t seed = 7) {
    const auto path =
        std::filesystem::temp_directory_path() / ("innosim-live-reference-" + std::to_string(::getpid()) + ".innorun");
    agents::run_scenario(agents::load_scenario("tiny"), {.seed = seed, .out = path, .checkpoint_every_months = 0});
    std::vector<std::string> out;
    io::RunFileReader::open(path).for_each_frame(
        [&](const run::Frame& frame) { out.push_back(frame.SerializeAsString()); });
    std::filesystem::remove(path);
    return out;
}

std::vector<std::string> serialized(const std::vector<run::Frame>& frames) {
    std::vector<std::string> out;
    for (const run::Frame& frame : frames) {
        out.push_back(frame.SerializeAsString());
    }
    return out;
}

Start start_tiny(double speed, bool paused = false) {
    Start start;
    start.set_name("tiny");
    start.set_speed(speed);
    start.set_paused(paused);
    return start;
}

/// A client with its collector.
struct Viewer {
    RunCollector runs;
    std::unique_ptr<LiveClient> client;

    explicit Viewer(ClientOptions options) {
        client = std::make_unique<LiveClient>(std::move(options), runs.callbacks());
        client->connect();
    }
    bool wait_welcome(std::uint64_t count = 1) {
        return runs.wait([count](const RunCollector& r) { return r.welcomes() >= count; }, kWait);
    }
    bool wait_ended(std::uint32_t run_id) {
        return runs.wait([run_id](const RunCollector& r) { return r.ended(run_id); }, kWait);
    }
};

/// A raw connection for misbehaving on purpose.
class RawClient {
public:
    explicit RawClient(std::uint16_t port, int receive_buffer = 0) : socket_(io_) {
        socket_.open(tcp::v4());
        if (receive_buffer > 0) {
            socket_.set_option(asio::socket_base::receive_buffer_size(receive_buffer));
        }
        socket_.connect({asio::ip::make_address("127.0.0.1"), port});
        const timeval timeout{.tv_sec = 10, .tv_usec = 0};
        ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    }
    void write(const std::string& bytes) {
        boost::system::error_code ignored;
        asio::write(socket_, asio::buffer(bytes), ignored);
    }
    void hello(const std::string& token, bool subscribe_all = false) {
        ClientMessage message;
        message.mutable_hello()->set_protocol_version(kProtocolVersion);
        message.mutable_hello()->set_token(token);
        message.mutable_hello()->set_subscribe_all(subscribe_all);
        write(encode(message));
    }
    /// Everything the server sends until it closes the connection (or 10 s pass).
    std::vector<ServerMessage> read_until_closed() {
        RecordReader reader(kMaxServerRecordBytes);
        std::vector<ServerMessage> out;
        std::array<char, 65536> buffer{};
        for (;;) {
            boost::system::error_code error;
            const std::size_t n = socket_.read_some(asio::buffer(buffer), error);
            if (error) {
                break;
            }
            reader.append(std::string_view(buffer.data(), n));
            std::string payload;
            while (reader.next(payload) == RecordReader::Status::Record) {
                out.emplace_back().ParseFromString(payload);
            }
        }
        return out;
    }
    /// The reason of the Bye the server ended with ("" if none).
    std::string bye_reason() {
        const std::vector<ServerMessage> messages = read_until_closed();
        return !messages.empty() && messages.back().has_bye() ? messages.back().bye().reason() : "";
    }

private:
    asio::io_context io_;
    tcp::socket socket_;
};

/// A TCP relay whose connections can be cut, to make a client lose its connection while the
/// server stays up.
class Relay {
public:
    explicit Relay(std::uint16_t upstream)
        : acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}), upstream_(upstream) {
        accept();
        thread_ = std::thread([this] { io_.run(); });
    }
    ~Relay() {
        asio::post(io_, [this] {
            acceptor_.close();
            cut_now();
        });
        io_.stop();
        thread_.join();
    }
    Relay(const Relay&) = delete;
    Relay& operator=(const Relay&) = delete;
    std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
    void cut() {
        asio::post(io_, [this] { cut_now(); });
    }

private:
    struct Pipe {
        explicit Pipe(asio::io_context& io, tcp::socket a) : client(std::move(a)), server(io) {}
        tcp::socket client;
        tcp::socket server;
        std::array<char, 65536> up{};
        std::array<char, 65536> down{};
    };
    void accept() {
        acceptor_.async_accept([this](const boost::system::error_code& error, tcp::socket socket) {
            if (error) {
                return;
            }
            auto pipe = std::make_shared<Pipe>(io_, std::move(socket));
            pipe->server.connect({asio::ip::make_address("127.0.0.1"), upstream_});
            pipes_.push_back(pipe);
            relay(pipe, pipe->client, pipe->server, pipe->up);
            relay(pipe, pipe->server, pipe->client, pipe->down);
            accept();
        });
    }
    void relay(const std::shared_ptr<Pipe>& pipe, tcp::socket& from, tcp::socket& to, std::array<char, 65536>& buffer) {
        from.async_read_some(asio::buffer(buffer),
                             [this, pipe, &from, &to, &buffer](boost::system::error_code error, std::size_t n) {
                                 if (!error) {
                                     asio::write(to, asio::buffer(buffer.data(), n), error);
                                 }
                                 if (error) {
                                     close(*pipe);
                                     return;
                                 }
                                 relay(pipe, from, to, buffer);
                             });
    }
    static void close(Pipe& pipe) {
        boost::system::error_code ignored;
        pipe.client.close(ignored);
        pipe.server.close(ignored);
    }
    void cut_now() {
        for (const auto& pipe : pipes_) {
            close(*pipe);
        }
        pipes_.clear();
    }

    asio::io_context io_;
    tcp::acceptor acceptor_;
    std::uint16_t upstream_;
    std::vector<std::shared_ptr<Pipe>> pipes_;
    std::thread thread_;
};

} // namespace

TEST_CASE("fifty clients at once all receive every frame of a run", "[live][server]") {
    Logs logs;
    LiveServer server({.port = 0, .log = logs.sink()});
    const std::uint16_t port = server.listen();
    server.start();

    std::vector<std::unique_ptr<Viewer>> viewers;
    for (int i = 0; i < 50; ++i) {
        viewers.push_back(
            std::make_unique<Viewer>(ClientOptions{.port = port, .client_name = "viewer " + std::to_string(i)}));
    }
    for (const auto& viewer : viewers) {
        REQUIRE(viewer->wait_welcome());
    }
    CHECK(server.stats().clients == 50);
    const std::uint32_t run_id = server.start_run(start_tiny(-1));
    const std::vector<std::string> reference = reference_frames();
    for (const auto& viewer : viewers) {
        REQUIRE(viewer->wait_ended(run_id));
        const auto run = viewer->runs.run(run_id);
        REQUIRE(run->header);
        CHECK(run->header->scenario().name() == "tiny");
        CHECK(serialized(run->frames) == reference);
        CHECK(run->footer->end_kpis().active_startups() > 0);
    }
    // A latecomer gets the whole run too: header, every frame, the end.
    Viewer late(ClientOptions{.port = port});
    REQUIRE(late.wait_ended(run_id));
    CHECK(serialized(late.runs.run(run_id)->frames) == reference);
    server.stop();
    INFO(logs.all());
    CHECK(server.stats().dropped_slow == 0);
    CHECK(server.stats().bad_input == 0);
}

TEST_CASE("misbehaving clients are dropped with a reason while the others get every frame", "[live][server]") {
    Logs logs;
    LiveServer server({.port = 0,
                       .token = "s3cret",
                       .max_queue_bytes = 160 << 10,
                       .hello_timeout = 300ms,
                       .default_speed = 1500, // the three-year run in under a second
                       .send_buffer_bytes = 8192,
                       .log = logs.sink()});
    const std::uint16_t port = server.listen();
    server.start();

    std::vector<std::unique_ptr<Viewer>> good;
    for (int i = 0; i < 4; ++i) {
        good.push_back(std::make_unique<Viewer>(ClientOptions{.port = port, .token = "s3cret"}));
        REQUIRE(good.back()->wait_welcome());
    }
    // One that subscribes to everything and never reads.
    RawClient stuck(port, 4096);
    stuck.hello("s3cret", true);
    std::this_thread::sleep_for(100ms); // let its Hello be processed before the run starts

    const std::uint32_t run_id = server.start_run(start_tiny(1500));

    RawClient bad_crc(port);
    std::string record = encode([] {
        ClientMessage m;
        m.mutable_hello()->set_protocol_version(kProtocolVersion);
        return m;
    }());
    record.back() = static_cast<char>(record.back() ^ 0x5a);
    bad_crc.write(record);
    CHECK_THAT(bad_crc.bye_reason(), Catch::Contains("CRC"));

    RawClient oversized(port);
    oversized.write(std::string("\x80\x80\x40", 3)); // a length of 1 MiB, over the 64 KiB limit
    CHECK_THAT(oversized.bye_reason(), Catch::Contains("over the limit"));

    RawClient not_protobuf(port);
    std::string junk;
    io::append_record_bytes(junk, std::string("\xff\xff\xff\xff\xff", 5));
    not_protobuf.write(junk);
    CHECK_THAT(not_protobuf.bye_reason(), Catch::Contains("malformed"));

    RawClient no_token(port);
    no_token.hello("");
    CHECK_THAT(no_token.bye_reason(), Catch::Contains("needs a token"));

    RawClient wrong_token(port);
    wrong_token.hello("guess");
    CHECK_THAT(wrong_token.bye_reason(), Catch::Contains("wrong token"));

    RawClient silent(port);
    CHECK_THAT(silent.bye_reason(), Catch::Contains("no Hello"));

    const std::vector<std::string> reference = reference_frames();
    for (const auto& viewer : good) {
        REQUIRE(viewer->wait_ended(run_id));
        CHECK(serialized(viewer->runs.run(run_id)->frames) == reference);
        CHECK(viewer->runs.disconnects().empty());
    }
    const ServerStats stats = server.stats();
    INFO(logs.all());
    CHECK(stats.dropped_slow == 1);
    CHECK(stats.bad_input == 3);
    CHECK(stats.refused == 3);
    CHECK(logs.contains("slow client"));
    CHECK(logs.contains("CRC mismatch"));
    CHECK(logs.contains("no Hello within"));
    server.stop();
}

TEST_CASE("forks stream beside their parent to every viewer", "[live][server][fork]") {
    Logs logs;
    LiveServer server({.port = 0, .log = logs.sink()});
    const std::uint16_t port = server.listen();
    server.start();
    Viewer facilitator(ClientOptions{.port = port});
    Viewer audience(ClientOptions{.port = port});
    REQUIRE(facilitator.wait_welcome());
    REQUIRE(audience.wait_welcome());

    const std::uint32_t parent = server.start_run(start_tiny(-1));
    REQUIRE(facilitator.wait_ended(parent));

    // Bad requests are answered with errors and change nothing.
    facilitator.client->fork(parent, "1402/07/01", {"factory.capacty=5"});
    facilitator.client->fork(99, "1402/07/01", {});
    REQUIRE(facilitator.runs.wait([](const RunCollector& r) { return r.errors().size() >= 2; }, kWait));
    // In either order: the first is answered from the fork's own thread, the second at once.
    const std::string errors = facilitator.runs.errors()[0] + " | " + facilitator.runs.errors()[1];
    CHECK_THAT(errors, Catch::Contains("capacty") && Catch::Contains("no run 99"));

    const std::vector<std::string> lever = {"municipality.innovation_budget_share=0.03"};
    const std::uint64_t request = facilitator.client->fork(parent, "1402/07/01", lever);
    REQUIRE(facilitator.runs.wait([&](const RunCollector& r) { return r.run_of_request(request).has_value(); }, kWait));
    const std::uint32_t branch = *facilitator.runs.run_of_request(request);
    REQUIRE(facilitator.wait_ended(branch));
    REQUIRE(audience.wait_ended(branch));

    const auto b = audience.runs.run(branch);
    CHECK(b->info.parent_run_id() == parent);
    CHECK(b->info.fork_date() == "1402/07/01");
    REQUIRE(b->header);
    CHECK(b->header->fork_time() == b->info.fork_time());
    CHECK(b->header->parent_scenario_sha256() == audience.runs.run(parent)->header->scenario_sha256());
    REQUIRE(b->header->overrides_size() == 1);
    CHECK(b->header->overrides(0) == lever[0]);
    // Its past is the parent's, frame for frame; then it differs.
    const std::vector<std::string> parent_frames = serialized(audience.runs.run(parent)->frames);
    const std::vector<std::string> branch_frames = serialized(b->frames);
    REQUIRE(branch_frames.size() == parent_frames.size());
    std::size_t shared = 0;
    while (shared < parent_frames.size() && parent_frames[shared] == branch_frames[shared]) {
        ++shared;
    }
    CHECK(shared > 20);
    CHECK(shared < parent_frames.size());
    CHECK(serialized(facilitator.runs.run(branch)->frames) == branch_frames);

    // The same fork again is the same run; "fork from here" at a tick means that tick's day.
    const std::uint64_t again =
        audience.client->fork_at_time(parent, b->info.fork_time() + sim::kTicksPerDay / 2, lever);
    REQUIRE(audience.runs.wait([&](const RunCollector& r) { return r.run_of_request(again).has_value(); }, kWait));
    const std::uint32_t twin = *audience.runs.run_of_request(again);
    REQUIRE(audience.wait_ended(twin));
    CHECK(serialized(audience.runs.run(twin)->frames) == branch_frames);

    // A fork of the branch before its own fork point: both levers, each from its date, exactly as
    // a run of that scenario from the start.
    const std::vector<std::string> lever2 = {"departments[Transport].payment_delay_days=10"};
    const std::uint64_t grand_request = audience.client->fork(branch, "1402/01/01", lever2);
    REQUIRE(
        audience.runs.wait([&](const RunCollector& r) { return r.run_of_request(grand_request).has_value(); }, kWait));
    const std::uint32_t grand = *audience.runs.run_of_request(grand_request);
    REQUIRE(audience.wait_ended(grand));
    const agents::LoadedScenario both = agents::fork_scenario(
        agents::fork_scenario(agents::load_scenario("tiny"), "1402/07/01", lever), "1402/01/01", lever2);
    const auto path =
        std::filesystem::temp_directory_path() / ("innosim-live-grand-" + std::to_string(::getpid()) + ".innorun");
    agents::run_scenario(both, {.seed = 7, .out = path, .checkpoint_every_months = 0});
    std::vector<std::string> expected;
    io::RunFileReader::open(path).for_each_frame(
        [&](const run::Frame& frame) { expected.push_back(frame.SerializeAsString()); });
    std::filesystem::remove(path);
    CHECK(serialized(audience.runs.run(grand)->frames) == expected);
    server.stop();
}

TEST_CASE("runs pause, resume and refuse forks past where they are", "[live][server]") {
    Logs logs;
    LiveServer server({.port = 0, .log = logs.sink()});
    const std::uint16_t port = server.listen();
    server.start();
    Viewer viewer(ClientOptions{.port = port});
    REQUIRE(viewer.wait_welcome());
    const std::uint32_t run_id = server.start_run(start_tiny(-1, true));
    // Paused at its first month: the first snapshot arrives, then nothing until resumed.
    const auto has_snapshot = [&](const RunCollector& r) {
        const auto run = r.run(run_id);
        return run && std::any_of(run->frames.begin(), run->frames.end(),
                                  [](const run::Frame& frame) { return frame.has_snapshot(); });
    };
    REQUIRE(viewer.runs.wait(has_snapshot, kWait));
    REQUIRE(viewer.runs.wait([&](const RunCollector& r) { return r.info(run_id) && r.info(run_id)->state() == PAUSED; },
                             kWait));
    // (the first month's events and its snapshot; nothing after them)
    const std::size_t paused_frames = viewer.runs.frame_count(run_id);
    CHECK(paused_frames <= 2);
    viewer.client->fork(run_id, "1402/07/01", {});
    REQUIRE(viewer.runs.wait([](const RunCollector& r) { return !r.errors().empty(); }, kWait));
    CHECK_THAT(viewer.runs.errors()[0], Catch::Contains("has not reached 1402/07/01"));
    CHECK(viewer.runs.frame_count(run_id) == paused_frames);
    CHECK_FALSE(viewer.runs.ended(run_id));

    viewer.client->set_speed(run_id, -1);
    viewer.client->resume(run_id);
    REQUIRE(viewer.wait_ended(run_id));
    CHECK(serialized(viewer.runs.run(run_id)->frames) == reference_frames());
    // The state change follows the run's last record.
    CHECK(viewer.runs.wait([&](const RunCollector& r) { return r.info(run_id)->state() == FINISHED; }, kWait));
    server.stop();
}

TEST_CASE("a fork at the end of time and other out-of-range requests are refused; the server goes on",
          "[live][server][hardening]") {
    Logs logs;
    LiveServer server({.port = 0, .log = logs.sink()});
    const std::uint16_t port = server.listen();
    server.start();
    Viewer attacker(ClientOptions{.port = port});
    Viewer audience(ClientOptions{.port = port});
    REQUIRE(attacker.wait_welcome());
    REQUIRE(audience.wait_welcome());
    const std::uint32_t run_id = server.start_run(start_tiny(-1, true));
    REQUIRE(audience.runs.wait([&](const RunCollector& r) { return r.frame_count(run_id) >= 1; }, kWait));

    // Before the protocol edge checked it, this fork threw std::out_of_range on a run thread
    // (std::terminate: every viewer lost its runs).
    attacker.client->fork_at_time(run_id, std::numeric_limits<sim::Ticks>::max(), {});
    attacker.client->fork_at_time(run_id, -5, {});
    attacker.client->set_speed(run_id, std::numeric_limits<double>::quiet_NaN());
    attacker.client->set_speed(run_id, 1e-300);
    ClientMessage many_levers;
    for (int i = 0; i <= kMaxRequestLevers; ++i) {
        many_levers.mutable_fork()->add_overrides("factory.capacity=10");
    }
    many_levers.mutable_fork()->set_run_id(run_id);
    many_levers.mutable_fork()->set_at("1401/02/01");
    attacker.client->send(many_levers);
    REQUIRE(attacker.runs.wait([](const RunCollector& r) { return r.errors().size() >= 5; }, kWait));
    const std::vector<std::string> errors = attacker.runs.errors();
    CHECK_THAT(errors[0], Catch::Contains("Fork.at_time") && Catch::Contains("outside the run"));
    CHECK_THAT(errors[1], Catch::Contains("Fork.at_time") && Catch::Contains("before the run's start"));
    CHECK_THAT(errors[2], Catch::Contains("SetSpeed.days_per_second") && Catch::Contains("not a speed"));
    CHECK_THAT(errors[3], Catch::Contains("out of range"));
    CHECK_THAT(errors[4], Catch::Contains("Fork.overrides") && Catch::Contains("at most 64"));
    // Still paused at its speed: nothing of the refused requests took effect.
    CHECK(audience.runs.info(run_id)->state() == PAUSED);
    CHECK(audience.runs.run_ids() == std::vector<std::uint32_t>{run_id});

    // Everyone keeps every frame.
    audience.client->resume(run_id);
    REQUIRE(audience.wait_ended(run_id));
    REQUIRE(attacker.wait_ended(run_id));
    CHECK(serialized(audience.runs.run(run_id)->frames) == reference_frames());
    CHECK(serialized(attacker.runs.run(run_id)->frames) == reference_frames());
    CHECK(audience.runs.disconnects().empty());
    CHECK(server.stats().clients == 2);
    server.stop();
}

TEST_CASE("a viewer that loses its connection says so, reconnects and misses nothing", "[live][server]") {
    Logs logs;
    LiveServer server({.port = 0, .default_speed = 1500, .log = logs.sink()});
    const std::uint16_t port = server.listen();
    server.start();
    Relay relay(port);
    std::vector<std::string> said;
    std::mutex said_mutex;
    RunCollector runs;
    ClientCallbacks tell;
    tell.on_disconnect = [&](const std::string& reason, bool reconnecting) {
        const std::lock_guard lock(said_mutex);
        said.push_back(reason + (reconnecting ? " (reconnecting)" : ""));
    };
    LiveClient client({.port = relay.port(), .reconnect_min = 20ms}, runs.callbacks(tell));
    client.connect();
    REQUIRE(runs.wait([](const RunCollector& r) { return r.welcomes() == 1; }, kWait));
    const std::uint32_t run_id = server.start_run(start_tiny(1500));
    REQUIRE(runs.wait([&](const RunCollector& r) { return r.frame_count(run_id) >= 10; }, kWait));
    relay.cut();
    REQUIRE(runs.wait([](const RunCollector& r) { return r.welcomes() == 2; }, kWait));
    REQUIRE(runs.wait([&](const RunCollector& r) { return r.ended(run_id); }, kWait));
    CHECK(serialized(runs.run(run_id)->frames) == reference_frames());
    {
        const std::lock_guard lock(said_mutex);
        REQUIRE(said.size() == 1);
        CHECK_THAT(said[0], Catch::Contains("(reconnecting)"));
    }
    client.close();
    server.stop();
}

TEST_CASE("shutdown says bye, and a restarted server is reconnected to", "[live][server]") {
    Logs logs;
    auto first = std::make_unique<LiveServer>(ServerOptions{.port = 0, .log = logs.sink()});
    const std::uint16_t port = first->listen();
    first->start();
    Viewer viewer(ClientOptions{.port = port, .reconnect_min = 20ms, .reconnect_max = 100ms});
    REQUIRE(viewer.wait_welcome());
    first->start_run(start_tiny(-1));
    REQUIRE(viewer.wait_ended(1));
    first->stop();
    REQUIRE(viewer.runs.wait([](const RunCollector& r) { return !r.disconnects().empty(); }, kWait));
    CHECK_THAT(viewer.runs.disconnects()[0], Catch::Contains("shutting down"));
    first.reset();

    LiveServer second({.port = port, .log = logs.sink()});
    second.listen();
    second.start();
    REQUIRE(viewer.wait_welcome(2));
    Start other = start_tiny(-1);
    other.set_seed(8);
    const std::uint32_t run_id = second.start_run(other);
    CHECK(run_id == 1); // a new server's run 1: the client takes it as new, not as more of the old
    REQUIRE(viewer.runs.wait(
        [&](const RunCollector& r) {
            const auto run = r.run(run_id);
            return run && run->header && run->header->seed() == 8 && run->info.state() == FINISHED;
        },
        kWait));
    CHECK(serialized(viewer.runs.run(run_id)->frames) == reference_frames(8));
    second.stop();
}

TEST_CASE("listening beyond loopback needs a token", "[live][server]") {
    CHECK_THROWS_WITH(LiveServer({.bind = "0.0.0.0", .port = 0}), Catch::Contains("needs --token"));
    CHECK_THROWS_WITH(LiveServer({.bind = "localhost", .port = 0}), Catch::Contains("not an IP address"));
    CHECK_NOTHROW(LiveServer({.bind = "0.0.0.0", .port = 0, .token = "t"}));
    CHECK_NOTHROW(LiveServer({.bind = "::1", .port = 0}));
}

TEST_CASE("frame records re-label a serialized frame exactly as protobuf would", "[live][protocol]") {
    run::Frame frame;
    frame.mutable_snapshot()->set_time(123456);
    frame.mutable_snapshot()->set_date("1402/01/01");
    const std::string bytes = frame.SerializeAsString();
    for (const std::uint32_t run_id : {0U, 7U, 300000U}) {
        for (const std::uint64_t index : {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{1} << 40}) {
            const SharedRecord record = frame_record(run_id, index, bytes);
            ServerMessage expected;
            expected.mutable_frame()->set_run_id(run_id);
            expected.mutable_frame()->set_index(index);
            *expected.mutable_frame()->mutable_frame() = frame;
            CHECK(*record == encode(expected));
            CHECK(frame_bytes_of(*record) == bytes);
        }
    }
}

TEST_CASE("the record reader enforces its limit before buffering", "[live][protocol]") {
    ClientMessage small;
    small.mutable_pause()->set_run_id(3);
    const std::string record = encode(small);
    RecordReader reader(64);
    std::string payload;
    reader.append(record.substr(0, 2));
    CHECK(reader.next(payload) == RecordReader::Status::NeedMore);
    reader.append(record.substr(2) + record);
    CHECK(reader.next(payload) == RecordReader::Status::Record);
    CHECK(payload == small.SerializeAsString());
    CHECK(reader.next(payload) == RecordReader::Status::Record);
    CHECK(reader.next(payload) == RecordReader::Status::NeedMore);
    reader.append(std::string("\x80\x01", 2)); // 128 bytes announced, limit 64
    CHECK(reader.next(payload) == RecordReader::Status::Error);
    CHECK_THAT(reader.error(), Catch::Contains("over the limit of 64"));
}

// The viewer's live session against a real server in process, on loopback and an ephemeral port:
// runs arrive and grow into replay models equal to their run files, forks come back as branches
// of their parent, refused requests and lost connections are reported, a restarted server's
// runs replace the old ones. Every wait is bounded.
#include "agents/runner.hpp"
#include "agents/scenario_loader.hpp"
#include "sim/input_error.hpp"
#include "tests/viz/same_model.hpp"
#include "tests/viz/test_support.hpp"
#include "tools/live/server.hpp"
#include "viz/core/live_session.hpp"

#include <catch2/catch.hpp>

#include <thread>

namespace {

using namespace innosim;
using namespace innosim::viz;
using namespace std::chrono_literals;
using innosim::viz::testing::TempDir;

constexpr auto kWait = 30s; // generous: CI runs these under sanitizers too

live::Start start_tiny(double speed) {
    live::Start start;
    start.set_name("tiny");
    start.set_speed(speed);
    return start;
}

/// What `innosim run tiny --seed 7 --checkpoint-every-months 0` writes, loaded for replay.
RunModel reference_model(const TempDir& dir) {
    const auto path = dir / "tiny.innorun";
    agents::run_scenario(agents::load_scenario("tiny"), {.seed = 7, .out = path, .checkpoint_every_months = 0});
    return RunModel::load(path);
}

LiveSession::Options options_for(std::uint16_t port, std::string token = {}) {
    return {.address = {"127.0.0.1", port}, .token = std::move(token), .reconnect_min = 20ms, .reconnect_max = 200ms};
}

/// A loopback port nothing listens on (a server bound it and went away).
std::uint16_t free_port() {
    live::LiveServer probe({.port = 0, .log = [](std::string_view) {}});
    return probe.listen();
}

bool ended(const LiveSession& session, std::uint32_t id) {
    const auto row = session.run(id);
    return row && row->ended;
}

} // namespace

TEST_CASE("live addresses are HOST:PORT", "[viz][live]") {
    CHECK(parse_live_address("127.0.0.1:7464").host == "127.0.0.1");
    CHECK(parse_live_address("127.0.0.1:7464").port == 7464);
    CHECK(parse_live_address("localhost").port == 7464);
    CHECK(parse_live_address("[::1]:9000").host == "::1");
    CHECK(parse_live_address("[::1]:9000").port == 9000);
    CHECK_THROWS_AS(parse_live_address(":7464"), InputError);
    CHECK_THROWS_AS(parse_live_address("host:0"), InputError);
    CHECK_THROWS_AS(parse_live_address("host:70000"), InputError);
    CHECK_THROWS_AS(parse_live_address("host:12ab"), InputError);
    CHECK_THROWS_WITH(parse_live_address("[::1"), Catch::Contains("HOST:PORT"));
}

TEST_CASE("the runs list puts every fork under its parent", "[viz][live]") {
    const auto row = [](std::uint32_t id, std::uint32_t parent) {
        LiveRunRow r;
        r.id = id;
        r.info.set_run_id(id);
        r.info.set_parent_run_id(parent);
        return r;
    };
    // 1 <- 3 <- 5, 1 <- 4, 2, 6 of an unknown parent 9.
    const std::vector<LiveRunRow> rows{row(1, 0), row(2, 0), row(3, 1), row(4, 1), row(5, 3), row(6, 9)};
    std::vector<std::pair<std::uint32_t, int>> order;
    for (const auto& [index, depth] : run_tree(rows)) {
        order.emplace_back(rows[index].id, depth);
    }
    const std::vector<std::pair<std::uint32_t, int>> expected{{1, 0}, {3, 1}, {5, 2}, {4, 1}, {2, 0}, {6, 0}};
    CHECK(order == expected);
}

TEST_CASE("a live run grows into the model of its run file, and forks come back as branches", "[viz][live][server]") {
    TempDir dir;
    live::LiveServer server({.port = 0, .log = [](std::string_view) {}});
    const std::uint16_t port = server.listen();
    server.start();
    LiveSession session(options_for(port));
    REQUIRE(session.wait([&] { return session.status().state == LinkState::Connected; }, kWait));
    CHECK(session.address() == "127.0.0.1:" + std::to_string(port));

    // Fed while it runs, a frame or a few at a time, as the viewer does once per UI frame.
    const std::uint32_t id = server.start_run(start_tiny(2000));
    REQUIRE(session.wait([&] { return session.run(id) && session.run(id)->has_header; }, kWait));
    std::optional<RunModel> grown = session.model(id);
    REQUIRE(grown);
    std::size_t feeds = 0;
    while (!grown->finished()) {
        REQUIRE(session.wait([&] { return session.run(id)->frames > grown->frames_appended() || ended(session, id); },
                             kWait));
        feeds += session.feed(id, *grown) > 0 ? 1 : 0;
    }
    CHECK(feeds > 1); // it did arrive in pieces
    CHECK(session.feed(id, *grown) == 0);
    const RunModel reference = reference_model(dir);
    testing::require_same_model(reference, *grown);
    const std::optional<RunModel> whole = session.model(id);
    REQUIRE(whole);
    testing::require_same_model(reference, *whole);
    const auto row = session.run(id);
    CHECK(row->reached_date == "1404/01/01");
    CHECK(row->info.scenario_name() == "tiny");

    // A bad lever is answered with an error naming it; a good one with a branch of run 1.
    const Ticks at = reference.calendar().to_ticks({1402, 7, 1});
    const std::uint64_t bad = session.fork(id, at, {"factory.capacty=5"});
    std::vector<LiveError> errors;
    REQUIRE(session.wait(
        [&] {
            for (LiveError& e : session.take_errors()) {
                errors.push_back(std::move(e));
            }
            return !errors.empty();
        },
        kWait));
    CHECK(errors[0].request_id == bad);
    CHECK_FALSE(session.run_of_request(bad).has_value());
    CHECK_THAT(errors[0].message, Catch::Contains("capacty"));

    const std::uint64_t request = session.fork(id, at + sim::kTicksPerDay / 3, {"factory.capacity=5"});
    REQUIRE(session.wait([&] { return session.run_of_request(request).has_value(); }, kWait));
    const std::uint32_t branch = *session.run_of_request(request);
    REQUIRE(session.wait([&] { return ended(session, branch); }, kWait));
    const auto b = session.run(branch);
    CHECK(b->info.parent_run_id() == id);
    CHECK(b->info.fork_date() == "1402/07/01");
    const std::optional<RunModel> model = session.model(branch);
    REQUIRE(model);
    CHECK(model->is_fork());
    CHECK(model->fork_time() == at);
    CHECK(model->source_label() == "run " + std::to_string(branch));
    REQUIRE(model->header().overrides_size() == 1);
    CHECK(model->header().overrides(0) == "factory.capacity=5");
    // Its past is its parent's; after the fork it differs.
    CHECK(kpis_at(*model, at - 40 * sim::kTicksPerDay) == kpis_at(reference, at - 40 * sim::kTicksPerDay));
    CHECK(kpis_at(*model, model->end_time()) != kpis_at(reference, reference.end_time()));
    std::vector<std::pair<std::size_t, int>> tree = run_tree(session.runs());
    REQUIRE(tree.size() == 2);
    CHECK(tree[1].second == 1);
    server.stop();
}

TEST_CASE("a live session says why it is not connected and forgets a restarted server's runs", "[viz][live][server]") {
    const std::uint16_t port = free_port();
    auto first = std::make_unique<live::LiveServer>(live::ServerOptions{.port = port, .log = [](std::string_view) {}});
    LiveSession session(options_for(port));
    first->listen();
    first->start();
    REQUIRE(session.wait([&] { return session.status().state == LinkState::Connected; }, kWait));
    const std::uint32_t id = first->start_run(start_tiny(-1));
    REQUIRE(session.wait([&] { return ended(session, id); }, kWait));
    const std::size_t frames = session.run(id)->frames;
    const std::uint64_t epoch = session.epoch();

    first->stop();
    REQUIRE(session.wait([&] { return session.status().state == LinkState::Reconnecting; }, kWait));
    CHECK_THAT(session.status().reason, Catch::Contains("shutting down") || Catch::Contains("closed"));
    CHECK(session.runs().size() == 1); // what arrived stays
    first.reset();

    live::LiveServer second({.port = port, .log = [](std::string_view) {}});
    second.listen();
    second.start();
    REQUIRE(session.wait([&] { return session.status().state == LinkState::Connected; }, kWait));
    CHECK(session.epoch() == epoch + 1);
    CHECK(session.status().restarts == 1);
    CHECK(session.runs().empty()); // the old run 1 is gone, not mixed with the new one
    const std::uint32_t again = second.start_run(start_tiny(-1));
    CHECK(again == id);
    REQUIRE(session.wait([&] { return ended(session, again); }, kWait));
    CHECK(session.run(again)->frames == frames);
    second.stop();
}

TEST_CASE("a live session refused for its token is lost, not retried", "[viz][live][server]") {
    live::LiveServer server({.port = 0, .token = "secret", .log = [](std::string_view) {}});
    const std::uint16_t port = server.listen();
    server.start();
    LiveSession wrong(options_for(port, "guess"));
    REQUIRE(wrong.wait([&] { return wrong.status().state == LinkState::Lost; }, kWait));
    CHECK_THAT(wrong.status().reason, Catch::Contains("token"));
    LiveSession right(options_for(port, "secret"));
    REQUIRE(right.wait([&] { return right.status().state == LinkState::Connected; }, kWait));
    server.stop();
}

TEST_CASE("a live session to nowhere keeps trying and says why", "[viz][live]") {
    LiveSession session(options_for(free_port()));
    REQUIRE(session.wait([&] { return session.status().state == LinkState::Reconnecting; }, kWait));
    CHECK_THAT(session.status().reason, Catch::Contains("cannot connect"));
    CHECK(session.runs().empty());
}

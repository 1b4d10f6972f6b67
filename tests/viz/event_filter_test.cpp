#include "tests/viz/test_support.hpp"
#include "viz/core/event_filter.hpp"

#include <catch2/catch.hpp>

using namespace innosim::viz;
using innosim::viz::testing::shared_run;

TEST_CASE("the default feed leaves out hires, ties, certificate applications and early stages", "[viz][feed]") {
    const RunModel model = RunModel::load(shared_run().path);
    const EventFilter filter = EventFilter::defaults();
    const auto shown = filter_events(model, filter);
    std::size_t expected = 0;
    std::size_t early = 0;
    for (const EventRec& e : model.events()) {
        const bool early_stage = e.kind == innosim::run::STAGE_ADVANCED && e.value < innosim::run::PILOT;
        early += early_stage ? 1 : 0;
        expected += e.kind == innosim::run::HIRED || e.kind == innosim::run::TIE_FORMED ||
                            e.kind == innosim::run::LAID_OFF || e.kind == innosim::run::CERT_APPLIED || early_stage
                        ? 0
                        : 1;
    }
    REQUIRE(early > 0); // the synthetic firms pass Team and Prototype
    for (const std::uint32_t i : shown) {
        const EventRec& e = model.events()[i];
        REQUIRE((e.kind != innosim::run::STAGE_ADVANCED || e.value >= innosim::run::PILOT));
    }
    REQUIRE(shown.size() == expected);
    REQUIRE(shown.size() < model.events().size()); // the synthetic run has hires
    for (const std::uint32_t i : shown) {
        REQUIRE(model.events()[i].kind != innosim::run::HIRED);
    }
    REQUIRE(std::is_sorted(shown.begin(), shown.end()));
}

TEST_CASE("the feed filters by kind, by agent and by text", "[viz][feed]") {
    const RunModel model = RunModel::load(shared_run().path);
    EventFilter only_failures;
    only_failures.kinds.set(innosim::run::STARTUP_FAILED);
    const auto failures = filter_events(model, only_failures);
    REQUIRE(failures.size() == shared_run().truth.failed);

    EventFilter vc = EventFilter::defaults();
    vc.agent = AgentKey{innosim::run::FUNDER, 2};
    const auto rounds = filter_events(model, vc);
    REQUIRE_FALSE(rounds.empty());
    for (const std::uint32_t i : rounds) {
        const EventRec& e = model.events()[i];
        REQUIRE((e.subject == *vc.agent || e.object == *vc.agent));
    }

    EventFilter grants = EventFilter::defaults();
    grants.text = "GRANT";
    const auto found = filter_events(model, grants);
    REQUIRE_FALSE(found.empty());
    for (const std::uint32_t i : found) {
        REQUIRE(model.events()[i].reason == innosim::run::GRANT);
    }
}

TEST_CASE("the feed shows the prefix up to the cursor", "[viz][feed]") {
    const RunModel model = RunModel::load(shared_run().path);
    const auto shown = filter_events(model, EventFilter::defaults());
    const Ticks t = model.snapshot_time(12) + 5;
    std::size_t expected = 0;
    for (const std::uint32_t i : shown) {
        expected += model.events()[i].time <= t ? 1 : 0;
    }
    REQUIRE(count_until(model, shown, t) == expected);
    REQUIRE(count_until(model, shown, -1) == 0);
    REQUIRE(count_until(model, shown, model.end_time()) == shown.size());
}

TEST_CASE("an agent's history is its milestones up to the cursor, newest first", "[viz][inspector]") {
    const RunModel model = RunModel::load(shared_run().path);
    const auto exited = std::find_if(model.startup_infos().begin(), model.startup_infos().end(),
                                     [](const StartupInfo& i) { return i.final_stage == innosim::run::EXITED; });
    REQUIRE(exited != model.startup_infos().end());
    const AgentKey firm{innosim::run::STARTUP, exited->id};
    const auto history = agent_history(model, firm, model.end_time(), 100, Currency::Rial);
    REQUIRE(history.size() >= 4);
    REQUIRE(history.front().text.find("exited") != std::string::npos);
    REQUIRE(history.back().text.find("founded") != std::string::npos);
    for (std::size_t i = 1; i < history.size(); ++i) {
        REQUIRE(history[i - 1].time >= history[i].time);
    }
    const bool raised = std::any_of(history.begin(), history.end(),
                                    [](const HistoryItem& h) { return h.text.find("raised") != std::string::npos; });
    REQUIRE(raised);

    const auto before_exit = agent_history(model, firm, exited->ended - 1, 100, Currency::Rial);
    REQUIRE(before_exit.size() < history.size());
    REQUIRE(agent_history(model, firm, model.end_time(), 2, Currency::Rial).size() == 2);
}

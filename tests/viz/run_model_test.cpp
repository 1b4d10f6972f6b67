#include "sim/input_error.hpp"
#include "tests/viz/test_support.hpp"
#include "viz/core/run_model.hpp"

#include <catch2/catch.hpp>

#include <fstream>

namespace {

using namespace innosim::viz;
using innosim::InputError;
using innosim::viz::testing::shared_run;
using innosim::viz::testing::TempDir;

} // namespace

TEST_CASE("loading a run gathers snapshots, events and per-firm facts", "[viz][model]") {
    const auto& shared = shared_run();
    const RunModel model = RunModel::load(shared.path);
    REQUIRE(model.title() == "Synthetic city");
    REQUIRE(model.snapshot_count() == shared.truth.snapshot_times.size());
    for (std::size_t i = 0; i < model.snapshot_count(); ++i) {
        REQUIRE(model.snapshot_time(i) == shared.truth.snapshot_times[i]);
        REQUIRE(model.summary(i).startups_size() == 0); // startups are read on demand
    }
    REQUIRE(model.events().size() == shared.truth.events);
    REQUIRE(std::is_sorted(model.events().begin(), model.events().end(),
                           [](const EventRec& a, const EventRec& b) { return a.time < b.time; }));
    REQUIRE(model.end_time() == shared.truth.snapshot_times.back());
    REQUIRE(model.horizon_time() == model.calendar().to_ticks({1404, 12, 29}));

    std::size_t failed = 0;
    for (const StartupInfo& info : model.startup_infos()) {
        failed += info.final_stage == innosim::run::FAILED ? 1 : 0;
        if (info.final_stage == innosim::run::FAILED) {
            REQUIRE(info.ended != innosim::sim::kNever);
            REQUIRE(info.failure_cause != innosim::run::FAILURE_CAUSE_UNSPECIFIED);
        }
    }
    REQUIRE(failed == shared.truth.failed);
}

TEST_CASE("snapshot lookup and event ranges use time order", "[viz][model]") {
    const RunModel model = RunModel::load(shared_run().path);
    REQUIRE_FALSE(model.snapshot_at_or_before(-1).has_value());
    REQUIRE(model.snapshot_at_or_before(0) == 0u);
    REQUIRE(model.snapshot_at_or_before(model.snapshot_time(3)) == 3u);
    REQUIRE(model.snapshot_at_or_before(model.snapshot_time(3) + 1) == 3u);
    REQUIRE(model.snapshot_at_or_before(model.end_time() * 2) == model.snapshot_count() - 1);

    const Ticks from = model.snapshot_time(4);
    const Ticks to = model.snapshot_time(9);
    const auto [first, last] = model.event_range(from, to);
    std::size_t expected = 0;
    for (const EventRec& e : model.events()) {
        expected += e.time >= from && e.time < to ? 1 : 0;
    }
    REQUIRE(last - first == expected);
    REQUIRE(expected > 0);
    for (std::size_t i = first; i < last; ++i) {
        REQUIRE(model.events()[i].time >= from);
        REQUIRE(model.events()[i].time < to);
    }
}

TEST_CASE("each agent's event list names that agent", "[viz][model]") {
    const RunModel model = RunModel::load(shared_run().path);
    const AgentKey vc{innosim::run::FUNDER, 2};
    const auto& list = model.agent_events(vc);
    REQUIRE_FALSE(list.empty());
    for (const std::uint32_t i : list) {
        const EventRec& e = model.events()[i];
        REQUIRE((e.subject == vc || e.object == vc));
    }
    REQUIRE(model.agent_events({innosim::run::FUNDER, 77}).empty());
}

TEST_CASE("missing, corrupt, truncated and empty run files are input errors", "[viz][model]") {
    TempDir dir;
    REQUIRE_THROWS_AS(RunModel::load(dir / "missing.innorun"), InputError);

    {
        std::ofstream out(dir / "garbage.innorun", std::ios::binary);
        out << "this is not a run file at all, just some text that is long enough to have a trailer";
    }
    REQUIRE_THROWS_AS(RunModel::load(dir / "garbage.innorun"), InputError);

    std::string bytes;
    {
        std::ifstream in(shared_run().path, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    {
        std::ofstream out(dir / "truncated.innorun", std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size() / 2));
    }
    REQUIRE_THROWS_AS(RunModel::load(dir / "truncated.innorun"), InputError);

    {
        innosim::io::RunFileWriter writer(dir / "empty.innorun");
        writer.write_header(testing::synthetic_header({}, 0));
        writer.finish({});
    }
    REQUIRE_THROWS_WITH(RunModel::load(dir / "empty.innorun"), Catch::Contains("no snapshots"));
}

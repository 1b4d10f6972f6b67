// A run that arrives in pieces (a live run, frame by frame, drawn between pieces) ends in the
// same replay state as the same run loaded from its file.
#include "sim/input_error.hpp"
#include "tests/viz/same_model.hpp"
#include "tests/viz/test_support.hpp"
#include "viz/core/replay.hpp"
#include "viz/core/run_model.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

namespace {

using namespace innosim::viz;
using innosim::viz::testing::require_same_model;
using innosim::viz::testing::shared_run;

/// The file's frames as the server would send them: serialized and parsed again.
std::vector<innosim::run::Frame> frames_of(const std::filesystem::path& path) {
    std::vector<innosim::run::Frame> out;
    innosim::io::RunFileReader::open(path).for_each_frame([&](const innosim::run::Frame& frame) {
        innosim::run::Frame copy;
        REQUIRE(copy.ParseFromString(frame.SerializeAsString()));
        out.push_back(std::move(copy));
    });
    return out;
}

} // namespace

TEST_CASE("a run fed frame by frame ends in the state of its file", "[viz][model][live]") {
    const auto& shared = shared_run();
    const RunModel whole = RunModel::load(shared.path);
    const innosim::io::RunFileReader reader = innosim::io::RunFileReader::open(shared.path);
    const std::vector<innosim::run::Frame> frames = frames_of(shared.path);
    REQUIRE(frames.size() > 40);

    RunModel grown = RunModel::stream(reader.header(), "run 1");
    REQUIRE(grown.snapshot_count() == 0);
    REQUIRE_FALSE(grown.finished());
    REQUIRE(grown.title() == "Synthetic city");
    REQUIRE(grown.source_label() == "run 1");
    REQUIRE(grown.path().empty());
    // In pieces of 1, 2, 3, ... frames, drawing in between as the viewer does: each piece only
    // extends what was there (time never goes back) and the frame at the edge can be built.
    std::size_t next = 0;
    Ticks last_end = 0;
    std::uint64_t last_revision = grown.revision();
    for (std::size_t piece = 1; next < frames.size(); ++piece) {
        for (std::size_t n = 0; n < piece && next < frames.size(); ++n) {
            grown.append(frames[next++]);
        }
        REQUIRE(grown.frames_appended() == next);
        REQUIRE(grown.revision() > last_revision);
        last_revision = grown.revision();
        if (grown.snapshot_count() == 0) {
            continue;
        }
        REQUIRE(grown.end_time() >= last_end);
        last_end = grown.end_time();
        REQUIRE(grown.end_time() <= whole.end_time());
        const ReplayFrame edge = build_frame(grown, grown.end_time());
        REQUIRE(edge.snapshot < grown.snapshot_count());
        // Up to the last snapshot both have, the growing run already looks like the whole one.
        const Ticks settled = grown.snapshot_time(grown.snapshot_count() - 1);
        REQUIRE(testing::same_frame(build_frame(whole, settled), build_frame(grown, settled)));
    }
    REQUIRE_FALSE(grown.finished());
    REQUIRE(grown.planned_end_time() >= grown.end_time());
    grown.finish(reader.footer());
    REQUIRE(grown.finished());
    require_same_model(whole, grown);
}

TEST_CASE("frames out of time order still give a time-ordered model", "[viz][model][live]") {
    const auto& shared = shared_run();
    const innosim::io::RunFileReader reader = innosim::io::RunFileReader::open(shared.path);
    std::vector<innosim::run::Frame> frames = frames_of(shared.path);
    // Two event batches of different months, swapped: a sender that reorders must not leave the
    // feed or the agent lists unsorted.
    std::vector<std::size_t> batches;
    for (std::size_t i = 0; i < frames.size(); ++i) {
        if (frames[i].has_events() && frames[i].events().events_size() > 0) {
            batches.push_back(i);
        }
    }
    REQUIRE(batches.size() > 10);
    std::swap(frames[batches[3]], frames[batches[6]]);

    RunModel in_order = RunModel::stream(reader.header(), "a");
    for (const auto& frame : frames_of(shared.path)) {
        in_order.append(frame);
    }
    RunModel swapped = RunModel::stream(reader.header(), "b");
    for (const auto& frame : frames) {
        swapped.append(frame);
    }
    REQUIRE(std::is_sorted(swapped.events().begin(), swapped.events().end(),
                           [](const EventRec& a, const EventRec& b) { return a.time < b.time; }));
    REQUIRE(swapped.events().size() == in_order.events().size());
    for (std::size_t i = 0; i < in_order.events().size(); ++i) {
        REQUIRE(testing::same_event(swapped.events()[i], in_order.events()[i]));
    }
    for (const StartupInfo& info : in_order.startup_infos()) {
        const AgentKey firm{innosim::run::STARTUP, info.id};
        REQUIRE(swapped.agent_events(firm) == in_order.agent_events(firm));
        REQUIRE(swapped.startup_info(info.id)->stage_changes == info.stage_changes);
    }
}

TEST_CASE("a streamed run needs a start date and has no file", "[viz][model][live]") {
    innosim::run::RunHeader header;
    REQUIRE_THROWS_AS(RunModel::stream(header, "run 3"), innosim::InputError);
    header = innosim::io::RunFileReader::open(shared_run().path).header();
    header.mutable_scenario()->clear_name();
    const RunModel model = RunModel::stream(header, "run 3");
    REQUIRE(model.title() == "run 3"); // no scenario name: the label
    REQUIRE_FALSE(model.is_fork());
    header.set_parent_scenario_sha256("abc");
    header.set_fork_time(90 * innosim::sim::kTicksPerDay);
    const RunModel branch = RunModel::stream(header, "run 4");
    REQUIRE(branch.is_fork());
    REQUIRE(branch.fork_time() == 90 * innosim::sim::kTicksPerDay);
}

#pragma once

// RunModel: one run opened for replay. Loading scans the file once to gather what every frame
// needs cheaply (snapshot times and KPIs, every event in compact form, per-startup facts); the
// startups of a snapshot are read on demand through the file's snapshot index and kept in a small
// cache, so seeking anywhere costs one indexed read.
//
// A live run (innosim-viz --connect) is the same model fed frame by frame: stream() starts it from
// the run's header, append() adds each frame as it arrives, finish() takes the footer. Loading a
// file is nothing but append() of every frame in file order followed by finish(), so a run that
// arrives in pieces ends in exactly the state of its file (tests/viz/run_model_test.cpp). Why
// frames into the model rather than the collector writing an in-memory run file for it to reread:
// a run file has its snapshot index in the footer, which a run still going has not got, and a
// re-read per new frame would make a live run quadratic. The only difference between the two
// sources is where a snapshot's startups live: read lazily from the file, or decoded once on
// arrival (a live run has no file to read them back from).

#include "sim/calendar.hpp"
#include "sim/io/run_file.hpp"
#include "viz/core/types.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace innosim::viz {

/// One recorded event without protobuf overhead (the feed and the inspector hold millions).
struct EventRec {
    Ticks time = 0;               ///< ticks since the run's start
    std::int64_t amount_rial = 0; ///< Rial (TRANSFER and money-carrying kinds)
    AgentKey subject;             ///< for TRANSFER: the payer
    AgentKey object;              ///< for TRANSFER: the payee; kind unspecified when absent
    std::int32_t value = 0;       ///< kind-specific: new stage, headcount change, phase, failure cause
    std::uint32_t detail = 0;     ///< index into RunModel::detail_text(); 0 = none
    run::EventKind kind = run::EVENT_KIND_UNSPECIFIED;
    run::Reason reason = run::REASON_UNSPECIFIED;
};

/// A startup's state in one snapshot, compact.
struct StartupRow {
    std::uint32_t id = 0;
    run::Stage stage = run::IDEA;
    std::uint32_t employees = 0;         ///< people
    std::int64_t cash_rial = 0;          ///< Rial
    std::int64_t revenue_month_rial = 0; ///< Rial per month
    std::int64_t burn_month_rial = 0;    ///< Rial per month
    std::int64_t raised_rial = 0;        ///< Rial, cumulative
    Ticks founded = 0;                   ///< ticks
    float x = 0;                         ///< map position 0..1
    float y = 0;                         ///< map position 0..1
    float belief = 0;                    ///< the firm's estimate of its own quality, 0..1
    std::uint32_t district = 0;          ///< index into the world's districts
    std::uint32_t ties = 0;              ///< count
    std::uint32_t opportunities = 0;     ///< count
    std::int32_t department = -1;        ///< targeted department, -1 none
    scenario::ProblemCategory category = scenario::PROBLEM_CATEGORY_UNSPECIFIED;
    run::FailureCause failure_cause = run::FAILURE_CAUSE_UNSPECIFIED;
    bool in_factory = false;
    bool knowledge_based = false;
};

/// Facts about one startup over the whole run, gathered while loading.
struct StartupInfo {
    std::uint32_t id = 0;
    Ticks founded = 0;         ///< ticks
    Ticks ended = sim::kNever; ///< ticks when it failed or exited; kNever while alive at the end
    run::Stage final_stage = run::IDEA;
    run::FailureCause failure_cause = run::FAILURE_CAUSE_UNSPECIFIED;
    std::uint32_t peak_employees = 0; ///< people, over the snapshots
    std::uint32_t district = 0;       ///< where it worked at its last snapshot
    /// Stage changes from the event stream (time in ticks, new stage), in time order.
    std::vector<std::pair<Ticks, run::Stage>> stage_changes;
};

/// Decoded startups of one snapshot, sorted by id.
using StartupRows = std::vector<StartupRow>;

class RunModel {
public:
    /// Opens and scans the run file. Throws innosim::InputError for a missing, truncated or corrupt
    /// file, or one without snapshots.
    static RunModel load(const std::filesystem::path& path);
    /// A run that arrives frame by frame (a live run), from its header; `label` names it when the
    /// scenario has no name and tells same-named runs apart ("run 2"). Throws innosim::InputError
    /// for a header without a start date.
    static RunModel stream(const run::RunHeader& header, std::string label);

    RunModel(RunModel&&) noexcept = default;
    RunModel& operator=(RunModel&&) noexcept = default;

    // [SECTION] Growing (a streamed run)
    /// Adds the run's next frame. Frames come in the recorder's order; an event earlier than one
    /// already added is still placed in time order. Checkpoint frames are ignored.
    void append(const run::Frame& frame);
    /// The run has ended: its footer (KPIs at the horizon, ledger, engine, last time).
    void finish(const run::Footer& footer);
    bool finished() const { return finished_; }
    /// Frames given to append() so far (a feeder's position in the run's frame list).
    std::size_t frames_appended() const { return frames_appended_; }
    /// Changes with every append() and finish(): views rebuild what they derived when it moves.
    std::uint64_t revision() const { return revision_; }

    /// The file, or empty for a streamed run.
    const std::filesystem::path& path() const { return path_; }
    const run::RunHeader& header() const { return header_; }
    const run::Footer& footer() const { return footer_; }
    const run::World& world() const { return header_.world(); }
    const sim::Calendar& calendar() const { return calendar_; }
    /// Scenario name, or the file's stem (a streamed run's label) when the scenario has none.
    std::string title() const;
    /// The file's stem, or a streamed run's label: what tells two runs of one scenario apart.
    std::string source_label() const;
    /// A branch (`innosim fork`, a server's Fork): its header names the parent and the fork time.
    bool is_fork() const { return !header_.parent_scenario_sha256().empty(); }
    /// ticks: where a branch left its parent (0 for a run that is no branch).
    Ticks fork_time() const { return header_.fork_time(); }

    Ticks begin_time() const { return begin_; } ///< ticks: the run's first instant
    /// ticks: the last recorded instant; a streamed run's grows as frames arrive.
    Ticks end_time() const { return end_; }
    /// ticks: where the run will end (the header's end), for axes that should not rescale as a
    /// live run grows; end_time() for a finished run.
    Ticks planned_end_time() const { return std::max(end_, header_.end_time()); }
    Ticks horizon_time() const { return horizon_; } ///< ticks: the planning horizon (1404)

    // [SECTION] Snapshots
    std::size_t snapshot_count() const { return summaries_.size(); }
    Ticks snapshot_time(std::size_t i) const { return summaries_[i].time(); }
    /// Snapshot i without its startups (KPIs, departments, funders, factory, flows).
    const run::Snapshot& summary(std::size_t i) const { return summaries_[i]; }
    /// The last snapshot at or before t, nothing if t precedes the first.
    std::optional<std::size_t> snapshot_at_or_before(Ticks t) const;
    /// Startups of snapshot i, read through the file's index (cached; the pointer stays valid).
    std::shared_ptr<const StartupRows> startups(std::size_t i) const;
    /// How many startups snapshot reads went to the file (for tests of the cache).
    std::size_t snapshot_reads() const { return cache_->reads; }

    // [SECTION] Events
    const std::vector<EventRec>& events() const { return events_; }
    /// Index range [first, last) of the events with from <= time < to.
    std::pair<std::size_t, std::size_t> event_range(Ticks from, Ticks to) const;
    std::string_view detail_text(const EventRec& event) const { return details_[event.detail]; }
    /// Indices of the events naming `agent` as subject or object, in time order.
    const std::vector<std::uint32_t>& agent_events(AgentKey agent) const;

    // [SECTION] Startups
    const std::vector<StartupInfo>& startup_infos() const { return startup_infos_; }
    const StartupInfo* startup_info(std::uint32_t id) const;

private:
    RunModel(run::RunHeader header, sim::Calendar calendar);
    void add_frame(const run::Frame& frame);
    /// Brings the indices (agent events, dense startup ids, time span) up to date with what was added.
    void index();
    void add_event(const run::Event& event);
    void add_snapshot(run::Snapshot snapshot);
    StartupInfo& info_for(std::uint32_t id);

    struct Cache {
        std::vector<std::pair<std::size_t, std::shared_ptr<const StartupRows>>> entries; // most recent last
        std::size_t reads = 0;
    };

    // A file's reader (startups read on demand), or nothing for a streamed run, whose snapshots'
    // startups are kept decoded in streamed_rows_. Behind a pointer: the reader is move-only and
    // optional.
    std::unique_ptr<io::RunFileReader> reader_;
    std::vector<std::shared_ptr<const StartupRows>> streamed_rows_;
    std::filesystem::path path_;
    std::string label_;
    run::RunHeader header_;
    run::Footer footer_;
    sim::Calendar calendar_;
    Ticks begin_ = 0;
    Ticks end_ = 0;
    Ticks horizon_ = 0;
    bool finished_ = false;
    std::size_t frames_appended_ = 0;
    std::uint64_t revision_ = 0;
    std::vector<run::Snapshot> summaries_;
    std::vector<EventRec> events_;
    std::size_t indexed_events_ = 0; // events_ [0, this) are in agent_events_
    bool events_unsorted_ = false;   // an event came earlier than the one before it
    std::vector<std::string> details_;
    std::unordered_map<std::string, std::uint32_t> detail_ids_;
    std::map<AgentKey, std::vector<std::uint32_t>> agent_events_;
    std::vector<StartupInfo> startup_infos_;
    std::unordered_map<std::uint32_t, std::uint32_t> startup_index_; // id -> index in startup_infos_
    std::vector<std::uint32_t> dense_index_; // the same for dense ids (the usual case): no hashing per frame
    std::size_t dense_indexed_ = 0;          // startup_infos_ [0, this) are in dense_index_
    std::uint32_t max_startup_id_ = 0;
    // Behind a pointer so that a const RunModel can fill it and moves stay cheap.
    std::unique_ptr<Cache> cache_ = std::make_unique<Cache>();
};

/// Decodes a snapshot's startups into rows sorted by id.
StartupRows decode_startups(const run::Snapshot& snapshot);

} // namespace innosim::viz

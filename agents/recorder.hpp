#pragma once

// Turns what the model reports into run-file frames: event batches between snapshots, and a
// snapshot of every agent's visible state with the money flows aggregated since the last one.
// Frames go to a FrameSink: a run file, or (live mode) the network.

#include "agents/model.hpp"
#include "agents/scenario_loader.hpp"
#include "sim/proto/run.pb.h"

#include <map>
#include <tuple>

namespace innosim::agents {

class FrameSink {
public:
    virtual ~FrameSink() = default;
    virtual void write_header(const run::RunHeader& header) = 0;
    virtual void write_frame(const run::Frame& frame) = 0;
};

/// The run header for a scenario: provenance, the scenario as given and as run, the static world.
run::RunHeader make_run_header(const LoadedScenario& loaded, std::uint64_t seed, std::uint32_t replication);

/// Headline KPIs in their run-file form.
run::Kpis to_proto(const Kpis& kpis);

class Recorder final : public ModelObserver {
public:
    /// `sink` must outlive the recorder. Writes the header at once.
    Recorder(FrameSink& sink, const run::RunHeader& header);

    void on_event(const DomainEvent& event) override;
    void on_flow(const FlowRecord& flow) override;
    void on_snapshot(sim::Ticks time, const Model& model) override;

    /// Writes the pending events and a last snapshot at the model's current time.
    void flush(const Model& model);

    std::uint64_t events_recorded() const { return events_; }

private:
    void write_snapshot(sim::Ticks time, const Model& model);
    void write_events();

    FrameSink& sink_;
    sim::Calendar calendar_;
    int snapshot_months_ = 1;
    int months_since_snapshot_ = 0;
    sim::Ticks last_snapshot_ = -1;
    run::EventBatch batch_;
    std::uint64_t events_ = 0;
    // (from kind, from id, to kind, to id, reason, category, stage) -> Rial; startups are pooled
    // (id 0) so the table stays small with 100k firms.
    using FlowKey = std::tuple<int, std::uint32_t, int, std::uint32_t, int, int, int>;
    std::map<FlowKey, Rial> flows_;
};

} // namespace innosim::agents

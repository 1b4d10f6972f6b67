#include "agents/runner.hpp"

#include "agents/checkpoint.hpp"
#include "agents/model.hpp"
#include "agents/recorder.hpp"
#include "sim/input_error.hpp"
#include "sim/io/run_file.hpp"

#include <chrono>
#include <memory>
#include <optional>

namespace innosim::agents {

namespace {

class FileSink final : public FrameSink {
public:
    explicit FileSink(io::RunFileWriter& writer) : writer_(writer) {}
    void write_header(const run::RunHeader& header) override { writer_.write_header(header); }
    void write_frame(const run::Frame& frame) override { writer_.write_frame(frame); }

private:
    io::RunFileWriter& writer_;
};

/// Keeps each month's KPIs (sweeps and reports draw trajectories from them).
class MonthlyKpiObserver final : public ModelObserver {
public:
    explicit MonthlyKpiObserver(std::vector<MonthlyKpis>& out) : out_(out) {}
    void on_event(const DomainEvent&) override {}
    void on_flow(const FlowRecord&) override {}
    void on_snapshot(sim::Ticks time, const Model& model) override { out_.push_back({time, model.kpis()}); }

private:
    std::vector<MonthlyKpis>& out_;
};

/// Passes frames on to the real sink, writes the inherited frames of a resumed run after the
/// header, and remembers whether the last frame was a snapshot (a checkpoint may follow only a
/// snapshot: then the recorder has nothing pending, and a resumed recorder can start clean).
class TrackingSink final : public FrameSink {
public:
    TrackingSink(FrameSink& inner, const ResumeFrom* resume) : inner_(inner), resume_(resume) {}
    void write_header(const run::RunHeader& header) override {
        inner_.write_header(header);
        if (resume_ != nullptr && resume_->write_prefix) {
            resume_->write_prefix(inner_);
        }
    }
    void write_frame(const run::Frame& frame) override {
        if (muted_) {
            return;
        }
        inner_.write_frame(frame);
        last_snapshot_ = frame.has_snapshot() ? frame.snapshot().time() : -1;
    }
    void set_muted(bool muted) { muted_ = muted; }
    bool snapshot_written_at(sim::Ticks time) const { return last_snapshot_ == time; }

private:
    FrameSink& inner_;
    const ResumeFrom* resume_;
    sim::Ticks last_snapshot_ = -1;
    bool muted_ = false;
};

/// Writes a checkpoint frame after the snapshot of every `every`-th month.
class CheckpointWriter final : public ModelObserver {
public:
    CheckpointWriter(TrackingSink& sink, int every, std::uint64_t events_before)
        : sink_(sink), every_(every), events_before_(events_before) {}
    void on_event(const DomainEvent&) override {}
    void on_flow(const FlowRecord&) override {}
    void on_snapshot(sim::Ticks time, const Model& model) override {
        const std::uint32_t month = ModelCheckpoint::month(model);
        if (every_ <= 0 || month == 0 || month % static_cast<std::uint32_t>(every_) != 0 ||
            !sink_.snapshot_written_at(time)) {
            return;
        }
        run::Frame frame;
        run::Checkpoint& checkpoint = *frame.mutable_checkpoint();
        checkpoint.set_time(time);
        checkpoint.set_date(sim::format(model.calendar().date_at(time)));
        // The month handler that calls us is not counted until it returns.
        checkpoint.set_events(events_before_ + model.scheduler().executed() + 1);
        if (horizon_) {
            *checkpoint.mutable_horizon_kpis() = to_proto(*horizon_);
        }
        checkpoint.set_state(ModelCheckpoint::save(model));
        checkpoint.set_every_months(static_cast<std::uint32_t>(every_));
        sink_.write_frame(frame);
    }
    void set_horizon(const Kpis& kpis) { horizon_ = kpis; }

private:
    TrackingSink& sink_;
    int every_;
    std::uint64_t events_before_;
    std::optional<Kpis> horizon_;
};

Kpis from_proto(const run::Kpis& k) {
    return {.active_startups = k.active_startups(),
            .knowledge_based_firms = k.knowledge_based_firms(),
            .jobs = k.jobs(),
            .startups_founded = k.startups_founded(),
            .startups_failed = k.startups_failed(),
            .exits = k.exits(),
            .municipal_savings_rial = k.municipal_savings_rial(),
            .new_revenue_rial = k.new_revenue_rial(),
            .sustainable_revenue_share = k.sustainable_revenue_share(),
            .import_dependency_index = k.import_dependency_index(),
            .priority_problems_solved = k.priority_problems_solved(),
            .quality_of_life_index = k.quality_of_life_index(),
            .public_rial_per_job = k.public_rial_per_job(),
            .private_leverage = k.private_leverage(),
            .factory_occupancy = k.factory_occupancy(),
            .idle_public_rial = k.idle_public_rial()};
}

} // namespace

std::uint64_t effective_seed(const LoadedScenario& loaded, std::uint64_t seed_option) {
    if (seed_option != 0) {
        return seed_option;
    }
    return loaded.scenario.seed() != 0 ? loaded.scenario.seed() : 1;
}

RunResult run_scenario(const LoadedScenario& loaded, const RunOptions& options) {
    RunResult result;
    result.seed = effective_seed(loaded, options.seed);
    Model model(loaded.params, loaded.pre_start, loaded.changes, result.seed, options.replication);

    const run::Checkpoint* checkpoint = options.resume != nullptr ? options.resume->checkpoint : nullptr;
    const sim::Ticks horizon_end = loaded.params.horizon + sim::kTicksPerDay;
    std::uint64_t events_before = 0;
    std::optional<Kpis> horizon_before;
    if (checkpoint != nullptr) {
        const CheckpointInfo info = ModelCheckpoint::restore(model, checkpoint->state());
        if (info.time != checkpoint->time()) {
            throw InputError("checkpoint frame of tick " + std::to_string(checkpoint->time()) +
                             " holds the state of tick " + std::to_string(info.time));
        }
        events_before = checkpoint->events();
        if (checkpoint->has_horizon_kpis()) {
            horizon_before = from_proto(checkpoint->horizon_kpis());
        } else if (model.now() >= horizon_end) {
            throw InputError("checkpoint of " + checkpoint->date() + " lies past the horizon but lacks its KPIs");
        }
    }

    std::optional<io::RunFileWriter> writer;
    std::optional<FileSink> file_sink;
    FrameSink* target = options.sink;
    if (target == nullptr && !options.out.empty()) {
        writer.emplace(options.out);
        file_sink.emplace(*writer);
        target = &*file_sink;
    }
    std::optional<TrackingSink> sink;
    std::optional<Recorder> recorder;
    std::optional<CheckpointWriter> checkpoints;
    if (target != nullptr) {
        sink.emplace(*target, options.resume);
        run::RunHeader header = make_run_header(loaded, result.seed, options.replication);
        if (options.edit_header) {
            options.edit_header(header);
        }
        recorder.emplace(*sink, header);
        if (checkpoint != nullptr) {
            // The original recorder had just written this month's snapshot (the inherited frames hold
            // it): replaying it, unrecorded, leaves this one in the same state.
            sink->set_muted(true);
            recorder->on_snapshot(model.now(), model);
            sink->set_muted(false);
        }
        model.add_observer(&*recorder);
        checkpoints.emplace(*sink, options.checkpoint_every_months, events_before);
        model.add_observer(&*checkpoints);
    }
    std::optional<MonthlyKpiObserver> monthly;
    if (options.monthly_kpis) {
        monthly.emplace(result.monthly);
        model.add_observer(&*monthly);
    }
    if (options.observer != nullptr) {
        model.add_observer(options.observer);
    }

    const auto started = std::chrono::steady_clock::now();
    if (model.now() < horizon_end) {
        model.run_until(horizon_end);
        result.horizon = model.kpis();
    } else {
        result.horizon = *horizon_before;
    }
    if (checkpoints) {
        checkpoints->set_horizon(result.horizon);
    }
    model.run_until(loaded.params.end + sim::kTicksPerDay);
    result.end = model.kpis();
    result.end_time = model.now();
    result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    result.events = events_before + model.scheduler().executed();
    result.events_per_second = result.wall_seconds > 0 ? static_cast<double>(result.events) / result.wall_seconds : 0;
    result.transfers = model.ledger().transfer_count();
    result.imbalance = model.ledger().sum_of_balances();
    if (options.on_finish) {
        options.on_finish(model);
    }

    if (recorder) {
        recorder->flush(model);
    }
    if (writer) {
        run::Footer footer;
        *footer.mutable_horizon_kpis() = to_proto(result.horizon);
        *footer.mutable_end_kpis() = to_proto(result.end);
        footer.mutable_ledger()->set_transfers(result.transfers);
        footer.mutable_ledger()->set_imbalance_rial(result.imbalance);
        // Wall time stays out of the file: the same scenario and seed give byte-identical files.
        footer.mutable_engine()->set_events(result.events);
        if (options.edit_footer) {
            options.edit_footer(footer);
        }
        writer->finish(footer);
        result.run_file_bytes = writer->bytes_written();
    }
    return result;
}

} // namespace innosim::agents

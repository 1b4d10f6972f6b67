#include "agents/runner.hpp"

#include "agents/model.hpp"
#include "agents/recorder.hpp"
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
    Model model(loaded.params, loaded.changes, result.seed, options.replication);

    std::optional<io::RunFileWriter> writer;
    std::optional<FileSink> sink;
    std::optional<Recorder> recorder;
    if (!options.out.empty()) {
        writer.emplace(options.out);
        sink.emplace(*writer);
        recorder.emplace(*sink, make_run_header(loaded, result.seed, options.replication));
        model.add_observer(&*recorder);
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
    model.run_until(loaded.params.horizon + sim::kTicksPerDay);
    result.horizon = model.kpis();
    model.run_until(loaded.params.end + sim::kTicksPerDay);
    result.end = model.kpis();
    result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    result.events = model.scheduler().executed();
    result.events_per_second = result.wall_seconds > 0 ? static_cast<double>(result.events) / result.wall_seconds : 0;
    result.transfers = model.ledger().transfer_count();
    result.imbalance = model.ledger().sum_of_balances();
    if (options.on_finish) {
        options.on_finish(model);
    }

    if (recorder) {
        recorder->flush(model);
        run::Footer footer;
        *footer.mutable_horizon_kpis() = to_proto(result.horizon);
        *footer.mutable_end_kpis() = to_proto(result.end);
        footer.mutable_ledger()->set_transfers(result.transfers);
        footer.mutable_ledger()->set_imbalance_rial(result.imbalance);
        // Wall time stays out of the file: the same scenario and seed give byte-identical files.
        footer.mutable_engine()->set_events(result.events);
        writer->finish(footer);
        result.run_file_bytes = writer->bytes_written();
    }
    return result;
}

} // namespace innosim::agents

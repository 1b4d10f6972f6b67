#include "tools/studies/sweep.hpp"

#include "agents/model_observer.hpp"
#include "agents/runner.hpp"
#include "sim/calendar.hpp"
#include "sim/input_error.hpp"
#include "sim/io/provenance.hpp"
#include "sim/io/sha256.hpp"
#include "sim/proto/run.pb.h"
#include "tools/studies/compare.hpp"
#include "tools/studies/csv.hpp"
#include "tools/studies/ensemble.hpp"
#include "tools/studies/stats.hpp"

#include <google/protobuf/text_format.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <exception>
#include <fcntl.h>
#include <fstream>
#include <mutex>
#include <ostream>
#include <stdexcept>
#include <thread>
#include <unistd.h>

namespace innosim::studies {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

/// Money into and out of startups by reason, up to a cutoff time.
class FlowTotals final : public agents::ModelObserver {
public:
    explicit FlowTotals(sim::Ticks cutoff) : cutoff_(cutoff), totals_(kFlowSlots, 0) {}
    void on_event(const agents::DomainEvent&) override {}
    void on_snapshot(sim::Ticks, const agents::Model&) override {}
    void on_flow(const agents::FlowRecord& flow) override {
        if (flow.time >= cutoff_) {
            return;
        }
        const auto reason = static_cast<std::size_t>(flow.reason);
        if (reason >= kFlowReasons) {
            return;
        }
        if (flow.to.kind == agents::AgentKind::Startup) {
            totals_[reason] += flow.amount;
        }
        if (flow.from.kind == agents::AgentKind::Startup) {
            totals_[kFlowReasons + reason] += flow.amount;
        }
    }
    std::vector<std::int64_t> take() { return std::move(totals_); }

private:
    sim::Ticks cutoff_;
    std::vector<std::int64_t> totals_;
};

std::string utc_now() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

std::string duration_text(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0) {
        return "--:--";
    }
    const auto total = static_cast<long long>(seconds + 0.5);
    char text[32];
    if (total >= 3600) {
        std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", total / 3600, total / 60 % 60, total % 60);
    } else {
        std::snprintf(text, sizeof text, "%lld:%02lld", total / 60, total % 60);
    }
    return text;
}

/// Progress on stderr: a redrawn bar on a terminal, else one line per finished design point.
class Progress {
public:
    Progress(const Sweep& sweep, const SweepOptions& options, const JournalIndex& index)
        : sweep_(sweep), out_(options.log), bar_(options.progress_bar), total_(sweep.plan().size()), done_(index.done),
          started_(Clock::now()), remaining_(sweep.points().size(), sweep.spec().replications) {
        for (std::uint64_t run = 0; run < index.offsets.size(); ++run) {
            if (index.offsets[run] != JournalIndex::kMissing) {
                --remaining_[sweep.plan()[run].point];
            }
        }
        done_before_ = done_;
    }

    /// Called once per finished run, serialized by the caller.
    void run_done(std::uint64_t run) {
        ++done_;
        const std::uint32_t point = sweep_.plan()[run].point;
        const bool point_done = --remaining_[point] == 0;
        if (out_ == nullptr) {
            return;
        }
        const double elapsed = std::chrono::duration<double>(Clock::now() - started_).count();
        const double rate = elapsed > 0 ? static_cast<double>(done_ - done_before_) / elapsed : 0;
        const double eta = rate > 0 ? static_cast<double>(total_ - done_) / rate : NAN;
        char stats[128];
        std::snprintf(stats, sizeof stats, "%llu/%llu runs  %.1f runs/s  ETA %s",
                      static_cast<unsigned long long>(done_), static_cast<unsigned long long>(total_), rate,
                      duration_text(eta).c_str());
        if (bar_) {
            const auto now = Clock::now();
            if (done_ < total_ && now - last_draw_ < std::chrono::milliseconds(100)) {
                return;
            }
            last_draw_ = now;
            constexpr int kWidth = 30;
            const int filled = static_cast<int>(kWidth * static_cast<double>(done_) / static_cast<double>(total_));
            std::string bar(static_cast<std::size_t>(filled), '#');
            bar.resize(kWidth, '.');
            *out_ << "\r[" << bar << "] " << stats << "   " << std::flush;
            if (done_ == total_) {
                *out_ << '\n';
            }
        } else if (point_done) {
            *out_ << "point " << point + 1 << "/" << sweep_.points().size() << " done (" << stats
                  << "): " << describe(point) << '\n'
                  << std::flush;
        }
    }

private:
    std::string describe(std::uint32_t point) const {
        const DesignPoint& p = sweep_.points()[point];
        std::string text = sweep_.spec().scenarios[p.scenario].label;
        for (std::size_t j = 0; j < p.values.size(); ++j) {
            text += "  " + sweep_.spec().levers[j].label + "=" + p.values[j];
        }
        return text;
    }

    const Sweep& sweep_;
    std::ostream* out_;
    bool bar_;
    std::uint64_t total_;
    std::uint64_t done_;
    std::uint64_t done_before_ = 0;
    Clock::time_point started_;
    Clock::time_point last_draw_{};
    std::vector<std::uint32_t> remaining_;
};

study::SweepManifest make_manifest(const Sweep& sweep, const SweepOptions& options) {
    const StudySpec& spec = sweep.spec();
    study::SweepManifest manifest;
    manifest.set_study_file(options.study_argument.empty() ? spec.file : options.study_argument);
    manifest.set_study_sha256(spec.sha256);
    *manifest.mutable_study() = spec.message;
    for (const ScenarioLevel& level : spec.scenarios) {
        auto* s = manifest.add_scenarios();
        s->set_name(level.label);
        s->set_file(level.loaded.file);
        s->set_sha256(io::sha256_hex(level.loaded.text));
        s->set_start(level.loaded.scenario.start());
        s->set_horizon(level.loaded.scenario.horizon());
        s->set_end(level.loaded.scenario.end());
        for (const scenario::Target& t : level.loaded.scenario.targets()) {
            s->add_target_kpis(t.kpi());
            s->add_target_values(t.value());
        }
        // Against the first scenario (the report's and compare's reference): a policy's own changes.
        const scenario::Scenario* base =
            &level == &spec.scenarios.front() ? nullptr : &spec.scenarios.front().loaded.scenario;
        for (const std::string& change : describe_changes(level.loaded.scenario, base)) {
            s->add_changes(change);
        }
    }
    *manifest.mutable_provenance() = io::current_provenance();
    manifest.set_points(sweep.points().size());
    manifest.set_runs(sweep.plan().size());
    manifest.set_threads(options.threads);
    manifest.set_mpi_ranks(options.mpi_ranks);
    manifest.set_base_seed(spec.base_seed);
    manifest.set_design_seed(spec.design_seed);
    manifest.set_common_random_numbers(spec.common_random_numbers);
    for (const std::string& column : sweep.lever_columns()) {
        manifest.add_lever_columns(column);
    }
    for (const std::string& kpi : spec.kpis) {
        manifest.add_kpis(kpi);
    }
    return manifest;
}

void write_manifest(const fs::path& dir, const study::SweepManifest& manifest) {
    std::string text = "# innosim sweep manifest (innosim.study.SweepManifest, sim/proto/study.proto)\n";
    std::string body;
    google::protobuf::TextFormat::PrintToString(manifest, &body);
    write_file_atomically(dir / kManifestFile, text + body);
}

/// A file written to `<path>.tmp` and renamed into place by commit().
class AtomicOutput {
public:
    explicit AtomicOutput(fs::path path) : path_(std::move(path)), temp_(path_.string() + ".tmp") {
        out_.open(temp_, std::ios::binary | std::ios::trunc);
        if (!out_) {
            throw InputError("cannot write " + temp_.string());
        }
    }
    std::ofstream& stream() { return out_; }
    void commit() {
        out_.close();
        if (!out_) {
            throw std::runtime_error("cannot write " + temp_.string());
        }
        fs::rename(temp_, path_);
    }

private:
    fs::path path_;
    fs::path temp_;
    std::ofstream out_;
};

std::string nan_cell(double value) {
    return std::isnan(value) ? "" : format_double(value);
}

} // namespace

// ---------------------------------------------------------------------------------------------

Sweep::Sweep(StudySpec spec) : spec_(std::move(spec)), points_(make_design(spec_)), plan_(make_plan(spec_, points_)) {}

std::string Sweep::journal_header() const {
    return Journal::header_line(spec_.sha256, plan_.size(), spec_.kpis.size(), spec_.monthly);
}

std::vector<std::string> Sweep::lever_columns() const {
    std::vector<std::string> columns;
    for (const LeverSpec& lever : spec_.levers) {
        columns.push_back(lever.label);
    }
    return columns;
}

std::vector<Arm> run_pilot(const StudySpec& spec, std::uint32_t replications, std::size_t max_points,
                           unsigned threads) {
    StudySpec pilot_spec = spec;
    pilot_spec.replications = replications;
    pilot_spec.monthly = false;
    const Sweep pilot(std::move(pilot_spec));
    const std::size_t points = pilot.points().size();
    std::vector<std::size_t> chosen;
    if (points <= max_points || max_points < 2) {
        for (std::size_t p = 0; p < std::min(points, std::max<std::size_t>(max_points, 1)); ++p) {
            chosen.push_back(p);
        }
    } else {
        for (std::size_t i = 0; i < max_points; ++i) {
            chosen.push_back(i * (points - 1) / (max_points - 1));
        }
    }
    std::vector<std::uint64_t> runs;
    for (const std::size_t p : chosen) {
        for (std::uint32_t r = 0; r < replications; ++r) {
            runs.push_back(p * replications + r);
        }
    }
    std::vector<RunRecord> records(runs.size());
    parallel_for(runs.size(), threads, [&](std::size_t i) { records[i] = pilot.execute(runs[i]); });
    std::vector<Arm> arms;
    for (std::size_t c = 0; c < chosen.size(); ++c) {
        const DesignPoint& point = pilot.points()[chosen[c]];
        const ScenarioLevel& level = pilot.spec().scenarios[point.scenario];
        Arm arm;
        arm.label = level.label;
        for (std::size_t j = 0; j < point.values.size(); ++j) {
            arm.label += ", " + pilot.spec().levers[j].label + "=" + point.values[j];
        }
        arm.source = "pilot";
        arm.point = static_cast<std::uint32_t>(chosen[c]);
        arm.scenario = level.loaded.scenario.name();
        arm.kpis = pilot.spec().kpis;
        arm.values.resize(arm.kpis.size());
        for (std::uint32_t r = 0; r < replications; ++r) {
            const std::size_t i = c * replications + r;
            const RunPlan& plan = pilot.plan()[runs[i]];
            arm.seeds.push_back(plan.seed);
            arm.replications.push_back(plan.replication);
            for (std::size_t k = 0; k < arm.kpis.size(); ++k) {
                arm.values[k].push_back(records[i].kpis[k]);
            }
        }
        for (const scenario::Target& t : level.loaded.scenario.targets()) {
            arm.targets.emplace_back(t.kpi(), t.value());
        }
        arms.push_back(std::move(arm));
    }
    return arms;
}

RunRecord Sweep::execute(std::uint64_t run) const {
    const RunPlan& plan = plan_.at(run);
    agents::LoadedScenario loaded = spec_.scenarios[plan.scenario].loaded;
    if (!plan.overrides.empty()) {
        agents::apply_overrides(loaded, plan.overrides);
    }
    const bool at_end = spec_.message.at() == study::END;
    FlowTotals flows((at_end ? loaded.params.end : loaded.params.horizon) + sim::kTicksPerDay);
    agents::RunOptions options{.seed = plan.seed,
                               .replication = plan.replication,
                               .out = {},
                               .monthly_kpis = spec_.monthly,
                               .observer = &flows};
    const agents::RunResult result = agents::run_scenario(loaded, options);
    RunRecord record;
    record.run = run;
    const agents::Kpis& kpis = at_end ? result.end : result.horizon;
    for (const std::string& name : spec_.kpis) {
        record.kpis.push_back(kpis.get(name));
    }
    for (const agents::MonthlyKpis& month : result.monthly) {
        record.month_times.push_back(month.time);
        for (const std::string& name : spec_.kpis) {
            record.monthly.push_back(month.kpis.get(name));
        }
    }
    record.flows = flows.take();
    record.imbalance = result.imbalance;
    return record;
}

Executor thread_pool_executor(const Sweep& sweep, unsigned threads) {
    return [&sweep, threads](const std::vector<std::uint64_t>& todo, const RecordSink& sink) {
        parallel_for(todo.size(), threads, [&](std::size_t i) { sink(encode_record(sweep.execute(todo[i]))); });
    };
}

SweepResult run_sweep(const Sweep& sweep, const SweepOptions& options, const Executor& executor) {
    const auto started = Clock::now();
    const StudySpec& spec = sweep.spec();
    SweepResult result;
    result.out = options.out;
    result.points = sweep.points().size();
    result.runs = sweep.plan().size();

    std::error_code error;
    fs::create_directories(options.out, error);
    if (error || !fs::is_directory(options.out)) {
        throw InputError("cannot create the sweep directory " + options.out.string() + ": " + error.message());
    }
    const fs::path journal_path = options.out / kJournalFile;
    const std::string header = sweep.journal_header();
    JournalIndex index;
    std::optional<Journal> journal;
    if (fs::exists(journal_path)) {
        if (!options.resume) {
            throw InputError(options.out.string() + " already holds a sweep (" + kJournalFile +
                             "); pass --resume to continue it, or choose another --out directory");
        }
        journal.emplace(Journal::resume(journal_path, header, result.runs, spec.kpis.size(), index));
    } else {
        if (options.resume && options.log != nullptr) {
            *options.log << "note: nothing to resume in " << options.out.string() << ", starting the sweep\n";
        }
        journal.emplace(Journal::create(journal_path, header));
        index.offsets.assign(result.runs, JournalIndex::kMissing);
    }
    result.runs_before = index.done;
    result.journal_dropped = index.dropped;

    study::SweepManifest manifest = make_manifest(sweep, options);
    manifest.set_started_utc(utc_now());
    manifest.set_runs_this_invocation(0);
    write_manifest(options.out, manifest);

    std::vector<std::uint64_t> todo;
    for (std::uint64_t run = 0; run < result.runs; ++run) {
        if (index.offsets[run] == JournalIndex::kMissing) {
            todo.push_back(run);
        }
    }
    if (options.log != nullptr) {
        *options.log << "sweep " << (spec.message.name().empty() ? spec.file : spec.message.name()) << ": "
                     << result.points << " points x " << spec.replications << " replications = " << result.runs
                     << " runs";
        if (index.done > 0) {
            *options.log << ", " << index.done << " already done";
        }
        if (index.dropped > 0) {
            *options.log << " (" << index.dropped << " torn journal line dropped)";
        }
        *options.log << "\n" << std::flush;
    }

    Progress progress(sweep, options, index);
    std::mutex mutex;
    // Group commit: workers write their line and go on; this thread fdatasyncs whatever has been
    // written since its last sync. A line not yet synced when the machine dies is a run done again
    // on --resume, never a run lost or counted twice.
    std::condition_variable written;
    bool unsynced = false;
    bool stopping = false;
    std::exception_ptr sync_error;
    std::thread syncer([&] {
        std::unique_lock lock(mutex);
        for (;;) {
            written.wait(lock, [&] { return unsynced || stopping; });
            if (!unsynced) {
                return;
            }
            unsynced = false;
            lock.unlock();
            try {
                journal->sync();
            } catch (...) {
                lock.lock();
                sync_error = std::current_exception();
                return;
            }
            lock.lock();
        }
    });
    const auto stop_syncer = [&] {
        {
            const std::lock_guard lock(mutex);
            stopping = true;
        }
        written.notify_one();
        syncer.join();
    };
    const RecordSink sink = [&](const std::string& line) {
        std::string_view body(line);
        if (body.ends_with('\n')) {
            body.remove_suffix(1);
        }
        const auto record = decode_record(body, spec.kpis.size());
        if (!record || record->run >= result.runs) {
            throw std::runtime_error("a worker sent a damaged result");
        }
        const std::lock_guard lock(mutex);
        if (sync_error) {
            std::rethrow_exception(sync_error);
        }
        if (index.offsets[record->run] != JournalIndex::kMissing) {
            return; // already stored (a worker reran it): keep the first
        }
        journal->write(line);
        unsynced = true;
        written.notify_one();
        index.offsets[record->run] = 0; // done; the real offset is found again when outputs are written
        ++result.runs_now;
        progress.run_done(record->run);
    };
    try {
        if (!todo.empty()) {
            executor(todo, sink);
        }
    } catch (...) {
        stop_syncer();
        journal->sync();
        throw;
    }
    stop_syncer();
    if (sync_error) {
        std::rethrow_exception(sync_error);
    }
    journal->sync();
    journal.reset();

    result.imbalanced_runs = write_outputs(sweep, options.out);
    result.wall_seconds = std::chrono::duration<double>(Clock::now() - started).count();
    manifest.set_finished_utc(utc_now());
    manifest.set_wall_seconds(result.wall_seconds);
    manifest.set_runs_this_invocation(result.runs_now);
    write_manifest(options.out, manifest);

    return result;
}

std::string flow_column(std::size_t slot) {
    const std::size_t reason = slot % kFlowReasons;
    if (reason == 0 || !run::Reason_IsValid(static_cast<int>(reason))) {
        return {};
    }
    std::string name = run::Reason_Name(static_cast<run::Reason>(reason));
    for (char& c : name) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return (slot < kFlowReasons ? "in_" : "out_") + name;
}

std::uint64_t write_outputs(const Sweep& sweep, const fs::path& dir) {
    const StudySpec& spec = sweep.spec();
    const std::size_t k = spec.kpis.size();
    const fs::path journal_path = dir / kJournalFile;
    const JournalIndex index = index_journal(journal_path, sweep.journal_header(), sweep.plan().size(), k);
    if (index.done != sweep.plan().size()) {
        throw std::runtime_error(journal_path.string() + " holds " + std::to_string(index.done) + " of " +
                                 std::to_string(sweep.plan().size()) + " runs");
    }
    JournalReader reader(journal_path);
    const std::vector<std::string> levers = sweep.lever_columns();

    AtomicOutput runs(dir / kRunsFile);
    AtomicOutput summary(dir / kSummaryFile);
    AtomicOutput flows(dir / kFlowsFile);
    std::optional<AtomicOutput> trajectories;
    {
        std::vector<std::string> header = {"run", "point", "replication", "seed", "scenario"};
        header.insert(header.end(), levers.begin(), levers.end());
        header.insert(header.end(), spec.kpis.begin(), spec.kpis.end());
        runs.stream() << csv_row(header);
        header = {"point", "scenario"};
        header.insert(header.end(), levers.begin(), levers.end());
        for (const char* column : {"kpi", "n", "mean", "sd", "ci_low", "ci_high"}) {
            header.emplace_back(column);
        }
        summary.stream() << csv_row(header);
        header = {"point", "replication"};
        for (std::size_t slot = 0; slot < kFlowSlots; ++slot) {
            if (const std::string column = flow_column(slot); !column.empty()) {
                header.push_back(column);
            }
        }
        flows.stream() << csv_row(header);
        if (spec.monthly) {
            trajectories.emplace(dir / kTrajectoriesFile);
            header = {"point", "replication", "month", "date"};
            header.insert(header.end(), spec.kpis.begin(), spec.kpis.end());
            trajectories->stream() << csv_row(header);
        }
    }

    // Runs arrive point by point (the plan is point-major): summarize each point when it ends.
    std::vector<std::vector<double>> point_means(k, std::vector<double>(sweep.points().size()));
    std::vector<std::vector<double>> values(k);
    std::uint64_t imbalanced = 0;
    for (std::uint64_t run = 0; run < sweep.plan().size(); ++run) {
        const RunPlan& plan = sweep.plan()[run];
        const DesignPoint& point = sweep.points()[plan.point];
        const std::string& scenario = spec.scenarios[plan.scenario].label;
        const RunRecord record = reader.read(index.offsets[run], k);
        imbalanced += record.imbalance != 0 ? 1 : 0;

        std::vector<std::string> row = {std::to_string(run), std::to_string(plan.point),
                                        std::to_string(plan.replication), std::to_string(plan.seed), scenario};
        row.insert(row.end(), point.values.begin(), point.values.end());
        for (std::size_t j = 0; j < k; ++j) {
            row.push_back(format_double(record.kpis[j]));
            values[j].push_back(record.kpis[j]);
        }
        runs.stream() << csv_row(row);

        row = {std::to_string(plan.point), std::to_string(plan.replication)};
        for (std::size_t slot = 0; slot < kFlowSlots; ++slot) {
            if (!flow_column(slot).empty()) {
                row.push_back(std::to_string(slot < record.flows.size() ? record.flows[slot] : 0));
            }
        }
        flows.stream() << csv_row(row);

        if (trajectories) {
            const sim::Calendar calendar(sim::parse_jalali(spec.scenarios[plan.scenario].loaded.scenario.start()));
            for (std::size_t m = 0; m < record.month_times.size(); ++m) {
                row = {std::to_string(plan.point), std::to_string(plan.replication), std::to_string(m),
                       sim::format(calendar.date_at(record.month_times[m]))};
                for (std::size_t j = 0; j < k; ++j) {
                    row.push_back(format_double(record.monthly[m * k + j]));
                }
                trajectories->stream() << csv_row(row);
            }
        }

        if (plan.replication + 1 == spec.replications) {
            for (std::size_t j = 0; j < k; ++j) {
                const Summary s = summarize(values[j]);
                point_means[j][plan.point] = s.mean;
                row = {std::to_string(plan.point), scenario};
                row.insert(row.end(), point.values.begin(), point.values.end());
                row.push_back(spec.kpis[j]);
                row.push_back(std::to_string(s.n));
                for (const double v : {s.mean, s.sd, s.ci_low, s.ci_high}) {
                    row.push_back(nan_cell(v));
                }
                summary.stream() << csv_row(row);
                values[j].clear();
            }
        }
    }
    runs.commit();
    summary.commit();
    flows.commit();
    if (trajectories) {
        trajectories->commit();
    }

    const study::Design design = spec.message.design();
    if (design != study::MORRIS && design != study::SOBOL) {
        std::error_code ignored;
        fs::remove(dir / kSensitivityFile, ignored);
        return imbalanced;
    }
    AtomicOutput sensitivity(dir / kSensitivityFile);
    const std::size_t levers_count = spec.levers.size();
    if (design == study::MORRIS) {
        sensitivity.stream() << csv_row(
            {"kpi", "lever", "mu", "mu_star", "sigma", "effects", "mu_star_ci_low", "mu_star_ci_high"});
        UnitMatrix rows;
        for (const DesignPoint& point : sweep.points()) {
            rows.push_back(point.unit);
        }
        for (std::size_t j = 0; j < k; ++j) {
            const auto effects =
                morris_effects(rows, point_means[j], levers_count, spec.message.bootstrap(), spec.design_seed);
            for (std::size_t i = 0; i < levers_count; ++i) {
                sensitivity.stream() << csv_row({spec.kpis[j], levers[i], nan_cell(effects[i].mu),
                                                 nan_cell(effects[i].mu_star), nan_cell(effects[i].sigma),
                                                 std::to_string(effects[i].effects), nan_cell(effects[i].mu_star_low),
                                                 nan_cell(effects[i].mu_star_high)});
            }
        }
    } else {
        sensitivity.stream() << csv_row({"kpi", "lever", "first_order", "first_order_ci_low", "first_order_ci_high",
                                         "total", "total_ci_low", "total_ci_high"});
        for (std::size_t j = 0; j < k; ++j) {
            const auto indices = sobol_indices(point_means[j], spec.message.samples(), levers_count,
                                               spec.message.bootstrap(), spec.design_seed);
            for (std::size_t i = 0; i < levers_count; ++i) {
                const SobolIndex& s = indices[i];
                sensitivity.stream() << csv_row({spec.kpis[j], levers[i], nan_cell(s.first), nan_cell(s.first_low),
                                                 nan_cell(s.first_high), nan_cell(s.total), nan_cell(s.total_low),
                                                 nan_cell(s.total_high)});
            }
        }
    }
    sensitivity.commit();
    return imbalanced;
}

void write_file_atomically(const fs::path& path, std::string_view text) {
    const fs::path temp = path.string() + ".tmp";
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        throw InputError("cannot write " + temp.string() + ": " + std::strerror(errno));
    }
    std::string_view rest = text;
    while (!rest.empty()) {
        const ssize_t written = ::write(fd, rest.data(), rest.size());
        if (written < 0 && errno == EINTR) {
            continue;
        }
        if (written < 0) {
            const int saved = errno;
            ::close(fd);
            throw std::runtime_error("cannot write " + temp.string() + ": " + std::strerror(saved));
        }
        rest.remove_prefix(static_cast<std::size_t>(written));
    }
    ::fsync(fd);
    ::close(fd);
    fs::rename(temp, path);
}

} // namespace innosim::studies

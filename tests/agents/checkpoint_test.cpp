// Checkpoints: a model restored from a checkpoint continues exactly as the original; a run resumed
// from a checkpoint frame writes the same file byte for byte; forks are deterministic, inherit
// their parent's past and record where they branched; bad checkpoints are input errors.
#include "agents/checkpoint.hpp"
#include "agents/model.hpp"
#include "agents/recorder.hpp"
#include "agents/runner.hpp"
#include "agents/scenario_loader.hpp"
#include "sim/input_error.hpp"
#include "sim/io/run_file.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace {

using namespace innosim;
using namespace innosim::agents;
namespace fs = std::filesystem;

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

class TempDir {
public:
    TempDir() {
        static int counter = 0;
        path_ = fs::temp_directory_path() /
                ("innosim-checkpoint-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    fs::path operator/(const std::string& name) const { return path_ / name; }

private:
    fs::path path_;
};

/// Everything a model tells its observers, as text: two runs that tell the same story compare equal.
class Transcript final : public ModelObserver {
public:
    void on_event(const DomainEvent& e) override {
        out_ << 'E' << e.time << ' ' << int(e.kind) << ' ' << int(e.subject.kind) << ':' << e.subject.id << ' '
             << int(e.object.kind) << ':' << e.object.id << ' ' << e.amount << ' ' << e.value << ' ' << e.detail
             << '\n';
    }
    void on_flow(const FlowRecord& f) override {
        out_ << 'F' << f.time << ' ' << int(f.from.kind) << ':' << f.from.id << ' ' << int(f.to.kind) << ':' << f.to.id
             << ' ' << int(f.reason) << ' ' << f.amount << '\n';
    }
    void on_snapshot(sim::Ticks time, const Model& model) override {
        const Kpis k = model.kpis();
        out_ << 'S' << time << ' ' << k.active_startups << ' ' << k.jobs << ' ' << k.municipal_savings_rial << ' '
             << model.price_index() << ' ' << model.talent().people << '\n';
    }
    std::string text() const { return out_.str(); }

private:
    std::ostringstream out_;
};

std::string end_state(const Model& model) {
    std::ostringstream out;
    out.precision(17);
    for (const sim::Rial balance : model.ledger().balances()) {
        out << balance << ' ';
    }
    const Kpis k = model.kpis();
    const innosim::io::KpiValues values = k.values();
    for (std::size_t i = 0; i < innosim::io::kKpiCount; ++i) {
        out << innosim::io::kKpis[i].name << '=' << values[i] << ' ';
    }
    out << model.ledger().transfer_count() << ' ' << model.startups().size() << ' ' << model.scheduler().pending();
    return out.str();
}

std::vector<std::string> changed(std::vector<std::string> overrides) {
    return overrides;
}

/// Converts to anything: counts an aggregate's fields by how many of it brace-initialize one.
struct AnyField {
    template <class T> operator T() const; // NOLINT(google-explicit-constructor): only in unevaluated code
};

template <class T, class... Fields> constexpr std::size_t field_count() {
    if constexpr (requires { T{Fields{}..., AnyField{}}; }) {
        return field_count<T, Fields..., AnyField>();
    } else {
        return sizeof...(Fields);
    }
}

} // namespace

TEST_CASE("a restored model continues exactly as the original", "[agents][checkpoint]") {
    const LoadedScenario loaded = load_scenario("tiny");
    for (const double days : {0.0, 45.5, 400.0, 800.0}) {
        CAPTURE(days);
        Model original(loaded.params, loaded.pre_start, loaded.changes, 7, 0);
        original.run_until(sim::days_to_ticks(days));
        const std::string bytes = ModelCheckpoint::save(original);
        CHECK(ModelCheckpoint::peek(bytes).time == original.now());

        // Seeded differently from its constructor on purpose: restore must replace everything.
        Model restored(loaded.params, loaded.pre_start, loaded.changes, 7, 0);
        const CheckpointInfo info = ModelCheckpoint::restore(restored, bytes);
        CHECK(info.time == original.now());
        // Saving again is stable (ids of events no longer pending are cleared once, on restore).
        const std::string again = ModelCheckpoint::save(restored);
        Model twice(loaded.params, loaded.pre_start, loaded.changes, 7, 0);
        ModelCheckpoint::restore(twice, again);
        CHECK(ModelCheckpoint::save(twice) == again);

        Transcript a;
        Transcript b;
        original.add_observer(&a);
        restored.add_observer(&b);
        original.run();
        restored.run();
        REQUIRE(a.text().size() > 1000);
        CHECK(a.text() == b.text());
        CHECK(end_state(original) == end_state(restored));
        CHECK(restored.ledger().sum_of_balances() == 0);
    }
}

TEST_CASE("a run resumed from any checkpoint frame writes the same file", "[agents][checkpoint]") {
    const TempDir dir;
    const LoadedScenario loaded = load_scenario("tiny");
    const RunResult original =
        run_scenario(loaded, {.seed = 7, .out = dir / "original.innorun", .checkpoint_every_months = 5});
    const std::string original_bytes = slurp(dir / "original.innorun");
    const io::RunFileReader reader = io::RunFileReader::open(dir / "original.innorun");
    REQUIRE(reader.checkpoint_count() >= 5); // months 5, 10, ..., 35 of a three-year run

    for (const std::size_t i : {std::size_t{0}, std::size_t{2}, reader.checkpoint_count() - 1}) {
        CAPTURE(i);
        const run::Checkpoint checkpoint = reader.checkpoint(i);
        const std::uint64_t offset = reader.footer().checkpoints(static_cast<int>(i)).offset();
        const LoadedScenario again = scenario_from_header(reader.header());
        const ResumeFrom from{.checkpoint = &checkpoint, .write_prefix = [&](FrameSink& sink) {
                                  reader.for_each_frame_through(offset,
                                                                [&](const run::Frame& f) { sink.write_frame(f); });
                              }};
        const fs::path out = dir / ("resumed-" + std::to_string(i) + ".innorun");
        const RunResult resumed =
            run_scenario(again, {.seed = 7, .out = out, .checkpoint_every_months = 5, .resume = &from});
        CHECK(resumed.events == original.events);
        CHECK(resumed.transfers == original.transfers);
        CHECK(resumed.end.jobs == original.end.jobs);
        const std::string resumed_bytes = slurp(out);
        std::size_t first = 0;
        while (first < resumed_bytes.size() && first < original_bytes.size() &&
               resumed_bytes[first] == original_bytes[first]) {
            ++first;
        }
        INFO("sizes " << resumed_bytes.size() << " / " << original_bytes.size() << ", first difference at byte "
                      << first << ", checkpoint at byte " << offset);
        CHECK(first == original_bytes.size());
        CHECK(resumed_bytes.size() == original_bytes.size());
    }
}

TEST_CASE("a run with quarterly snapshots resumes to the same file", "[agents][checkpoint]") {
    // Checkpoints follow snapshots, and the resumed recorder must count months as the original's.
    const TempDir dir;
    LoadedScenario loaded = load_scenario("tiny");
    apply_overrides(loaded, {"snapshot_every_days=91"});
    run_scenario(loaded, {.seed = 7, .out = dir / "original.innorun", .checkpoint_every_months = 6});
    const io::RunFileReader reader = io::RunFileReader::open(dir / "original.innorun");
    REQUIRE(reader.checkpoint_count() >= 4);
    REQUIRE(reader.snapshot_count() < 20);
    const run::Checkpoint checkpoint = reader.checkpoint(1);
    const std::uint64_t offset = reader.footer().checkpoints(1).offset();
    const ResumeFrom from{.checkpoint = &checkpoint, .write_prefix = [&](FrameSink& sink) {
                              reader.for_each_frame_through(offset, [&](const run::Frame& f) { sink.write_frame(f); });
                          }};
    run_scenario(scenario_from_header(reader.header()),
                 {.seed = 7, .out = dir / "resumed.innorun", .checkpoint_every_months = 6, .resume = &from});
    CHECK(slurp(dir / "resumed.innorun") == slurp(dir / "original.innorun"));
}

TEST_CASE("bad checkpoints are input errors", "[agents][checkpoint]") {
    const LoadedScenario loaded = load_scenario("tiny");
    Model model(loaded.params, loaded.pre_start, loaded.changes, 7, 0);
    model.run_until(sim::days(200));
    const std::string bytes = ModelCheckpoint::save(model);

    const auto restore = [&](const std::string& b, std::uint64_t seed = 7) {
        Model target(loaded.params, loaded.pre_start, loaded.changes, seed, 0);
        ModelCheckpoint::restore(target, b);
    };
    CHECK_NOTHROW(restore(bytes));
    CHECK_THROWS_AS(restore(bytes.substr(0, bytes.size() / 2)), InputError);
    CHECK_THROWS_AS(restore(bytes + "x"), InputError);
    CHECK_THROWS_AS(restore("INNOSIM!" + bytes.substr(8)), InputError);
    CHECK_THROWS_WITH(restore(bytes, 8), Catch::Contains("seed 7"));
    std::string wrong_version = bytes;
    wrong_version[8] = 99; // the version follows the 8-byte magic
    CHECK_THROWS_WITH(restore(wrong_version), Catch::Contains("format version 99"));
    CHECK_THROWS_WITH(ModelCheckpoint::peek(wrong_version), Catch::Contains("format version 99"));

    // A checkpoint of another world does not fit.
    const LoadedScenario other = load_scenario("mashhad_baseline");
    Model elsewhere(other.params, other.pre_start, other.changes, 7, 0);
    CHECK_THROWS_WITH(ModelCheckpoint::restore(elsewhere, bytes), Catch::Contains("another scenario"));
}

TEST_CASE("forks are deterministic, inherit the past and record their parent", "[agents][checkpoint][fork]") {
    const TempDir dir;
    const LoadedScenario parent = load_scenario("tiny");
    run_scenario(parent, {.seed = 7, .out = dir / "parent.innorun", .checkpoint_every_months = 3});
    const io::RunFileReader reader = io::RunFileReader::open(dir / "parent.innorun");

    const auto fork = [&](const std::vector<std::string>& overrides, const std::string& name) {
        const LoadedScenario base = scenario_from_header(reader.header());
        const sim::Ticks at = run_time_of(base, "1402/07/01", "--at");
        const LoadedScenario branch = fork_scenario(base, "1402/07/01", overrides);
        const auto index = reader.checkpoint_index_at_or_before(at - 1);
        REQUIRE(index);
        const run::Checkpoint checkpoint = reader.checkpoint(*index);
        CHECK(checkpoint.time() < at);
        const std::uint64_t offset = reader.footer().checkpoints(static_cast<int>(*index)).offset();
        const ResumeFrom from{.checkpoint = &checkpoint, .write_prefix = [&](FrameSink& sink) {
                                  reader.for_each_frame_through(offset,
                                                                [&](const run::Frame& f) { sink.write_frame(f); });
                              }};
        run_scenario(branch, {.seed = reader.header().seed(),
                              .out = dir / name,
                              .checkpoint_every_months = 3,
                              .resume = &from,
                              .edit_header = [&](run::RunHeader& h) { mark_fork(h, reader.header(), at, overrides); }});
        return at;
    };
    const std::vector<std::string> lever =
        changed({"departments[Transport].payment_delay_days=15", "municipality.innovation_budget_share=0.03"});
    const sim::Ticks at = fork(lever, "a.innorun");
    fork(lever, "b.innorun");
    fork({}, "same.innorun");
    CHECK(slurp(dir / "a.innorun") == slurp(dir / "b.innorun"));

    const io::RunFileReader a = io::RunFileReader::open(dir / "a.innorun");
    CHECK(a.header().parent_scenario_sha256() == reader.header().scenario_sha256());
    CHECK(a.header().fork_time() == at);
    REQUIRE(a.header().overrides_size() == 2);
    CHECK(a.header().overrides(0) == lever[0]);

    // Frames before the fork are the parent's; after it the lever shows.
    const auto frames = [](const io::RunFileReader& r) {
        std::vector<std::string> out;
        r.for_each_frame([&](const run::Frame& f) {
            if (!f.has_checkpoint()) {
                out.push_back(f.SerializeAsString());
            }
        });
        return out;
    };
    const std::vector<std::string> parent_frames = frames(reader);
    const std::vector<std::string> branch_frames = frames(a);
    std::size_t shared = 0;
    while (shared < parent_frames.size() && shared < branch_frames.size() &&
           parent_frames[shared] == branch_frames[shared]) {
        ++shared;
    }
    CHECK(shared > 10);
    CHECK(shared < parent_frames.size());
    const auto snapshot_before = reader.snapshot_at_or_before(at - 1);
    REQUIRE(snapshot_before);
    CHECK(a.snapshot_at_or_before(at - 1)->SerializeAsString() == snapshot_before->SerializeAsString());
    const run::Snapshot parent_later = *reader.snapshot_at_or_before(at + sim::days(200));
    const run::Snapshot branch_later = *a.snapshot_at_or_before(at + sim::days(200));
    CHECK(branch_later.time() == parent_later.time());
    CHECK(branch_later.SerializeAsString() != parent_later.SerializeAsString());
    // A tripled innovation budget fills the municipal grant fund faster.
    CHECK(branch_later.funders(0).cash_rial() > parent_later.funders(0).cash_rial());
    bool lever_event = false;
    for (const run::Event& e : a.events_between(at, at + 1)) {
        lever_event =
            lever_event || (e.kind() == run::LEVER_CHANGED && e.detail().find("fork at") != std::string::npos);
    }
    CHECK(lever_event);

    // A fork that changes nothing is the parent, frame for frame.
    const io::RunFileReader same = io::RunFileReader::open(dir / "same.innorun");
    CHECK(frames(same) == parent_frames);
    CHECK(same.footer().end_kpis().SerializeAsString() == reader.footer().end_kpis().SerializeAsString());

    // A branch's own checkpoints resume the branch.
    const auto index = a.checkpoint_index_at_or_before(a.header().end_time());
    REQUIRE(index);
    REQUIRE(a.checkpoint(*index).time() > at);
    const LoadedScenario branch = scenario_from_header(a.header());
    Model resumed(branch.params, branch.pre_start, branch.changes, 7, 0);
    CHECK_NOTHROW(ModelCheckpoint::restore(resumed, a.checkpoint(*index).state()));
}

TEST_CASE("fork overrides are validated like --set", "[agents][checkpoint][fork]") {
    const LoadedScenario parent = load_scenario("tiny");
    CHECK_THROWS_WITH(fork_scenario(parent, "1402/07/01", {"factory.capacity=-5"}),
                      Catch::Contains("--set factory.capacity=-5"));
    CHECK_THROWS_WITH(fork_scenario(parent, "1402/07/01", {"factory.capacty=5"}), Catch::Contains("capacty"));
    CHECK_THROWS_WITH(fork_scenario(parent, "1402/07/01", {"end=1405/01/01"}), Catch::Contains("fixed when a run"));
    CHECK_THROWS_WITH(fork_scenario(parent, "1409/07/01", {"factory.capacity=5"}), Catch::Contains("outside the run"));
    CHECK_THROWS_AS(fork_scenario(parent, "1402/13/01", {"factory.capacity=5"}), InputError);
}

TEST_CASE("the checkpointed structs have not grown unnoticed", "[agents][checkpoint]") {
    // A field added to one of these must be added to agents/checkpoint.cpp (fields()) too, with a
    // new kCheckpointFormatVersion; then update its count here.
    CHECK(field_count<Startup>() == 45);
    CHECK(field_count<Opportunity>() == 3);
    CHECK(field_count<Niche>() == 5);
    CHECK(field_count<Loan>() == 3);
    CHECK(field_count<Stake>() == 2);
    CHECK(field_count<Problem>() == 4);
    CHECK(field_count<Department>() == 8);
    CHECK(field_count<Bid>() == 3);
    CHECK(field_count<Challenge>() == 6);
    CHECK(field_count<Contract>() == 9);
    CHECK(field_count<PendingPayment>() == 2);
    CHECK(field_count<Funder>() == 9);
    CHECK(field_count<Factory>() == 7);
    CHECK(field_count<TalentPool>() == 2);
    CHECK(field_count<Municipality>() == 9);
    CHECK(field_count<Counters>() == 26);
}

#include "sim/input_error.hpp"
#include "sim/io/record_io.hpp"
#include "sim/io/run_file.hpp"

#include <catch2/catch.hpp>
#include <google/protobuf/util/message_differencer.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using innosim::InputError;
using innosim::sim::days;
using innosim::sim::Ticks;
namespace io = innosim::io;
namespace run = innosim::run;

/// A fresh directory under the system temp dir, removed at the end of the test.
class TempDir {
public:
    TempDir() {
        static int counter = 0;
        path_ = fs::temp_directory_path() /
                ("innosim-run-file-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    fs::path operator/(const std::string& name) const { return path_ / name; }
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

std::string read_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void write_bytes(const fs::path& path, const std::string& bytes) {
    // Unlink rather than truncate: ext4 flushes a truncated file's data (auto_da_alloc), which
    // would make the fuzz loops wait on the disk.
    fs::remove(path);
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

bool equal(const google::protobuf::Message& a, const google::protobuf::Message& b) {
    return google::protobuf::util::MessageDifferencer::Equals(a, b);
}

run::RunHeader make_header() {
    run::RunHeader header;
    header.mutable_scenario()->set_name("Tiny test city");
    header.set_scenario_text("name: \"Tiny test city\"\n");
    header.set_seed(42);
    header.set_start_date("1401/01/01");
    header.set_horizon_date("1404/12/29");
    header.set_end_date("1405/12/29");
    header.set_ticks_per_day(innosim::sim::kTicksPerDay);
    header.add_overrides("factory.capacity=120");
    return header;
}

run::Frame snapshot_frame(Ticks time, int jobs) {
    run::Frame frame;
    run::Snapshot& s = *frame.mutable_snapshot();
    s.set_time(time);
    s.set_date("1401/01/01");
    s.mutable_kpis()->set_jobs(static_cast<std::uint32_t>(jobs));
    for (int i = 0; i < 2; ++i) {
        run::StartupState& startup = *s.add_startups();
        startup.set_id(static_cast<std::uint32_t>(i));
        startup.set_cash_rial(1'000'000'000LL * (jobs + i));
        startup.set_x(0.25F);
    }
    return frame;
}

run::Frame event_frame(Ticks first, int count) {
    run::Frame frame;
    for (int i = 0; i < count; ++i) {
        run::Event& e = *frame.mutable_events()->add_events();
        e.set_time(first + i);
        e.set_kind(run::TRANSFER);
        e.set_amount_rial(5'000'000'000LL + i);
        e.set_detail("grant");
    }
    return frame;
}

/// 1000 frames: every 10th a snapshot at day i, the others 3 events at day i (+0, +1, +2 ticks).
std::vector<run::Frame> make_frames(int n) {
    std::vector<run::Frame> frames;
    for (int i = 0; i < n; ++i) {
        frames.push_back(i % 10 == 0 ? snapshot_frame(days(i), i) : event_frame(days(i), 3));
    }
    return frames;
}

run::Footer make_footer() {
    run::Footer footer;
    footer.mutable_horizon_kpis()->set_jobs(4321);
    footer.mutable_ledger()->set_transfers(2700);
    footer.mutable_engine()->set_events(99);
    return footer;
}

void write_run(const fs::path& path, const std::vector<run::Frame>& frames) {
    io::RunFileWriter writer(path);
    writer.write_header(make_header());
    for (const auto& frame : frames) {
        writer.write_frame(frame);
    }
    writer.finish(make_footer());
}

/// Reads everything a viewer would; InputError on any problem.
void exercise(const fs::path& path) {
    const auto reader = io::RunFileReader::open(path);
    std::size_t frames = 0;
    reader.for_each_frame([&](const run::Frame&) { ++frames; });
    for (std::size_t i = 0; i < reader.snapshot_count(); ++i) {
        (void)reader.snapshot(i);
    }
    (void)reader.snapshot_at_or_before(days(3));
    (void)reader.events_between(0, days(100));
}

} // namespace

// [SECTION] Records

TEST_CASE("records round-trip through a stream and a byte buffer", "[run_file]") {
    run::Frame a = event_frame(5, 2);
    run::Frame b = snapshot_frame(7, 3);
    std::stringstream stream;
    io::write_record(stream, a);
    io::write_record(stream, b);
    const std::string bytes = stream.str();

    std::string buffer;
    io::append_record(buffer, a);
    io::append_record(buffer, b);
    REQUIRE(buffer == bytes);
    REQUIRE(bytes.size() == a.ByteSizeLong() + io::record_overhead(a.ByteSizeLong()) + b.ByteSizeLong() +
                                io::record_overhead(b.ByteSizeLong()));

    run::Frame back;
    auto first = io::read_record(stream, "test");
    REQUIRE(first);
    io::parse_record(*first, back, "test", "frame");
    REQUIRE(equal(back, a));
    auto second = io::read_record(stream, "test");
    REQUIRE(second);
    io::parse_record(*second, back, "test", "frame");
    REQUIRE(equal(back, b));
    REQUIRE_FALSE(io::read_record(stream, "test")); // clean end
}

TEST_CASE("try_extract_record returns nothing until a whole record has arrived", "[run_file]") {
    std::string wire;
    io::append_record(wire, snapshot_frame(1, 1));
    io::append_record(wire, event_frame(2, 4));
    std::string buffer;
    std::vector<std::string> payloads;
    for (const char byte : wire) { // one byte at a time, as a slow socket would deliver it
        buffer += byte;
        while (auto payload = io::try_extract_record(buffer)) {
            payloads.push_back(std::move(*payload));
        }
    }
    REQUIRE(buffer.empty());
    REQUIRE(payloads.size() == 2);
    REQUIRE(payloads[0] == snapshot_frame(1, 1).SerializeAsString());
    REQUIRE(payloads[1] == event_frame(2, 4).SerializeAsString());
}

TEST_CASE("a bad CRC, an oversized length and a truncated record are InputErrors", "[run_file]") {
    std::string wire;
    io::append_record(wire, event_frame(0, 1));
    const std::size_t second_offset = wire.size();
    io::append_record(wire, event_frame(1, 1));

    SECTION("bad CRC names the byte offset") {
        wire[second_offset + 3] ^= 0x20;
        std::istringstream in(wire);
        REQUIRE(io::read_record(in, "x.innorun"));
        REQUIRE_THROWS_WITH(io::read_record(in, "x.innorun"),
                            Catch::Contains("x.innorun") &&
                                Catch::Contains("byte offset " + std::to_string(second_offset)) &&
                                Catch::Contains("CRC"));
        std::string buffer = wire.substr(second_offset);
        REQUIRE_THROWS_AS(io::try_extract_record(buffer), InputError);
    }
    SECTION("oversized length") {
        std::string buffer = "\xff\xff\xff\xff\x0f"; // 4 GiB - 1
        REQUIRE_THROWS_WITH(io::try_extract_record(buffer), Catch::Contains("limit"));
        std::string malformed = "\xff\xff\xff\xff\xff\xff";
        REQUIRE_THROWS_AS(io::try_extract_record(malformed), InputError);
    }
    SECTION("truncated") {
        std::istringstream in(wire.substr(0, second_offset + 4));
        REQUIRE(io::read_record(in, "x"));
        REQUIRE_THROWS_WITH(io::read_record(in, "x"), Catch::Contains("truncated"));
    }
}

// [SECTION] Run files

TEST_CASE("run file round trip: header, 1000 frames, footer, seeks", "[run_file]") {
    TempDir dir;
    const auto path = dir / "round.innorun";
    const auto frames = make_frames(1000);
    write_run(path, frames);

    const auto reader = io::RunFileReader::open(path);
    run::RunHeader expected_header = make_header();
    expected_header.set_format_version(io::kRunFormatVersion);
    REQUIRE(equal(reader.header(), expected_header));

    const run::Footer& footer = reader.footer();
    REQUIRE(footer.horizon_kpis().jobs() == 4321);
    REQUIRE(footer.ledger().transfers() == 2700);
    REQUIRE(footer.event_frames() == 900);
    REQUIRE(footer.snapshot_frames() == 100);
    REQUIRE(footer.events() == 2700);
    REQUIRE(footer.first_time() == 0);
    REQUIRE(footer.last_time() == days(999) + 2);
    REQUIRE(reader.snapshot_count() == 100);

    std::vector<run::Frame> back;
    reader.for_each_frame([&](const run::Frame& frame) { back.push_back(frame); });
    REQUIRE(back.size() == frames.size());
    for (std::size_t i = 0; i < frames.size(); ++i) {
        INFO("frame " << i);
        REQUIRE(equal(back[i], frames[i]));
    }
    for (std::size_t i = 0; i < reader.snapshot_count(); ++i) {
        REQUIRE(equal(reader.snapshot(i), frames[10 * i].snapshot()));
        REQUIRE(equal(reader.read_frame_at(footer.index(static_cast<int>(i)).offset()), frames[10 * i]));
    }
    REQUIRE_THROWS_AS(reader.snapshot(100), std::out_of_range);

    SECTION("seek by time") {
        REQUIRE_FALSE(reader.snapshot_at_or_before(-1));
        REQUIRE(reader.snapshot_at_or_before(0)->time() == 0);
        REQUIRE(reader.snapshot_at_or_before(days(15))->time() == days(10));
        REQUIRE(reader.snapshot_at_or_before(days(20))->time() == days(20));
        REQUIRE(reader.snapshot_at_or_before(days(20) - 1)->time() == days(10));
        REQUIRE(reader.snapshot_at_or_before(days(5000))->time() == days(990));
        REQUIRE(reader.snapshot_at_or_before(days(995))->kpis().jobs() == 990);
    }
    SECTION("events in a window match a full scan") {
        for (const auto& [from, to] : std::vector<std::pair<Ticks, Ticks>>{
                 {days(100), days(103)}, {days(101) + 1, days(101) + 2}, {-5, 3}, {days(998), days(2000)}, {7, 7}}) {
            std::vector<run::Event> expected;
            for (const auto& frame : frames) {
                for (const auto& e : frame.events().events()) {
                    if (e.time() >= from && e.time() < to) {
                        expected.push_back(e);
                    }
                }
            }
            const auto events = reader.events_between(from, to);
            INFO("window " << from << " .. " << to);
            REQUIRE(events.size() == expected.size());
            for (std::size_t i = 0; i < events.size(); ++i) {
                REQUIRE(equal(events[i], expected[i]));
            }
        }
        REQUIRE(reader.events_between(days(100), days(103)).size() == 6);
    }
}

TEST_CASE("an empty run (header and footer only) opens", "[run_file]") {
    TempDir dir;
    write_run(dir / "empty.innorun", {});
    const auto reader = io::RunFileReader::open(dir / "empty.innorun");
    REQUIRE(reader.snapshot_count() == 0);
    REQUIRE_FALSE(reader.snapshot_at_or_before(days(1)));
    REQUIRE(reader.events_between(0, days(1)).empty());
}

TEST_CASE("the writer writes a temp file and renames it; unwinding removes the temp file", "[run_file]") {
    TempDir dir;
    const auto path = dir / "out.innorun";
    SECTION("finish renames") {
        io::RunFileWriter writer(path);
        writer.write_header(make_header());
        writer.write_frame(snapshot_frame(0, 1));
        REQUIRE(fs::exists(writer.temp_path()));
        REQUIRE_FALSE(fs::exists(path));
        writer.finish(make_footer());
        REQUIRE(fs::exists(path));
        REQUIRE_FALSE(fs::exists(writer.temp_path()));
    }
    SECTION("an exception before finish leaves no file at all") {
        fs::path temp;
        try {
            io::RunFileWriter writer(path);
            temp = writer.temp_path();
            writer.write_header(make_header());
            writer.write_frame(snapshot_frame(0, 1));
            throw std::runtime_error("model failed");
        } catch (const std::runtime_error&) {
        }
        REQUIRE_FALSE(temp.empty());
        REQUIRE_FALSE(fs::exists(temp));
        REQUIRE_FALSE(fs::exists(path));
        REQUIRE(fs::is_empty(dir.path()));
    }
    SECTION("a missing directory is bad input") {
        REQUIRE_THROWS_AS(io::RunFileWriter(dir / "no/such/dir/out.innorun"), InputError);
    }
    SECTION("frames going back in time are a bug") {
        io::RunFileWriter writer(path);
        writer.write_header(make_header());
        writer.write_frame(snapshot_frame(days(2), 1));
        REQUIRE_THROWS_AS(writer.write_frame(event_frame(days(1), 1)), std::logic_error);
        REQUIRE_THROWS_AS(writer.write_header(make_header()), std::logic_error);
    }
}

TEST_CASE("wrong magic, wrong version and missing files are InputErrors naming the file", "[run_file]") {
    TempDir dir;
    const auto path = dir / "x.innorun";
    write_run(path, make_frames(12));
    const std::string good = read_bytes(path);

    write_bytes(path, "name: \"a scenario, not a run\"\n");
    REQUIRE_THROWS_WITH(io::RunFileReader::open(path),
                        Catch::Contains(path.string()) && Catch::Contains("is not an innosim run file"));
    write_bytes(path, "");
    REQUIRE_THROWS_WITH(io::RunFileReader::open(path), Catch::Contains("is not an innosim run file"));

    std::string newer = good;
    newer[7] = 2;
    write_bytes(path, newer);
    REQUIRE_THROWS_WITH(io::RunFileReader::open(path), Catch::Contains("format version 2, this build reads 1"));

    REQUIRE_THROWS_WITH(io::RunFileReader::open(dir / "missing.innorun"), Catch::Contains("cannot open"));
    REQUIRE_THROWS_WITH(io::RunFileReader::open(dir.path()), Catch::Contains("not a regular file"));
}

TEST_CASE("every truncation of a small run file is an InputError", "[run_file][fuzz]") {
    TempDir dir;
    const auto path = dir / "small.innorun";
    write_run(path, make_frames(12));
    const std::string good = read_bytes(path);
    REQUIRE_NOTHROW(exercise(path));
    const auto cut = dir / "cut.innorun";
    for (std::size_t length = 0; length < good.size(); ++length) {
        write_bytes(cut, good.substr(0, length));
        INFO("length " << length << " of " << good.size());
        REQUIRE_THROWS_AS(exercise(cut), InputError);
    }
}

TEST_CASE("random byte corruption is always detected and never crashes", "[run_file][fuzz]") {
    TempDir dir;
    const auto path = dir / "small.innorun";
    write_run(path, make_frames(12));
    const std::string good = read_bytes(path);
    const auto bad = dir / "bad.innorun";
    std::mt19937_64 rng(20250321); // fixed seed: the same corruptions every run
    std::uniform_int_distribution<std::size_t> position(0, good.size() - 1);
    std::uniform_int_distribution<int> flip(1, 255);
    std::uniform_int_distribution<int> count(1, 3);
    for (int trial = 0; trial < 1500; ++trial) {
        std::string bytes = good;
        for (int i = count(rng); i > 0; --i) {
            bytes[position(rng)] ^= static_cast<char>(flip(rng));
        }
        if (bytes == good) {
            continue; // two flips cancelled out
        }
        write_bytes(bad, bytes);
        INFO("trial " << trial);
        // Every byte is covered by a magic, a CRC or the trailer's consistency checks.
        REQUIRE_THROWS_AS(exercise(bad), InputError);
    }
}

// The sweep journal: exact round trips, torn and damaged lines, resume truncation; CSV quoting.
#include "sim/input_error.hpp"
#include "tools/studies/csv.hpp"
#include "tools/studies/journal.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using namespace innosim::studies;

fs::path temp_file(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("innosim-journal-test-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    fs::remove(dir / name);
    return dir / name;
}

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

RunRecord sample_record(std::uint64_t run) {
    RunRecord r;
    r.run = run;
    r.kpis = {1.0 / 3.0, 1e300, -0.0, 42, std::numeric_limits<double>::quiet_NaN()};
    r.month_times = {0, 2678400000000};
    r.monthly = {1, 2, 3, 4, 5, 0.1, 0.2, 0.3, 0.4, 0.5};
    r.flows.assign(kFlowSlots, 0);
    r.flows[2] = 123456789012345;
    r.imbalance = -7;
    return r;
}

} // namespace

TEST_CASE("journal records round-trip exactly", "[journal]") {
    const RunRecord r = sample_record(17);
    const std::string line = encode_record(r);
    REQUIRE(line.back() == '\n');
    const auto back = decode_record(std::string_view(line).substr(0, line.size() - 1), 5);
    REQUIRE(back);
    CHECK(back->run == 17);
    CHECK(back->kpis[0] == 1.0 / 3.0);
    CHECK(back->kpis[1] == 1e300);
    CHECK(std::isnan(back->kpis[4]));
    CHECK(back->month_times == r.month_times);
    CHECK(back->monthly == r.monthly);
    CHECK(back->flows == r.flows);
    CHECK(back->imbalance == -7);
    CHECK(encode_record(*back) == line);
}

TEST_CASE("torn and damaged journal lines are rejected", "[journal]") {
    const std::string line = encode_record(sample_record(3));
    const std::string body = line.substr(0, line.size() - 1);
    for (std::size_t cut = 0; cut < body.size(); cut += 7) {
        CHECK_FALSE(decode_record(body.substr(0, cut), 5));
    }
    std::string flipped = body;
    flipped[6] = flipped[6] == '1' ? '2' : '1';
    CHECK_FALSE(decode_record(flipped, 5));
    CHECK_FALSE(decode_record(body, 4)); // another KPI count
}

TEST_CASE("resuming a journal drops a torn tail and keeps whole lines", "[journal]") {
    const fs::path path = temp_file("torn.journal");
    const std::string header = Journal::header_line("abc", 10, 5, true);
    {
        Journal journal = Journal::create(path, header);
        for (std::uint64_t run : {4, 0, 7}) {
            journal.append(encode_record(sample_record(run)));
        }
    }
    const std::string whole = slurp(path);
    const std::string torn = encode_record(sample_record(9)).substr(0, 40);
    {
        std::ofstream out(path, std::ios::binary | std::ios::app);
        out << torn;
    }
    JournalIndex index;
    {
        Journal journal = Journal::resume(path, header, 10, 5, index);
        CHECK(index.done == 3);
        CHECK(index.dropped == 1);
        CHECK(index.offsets[4] == header.size());
        CHECK(index.offsets[9] == JournalIndex::kMissing);
        CHECK(slurp(path) == whole); // the torn tail is gone
        journal.append(encode_record(sample_record(9)));
    }
    const JournalIndex again = index_journal(path, header, 10, 5);
    CHECK(again.done == 4);
    CHECK(again.dropped == 0);
    JournalReader reader(path);
    CHECK(reader.read(again.offsets[9], 5).run == 9);
    CHECK(reader.read(again.offsets[0], 5).flows[2] == 123456789012345);
}

TEST_CASE("a journal of another study is refused", "[journal]") {
    const fs::path path = temp_file("other.journal");
    Journal::create(path, Journal::header_line("abc", 10, 5, false));
    JournalIndex index;
    CHECK_THROWS_AS(Journal::resume(path, Journal::header_line("abd", 10, 5, false), 10, 5, index),
                    innosim::InputError);
    CHECK_THROWS_AS(Journal::create(path, Journal::header_line("abc", 10, 5, false)), innosim::InputError);
}

TEST_CASE("only one sweep writes a journal at a time", "[journal]") {
    const fs::path path = temp_file("locked.journal");
    const std::string header = Journal::header_line("abc", 4, 5, false);
    Journal writer = Journal::create(path, header);
    JournalIndex index;
    CHECK_THROWS_WITH(Journal::resume(path, header, 4, 5, index), Catch::Contains("in use by another running sweep"));
}

TEST_CASE("a journal killed while writing its header starts over", "[journal]") {
    const fs::path path = temp_file("header.journal");
    const std::string header = Journal::header_line("abc", 4, 5, false);
    {
        std::ofstream out(path, std::ios::binary);
        out << header.substr(0, 10);
    }
    JournalIndex index;
    { Journal journal = Journal::resume(path, header, 4, 5, index); }
    CHECK(index.done == 0);
    CHECK(slurp(path) == header);
}

TEST_CASE("CSV fields with commas and quotes round-trip", "[csv]") {
    const std::vector<std::string> fields = {"plain", "Social, Cultural & Pilgrimage", "say \"hi\"", ""};
    const std::string row = csv_row(fields);
    CHECK(row == "plain,\"Social, Cultural & Pilgrimage\",\"say \"\"hi\"\"\",\n");
    CHECK(parse_csv_row(row.substr(0, row.size() - 1)) == fields);
    CHECK_THROWS_AS(parse_csv_row("\"open"), innosim::InputError);
    CHECK(std::isnan(parse_number("", "x")));
    CHECK(parse_number("1e+20", "x") == 1e20);
    CHECK_THROWS_AS(parse_number("12abc", "x"), innosim::InputError);
}

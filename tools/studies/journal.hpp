#pragma once

// The sweep journal (DIR/runs.journal): an append-only text file, one line per finished run,
// each written with a single write() and made durable by fdatasync (group commit: one sync covers
// every line written since the last). A kill -9 can leave at most one torn last line; every line
// carries a checksum, so a torn or damaged line is recognised and dropped on --resume, and that
// run simply runs again. runs.csv, summary.csv and the other outputs are rebuilt from the journal
// in plan order, which is why they are byte-identical whatever the number of threads or ranks and
// the order runs finished.

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace innosim::studies {

/// Flow totals per reason (index = agents::Reason value): money into startups, then money out.
inline constexpr std::size_t kFlowReasons = 20;
inline constexpr std::size_t kFlowSlots = 2 * kFlowReasons;

/// What one run leaves behind.
struct RunRecord {
    std::uint64_t run = 0;                 ///< plan index
    std::vector<double> kpis;              ///< per study KPI, at the horizon or the end
    std::vector<std::int64_t> month_times; ///< ticks of each monthly snapshot (with `monthly`)
    std::vector<double> monthly;           ///< months x KPIs, row-major (with `monthly`)
    std::vector<std::int64_t> flows;       ///< kFlowSlots Rial totals up to the KPI time: in, then out
    std::int64_t imbalance = 0;            ///< Rial; the ledger's sum of balances (0 unless a bug)
};

/// The record as one journal line, '\n' included.
std::string encode_record(const RunRecord& record);
/// A journal line (without '\n') back into a record; nothing if it is torn or damaged, or does
/// not carry `kpis` KPIs.
std::optional<RunRecord> decode_record(std::string_view line, std::size_t kpis);

/// Where each run's first valid line is in a journal.
struct JournalIndex {
    static constexpr std::uint64_t kMissing = ~std::uint64_t{0};
    std::vector<std::uint64_t> offsets; ///< per run: byte offset of its line, or kMissing
    std::uint64_t valid_end = 0;        ///< bytes up to the end of the last valid line
    std::uint64_t done = 0;             ///< runs with a valid line
    std::uint64_t dropped = 0;          ///< torn, damaged or duplicate lines seen
};

/// Appends records to a journal. Not thread-safe: callers serialize append().
class Journal {
public:
    /// The journal's first line: identifies the study (its hash) and the record shape.
    static std::string header_line(const std::string& study_sha256, std::uint64_t runs, std::size_t kpis, bool monthly);

    /// Starts a new journal at `path` (which must not exist) with `header`.
    static Journal create(const std::filesystem::path& path, const std::string& header);
    /// Reopens an existing journal for --resume: checks its header equals `header` (else an
    /// InputError: the directory holds another study's sweep), indexes its runs and cuts a torn tail.
    static Journal resume(const std::filesystem::path& path, const std::string& header, std::uint64_t runs,
                          std::size_t kpis, JournalIndex& index);

    Journal(Journal&& other) noexcept;
    Journal& operator=(Journal&& other) noexcept;
    Journal(const Journal&) = delete;
    Journal& operator=(const Journal&) = delete;
    ~Journal();

    /// One write of the whole line, then fdatasync. Throws std::runtime_error on I/O failure.
    void append(std::string_view line);
    /// One write of the whole line (O_APPEND: whole lines, at most one torn tail), not yet synced.
    void write(std::string_view line);
    /// fdatasync: every line written so far is durable. Thread-safe against write().
    void sync();

private:
    Journal() = default;
    int fd_ = -1;
    std::filesystem::path path_;
};

/// Indexes the records of a journal file whose header must equal `header`. Throws InputError if
/// the file cannot be read or its header differs.
JournalIndex index_journal(const std::filesystem::path& path, const std::string& header, std::uint64_t runs,
                           std::size_t kpis);

/// Random access to the records of a journal, by the offsets of an index.
class JournalReader {
public:
    explicit JournalReader(const std::filesystem::path& path);
    /// The record whose line starts at `offset`. Throws std::runtime_error if it no longer decodes.
    RunRecord read(std::uint64_t offset, std::size_t kpis);

private:
    std::filesystem::path path_;
    std::ifstream in_;
    std::string line_;
};

} // namespace innosim::studies

#pragma once

#include "sim/proto/run.pb.h"
#include "sim/time.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace innosim::io {

class JsonWriter;

/// Version of the run-file container and schema this build writes and reads (magic byte and
/// RunHeader.format_version).
inline constexpr std::uint32_t kRunFormatVersion = 1;

/// Writes a `.innorun` file (layout in sim/proto/run.proto) to `<final_path>.tmp-<pid>` and renames it
/// to `final_path` in finish(), so no reader ever sees half a file. Destroyed without finish() (an
/// exception unwinding), it removes the temp file. Calls out of order (a frame before the header,
/// frames going back in time) are bugs and throw std::logic_error.
class RunFileWriter {
public:
    /// Throws InputError if the temp file cannot be created (missing directory, no permission).
    explicit RunFileWriter(std::filesystem::path final_path);
    RunFileWriter(const RunFileWriter&) = delete;
    RunFileWriter& operator=(const RunFileWriter&) = delete;
    ~RunFileWriter();

    /// Writes the magic and the header; sets header.format_version to kRunFormatVersion.
    void write_header(const run::RunHeader& header);
    /// Appends a frame. Frames come in time order: an event batch's events and snapshot times
    /// never go back in time.
    void write_frame(const run::Frame& frame);
    /// Fills the index, frame and event counts and first/last time into `footer`, writes it and
    /// the trailer, fsyncs and renames the file to its final path.
    void finish(run::Footer footer);

    const std::filesystem::path& path() const { return final_path_; }
    const std::filesystem::path& temp_path() const { return temp_path_; }
    /// Bytes written so far (buffered ones included).
    std::uint64_t bytes_written() const { return flushed_ + buffer_.size(); }

private:
    void flush_buffer();
    void note_time(sim::Ticks time);

    std::filesystem::path final_path_;
    std::filesystem::path temp_path_;
    int fd_ = -1;
    std::string buffer_;
    std::uint64_t flushed_ = 0; // bytes
    bool header_written_ = false;
    bool finished_ = false;
    run::Footer counts_; // index, counts and times gathered while writing
    std::optional<sim::Ticks> first_time_;
    sim::Ticks last_time_ = 0;
};

/// Reads a `.innorun` file. open() reads only the header and the footer (cheap for big files);
/// frames are read on demand with pread, so const methods are safe to call from several threads.
/// Every problem with the file (wrong magic or version, truncation, corruption) is an InputError
/// naming the file and what is wrong.
class RunFileReader {
public:
    static RunFileReader open(const std::filesystem::path& path);
    RunFileReader(RunFileReader&& other) noexcept;
    RunFileReader& operator=(RunFileReader&& other) noexcept;
    RunFileReader(const RunFileReader&) = delete;
    RunFileReader& operator=(const RunFileReader&) = delete;
    ~RunFileReader();

    const run::RunHeader& header() const { return header_; }
    const run::Footer& footer() const { return footer_; }
    const std::filesystem::path& path() const { return path_; }
    std::uint64_t file_size() const { return file_size_; } ///< bytes

    /// The frame whose record starts at byte `offset`.
    run::Frame read_frame_at(std::uint64_t offset) const;

    std::size_t snapshot_count() const { return static_cast<std::size_t>(footer_.index_size()); }
    /// The i-th snapshot in time order; throws std::out_of_range if i >= snapshot_count().
    run::Snapshot snapshot(std::size_t i) const;
    /// The last snapshot at or before `t`, nothing if `t` precedes the first: O(log n) + one read.
    std::optional<run::Snapshot> snapshot_at_or_before(sim::Ticks t) const;

    std::size_t checkpoint_count() const { return static_cast<std::size_t>(footer_.checkpoints_size()); }
    /// The i-th checkpoint in time order; throws std::out_of_range if i >= checkpoint_count().
    run::Checkpoint checkpoint(std::size_t i) const;
    /// The last checkpoint at or before `t`, nothing if `t` precedes the first: O(log n) + one read.
    std::optional<run::Checkpoint> checkpoint_at_or_before(sim::Ticks t) const;
    /// Index (into footer().checkpoints()) of the last checkpoint at or before `t`.
    std::optional<std::size_t> checkpoint_index_at_or_before(sim::Ticks t) const;

    /// Every frame in file order (buffered sequential read).
    void for_each_frame(const std::function<void(const run::Frame&)>& visit) const;
    /// The frames from the first through the one whose record starts at byte `last_offset` (a
    /// snapshot or checkpoint offset from the footer), in file order: what a resumed run or a fork
    /// copies from its parent.
    void for_each_frame_through(std::uint64_t last_offset, const std::function<void(const run::Frame&)>& visit) const;
    /// Events with from <= time < to, in file order; starts from the index, so a short window
    /// late in a long run does not scan the whole file.
    std::vector<run::Event> events_between(sim::Ticks from, sim::Ticks to) const;

private:
    RunFileReader() = default;
    void read_exact(std::uint64_t offset, char* out, std::size_t size, const char* what) const;
    std::string read_record_at(std::uint64_t offset, std::uint64_t limit, const char* what) const;
    /// Calls `visit(frame, record offset)` for frames from `offset` until it returns false or the footer.
    void scan_frames(std::uint64_t offset, const std::function<bool(const run::Frame&, std::uint64_t)>& visit) const;

    std::filesystem::path path_;
    std::string name_; // for messages
    int fd_ = -1;
    std::uint64_t file_size_ = 0;     // bytes
    std::uint64_t frames_begin_ = 0;  // byte offset of the first frame
    std::uint64_t footer_offset_ = 0; // byte offset of the footer record (= end of frames)
    run::RunHeader header_;
    run::Footer footer_;
};

/// Writes the summary members of DESIGN.md's summary JSON (scenario, seed, start, horizon, kpis,
/// ledger, engine) into the object `json` has open; `inspect --json` and `run --summary-json` share it.
void write_summary_members(JsonWriter& json, const run::RunHeader& header, const run::Footer& footer);

} // namespace innosim::io

#include "sim/io/run_file.hpp"

#include "sim/input_error.hpp"
#include "sim/io/json.hpp"
#include "sim/io/record_io.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <string_view>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace innosim::io {

namespace {

constexpr std::string_view kMagicStem = "INNORUN";
constexpr std::string_view kEndMagicStem = "INNOEND";
constexpr std::size_t kMagicBytes = 8;
constexpr std::size_t kTrailerBytes = 8 + kMagicBytes; // fixed64 footer offset + end magic
constexpr std::size_t kWriteBufferBytes = std::size_t{1} << 20;
constexpr std::size_t kReadChunkBytes = std::size_t{1} << 20;

std::string magic(std::string_view stem) {
    return std::string(stem) + static_cast<char>(kRunFormatVersion);
}

std::string errno_text() {
    return std::strerror(errno);
}

void append_fixed64(std::string& out, std::uint64_t value) {
    for (int shift = 0; shift < 64; shift += 8) {
        out += static_cast<char>((value >> shift) & 0xff);
    }
}

std::uint64_t load_fixed64(const char* bytes) {
    std::uint64_t value = 0;
    for (int i = 7; i >= 0; --i) {
        value = (value << 8) | static_cast<unsigned char>(bytes[i]);
    }
    return value;
}

sim::Ticks frame_time_or(const run::Frame& frame, sim::Ticks fallback) {
    if (frame.has_snapshot()) {
        return frame.snapshot().time();
    }
    if (frame.has_checkpoint()) {
        return frame.checkpoint().time();
    }
    return frame.events().events().empty() ? fallback : frame.events().events(0).time();
}

} // namespace

// ---------------------------------------------------------------------------------------------
// RunFileWriter

RunFileWriter::RunFileWriter(std::filesystem::path final_path) : final_path_(std::move(final_path)) {
    temp_path_ = final_path_;
    temp_path_ += ".tmp-" + std::to_string(::getpid());
    fd_ = ::open(temp_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) {
        throw InputError("cannot create " + final_path_.string() + ": " + errno_text());
    }
    buffer_.reserve(kWriteBufferBytes + (std::size_t{64} << 10));
}

RunFileWriter::~RunFileWriter() {
    if (fd_ >= 0) {
        ::close(fd_);
    }
    if (!finished_) {
        ::unlink(temp_path_.c_str());
    }
}

void RunFileWriter::flush_buffer() {
    std::size_t done = 0;
    while (done < buffer_.size()) {
        const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            throw std::runtime_error("cannot write " + temp_path_.string() + ": " + errno_text());
        }
        done += static_cast<std::size_t>(n);
    }
    flushed_ += buffer_.size();
    buffer_.clear();
}

void RunFileWriter::write_header(const run::RunHeader& header) {
    if (header_written_ || finished_) {
        throw std::logic_error("RunFileWriter: write_header called twice");
    }
    run::RunHeader stamped = header;
    stamped.set_format_version(kRunFormatVersion);
    buffer_ += magic(kMagicStem);
    append_record(buffer_, stamped);
    header_written_ = true;
}

void RunFileWriter::note_time(sim::Ticks time) {
    if (first_time_ && time < last_time_) {
        throw std::logic_error("RunFileWriter: frame time " + std::to_string(time) + " goes back before " +
                               std::to_string(last_time_));
    }
    if (!first_time_) {
        first_time_ = time;
    }
    last_time_ = time;
}

void RunFileWriter::write_frame(const run::Frame& frame) {
    if (!header_written_ || finished_) {
        throw std::logic_error("RunFileWriter: write_frame needs write_header first and no finish()");
    }
    if (frame.has_snapshot()) {
        note_time(frame.snapshot().time());
        auto* entry = counts_.add_index();
        entry->set_time(frame.snapshot().time());
        entry->set_offset(bytes_written());
        counts_.set_snapshot_frames(counts_.snapshot_frames() + 1);
    } else if (frame.has_events()) {
        for (const auto& event : frame.events().events()) {
            note_time(event.time());
        }
        counts_.set_event_frames(counts_.event_frames() + 1);
        counts_.set_events(counts_.events() + static_cast<std::uint64_t>(frame.events().events_size()));
    } else if (frame.has_checkpoint()) {
        note_time(frame.checkpoint().time());
        auto* entry = counts_.add_checkpoints();
        entry->set_time(frame.checkpoint().time());
        entry->set_offset(bytes_written());
    } else {
        throw std::logic_error("RunFileWriter: a frame needs a body (events, snapshot or checkpoint)");
    }
    append_record(buffer_, frame);
    if (buffer_.size() >= kWriteBufferBytes) {
        flush_buffer();
    }
}

void RunFileWriter::finish(run::Footer footer) {
    if (!header_written_ || finished_) {
        throw std::logic_error("RunFileWriter: finish needs write_header first and only once");
    }
    *footer.mutable_index() = counts_.index();
    *footer.mutable_checkpoints() = counts_.checkpoints();
    footer.set_event_frames(counts_.event_frames());
    footer.set_snapshot_frames(counts_.snapshot_frames());
    footer.set_events(counts_.events());
    footer.set_first_time(first_time_.value_or(0));
    footer.set_last_time(first_time_ ? last_time_ : 0);
    const std::uint64_t footer_offset = bytes_written();
    append_record(buffer_, footer);
    append_fixed64(buffer_, footer_offset);
    buffer_ += magic(kEndMagicStem);
    flush_buffer();
    if (::fsync(fd_) != 0) {
        throw std::runtime_error("cannot sync " + temp_path_.string() + ": " + errno_text());
    }
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) {
        throw std::runtime_error("cannot close " + temp_path_.string() + ": " + errno_text());
    }
    std::error_code error;
    std::filesystem::rename(temp_path_, final_path_, error);
    if (error) {
        throw std::runtime_error("cannot rename " + temp_path_.string() + " to " + final_path_.string() + ": " +
                                 error.message());
    }
    finished_ = true;
    // Make the rename itself durable; failure here loses nothing a reader could see.
    const auto directory = final_path_.has_parent_path() ? final_path_.parent_path() : std::filesystem::path(".");
    if (const int dir_fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir_fd >= 0) {
        ::fsync(dir_fd);
        ::close(dir_fd);
    }
}

// ---------------------------------------------------------------------------------------------
// RunFileReader

RunFileReader::RunFileReader(RunFileReader&& other) noexcept
    : path_(std::move(other.path_)), name_(std::move(other.name_)), fd_(std::exchange(other.fd_, -1)),
      file_size_(other.file_size_), frames_begin_(other.frames_begin_), footer_offset_(other.footer_offset_),
      header_(std::move(other.header_)), footer_(std::move(other.footer_)) {}

RunFileReader& RunFileReader::operator=(RunFileReader&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) {
            ::close(fd_);
        }
        path_ = std::move(other.path_);
        name_ = std::move(other.name_);
        fd_ = std::exchange(other.fd_, -1);
        file_size_ = other.file_size_;
        frames_begin_ = other.frames_begin_;
        footer_offset_ = other.footer_offset_;
        header_ = std::move(other.header_);
        footer_ = std::move(other.footer_);
    }
    return *this;
}

RunFileReader::~RunFileReader() {
    if (fd_ >= 0) {
        ::close(fd_);
    }
}

void RunFileReader::read_exact(std::uint64_t offset, char* out, std::size_t size, const char* what) const {
    std::size_t done = 0;
    while (done < size) {
        const ssize_t n = ::pread(fd_, out + done, size - done, static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            throw InputError(name_ + ": cannot read the " + what + ": " + errno_text());
        }
        if (n == 0) {
            throw InputError(name_ + ": the " + what + " at byte offset " + std::to_string(offset) +
                             " is truncated (file changed while reading?)");
        }
        done += static_cast<std::size_t>(n);
    }
}

std::string RunFileReader::read_record_at(std::uint64_t offset, std::uint64_t limit, const char* what) const {
    if (offset >= limit) {
        throw InputError(name_ + ": the " + what + " at byte offset " + std::to_string(offset) +
                         " lies outside its section of the file");
    }
    // Read the length prefix plus whatever of the record fits in a small first read.
    std::string bytes(static_cast<std::size_t>(std::min<std::uint64_t>(limit - offset, 4096)), '\0');
    read_exact(offset, bytes.data(), bytes.size(), what);
    const auto prefix = decode_record_prefix(bytes, name_, offset);
    if (!prefix || offset + prefix->total() > limit) {
        throw InputError(name_ + ": the " + what + " at byte offset " + std::to_string(offset) +
                         " is truncated (file cut short or corrupt length)");
    }
    if (const std::size_t have = bytes.size(); prefix->total() > have) {
        bytes.resize(prefix->total());
        read_exact(offset + have, bytes.data() + have, bytes.size() - have, what);
    }
    const auto decoded = decode_record(bytes, name_, offset);
    if (!decoded) {
        throw std::logic_error("RunFileReader: record incomplete after a full read");
    }
    return std::string(decoded->payload);
}

RunFileReader RunFileReader::open(const std::filesystem::path& path) {
    RunFileReader reader;
    reader.path_ = path;
    reader.name_ = path.string();
    const std::string& name = reader.name_;
    reader.fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (reader.fd_ < 0) {
        throw InputError("cannot open " + name + ": " + errno_text());
    }
    struct stat info {};
    if (::fstat(reader.fd_, &info) != 0 || !S_ISREG(info.st_mode)) {
        throw InputError(name + " is not a regular file");
    }
    reader.file_size_ = static_cast<std::uint64_t>(info.st_size);

    std::array<char, kMagicBytes> head{};
    const std::size_t head_bytes = static_cast<std::size_t>(std::min<std::uint64_t>(reader.file_size_, kMagicBytes));
    reader.read_exact(0, head.data(), head_bytes, "magic");
    const std::string_view head_view(head.data(), head_bytes);
    if (head_view.substr(0, kMagicStem.size()) != kMagicStem.substr(0, std::min(head_bytes, kMagicStem.size())) ||
        head_bytes == 0) {
        throw InputError(name + " is not an innosim run file");
    }
    if (head_bytes < kMagicBytes) {
        throw InputError(name + " is truncated (" + std::to_string(head_bytes) + " bytes)");
    }
    if (const auto version = static_cast<unsigned char>(head[kMagicBytes - 1]); version != kRunFormatVersion) {
        throw InputError(name + ": format version " + std::to_string(version) + ", this build reads " +
                         std::to_string(kRunFormatVersion));
    }

    const std::string header_bytes = reader.read_record_at(kMagicBytes, reader.file_size_, "header");
    parse_record(header_bytes, reader.header_, name, "header");
    if (reader.header_.format_version() != kRunFormatVersion) {
        throw InputError(name + ": format version " + std::to_string(reader.header_.format_version()) +
                         " in the header, this build reads " + std::to_string(kRunFormatVersion));
    }
    reader.frames_begin_ = kMagicBytes + header_bytes.size() + record_overhead(header_bytes.size());

    if (reader.file_size_ < reader.frames_begin_ + kTrailerBytes) {
        throw InputError(name + " is truncated or unfinished (no footer)");
    }
    std::array<char, kTrailerBytes> trailer{};
    reader.read_exact(reader.file_size_ - kTrailerBytes, trailer.data(), trailer.size(), "trailer");
    if (std::string_view(trailer.data() + 8, kMagicBytes) != magic(kEndMagicStem)) {
        throw InputError(name + " is truncated or unfinished (no end marker)");
    }
    reader.footer_offset_ = load_fixed64(trailer.data());
    const std::uint64_t footer_end = reader.file_size_ - kTrailerBytes;
    if (reader.footer_offset_ < reader.frames_begin_ || reader.footer_offset_ >= footer_end) {
        throw InputError(name + ": corrupt trailer (footer offset " + std::to_string(reader.footer_offset_) +
                         " outside the file)");
    }
    const std::string footer_bytes = reader.read_record_at(reader.footer_offset_, footer_end, "footer");
    if (reader.footer_offset_ + footer_bytes.size() + record_overhead(footer_bytes.size()) != footer_end) {
        throw InputError(name + ": corrupt trailer (the footer does not end where the trailer begins)");
    }
    parse_record(footer_bytes, reader.footer_, name, "footer");

    // The index drives every seek: check it once here so later reads can trust its offsets.
    std::uint64_t previous_offset = 0;
    for (int i = 0; i < reader.footer_.index_size(); ++i) {
        const auto& entry = reader.footer_.index(i);
        const bool offset_ok = entry.offset() >= reader.frames_begin_ && entry.offset() < reader.footer_offset_ &&
                               (i == 0 || entry.offset() > previous_offset);
        const bool time_ok = i == 0 || entry.time() >= reader.footer_.index(i - 1).time();
        if (!offset_ok || !time_ok) {
            throw InputError(name + ": corrupt snapshot index (entry " + std::to_string(i) + ")");
        }
        previous_offset = entry.offset();
    }
    for (int i = 0; i < reader.footer_.checkpoints_size(); ++i) {
        const auto& entry = reader.footer_.checkpoints(i);
        const bool offset_ok = entry.offset() >= reader.frames_begin_ && entry.offset() < reader.footer_offset_ &&
                               (i == 0 || entry.offset() > reader.footer_.checkpoints(i - 1).offset());
        const bool time_ok = i == 0 || entry.time() >= reader.footer_.checkpoints(i - 1).time();
        if (!offset_ok || !time_ok) {
            throw InputError(name + ": corrupt checkpoint index (entry " + std::to_string(i) + ")");
        }
    }
    if (reader.footer_.snapshot_frames() != static_cast<std::uint64_t>(reader.footer_.index_size())) {
        throw InputError(name + ": corrupt footer (" + std::to_string(reader.footer_.snapshot_frames()) +
                         " snapshots counted, " + std::to_string(reader.footer_.index_size()) + " indexed)");
    }
    return reader;
}

run::Frame RunFileReader::read_frame_at(std::uint64_t offset) const {
    if (offset < frames_begin_) {
        throw InputError(name_ + ": no frame at byte offset " + std::to_string(offset));
    }
    run::Frame frame;
    parse_record(read_record_at(offset, footer_offset_, "frame"), frame, name_,
                 "frame at byte offset " + std::to_string(offset));
    return frame;
}

run::Snapshot RunFileReader::snapshot(std::size_t i) const {
    if (i >= snapshot_count()) {
        throw std::out_of_range("RunFileReader::snapshot: index " + std::to_string(i) + " of " +
                                std::to_string(snapshot_count()));
    }
    const auto offset = footer_.index(static_cast<int>(i)).offset();
    run::Frame frame = read_frame_at(offset);
    if (!frame.has_snapshot()) {
        throw InputError(name_ + ": corrupt snapshot index (byte offset " + std::to_string(offset) +
                         " holds no snapshot)");
    }
    return std::move(*frame.mutable_snapshot());
}

std::optional<run::Snapshot> RunFileReader::snapshot_at_or_before(sim::Ticks t) const {
    const auto& index = footer_.index();
    const auto after =
        std::upper_bound(index.begin(), index.end(), t,
                         [](sim::Ticks time, const run::SnapshotIndexEntry& e) { return time < e.time(); });
    if (after == index.begin()) {
        return std::nullopt;
    }
    return snapshot(static_cast<std::size_t>(std::distance(index.begin(), after) - 1));
}

run::Checkpoint RunFileReader::checkpoint(std::size_t i) const {
    if (i >= checkpoint_count()) {
        throw std::out_of_range("RunFileReader::checkpoint: index " + std::to_string(i) + " of " +
                                std::to_string(checkpoint_count()));
    }
    const auto offset = footer_.checkpoints(static_cast<int>(i)).offset();
    run::Frame frame = read_frame_at(offset);
    if (!frame.has_checkpoint()) {
        throw InputError(name_ + ": corrupt checkpoint index (byte offset " + std::to_string(offset) +
                         " holds no checkpoint)");
    }
    return std::move(*frame.mutable_checkpoint());
}

std::optional<std::size_t> RunFileReader::checkpoint_index_at_or_before(sim::Ticks t) const {
    const auto& index = footer_.checkpoints();
    const auto after =
        std::upper_bound(index.begin(), index.end(), t,
                         [](sim::Ticks time, const run::SnapshotIndexEntry& e) { return time < e.time(); });
    if (after == index.begin()) {
        return std::nullopt;
    }
    return static_cast<std::size_t>(std::distance(index.begin(), after) - 1);
}

std::optional<run::Checkpoint> RunFileReader::checkpoint_at_or_before(sim::Ticks t) const {
    const auto i = checkpoint_index_at_or_before(t);
    if (!i) {
        return std::nullopt;
    }
    return checkpoint(*i);
}

void RunFileReader::for_each_frame_through(std::uint64_t last_offset,
                                           const std::function<void(const run::Frame&)>& visit) const {
    if (last_offset < frames_begin_ || last_offset >= footer_offset_) {
        throw InputError(name_ + ": no frame at byte offset " + std::to_string(last_offset));
    }
    bool found = false;
    scan_frames(frames_begin_, [&](const run::Frame& frame, std::uint64_t offset) {
        if (offset > last_offset) {
            return false;
        }
        visit(frame);
        found = offset == last_offset;
        return !found;
    });
    if (!found) {
        throw InputError(name_ + ": no frame starts at byte offset " + std::to_string(last_offset));
    }
}

void RunFileReader::scan_frames(std::uint64_t offset,
                                const std::function<bool(const run::Frame&, std::uint64_t)>& visit) const {
    std::string buffer;
    std::size_t pos = 0;
    std::uint64_t buffer_offset = offset; // file offset of buffer[0]
    run::Frame frame;
    while (buffer_offset + pos < footer_offset_) {
        const std::uint64_t record_offset = buffer_offset + pos;
        const auto decoded = decode_record(std::string_view(buffer).substr(pos), name_, record_offset);
        if (!decoded) {
            buffer.erase(0, pos);
            buffer_offset += pos;
            pos = 0;
            const std::uint64_t available = footer_offset_ - (buffer_offset + buffer.size());
            if (available == 0) {
                throw InputError(name_ + ": the frame at byte offset " + std::to_string(record_offset) +
                                 " is truncated (runs into the footer)");
            }
            const std::size_t old_size = buffer.size();
            buffer.resize(old_size + static_cast<std::size_t>(std::min<std::uint64_t>(available, kReadChunkBytes)));
            read_exact(buffer_offset + old_size, buffer.data() + old_size, buffer.size() - old_size, "frames");
            continue;
        }
        parse_record(decoded->payload, frame, name_, "frame at byte offset " + std::to_string(record_offset));
        pos += decoded->size;
        if (!visit(frame, record_offset)) {
            return;
        }
    }
}

void RunFileReader::for_each_frame(const std::function<void(const run::Frame&)>& visit) const {
    scan_frames(frames_begin_, [&](const run::Frame& frame, std::uint64_t) {
        visit(frame);
        return true;
    });
}

std::vector<run::Event> RunFileReader::events_between(sim::Ticks from, sim::Ticks to) const {
    // Frames are in time order, so everything before the last snapshot earlier than `from` is too early.
    const auto& index = footer_.index();
    const auto first_not_before =
        std::lower_bound(index.begin(), index.end(), from,
                         [](const run::SnapshotIndexEntry& e, sim::Ticks time) { return e.time() < time; });
    const std::uint64_t start =
        first_not_before == index.begin() ? frames_begin_ : std::prev(first_not_before)->offset();
    std::vector<run::Event> events;
    scan_frames(start, [&](const run::Frame& frame, std::uint64_t) {
        if (frame.has_snapshot()) {
            return frame.snapshot().time() < to;
        }
        if (frame_time_or(frame, from) >= to) {
            return false;
        }
        for (const auto& event : frame.events().events()) {
            if (event.time() >= to) {
                return false;
            }
            if (event.time() >= from) {
                events.push_back(event);
            }
        }
        return true;
    });
    return events;
}

// ---------------------------------------------------------------------------------------------

void write_summary_members(JsonWriter& json, const run::RunHeader& header, const run::Footer& footer) {
    json.member("scenario", header.scenario().name());
    json.member("seed", header.seed());
    json.member("start", header.start_date());
    json.member("horizon", header.horizon_date());
    json.key("kpis").message(footer.horizon_kpis());
    json.key("ledger").message(footer.ledger());
    json.key("engine").message(footer.engine());
}

} // namespace innosim::io

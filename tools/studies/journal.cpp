#include "tools/studies/journal.hpp"

#include "sim/input_error.hpp"
#include "tools/studies/study.hpp"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <sys/file.h>
#include <unistd.h>

namespace innosim::studies {

namespace {

/// FNV-1a, 64 bits: enough to tell a torn or damaged line from a whole one.
std::uint64_t fnv1a(std::string_view data) {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (const char c : data) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

std::string hex16(std::uint64_t value) {
    char buffer[17];
    const auto result = std::to_chars(buffer, buffer + 16, value, 16);
    std::string digits(buffer, result.ptr);
    return std::string(16 - digits.size(), '0') + digits;
}

/// Reads space-separated tokens of a journal line.
class Tokens {
public:
    explicit Tokens(std::string_view text) : text_(text) {}

    std::optional<std::string_view> next() {
        if (pos_ >= text_.size()) {
            return std::nullopt;
        }
        const std::size_t end = std::min(text_.find(' ', pos_), text_.size());
        const std::string_view token = text_.substr(pos_, end - pos_);
        pos_ = end + 1;
        return token;
    }
    bool expect(std::string_view word) {
        const auto token = next();
        return token && *token == word;
    }
    template <class T> std::optional<T> number() {
        const auto token = next();
        if (!token) {
            return std::nullopt;
        }
        T value{};
        const auto result = std::from_chars(token->data(), token->data() + token->size(), value);
        if (result.ec != std::errc() || result.ptr != token->data() + token->size()) {
            if constexpr (std::is_floating_point_v<T>) {
                if (*token == "nan") {
                    return std::numeric_limits<T>::quiet_NaN();
                }
            }
            return std::nullopt;
        }
        return value;
    }
    bool at_end() const { return pos_ >= text_.size(); }

private:
    std::string_view text_;
    std::size_t pos_ = 0;
};

void write_all(int fd, std::string_view data, const std::filesystem::path& path) {
    while (!data.empty()) {
        const ssize_t written = ::write(fd, data.data(), data.size());
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            throw std::runtime_error("cannot write " + path.string() + ": " + std::strerror(errno));
        }
        data.remove_prefix(static_cast<std::size_t>(written));
    }
}

/// One writer per journal: a second sweep (or --resume) on the same directory while the first runs
/// would interleave two copies of every run. The lock dies with the process, kill -9 included.
void lock_exclusively(int fd, const std::filesystem::path& path) {
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno; // the caller's Journal closes fd as the exception unwinds
        if (error == EWOULDBLOCK) {
            throw InputError(path.parent_path().string() + " is in use by another running sweep (" + path.string() +
                             " is locked); wait for it or choose another --out directory");
        }
        throw InputError("cannot lock " + path.string() + ": " + std::strerror(error));
    }
}

void sync_directory(const std::filesystem::path& directory) {
    const int fd = ::open(directory.empty() ? "." : directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

} // namespace

std::string encode_record(const RunRecord& record) {
    std::string line = "R " + std::to_string(record.run) + " K " + std::to_string(record.kpis.size());
    for (const double v : record.kpis) {
        line += ' ' + format_double(v);
    }
    line += " M " + std::to_string(record.month_times.size());
    const std::size_t k = record.kpis.size();
    for (std::size_t m = 0; m < record.month_times.size(); ++m) {
        line += ' ' + std::to_string(record.month_times[m]);
        for (std::size_t j = 0; j < k; ++j) {
            line += ' ' + format_double(record.monthly[m * k + j]);
        }
    }
    line += " F " + std::to_string(record.flows.size());
    for (const std::int64_t v : record.flows) {
        line += ' ' + std::to_string(v);
    }
    line += " I " + std::to_string(record.imbalance);
    return line + " #" + hex16(fnv1a(line)) + "\n";
}

std::optional<RunRecord> decode_record(std::string_view line, std::size_t kpis) {
    const std::size_t mark = line.rfind(" #");
    if (mark == std::string_view::npos || line.size() != mark + 18 ||
        line.substr(mark + 2) != hex16(fnv1a(line.substr(0, mark)))) {
        return std::nullopt;
    }
    Tokens tokens(line.substr(0, mark));
    RunRecord record;
    const auto fail = std::optional<RunRecord>();
    if (!tokens.expect("R")) {
        return fail;
    }
    const auto run = tokens.number<std::uint64_t>();
    if (!run || !tokens.expect("K")) {
        return fail;
    }
    record.run = *run;
    const auto k = tokens.number<std::size_t>();
    if (!k || *k != kpis) {
        return fail;
    }
    for (std::size_t j = 0; j < *k; ++j) {
        const auto v = tokens.number<double>();
        if (!v) {
            return fail;
        }
        record.kpis.push_back(*v);
    }
    if (!tokens.expect("M")) {
        return fail;
    }
    const auto months = tokens.number<std::size_t>();
    if (!months) {
        return fail;
    }
    for (std::size_t m = 0; m < *months; ++m) {
        const auto t = tokens.number<std::int64_t>();
        if (!t) {
            return fail;
        }
        record.month_times.push_back(*t);
        for (std::size_t j = 0; j < *k; ++j) {
            const auto v = tokens.number<double>();
            if (!v) {
                return fail;
            }
            record.monthly.push_back(*v);
        }
    }
    if (!tokens.expect("F")) {
        return fail;
    }
    const auto flows = tokens.number<std::size_t>();
    if (!flows || *flows > kFlowSlots) {
        return fail;
    }
    for (std::size_t i = 0; i < *flows; ++i) {
        const auto v = tokens.number<std::int64_t>();
        if (!v) {
            return fail;
        }
        record.flows.push_back(*v);
    }
    if (!tokens.expect("I")) {
        return fail;
    }
    const auto imbalance = tokens.number<std::int64_t>();
    if (!imbalance || !tokens.at_end()) {
        return fail;
    }
    record.imbalance = *imbalance;
    return record;
}

std::string Journal::header_line(const std::string& study_sha256, std::uint64_t runs, std::size_t kpis, bool monthly) {
    return "innosim-journal 1 study=" + study_sha256 + " runs=" + std::to_string(runs) +
           " kpis=" + std::to_string(kpis) + " monthly=" + (monthly ? "1" : "0") + "\n";
}

Journal Journal::create(const std::filesystem::path& path, const std::string& header) {
    Journal journal;
    journal.path_ = path;
    journal.fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
    if (journal.fd_ < 0) {
        throw InputError("cannot create " + path.string() + ": " + std::strerror(errno));
    }
    lock_exclusively(journal.fd_, path);
    journal.append(header);
    sync_directory(path.parent_path());
    return journal;
}

Journal Journal::resume(const std::filesystem::path& path, const std::string& header, std::uint64_t runs,
                        std::size_t kpis, JournalIndex& index) {
    Journal journal;
    journal.path_ = path;
    journal.fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (journal.fd_ < 0) {
        throw InputError("cannot open " + path.string() + ": " + std::strerror(errno));
    }
    lock_exclusively(journal.fd_, path);
    index = index_journal(path, header, runs, kpis); // under the lock: nobody appends meanwhile
    // Cut a torn last line so the next record starts on a line of its own.
    if (::ftruncate(journal.fd_, static_cast<off_t>(index.valid_end)) != 0 || ::fdatasync(journal.fd_) != 0) {
        throw std::runtime_error("cannot truncate " + path.string() + ": " + std::strerror(errno));
    }
    if (index.valid_end == 0) {
        journal.append(header); // the header itself was torn or never written
    }
    return journal;
}

Journal::Journal(Journal&& other) noexcept : fd_(other.fd_), path_(std::move(other.path_)) {
    other.fd_ = -1;
}

Journal& Journal::operator=(Journal&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) {
            ::close(fd_);
        }
        fd_ = other.fd_;
        path_ = std::move(other.path_);
        other.fd_ = -1;
    }
    return *this;
}

Journal::~Journal() {
    if (fd_ >= 0) {
        ::close(fd_);
    }
}

void Journal::append(std::string_view line) {
    write(line);
    sync();
}

void Journal::write(std::string_view line) {
    // O_APPEND and one write() per line: a crash leaves whole lines and at most one torn tail.
    write_all(fd_, line, path_);
}

void Journal::sync() {
    if (::fdatasync(fd_) != 0) {
        throw std::runtime_error("cannot sync " + path_.string() + ": " + std::strerror(errno));
    }
}

JournalIndex index_journal(const std::filesystem::path& path, const std::string& header, std::uint64_t runs,
                           std::size_t kpis) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw InputError("cannot read " + path.string());
    }
    JournalIndex index;
    index.offsets.assign(runs, JournalIndex::kMissing);
    std::string line;
    std::uint64_t offset = 0;
    bool first = true;
    while (std::getline(in, line)) {
        const bool whole = !in.eof(); // a last line without '\n' is torn
        const std::uint64_t next = offset + line.size() + (whole ? 1 : 0);
        if (first) {
            first = false;
            if (!whole && std::string_view(header).starts_with(line)) {
                break; // killed while writing the header: nothing was run yet
            }
            if (!whole || line + "\n" != header) {
                throw InputError(path.string() + " belongs to another study, another version of this study or its "
                                                 "scenarios (its header differs); use a new --out directory");
            }
            index.valid_end = next;
        } else if (const auto record = whole ? decode_record(line, kpis) : std::nullopt;
                   record && record->run < runs && index.offsets[record->run] == JournalIndex::kMissing) {
            index.offsets[record->run] = offset;
            index.valid_end = next;
            ++index.done;
        } else {
            ++index.dropped;
            if (record) {
                index.valid_end = next; // a duplicate is whole: keep the bytes, ignore the copy
            }
        }
        offset = next;
    }
    return index;
}

JournalReader::JournalReader(const std::filesystem::path& path) : path_(path), in_(path, std::ios::binary) {
    if (!in_) {
        throw InputError("cannot read " + path.string());
    }
}

RunRecord JournalReader::read(std::uint64_t offset, std::size_t kpis) {
    in_.clear();
    in_.seekg(static_cast<std::streamoff>(offset));
    std::getline(in_, line_);
    auto record = decode_record(line_, kpis);
    if (!record) {
        throw std::runtime_error(path_.string() + ": the record at byte " + std::to_string(offset) +
                                 " changed while the sweep was writing its outputs");
    }
    return std::move(*record);
}

} // namespace innosim::studies

#include "sim/io/record_io.hpp"

#include "sim/input_error.hpp"

#include <boost/crc.hpp>

#include <istream>
#include <ostream>
#include <stdexcept>

namespace innosim::io {

namespace {

constexpr std::size_t kMaxVarint32Bytes = 5;
constexpr std::size_t kCrcBytes = 4;

void append_varint32(std::string& out, std::uint32_t value) {
    while (value >= 0x80) {
        out += static_cast<char>((value & 0x7f) | 0x80);
        value >>= 7;
    }
    out += static_cast<char>(value);
}

void append_fixed32(std::string& out, std::uint32_t value) {
    for (int shift = 0; shift < 32; shift += 8) {
        out += static_cast<char>((value >> shift) & 0xff);
    }
}

std::uint32_t load_fixed32(std::string_view bytes) {
    std::uint32_t value = 0;
    for (int i = 3; i >= 0; --i) {
        value = (value << 8) | static_cast<unsigned char>(bytes[static_cast<std::size_t>(i)]);
    }
    return value;
}

std::string at(std::string_view source, std::uint64_t offset) {
    return std::string(source) + ": record at byte offset " + std::to_string(offset);
}

[[noreturn]] void throw_oversized(std::string_view source, std::uint64_t offset, std::uint64_t length) {
    throw InputError(at(source, offset) + " claims " + std::to_string(length) + " bytes, more than the limit of " +
                     std::to_string(kMaxRecordBytes) + " (corrupt length)");
}

} // namespace

std::size_t record_overhead(std::size_t payload_bytes) {
    std::size_t varint = 1;
    for (std::size_t v = payload_bytes; v >= 0x80; v >>= 7) {
        ++varint;
    }
    return varint + kCrcBytes;
}

std::uint32_t crc32(std::string_view bytes) {
    boost::crc_32_type crc;
    crc.process_bytes(bytes.data(), bytes.size());
    return crc.checksum();
}

void append_record_bytes(std::string& out, std::string_view payload) {
    if (payload.size() > kMaxRecordBytes) {
        throw std::length_error("record of " + std::to_string(payload.size()) + " bytes exceeds kMaxRecordBytes");
    }
    append_varint32(out, static_cast<std::uint32_t>(payload.size()));
    out += payload;
    append_fixed32(out, crc32(payload));
}

void append_record(std::string& out, const google::protobuf::Message& message) {
    const std::size_t size = message.ByteSizeLong();
    if (size > kMaxRecordBytes) {
        throw std::length_error(message.GetTypeName() + " of " + std::to_string(size) +
                                " bytes exceeds kMaxRecordBytes");
    }
    append_varint32(out, static_cast<std::uint32_t>(size));
    const std::size_t start = out.size();
    out.resize(start + size);
    // Serialize straight into the output buffer: snapshots can be megabytes.
    message.SerializeWithCachedSizesToArray(reinterpret_cast<std::uint8_t*>(out.data() + start));
    append_fixed32(out, crc32(std::string_view(out).substr(start, size)));
}

void write_record(std::ostream& out, const google::protobuf::Message& message) {
    std::string bytes;
    append_record(bytes, message);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) {
        throw std::runtime_error("cannot write a " + message.GetTypeName() + " record");
    }
}

std::optional<RecordPrefix> decode_record_prefix(std::string_view bytes, std::string_view source,
                                                 std::uint64_t offset) {
    std::uint64_t length = 0;
    for (std::size_t i = 0; i < kMaxVarint32Bytes; ++i) {
        if (i == bytes.size()) {
            return std::nullopt;
        }
        const auto byte = static_cast<unsigned char>(bytes[i]);
        length |= static_cast<std::uint64_t>(byte & 0x7f) << (7 * i);
        if ((byte & 0x80) == 0) {
            if (length > kMaxRecordBytes) {
                throw_oversized(source, offset, length);
            }
            return RecordPrefix{static_cast<std::size_t>(length), i + 1};
        }
    }
    throw InputError(at(source, offset) + " has a malformed length (more than 5 varint bytes)");
}

std::optional<DecodedRecord> decode_record(std::string_view bytes, std::string_view source, std::uint64_t offset) {
    const auto prefix = decode_record_prefix(bytes, source, offset);
    if (!prefix || bytes.size() < prefix->total()) {
        return std::nullopt;
    }
    const std::string_view payload = bytes.substr(prefix->prefix_bytes, prefix->payload_bytes);
    const std::uint32_t stored = load_fixed32(bytes.substr(prefix->prefix_bytes + payload.size(), kCrcBytes));
    const std::size_t total = prefix->total();
    if (stored != crc32(payload)) {
        throw InputError(at(source, offset) + " is corrupt (CRC mismatch)");
    }
    return DecodedRecord{payload, total};
}

std::optional<std::string> read_record(std::istream& in, std::string_view source) {
    const std::streamoff position = in.tellg();
    const std::uint64_t offset = position < 0 ? 0 : static_cast<std::uint64_t>(position);
    const auto where = [&] { return position < 0 ? std::string(source) + ": record" : at(source, offset); };
    std::string prefix;
    std::optional<RecordPrefix> length;
    while (!length) {
        const int c = in.get();
        if (c == std::char_traits<char>::eof()) {
            if (prefix.empty()) {
                return std::nullopt;
            }
            throw InputError(where() + " is truncated (inside its length)");
        }
        prefix += static_cast<char>(c);
        length = decode_record_prefix(prefix, source, offset);
    }
    std::string record(length->payload_bytes + kCrcBytes, '\0');
    in.read(record.data(), static_cast<std::streamsize>(record.size()));
    if (static_cast<std::size_t>(in.gcount()) != record.size()) {
        throw InputError(where() + " is truncated (" + std::to_string(length->payload_bytes) + " bytes announced, " +
                         std::to_string(in.gcount()) + " bytes with its CRC found)");
    }
    const std::uint32_t stored = load_fixed32(std::string_view(record).substr(record.size() - kCrcBytes));
    record.resize(record.size() - kCrcBytes);
    if (stored != crc32(record)) {
        throw InputError(where() + " is corrupt (CRC mismatch)");
    }
    return record;
}

std::optional<std::string> try_extract_record(std::string& buffer) {
    const auto decoded = decode_record(buffer);
    if (!decoded) {
        return std::nullopt;
    }
    std::string payload(decoded->payload);
    buffer.erase(0, decoded->size);
    return payload;
}

void parse_record(std::string_view payload, google::protobuf::Message& message, std::string_view source,
                  std::string_view what) {
    if (!message.ParseFromArray(payload.data(), static_cast<int>(payload.size()))) {
        throw InputError(std::string(source) + ": cannot decode the " + std::string(what) + " (not a valid " +
                         message.GetTypeName() + ")");
    }
}

} // namespace innosim::io

#pragma once

#include <google/protobuf/message.h>

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

namespace innosim::io {

/// The record framing shared by run files and the live stream (see sim/proto/run.proto):
///   record(M) = varint32 length | M bytes | fixed32 little-endian CRC-32 of the M bytes.

/// Largest record payload we accept; a corrupt length field must never allocate gigabytes.
inline constexpr std::size_t kMaxRecordBytes = std::size_t{256} << 20; // bytes

/// Framing overhead around a payload of `payload_bytes` (length varint + CRC).
std::size_t record_overhead(std::size_t payload_bytes);

/// CRC-32 (IEEE 802.3, as zlib) of `bytes`.
std::uint32_t crc32(std::string_view bytes);

/// Appends record(message) to `out`, serializing in place (no intermediate copy).
/// Throws std::length_error if the message exceeds kMaxRecordBytes.
void append_record(std::string& out, const google::protobuf::Message& message);

/// Appends the framing of an already serialized payload.
void append_record_bytes(std::string& out, std::string_view payload);

/// Writes record(message) to `out`; throws std::runtime_error if the stream fails.
void write_record(std::ostream& out, const google::protobuf::Message& message);

/// A record's length prefix.
struct RecordPrefix {
    std::size_t payload_bytes = 0;                                         ///< length of the message bytes
    std::size_t prefix_bytes = 0;                                          ///< bytes of the varint itself
    std::size_t total() const { return prefix_bytes + payload_bytes + 4; } ///< whole record, CRC included
};

/// Decodes the length prefix at bytes[0]; nothing if `bytes` ends inside it. Throws InputError
/// (naming `source` and `offset`) for a malformed or oversized length.
std::optional<RecordPrefix> decode_record_prefix(std::string_view bytes, std::string_view source = "stream",
                                                 std::uint64_t offset = 0);

/// Result of decoding one record from a byte range.
struct DecodedRecord {
    std::string_view payload; ///< the message bytes, pointing into the decoded range
    std::size_t size = 0;     ///< bytes consumed, framing included
};

/// Decodes the record starting at `bytes[0]`. Returns nothing if `bytes` holds only a prefix of
/// a record (more input needed). Throws InputError naming `source` and the byte offset
/// (`offset` = position of bytes[0] in the source) for an oversized length or a bad CRC.
std::optional<DecodedRecord> decode_record(std::string_view bytes, std::string_view source = "stream",
                                           std::uint64_t offset = 0);

/// Reads the next record's payload from `in`. Returns nothing at a clean end of input (no byte
/// left); throws InputError naming `source` on a truncated record, an oversized length or a
/// bad CRC (with the byte offset when the stream can tell it).
std::optional<std::string> read_record(std::istream& in, std::string_view source = "stream");

/// Incremental reader for a byte stream arriving in pieces (the live server's TCP socket):
/// returns the first complete record's payload and erases it from `buffer`, or nothing while the
/// record is incomplete. Throws InputError on an oversized length or a bad CRC.
std::optional<std::string> try_extract_record(std::string& buffer);

/// Parses `payload` into `message`; throws InputError "`source`: cannot decode <type> (what)".
void parse_record(std::string_view payload, google::protobuf::Message& message, std::string_view source,
                  std::string_view what);

} // namespace innosim::io

#pragma once

// The live protocol's framing and limits (sim/proto/live.proto, notes/live.md), shared by the
// server, the client library and the tests.

#include "sim/proto/live.pb.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace innosim::live {

/// live.proto's version; Hello carries it and the server refuses others.
inline constexpr std::uint32_t kProtocolVersion = 1;
/// `innosim serve`'s port unless --port says otherwise.
inline constexpr std::uint16_t kDefaultPort = 7464;
/// Largest client record the server accepts (bytes of payload): requests are small; a scenario
/// text is the largest thing a client sends.
inline constexpr std::size_t kMaxClientRecordBytes = std::size_t{64} << 10;
/// Largest server record a client accepts (bytes): a snapshot of 100k firms is tens of MB.
inline constexpr std::size_t kMaxServerRecordBytes = std::size_t{256} << 20;

/// An immutable, shareable encoded record: one frame is encoded once and queued to every client.
using SharedRecord = std::shared_ptr<const std::string>;

/// record(message): varint length | bytes | CRC-32.
std::string encode(const google::protobuf::Message& message);
SharedRecord encode_shared(const google::protobuf::Message& message);

/// The record of ServerMessage{frame: RunFrame{run_id, frame, index}} built around a frame that
/// is already serialized, without parsing or copying it twice: how a fork re-labels its parent's
/// frames and how the server encodes each frame once.
SharedRecord frame_record(std::uint32_t run_id, std::uint64_t index, std::string_view frame_bytes);

/// The serialized run::Frame inside a record made by frame_record() (a view into `record`).
std::string_view frame_bytes_of(const std::string& record);

/// Cuts records out of a byte stream that arrives in pieces, enforcing a size limit before the
/// record is buffered. Errors are reported, not thrown: the caller decides how to disconnect.
class RecordReader {
public:
    explicit RecordReader(std::size_t max_payload_bytes) : max_payload_(max_payload_bytes) {}

    void append(std::string_view bytes) { buffer_.append(bytes.data(), bytes.size()); }

    enum class Status { Record, NeedMore, Error };
    /// Status::Record with the payload in `payload`, NeedMore, or Error with `error()` set (an
    /// oversized or malformed length, a bad CRC). After an Error the stream is unusable.
    Status next(std::string& payload);
    const std::string& error() const { return error_; }
    std::size_t buffered() const { return buffer_.size() - consumed_; }

private:
    std::size_t max_payload_;
    std::string buffer_;
    std::size_t consumed_ = 0;
    std::string error_;
};

} // namespace innosim::live

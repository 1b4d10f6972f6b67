#include "tools/live/protocol.hpp"

#include "sim/input_error.hpp"
#include "sim/io/record_io.hpp"

#include <stdexcept>

namespace innosim::live {

namespace {

// Protobuf wire format: tag = field number << 3 | wire type (0 varint, 2 length-delimited).
constexpr std::uint32_t kVarint = 0;
constexpr std::uint32_t kLengthDelimited = 2;

void append_varint(std::string& out, std::uint64_t value) {
    while (value >= 0x80) {
        out += static_cast<char>((value & 0x7f) | 0x80);
        value >>= 7;
    }
    out += static_cast<char>(value);
}

void append_tag(std::string& out, std::uint32_t field, std::uint32_t wire_type) {
    append_varint(out, (field << 3U) | wire_type);
}

// Field numbers in live.proto.
constexpr std::uint32_t kServerMessageFrame = 5; // ServerMessage.frame
constexpr std::uint32_t kRunFrameRunId = 1;      // RunFrame.run_id
constexpr std::uint32_t kRunFrameFrame = 2;      // RunFrame.frame
constexpr std::uint32_t kRunFrameIndex = 3;      // RunFrame.index

} // namespace

std::string encode(const google::protobuf::Message& message) {
    std::string out;
    io::append_record(out, message);
    return out;
}

SharedRecord encode_shared(const google::protobuf::Message& message) {
    return std::make_shared<const std::string>(encode(message));
}

SharedRecord frame_record(std::uint32_t run_id, std::uint64_t index, std::string_view frame_bytes) {
    // RunFrame's fields in number order, as protobuf itself writes them, with defaults (0) left out;
    // the frame comes first after run_id so that frame_bytes_of() finds it at a fixed place.
    std::string run_frame;
    run_frame.reserve(frame_bytes.size() + 32);
    if (run_id != 0) {
        append_tag(run_frame, kRunFrameRunId, kVarint);
        append_varint(run_frame, run_id);
    }
    append_tag(run_frame, kRunFrameFrame, kLengthDelimited);
    append_varint(run_frame, frame_bytes.size());
    run_frame.append(frame_bytes.data(), frame_bytes.size());
    if (index != 0) {
        append_tag(run_frame, kRunFrameIndex, kVarint);
        append_varint(run_frame, index);
    }
    std::string message;
    message.reserve(run_frame.size() + 16);
    append_tag(message, kServerMessageFrame, kLengthDelimited);
    append_varint(message, run_frame.size());
    message += run_frame;
    auto record = std::make_shared<std::string>();
    record->reserve(message.size() + 16);
    io::append_record_bytes(*record, message);
    return record;
}

std::string_view frame_bytes_of(const std::string& record) {
    // Walk the framing frame_record() wrote: record length, ServerMessage tag and length, then
    // RunFrame's run_id (optional) and the frame's tag and length.
    const auto varint_at = [&](std::size_t& pos) {
        std::uint64_t value = 0;
        for (int shift = 0; pos < record.size(); shift += 7) {
            const auto byte = static_cast<unsigned char>(record[pos++]);
            value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
            if ((byte & 0x80) == 0) {
                return value;
            }
        }
        throw std::logic_error("frame_bytes_of: not a frame record");
    };
    std::size_t pos = 0;
    varint_at(pos); // record length
    if (varint_at(pos) != ((kServerMessageFrame << 3U) | kLengthDelimited)) {
        throw std::logic_error("frame_bytes_of: not a frame record");
    }
    varint_at(pos); // RunFrame length
    std::uint64_t tag = varint_at(pos);
    if (tag == ((kRunFrameRunId << 3U) | kVarint)) {
        varint_at(pos);
        tag = varint_at(pos);
    }
    if (tag != ((kRunFrameFrame << 3U) | kLengthDelimited)) {
        throw std::logic_error("frame_bytes_of: not a frame record");
    }
    const std::uint64_t size = varint_at(pos);
    if (pos + size > record.size()) {
        throw std::logic_error("frame_bytes_of: truncated frame record");
    }
    return std::string_view(record).substr(pos, static_cast<std::size_t>(size));
}

RecordReader::Status RecordReader::next(std::string& payload) {
    if (!error_.empty()) {
        return Status::Error;
    }
    const std::string_view pending = std::string_view(buffer_).substr(consumed_);
    try {
        const auto prefix = io::decode_record_prefix(pending, "connection", 0);
        if (!prefix) {
            return Status::NeedMore;
        }
        if (prefix->payload_bytes > max_payload_) {
            error_ = "a record of " + std::to_string(prefix->payload_bytes) + " bytes, over the limit of " +
                     std::to_string(max_payload_);
            return Status::Error;
        }
        const auto record = io::decode_record(pending, "connection", 0);
        if (!record) {
            return Status::NeedMore;
        }
        payload.assign(record->payload.data(), record->payload.size());
        consumed_ += record->size;
    } catch (const InputError& e) {
        error_ = e.what();
        return Status::Error;
    }
    // Drop consumed bytes now and then, not per record (that would be quadratic).
    if (consumed_ == buffer_.size()) {
        buffer_.clear();
        consumed_ = 0;
    } else if (consumed_ > (std::size_t{1} << 20) && consumed_ * 2 > buffer_.size()) {
        buffer_.erase(0, consumed_);
        consumed_ = 0;
    }
    return Status::Record;
}

} // namespace innosim::live

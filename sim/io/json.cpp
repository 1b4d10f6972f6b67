#include "sim/io/json.hpp"

#include <google/protobuf/descriptor.h>

#include <array>
#include <charconv>
#include <cmath>
#include <stdexcept>

namespace innosim::io {

namespace {

namespace pb = google::protobuf;

template <class T> std::string shortest(T number) {
    if (!std::isfinite(number)) {
        return "null";
    }
    std::array<char, 64> buffer{};
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), number);
    return {buffer.data(), result.ptr};
}

std::string base64(std::string_view bytes) {
    static constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const auto n = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
        out += {kAlphabet[(n >> 18) & 63], kAlphabet[(n >> 12) & 63], kAlphabet[(n >> 6) & 63], kAlphabet[n & 63]};
    }
    if (const std::size_t rest = bytes.size() - i; rest > 0) {
        unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
        if (rest == 2) {
            n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        }
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += rest == 2 ? kAlphabet[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

} // namespace

std::string json_quote(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    out += '"';
    for (const char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                static constexpr std::string_view kHex = "0123456789abcdef";
                out += "\\u00";
                out += kHex[(c >> 4) & 0xf];
                out += kHex[c & 0xf];
            } else {
                out += c; // UTF-8 passes through unchanged
            }
        }
    }
    out += '"';
    return out;
}

std::string json_number(double number) {
    return shortest(number);
}

JsonWriter::JsonWriter(int indent) : indent_(indent) {}

void JsonWriter::newline(std::size_t depth) {
    if (indent_ > 0) {
        out_ += '\n';
        out_.append(depth * static_cast<std::size_t>(indent_), ' ');
    }
}

void JsonWriter::before_value() {
    if (done_) {
        throw std::logic_error("JsonWriter: value after the document was complete");
    }
    if (stack_.empty()) {
        return;
    }
    Level& level = stack_.back();
    if (level.scope == Scope::kObject) {
        if (!key_pending_) {
            throw std::logic_error("JsonWriter: a value inside an object needs a key first");
        }
        key_pending_ = false;
        return;
    }
    if (!level.empty) {
        out_ += ',';
    }
    level.empty = false;
    newline(stack_.size());
}

JsonWriter& JsonWriter::key(std::string_view name) {
    if (stack_.empty() || stack_.back().scope != Scope::kObject || key_pending_) {
        throw std::logic_error("JsonWriter: key outside an object or twice in a row");
    }
    Level& level = stack_.back();
    if (!level.empty) {
        out_ += ',';
    }
    level.empty = false;
    newline(stack_.size());
    out_ += json_quote(name);
    out_ += indent_ > 0 ? ": " : ":";
    key_pending_ = true;
    return *this;
}

JsonWriter& JsonWriter::raw_value(std::string_view text) {
    before_value();
    out_ += text;
    done_ = stack_.empty();
    return *this;
}

JsonWriter& JsonWriter::begin_object() {
    before_value();
    out_ += '{';
    stack_.push_back({Scope::kObject});
    return *this;
}

JsonWriter& JsonWriter::begin_array() {
    before_value();
    out_ += '[';
    stack_.push_back({Scope::kArray});
    return *this;
}

JsonWriter& JsonWriter::end_object() {
    if (stack_.empty() || stack_.back().scope != Scope::kObject || key_pending_) {
        throw std::logic_error("JsonWriter: end_object without a matching begin_object");
    }
    const bool empty = stack_.back().empty;
    stack_.pop_back();
    if (!empty) {
        newline(stack_.size());
    }
    out_ += '}';
    done_ = stack_.empty();
    return *this;
}

JsonWriter& JsonWriter::end_array() {
    if (stack_.empty() || stack_.back().scope != Scope::kArray) {
        throw std::logic_error("JsonWriter: end_array without a matching begin_array");
    }
    const bool empty = stack_.back().empty;
    stack_.pop_back();
    if (!empty) {
        newline(stack_.size());
    }
    out_ += ']';
    done_ = stack_.empty();
    return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
    return raw_value(json_quote(text));
}
JsonWriter& JsonWriter::value(bool flag) {
    return raw_value(flag ? "true" : "false");
}
JsonWriter& JsonWriter::value(double number) {
    return raw_value(shortest(number));
}
JsonWriter& JsonWriter::value(float number) {
    return raw_value(shortest(number));
}
JsonWriter& JsonWriter::value(std::nullptr_t) {
    return raw_value("null");
}
JsonWriter& JsonWriter::integer(std::int64_t number) {
    return raw_value(std::to_string(number));
}
JsonWriter& JsonWriter::unsigned_integer(std::uint64_t number) {
    return raw_value(std::to_string(number));
}

void JsonWriter::field_value(const pb::Message& message, const pb::FieldDescriptor* field, int index) {
    const pb::Reflection& r = *message.GetReflection();
    const bool repeated = field->is_repeated();
    switch (field->cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_INT32:
        value(repeated ? r.GetRepeatedInt32(message, field, index) : r.GetInt32(message, field));
        break;
    case pb::FieldDescriptor::CPPTYPE_INT64:
        value(repeated ? r.GetRepeatedInt64(message, field, index) : r.GetInt64(message, field));
        break;
    case pb::FieldDescriptor::CPPTYPE_UINT32:
        value(repeated ? r.GetRepeatedUInt32(message, field, index) : r.GetUInt32(message, field));
        break;
    case pb::FieldDescriptor::CPPTYPE_UINT64:
        value(repeated ? r.GetRepeatedUInt64(message, field, index) : r.GetUInt64(message, field));
        break;
    case pb::FieldDescriptor::CPPTYPE_DOUBLE:
        value(repeated ? r.GetRepeatedDouble(message, field, index) : r.GetDouble(message, field));
        break;
    case pb::FieldDescriptor::CPPTYPE_FLOAT:
        value(repeated ? r.GetRepeatedFloat(message, field, index) : r.GetFloat(message, field));
        break;
    case pb::FieldDescriptor::CPPTYPE_BOOL:
        value(repeated ? r.GetRepeatedBool(message, field, index) : r.GetBool(message, field));
        break;
    case pb::FieldDescriptor::CPPTYPE_ENUM: {
        const int number = repeated ? r.GetRepeatedEnumValue(message, field, index) : r.GetEnumValue(message, field);
        if (const auto* enum_value = field->enum_type()->FindValueByNumber(number)) {
            value(enum_value->name());
        } else {
            value(number); // a number this build does not know
        }
        break;
    }
    case pb::FieldDescriptor::CPPTYPE_STRING: {
        std::string scratch;
        const std::string& text = repeated ? r.GetRepeatedStringReference(message, field, index, &scratch)
                                           : r.GetStringReference(message, field, &scratch);
        if (field->type() == pb::FieldDescriptor::TYPE_BYTES) {
            value(base64(text));
        } else {
            value(text);
        }
        break;
    }
    case pb::FieldDescriptor::CPPTYPE_MESSAGE:
        this->message(repeated ? r.GetRepeatedMessage(message, field, index) : r.GetMessage(message, field));
        break;
    }
}

JsonWriter& JsonWriter::message(const pb::Message& message) {
    const pb::Descriptor& descriptor = *message.GetDescriptor();
    const pb::Reflection& r = *message.GetReflection();
    begin_object();
    for (int i = 0; i < descriptor.field_count(); ++i) {
        const pb::FieldDescriptor* field = descriptor.field(i);
        if (field->is_repeated()) {
            key(field->name());
            begin_array();
            for (int j = 0, n = r.FieldSize(message, field); j < n; ++j) {
                field_value(message, field, j);
            }
            end_array();
            continue;
        }
        // A sub-message or oneof member that is not set is absent, not an empty object.
        const bool needs_presence = field->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE ||
                                    field->containing_oneof() != nullptr || field->has_optional_keyword();
        if (needs_presence && !r.HasField(message, field)) {
            continue;
        }
        key(field->name());
        field_value(message, field, -1);
    }
    return end_object();
}

std::string JsonWriter::str() const {
    if (!stack_.empty() || !done_) {
        throw std::logic_error("JsonWriter: document is not complete");
    }
    return out_;
}

std::string to_json(const pb::Message& message, int indent) {
    JsonWriter writer(indent);
    writer.message(message);
    return writer.str();
}

} // namespace innosim::io

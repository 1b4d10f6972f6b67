#pragma once

#include <google/protobuf/message.h>

#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace innosim::io {

/// A small streaming JSON writer for command output (summaries, inspect --json).
///
/// Unlike protobuf's JsonUtil it prints 64-bit integers as numbers (a Rial amount is a number, not a
/// string), doubles with the shortest text that round-trips exactly (non-finite as null), and keeps
/// snake_case proto field names. Misuse (a value where a key is due, unbalanced end_*) is a bug and
/// throws std::logic_error.
class JsonWriter {
public:
    /// `indent` spaces per level; 0 or less writes everything on one line.
    explicit JsonWriter(int indent = 2);

    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    /// The key of the next member of the current object.
    JsonWriter& key(std::string_view name);

    JsonWriter& value(std::string_view text);
    JsonWriter& value(const char* text) { return value(std::string_view(text)); }
    JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
    JsonWriter& value(bool flag);
    JsonWriter& value(double number);
    JsonWriter& value(float number);
    JsonWriter& value(std::nullptr_t);
    template <std::integral T>
    requires(!std::same_as<T, bool>) JsonWriter& value(T number) {
        if constexpr (std::signed_integral<T>) {
            return integer(static_cast<std::int64_t>(number));
        } else {
            return unsigned_integer(static_cast<std::uint64_t>(number));
        }
    }
    /// A protobuf message as an object: every field by its proto name, scalars even when zero,
    /// enums by name, repeated fields as arrays, unset sub-messages and oneof members left out.
    JsonWriter& message(const google::protobuf::Message& message);

    /// Shorthand for key(name).value(v).
    template <class T> JsonWriter& member(std::string_view name, const T& v) { return key(name).value(v); }

    /// The document; every object and array must be closed.
    std::string str() const;

private:
    enum class Scope { kObject, kArray };
    struct Level {
        Scope scope;
        bool empty = true;
    };
    JsonWriter& integer(std::int64_t number);
    JsonWriter& unsigned_integer(std::uint64_t number);
    JsonWriter& raw_value(std::string_view text);
    void before_value();
    void newline(std::size_t depth);
    void field_value(const google::protobuf::Message& message, const google::protobuf::FieldDescriptor* field,
                     int index);

    int indent_;
    std::string out_;
    std::vector<Level> stack_;
    bool key_pending_ = false;
    bool done_ = false;
};

/// `message` as JSON (see JsonWriter::message).
std::string to_json(const google::protobuf::Message& message, int indent = 2);

/// `text` as a quoted JSON string with escapes.
std::string json_quote(std::string_view text);

/// The shortest decimal text that parses back to exactly `number` ("0.1", "1e+300"); "null" for NaN/inf.
std::string json_number(double number);

} // namespace innosim::io

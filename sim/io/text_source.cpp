#include "sim/io/text_source.hpp"

#include "sim/input_error.hpp"
#include "sim/io/number_text.hpp"
#include "sim/io/overrides.hpp"
#include "sim/proto/options.pb.h"
#include "sim/text.hpp"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/tokenizer.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <regex>

namespace innosim::io {

namespace {

namespace pb = google::protobuf;

constexpr int kTabWidth = 8; // protobuf's tokenizer advances its column to the next multiple of 8 on a tab

std::vector<std::size_t> line_starts(std::string_view text) {
    std::vector<std::size_t> starts = {0};
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n') {
            starts.push_back(i + 1);
        }
    }
    return starts;
}

std::string_view line_at(std::string_view text, const std::vector<std::size_t>& starts, std::size_t line0) {
    if (line0 >= starts.size()) {
        return {};
    }
    const std::size_t start = starts[line0];
    const std::size_t end = line0 + 1 < starts.size() ? starts[line0 + 1] - 1 : text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
    }
    return line;
}

/// 0-based byte index on `line` of protobuf's 0-based, tab-expanded column.
std::size_t char_index(std::string_view line, int visual_column) {
    int visual = 0;
    std::size_t index = 0;
    for (; index < line.size() && visual < visual_column; ++index) {
        visual = line[index] == '\t' ? visual + kTabWidth - visual % kTabWidth : visual + 1;
    }
    return index + static_cast<std::size_t>(std::max(0, visual_column - visual));
}

std::string quote(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out + "\"";
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool is_integer(const pb::FieldDescriptor& field) {
    switch (field.cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_INT32:
    case pb::FieldDescriptor::CPPTYPE_INT64:
    case pb::FieldDescriptor::CPPTYPE_UINT32:
    case pb::FieldDescriptor::CPPTYPE_UINT64:
        return true;
    default:
        return false;
    }
}

bool is_floating(const pb::FieldDescriptor& field) {
    return field.cpp_type() == pb::FieldDescriptor::CPPTYPE_DOUBLE ||
           field.cpp_type() == pb::FieldDescriptor::CPPTYPE_FLOAT;
}

std::string format_bound(double value) {
    if (std::floor(value) == value && std::fabs(value) < 1e18) {
        return std::to_string(static_cast<long long>(value));
    }
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", value);
    return buffer;
}

/// A whole number of the field's C++ type, or why not.
std::optional<std::string> whole_for(const pb::FieldDescriptor& field, std::string_view text, std::string& why) {
    const bool is_unsigned = field.cpp_type() == pb::FieldDescriptor::CPPTYPE_UINT32 ||
                             field.cpp_type() == pb::FieldDescriptor::CPPTYPE_UINT64;
    const bool wide = field.cpp_type() == pb::FieldDescriptor::CPPTYPE_INT64 ||
                      field.cpp_type() == pb::FieldDescriptor::CPPTYPE_UINT64;
    if (is_unsigned) {
        if (const auto negative = parse_whole(text); negative && *negative < 0) {
            why = "is below 0";
            return std::nullopt;
        }
        const auto value = parse_whole_unsigned(text);
        if (!value || (!wide && *value > std::numeric_limits<std::uint32_t>::max())) {
            why = value ? "is too large" : whole_number_problem(text);
            return std::nullopt;
        }
        return std::to_string(*value);
    }
    const auto value = parse_whole(text);
    if (!value || (!wide && (*value < std::numeric_limits<std::int32_t>::min() ||
                             *value > std::numeric_limits<std::int32_t>::max()))) {
        why = value ? "is too large" : whole_number_problem(text);
        return std::nullopt;
    }
    return std::to_string(*value);
}

/// Number forms protobuf reads itself and the grammar does not: hex, a float suffix, inf, nan.
bool protobuf_number(std::string_view text) {
    std::string word = lower(text);
    if (!word.empty() && (word.front() == '-' || word.front() == '+')) {
        word.erase(0, 1);
    }
    return word.starts_with("0x") || word == "inf" || word == "infinity" || word == "nan" ||
           (word.size() > 1 && word.back() == 'f' && plain_number(word.substr(0, word.size() - 1)));
}

// [SECTION] The pass before protobuf's parser

/// Walks the text the way protobuf's text format nests (`name: value`, `name { ... }`, lists in
/// `[ ]`), knowing each field's type. Where it meets something it does not follow (an extension
/// name, an unterminated string), it stops and leaves the rest to protobuf, which reports it.
class Prepass {
public:
    Prepass(TextSource& source, std::vector<std::string>& errors)
        : source_(source), text_(source.text()), errors_(errors) {}

    void run(const pb::Descriptor& type) {
        body(type, "", 0);
        source_.finish();
    }

private:
    enum class Kind { End, Ident, String, Word, Punct };
    struct Token {
        Kind kind = Kind::End;
        std::size_t begin = 0;
        std::size_t end = 0;
        std::string value; ///< the string's contents, the identifier or the word
    };

    // --- lexing ---

    void skip_space() {
        while (pos_ < text_.size()) {
            const char c = text_[pos_];
            if (c == '#') {
                while (pos_ < text_.size() && text_[pos_] != '\n') {
                    ++pos_;
                }
            } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
                ++pos_;
            } else {
                return;
            }
        }
    }

    static bool is_punct(char c) { return std::string_view("{}<>[]:;,").find(c) != std::string_view::npos; }
    static bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_'; }
    static bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

    char peek() {
        skip_space();
        return pos_ < text_.size() ? text_[pos_] : '\0';
    }

    /// The next token; `commas`: a ',' between digits belongs to a number (outside lists).
    std::optional<Token> next(bool commas) {
        skip_space();
        Token token;
        token.begin = pos_;
        if (pos_ >= text_.size()) {
            return token;
        }
        const char c = text_[pos_];
        if (c == '"' || c == '\'') {
            // One or more adjacent strings (protobuf concatenates them).
            token.kind = Kind::String;
            while (pos_ < text_.size() && (text_[pos_] == '"' || text_[pos_] == '\'')) {
                const char q = text_[pos_++];
                while (pos_ < text_.size() && text_[pos_] != q) {
                    if (text_[pos_] == '\n') {
                        return std::nullopt; // unterminated: protobuf says so
                    }
                    if (text_[pos_] == '\\') {
                        token.value += '\\'; // escapes: the contents are used only when plain
                        ++pos_;
                    }
                    token.value += text_[pos_++];
                }
                if (pos_ >= text_.size()) {
                    return std::nullopt;
                }
                ++pos_;
                token.end = pos_;
                skip_space();
            }
            pos_ = token.end;
            return token;
        }
        if (is_punct(c)) {
            token.kind = Kind::Punct;
            token.value = std::string(1, c);
            token.end = ++pos_;
            return token;
        }
        if (ident_start(c)) {
            token.kind = Kind::Ident;
            while (pos_ < text_.size() && ident_char(text_[pos_])) {
                ++pos_;
            }
        } else {
            token.kind = Kind::Word;
            while (pos_ < text_.size()) {
                const char d = text_[pos_];
                const bool space = d == ' ' || d == '\t' || d == '\n' || d == '\r';
                const bool digit_comma = commas && d == ',' && pos_ > token.begin && pos_ + 1 < text_.size() &&
                                         std::isdigit(static_cast<unsigned char>(text_[pos_ - 1])) != 0 &&
                                         std::isdigit(static_cast<unsigned char>(text_[pos_ + 1])) != 0;
                if (space || d == '#' || d == '"' || d == '\'' || (is_punct(d) && !digit_comma)) {
                    break;
                }
                ++pos_;
            }
        }
        token.end = pos_;
        token.value = text_.substr(token.begin, token.end - token.begin);
        return token;
    }

    // --- reporting ---

    void error(std::size_t offset, const std::string& path, const std::string& message) {
        const Location at = source_.at_offset(offset);
        errors_.push_back(source_.where(at) + ": " + path + ": " + message + source_.show(at));
    }

    void blank(std::size_t begin, std::size_t end) {
        std::string spaces;
        for (std::size_t i = begin; i < end; ++i) {
            spaces += text_[i] == '\n' ? '\n' : ' ';
        }
        source_.replace(begin, end - begin, std::move(spaces));
    }

    // --- structure ---

    /// Skips one value after `name` (and its optional ':'): a scalar, a list or a block.
    bool skip_value() {
        const char c = peek();
        if (c == '{' || c == '<' || c == '[') {
            int depth = 0;
            while (true) {
                const auto token = next(false);
                if (!token || token->kind == Kind::End) {
                    return false;
                }
                if (token->kind == Kind::Punct) {
                    const char p = token->value[0];
                    depth += (p == '{' || p == '<' || p == '[') ? 1 : (p == '}' || p == '>' || p == ']') ? -1 : 0;
                }
                if (depth == 0) {
                    return true;
                }
            }
        }
        const auto token = next(true);
        return token && token->kind != Kind::End && token->kind != Kind::Punct;
    }

    void body(const pb::Descriptor& type, const std::string& prefix, char close) {
        std::map<int, int> counts; // repeated field number -> elements seen
        while (!stopped_) {
            const char c = peek();
            if (c == '\0') {
                stopped_ = close != 0;
                return;
            }
            if (c == close) {
                ++pos_;
                return;
            }
            const auto name = next(false);
            if (!name || name->kind != Kind::Ident) {
                stopped_ = true; // an extension "[...]" or a syntax error: protobuf's to report
                return;
            }
            const pb::FieldDescriptor* field = type.FindFieldByName(name->value);
            if (peek() == ':') {
                ++pos_;
            }
            if (field == nullptr) {
                std::string message = "no such field in " + type.name();
                const std::vector<std::string> names = field_names(type);
                const std::string suggestion = did_you_mean(name->value, names);
                message += suggestion.empty() ? "; expected one of " + join_names(names) : "; " + suggestion;
                error(name->begin, prefix + name->value, message);
                if (!skip_value()) {
                    stopped_ = true;
                    return;
                }
                blank(name->begin, pos_);
                separator();
                continue;
            }
            const std::string path = prefix + field->name();
            if (field->is_repeated() && peek() == '[') {
                ++pos_;
                if (peek() == ']') {
                    ++pos_;
                } else {
                    while (!stopped_) {
                        element(*field, path + "[" + std::to_string(counts[field->number()]++) + "]", name->begin,
                                true);
                        const char after = peek();
                        if (after == ']') {
                            ++pos_;
                            break;
                        }
                        if (after != ',') {
                            stopped_ = true;
                            break;
                        }
                        ++pos_;
                    }
                }
            } else {
                const std::string element_path =
                    field->is_repeated() ? path + "[" + std::to_string(counts[field->number()]++) + "]" : path;
                element(*field, element_path, name->begin, false);
            }
            separator();
        }
    }

    void separator() {
        const char c = peek();
        if (c == ',' || c == ';') {
            ++pos_;
        }
    }

    /// One value of `field`: a block for messages, else a scalar by the field's type.
    void element(const pb::FieldDescriptor& field, const std::string& path, std::size_t field_begin, bool in_list) {
        const char c = peek();
        if (in_list) {
            source_.note_list_element(path, pos_);
        }
        const bool is_message = field.cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE;
        if (c == '{' || c == '<') {
            if (is_message) {
                ++pos_;
                body(*field.message_type(), path + ".", c == '{' ? '}' : '>');
                return;
            }
            const std::size_t begin = pos_;
            if (!skip_value()) {
                stopped_ = true;
                return;
            }
            error(begin, path, "a single value, not a group in { }; expected " + expected_value(field));
            if (!in_list) {
                blank(field_begin, pos_);
            }
            return;
        }
        const auto token = next(!in_list);
        if (!token || token->kind == Kind::End || token->kind == Kind::Punct) {
            stopped_ = true;
            return;
        }
        if (is_message) {
            return; // protobuf says a block was expected
        }
        scalar(field, path, *token, field_begin, in_list);
    }

    void scalar(const pb::FieldDescriptor& field, const std::string& path, const Token& token, std::size_t field_begin,
                bool in_list) {
        // A refused value: report it and keep the parser going without it.
        const auto refuse = [&](const std::string& message) {
            error(token.begin, path, message);
            if (in_list) {
                source_.replace(token.begin, token.end - token.begin, placeholder(field));
            } else {
                blank(field_begin, token.end);
            }
        };
        const std::string shown = token.kind == Kind::String ? quote(token.value) : token.value;
        if (is_integer(field) || is_floating(field)) {
            if (token.kind != Kind::String && protobuf_number(token.value)) {
                return; // protobuf reads it (or says why not)
            }
            std::string replacement;
            if (is_integer(field)) {
                std::string why;
                const auto whole = whole_for(field, token.value, why);
                if (!whole) {
                    refuse(shown + " " + why + "; expected " + expected_value(field) + ", " +
                           std::string(kNumberExamples));
                    return;
                }
                replacement = *whole;
            } else {
                const auto plain = plain_number(token.value);
                if (!plain || !parse_real(*plain)) {
                    refuse(shown + " is not a number; expected " + expected_value(field) + ", " +
                           std::string(kNumberExamples));
                    return;
                }
                replacement = *plain;
            }
            if (replacement != token.value || token.kind == Kind::String) {
                source_.replace(token.begin, token.end - token.begin, replacement);
            }
            return;
        }
        switch (field.cpp_type()) {
        case pb::FieldDescriptor::CPPTYPE_STRING:
            if (token.kind == Kind::Word) {
                source_.replace(token.begin, token.end - token.begin, quote(token.value)); // 120, 1403/01/01
            } else if (token.kind == Kind::Ident) {
                refuse(token.value + " is not quoted; expected text in quotes: " + quote(token.value));
            }
            return;
        case pb::FieldDescriptor::CPPTYPE_ENUM: {
            if (token.kind == Kind::Word) {
                return; // a number: protobuf checks it
            }
            const pb::EnumDescriptor& type = *field.enum_type();
            if (type.FindValueByName(token.value) != nullptr) {
                if (token.kind == Kind::String) {
                    source_.replace(token.begin, token.end - token.begin, token.value);
                }
                return;
            }
            const std::vector<std::string> names = enum_names(type);
            const std::string suggestion = did_you_mean(token.value, names);
            refuse(shown + " is not a " + type.name() + "; expected " + expected_value(field) +
                   (suggestion.empty() ? "" : "; " + suggestion));
            return;
        }
        default:
            return; // bool: protobuf reads true/false/t/f/1/0 and says what else it expects
        }
    }

    /// A value the parser accepts in place of a refused list element (the element was reported).
    static std::string placeholder(const pb::FieldDescriptor& field) {
        const pb::FieldOptions& options = field.options();
        if (field.cpp_type() == pb::FieldDescriptor::CPPTYPE_STRING) {
            return "\"\"";
        }
        if (field.cpp_type() == pb::FieldDescriptor::CPPTYPE_ENUM) {
            return "0";
        }
        const double low = options.HasExtension(options::min) ? options.GetExtension(options::min) : 0.0;
        return is_integer(field) ? std::to_string(static_cast<long long>(std::ceil(low))) : format_bound(low);
    }

    TextSource& source_;
    const std::string& text_;
    std::vector<std::string>& errors_;
    std::size_t pos_ = 0;
    bool stopped_ = false;
};

// [SECTION] protobuf's own errors

/// Adds to protobuf's message what a planner needs to fix the line: the field the value belongs
/// to, or for an unknown field the closest valid name.
std::string explain(std::string_view line, std::size_t column, const std::string& message) {
    static const std::regex kUnknownField(R"re(Message type "([\w.]+)" has no field named "(\w+)")re");
    std::smatch match;
    if (std::regex_search(message, match, kUnknownField)) {
        const pb::Descriptor* type = pb::DescriptorPool::generated_pool()->FindMessageTypeByName(match[1].str());
        if (type == nullptr) {
            return message;
        }
        const std::vector<std::string> names = field_names(*type);
        const std::string suggestion = did_you_mean(match[2].str(), names);
        return message + (suggestion.empty() ? " Valid fields: " + join_names(names) + "." : " " + suggestion);
    }
    std::string text = message;
    if (text.ends_with("got: -")) {
        text += " (this field cannot be negative)";
    }
    // A bad value: name the field it was meant for ("capacity: \"abc\"" -> capacity).
    const std::string before(line.substr(0, std::min(line.size(), column)));
    static const std::regex kFieldBeforeValue(R"((\w+)\s*:\s*\[?[^:]*$)");
    if (std::regex_search(before, match, kFieldBeforeValue)) {
        return "field '" + match[1].str() + "': " + text;
    }
    return text;
}

class CollectErrors : public pb::io::ErrorCollector {
public:
    CollectErrors(const TextSource& source, std::vector<std::string>& errors) : source_(source), errors_(errors) {}

    void AddError(int line, pb::io::ColumnNumber column, const std::string& message) override {
        if (line < 0) {
            errors_.push_back(source_.file() + ": " + message);
            return;
        }
        std::size_t offset = source_.offset_of(line, column);
        const std::string& text = source_.text();
        const std::size_t newline = offset == 0 ? std::string::npos : text.rfind('\n', offset - 1);
        const std::size_t line_start = newline == std::string::npos ? 0 : newline + 1;
        const std::size_t line_end = std::min(text.size(), text.find('\n', line_start));
        const std::string_view written = std::string_view(text).substr(line_start, line_end - line_start);
        // Protobuf reports an unknown field after its name; point at the name itself.
        static const std::regex kUnknownName(R"re(has no field named "(\w+)")re");
        if (std::smatch match; std::regex_search(message, match, kUnknownName)) {
            const std::size_t name = written.rfind(match[1].str(), offset - line_start);
            if (name != std::string_view::npos) {
                offset = line_start + name;
            }
        }
        const Location at = source_.at_offset(offset);
        errors_.push_back(source_.where(at) + ": " + explain(written, offset - line_start, message) + source_.show(at));
    }

private:
    const TextSource& source_;
    std::vector<std::string>& errors_;
};

} // namespace

// [SECTION] TextSource

TextSource::TextSource(std::string file, std::string text) : file_(std::move(file)), text_(std::move(text)) {
    finish();
}

void TextSource::replace(std::size_t offset, std::size_t length, std::string with) {
    edits_.push_back({offset, length, std::move(with)});
}

void TextSource::finish() {
    std::stable_sort(edits_.begin(), edits_.end(), [](const Edit& a, const Edit& b) { return a.offset < b.offset; });
    parser_text_.clear();
    std::size_t at = 0;
    for (const Edit& edit : edits_) {
        parser_text_.append(text_, at, edit.offset - at);
        parser_text_ += edit.with;
        at = edit.offset + edit.length;
    }
    parser_text_.append(text_, at, std::string::npos);
    line_starts_ = line_starts(text_);
    parser_line_starts_ = line_starts(parser_text_);
}

std::size_t TextSource::original_offset(std::size_t parser_offset) const {
    long shift = 0; // parser offset - original offset, before the edit looked at
    for (const Edit& edit : edits_) {
        const std::size_t parser_begin = static_cast<std::size_t>(static_cast<long>(edit.offset) + shift);
        if (parser_offset < parser_begin) {
            break;
        }
        if (parser_offset < parser_begin + edit.with.size()) {
            return edit.offset + std::min(parser_offset - parser_begin, edit.length);
        }
        shift += static_cast<long>(edit.with.size()) - static_cast<long>(edit.length);
    }
    return static_cast<std::size_t>(static_cast<long>(parser_offset) - shift);
}

std::size_t TextSource::offset_of(int line0, int column0) const {
    const auto line = static_cast<std::size_t>(std::max(0, line0));
    const std::string_view parsed = line_at(parser_text_, parser_line_starts_, line);
    const std::size_t start = line < parser_line_starts_.size() ? parser_line_starts_[line] : parser_text_.size();
    return std::min(text_.size(), original_offset(start + char_index(parsed, column0)));
}

Location TextSource::map(int line0, int column0) const {
    if (line0 < 0) {
        return {};
    }
    return at_offset(offset_of(line0, column0));
}

Location TextSource::map(const pb::TextFormat::ParseLocation& at) const {
    return map(at.line, at.column);
}

Location TextSource::list_element(const std::string& indexed_path) const {
    const auto found = list_elements_.find(indexed_path);
    return found == list_elements_.end() ? Location{} : at_offset(found->second);
}

void TextSource::note_list_element(std::string indexed_path, std::size_t offset) {
    list_elements_[std::move(indexed_path)] = offset;
}

Location TextSource::at_offset(std::size_t offset) const {
    offset = std::min(offset, text_.size());
    const auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    const auto line = static_cast<std::size_t>(after - line_starts_.begin()) - 1;
    // Columns count characters as an editor does, not UTF-8 bytes ("۱۲۰" is three columns).
    int column = 1;
    for (std::size_t i = line_starts_[line]; i < offset; ++i) {
        column += (static_cast<unsigned char>(text_[i]) & 0xC0) == 0x80 ? 0 : 1;
    }
    return {static_cast<int>(line) + 1, column};
}

std::string TextSource::where(Location at) const {
    return at.known() ? file_ + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) : file_;
}

std::string TextSource::show(Location at) const {
    if (!at.known()) {
        return {};
    }
    const std::string_view line = line_at(text_, line_starts_, static_cast<std::size_t>(at.line - 1));
    std::string caret;
    int column = 1;
    for (std::size_t i = 0; i < line.size() && column < at.column; ++i) {
        if ((static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) {
            continue; // the rest of a multi-byte character
        }
        caret += line[i] == '\t' ? '\t' : ' ';
        ++column;
    }
    return "\n    " + std::string(line) + "\n    " + caret + "^";
}

// [SECTION] Parsing

bool parse_text_format(TextSource& source, pb::Message& out, pb::TextFormat::ParseInfoTree* locations,
                       std::vector<std::string>& errors) {
    out.Clear();
    Prepass(source, errors).run(*out.GetDescriptor());
    CollectErrors collector(source, errors);
    pb::TextFormat::Parser parser;
    parser.RecordErrorsTo(&collector);
    if (locations != nullptr) {
        parser.WriteLocationsTo(locations);
    }
    if (!parser.ParseFromString(source.parser_text(), &out)) {
        if (errors.empty()) {
            errors.push_back(source.file() + ": not a valid " + out.GetDescriptor()->name());
        }
        return false;
    }
    return true;
}

std::string expected_value(const pb::FieldDescriptor& field) {
    const pb::FieldOptions& options = field.options();
    const std::string& unit = options.GetExtension(options::unit);
    const bool has_min = options.HasExtension(options::min);
    const bool has_max = options.HasExtension(options::max);
    const bool is_unsigned = field.cpp_type() == pb::FieldDescriptor::CPPTYPE_UINT32 ||
                             field.cpp_type() == pb::FieldDescriptor::CPPTYPE_UINT64;
    if (is_integer(field) || is_floating(field)) {
        std::string text = is_integer(field) ? "a whole number" : "a number";
        const double min = has_min ? options.GetExtension(options::min) : 0.0;
        if ((has_min || is_unsigned) && has_max) {
            text += " from " + format_bound(min) + " to " + format_bound(options.GetExtension(options::max));
        } else if (has_min || is_unsigned) {
            text += " >= " + format_bound(min);
        } else if (has_max) {
            text += " <= " + format_bound(options.GetExtension(options::max));
        }
        const bool unit_is_range = unit.find("..") != std::string::npos; // "0..1" says the range again
        return unit.empty() || (unit_is_range && (has_min || has_max)) ? text : text + " (" + unit + ")";
    }
    switch (field.cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_STRING:
        return options.GetExtension(options::jalali_date) ? "a Solar Hijri date \"YYYY/MM/DD\" such as \"1404/01/01\""
                                                          : "text in quotes";
    case pb::FieldDescriptor::CPPTYPE_ENUM: {
        std::vector<std::string> names = enum_names(*field.enum_type());
        names.erase(std::remove_if(names.begin(), names.end(),
                                   [](const std::string& n) { return n.ends_with("_UNSPECIFIED"); }),
                    names.end());
        return "one of " + join_names(names);
    }
    case pb::FieldDescriptor::CPPTYPE_BOOL:
        return "true or false";
    default:
        return "a group of settings { ... } (fields: " + join_names(field_names(*field.message_type())) + ")";
    }
}

std::vector<std::string> field_names(const pb::Descriptor& type) {
    std::vector<std::string> names;
    for (int i = 0; i < type.field_count(); ++i) {
        names.push_back(type.field(i)->name());
    }
    return names;
}

std::vector<std::string> enum_names(const pb::EnumDescriptor& type) {
    std::vector<std::string> names;
    for (int i = 0; i < type.value_count(); ++i) {
        names.push_back(type.value(i)->name());
    }
    return names;
}

Location locate_field(const pb::Message& root, const pb::TextFormat::ParseInfoTree* tree, const TextSource& source,
                      std::string_view path) {
    if (tree == nullptr) {
        return {};
    }
    std::vector<PathStep> steps;
    try {
        steps = parse_field_path(path);
    } catch (const InputError&) {
        return {};
    }
    const pb::Message* message = &root;
    Location best;
    std::string indexed; // the path walked so far, elements by index (as the pass records them)
    for (const PathStep& step : steps) {
        const pb::FieldDescriptor* field = message->GetDescriptor()->FindFieldByName(step.field);
        if (field == nullptr || (step.selector && !field->is_repeated())) {
            break;
        }
        const bool is_message = field->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE;
        int index = -1;
        if (field->is_repeated()) {
            if (!step.selector) {
                index = 0; // the list as a whole: where its first element was written
            } else if (is_message) {
                try {
                    index = select_element(*message, field, *step.selector);
                } catch (const InputError&) {
                    break;
                }
            } else {
                index = std::atoi(step.selector->c_str());
            }
        }
        indexed += (indexed.empty() ? "" : ".") + field->name() + (index >= 0 ? "[" + std::to_string(index) + "]" : "");
        if (const Location element = source.list_element(indexed); element.known()) {
            best = element; // an element of a list in brackets: protobuf has one location for the list
            if (!is_message) {
                break;
            }
        } else {
            const pb::TextFormat::ParseLocation at = tree->GetLocation(field, index);
            if (at.line < 0) {
                break;
            }
            best = source.map(at);
        }
        if (!is_message || (field->is_repeated() && !step.selector)) {
            break;
        }
        tree = tree->GetTreeForNested(field, index);
        const pb::Reflection& r = *message->GetReflection();
        message = index >= 0 ? &r.GetRepeatedMessage(*message, field, index) : &r.GetMessage(*message, field);
        if (tree == nullptr) {
            break;
        }
    }
    return best;
}

} // namespace innosim::io

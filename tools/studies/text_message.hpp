#pragma once

// A generic text-format Protobuf loader that remembers where each field was written, so that a
// study file's errors (or any other text-format input's) name file:line:col. It reads files
// through the same pass as scenarios (sim/io/text_source.hpp): one number grammar, every unknown
// field reported with the nearest valid name.

#include "sim/io/text_source.hpp"

#include <google/protobuf/message.h>
#include <google/protobuf/text_format.h>

#include <memory>
#include <string>
#include <string_view>

namespace innosim::studies {

/// The source of a parsed text-format message and where its fields were written.
class TextSource {
public:
    TextSource() = default;
    TextSource(io::TextSource source, std::shared_ptr<const google::protobuf::TextFormat::ParseInfoTree> locations);

    const std::string& file() const { return source_.file(); }
    const std::string& text() const { return source_.text(); }

    /// Where the field at `path` of `root` ("levers[2].values[1]", "replications") was written,
    /// or its nearest written ancestor, or {0, 0}.
    io::Location locate(const google::protobuf::Message& root, std::string_view path) const;
    /// "file:line:col" of `path` (just "file" when nothing on the path was written).
    std::string where(const google::protobuf::Message& root, std::string_view path) const;

private:
    io::TextSource source_;
    std::shared_ptr<const google::protobuf::TextFormat::ParseInfoTree> locations_;
};

/// Parses `text` into `out` (cleared first). Syntax errors, unknown fields and wrong types throw
/// one InputError listing every problem as "file:line:col: message" with the line and a caret.
TextSource parse_text_message(std::string text, std::string file, google::protobuf::Message& out);

} // namespace innosim::studies

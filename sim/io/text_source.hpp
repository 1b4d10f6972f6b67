#pragma once

// Text-format input (scenarios, studies) as people write it, and as protobuf's parser reads it.
//
// Before protobuf parses a file, one pass over it (knowing the message types) makes it read the
// way planners write: numbers in the one number grammar (sim/io/number_text.hpp) whether quoted
// or not, numbers and dates given to text fields without quotes, enum names in quotes. Fields
// protobuf would stop at (an unknown name, a value of the wrong kind) are reported there, with the
// nearest valid name, and left out, so that one pass reports all of them. Every location protobuf
// reports in the rewritten text is mapped back to the file as written.

#include <google/protobuf/message.h>
#include <google/protobuf/text_format.h>

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace innosim::io {

/// A position in a text file; 1-based (the column counts characters, as editors do: a tab is one,
/// "۱۲۰" is three). {0, 0} means
/// "not written in the file".
struct Location {
    int line = 0;
    int column = 0;
    bool known() const { return line > 0; }
};

/// A file's text as written and as handed to protobuf's parser, with the map between the two.
class TextSource {
public:
    TextSource() = default;
    TextSource(std::string file, std::string text);

    const std::string& file() const { return file_; }
    /// The file as written.
    const std::string& text() const { return text_; }
    /// The text protobuf parsed (text() with the rewrites described above).
    const std::string& parser_text() const { return parser_text_; }

    /// A location protobuf reported in parser_text() (0-based line, 0-based column with tabs
    /// expanded to multiples of 8) as a location in the file as written.
    Location map(int line0, int column0) const;
    Location map(const google::protobuf::TextFormat::ParseLocation& at) const;
    /// The byte offset in text() of that location.
    std::size_t offset_of(int line0, int column0) const;
    /// The location of byte `offset` of text().
    Location at_offset(std::size_t offset) const;

    /// "file:line:col", or "file" when `at` is not known.
    std::string where(Location at) const;
    /// The line at `at` and a caret under its column, each on its own indented line after a
    /// newline; empty when `at` is not known.
    std::string show(Location at) const;

    /// Replaces `length` bytes of text() at `offset` for the parser. Calls come in increasing,
    /// non-overlapping order; finish() builds parser_text().
    void replace(std::size_t offset, std::size_t length, std::string with);
    void finish();

    /// Where the element of a list written in brackets ("levers[0].values[1]" in
    /// `values: [0.5, 1.5]`) was written: protobuf records one location for the whole list, the
    /// pass before it records each element. Unknown paths give {0, 0}.
    Location list_element(const std::string& indexed_path) const;
    void note_list_element(std::string indexed_path, std::size_t offset);

private:
    struct Edit {
        std::size_t offset; ///< in text()
        std::size_t length; ///< bytes of text() replaced
        std::string with;
    };
    std::size_t original_offset(std::size_t parser_offset) const;

    std::string file_;
    std::string text_;
    std::string parser_text_;
    std::vector<Edit> edits_;
    std::map<std::string, std::size_t> list_elements_; ///< indexed path -> offset in text()
    std::vector<std::size_t> line_starts_;             ///< of text()
    std::vector<std::size_t> parser_line_starts_;      ///< of parser_text()
};

/// Parses `source` into `out` (cleared first) through the pass described above, recording field
/// locations into `locations` (may be null). Every problem found is appended to `errors` as
/// "file:line:col: field: what is wrong; what is expected; did you mean ...?" followed by the line
/// and a caret. Returns false if protobuf could not parse the text at all.
bool parse_text_format(TextSource& source, google::protobuf::Message& out,
                       google::protobuf::TextFormat::ParseInfoTree* locations, std::vector<std::string>& errors);

/// What a field takes, for messages: "a whole number from 0 to 720 (days)", "a number from 0 to 1
/// (share)", "a Solar Hijri date \"YYYY/MM/DD\"", "one of REVENUE, COST, ...", "true or false".
std::string expected_value(const google::protobuf::FieldDescriptor& field);

/// The names of a message's fields, for "did you mean" and lists.
std::vector<std::string> field_names(const google::protobuf::Descriptor& type);
/// The names of an enum's values.
std::vector<std::string> enum_names(const google::protobuf::EnumDescriptor& type);

/// Where the field at `path` of `root` was written ("levers[2].values[1]", "factory.capacity",
/// "departments[Transport & Traffic].district": indices or element names), or its nearest written
/// ancestor, or {0, 0}.
Location locate_field(const google::protobuf::Message& root, const google::protobuf::TextFormat::ParseInfoTree* tree,
                      const TextSource& source, std::string_view path);

} // namespace innosim::io

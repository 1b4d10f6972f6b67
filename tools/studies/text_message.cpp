#include "tools/studies/text_message.hpp"

#include "sim/input_error.hpp"
#include "sim/io/scenario_parser.hpp"

#include <vector>

namespace innosim::studies {

namespace pb = google::protobuf;

TextSource::TextSource(io::TextSource source, std::shared_ptr<const pb::TextFormat::ParseInfoTree> locations)
    : source_(std::move(source)), locations_(std::move(locations)) {}

io::Location TextSource::locate(const pb::Message& root, std::string_view path) const {
    return io::locate_field(root, locations_.get(), source_, path);
}

std::string TextSource::where(const pb::Message& root, std::string_view path) const {
    return source_.where(locate(root, path));
}

TextSource parse_text_message(std::string text, std::string file, pb::Message& out) {
    io::TextSource source(std::move(file), std::move(text));
    auto tree = std::make_shared<pb::TextFormat::ParseInfoTree>();
    std::vector<std::string> errors;
    io::parse_text_format(source, out, tree.get(), errors);
    io::sort_errors(errors, source.file());
    io::throw_if_errors(errors);
    return TextSource(std::move(source), std::move(tree));
}

} // namespace innosim::studies

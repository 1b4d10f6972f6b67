#include "tools/studies/text_message.hpp"

#include "sim/input_error.hpp"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/tokenizer.h>

#include <algorithm>
#include <charconv>
#include <vector>

namespace innosim::studies {

namespace {

namespace pb = google::protobuf;

constexpr int kTabWidth = 8; // protobuf's tokenizer moves its column to the next multiple of 8 on a tab

std::string_view line_of(std::string_view text, int line0) {
    std::size_t start = 0;
    for (int i = 0; i < line0; ++i) {
        start = text.find('\n', start);
        if (start == std::string_view::npos) {
            return {};
        }
        ++start;
    }
    const std::size_t end = text.find('\n', start);
    return text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

/// 0-based character index on `line` of protobuf's 0-based, tab-expanded column.
int char_index(std::string_view line, int visual_column) {
    int visual = 0;
    int index = 0;
    for (; index < static_cast<int>(line.size()) && visual < visual_column; ++index) {
        visual = line[static_cast<std::size_t>(index)] == '\t' ? visual + kTabWidth - visual % kTabWidth : visual + 1;
    }
    return index + std::max(0, visual_column - visual);
}

std::string where_text(const std::string& file, io::Location at) {
    return at.known() ? file + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) : file;
}

class CollectErrors : public pb::io::ErrorCollector {
public:
    CollectErrors(const std::string& file, std::string_view text, std::vector<std::string>& errors)
        : file_(file), text_(text), errors_(errors) {}

    void AddError(int line, pb::io::ColumnNumber column, const std::string& message) override {
        if (line < 0) {
            errors_.push_back(file_ + ": " + message);
            return;
        }
        const std::string_view source = line_of(text_, line);
        const int index = char_index(source, column);
        std::string caret;
        for (int i = 0; i < index && i < static_cast<int>(source.size()); ++i) {
            caret += source[static_cast<std::size_t>(i)] == '\t' ? '\t' : ' ';
        }
        errors_.push_back(where_text(file_, {line + 1, index + 1}) + ": " + message + "\n    " + std::string(source) +
                          "\n    " + caret + "^");
    }

private:
    const std::string& file_;
    std::string_view text_;
    std::vector<std::string>& errors_;
};

struct Step {
    std::string field;
    int index = -1; ///< -1: no [i]
};

std::vector<Step> split_path(std::string_view path) {
    std::vector<Step> steps;
    while (!path.empty()) {
        const std::size_t dot = path.find('.');
        std::string_view part = path.substr(0, dot);
        Step step;
        if (const std::size_t open = part.find('['); open != std::string_view::npos && part.ends_with(']')) {
            const std::string_view digits = part.substr(open + 1, part.size() - open - 2);
            int index = 0;
            const auto result = std::from_chars(digits.data(), digits.data() + digits.size(), index);
            if (result.ec != std::errc() || result.ptr != digits.data() + digits.size()) {
                return steps;
            }
            step.index = index;
            part = part.substr(0, open);
        }
        step.field = std::string(part);
        steps.push_back(std::move(step));
        if (dot == std::string_view::npos) {
            break;
        }
        path.remove_prefix(dot + 1);
    }
    return steps;
}

} // namespace

TextSource::TextSource(std::string file, std::string text,
                       std::shared_ptr<const pb::TextFormat::ParseInfoTree> locations)
    : file_(std::move(file)), text_(std::move(text)), locations_(std::move(locations)) {}

io::Location TextSource::locate(const pb::Message& root, std::string_view path) const {
    if (!locations_) {
        return {};
    }
    const pb::Message* message = &root;
    const pb::TextFormat::ParseInfoTree* tree = locations_.get();
    io::Location best;
    for (const Step& step : split_path(path)) {
        const pb::FieldDescriptor* field = message->GetDescriptor()->FindFieldByName(step.field);
        if (field == nullptr || tree == nullptr) {
            break;
        }
        const int index = field->is_repeated() ? std::max(0, step.index) : -1;
        const pb::TextFormat::ParseLocation at = tree->GetLocation(field, index);
        if (at.line < 0) {
            break;
        }
        best = {at.line + 1, char_index(line_of(text_, at.line), at.column) + 1};
        if (field->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) {
            break;
        }
        const pb::Reflection& r = *message->GetReflection();
        if (field->is_repeated()) {
            if (index >= r.FieldSize(*message, field)) {
                break;
            }
            message = &r.GetRepeatedMessage(*message, field, index);
        } else {
            message = &r.GetMessage(*message, field);
        }
        tree = tree->GetTreeForNested(field, index);
    }
    return best;
}

std::string TextSource::where(const pb::Message& root, std::string_view path) const {
    return where_text(file_, locate(root, path));
}

TextSource parse_text_message(std::string text, std::string file, pb::Message& out) {
    out.Clear();
    auto tree = std::make_shared<pb::TextFormat::ParseInfoTree>();
    std::vector<std::string> errors;
    CollectErrors collector(file, text, errors);
    pb::TextFormat::Parser parser;
    parser.RecordErrorsTo(&collector);
    parser.WriteLocationsTo(tree.get());
    if (!parser.ParseFromString(text, &out)) {
        if (errors.empty()) {
            errors.push_back(file + ": not a valid " + out.GetDescriptor()->name());
        }
        io::throw_if_errors(errors);
    }
    return TextSource(std::move(file), std::move(text), std::move(tree));
}

} // namespace innosim::studies

#include "tools/innosim/format.hpp"

#include "sim/input_error.hpp"

#include <fstream>
#include <unistd.h>

namespace innosim::cli {

std::size_t display_width(const std::string& text) {
    std::size_t shown = 0;
    for (const char c : text) {
        shown += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    }
    return shown;
}

std::string pad(const std::string& text, std::size_t width) {
    const std::size_t shown = display_width(text);
    return shown >= width ? text : text + std::string(width - shown, ' ');
}

std::string wrap(const std::string& text, std::size_t width, std::size_t indent) {
    std::string out;
    std::size_t line = 0;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find(' ', start);
        if (end == std::string::npos) {
            end = text.size();
        }
        const std::string word = text.substr(start, end - start);
        const std::size_t shown = display_width(word);
        if (line > indent && line + 1 + shown > width) {
            out += '\n';
            out.append(indent, ' ');
            line = indent;
        } else if (!out.empty()) {
            out += ' ';
            ++line;
        }
        out += word;
        line += shown;
        start = end + 1;
    }
    return out;
}

void write_file_atomically(const std::filesystem::path& path, std::string_view text) {
    const std::filesystem::path temp = path.string() + ".tmp-" + std::to_string(::getpid());
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (!out) {
            throw InputError(path.string() + ": cannot write (does the directory exist?)");
        }
        out << text;
        if (!out.flush()) {
            std::filesystem::remove(temp);
            throw InputError(path.string() + ": write failed");
        }
    }
    std::filesystem::rename(temp, path);
}

} // namespace innosim::cli

#include "tools/innosim/format.hpp"

#include "sim/input_error.hpp"

#include <fstream>
#include <unistd.h>

namespace innosim::cli {

std::string pad(const std::string& text, std::size_t width) {
    std::size_t shown = 0;
    for (const char c : text) {
        shown += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    }
    return shown >= width ? text : text + std::string(width - shown, ' ');
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

#include "viz/core/png.hpp"

#include "sim/input_error.hpp"

#include <array>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <vector>
#include <zlib.h>

namespace innosim::viz {

namespace {

void put32(std::string& out, std::uint32_t v) {
    out.push_back(static_cast<char>(v >> 24));
    out.push_back(static_cast<char>((v >> 16) & 0xFF));
    out.push_back(static_cast<char>((v >> 8) & 0xFF));
    out.push_back(static_cast<char>(v & 0xFF));
}

void chunk(std::string& out, const char* type, const std::string& data) {
    put32(out, static_cast<std::uint32_t>(data.size()));
    const std::size_t start = out.size();
    out.append(type, 4);
    out += data;
    const auto crc = static_cast<std::uint32_t>(
        crc32(0L, reinterpret_cast<const Bytef*>(out.data() + start), static_cast<uInt>(out.size() - start)));
    put32(out, crc);
}

std::uint8_t paeth(int a, int b, int c) {
    const int p = a + b - c;
    const int pa = std::abs(p - a);
    const int pb = std::abs(p - b);
    const int pc = std::abs(p - c);
    if (pa <= pb && pa <= pc) {
        return static_cast<std::uint8_t>(a);
    }
    return static_cast<std::uint8_t>(pb <= pc ? b : c);
}

} // namespace

std::string encode_png(std::span<const std::uint8_t> rgba, std::uint32_t width, std::uint32_t height) {
    if (width == 0 || height == 0 || rgba.size() != static_cast<std::size_t>(width) * height * 4) {
        throw std::invalid_argument("encode_png: pixel buffer does not match the size");
    }
    const std::size_t stride = static_cast<std::size_t>(width) * 3;
    std::vector<std::uint8_t> previous(stride, 0);
    std::vector<std::uint8_t> row(stride);
    std::array<std::vector<std::uint8_t>, 5> candidates;
    for (auto& c : candidates) {
        c.resize(stride);
    }
    std::vector<std::uint8_t> filtered;
    filtered.reserve((stride + 1) * height);
    for (std::uint32_t y = 0; y < height; ++y) {
        for (std::uint32_t x = 0; x < width; ++x) {
            const std::uint8_t* p = rgba.data() + (static_cast<std::size_t>(y) * width + x) * 4;
            row[x * 3] = p[0];
            row[x * 3 + 1] = p[1];
            row[x * 3 + 2] = p[2];
        }
        // The five filters of the PNG spec; keep the one with the smallest sum of |signed bytes|.
        std::size_t best = 0;
        long best_sum = -1;
        for (std::size_t f = 0; f < 5; ++f) {
            long sum = 0;
            for (std::size_t i = 0; i < stride; ++i) {
                const int a = i >= 3 ? row[i - 3] : 0;
                const int b = previous[i];
                const int c = i >= 3 ? previous[i - 3] : 0;
                int predicted = 0;
                switch (f) {
                case 1:
                    predicted = a;
                    break;
                case 2:
                    predicted = b;
                    break;
                case 3:
                    predicted = (a + b) / 2;
                    break;
                case 4:
                    predicted = paeth(a, b, c);
                    break;
                default:
                    break;
                }
                const auto v = static_cast<std::uint8_t>(row[i] - predicted);
                candidates[f][i] = v;
                sum += v < 128 ? v : 256 - v;
            }
            if (best_sum < 0 || sum < best_sum) {
                best_sum = sum;
                best = f;
            }
        }
        filtered.push_back(static_cast<std::uint8_t>(best));
        filtered.insert(filtered.end(), candidates[best].begin(), candidates[best].end());
        std::swap(previous, row);
    }

    uLongf packed_size = compressBound(static_cast<uLong>(filtered.size()));
    std::string packed(packed_size, '\0');
    if (compress2(reinterpret_cast<Bytef*>(packed.data()), &packed_size, filtered.data(),
                  static_cast<uLong>(filtered.size()), 9) != Z_OK) {
        throw std::runtime_error("encode_png: zlib failed");
    }
    packed.resize(packed_size);

    std::string out("\x89PNG\r\n\x1a\n", 8);
    std::string header;
    put32(header, width);
    put32(header, height);
    header += std::string("\x08\x02\x00\x00\x00", 5); // 8-bit RGB, deflate, adaptive filters, no interlace
    chunk(out, "IHDR", header);
    chunk(out, "IDAT", packed);
    chunk(out, "IEND", {});
    return out;
}

void write_png(const std::filesystem::path& path, std::span<const std::uint8_t> rgba, std::uint32_t width,
               std::uint32_t height) {
    const std::string bytes = encode_png(rgba, width, height);
    std::filesystem::path temp = path;
    temp += ".tmp";
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (!out || !out.write(bytes.data(), static_cast<std::streamsize>(bytes.size())) || !out.flush()) {
            throw InputError(path.string() + ": cannot write the PNG (missing directory or no permission?)");
        }
    }
    std::error_code error;
    std::filesystem::rename(temp, path, error);
    if (error) {
        std::filesystem::remove(temp, error);
        throw InputError(path.string() + ": cannot write the PNG: " + error.message());
    }
}

} // namespace innosim::viz

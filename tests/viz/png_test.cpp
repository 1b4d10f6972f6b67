#include "sim/input_error.hpp"
#include "tests/viz/test_support.hpp"
#include "viz/core/png.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <vector>
#include <zlib.h>

namespace {

using namespace innosim::viz;

std::uint32_t get32(const std::string& s, std::size_t at) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) << 24 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 16 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 2])) << 8 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 3]));
}

/// A minimal decoder for what encode_png writes: checks every CRC, inflates, undoes the filters.
std::vector<std::uint8_t> decode_rgb(const std::string& png, std::uint32_t& width, std::uint32_t& height) {
    REQUIRE(png.substr(0, 8) == std::string("\x89PNG\r\n\x1a\n", 8));
    std::string idat;
    std::size_t at = 8;
    bool ended = false;
    while (at + 12 <= png.size()) {
        const std::uint32_t length = get32(png, at);
        const std::string type = png.substr(at + 4, 4);
        const std::string data = png.substr(at + 8, length);
        const auto crc = static_cast<std::uint32_t>(
            crc32(0L, reinterpret_cast<const Bytef*>(png.data() + at + 4), static_cast<uInt>(length + 4)));
        REQUIRE(crc == get32(png, at + 8 + length));
        if (type == "IHDR") {
            width = get32(data, 0);
            height = get32(data, 4);
            REQUIRE(data[8] == 8);
            REQUIRE(data[9] == 2);
        } else if (type == "IDAT") {
            idat += data;
        } else if (type == "IEND") {
            ended = true;
        }
        at += 12 + length;
    }
    REQUIRE(ended);
    const std::size_t stride = static_cast<std::size_t>(width) * 3;
    std::vector<std::uint8_t> raw((stride + 1) * height);
    uLongf size = static_cast<uLongf>(raw.size());
    REQUIRE(uncompress(raw.data(), &size, reinterpret_cast<const Bytef*>(idat.data()),
                       static_cast<uLong>(idat.size())) == Z_OK);
    REQUIRE(size == raw.size());
    std::vector<std::uint8_t> out(stride * height);
    for (std::uint32_t y = 0; y < height; ++y) {
        const std::uint8_t filter = raw[y * (stride + 1)];
        REQUIRE(filter <= 4);
        for (std::size_t i = 0; i < stride; ++i) {
            const int a = i >= 3 ? out[y * stride + i - 3] : 0;
            const int b = y > 0 ? out[(y - 1) * stride + i] : 0;
            const int c = i >= 3 && y > 0 ? out[(y - 1) * stride + i - 3] : 0;
            int predicted = 0;
            if (filter == 1) {
                predicted = a;
            } else if (filter == 2) {
                predicted = b;
            } else if (filter == 3) {
                predicted = (a + b) / 2;
            } else if (filter == 4) {
                const int p = a + b - c;
                const int pa = std::abs(p - a);
                const int pb = std::abs(p - b);
                const int pc = std::abs(p - c);
                predicted = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c);
            }
            out[y * stride + i] = static_cast<std::uint8_t>(raw[y * (stride + 1) + 1 + i] + predicted);
        }
    }
    return out;
}

} // namespace

TEST_CASE("PNG screenshots round-trip pixel for pixel", "[viz][png]") {
    const std::uint32_t w = 37;
    const std::uint32_t h = 23;
    std::vector<std::uint8_t> rgba(static_cast<std::size_t>(w) * h * 4);
    for (std::uint32_t y = 0; y < h; ++y) {
        for (std::uint32_t x = 0; x < w; ++x) {
            std::uint8_t* p = rgba.data() + (static_cast<std::size_t>(y) * w + x) * 4;
            p[0] = static_cast<std::uint8_t>(x * 7);
            p[1] = static_cast<std::uint8_t>(y * 11);
            p[2] = static_cast<std::uint8_t>((x * y) ^ 0x5A); // noise, so several filters win somewhere
            p[3] = 255;
        }
    }
    std::uint32_t dw = 0;
    std::uint32_t dh = 0;
    const std::vector<std::uint8_t> rgb = decode_rgb(encode_png(rgba, w, h), dw, dh);
    REQUIRE(dw == w);
    REQUIRE(dh == h);
    for (std::size_t i = 0; i < static_cast<std::size_t>(w) * h; ++i) {
        REQUIRE(rgb[i * 3] == rgba[i * 4]);
        REQUIRE(rgb[i * 3 + 1] == rgba[i * 4 + 1]);
        REQUIRE(rgb[i * 3 + 2] == rgba[i * 4 + 2]);
    }
    REQUIRE_THROWS_AS(encode_png(rgba, w + 1, h), std::invalid_argument);
}

TEST_CASE("PNG files are written whole or not at all", "[viz][png]") {
    testing::TempDir dir;
    const std::vector<std::uint8_t> black(8 * 8 * 4, 0);
    write_png(dir / "black.png", black, 8, 8);
    std::ifstream in(dir / "black.png", std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), {});
    REQUIRE(bytes == encode_png(black, 8, 8));
    REQUIRE_FALSE(std::filesystem::exists(dir / "black.png.tmp"));
    REQUIRE_THROWS_AS(write_png(dir / "missing" / "x.png", black, 8, 8), innosim::InputError);
}

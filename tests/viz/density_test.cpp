#include "viz/core/density.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <numbers>
#include <vector>

namespace {

using namespace innosim::viz;

constexpr std::array<std::uint32_t, kDensityClasses> kPalette{0xFF0000FFu, 0xFF00FF00u, 0xFFFF0000u, 0xFF808080u,
                                                              0xFF111111u, 0xFF222222u, 0xFF333333u, 0xFF444444u};

std::uint32_t alpha(std::uint32_t pixel) {
    return pixel >> 24;
}

std::uint32_t rgb(std::uint32_t pixel) {
    return pixel & 0x00FFFFFFu;
}

const std::uint32_t& at(const DensityImage& image, int x, int y) {
    return image
        .pixels[static_cast<std::size_t>(y) * static_cast<std::size_t>(image.width) + static_cast<std::size_t>(x)];
}

} // namespace

TEST_CASE("dot cover is the dots' area over the area, counted with their opacity", "[viz][density]") {
    const std::vector<Dot> dots{{.x = 0, .y = 0, .radius = 2, .opacity = 1},
                                {.x = 5, .y = 5, .radius = 2, .opacity = 0.5f}};
    REQUIRE(dot_cover(dots, 100.0) == Approx(std::numbers::pi * 4 * 1.5 / 100.0));
    REQUIRE(dot_cover(dots, 0.0) == 0.0);
    REQUIRE(dot_cover({}, 100.0) == 0.0);
}

TEST_CASE("a density image covers the area in cells; one dot lights the cells around it", "[viz][density]") {
    DensityImage image;
    const RectF area{10, 20, 40, 30};
    // Centred on cell (3, 2)'s centre: all its weight in that cell.
    const std::vector<Dot> one{{.x = 10 + 3.5f * 4, .y = 20 + 2.5f * 4, .radius = 1.5f, .opacity = 1, .colour = 1}};
    render_density(one, kPalette, area, 4.0f, image);
    REQUIRE(image.width == 10);
    REQUIRE(image.height == 8); // 30 / 4 rounded up
    REQUIRE(image.pixels.size() == 80);
    REQUIRE(image.x == 10);
    REQUIRE(image.y == 20);
    const double cover = std::numbers::pi * 1.5 * 1.5 / 16.0;
    // Opacity from a table: within a step of the exact value.
    REQUIRE(static_cast<double>(alpha(at(image, 3, 2))) == Approx(255 * (1 - std::exp(-cover))).margin(2));
    REQUIRE(rgb(at(image, 3, 2)) == rgb(kPalette[1]));
    // Its neighbours carry its colour at zero opacity (filtering fades to it, not to black);
    // cells further away are empty.
    REQUIRE(at(image, 4, 2) == rgb(kPalette[1]));
    REQUIRE(at(image, 3, 1) == rgb(kPalette[1]));
    REQUIRE(at(image, 6, 6) == 0u);
    REQUIRE(image.tiles.size() == 1);
    REQUIRE(image.tiles[0]);
}

TEST_CASE("overlapping dots make a cell opaque; its colour is the class most dots belong to", "[viz][density]") {
    DensityImage image;
    const RectF area{0, 0, 8, 8};
    std::vector<Dot> dots;
    for (int i = 0; i < 30; ++i) {
        dots.push_back({.x = 2, .y = 2, .radius = 2, .opacity = 1, .colour = 2});
    }
    // Fewer but bigger dots of another class: more area, not more firms.
    for (int i = 0; i < 10; ++i) {
        dots.push_back({.x = 2, .y = 2, .radius = 3, .opacity = 1, .colour = 0});
    }
    render_density(dots, kPalette, area, 4.0f, image);
    REQUIRE(alpha(at(image, 0, 0)) == 255u);
    REQUIRE(rgb(at(image, 0, 0)) == rgb(kPalette[2]));
}

TEST_CASE("dots outside the area, transparent or of an unknown class add nothing", "[viz][density]") {
    DensityImage image;
    const RectF area{0, 0, 64, 64};
    const std::vector<Dot> dots{{.x = -50, .y = 10, .radius = 3, .opacity = 1},
                                {.x = 10, .y = 500, .radius = 3, .opacity = 1},
                                {.x = 10, .y = 10, .radius = 3, .opacity = 0},
                                {.x = 10, .y = 10, .radius = 3, .opacity = 1, .colour = kDensityClasses},
                                {.x = NAN, .y = 10, .radius = 3, .opacity = 1}};
    render_density(dots, kPalette, area, 2.0f, image);
    for (const std::uint32_t p : image.pixels) {
        REQUIRE(p == 0u);
    }
    for (const bool tile : image.tiles) {
        REQUIRE_FALSE(tile);
    }
}

TEST_CASE("only tiles near dots are marked for drawing", "[viz][density]") {
    DensityImage image;
    const RectF area{0, 0, 2 * kDensityTile * 2.0f, 2 * kDensityTile * 2.0f}; // 2 x 2 tiles of 2 px cells
    const std::vector<Dot> dots{{.x = 5, .y = 5, .radius = 1, .opacity = 1}};
    render_density(dots, kPalette, area, 2.0f, image);
    REQUIRE(image.tiles_across == 2);
    REQUIRE(image.tiles == std::vector<bool>{true, false, false, false});
    // A dot on a tile's edge also marks the tile its filtering reaches into.
    const float edge = kDensityTile * 2.0f;
    const std::vector<Dot> on_edge{{.x = edge - 1, .y = 5, .radius = 1, .opacity = 1}};
    render_density(on_edge, kPalette, area, 2.0f, image);
    REQUIRE(image.tiles == std::vector<bool>{true, true, false, false});
}

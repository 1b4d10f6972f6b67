#pragma once

// Level of detail for the city map. A firm is a dot; at city scale (100k firms) the dots lie on
// top of each other many times over, and drawing each as its own quad is what makes a frame slow
// on software GL. Where that happens the map draws one image instead: the dots splatted into
// cells a few pixels wide. A cell's opacity is the share of it the dots would cover if drawn one
// by one (1 - e^-cover, as for randomly placed discs); its colour is that of the class most of its
// dots belong to (the stage most firms there are in), not a mean, which would mix the stages'
// colours into one no legend names.

#include "viz/core/types.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace innosim::viz {

inline constexpr std::size_t kDensityClasses = 8;
inline constexpr int kDensityTile = 16; ///< cells

/// One dot as the map would draw it.
struct Dot {
    float x = 0;             ///< px, centre
    float y = 0;             ///< px, centre
    float radius = 0;        ///< px
    float opacity = 1;       ///< 0..1
    std::uint8_t colour = 0; ///< class: index into the palette (< kDensityClasses)
};

/// How often over the dots would cover `area` (px²) if drawn one by one: the sum of their areas
/// over it, counted with their opacity. Above ~1 they hide each other and one image says as much.
double dot_cover(std::span<const Dot> dots, double area);

/// A density image: `width` x `height` cells of `cell` px, the first at (x, y) on screen.
struct DensityImage {
    int width = 0;
    int height = 0;
    float cell = 0;                    ///< px per cell
    float x = 0;                       ///< px
    float y = 0;                       ///< px
    std::vector<std::uint32_t> pixels; ///< RGBA8 in ImGui's packing, not premultiplied, row by row
    /// Tiles of kDensityTile x kDensityTile cells, row by row: true where the tile (or the cell
    /// around it that filtering reaches into) holds a dot. Drawing only these saves fill rate.
    std::vector<bool> tiles;
    int tiles_across = 0;
    std::vector<float> cover; ///< scratch: per cell, dots per class and cover (kept for its memory)
};

/// Renders `dots` into `out` over `area` with cells of `cell` px, colour classes from `palette`
/// (0xAABBGGRR as ImGui packs it; its alpha is ignored). Each dot adds its area to the four cells
/// around its centre by bilinear weight, so the image, drawn with linear filtering, keeps sub-cell
/// positions. Empty cells next to full ones take their colour at zero opacity, so filtering fades
/// to the dots' colour, not to black. Reuses out's memory.
void render_density(std::span<const Dot> dots, std::span<const std::uint32_t, kDensityClasses> palette, RectF area,
                    float cell, DensityImage& out);

} // namespace innosim::viz

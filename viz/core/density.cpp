#include "viz/core/density.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace innosim::viz {

double dot_cover(std::span<const Dot> dots, double area) {
    if (area <= 0) {
        return 0;
    }
    double sum = 0;
    for (const Dot& d : dots) {
        sum += static_cast<double>(d.radius) * d.radius * std::clamp(d.opacity, 0.0f, 1.0f);
    }
    return sum * std::numbers::pi / area;
}

void render_density(std::span<const Dot> dots, std::span<const std::uint32_t, kDensityClasses> palette, RectF area,
                    float cell, DensityImage& out) {
    cell = std::max(cell, 0.5f);
    out.cell = cell;
    out.x = area.x;
    out.y = area.y;
    out.width = std::max(1, static_cast<int>(std::ceil(area.w / cell)));
    out.height = std::max(1, static_cast<int>(std::ceil(area.h / cell)));
    const auto w = static_cast<std::size_t>(out.width);
    const auto h = static_cast<std::size_t>(out.height);
    const std::size_t cells = w * h;

    // Per cell: how many dots of each class (by opacity), then their cover (dot area over cell
    // area, times opacity).
    constexpr std::size_t kStride = kDensityClasses + 1;
    std::vector<float>& cover = out.cover;
    cover.assign(cells * kStride, 0.0f);
    const float per_cell_area = std::numbers::pi_v<float> / (cell * cell);
    for (const Dot& d : dots) {
        // Cell coordinates of the centre, relative to cell centres (cell i's centre is i + 0.5).
        const float u = (d.x - area.x) / cell - 0.5f;
        const float v = (d.y - area.y) / cell - 0.5f;
        const float count = std::clamp(d.opacity, 0.0f, 1.0f);
        const float weight = per_cell_area * d.radius * d.radius * count;
        if (!(weight > 0) || !(u >= -1.0f) || !(v >= -1.0f) || u >= static_cast<float>(w) ||
            v >= static_cast<float>(h) || d.colour >= kDensityClasses) {
            continue;
        }
        const float iu = std::floor(u);
        const float iv = std::floor(v);
        const float fu = u - iu;
        const float fv = v - iv;
        const int x0 = static_cast<int>(iu);
        const int y0 = static_cast<int>(iv);
        const float share[4] = {(1 - fu) * (1 - fv), fu * (1 - fv), (1 - fu) * fv, fu * fv};
        for (int k = 0; k < 4; ++k) {
            const int x = x0 + (k & 1);
            const int y = y0 + (k >> 1);
            if (x < 0 || y < 0 || x >= out.width || y >= out.height) {
                continue;
            }
            const std::size_t c = static_cast<std::size_t>(y) * w + static_cast<std::size_t>(x);
            cover[c * kStride + d.colour] += count * share[k];
            cover[c * kStride + kDensityClasses] += weight * share[k];
        }
    }

    // Opacity 1 - e^-cover from a table: cover past 8 is opaque to the byte.
    constexpr int kSteps = 512;
    constexpr float kMaxCover = 8.0f;
    static const auto kOpacity = [] {
        std::array<std::uint32_t, kSteps + 1> table{};
        for (int i = 0; i <= kSteps; ++i) {
            const double c = kMaxCover * i / kSteps;
            table[static_cast<std::size_t>(i)] = static_cast<std::uint32_t>(std::lround(255.0 * (1.0 - std::exp(-c))));
        }
        return table;
    }();
    out.pixels.assign(cells, 0);
    std::vector<bool> full(cells, false);
    out.tiles_across = (out.width + kDensityTile - 1) / kDensityTile;
    const int tiles_down = (out.height + kDensityTile - 1) / kDensityTile;
    out.tiles.assign(static_cast<std::size_t>(out.tiles_across) * static_cast<std::size_t>(tiles_down), false);
    const auto mark_tiles = [&](std::size_t c) {
        const int x = static_cast<int>(c % w);
        const int y = static_cast<int>(c / w);
        for (int ty = std::max(0, y - 1) / kDensityTile; ty <= std::min(out.height - 1, y + 1) / kDensityTile; ++ty) {
            for (int tx = std::max(0, x - 1) / kDensityTile; tx <= std::min(out.width - 1, x + 1) / kDensityTile;
                 ++tx) {
                out.tiles[static_cast<std::size_t>(ty) * static_cast<std::size_t>(out.tiles_across) +
                          static_cast<std::size_t>(tx)] = true;
            }
        }
    };
    for (std::size_t c = 0; c < cells; ++c) {
        const float* k = &cover[c * kStride];
        const float total = k[kDensityClasses];
        std::size_t best = 0;
        for (std::size_t i = 1; i < kDensityClasses; ++i) {
            best = k[i] > k[best] ? i : best;
        }
        if (total > 0) {
            const auto step = static_cast<std::size_t>(std::min(total, kMaxCover) * (kSteps / kMaxCover) + 0.5f);
            out.pixels[c] = (palette[best] & 0x00FFFFFFu) | kOpacity[step] << 24;
            full[c] = true;
            mark_tiles(c);
        }
    }
    // Fringe: an empty cell beside a full one takes its colour at zero opacity.
    for (std::size_t y = 0; y < h; ++y) {
        for (std::size_t x = 0; x < w; ++x) {
            const std::size_t c = y * w + x;
            if (full[c]) {
                continue;
            }
            const std::size_t neighbours[4] = {x > 0 ? c - 1 : cells, x + 1 < w ? c + 1 : cells, y > 0 ? c - w : cells,
                                               y + 1 < h ? c + w : cells};
            for (const std::size_t n : neighbours) {
                if (n < cells && full[n]) {
                    out.pixels[c] = out.pixels[n] & 0x00FFFFFFu;
                    break;
                }
            }
        }
    }
}

} // namespace innosim::viz

#pragma once

// A small PNG writer for screenshots and frame sequences: RGB (alpha dropped, the viewer's frames
// are opaque), a per-row filter chosen by the usual minimum-sum heuristic, zlib at level 9. It
// writes UI screenshots about a third smaller than stb_image_write, which matters for slides and
// for the README's image.

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>

namespace innosim::viz {

/// Encodes `rgba` (width * height * 4 bytes, top row first) as an RGB PNG.
std::string encode_png(std::span<const std::uint8_t> rgba, std::uint32_t width, std::uint32_t height);
/// Writes the encoding to `path` via a temp file and a rename. Throws innosim::InputError when the
/// file cannot be written.
void write_png(const std::filesystem::path& path, std::span<const std::uint8_t> rgba, std::uint32_t width,
               std::uint32_t height);

} // namespace innosim::viz

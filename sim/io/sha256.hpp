#pragma once

#include <string>
#include <string_view>

namespace innosim::io {

/// SHA-256 of `data` as 64 lowercase hex digits (scenario hashes in run headers and study files).
std::string sha256_hex(std::string_view data);

} // namespace innosim::io

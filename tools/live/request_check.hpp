#pragma once

// The protocol edge of `innosim serve`: every value a client sends (dates, speeds, sizes, counts)
// is range-checked here, before the server acts on it, so that no request can reach a conversion
// or an allocation it was not meant to. One function per request; a new request field gets its
// check here.

#include "sim/proto/live.pb.h"
#include "sim/time.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace innosim::live {

/// Levers ("path=value") one Start or Fork may carry.
inline constexpr int kMaxRequestLevers = 64;
/// Bytes of one short text field: a name, a date, a lever, a token, a server id.
inline constexpr std::size_t kMaxRequestText = 1024;
/// A positive speed (sim days per wall second) must lie in this range; 0 and negatives keep their
/// meaning (the default, and as fast as possible).
inline constexpr double kMinSpeed = 1e-3;
inline constexpr double kMaxSpeed = 1e6;

/// What is wrong with the values of `message` ("Fork.speed: nan is not a speed ..."), or nothing.
/// Checks what can be checked without the server's state; a Fork's time against its parent run is
/// fork_time_problem().
std::optional<std::string> request_problem(const ClientMessage& message);

/// What is wrong with a Fork's `at_time` (used when `at` is empty) for a parent run that ends at
/// `parent_end` (ticks), or nothing.
std::optional<std::string> fork_time_problem(const Fork& fork, sim::Ticks parent_end);

/// `text` fit for one log line: control characters replaced, at most `max_bytes` kept.
std::string printable(std::string_view text, std::size_t max_bytes = 200);

} // namespace innosim::live

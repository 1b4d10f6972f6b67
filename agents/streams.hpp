#pragma once

#include "agents/model_observer.hpp"
#include "sim/rng.hpp"

#include <cstdint>

namespace innosim::agents {

/// What a random stream is used for. One stream per (seed, replication, agent, purpose): adding a
/// firm or a draw in one mechanism never shifts the numbers of another.
enum class Purpose : std::uint64_t {
    Founding = 1,
    Market = 2,
    Ties = 3,
    Housing = 4,
    Demand = 5,
    Screening = 6,
    Factory = 7,
    Life = 8, ///< a startup's own draws: quality, milestones, signals, hazards
};

inline sim::RngStream stream(std::uint64_t seed, std::uint32_t replication, AgentKind kind, std::uint64_t id,
                             Purpose purpose) {
    const std::uint64_t agent = (static_cast<std::uint64_t>(kind) << 32) | id;
    return {seed, replication, agent, static_cast<std::uint64_t>(purpose)};
}

} // namespace innosim::agents

#pragma once

// The event feed's filter (by kind, by agent, by text) and an agent's history for the inspector.
// Filtering returns event indices in time order; the feed then shows the prefix up to the cursor,
// so moving the cursor needs one binary search, not a new filter pass.

#include "viz/core/format.hpp"
#include "viz/core/run_model.hpp"

#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace innosim::viz {

inline constexpr int kEventKindCount = 23; ///< run::EventKind values 0..22

struct EventFilter {
    std::bitset<kEventKindCount> kinds; ///< kinds shown (bit = run::EventKind value)
    std::optional<AgentKey> agent;      ///< only events naming this agent as subject or object
    std::string text;                   ///< case-insensitive substring of the description; empty = all
    Currency currency = Currency::Rial; ///< for text matching against amounts as shown
    Lang lang = Lang::En;               ///< for text matching against the lines as shown
    /// Stage advances below this stage are left out: "Startup #1239 advanced to Team" a hundred
    /// times a month says nothing; pilots, revenue and scale-ups do.
    run::Stage min_stage = run::IDEA;

    /// All kinds except the very frequent ones that drown the rest (hires, ties, certificate
    /// applications, advances before the pilot stage).
    static EventFilter defaults();
    bool operator==(const EventFilter&) const = default;
};

/// Indices into model.events() of the events passing `filter`, in time order.
std::vector<std::uint32_t> filter_events(const RunModel& model, const EventFilter& filter);
/// How many of `indices` (time-ordered event indices) fall at or before t.
std::size_t count_until(const RunModel& model, const std::vector<std::uint32_t>& indices, Ticks t);

/// One line of an agent's history in the inspector.
struct HistoryItem {
    std::uint32_t event = 0; ///< index into model.events()
    Ticks time = 0;          ///< ticks
    std::string text;
};

/// The milestones of an agent up to t, newest first: for a startup its founding, stages, rounds,
/// grants, awards, contracts, pilots, hires and lay-offs, pivots, certification, failure or exit;
/// for others the events naming them, money included. At most `limit` items.
std::vector<HistoryItem> agent_history(const RunModel& model, AgentKey agent, Ticks t, std::size_t limit,
                                       Currency currency);

} // namespace innosim::viz

#pragma once

// The engine's one outward signal: "this event is about to run". The recorder (and later the live
// server) attach here, so the engine never knows who watches.

#include "sim/event_queue.hpp"

namespace innosim::sim {

class EngineObserver {
public:
    virtual ~EngineObserver() = default;
    /// Called before each dispatch, in dispatch order, with the clock already at event.time. Must not
    /// schedule or cancel (observers watch; handlers act).
    virtual void on_event(const Event& event) = 0;
};

} // namespace innosim::sim

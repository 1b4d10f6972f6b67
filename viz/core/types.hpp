#pragma once

// Small value types shared by the viewer's core (no SFML, ImGui or GL here).

#include "sim/proto/run.pb.h"
#include "sim/time.hpp"

#include <compare>
#include <cstdint>

namespace innosim::viz {

using sim::Ticks;

/// Any agent of a run: kind + id within that kind (the run file's AgentRef as a value type).
struct AgentKey {
    run::AgentKind kind = run::AGENT_KIND_UNSPECIFIED;
    std::uint32_t id = 0;
    friend bool operator==(const AgentKey&, const AgentKey&) = default;
    friend auto operator<=>(const AgentKey&, const AgentKey&) = default;
};

inline AgentKey to_key(const run::AgentRef& ref) {
    return {ref.kind(), ref.id()};
}

/// A point in screen pixels or in normalized map units, as the function using it says.
struct Vec2f {
    float x = 0;
    float y = 0;
    friend bool operator==(const Vec2f&, const Vec2f&) = default;
};

/// An axis-aligned rectangle: top-left corner and size, in pixels.
struct RectF {
    float x = 0; ///< px
    float y = 0; ///< px
    float w = 0; ///< px
    float h = 0; ///< px
    float right() const { return x + w; }
    float bottom() const { return y + h; }
    bool contains(Vec2f p) const { return p.x >= x && p.x < x + w && p.y >= y && p.y < y + h; }
};

} // namespace innosim::viz

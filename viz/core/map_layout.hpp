#pragma once

// Where things sit on the schematic city map, in screen pixels for a given panel: the districts
// (fitted to the panel, keeping their aspect), departments in a column on the left, funders in
// a column on the right, the municipality above the city, the innovation factory in its district.

#include "viz/core/types.hpp"

#include <optional>
#include <vector>

namespace innosim::viz {

struct MapLayoutOptions {
    float left_width = 170;  ///< px: the departments' column (at most a quarter of the panel)
    float right_width = 170; ///< px: the funders' column (at most a quarter of the panel)
    float margin = 14;       ///< px around the city and the columns
    float top_band = 34;     ///< px above the city for the municipality marker
    float bottom_band = 0;   ///< px below the city (the legend), kept free of districts
};

struct MapLayout {
    RectF panel;                        ///< px
    RectF city;                         ///< px: where district space is drawn
    float scale = 1;                    ///< px per unit of map space (0..1 positions)
    Vec2f origin;                       ///< px: where map point (min_x, min_y) lands
    Vec2f world_min;                    ///< map units: the fitted bounds' corner
    std::vector<Vec2f> districts;       ///< px, by district index
    std::vector<float> district_radius; ///< px, area ~ population
    std::vector<Vec2f> departments;     ///< px, by index in world.departments
    std::vector<Vec2f> funders;         ///< px, by index in world.funders
    Vec2f factory;                      ///< px
    Vec2f municipality;                 ///< px
    Vec2f outside;                      ///< px: households, customers, the rest of the country

    /// A map position (0..1 units, as in StartupState.x/y and District.x/y) in pixels.
    Vec2f to_screen(float x, float y) const {
        return {origin.x + (x - world_min.x) * scale, origin.y + (y - world_min.y) * scale};
    }
    /// Pixels back to map units.
    Vec2f to_map(Vec2f p) const {
        return {world_min.x + (p.x - origin.x) / scale, world_min.y + (p.y - origin.y) / scale};
    }
    /// Position of any agent other than a startup (startups have their own x/y); nothing for
    /// unknown ids.
    std::optional<Vec2f> agent_position(const run::World& world, AgentKey agent) const;
};

MapLayout layout_map(const run::World& world, RectF panel, const MapLayoutOptions& options = {});

} // namespace innosim::viz

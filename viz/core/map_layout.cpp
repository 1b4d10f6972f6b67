#include "viz/core/map_layout.hpp"

#include <algorithm>
#include <cmath>

namespace innosim::viz {

namespace {

/// Map units around the districts' centres that stay on screen: firms scatter around their
/// district's centre and district discs have a radius.
constexpr float kPad = 0.09f;

std::vector<Vec2f> column(float x, float top, float bottom, std::size_t n) {
    std::vector<Vec2f> out;
    if (n == 0) {
        return out;
    }
    const float step = (bottom - top) / static_cast<float>(n);
    for (std::size_t i = 0; i < n; ++i) {
        out.push_back({x, top + step * (static_cast<float>(i) + 0.5f)});
    }
    return out;
}

} // namespace

MapLayout layout_map(const run::World& world, RectF panel, const MapLayoutOptions& options) {
    MapLayout layout;
    layout.panel = panel;
    const float m = options.margin;
    const float left = std::min(options.left_width, panel.w * 0.25f);
    const float right = std::min(options.right_width, panel.w * 0.25f);
    layout.city = {panel.x + left + m, panel.y + options.top_band + m, std::max(10.0f, panel.w - left - right - 2 * m),
                   std::max(10.0f, panel.h - options.top_band - options.bottom_band - 2 * m)};

    float min_x = 1;
    float min_y = 1;
    float max_x = 0;
    float max_y = 0;
    for (const run::District& d : world.districts()) {
        min_x = std::min(min_x, static_cast<float>(d.x()));
        min_y = std::min(min_y, static_cast<float>(d.y()));
        max_x = std::max(max_x, static_cast<float>(d.x()));
        max_y = std::max(max_y, static_cast<float>(d.y()));
    }
    if (world.districts_size() == 0) {
        min_x = min_y = 0.5f;
        max_x = max_y = 0.5f;
    }
    min_x -= kPad;
    min_y -= kPad;
    max_x += kPad;
    max_y += kPad;
    const float span_x = max_x - min_x;
    const float span_y = max_y - min_y;
    layout.scale = std::min(layout.city.w / span_x, layout.city.h / span_y);
    // Centre the fitted bounds in the city rectangle.
    layout.world_min = {min_x, min_y};
    layout.origin = {layout.city.x + (layout.city.w - span_x * layout.scale) * 0.5f,
                     layout.city.y + (layout.city.h - span_y * layout.scale) * 0.5f};

    std::uint32_t max_population = 1;
    for (const run::District& d : world.districts()) {
        max_population = std::max(max_population, d.population());
    }
    for (const run::District& d : world.districts()) {
        layout.districts.push_back(layout.to_screen(static_cast<float>(d.x()), static_cast<float>(d.y())));
        const float share = std::sqrt(static_cast<float>(d.population()) / static_cast<float>(max_population));
        layout.district_radius.push_back(layout.scale * (0.025f + 0.05f * share));
    }

    const float top = panel.y + m + options.top_band * 0.5f;
    const float bottom = panel.bottom() - m;
    layout.departments = column(panel.x + m + 8, top, bottom, static_cast<std::size_t>(world.departments_size()));
    layout.funders = column(panel.right() - m - 8, top, bottom, static_cast<std::size_t>(world.funders_size()));
    layout.municipality = {layout.city.x + layout.city.w * 0.5f, panel.y + m + options.top_band * 0.5f};
    layout.outside = {layout.city.x + layout.city.w * 0.5f, panel.bottom() - m};
    const auto factory_district = static_cast<int>(world.factory_district());
    layout.factory = factory_district < world.districts_size()
                         ? layout.districts[static_cast<std::size_t>(factory_district)]
                         : Vec2f{layout.city.x + layout.city.w * 0.5f, layout.city.y + layout.city.h * 0.5f};
    return layout;
}

std::optional<Vec2f> MapLayout::agent_position(const run::World& world, AgentKey agent) const {
    switch (agent.kind) {
    case run::DEPARTMENT:
        for (int i = 0; i < world.departments_size(); ++i) {
            if (world.departments(i).id() == agent.id) {
                return departments[static_cast<std::size_t>(i)];
            }
        }
        return std::nullopt;
    case run::FUNDER:
        for (int i = 0; i < world.funders_size(); ++i) {
            if (world.funders(i).id() == agent.id) {
                return funders[static_cast<std::size_t>(i)];
            }
        }
        return std::nullopt;
    case run::FACTORY:
        return factory;
    case run::MUNICIPALITY:
        return municipality;
    case run::OUTSIDE:
    case run::TALENT_POOL:
        return outside;
    default:
        return std::nullopt;
    }
}

} // namespace innosim::viz

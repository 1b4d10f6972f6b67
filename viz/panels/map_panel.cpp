// The city map: districts as soft discs sized by population, departments (left) and funders
// (right) as labelled markers, the innovation factory as a building, startups as dots (size ~
// sqrt(employees), colour = stage, failed firms fading), and money moving along arcs.
//
// [SECTION] Geometry helpers
// [SECTION] Layers: districts, flows, firms, markers, overlays
// [SECTION] The panel

#include "viz/core/format.hpp"
#include "viz/core/map_layout.hpp"
#include "viz/draw.hpp"
#include "viz/panels.hpp"

#include <imgui.h>

#include <algorithm>
#include <array>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <functional>

namespace innosim::viz {

namespace {

using draw::iv;

// [SECTION] Geometry helpers

ImVec2 bezier(ImVec2 a, ImVec2 c, ImVec2 b, float t) {
    const float u = 1 - t;
    return ImVec2(u * u * a.x + 2 * u * t * c.x + t * t * b.x, u * u * a.y + 2 * u * t * c.y + t * t * b.y);
}

/// The control point of a gentle arc from a to b (bulging to the left of the direction of travel,
/// so money going both ways between two places takes two lanes).
ImVec2 arc_control(ImVec2 a, ImVec2 b) {
    const ImVec2 mid((a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f);
    const float dx = b.x - a.x;
    const float dy = b.y - a.y;
    return ImVec2(mid.x - dy * 0.22f, mid.y + dx * 0.22f);
}

float amount_radius(double rial, float scale) {
    const double r = 2.2 + 1.1 * std::log10(std::max(1.0, rial / 1e8));
    return static_cast<float>(std::clamp(r, 2.2, 7.5)) * scale;
}

ImU32 with_alpha(ImU32 colour, float alpha) {
    const auto a = static_cast<unsigned>(std::clamp(alpha, 0.0f, 1.0f) * static_cast<float>((colour >> 24) & 0xFF));
    return (colour & ~IM_COL32_A_MASK) | (a << IM_COL32_A_SHIFT);
}

/// Everything one map draw needs.
struct MapContext {
    AppState& state;
    RunView& view;
    int run;
    const ReplayFrame& frame;
    MapLayout layout;
    ImDrawList* dl;
    float scale;              ///< UI scale
    float dot_base;           ///< px: radius of a one-person firm
    RectF content;            ///< px
    Ticks time;               ///< ticks on this run's clock
    bool names_left = true;   ///< the departments' column has their names (else markers only)
    bool names_right = true;  ///< the funders' column has their names
    int legend_rows = 0;      ///< rows of the stage legend in the band below the city
    float side_fs = 13;       ///< px: the side columns' text (the normal size, also in presentation)
    std::vector<RectF> taken; ///< px: labels placed before the districts' names (they give way)

    const StartupFrame* find(std::uint32_t id) const {
        const auto it = std::lower_bound(frame.startups.begin(), frame.startups.end(), id,
                                         [](const StartupFrame& s, std::uint32_t v) { return s.id < v; });
        return it != frame.startups.end() && it->id == id ? &*it : nullptr;
    }
    float dot_radius(float employees) const { return dot_base * (0.8f + 0.55f * std::sqrt(std::max(0.5f, employees))); }
    std::optional<ImVec2> position(const FlowEnd& end) const {
        if (end.district >= 0) {
            const auto d = static_cast<std::size_t>(end.district);
            return d < layout.districts.size() ? std::optional<ImVec2>(iv(layout.districts[d])) : std::nullopt;
        }
        if (end.agent.kind == run::STARTUP) {
            if (const StartupFrame* s = find(end.agent.id)) {
                return iv(layout.to_screen(s->x, s->y));
            }
            const StartupInfo* info = view.model.startup_info(end.agent.id);
            if (info != nullptr && info->district < layout.districts.size()) {
                return iv(layout.districts[info->district]);
            }
            return std::nullopt;
        }
        const std::optional<Vec2f> p = layout.agent_position(view.model.world(), end.agent);
        return p ? std::optional<ImVec2>(iv(*p)) : std::nullopt;
    }
};

// [SECTION] Layers: districts, flows, firms, markers, overlays

void draw_districts(const MapContext& m) {
    const run::World& world = m.view.model.world();
    ImFont* font = ImGui::GetFont();
    const float fs = ImGui::GetFontSize() * 0.85f;
    for (std::size_t i = 0; i < m.layout.districts.size(); ++i) {
        const ImVec2 c = iv(m.layout.districts[i]);
        const float r = m.layout.district_radius[i];
        draw::sprite_glow(m.dl, m.state.fonts.sprites, c, r * 1.45f, theme::rgb(theme::c().district_glow, 0.9f));
        m.dl->AddCircle(c, r, theme::rgb(theme::c().district_ring, 0.35f), 48, 1.0f);
    }
    // Names, most populous district first; a name that would overlap one already placed is left
    // out (small maps in compare mode), the district's disc still shows where it is.
    std::vector<std::size_t> order(m.layout.districts.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return world.districts(static_cast<int>(a)).population() > world.districts(static_cast<int>(b)).population();
    });
    std::vector<RectF> placed = m.taken;
    for (const std::size_t i : order) {
        const ImVec2 c = iv(m.layout.districts[i]);
        const char* name = ui(m.state, text::known_name(m.state.lang, world.districts(static_cast<int>(i)).name()));
        const ImVec2 size = draw::text_size(font, fs, name);
        // Under its disc, kept inside the city (clear of the side columns).
        const float x = std::clamp(c.x - size.x * 0.5f - 2, m.layout.city.x, m.layout.city.right() - size.x - 4);
        const RectF box{x, c.y + m.layout.district_radius[i] * 1.05f, size.x + 4, size.y};
        const bool overlaps = std::any_of(placed.begin(), placed.end(), [&](const RectF& p) {
            return box.x < p.right() && p.x < box.right() && box.y < p.bottom() && p.y < box.bottom();
        });
        if (overlaps) {
            continue;
        }
        placed.push_back(box);
        draw::label(m.state, m.dl, font, fs, ImVec2(box.x + 2, box.y), theme::rgb(theme::c().district_label, 0.9f),
                    name);
    }
}

void draw_flows(const MapContext& m) {
    const Ticks window = flow_window(m.state);
    const std::size_t max_individual = m.frame.startups.size() > 3000 ? 100 : 160;
    const std::vector<MoneyFlow>& flows = m.view.flows_at(m.time, window, max_individual);
    const double phase_base = static_cast<double>(m.time) / static_cast<double>(window);
    // When dense, only the largest aggregated flows get a visible lane; every flow keeps particles.
    constexpr std::size_t kLanes = 36;
    double lane_floor = 0;
    if (flows.size() > kLanes) {
        std::vector<double> amounts;
        amounts.reserve(flows.size());
        for (const MoneyFlow& f : flows) {
            amounts.push_back(f.amount_rial);
        }
        std::nth_element(amounts.begin(), amounts.begin() + kLanes - 1, amounts.end(), std::greater<>());
        lane_floor = amounts[kLanes - 1];
    }
    for (const MoneyFlow& f : flows) {
        const std::optional<ImVec2> from = m.position(f.from);
        const std::optional<ImVec2> to = m.position(f.to);
        if (!from || !to) {
            continue;
        }
        const ImVec2 c = arc_control(*from, *to);
        const ImU32 colour = theme::reason_colour(f.reason);
        const float r = amount_radius(f.amount_rial / std::max<std::uint32_t>(1, f.count), m.scale);
        if (f.aggregated) {
            const bool lane = f.amount_rial >= lane_floor;
            if (lane) {
                const float thickness =
                    std::clamp(1.0f + static_cast<float>(std::log10(std::max(1.0, f.amount_rial / 1e9))), 1.0f, 5.0f) *
                    m.scale;
                m.dl->AddBezierQuadratic(*from, c, *to, with_alpha(colour, 0.22f), thickness, 14);
            }
            const int particles = static_cast<int>(std::min<std::uint32_t>(lane ? 3 : 1, f.count));
            for (int i = 0; i < particles; ++i) {
                const double p = phase_base + static_cast<double>(i) / particles;
                const float t = static_cast<float>(p - std::floor(p));
                const ImVec2 at = bezier(*from, c, *to, t);
                if (lane) {
                    draw::sprite_glow(m.dl, m.state.fonts.sprites, at, r * 2.2f, with_alpha(colour, 0.45f));
                }
                draw::sprite_disc(m.dl, m.state.fonts.sprites, at, r, colour);
            }
            continue;
        }
        const float p = std::clamp(f.progress, 0.0f, 1.0f);
        const float alpha = std::min({1.0f, p / 0.05f + 0.2f, (1.0f - p) / 0.15f});
        // A short trail behind the particle.
        constexpr int kTrail = 3;
        ImVec2 previous = bezier(*from, c, *to, std::max(0.0f, p - 0.14f));
        for (int i = 1; i <= kTrail; ++i) {
            const float t = std::max(0.0f, p - 0.14f * (1.0f - static_cast<float>(i) / kTrail));
            const ImVec2 next = bezier(*from, c, *to, t);
            m.dl->AddLine(previous, next, with_alpha(colour, alpha * 0.6f * static_cast<float>(i) / kTrail), r * 0.9f);
            previous = next;
        }
        const ImVec2 at = bezier(*from, c, *to, p);
        draw::sprite_glow(m.dl, m.state.fonts.sprites, at, r * 2.4f, with_alpha(colour, alpha * 0.5f));
        draw::sprite_disc(m.dl, m.state.fonts.sprites, at, r, with_alpha(colour, alpha));
    }
}

/// When the firms' dots would cover the city this many times over, they are drawn as one density
/// image (viz/core/density.hpp): single dots no longer show, and a quad each is what makes a frame
/// slow on software GL (100k firms: ~80 ms a frame of rasterizing).
constexpr double kDenseCover = 1.0;

/// Brings run `m.run`'s map layer up to date with the frame: decides whether the firms are dense,
/// and renders their image if so. Costs nothing while nothing the map shows has changed (paused).
MapLayer& update_layer(const MapContext& m, float cell) {
    MapLayer& layer = m.state.map_layers[static_cast<std::size_t>(m.run)];
    const bool same = layer.time == m.frame.time && layer.firms == m.frame.startups.size() &&
                      layer.area.x == m.content.x && layer.area.y == m.content.y && layer.area.w == m.content.w &&
                      layer.area.h == m.content.h && layer.dot_base == m.dot_base &&
                      layer.revision == m.view.model.revision();
    if (same) {
        return layer;
    }
    layer.time = m.frame.time;
    layer.firms = m.frame.startups.size();
    layer.area = m.content;
    layer.dot_base = m.dot_base;
    layer.revision = m.view.model.revision();
    layer.dots.clear();
    layer.dots.reserve(m.frame.startups.size());
    for (const StartupFrame& s : m.frame.startups) {
        const Vec2f p = m.layout.to_screen(s.x, s.y);
        const float alpha = s.stage == run::FAILED ? 0.75f * s.fade : 0.92f;
        layer.dots.push_back({p.x, p.y, m.dot_radius(s.employees), alpha, static_cast<std::uint8_t>(s.stage)});
    }
    layer.dense = dot_cover(layer.dots, static_cast<double>(m.layout.city.w) * m.layout.city.h) > kDenseCover;
    if (layer.dense) {
        std::array<std::uint32_t, kDensityClasses> palette{};
        for (std::size_t i = 0; i < palette.size(); ++i) {
            palette[i] = theme::stage_colour(static_cast<run::Stage>(i));
        }
        render_density(layer.dots, palette, m.content, cell, layer.image);
        layer.stale = true;
    }
    return layer;
}

/// Draws the firms; returns the one under the mouse, if any.
const StartupFrame* draw_firms(const MapContext& m) {
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const bool hover_here = m.content.contains({mouse.x, mouse.y}) && ImGui::IsWindowHovered();
    const StartupFrame* hovered = nullptr;
    float best = 1e9f;
    const MapLayer& layer = update_layer(m, std::clamp(m.dot_base * 2.5f, 2.5f, 4.0f));
    if (layer.dense && layer.texture != 0) {
        // Only the tiles that hold firms: empty city costs no fill.
        const DensityImage& image = layer.image;
        const auto texture = reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(layer.texture));
        const float iw = static_cast<float>(image.width);
        const float ih = static_cast<float>(image.height);
        for (std::size_t t = 0; t < image.tiles.size(); ++t) {
            if (!image.tiles[t]) {
                continue;
            }
            const auto across = static_cast<std::size_t>(image.tiles_across);
            const float x0 = static_cast<float>((t % across) * kDensityTile);
            const float y0 = static_cast<float>((t / across) * kDensityTile);
            const float x1 = std::min(iw, x0 + kDensityTile);
            const float y1 = std::min(ih, y0 + kDensityTile);
            m.dl->AddImage(texture, ImVec2(image.x + x0 * image.cell, image.y + y0 * image.cell),
                           ImVec2(image.x + x1 * image.cell, image.y + y1 * image.cell), ImVec2(x0 / iw, y0 / ih),
                           ImVec2(x1 / iw, y1 / ih));
        }
    }
    const bool dots = !layer.dense || layer.texture == 0;
    if (!dots && !hover_here) {
        return nullptr;
    }
    const bool rims = m.frame.startups.size() <= 3000; // at 10k firms the rims are noise, and cost
    for (const StartupFrame& s : m.frame.startups) {
        const ImVec2 p = iv(m.layout.to_screen(s.x, s.y));
        const float r = m.dot_radius(s.employees);
        if (dots) {
            const float alpha = s.stage == run::FAILED ? 0.75f * s.fade : 0.92f;
            if (rims && s.knowledge_based && s.stage != run::FAILED) {
                // Certified firms wear a thin white rim: a slightly larger white disc behind the dot.
                draw::sprite_disc(m.dl, m.state.fonts.sprites, p, r + 1.1f, theme::rgb(theme::c().rim, 0.6f));
            }
            draw::sprite_disc(m.dl, m.state.fonts.sprites, p, r, theme::stage_colour(s.stage, alpha));
        }
        if (hover_here) {
            const float dx = p.x - mouse.x;
            const float dy = p.y - mouse.y;
            const float d = dx * dx + dy * dy;
            const float reach = std::max(6.0f * m.scale, r + 2);
            if (d < reach * reach && d < best) {
                best = d;
                hovered = &s;
            }
        }
    }
    if (!dots && hovered != nullptr) {
        // The firm under the mouse stands out of the density as its own dot.
        const ImVec2 p = iv(m.layout.to_screen(hovered->x, hovered->y));
        const float r = m.dot_radius(hovered->employees) + 1.0f;
        draw::sprite_disc(m.dl, m.state.fonts.sprites, p, r + 1.2f, theme::rgb(theme::c().rim, 0.85f));
        draw::sprite_disc(m.dl, m.state.fonts.sprites, p, r, theme::stage_colour(hovered->stage, 1.0f));
    }
    return hovered;
}

/// Where the factory hall stands: above its district's centre, where its tenants cluster, so both
/// stay visible.
struct FactoryPlace {
    ImVec2 centre; ///< px
    float size;    ///< px: the hall's unit
    ImVec2 base0;  ///< px: the hall's top left
    ImVec2 base1;  ///< px: the hall's bottom right
};

FactoryPlace factory_place(const MapContext& m) {
    const auto d = static_cast<std::size_t>(m.view.model.world().factory_district());
    const float lift = d < m.layout.district_radius.size() ? m.layout.district_radius[d] * 0.95f : 0.0f;
    const ImVec2 c(m.layout.factory.x, m.layout.factory.y - lift);
    const float s = 10.0f * m.scale;
    return {c, s, ImVec2(c.x - s * 1.3f, c.y - s * 0.2f), ImVec2(c.x + s * 1.3f, c.y + s * 0.9f)};
}

/// The factory's name and occupancy above the hall (px box, text ready for ImGui).
struct PlacedText {
    std::string text;
    RectF box;
};

PlacedText factory_label(const MapContext& m) {
    const FactoryPlace f = factory_place(m);
    const run::FactoryState& state = m.view.model.summary(m.frame.snapshot).factory();
    const std::string name = m.view.model.world().factory_name().empty()
                                 ? text::tr(m.state.lang, text::Msg::InnovationFactory)
                                 : text::known_name(m.state.lang, m.view.model.world().factory_name());
    const std::string occupancy =
        text::digits(m.state.lang, std::to_string(state.tenants()) + "/" + std::to_string(state.capacity()));
    ImFont* font = m.state.fonts.bold;
    const float fs = ImGui::GetFontSize() * 0.9f;
    // In a narrow map (compare) the name would run over the department column: keep the numbers.
    std::string label = ui(m.state, name + "  " + occupancy);
    if (draw::text_size(font, fs, label.c_str()).x > m.layout.city.w * 0.55f) {
        label = ui(m.state, text::Msg::Factory, {occupancy});
    }
    const ImVec2 size = draw::text_size(font, fs, label.c_str());
    // Centred over the hall, but inside the city (not over the departments' names).
    const float x = std::clamp(f.centre.x - size.x * 0.5f, m.layout.city.x, m.layout.city.right() - size.x);
    return {label, {x, f.base0.y - f.size * 1.5f - size.y - 1, size.x, size.y}};
}

void draw_factory(const MapContext& m) {
    const FactoryPlace f = factory_place(m);
    const ImVec2 c = f.centre;
    const float s = f.size;
    const ImU32 fill = theme::rgb(theme::c().factory);
    const ImU32 dark = theme::rgb(theme::c().factory_ink);
    // A factory hall with a saw-tooth roof and a chimney.
    const ImVec2 base0 = f.base0;
    const ImVec2 base1 = f.base1;
    m.dl->AddRectFilled(ImVec2(base0.x - 3, base0.y - s * 1.5f), ImVec2(base1.x + 3, base1.y + 3),
                        theme::rgb(theme::c().canvas, 0.7f), 4.0f);
    m.dl->AddRectFilled(ImVec2(base1.x - s * 0.55f, base0.y - s * 1.25f), ImVec2(base1.x - s * 0.2f, base0.y), fill);
    for (int i = 0; i < 3; ++i) {
        const float x0 = base0.x + static_cast<float>(i) * (base1.x - base0.x) / 3.0f;
        const float x1 = x0 + (base1.x - base0.x) / 3.0f;
        m.dl->AddTriangleFilled(ImVec2(x0, base0.y), ImVec2(x1, base0.y - s * 0.7f), ImVec2(x1, base0.y), fill);
    }
    m.dl->AddRectFilled(base0, base1, fill, 1.5f);
    for (int i = 0; i < 3; ++i) {
        const float x = base0.x + s * 0.35f + static_cast<float>(i) * s * 0.8f;
        m.dl->AddRectFilled(ImVec2(x, c.y + s * 0.15f), ImVec2(x + s * 0.4f, c.y + s * 0.55f), dark);
    }
    const PlacedText label = factory_label(m);
    const float fs = ImGui::GetFontSize() * 0.9f;
    draw::shadow_text(m.dl, m.state.fonts.bold, fs, ImVec2(label.box.x, label.box.y), theme::rgb(theme::c().factory),
                      label.text.c_str());
    draw::note_box(m.state, label.box, label.text.c_str());
}

struct Marker {
    AgentKey agent;
    ImVec2 at;
    RectF hit;
};

/// A side column's label: the name on one line, or wrapped to two, with a line of numbers under it
/// when the row has room for it; centred on the marker at `y`. `right`: aligned to `x` from the
/// left of it (funders) instead of starting at `x` (departments).
void draw_side_label(const MapContext& m, float x, float y, bool right, float width, float pitch,
                     const std::string& name, const std::string& numbers) {
    ImFont* bold = m.state.fonts.bold;
    ImFont* font = ImGui::GetFont();
    const float fs = m.side_fs;
    const float name_fs = fs * 0.9f;
    const float small = fs * 0.82f;
    const bool one_line = draw::text_size(bold, name_fs, name.c_str()).x <= width;
    const int name_lines = one_line || pitch < name_fs * 2.0f ? 1 : 2;
    std::vector<std::string> lines = draw::wrap(bold, name_fs, name, width, name_lines);
    const bool with_numbers = !numbers.empty() && pitch >= static_cast<float>(lines.size()) * name_fs + small + 2;
    const float height = static_cast<float>(lines.size()) * name_fs + (with_numbers ? small : 0.0f);
    float top = y - height * 0.5f - fs * 0.05f;
    const auto put = [&](ImFont* f, float size, const std::string& text, ImU32 colour) {
        const char* shown = ui(m.state, text);
        const float w = draw::text_size(f, size, shown).x;
        draw::label(m.state, m.dl, f, size, ImVec2(right ? x - w : x, top), colour, shown);
        top += size;
    };
    for (const std::string& line : lines) {
        put(bold, name_fs, line, theme::rgb(theme::c().text));
    }
    if (with_numbers) {
        put(font, small, draw::elide(font, small, numbers, width), theme::rgb(theme::c().text_dim));
    }
}

/// Department and funder markers with labels; returns their hit areas for hover and click.
std::vector<Marker> draw_markers(const MapContext& m) {
    std::vector<Marker> markers;
    const run::World& world = m.view.model.world();
    const run::Snapshot& snap = m.view.model.summary(m.frame.snapshot);
    ImFont* bold = m.state.fonts.bold;
    const float fs = ImGui::GetFontSize();
    const float r = 6.0f * m.scale;
    const float left_column = m.layout.city.x - m.content.x - 22 * m.scale;
    const float right_column = m.content.right() - m.layout.city.right() - 22 * m.scale;
    const auto pitch = [&](int n) { return n > 0 ? (m.content.h - fs * 0.5f) / static_cast<float>(n) : fs * 3; };

    ImGui::PushFont(bold);
    if (m.names_left) {
        draw::label(m.state, m.dl, bold, m.side_fs, ImVec2(m.content.x + 4, m.content.y + 2),
                    theme::rgb(theme::c().text_dim), ui(m.state, text::Msg::Departments));
    }
    if (m.names_right) {
        const char* funders = ui(m.state, text::Msg::Funders);
        const ImVec2 fsz = draw::text_size(bold, m.side_fs, funders);
        draw::label(m.state, m.dl, bold, m.side_fs, ImVec2(m.content.right() - fsz.x - 4, m.content.y + 2),
                    theme::rgb(theme::c().text_dim), funders);
    }
    ImGui::PopFont();

    for (int i = 0; i < world.departments_size(); ++i) {
        const ImVec2 p = iv(m.layout.departments[static_cast<std::size_t>(i)]);
        m.dl->AddRectFilled(ImVec2(p.x - r, p.y - r), ImVec2(p.x + r, p.y + r), theme::rgb(theme::c().department),
                            2.5f);
        if (!m.names_left) {
            markers.push_back(
                {{run::DEPARTMENT, world.departments(i).id()}, p, {p.x - r - 3, p.y - r - 3, 2 * r + 6, 2 * r + 6}});
            continue;
        }
        std::string numbers;
        if (i < snap.departments_size()) {
            const run::DepartmentState& d = snap.departments(i);
            numbers = text::tr(m.state.lang, text::Msg::SolvedPilots,
                               {text::count(m.state.lang, d.problems_solved()),
                                text::plural(m.state.lang, text::Msg::Pilots, d.pilots_running())});
        }
        draw_side_label(m, p.x + r + 5, p.y, false, left_column, pitch(world.departments_size()),
                        text::known_name(m.state.lang, world.departments(i).name()), numbers);
        markers.push_back(
            {{run::DEPARTMENT, world.departments(i).id()}, p, {p.x - r - 2, p.y - fs, left_column + r * 2, fs * 2}});
    }
    for (int i = 0; i < world.funders_size(); ++i) {
        const ImVec2 p = iv(m.layout.funders[static_cast<std::size_t>(i)]);
        const ImU32 colour = theme::funder_colour(world.funders(i).kind());
        m.dl->AddCircleFilled(p, r * 1.1f, colour, 20);
        m.dl->AddCircle(p, r * 1.1f + 2.5f, with_alpha(colour, 0.5f), 20, 1.5f);
        if (!m.names_right) {
            markers.push_back(
                {{run::FUNDER, world.funders(i).id()}, p, {p.x - r - 3, p.y - r - 3, 2 * r + 6, 2 * r + 6}});
            continue;
        }
        std::string numbers;
        if (i < snap.funders_size()) {
            numbers = text::tr(m.state.lang, text::Msg::MoneyOut,
                               {format_money_short(static_cast<double>(snap.funders(i).deployed_rial()),
                                                   m.state.currency, m.state.lang)});
        }
        draw_side_label(m, p.x - r - 6, p.y, true, right_column, pitch(world.funders_size()),
                        text::known_name(m.state.lang, world.funders(i).name()), numbers);
        markers.push_back({{run::FUNDER, world.funders(i).id()},
                           p,
                           {p.x - right_column - r, p.y - fs, right_column + r * 2, fs * 2}});
    }
    // The municipality: the treasury that budgets and buys.
    const ImVec2 mp = iv(m.layout.municipality);
    m.dl->AddRectFilled(ImVec2(mp.x - r * 1.2f, mp.y - r * 0.2f), ImVec2(mp.x + r * 1.2f, mp.y + r),
                        theme::rgb(theme::c().municipality));
    m.dl->PathArcTo(ImVec2(mp.x, mp.y - r * 0.2f), r * 0.9f, 3.14159f, 6.28318f, 16);
    m.dl->PathFillConvex(theme::rgb(theme::c().municipality));
    draw::label(m.state, m.dl, bold, fs * 0.9f, ImVec2(mp.x + r * 1.6f, mp.y - fs * 0.45f),
                theme::rgb(theme::c().municipality), ui(m.state, text::Msg::Municipality));
    markers.push_back({{run::MUNICIPALITY, 0}, mp, {mp.x - r * 1.5f, mp.y - r * 1.5f, r * 3, r * 3}});
    const ImVec2 fp = factory_place(m).centre;
    markers.push_back({{run::FACTORY, 0}, fp, {fp.x - 16 * m.scale, fp.y - 16 * m.scale, 32 * m.scale, 28 * m.scale}});
    return markers;
}

/// The stage legend's items laid out in rows across the city's width (px positions).
struct LegendItem {
    run::Stage stage;
    std::string name;
    ImVec2 at;
};

std::vector<LegendItem> legend_items(AppState& state, float left, float right, float fs, float r, int& rows) {
    std::vector<LegendItem> items;
    ImFont* font = ImGui::GetFont();
    float x = left;
    int row = 0;
    for (int s = run::IDEA; s <= run::FAILED; ++s) {
        const auto stage = static_cast<run::Stage>(s);
        std::string name = ui(state, stage_label(stage, state.lang));
        const float w = r * 2 + 4 + draw::text_size(font, fs, name.c_str()).x + 10;
        if (x + w > right + 10 && x > left) {
            x = left;
            ++row;
        }
        items.push_back({stage, std::move(name), ImVec2(x, static_cast<float>(row))});
        x += w;
    }
    rows = row + 1;
    return items;
}

/// The stage legend in the band under the city (MapLayoutOptions::bottom_band), clear of districts.
void draw_legend(const MapContext& m) {
    ImFont* font = ImGui::GetFont();
    const float fs = ImGui::GetFontSize() * 0.85f;
    const float r = 4.5f * m.scale;
    int rows = 0;
    const std::vector<LegendItem> items = legend_items(m.state, m.layout.city.x, m.layout.city.right(), fs, r, rows);
    const float top = m.content.bottom() - static_cast<float>(rows) * (fs + 4) - 2;
    for (const LegendItem& item : items) {
        const ImVec2 at(item.at.x, top + item.at.y * (fs + 4));
        m.dl->AddCircleFilled(ImVec2(at.x + r, at.y + fs * 0.55f), r, theme::stage_colour(item.stage), 12);
        draw::label(m.state, m.dl, font, fs, ImVec2(at.x + r * 2 + 4, at.y), theme::rgb(theme::c().text_dim),
                    item.name.c_str());
    }
}

void draw_overlays(const MapContext& m) {
    if (m.run != 0) {
        return;
    }
    // Notes pinned near this date, as callouts under the municipality.
    const RunModel& model = m.view.model;
    const auto notes = m.view.chapters.notes_near(model.calendar(), m.time, 45 * sim::kTicksPerDay);
    ImFont* font = m.state.fonts.bold;
    const float fs = font->FontSize;
    float y = m.layout.municipality.y + fs * 1.2f;
    for (const std::size_t i : notes) {
        // Wrapped to the city's width: a note is read whole.
        const char* text = m.view.chapters.items()[i].text.c_str();
        const float wrap = std::max(80.0f, m.layout.city.w - 30);
        const ImVec2 size = font->CalcTextSizeA(fs, FLT_MAX, wrap, text);
        const float x = m.layout.city.x + (m.layout.city.w - size.x) * 0.5f;
        m.dl->AddRectFilled(ImVec2(x - 10, y - 5), ImVec2(x + size.x + 10, y + size.y + 5),
                            theme::rgb(theme::c().popup, 0.92f), 6.0f);
        m.dl->AddRect(ImVec2(x - 10, y - 5), ImVec2(x + size.x + 10, y + size.y + 5),
                      theme::rgb(theme::c().target, 0.8f), 6.0f, 0, 1.5f);
        m.dl->AddText(font, fs, ImVec2(x, y), theme::rgb(theme::c().text), text, nullptr, wrap);
        draw::note_box(m.state, {x, y, size.x, size.y}, text);
        y += size.y + 16;
    }
}

std::string startup_tooltip(const MapContext& m, const StartupFrame& s) {
    const run::World& world = m.view.model.world();
    // Appends only: GCC 12 reports a false -Wrestrict for "literal" + std::string at -O3.
    std::string text = "Startup #";
    text.append(std::to_string(s.id)).append("  -  ").append(stage_name(s.stage)).append("\n");
    text.append(format_count(s.employees)).append(" people, cash ").append(format_money(s.cash_rial, m.state.currency));
    if (s.district < static_cast<std::uint32_t>(world.districts_size())) {
        text.append("\n").append(world.districts(static_cast<int>(s.district)).name());
    }
    text.append(", ").append(category_name(s.category));
    if (s.knowledge_based) {
        text += "\nknowledge-based";
    }
    if (s.in_factory) {
        text += s.knowledge_based ? ", in the factory" : "\nin the factory";
    }
    text += "\n(click to inspect)";
    return text;
}

} // namespace

// [SECTION] The panel

void draw_map_panel(AppState& state, RectF rect, int run) {
    RunView* view = run == 0 ? state.a.get() : state.b.get();
    if (view == nullptr) {
        return;
    }
    const Lang lang = state.lang;
    std::string title = run_title(state, run);
    if (state.b) {
        title = text::tr(lang, run == 0 ? text::Msg::RunA : text::Msg::RunB) + ": " + title;
    } else {
        title = text::tr(lang, text::Msg::CityMap, {title});
    }
    {
        // The headline numbers ride in the title bar, where they never cover the map; a long name
        // gives way to them.
        const Ticks at = run == 0 ? state.cursor.time() : state.align.to_b(state.cursor.time());
        const KpiValues k = kpis_at(view->model, at);
        const auto n = [&](const char* kpi) { return static_cast<long long>(std::llround(k[*kpi_index(kpi)])); };
        const std::string numbers = text::plural(lang, text::Msg::Startups, n("active_startups")) +
                                    (lang == Lang::Fa ? "\xd8\x8c " : ", ") +
                                    text::plural(lang, text::Msg::Jobs, n("jobs"));
        const float room = rect.w - ImGui::GetStyle().WindowPadding.x * 2 - ImGui::CalcTextSize(ui(state, numbers)).x -
                           ImGui::GetFontSize() * 2;
        title =
            std::string(ui(state, draw::elide(ImGui::GetFont(), ImGui::GetFontSize(), title, room) + "   " + numbers));
    }
    title += run == 0 ? "###map" : "###mapb";
    const Panel panel = run == 0 ? Panel::Map : Panel::MapB;
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse |
                                   (state.presentation ? ImGuiWindowFlags_NoTitleBar : 0);
    if (!draw::begin_panel(state, panel, title.c_str(), rect, flags)) {
        draw::end_panel();
        return;
    }
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const RectF content{origin.x, origin.y, avail.x, avail.y};
    const Ticks t = run == 0 ? state.cursor.time() : state.align.to_b(state.cursor.time());
    const ReplayFrame& frame = view->frame_at(std::clamp(t, view->model.begin_time(), view->model.end_time()));
    const float scale = state.presentation ? ui_units(state) * 1.3f : ui_units(state);
    const float fs = ImGui::GetFontSize();
    // The side columns as wide as their longest name (which wraps to two lines past a quarter of
    // the map). A column narrower than six em shows markers only; two maps side by side name only
    // their outer columns (A its departments, B its funders) so the cities keep their room.
    const run::World& world = view->model.world();
    // In presentation the columns keep the normal size of text: the city is what the room reads.
    const float side_fs = state.presentation ? fs / kPresentationFontScale : fs;
    const float marker_room = 22.0f * scale + 10.0f * scale;
    const bool roomy = content.w >= fs * 36.0f;
    // One named column beside the city may take a little more.
    const float cap = content.w * (roomy || !state.b ? 0.25f : 0.3f);
    const auto widest = [&](auto&& names) {
        float w = 0;
        for (const auto& item : names) {
            w = std::max(w, draw::text_size(state.fonts.bold, side_fs * 0.9f,
                                            ui(state, text::known_name(state.lang, item.name())))
                                .x);
        }
        return w;
    };
    const auto column = [&](float names_w, bool wanted, bool& named) {
        named = wanted && cap - marker_room >= side_fs * 6.0f;
        return named ? std::clamp(names_w + marker_room, side_fs * 6.0f + marker_room, cap) : fs * 1.4f;
    };
    bool names_left = false;
    bool names_right = false;
    const float left = column(widest(world.departments()), roomy || !state.b || run == 0, names_left);
    const float right = column(widest(world.funders()), roomy || !state.b || run == 1, names_right);
    // The stage legend's band under the city: as many rows as the city's width needs. Both maps
    // keep it, so that side by side their cities stay the same size.
    const float legend_fs = fs * 0.85f;
    int legend_rows = 0;
    const float margin = 10.0f * scale;
    legend_items(state, 0, content.w - left - right - 2 * margin, legend_fs, 4.5f * scale, legend_rows);
    const MapLayoutOptions options{.left_width = left,
                                   .right_width = right,
                                   .margin = margin,
                                   .top_band = fs * 1.8f,
                                   .bottom_band = static_cast<float>(legend_rows) * (legend_fs + 4)};
    MapContext m{
        state, *view, run,     frame, layout_map(view->model.world(), content, options), ImGui::GetWindowDrawList(),
        scale, 1.0f,  content, t};
    const float density =
        std::clamp(std::sqrt(500.0f / std::max<float>(1, static_cast<float>(frame.startups.size()))), 0.45f, 1.0f);
    m.dot_base = std::clamp(m.layout.scale * 0.0042f, 1.1f, 3.4f * scale) * density;
    m.names_left = names_left;
    m.names_right = names_right;
    m.legend_rows = legend_rows;
    m.side_fs = side_fs;
    // District names give way to the factory's label and the side columns.
    m.taken.push_back(factory_label(m).box);
    m.taken.push_back({content.x, content.y, m.layout.city.x - content.x, content.h});
    m.taken.push_back({m.layout.city.right(), content.y, content.right() - m.layout.city.right(), content.h});

    m.dl->PushClipRect(ImVec2(content.x, content.y), ImVec2(content.right(), content.bottom()), true);
    draw::backdrop(state, content, theme::c().canvas, theme::c().panel, 6.0f);
    draw_districts(m);
    draw_flows(m);
    const StartupFrame* hovered = draw_firms(m);
    draw_factory(m);
    const std::vector<Marker> markers = draw_markers(m);
    if (run == 0 || !state.b) {
        draw_legend(m); // once is enough when two maps stand side by side
    }
    draw_overlays(m);

    // Selection ring.
    if (state.selection && state.selection->run == run) {
        const AgentKey sel = state.selection->agent;
        std::optional<ImVec2> at;
        float radius = 10.0f * scale;
        if (sel.kind == run::STARTUP) {
            if (const StartupFrame* s = m.find(sel.id)) {
                at = iv(m.layout.to_screen(s->x, s->y));
                radius = m.dot_radius(s->employees) + 5.0f;
            }
        } else {
            for (const Marker& marker : markers) {
                if (marker.agent == sel) {
                    at = marker.at;
                }
            }
        }
        if (at) {
            m.dl->AddCircle(*at, radius, theme::rgb(theme::c().cursor), 24, 2.5f);
            m.dl->AddCircle(*at, radius + 4, theme::rgb(theme::c().cursor, 0.35f), 24, 1.5f);
        }
    }
    m.dl->PopClipRect();

    // Interaction: hover read-outs and click to inspect.
    ImGui::SetCursorScreenPos(origin);
    ImGui::InvisibleButton("map", ImVec2(std::max(1.0f, avail.x), std::max(1.0f, avail.y)));
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    std::optional<AgentKey> under;
    if (ImGui::IsItemHovered()) {
        for (const Marker& marker : markers) {
            if (marker.hit.contains({mouse.x, mouse.y})) {
                under = marker.agent;
                ImGui::SetTooltip("%s\n(click to inspect)", agent_name(view->model.world(), marker.agent).c_str());
            }
        }
        if (!under && hovered != nullptr) {
            under = AgentKey{run::STARTUP, hovered->id};
            ImGui::SetTooltip("%s", startup_tooltip(m, *hovered).c_str());
        }
    }
    if (ImGui::IsItemClicked()) {
        if (under) {
            state.selection = Selection{run, *under};
            state.show_inspector = true;
        } else {
            state.selection.reset();
        }
    }
    draw::end_panel();
}

} // namespace innosim::viz

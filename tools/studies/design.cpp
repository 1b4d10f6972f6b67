#include "tools/studies/design.hpp"

#include "sim/rng.hpp"

#include <algorithm>
#include <numeric>

namespace innosim::studies {

namespace {

// Purposes of the design's RNG streams (the replication coordinate is unused: designs are not runs).
constexpr std::uint64_t kPurposeLhs = 1;
constexpr std::uint64_t kPurposeMorris = 2;
constexpr std::uint64_t kPurposeSaltelliA = 3;
constexpr std::uint64_t kPurposeSaltelliB = 4;

/// Fisher-Yates with our own RNG (std::shuffle's use of the generator is implementation-defined).
void shuffle(std::vector<std::size_t>& items, sim::RngStream& rng) {
    for (std::size_t i = items.size(); i > 1; --i) {
        std::swap(items[i - 1], items[rng.below(i)]);
    }
}

UnitMatrix latin_hypercube_stream(std::size_t n, std::size_t k, std::uint64_t seed, std::uint64_t purpose) {
    UnitMatrix rows(n, std::vector<double>(k));
    std::vector<std::size_t> strata(n);
    for (std::size_t j = 0; j < k; ++j) {
        sim::RngStream rng(seed, 0, j, purpose);
        std::iota(strata.begin(), strata.end(), 0);
        shuffle(strata, rng);
        for (std::size_t i = 0; i < n; ++i) {
            rows[i][j] = (static_cast<double>(strata[i]) + rng.uniform()) / static_cast<double>(n);
        }
    }
    return rows;
}

} // namespace

UnitMatrix latin_hypercube(std::size_t n, std::size_t k, std::uint64_t seed) {
    return latin_hypercube_stream(n, k, seed, kPurposeLhs);
}

double morris_delta(std::uint32_t p) {
    return static_cast<double>(p) / (2.0 * static_cast<double>(p - 1));
}

UnitMatrix morris_trajectories(std::size_t r, std::size_t k, std::uint32_t p, std::uint64_t seed) {
    UnitMatrix rows;
    rows.reserve(r * (k + 1));
    // Grid index g in 0..p-1 stands for g / (p - 1); the step is p/2 grid cells.
    const std::size_t jump = p / 2;
    const double scale = 1.0 / static_cast<double>(p - 1);
    for (std::size_t t = 0; t < r; ++t) {
        sim::RngStream rng(seed, 0, t, kPurposeMorris);
        std::vector<std::size_t> order(k);
        std::iota(order.begin(), order.end(), 0);
        shuffle(order, rng);
        std::vector<std::size_t> grid(k);
        std::vector<bool> up(k);
        for (std::size_t i = 0; i < k; ++i) {
            up[i] = rng.bernoulli(0.5);
            const std::size_t low = rng.below(p - jump); // lower end of the move: g and g + jump both on the grid
            grid[i] = up[i] ? low : low + jump;
        }
        const auto emit = [&] {
            std::vector<double> row(k);
            for (std::size_t i = 0; i < k; ++i) {
                row[i] = static_cast<double>(grid[i]) * scale;
            }
            rows.push_back(std::move(row));
        };
        emit();
        for (const std::size_t i : order) {
            grid[i] = up[i] ? grid[i] + jump : grid[i] - jump;
            emit();
        }
    }
    return rows;
}

UnitMatrix saltelli_matrix(std::size_t n, std::size_t k, std::uint64_t seed) {
    const UnitMatrix a = latin_hypercube_stream(n, k, seed, kPurposeSaltelliA);
    const UnitMatrix b = latin_hypercube_stream(n, k, seed, kPurposeSaltelliB);
    UnitMatrix rows;
    rows.reserve(n * (k + 2));
    rows.insert(rows.end(), a.begin(), a.end());
    rows.insert(rows.end(), b.begin(), b.end());
    for (std::size_t i = 0; i < k; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
            std::vector<double> row = a[j];
            row[i] = b[j][i];
            rows.push_back(std::move(row));
        }
    }
    return rows;
}

std::vector<std::vector<std::size_t>> factorial_indices(const std::vector<std::size_t>& level_counts) {
    std::size_t total = 1;
    for (const std::size_t n : level_counts) {
        total *= n;
    }
    std::vector<std::vector<std::size_t>> out;
    out.reserve(total);
    std::vector<std::size_t> index(level_counts.size(), 0);
    for (std::size_t row = 0; row < total; ++row) {
        out.push_back(index);
        for (std::size_t j = level_counts.size(); j-- > 0;) {
            if (++index[j] < level_counts[j]) {
                break;
            }
            index[j] = 0;
        }
    }
    return out;
}

std::vector<DesignPoint> make_design(const StudySpec& spec) {
    const study::Study& m = spec.message;
    const std::size_t k = spec.levers.size();
    std::vector<DesignPoint> lever_points;
    if (m.design() == study::FULL_FACTORIAL) {
        std::vector<std::vector<std::string>> levels;
        std::vector<std::size_t> counts;
        for (const LeverSpec& lever : spec.levers) {
            levels.push_back(lever.factorial_levels(m.grid_levels()));
            counts.push_back(levels.back().size());
        }
        for (const auto& index : factorial_indices(counts)) {
            DesignPoint point;
            for (std::size_t j = 0; j < k; ++j) {
                point.values.push_back(levels[j][index[j]]);
            }
            lever_points.push_back(std::move(point));
        }
    } else {
        UnitMatrix unit;
        switch (m.design()) {
        case study::LATIN_HYPERCUBE:
            unit = latin_hypercube(m.samples(), k, spec.design_seed);
            break;
        case study::MORRIS:
            unit = morris_trajectories(m.trajectories(), k, m.levels(), spec.design_seed);
            break;
        case study::SOBOL:
            unit = saltelli_matrix(m.samples(), k, spec.design_seed);
            break;
        default:
            break;
        }
        for (std::vector<double>& row : unit) {
            DesignPoint point;
            for (std::size_t j = 0; j < k; ++j) {
                point.values.push_back(spec.levers[j].value_at(row[j]));
            }
            point.unit = std::move(row);
            lever_points.push_back(std::move(point));
        }
    }
    std::vector<DesignPoint> points;
    points.reserve(lever_points.size() * spec.scenarios.size());
    for (std::uint32_t s = 0; s < spec.scenarios.size(); ++s) {
        for (const DesignPoint& lever_point : lever_points) {
            DesignPoint point = lever_point;
            point.scenario = s;
            points.push_back(std::move(point));
        }
    }
    return points;
}

std::vector<RunPlan> make_plan(const StudySpec& spec, const std::vector<DesignPoint>& points) {
    std::vector<RunPlan> plan;
    plan.reserve(points.size() * spec.replications);
    for (std::uint32_t p = 0; p < points.size(); ++p) {
        std::vector<std::string> overrides;
        for (std::size_t j = 0; j < spec.levers.size(); ++j) {
            for (std::string& assignment : spec.levers[j].assignments(points[p].values[j])) {
                overrides.push_back(std::move(assignment));
            }
        }
        for (std::uint32_t k = 0; k < spec.replications; ++k) {
            plan.push_back({.run = plan.size(),
                            .point = p,
                            .replication = k,
                            .scenario = points[p].scenario,
                            .seed = spec.common_random_numbers ? spec.base_seed : spec.base_seed + p,
                            .overrides = overrides});
        }
    }
    return plan;
}

} // namespace innosim::studies

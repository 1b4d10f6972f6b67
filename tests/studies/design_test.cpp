// Designs and plans: factorial counts and order, Latin hypercube strata, Morris trajectories,
// Saltelli matrices, common random numbers in the plan.
#include "tools/studies/design.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <set>

namespace {

using namespace innosim::studies;

StudySpec parse(const std::string& text) {
    return parse_study(text, "test.textproto", std::string(INNOSIM_SOURCE_DIR) + "/scenarios/studies");
}

} // namespace

TEST_CASE("factorial indices enumerate every combination, last coordinate fastest", "[design]") {
    const auto rows = factorial_indices({2, 3, 4});
    REQUIRE(rows.size() == 24);
    CHECK(rows[0] == std::vector<std::size_t>{0, 0, 0});
    CHECK(rows[1] == std::vector<std::size_t>{0, 0, 1});
    CHECK(rows[4] == std::vector<std::size_t>{0, 1, 0});
    CHECK(rows[23] == std::vector<std::size_t>{1, 2, 3});
    CHECK(std::set<std::vector<std::size_t>>(rows.begin(), rows.end()).size() == 24);
    CHECK(factorial_indices({}).size() == 1);
}

TEST_CASE("a full factorial crosses levers and the scenario factor", "[design]") {
    const StudySpec spec = parse(R"(base: "tiny"
scenarios: "tiny"
levers { path: "factory.capacity" values: [10, 20, 30] }
levers { path: "factory.rent_subsidy" range { min: 0 max: 1 } }
grid_levels: 4
replications: 3
)");
    const auto points = make_design(spec);
    REQUIRE(points.size() == 2 * 3 * 4);
    CHECK(points[0].scenario == 0);
    CHECK(points[12].scenario == 1);
    CHECK(points[0].values == std::vector<std::string>{"10", "0"});
    CHECK(points[3].values == std::vector<std::string>{"10", "1"});
    CHECK(points[5].values[1] == "0.333333");

    const auto plan = make_plan(spec, points);
    REQUIRE(plan.size() == points.size() * 3);
    for (std::size_t i = 0; i < plan.size(); ++i) {
        CHECK(plan[i].run == i);
        CHECK(plan[i].point == i / 3);
        CHECK(plan[i].replication == i % 3);
        CHECK(plan[i].seed == spec.base_seed); // common random numbers: one seed, replication k everywhere
    }
    CHECK(plan[4].overrides == std::vector<std::string>{"factory.capacity=10", "factory.rent_subsidy=0.333333"});
}

TEST_CASE("independent points get their own seeds", "[design]") {
    const StudySpec spec = parse(R"(base: "tiny"
levers { path: "factory.capacity" values: [10, 20] }
replications: 2
seeds { base_seed: 100 independent_points: true }
)");
    const auto plan = make_plan(spec, make_design(spec));
    REQUIRE(plan.size() == 4);
    CHECK(plan[0].seed == 100);
    CHECK(plan[1].seed == 100);
    CHECK(plan[2].seed == 101);
    CHECK(plan[3].seed == 101);
}

TEST_CASE("a Latin hypercube has one point in every stratum of every coordinate", "[design]") {
    const std::size_t n = 37;
    const std::size_t k = 5;
    const UnitMatrix rows = latin_hypercube(n, k, 42);
    REQUIRE(rows.size() == n);
    for (std::size_t j = 0; j < k; ++j) {
        std::set<std::size_t> strata;
        for (const auto& row : rows) {
            REQUIRE(row.size() == k);
            CHECK(row[j] >= 0.0);
            CHECK(row[j] < 1.0);
            strata.insert(static_cast<std::size_t>(row[j] * static_cast<double>(n)));
        }
        CHECK(strata.size() == n);
    }
    CHECK(latin_hypercube(n, k, 42) == rows);
    CHECK(latin_hypercube(n, k, 43) != rows);
}

TEST_CASE("Morris trajectories move one coordinate at a time by delta on the grid", "[design]") {
    const std::size_t r = 12;
    const std::size_t k = 4;
    const std::uint32_t p = 6;
    const double delta = morris_delta(p);
    CHECK(delta == Approx(0.6));
    const UnitMatrix rows = morris_trajectories(r, k, p, 9);
    REQUIRE(rows.size() == r * (k + 1));
    for (std::size_t t = 0; t < r; ++t) {
        std::set<std::size_t> moved;
        for (std::size_t s = 0; s <= k; ++s) {
            for (const double v : rows[t * (k + 1) + s]) {
                CHECK(v >= 0.0);
                CHECK(v <= 1.0);
                const double grid = v * (p - 1);
                CHECK(std::fabs(grid - std::round(grid)) < 1e-9);
            }
            if (s == 0) {
                continue;
            }
            const auto& before = rows[t * (k + 1) + s - 1];
            const auto& after = rows[t * (k + 1) + s];
            std::size_t changed = 0;
            for (std::size_t j = 0; j < k; ++j) {
                if (after[j] != before[j]) {
                    ++changed;
                    moved.insert(j);
                    CHECK(std::fabs(after[j] - before[j]) == Approx(delta));
                }
            }
            CHECK(changed == 1);
        }
        CHECK(moved.size() == k); // every lever moves exactly once per trajectory
    }
}

TEST_CASE("a Saltelli matrix holds A, B and A with one column from B", "[design]") {
    const std::size_t n = 16;
    const std::size_t k = 3;
    const UnitMatrix rows = saltelli_matrix(n, k, 5);
    REQUIRE(rows.size() == n * (k + 2));
    for (std::size_t i = 0; i < k; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
            const auto& a = rows[j];
            const auto& b = rows[n + j];
            const auto& ab = rows[(2 + i) * n + j];
            for (std::size_t c = 0; c < k; ++c) {
                CHECK(ab[c] == (c == i ? b[c] : a[c]));
            }
        }
    }
    const StudySpec spec = parse(R"(base: "tiny"
levers { path: "factory.capacity" range { min: 10 max: 40 } }
levers { path: "factory.rent_subsidy" range { min: 0 max: 1 } }
design: SOBOL
samples: 8
)");
    const auto points = make_design(spec);
    CHECK(points.size() == 8 * 4);
    CHECK(points[0].unit.size() == 2);
}

#pragma once

// Designs (which lever values to try) and run plans (one RunPlan per simulation). A sweep is data:
// the plan is a vector of RunPlan values, each a whole, independent run (FLAME GPU 2's RunPlan).
//
// The samplers work on the unit hypercube [0, 1]^k; LeverSpec::value_at maps a coordinate onto a
// lever's range or levels. They are pure functions of their arguments (tests check their structure).

#include "tools/studies/study.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace innosim::studies {

/// Rows of points in [0, 1]^k.
using UnitMatrix = std::vector<std::vector<double>>;

/// `n` points in [0, 1)^k, one in each of the n equal strata of every coordinate; strata paired at
/// random between coordinates. Deterministic for `seed`.
UnitMatrix latin_hypercube(std::size_t n, std::size_t k, std::uint64_t seed);

/// `r` Morris trajectories of k + 1 points on the grid {0, 1/(p-1), ..., 1}: each starts at a random
/// grid point and moves one coordinate at a time, in random order, by +-delta, delta = p / (2 (p - 1)),
/// staying inside [0, 1]. Rows t*(k+1) .. t*(k+1)+k are trajectory t. `p` must be even and >= 2.
UnitMatrix morris_trajectories(std::size_t r, std::size_t k, std::uint32_t p, std::uint64_t seed);
/// The Morris step for `p` levels: p / (2 (p - 1)).
double morris_delta(std::uint32_t p);

/// Saltelli's sample for Sobol indices, n * (k + 2) rows in blocks of n: A, B, then A_B^(i) for
/// i = 0..k-1 (A with column i taken from B). A and B are independent Latin hypercubes.
UnitMatrix saltelli_matrix(std::size_t n, std::size_t k, std::uint64_t seed);

/// Every combination of level indices, the last coordinate varying fastest.
std::vector<std::vector<std::size_t>> factorial_indices(const std::vector<std::size_t>& level_counts);

/// One design point: a scenario of the study and a value for every lever.
struct DesignPoint {
    std::uint32_t scenario = 0;      ///< index into StudySpec::scenarios
    std::vector<std::string> values; ///< per lever, as `--set` text
    std::vector<double> unit;        ///< per lever, the unit coordinate (empty for FULL_FACTORIAL)
};

/// The study's design points, scenario-major (the categorical factor varies slowest).
std::vector<DesignPoint> make_design(const StudySpec& spec);

/// One simulation of a sweep.
struct RunPlan {
    std::uint64_t run = 0;              ///< index in the plan: point * replications + replication
    std::uint32_t point = 0;            ///< design point
    std::uint32_t replication = 0;      ///< 0 .. replications-1; the RNG replication index
    std::uint32_t scenario = 0;         ///< index into StudySpec::scenarios
    std::uint64_t seed = 0;             ///< master seed
    std::vector<std::string> overrides; ///< "path=value" for every lever field (`also` included)
};

/// The plan, point-major: runs of one point are adjacent, replications in order. Under common
/// random numbers every run has seed base_seed (replication k differs only by its index k);
/// without, point p uses base_seed + p.
std::vector<RunPlan> make_plan(const StudySpec& spec, const std::vector<DesignPoint>& points);

} // namespace innosim::studies

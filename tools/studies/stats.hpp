#pragma once

// The statistics of studies: means with t-distribution confidence intervals, paired and unpaired
// differences, Morris elementary effects and Sobol indices with bootstrap intervals. Pure functions
// of their inputs, evaluated in a fixed order, so equal inputs give bit-equal outputs.

#include "tools/studies/design.hpp"

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace innosim::studies {

/// The p-quantile of Student's t distribution with `df` > 0 degrees of freedom (df may be
/// fractional, as Welch's). t_quantile(0.975, 9) = 2.2622.
double t_quantile(double p, double df);
/// Regularized incomplete beta function I_x(a, b), for x in [0, 1], a, b > 0.
double incomplete_beta(double x, double a, double b);

/// The p-quantile (0..1) of `values` by linear interpolation between order statistics (R's type 7).
/// `values` is sorted in place. NaN if empty.
double quantile(std::vector<double>& values, double p);

/// Mean, sample standard deviation and a 95% confidence interval of the mean (Student t, n - 1
/// degrees of freedom). With one value, sd and the interval are NaN; with none, everything is.
struct Summary {
    std::size_t n = 0;
    double mean = 0;
    double sd = 0;     ///< sample standard deviation (divisor n - 1)
    double ci_low = 0; ///< 95% confidence interval of the mean
    double ci_high = 0;
    /// Differences only: two-sided p of "no difference" (t test with the interval's degrees of
    /// freedom); NaN for a plain summary or fewer than two pairs.
    double p_value = std::numeric_limits<double>::quiet_NaN();
    /// The interval lies entirely above or below zero.
    bool excludes_zero() const { return ci_low > 0 || ci_high < 0; }
};
Summary summarize(std::span<const double> values);

/// b - a paired element by element (replication k of both under common random numbers): the mean
/// difference and its t interval. a and b must have equal sizes.
Summary paired_difference(std::span<const double> a, std::span<const double> b);
/// mean(b) - mean(a) of independent samples: Welch's interval (Satterthwaite degrees of freedom).
/// sd is the standard error of the difference here.
Summary welch_difference(std::span<const double> a, std::span<const double> b);

/// Holm's step-down adjustment of p-values for multiple comparisons (family-wise error): the i-th
/// smallest of m is multiplied by m - i + 1, made monotone, capped at 1. NaN entries are no tests.
std::vector<double> holm_adjust(std::span<const double> p);

/// The replications a paired difference of size `delta` needs to be told from zero: the smallest n
/// with (t_{1-alpha/2, n-1} + t_{power, n-1}) * sd / sqrt(n) <= |delta|, where `sd` is the standard
/// deviation of the per-replication differences (from pilot runs).
std::size_t replications_needed(double sd, double delta, double alpha = 0.05, double power = 0.8);
/// The smallest |difference| n replications tell from zero with that level and power (the inverse
/// of replications_needed): (t_{1-alpha/2, n-1} + t_{power, n-1}) * sd / sqrt(n). NaN for n < 2.
double detectable_difference(double sd, std::size_t n, double alpha = 0.05, double power = 0.8);

/// Morris elementary effects of one lever, in output units per unit of the lever's (normalized) range.
struct MorrisEffect {
    double mu = 0;      ///< mean effect (signed)
    double mu_star = 0; ///< mean absolute effect (Campolongo et al. 2007): the importance
    double sigma = 0;   ///< sd of the effects: interactions and non-linearity (NaN with one trajectory)
    std::size_t effects = 0;
    double mu_star_low = 0;  ///< 95% percentile bootstrap interval of mu_star over trajectories (NaN
    double mu_star_high = 0; ///< without resamples or with fewer than two trajectories)
};
/// From Morris trajectories (rows as morris_trajectories gives them) and one output per row. With
/// `bootstrap` > 0, mu_star's interval from that many resamples of whole trajectories (with
/// replacement), drawn from the stream (seed, purpose bootstrap).
std::vector<MorrisEffect> morris_effects(const UnitMatrix& rows, std::span<const double> y, std::size_t k,
                                         std::size_t bootstrap = 0, std::uint64_t seed = 0);

/// Sobol indices of one lever with percentile bootstrap 95% intervals.
struct SobolIndex {
    double first = 0; ///< first-order S_i (Saltelli 2010 estimator, output centred)
    double first_low = 0;
    double first_high = 0;
    double total = 0; ///< total S_Ti (Jansen 1999 estimator)
    double total_low = 0;
    double total_high = 0;
};
/// From outputs in saltelli_matrix's row order (n * (k + 2) values). NaN if the output does not vary.
std::vector<SobolIndex> sobol_indices(std::span<const double> y, std::size_t n, std::size_t k, std::size_t bootstrap,
                                      std::uint64_t seed);

} // namespace innosim::studies

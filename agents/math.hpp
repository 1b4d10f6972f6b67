#pragma once

namespace innosim::agents {

/// The standard normal quantile function, Phi^-1(p) for p in (0, 1); relative error below 1.2e-9
/// (Acklam's rational approximation with one Halley refinement step).
double inverse_normal_cdf(double p);

/// The standard normal cumulative distribution function.
double normal_cdf(double x);

} // namespace innosim::agents

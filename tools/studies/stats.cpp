#include "tools/studies/stats.hpp"

#include "sim/rng.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace innosim::studies {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::uint64_t kPurposeBootstrap = 11;

/// Continued fraction of the incomplete beta function (modified Lentz), valid for x < (a+1)/(a+b+2).
double beta_fraction(double x, double a, double b) {
    constexpr double kTiny = 1e-300;
    constexpr double kEpsilon = 1e-16;
    double c = 1;
    double d = 1 - (a + b) * x / (a + 1);
    d = 1 / (std::fabs(d) < kTiny ? kTiny : d);
    double h = d;
    for (int m = 1; m <= 1000; ++m) {
        const double m2 = 2.0 * m;
        double aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
        d = 1 + aa * d;
        d = 1 / (std::fabs(d) < kTiny ? kTiny : d);
        c = 1 + aa / c;
        c = std::fabs(c) < kTiny ? kTiny : c;
        h *= d * c;
        aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
        d = 1 + aa * d;
        d = 1 / (std::fabs(d) < kTiny ? kTiny : d);
        c = 1 + aa / c;
        c = std::fabs(c) < kTiny ? kTiny : c;
        const double step = d * c;
        h *= step;
        if (std::fabs(step - 1) < kEpsilon) {
            break;
        }
    }
    return h;
}

/// P(T <= t) for Student's t with df degrees of freedom.
double t_cdf(double t, double df) {
    const double x = df / (df + t * t);
    const double tail = 0.5 * incomplete_beta(x, df / 2, 0.5);
    return t >= 0 ? 1 - tail : tail;
}

/// P(|T| >= |t|) for Student's t with df degrees of freedom.
double two_sided_p(double t, double df) {
    if (std::isnan(t)) {
        return kNaN;
    }
    if (std::isinf(t)) {
        return 0;
    }
    return incomplete_beta(df / (df + t * t), df / 2, 0.5);
}

double mean_of(std::span<const double> values) {
    double sum = 0;
    for (const double v : values) {
        sum += v;
    }
    return sum / static_cast<double>(values.size());
}

/// Sample variance (divisor n - 1), two-pass for accuracy.
double variance_of(std::span<const double> values, double mean) {
    double sum = 0;
    for (const double v : values) {
        sum += (v - mean) * (v - mean);
    }
    return sum / static_cast<double>(values.size() - 1);
}

struct SobolPoint {
    std::vector<double> first;
    std::vector<double> total;
};

/// Sobol estimators over the rows `rows` (indices into 0..n-1, with repetition for the bootstrap).
SobolPoint sobol_estimate(std::span<const double> y, std::size_t n, std::size_t k,
                          const std::vector<std::size_t>& rows) {
    const auto a = [&](std::size_t j) { return y[j]; };
    const auto b = [&](std::size_t j) { return y[n + j]; };
    const auto ab = [&](std::size_t i, std::size_t j) { return y[(2 + i) * n + j]; };
    // Variance of the output over A and B together (population divisor, as SALib).
    double sum = 0;
    for (const std::size_t j : rows) {
        sum += a(j) + b(j);
    }
    const double mean = sum / (2.0 * static_cast<double>(rows.size()));
    double squares = 0;
    for (const std::size_t j : rows) {
        squares += (a(j) - mean) * (a(j) - mean) + (b(j) - mean) * (b(j) - mean);
    }
    const double variance = squares / (2.0 * static_cast<double>(rows.size()));
    SobolPoint out{std::vector<double>(k, kNaN), std::vector<double>(k, kNaN)};
    if (!(variance > 0)) {
        return out;
    }
    for (std::size_t i = 0; i < k; ++i) {
        double first = 0;
        double total = 0;
        for (const std::size_t j : rows) {
            // f(B) centred: the same expectation, far less variance when the output's mean is large
            // next to its spread (as SALib does by normalizing the output first).
            first += (b(j) - mean) * (ab(i, j) - a(j));
            total += (a(j) - ab(i, j)) * (a(j) - ab(i, j));
        }
        const auto count = static_cast<double>(rows.size());
        out.first[i] = first / count / variance;
        out.total[i] = 0.5 * total / count / variance;
    }
    return out;
}

} // namespace

double incomplete_beta(double x, double a, double b) {
    if (x <= 0) {
        return 0;
    }
    if (x >= 1) {
        return 1;
    }
    const double front =
        std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x));
    if (x < (a + 1) / (a + b + 2)) {
        return front * beta_fraction(x, a, b) / a;
    }
    return 1 - front * beta_fraction(1 - x, b, a) / b;
}

double t_quantile(double p, double df) {
    if (!(p > 0 && p < 1) || !(df > 0)) {
        return kNaN;
    }
    if (p == 0.5) {
        return 0;
    }
    if (p < 0.5) {
        return -t_quantile(1 - p, df);
    }
    // Bracket, then bisect to the last bit: slow next to a simulation run it is not.
    double low = 0;
    double high = 1;
    while (t_cdf(high, df) < p && high < 1e300) {
        low = high;
        high *= 2;
    }
    for (int i = 0; i < 200 && high - low > 1e-15 * high; ++i) {
        const double mid = 0.5 * (low + high);
        (t_cdf(mid, df) < p ? low : high) = mid;
    }
    return 0.5 * (low + high);
}

double quantile(std::vector<double>& values, double p) {
    if (values.empty()) {
        return kNaN;
    }
    std::sort(values.begin(), values.end());
    const double position = p * static_cast<double>(values.size() - 1);
    const auto below = static_cast<std::size_t>(std::floor(position));
    const std::size_t above = std::min(values.size() - 1, below + 1);
    const double fraction = position - static_cast<double>(below);
    return values[below] + fraction * (values[above] - values[below]);
}

Summary summarize(std::span<const double> values) {
    Summary s;
    s.n = values.size();
    if (s.n == 0) {
        s.mean = s.sd = s.ci_low = s.ci_high = kNaN;
        return s;
    }
    s.mean = mean_of(values);
    if (s.n == 1) {
        s.sd = s.ci_low = s.ci_high = kNaN;
        return s;
    }
    s.sd = std::sqrt(variance_of(values, s.mean));
    const double half = t_quantile(0.975, static_cast<double>(s.n - 1)) * s.sd / std::sqrt(static_cast<double>(s.n));
    s.ci_low = s.mean - half;
    s.ci_high = s.mean + half;
    return s;
}

Summary paired_difference(std::span<const double> a, std::span<const double> b) {
    std::vector<double> differences(std::min(a.size(), b.size()));
    for (std::size_t i = 0; i < differences.size(); ++i) {
        differences[i] = b[i] - a[i];
    }
    Summary s = summarize(differences);
    if (s.n >= 2) {
        // All pairs equal: no doubt about the sign (p 0), or no difference at all (p 1).
        s.p_value =
            s.sd > 0 ? two_sided_p(s.mean / (s.sd / std::sqrt(static_cast<double>(s.n))), static_cast<double>(s.n - 1))
            : s.mean != 0 ? 0.0
                          : 1.0;
    }
    return s;
}

Summary welch_difference(std::span<const double> a, std::span<const double> b) {
    Summary s;
    s.n = std::min(a.size(), b.size());
    if (a.empty() || b.empty()) {
        s.mean = s.sd = s.ci_low = s.ci_high = kNaN;
        return s;
    }
    const double ma = mean_of(a);
    const double mb = mean_of(b);
    s.mean = mb - ma;
    if (a.size() < 2 || b.size() < 2) {
        s.sd = s.ci_low = s.ci_high = kNaN;
        return s;
    }
    const double va = variance_of(a, ma) / static_cast<double>(a.size());
    const double vb = variance_of(b, mb) / static_cast<double>(b.size());
    s.sd = std::sqrt(va + vb);
    if (!(s.sd > 0)) {
        s.ci_low = s.ci_high = s.mean;
        s.p_value = s.mean != 0 ? 0.0 : 1.0;
        return s;
    }
    const double df = (va + vb) * (va + vb) /
                      (va * va / static_cast<double>(a.size() - 1) + vb * vb / static_cast<double>(b.size() - 1));
    const double half = t_quantile(0.975, df) * s.sd;
    s.ci_low = s.mean - half;
    s.ci_high = s.mean + half;
    s.p_value = two_sided_p(s.mean / s.sd, df);
    return s;
}

std::vector<double> holm_adjust(std::span<const double> p) {
    std::vector<std::size_t> order(p.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    // NaN (no test) sorts last and stays NaN.
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
        return !std::isnan(p[x]) && (std::isnan(p[y]) || p[x] < p[y]);
    });
    const auto m = static_cast<double>(std::count_if(p.begin(), p.end(), [](double v) { return !std::isnan(v); }));
    std::vector<double> adjusted(p.size(), kNaN);
    double running = 0;
    for (std::size_t rank = 0; rank < order.size(); ++rank) {
        const double value = p[order[rank]];
        if (std::isnan(value)) {
            continue;
        }
        running = std::max(running, std::min(1.0, (m - static_cast<double>(rank)) * value));
        adjusted[order[rank]] = running;
    }
    return adjusted;
}

std::size_t replications_needed(double sd, double delta, double alpha, double power) {
    constexpr std::size_t kMost = 100000;
    if (!(sd > 0)) {
        return 2;
    }
    if (!(std::fabs(delta) > 0)) {
        return kMost;
    }
    for (std::size_t n = 2; n < kMost; n += n < 100 ? 1 : n / 50) {
        if (detectable_difference(sd, n, alpha, power) <= std::fabs(delta)) {
            return n;
        }
    }
    return kMost;
}

double detectable_difference(double sd, std::size_t n, double alpha, double power) {
    if (n < 2) {
        return kNaN;
    }
    const auto df = static_cast<double>(n - 1);
    return (t_quantile(1 - alpha / 2, df) + t_quantile(power, df)) * sd / std::sqrt(static_cast<double>(n));
}

std::vector<MorrisEffect> morris_effects(const UnitMatrix& rows, std::span<const double> y, std::size_t k,
                                         std::size_t bootstrap, std::uint64_t seed) {
    // effects[j][t]: lever j's elementary effect in trajectory t (NaN if that trajectory has none).
    const std::size_t trajectories = k == 0 ? 0 : rows.size() / (k + 1);
    std::vector<std::vector<double>> effects(k, std::vector<double>(trajectories, kNaN));
    for (std::size_t t = 0; t < trajectories; ++t) {
        for (std::size_t s = 1; s <= k; ++s) {
            const std::size_t here = t * (k + 1) + s;
            const std::vector<double>& before = rows[here - 1];
            const std::vector<double>& after = rows[here];
            for (std::size_t j = 0; j < k; ++j) {
                if (after[j] != before[j]) {
                    effects[j][t] = (y[here] - y[here - 1]) / (after[j] - before[j]);
                    break;
                }
            }
        }
    }
    const auto mean_abs = [&](std::size_t j, std::span<const std::size_t> picks) {
        double sum = 0;
        std::size_t n = 0;
        for (const std::size_t t : picks) {
            if (!std::isnan(effects[j][t])) {
                sum += std::fabs(effects[j][t]);
                ++n;
            }
        }
        return n == 0 ? kNaN : sum / static_cast<double>(n);
    };
    std::vector<MorrisEffect> out(k);
    for (std::size_t j = 0; j < k; ++j) {
        std::vector<double> e;
        for (const double v : effects[j]) {
            if (!std::isnan(v)) {
                e.push_back(v);
            }
        }
        out[j].effects = e.size();
        out[j].mu_star_low = out[j].mu_star_high = kNaN;
        if (e.empty()) {
            out[j].mu = out[j].mu_star = out[j].sigma = kNaN;
            continue;
        }
        double sum = 0;
        double sum_abs = 0;
        for (const double v : e) {
            sum += v;
            sum_abs += std::fabs(v);
        }
        out[j].mu = sum / static_cast<double>(e.size());
        out[j].mu_star = sum_abs / static_cast<double>(e.size());
        out[j].sigma = e.size() < 2 ? kNaN : std::sqrt(variance_of(e, out[j].mu));
    }
    if (bootstrap == 0 || trajectories < 2) {
        return out;
    }
    // Whole trajectories resampled together, so the levers' intervals come from the same resamples.
    std::vector<std::vector<double>> resampled(k);
    std::vector<std::size_t> picks(trajectories);
    sim::RngStream rng(seed, 0, 0, kPurposeBootstrap);
    for (std::size_t b = 0; b < bootstrap; ++b) {
        for (std::size_t& t : picks) {
            t = rng.below(trajectories);
        }
        for (std::size_t j = 0; j < k; ++j) {
            if (const double m = mean_abs(j, picks); !std::isnan(m)) {
                resampled[j].push_back(m);
            }
        }
    }
    for (std::size_t j = 0; j < k; ++j) {
        if (!resampled[j].empty() && out[j].effects >= 2) {
            out[j].mu_star_low = quantile(resampled[j], 0.025);
            out[j].mu_star_high = quantile(resampled[j], 0.975);
        }
    }
    return out;
}

std::vector<SobolIndex> sobol_indices(std::span<const double> y, std::size_t n, std::size_t k, std::size_t bootstrap,
                                      std::uint64_t seed) {
    std::vector<std::size_t> rows(n);
    for (std::size_t j = 0; j < n; ++j) {
        rows[j] = j;
    }
    const SobolPoint point = sobol_estimate(y, n, k, rows);
    std::vector<std::vector<double>> firsts(k);
    std::vector<std::vector<double>> totals(k);
    sim::RngStream rng(seed, 0, 0, kPurposeBootstrap);
    for (std::size_t b = 0; b < bootstrap && n > 0; ++b) {
        for (std::size_t j = 0; j < n; ++j) {
            rows[j] = rng.below(n);
        }
        const SobolPoint resample = sobol_estimate(y, n, k, rows);
        for (std::size_t i = 0; i < k; ++i) {
            if (!std::isnan(resample.first[i])) {
                firsts[i].push_back(resample.first[i]);
                totals[i].push_back(resample.total[i]);
            }
        }
    }
    std::vector<SobolIndex> out(k);
    for (std::size_t i = 0; i < k; ++i) {
        out[i].first = point.first[i];
        out[i].total = point.total[i];
        out[i].first_low = quantile(firsts[i], 0.025);
        out[i].first_high = quantile(firsts[i], 0.975);
        out[i].total_low = quantile(totals[i], 0.025);
        out[i].total_high = quantile(totals[i], 0.975);
    }
    return out;
}

} // namespace innosim::studies

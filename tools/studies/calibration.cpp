#include "tools/studies/calibration.hpp"

#include "agents/runner.hpp"
#include "sim/input_error.hpp"
#include "sim/io/overrides.hpp"
#include "tools/studies/ensemble.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlopt.hpp>
#include <sstream>

namespace innosim::studies {

namespace {

double parse_bound(const std::string& text, const std::string& whole, const char* which) {
    try {
        std::size_t used = 0;
        const double value = std::stod(text, &used);
        if (used == text.size() && std::isfinite(value)) {
            return value;
        }
    } catch (const std::exception&) {
    }
    throw InputError("--fit " + whole + ": the " + which + " bound \"" + text + "\" is not a number");
}

std::string number(double value) {
    char text[64];
    std::snprintf(text, sizeof text, "%.6g", value);
    std::string out = text;
    // Whole numbers (Rial, counts) without an exponent, so integer levers accept them.
    if (std::fabs(value) >= 1e6 && std::fabs(value) < 9e18 && std::nearbyint(value) == value) {
        std::snprintf(text, sizeof text, "%.0f", value);
        out = text;
    }
    return out;
}

} // namespace

FitParameter parse_fit_parameter(const std::string& text) {
    const std::size_t equals = text.find('=');
    const std::size_t colon = text.find(':', equals == std::string::npos ? 0 : equals);
    if (equals == std::string::npos || colon == std::string::npos || equals == 0) {
        throw InputError("--fit " + text + ": expected PATH=LOW:HIGH (e.g. market.switching_per_year=0.05:0.4)");
    }
    FitParameter p{.path = text.substr(0, equals),
                   .low = parse_bound(text.substr(equals + 1, colon - equals - 1), text, "low"),
                   .high = parse_bound(text.substr(colon + 1), text, "high")};
    if (!(p.low < p.high)) {
        throw InputError("--fit " + text + ": the low bound must be below the high bound");
    }
    return p;
}

std::vector<agents::StylizedFacts> replicate_facts(const agents::LoadedScenario& loaded, std::uint32_t replications,
                                                   std::uint64_t seed, unsigned threads) {
    std::vector<agents::StylizedFacts> facts(replications);
    parallel_for(replications, threads, [&](std::size_t r) {
        agents::FactsObserver observer;
        agents::run_scenario(loaded,
                             {.seed = seed, .replication = static_cast<std::uint32_t>(r), .observer = &observer});
        facts[r] = observer.facts(loaded.params.end + sim::kTicksPerDay);
    });
    return facts;
}

agents::LoadedScenario with_levers(const agents::LoadedScenario& loaded, const std::vector<FitParameter>& parameters,
                                   const std::vector<double>& values) {
    agents::LoadedScenario out = loaded;
    std::vector<std::string> assignments;
    for (std::size_t i = 0; i < parameters.size(); ++i) {
        assignments.push_back(parameters[i].path + "=" + number(values[i]));
    }
    agents::apply_overrides(out, assignments);
    return out;
}

FitResult fit_levers(const agents::LoadedScenario& loaded, const std::vector<FitParameter>& parameters,
                     std::uint32_t replications, std::uint64_t seed, unsigned threads, std::uint32_t evaluations,
                     const std::function<void(const std::vector<double>&, double)>& progress) {
    const std::size_t n = parameters.size();
    // Each lever's value now, read from the scenario (and checked: a path that names nothing fails here).
    std::vector<double> start(n);
    for (std::size_t i = 0; i < n; ++i) {
        const std::string now = io::lever_value(loaded.scenario, parameters[i].path);
        double value = 0;
        try {
            value = std::stod(now);
        } catch (const std::exception&) {
            throw InputError("--fit " + parameters[i].path + ": its value \"" + now + "\" is not one number");
        }
        start[i] = std::clamp(value, parameters[i].low, parameters[i].high);
    }
    // The optimiser works on [0, 1] per lever so that Rial and shares weigh alike.
    const auto to_values = [&](const std::vector<double>& unit) {
        std::vector<double> values(n);
        for (std::size_t i = 0; i < n; ++i) {
            values[i] = parameters[i].low + std::clamp(unit[i], 0.0, 1.0) * (parameters[i].high - parameters[i].low);
        }
        return values;
    };
    FitResult result;
    const auto loss_at = [&](const std::vector<double>& values) {
        const agents::LoadedScenario candidate = with_levers(loaded, parameters, values);
        return agents::calibration_loss(
            agents::pooled_fact_values(replicate_facts(candidate, replications, seed, threads)));
    };
    result.start_loss = loss_at(start);
    std::vector<double> best_values = start;
    double best = result.start_loss;
    struct Context {
        const std::function<double(const std::vector<double>&)>* evaluate;
    };
    std::function<double(const std::vector<double>&)> evaluate = [&](const std::vector<double>& unit) {
        const std::vector<double> values = to_values(unit);
        const double loss = loss_at(values);
        ++result.evaluations;
        if (loss < best) {
            best = loss;
            best_values = values;
        }
        if (progress) {
            progress(values, loss);
        }
        return loss;
    };
    Context context{&evaluate};
    nlopt::opt optimiser(nlopt::LN_SBPLX, static_cast<unsigned>(n));
    optimiser.set_lower_bounds(std::vector<double>(n, 0.0));
    optimiser.set_upper_bounds(std::vector<double>(n, 1.0));
    optimiser.set_maxeval(static_cast<int>(evaluations));
    optimiser.set_initial_step(std::vector<double>(n, 0.15));
    optimiser.set_min_objective([](const std::vector<double>& x, std::vector<double>& /*gradient*/,
                                   void* data) { return (*static_cast<Context*>(data)->evaluate)(x); },
                                &context);
    std::vector<double> unit(n);
    for (std::size_t i = 0; i < n; ++i) {
        unit[i] = (start[i] - parameters[i].low) / (parameters[i].high - parameters[i].low);
    }
    double minimum = 0;
    try {
        optimiser.optimize(unit, minimum);
    } catch (const nlopt::roundoff_limited&) {
        // Subplex stopped where the noise of the loss hides further progress: keep the best seen.
    }
    result.values = best_values;
    result.loss = best;
    const std::vector<agents::StylizedFacts> facts =
        replicate_facts(with_levers(loaded, parameters, best_values), replications, seed, threads);
    for (const agents::StylizedFacts& f : facts) {
        result.replication_losses.push_back(agents::calibration_loss(agents::fact_values(f)));
    }
    return result;
}

std::string fitted_fragment(const agents::LoadedScenario& loaded, const std::vector<FitParameter>& parameters,
                            const FitResult& fit, std::uint32_t replications) {
    std::ostringstream out;
    out << "# Fitted by innosim calibrate --fit on " << loaded.params.name << " (" << replications
        << " replications a candidate, " << fit.evaluations << " candidates): loss " << number(fit.loss) << " (from "
        << number(fit.start_loss) << ").\n";
    for (std::size_t i = 0; i < parameters.size(); ++i) {
        out << "overrides: \"" << parameters[i].path << "=" << number(fit.values[i]) << "\"  # fitted in ["
            << number(parameters[i].low) << ", " << number(parameters[i].high) << "]\n";
    }
    return out.str();
}

} // namespace innosim::studies

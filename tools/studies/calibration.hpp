#pragma once

// Calibration by simulation: a scenario's stylized facts over replications, and a fit of declared
// levers to the published targets (agents/calibration.hpp) with a derivative-free optimiser.

#include "agents/calibration.hpp"
#include "agents/scenario_loader.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace innosim::studies {

/// A lever to fit and the range it may take: "market.city_demand_per_year_rial=1e13:5e13".
struct FitParameter {
    std::string path;
    double low = 0;
    double high = 0;
};

/// Parses PATH=LOW:HIGH; throws InputError naming the argument and what is wrong.
FitParameter parse_fit_parameter(const std::string& text);

/// The stylized facts of replications 0..R-1 (common random numbers: the same streams for every
/// candidate), on `threads` threads; byte-identical whatever the thread count.
std::vector<agents::StylizedFacts> replicate_facts(const agents::LoadedScenario& loaded, std::uint32_t replications,
                                                   std::uint64_t seed, unsigned threads);

/// `loaded` with the levers set to `values` from the start (as --set would).
agents::LoadedScenario with_levers(const agents::LoadedScenario& loaded, const std::vector<FitParameter>& parameters,
                                   const std::vector<double>& values);

struct FitResult {
    std::vector<double> values;             ///< fitted lever values, in the order given
    double loss = 0;                        ///< calibration_loss of the pooled facts at the fit
    double start_loss = 0;                  ///< at the scenario's own values
    std::vector<double> replication_losses; ///< the loss of each replication alone, at the fit
    std::uint32_t evaluations = 0;
};

/// Minimises the calibration loss of the pooled facts over the parameters' box with NLopt's
/// subplex (Rowan 1990), starting from the scenario's values (clamped into the box).
/// `progress` hears each evaluation (values, loss).
FitResult fit_levers(const agents::LoadedScenario& loaded, const std::vector<FitParameter>& parameters,
                     std::uint32_t replications, std::uint64_t seed, unsigned threads, std::uint32_t evaluations,
                     const std::function<void(const std::vector<double>&, double)>& progress = {});

/// The fitted values as a scenario fragment ("overrides: ..." lines with a comment saying how they
/// were fitted), to paste into a scenario or use as a variant.
std::string fitted_fragment(const agents::LoadedScenario& loaded, const std::vector<FitParameter>& parameters,
                            const FitResult& fit, std::uint32_t replications);

} // namespace innosim::studies

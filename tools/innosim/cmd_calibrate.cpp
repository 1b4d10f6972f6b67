// innosim calibrate: a scenario's stylized facts over replications against published targets,
// and `--fit`: the declared levers fitted to those targets by simulation.
#include "agents/calibration.hpp"
#include "agents/scenario_loader.hpp"
#include "tools/innosim/command.hpp"
#include "tools/innosim/format.hpp"
#include "tools/studies/calibration.hpp"
#include "tools/studies/ensemble.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace innosim::cli {

namespace {

struct CalibrateArgs {
    std::string scenario = "mashhad_baseline";
    std::uint32_t replications = 10;
    std::uint64_t seed = 0;
    bool strict = false;
    std::vector<std::string> fit;
    std::uint32_t evaluations = 60;
    std::string out;
    unsigned threads = 0;
};

std::string shown(const agents::FactBand& band, double value) {
    char text[48];
    if (band.high <= 1.0) {
        std::snprintf(text, sizeof text, "%.1f %%", 100 * value);
    } else {
        std::snprintf(text, sizeof text, "%.0f", value);
    }
    return text;
}

double quantile(std::vector<double> values, double q) {
    if (values.empty()) {
        return 0;
    }
    std::sort(values.begin(), values.end());
    const double position = q * static_cast<double>(values.size() - 1);
    const auto below = static_cast<std::size_t>(position);
    const std::size_t above = std::min(below + 1, values.size() - 1);
    return values[below] + (position - static_cast<double>(below)) * (values[above] - values[below]);
}

/// The facts table: pooled value, the 90% interval over replications, band, verdict, source.
int print_facts(const std::vector<agents::StylizedFacts>& runs) {
    const agents::FactValues pooled = agents::pooled_fact_values(runs);
    std::printf("%-36s %9s %21s %16s  %-5s %s\n", "fact", "model", "90% of replications", "band", "", "published");
    int failed = 0;
    for (std::size_t i = 0; i < agents::kFactCount; ++i) {
        const agents::FactBand& band = agents::kFactBands[i];
        std::vector<double> each;
        for (const agents::StylizedFacts& run : runs) {
            const agents::FactValues v = agents::fact_values(run);
            if (v.weight[i] > 0) {
                each.push_back(v.value[i]);
            }
        }
        const bool ok = pooled.weight[i] > 0 && pooled.value[i] >= band.low && pooled.value[i] <= band.high;
        failed += ok ? 0 : 1;
        const std::string interval = shown(band, quantile(each, 0.05)) + " - " + shown(band, quantile(each, 0.95));
        const std::string range = shown(band, band.low) + " - " + shown(band, band.high);
        std::printf("%-36s %9s %21s %16s  %-5s %s; band: %s\n", band.fact,
                    pooled.weight[i] > 0 ? shown(band, pooled.value[i]).c_str() : "no cases", interval.c_str(),
                    range.c_str(), ok ? "PASS" : "FAIL", band.source, band.why);
    }
    const auto causes = [&](std::size_t c) {
        double sum = 0;
        for (const auto& f : runs) {
            sum += f.failure_causes[c];
        }
        return sum / static_cast<double>(runs.size());
    };
    const double all = causes(1) + causes(2) + causes(3) + causes(4);
    if (all > 0) {
        std::printf("\nFailures by cause (mean per run): cash out %.0f%%, low prospects %.0f%%, team breakup "
                    "%.0f%%, debt %.0f%%\n",
                    100 * causes(1) / all, 100 * causes(2) / all, 100 * causes(3) / all, 100 * causes(4) / all);
    }
    std::printf("Loss (squared distance from the published points in half-bands): %.2f\n",
                agents::calibration_loss(pooled));
    std::printf("\n%zu of %zu facts inside their bands.\n", agents::kFactCount - static_cast<std::size_t>(failed),
                agents::kFactCount);
    return failed;
}

} // namespace

void add_calibrate_command(CLI::App& app, Context& context) {
    auto args = std::make_shared<CalibrateArgs>();
    auto* sub = app.add_subcommand("calibrate",
                                   "Run replications and compare the model's stylized facts with published targets");
    sub->add_option("SCENARIO", args->scenario, "Scenario file or built-in name")->capture_default_str();
    sub->add_option("--replications,-r", args->replications, "Replications (independent random streams)")
        ->capture_default_str()
        ->check(CLI::Range(1U, 10000U));
    sub->add_option("--seed", args->seed, "Master seed (default: the scenario's)");
    sub->add_flag("--strict", args->strict, "Exit with code 1 if any fact is outside its band");
    sub->add_option("--fit", args->fit,
                    "Fit a lever to the targets: PATH=LOW:HIGH (repeatable), e.g. market.switching_per_year=0.05:0.4");
    sub->add_option("--evaluations", args->evaluations, "Candidates the fit may try (each runs -r replications)")
        ->capture_default_str()
        ->check(CLI::Range(1U, 100000U));
    sub->add_option("--out", args->out, "With --fit: write the fitted levers as a scenario fragment here");
    sub->add_option("--threads,-j", args->threads, "Threads (default: all cores)");
    sub->footer("Facts are pooled over replications: cohort survival of the first year's entrants by age,\n"
                "the venture funnel, the certification rate and the demand-side funnel. --fit minimises the\n"
                "loss with NLopt's subplex on common random numbers and prints the fitted values, the loss\n"
                "and its spread over replications.");
    sub->callback([args, &context] {
        const agents::LoadedScenario loaded = agents::load_scenario(args->scenario);
        const unsigned threads = args->threads > 0 ? args->threads : studies::default_threads();
        if (args->fit.empty()) {
            std::printf("Calibration of %s: %u replications, first-year entrants followed to %s\n\n",
                        loaded.params.name.c_str(), args->replications, loaded.params.end_date.c_str());
            const int failed = print_facts(studies::replicate_facts(loaded, args->replications, args->seed, threads));
            if (args->strict && failed > 0) {
                context.exit_code = kExitFailure;
            }
            return;
        }
        std::vector<studies::FitParameter> parameters;
        for (const std::string& text : args->fit) {
            parameters.push_back(studies::parse_fit_parameter(text));
        }
        std::printf("Fitting %zu levers of %s: %u replications a candidate, at most %u candidates\n", parameters.size(),
                    loaded.params.name.c_str(), args->replications, args->evaluations);
        const studies::FitResult fit = studies::fit_levers(
            loaded, parameters, args->replications, args->seed, threads, args->evaluations,
            [](const std::vector<double>&, double loss) { std::fprintf(stderr, "  candidate loss %.2f\n", loss); });
        std::printf("\nFitted after %u candidates: loss %.2f (the scenario's own values: %.2f); over replications "
                    "alone the loss spreads %.2f - %.2f (90%%)\n",
                    fit.evaluations, fit.loss, fit.start_loss, quantile(fit.replication_losses, 0.05),
                    quantile(fit.replication_losses, 0.95));
        for (std::size_t i = 0; i < parameters.size(); ++i) {
            std::printf("  %s = %.6g   (range %.6g .. %.6g)\n", parameters[i].path.c_str(), fit.values[i],
                        parameters[i].low, parameters[i].high);
        }
        std::printf("\n");
        const agents::LoadedScenario fitted = studies::with_levers(loaded, parameters, fit.values);
        print_facts(studies::replicate_facts(fitted, args->replications, args->seed, threads));
        const std::string fragment = studies::fitted_fragment(loaded, parameters, fit, args->replications);
        if (!args->out.empty()) {
            write_file_atomically(args->out, fragment);
            std::printf("\nFitted levers written to %s\n", args->out.c_str());
        } else {
            std::printf("\n%s", fragment.c_str());
        }
    });
}

} // namespace innosim::cli

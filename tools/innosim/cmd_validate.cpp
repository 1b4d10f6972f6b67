#include "agents/scenario_loader.hpp"
#include "sim/input_error.hpp"
#include "sim/io/scenario_parser.hpp"
#include "tools/innosim/command.hpp"

#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace innosim::cli {

namespace {

std::string describe(const scenario::Scenario& s) {
    int problems = 0;
    for (const auto& department : s.departments()) {
        problems += department.problems_size();
    }
    return std::to_string(s.departments_size()) + " departments, " + std::to_string(problems) + " problems, " +
           std::to_string(s.funders_size()) + " funders, " + std::to_string(s.districts_size()) + " districts, " +
           std::to_string(s.interventions_size()) + " interventions";
}

} // namespace

void add_validate_command(CLI::App& app, Context& context) {
    auto* sub = app.add_subcommand(
        "validate", "Check scenario files: syntax, field names and types, ranges with units, dates, dated levers");
    auto files = std::make_shared<std::vector<std::string>>();
    sub->add_option("SCENARIO", *files, "Scenario files (.textproto) or built-in scenario names")->required();
    sub->footer("Prints 'ok  FILE (...)' per good file and every problem of a bad one as FILE:LINE:COL: message.\n"
                "Exit code 2 if any file is bad.");
    sub->callback([files, &context] {
        int bad = 0;
        for (const auto& file : *files) {
            try {
                // The loader `innosim run` uses: schema checks (io::parse_scenario_text), the model's
                // semantic checks (agents::check_scenario), a variant's base and its levers.
                const agents::LoadedScenario loaded = agents::load_scenario(file);
                const std::string& base = loaded.scenario.base();
                std::cout << "ok  " << file << " (" << (base.empty() ? "" : "variant of " + base + ": ")
                          << describe(loaded.scenario) << ")\n";
            } catch (const InputError& e) {
                std::cout.flush();
                std::cerr << e.what() << '\n';
                ++bad;
            }
        }
        if (bad > 0) {
            std::cerr << "innosim: " << bad << " of " << files->size() << " scenario files have errors\n";
            context.exit_code = kExitBadInput;
        }
    });
}

} // namespace innosim::cli

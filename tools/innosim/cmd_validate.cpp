#include "sim/input_error.hpp"
#include "sim/io/scenario_parser.hpp"
#include "tools/innosim/command.hpp"

#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace innosim::cli {

namespace {

/// The model's semantic checks (unknown district or department names, horizon after end, ...),
/// run after the schema checks so that one pass lists every problem of a file.
/// Seam for agents/: return the model's io::ScenarioCheck here once it exists.
io::ScenarioCheck model_checks() {
    return {};
}

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
    sub->add_option("SCENARIO", *files, "Scenario files (.textproto)")->required();
    sub->footer("Prints 'ok  FILE (...)' per good file and every problem of a bad one as FILE:LINE:COL: message.\n"
                "Exit code 2 if any file is bad.");
    sub->callback([files, &context] {
        const io::ScenarioCheck checks = model_checks();
        int bad = 0;
        for (const auto& file : *files) {
            try {
                const io::ParsedScenario parsed = io::load_scenario_file(file, checks);
                std::cout << "ok  " << file << " (" << describe(parsed.scenario) << ")\n";
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

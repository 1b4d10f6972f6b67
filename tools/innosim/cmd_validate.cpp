#include "agents/scenario_loader.hpp"
#include "sim/input_error.hpp"
#include "sim/io/scenario_parser.hpp"
#include "sim/io/text_source.hpp"
#include "sim/proto/study.pb.h"
#include "tools/innosim/command.hpp"
#include "tools/studies/sweep.hpp"

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
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

/// A study file is validated as a study: a file that reads cleanly as a Study and not as a
/// Scenario is one (so `validate` on a study talks about levers and designs, not Scenario fields).
bool is_study_file(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        return false;
    }
    std::ostringstream read;
    read << in.rdbuf();
    const std::string text = std::move(read).str();
    const auto errors_as = [&](google::protobuf::Message& message) {
        io::TextSource source(file, text);
        std::vector<std::string> errors;
        io::parse_text_format(source, message, nullptr, errors);
        return errors.size();
    };
    study::Study as_study;
    scenario::Scenario as_scenario;
    return errors_as(as_study) == 0 && errors_as(as_scenario) > 0;
}

std::string describe(const studies::Sweep& sweep) {
    const studies::StudySpec& spec = sweep.spec();
    return "study: " + std::to_string(spec.levers.size()) + " levers, " + study::Design_Name(spec.message.design()) +
           ", " + std::to_string(sweep.points().size()) + " points x " + std::to_string(spec.replications) +
           " replications = " + std::to_string(sweep.plan().size()) + " runs";
}

} // namespace

void add_validate_command(CLI::App& app, Context& context) {
    auto* sub = app.add_subcommand(
        "validate", "Check scenario and study files: syntax, field names and types, ranges with units, dates, "
                    "dated levers");
    auto files = std::make_shared<std::vector<std::string>>();
    sub->add_option("FILE", *files, "Scenario or study files (.textproto) or built-in scenario names")->required();
    sub->footer("Prints 'ok  FILE (...)' per good file and every problem of a bad one as FILE:LINE:COL: message.\n"
                "Exit code 2 if any file is bad.");
    sub->callback([files, &context] {
        int bad = 0;
        for (const auto& file : *files) {
            try {
                if (is_study_file(file)) {
                    const studies::Sweep sweep(studies::load_study(file));
                    std::cout << "ok  " << file << " (" << describe(sweep) << ")\n";
                    continue;
                }
                // The loader `innosim run` uses: schema checks (io::parse_scenario_text), the model's
                // semantic checks (agents::check_scenario), a variant's base and its levers.
                const agents::LoadedScenario loaded = agents::load_scenario(file);
                const std::string& base = loaded.scenario.base();
                std::cout << "ok  " << file << " (" << (base.empty() ? "" : "variant of " + base + ": ")
                          << describe(loaded.scenario) << ")\n";
                std::cout.flush();
                for (const std::string& warning : loaded.warnings) {
                    std::cerr << warning << '\n';
                }
            } catch (const InputError& e) {
                std::cout.flush();
                std::cerr << e.what() << '\n';
                ++bad;
            }
        }
        if (bad > 0) {
            std::cerr << "innosim: " << bad << " of " << files->size() << " files have errors\n";
            context.exit_code = kExitBadInput;
        }
    });
}

} // namespace innosim::cli

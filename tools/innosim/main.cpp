// innosim: the command line of the Mashhad innovation-ecosystem simulator.
#include "sim/input_error.hpp"
#include "sim/version.hpp"
#include "tools/innosim/command.hpp"

#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
    using namespace innosim::cli;
    CLI::App app{"innosim: an event-driven, agent-based simulation of Mashhad's innovation ecosystem"};
    app.require_subcommand(1);
    app.set_version_flag("--version", innosim::version_string());
    app.footer("Exit codes: 0 done, 1 failure at run time, 2 bad input.\nRun 'innosim SUBCOMMAND --help' for details.");

    Context context;
    // Registration order is the order of `innosim --help`.
    add_run_command(app, context);
    add_validate_command(app, context);
    add_inspect_command(app, context);
    add_export_command(app, context);
    add_calibrate_command(app, context);
    add_sweep_command(app, context);
    add_compare_command(app, context);
    add_report_command(app, context);
    add_fork_command(app, context);
    add_serve_command(app, context);
    add_bench_command(app, context);
    add_date_command(app, context);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? kExitOk : kExitBadInput;
    } catch (const innosim::InputError& e) {
        std::cerr << "innosim: error: " << e.what() << '\n';
        return kExitBadInput;
    } catch (const std::exception& e) {
        std::cerr << "innosim: failed: " << e.what() << '\n';
        return kExitFailure;
    }
    return context.exit_code;
}

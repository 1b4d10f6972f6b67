#pragma once

#include <CLI/CLI.hpp>

namespace innosim::cli {

/// Exit codes of every subcommand (DESIGN.md, CLI contract).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  ///< failure at run time
inline constexpr int kExitBadInput = 2; ///< usage, scenario, run file

/// Shared between main() and the subcommands: a subcommand's callback stores its exit code here.
/// Bad input is reported by throwing innosim::InputError (exit 2); anything else thrown is exit 1.
struct Context {
    int exit_code = kExitOk;
};

// One function per subcommand, each in its own cmd_<name>.cpp.
void add_date_command(CLI::App& app, Context& context);
void add_bench_command(CLI::App& app, Context& context);
void add_validate_command(CLI::App& app, Context& context);
void add_inspect_command(CLI::App& app, Context& context);
void add_run_command(CLI::App& app, Context& context);
void add_export_command(CLI::App& app, Context& context);
void add_calibrate_command(CLI::App& app, Context& context);
void add_sweep_command(CLI::App& app, Context& context);
void add_compare_command(CLI::App& app, Context& context);
void add_report_command(CLI::App& app, Context& context);
void add_fork_command(CLI::App& app, Context& context);
void add_serve_command(CLI::App& app, Context& context);

} // namespace innosim::cli

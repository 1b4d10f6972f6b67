#include "tools/innosim/command.hpp"

#include <stdexcept>

namespace innosim::cli {

void add_run_command(CLI::App& app, Context& /*context*/) {
    auto* sub = app.add_subcommand("run", "(in progress)");
    sub->callback([] { throw std::runtime_error("'run' is not built yet"); });
}

} // namespace innosim::cli

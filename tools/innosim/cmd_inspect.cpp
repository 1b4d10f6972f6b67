#include "tools/innosim/command.hpp"

#include <stdexcept>

namespace innosim::cli {

void add_inspect_command(CLI::App& app, Context& /*context*/) {
    auto* sub = app.add_subcommand("inspect", "(in progress)");
    sub->callback([] { throw std::runtime_error("'inspect' is not built yet"); });
}

} // namespace innosim::cli

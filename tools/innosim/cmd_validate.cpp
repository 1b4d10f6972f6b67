#include "tools/innosim/command.hpp"

#include <stdexcept>

namespace innosim::cli {

void add_validate_command(CLI::App& app, Context& /*context*/) {
    auto* sub = app.add_subcommand("validate", "(in progress)");
    sub->callback([] { throw std::runtime_error("'validate' is not built yet"); });
}

} // namespace innosim::cli

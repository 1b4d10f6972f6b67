#include "tools/innosim/command.hpp"

#include <stdexcept>

namespace innosim::cli {

void add_calibrate_command(CLI::App& app, Context& /*context*/) {
    auto* sub = app.add_subcommand("calibrate", "(in progress)");
    sub->callback([] { throw std::runtime_error("'calibrate' is not built yet"); });
}

} // namespace innosim::cli

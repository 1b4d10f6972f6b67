#include "tools/innosim/command.hpp"

#include <stdexcept>

namespace innosim::cli {

void add_export_command(CLI::App& app, Context& /*context*/) {
    auto* sub = app.add_subcommand("export", "(in progress)");
    sub->callback([] { throw std::runtime_error("'export' is not built yet"); });
}

} // namespace innosim::cli

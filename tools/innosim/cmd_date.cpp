#include "tools/innosim/command.hpp"

#include <stdexcept>

namespace innosim::cli {

void add_date_command(CLI::App& app, Context& /*context*/) {
    auto* sub = app.add_subcommand("date", "(in progress)");
    sub->callback([] { throw std::runtime_error("'date' is not built yet"); });
}

} // namespace innosim::cli

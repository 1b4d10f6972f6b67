#include "tools/innosim/command.hpp"

#include <stdexcept>

namespace innosim::cli {

void add_bench_command(CLI::App& app, Context& /*context*/) {
    auto* sub = app.add_subcommand("bench", "(in progress)");
    sub->callback([] { throw std::runtime_error("'bench' is not built yet"); });
}

} // namespace innosim::cli

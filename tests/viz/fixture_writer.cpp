// Writes a deterministic synthetic run file for the viewer's headless tests and benchmarks:
//   viz_fixture_writer OUT.innorun [--startups N] [--months M] [--seed S]
#include "sim/input_error.hpp"
#include "tests/viz/synthetic_run.hpp"

#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
    using innosim::viz::testing::SyntheticOptions;
    if (argc < 2) {
        std::cerr << "usage: viz_fixture_writer OUT.innorun [--startups N] [--months M] [--seed S]\n";
        return 2;
    }
    SyntheticOptions options;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const long value = std::strtol(argv[i + 1], nullptr, 10);
        if (flag == "--startups" && value > 0) {
            options.startups = static_cast<std::uint32_t>(value);
        } else if (flag == "--months" && value > 1) {
            options.months = static_cast<int>(value);
        } else if (flag == "--seed") {
            options.seed = static_cast<std::uint64_t>(value);
        } else {
            std::cerr << "viz_fixture_writer: bad option " << flag << " " << argv[i + 1] << '\n';
            return 2;
        }
    }
    try {
        const std::filesystem::path out(argv[1]);
        if (out.has_parent_path()) {
            std::filesystem::create_directories(out.parent_path());
        }
        const auto truth = innosim::viz::testing::write_synthetic_run(argv[1], options);
        std::cout << argv[1] << ": " << options.startups << " startups, " << truth.snapshot_times.size()
                  << " snapshots, " << truth.events << " events\n";
    } catch (const std::exception& e) {
        std::cerr << "viz_fixture_writer: " << e.what() << '\n';
        return 1;
    }
    return 0;
}

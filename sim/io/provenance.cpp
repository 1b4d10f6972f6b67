#include "sim/io/provenance.hpp"

#include "innosim/build_info.hpp"

#include <array>
#include <chrono>
#include <ctime>
#include <unistd.h>

namespace innosim::io {

run::Provenance current_provenance() {
    run::Provenance provenance;
    provenance.set_engine_version(build::kVersion);
    provenance.set_git_commit(build::kGitCommit);
    provenance.set_build_type(build::kBuildType);
    provenance.set_compiler(build::kCompiler);
    std::array<char, 256> host{};
    if (gethostname(host.data(), host.size() - 1) == 0) {
        provenance.set_host(host.data());
    }
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    std::array<char, 32> text{};
    std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%SZ", &utc);
    provenance.set_created_utc(text.data());
    return provenance;
}

} // namespace innosim::io

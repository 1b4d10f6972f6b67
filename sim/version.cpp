#include "sim/version.hpp"

#include "innosim/build_info.hpp"

namespace innosim {

std::string version_string() {
    return std::string("innosim ") + build::kVersion + " (" + build::kGitCommit + ", " + build::kBuildType + ", " +
           build::kCompiler + ")";
}

} // namespace innosim

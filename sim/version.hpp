#pragma once

#include <string>

namespace innosim {

/// "innosim 0.1.0 (commit, build type, compiler)": printed by --version and stored in run files.
std::string version_string();

} // namespace innosim

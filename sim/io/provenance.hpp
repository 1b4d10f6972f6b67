#pragma once

#include "sim/proto/run.pb.h"

namespace innosim::io {

/// Who made a run: engine version, git commit, build type, compiler, host and UTC time.
run::Provenance current_provenance();

} // namespace innosim::io

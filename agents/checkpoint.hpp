#pragma once

// [SECTION] Checkpoints: the whole world state of a Model as bytes, and back.
//
// A checkpoint holds the scheduler's clock, pending events and sequence counter, the ledger, every
// RNG stream, every agent, the counters, the market picker, which dated lever change is in force,
// the month counter and the price index: everything that decides what the model does next. A Model
// constructed from the same scenario, seed and replication and then restored from a checkpoint
// taken at time t continues exactly as the original did (byte-identical run file from t on).
//
// Restoring does not depend on what the constructor did (its RNG draws, the events it scheduled,
// the startups it seeded): construct, then restore() replaces all of it.
//
// Format: our own little-endian archive, versioned (kCheckpointFormatVersion), one `fields()`
// function per agent struct shared by saving and loading. Why not Boost.Serialization or protobuf:
// see notes/live.md ("Checkpoint format").
//
//   std::string bytes = ModelCheckpoint::save(model);   // between events, or in on_snapshot()
//   Model copy(loaded.params, loaded.changes, seed, replication);
//   ModelCheckpoint::restore(copy, bytes);               // InputError if corrupt or foreign

#include "agents/scenario_loader.hpp"
#include "sim/proto/run.pb.h"
#include "sim/time.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace innosim::agents {

class Model;

/// Version of the checkpoint bytes this build writes and reads; bump it whenever a saved field is
/// added, removed or changes meaning.
inline constexpr std::uint32_t kCheckpointFormatVersion = 3; // 3: firms by work, niches, spin-up

/// What a checkpoint says about itself (read without restoring).
struct CheckpointInfo {
    std::uint32_t format_version = 0;
    std::uint64_t seed = 0;
    std::uint32_t replication = 0;
    sim::Ticks time = 0;     ///< ticks: the model's clock when it was taken
    std::uint32_t month = 0; ///< months since the start
};

class ModelCheckpoint {
public:
    /// The whole state of `model`. Take it between events (after run_until) or from an observer's
    /// on_snapshot(), which the city's month handler calls as its very last act: both are points
    /// where no handler has work left to do.
    static std::string save(const Model& model);

    /// Replaces the whole state of `model` by the checkpoint's. `model` must have been constructed
    /// from the scenario the checkpoint was taken under (same seed, replication and world), possibly
    /// with more dated lever changes: changes the checkpoint does not know are scheduled if they lie
    /// after its time (a fork), else rejected. Throws InputError for a corrupt checkpoint, a wrong
    /// format version or one that does not fit the model; the model is unusable after that.
    static CheckpointInfo restore(Model& model, std::string_view bytes);

    /// The checkpoint's own description; InputError if it is not a checkpoint of this version.
    static CheckpointInfo peek(std::string_view bytes);

    /// Months since the start (the model's month counter), for checkpoint cadence.
    static std::uint32_t month(const Model& model);

private:
    template <class Archive> static void world(Archive& archive, Model& model);
};

// [SECTION] Runs from run files

/// The scenario a run was made from, ready to run again: the header's resolved scenario (base
/// merged, start overrides applied, fork interventions included) and its parameters.
LoadedScenario scenario_from_header(const run::RunHeader& header);

/// A fork's scenario: `parent` with `overrides` ("path=value", as for --set) added as dated
/// interventions on `date` (Solar Hijri), after any of the parent's own on that date; the parent's
/// later interventions still apply on top. Validated like --set (InputError naming the override);
/// levers that only make sense at the start (dates, seed, snapshot cadence, ...) are refused.
LoadedScenario fork_scenario(const LoadedScenario& parent, const std::string& date,
                             const std::vector<std::string>& overrides);

/// The first tick of `date` (Solar Hijri) in `loaded`'s run; InputError if it is not a date or
/// lies outside the run (start .. end).
sim::Ticks run_time_of(const LoadedScenario& loaded, const std::string& date, std::string_view what);

/// The header fields that mark a branch: parent scenario hash, fork time, the fork's overrides.
void mark_fork(run::RunHeader& branch, const run::RunHeader& parent, sim::Ticks fork_time,
               const std::vector<std::string>& overrides);

} // namespace innosim::agents

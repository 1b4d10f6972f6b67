#pragma once

// Sweeps over MPI ranks (Boost.MPI + OpenMPI): `mpirun -np K innosim sweep STUDY --mpi`, or `srun`
// under Slurm. Rank 0 coordinates: it owns the sweep directory and the journal, hands out run
// indices one at a time to whichever worker asks (so slow runs never stall the others) and stores
// each result as it comes back. Ranks 1..K-1 load the same study, run what they are given and send
// the journal line back. The outputs are rebuilt from the journal, so they are byte-identical to a
// threaded sweep's.

#include "tools/studies/sweep.hpp"

#include <filesystem>

namespace innosim::studies {

/// True if this build has Boost.MPI (INNOSIM_HAVE_MPI).
bool mpi_supported();

struct MpiSweepOutcome {
    bool root = false;  ///< this process is rank 0 (only it prints and writes)
    int ranks = 0;      ///< world size
    SweepResult result; ///< on rank 0
};

/// Runs the sweep of `study_file` on every rank of MPI_COMM_WORLD; call it on every rank. Needs at
/// least two ranks. Throws InputError for bad input on rank 0 (workers then return quietly), and
/// std::runtime_error if a run fails on some rank, or when built without MPI.
MpiSweepOutcome run_sweep_mpi(const std::filesystem::path& study_file, SweepOptions options);

} // namespace innosim::studies

#include "tools/studies/mpi_sweep.hpp"

#include "sim/input_error.hpp"

#include <stdexcept>

#if INNOSIM_HAVE_MPI
#include <boost/mpi/collectives/all_reduce.hpp>
#include <boost/mpi/collectives/broadcast.hpp>
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <boost/mpi/operations.hpp>
#include <boost/serialization/string.hpp>

#include <chrono>
#include <optional>
#include <thread>
#endif

namespace innosim::studies {

#if INNOSIM_HAVE_MPI

namespace {

namespace mpi = boost::mpi;

// Worker -> coordinator: a string (empty for the first request, a journal line, or an error).
constexpr int kTagRequest = 1;
constexpr int kTagResult = 2;
constexpr int kTagError = 3;
// Coordinator -> worker: a run index, or -1 to stop.
constexpr int kTagWork = 4;

/// The coordinator's side of the protocol. Every worker must get a stop (-1) exactly once, even
/// when the sweep fails before or while dispatching; otherwise they wait forever.
class Coordinator {
public:
    explicit Coordinator(const mpi::communicator& world) : world_(world), active_(world.size() - 1) {}

    /// Serves work requests until `todo` is handed out and every worker is stopped.
    void dispatch(const std::vector<std::uint64_t>& todo, const RecordSink& sink) {
        std::size_t next = 0;
        std::string failure;
        while (active_ > 0) {
            const auto [source, tag, message] = receive();
            if (tag == kTagResult) {
                try {
                    sink(message);
                } catch (const std::exception& e) {
                    failure = e.what();
                }
            } else if (tag == kTagError && failure.empty()) {
                failure = "rank " + std::to_string(source) + ": " + message;
            }
            if (failure.empty() && next < todo.size()) {
                world_.send(source, kTagWork, static_cast<long long>(todo[next++]));
            } else {
                stop(source);
            }
        }
        if (!failure.empty()) {
            throw std::runtime_error(failure);
        }
    }

    /// Stops every worker still waiting (after a failure, or when nothing was left to run).
    void drain() {
        while (active_ > 0) {
            const auto [source, tag, message] = receive();
            (void)tag;
            (void)message;
            stop(source);
        }
    }

private:
    struct Message {
        int source;
        int tag;
        std::string text;
    };

    Message receive() {
        // Poll instead of a blocking receive: Open MPI spins in blocking calls, and the
        // coordinator's core is better left to a worker.
        for (;;) {
            if (const auto status = world_.iprobe(mpi::any_source, mpi::any_tag)) {
                Message message{status->source(), status->tag(), {}};
                world_.recv(message.source, message.tag, message.text);
                return message;
            }
            std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
    }

    void stop(int source) {
        world_.send(source, kTagWork, -1LL);
        --active_;
    }

    const mpi::communicator& world_;
    int active_;
};

void work(const mpi::communicator& world, const Sweep& sweep) {
    world.send(0, kTagRequest, std::string());
    for (;;) {
        long long run = -1;
        world.recv(0, kTagWork, run);
        if (run < 0) {
            return;
        }
        try {
            world.send(0, kTagResult, encode_record(sweep.execute(static_cast<std::uint64_t>(run))));
        } catch (const std::exception& e) {
            world.send(0, kTagError, "run " + std::to_string(run) + ": " + e.what());
        }
    }
}

} // namespace

bool mpi_supported() {
    return true;
}

MpiSweepOutcome run_sweep_mpi(const std::filesystem::path& study_file, SweepOptions options) {
    mpi::environment environment(mpi::threading::single, /*abort_on_exception=*/false);
    const mpi::communicator world;
    MpiSweepOutcome outcome;
    outcome.root = world.rank() == 0;
    outcome.ranks = world.size();
    if (world.size() < 2) {
        throw InputError("--mpi needs at least 2 ranks (one coordinator and workers): start it with "
                         "`mpirun -np K innosim sweep STUDY --mpi` (K >= 2) or `srun`");
    }

    // Every rank loads the study itself (a shared file system is assumed) and checks it has the
    // coordinator's: a node seeing another version of a file would silently mix two studies.
    std::optional<StudySpec> spec;
    std::string problem;
    try {
        spec.emplace(load_study(study_file));
    } catch (const std::exception& e) {
        problem = e.what();
    }
    std::string root_sha = spec ? spec->sha256 : std::string();
    mpi::broadcast(world, root_sha, 0);
    const int ok = problem.empty() && spec->sha256 == root_sha ? 1 : 0;
    if (mpi::all_reduce(world, ok, mpi::minimum<int>()) == 0) {
        if (!outcome.root) {
            return outcome;
        }
        throw InputError(!problem.empty() ? problem
                                          : "some ranks could not load " + study_file.string() +
                                                " or loaded another version of it (or of its scenarios); every "
                                                "node must see the same files");
    }

    const Sweep sweep(std::move(*spec));
    if (!outcome.root) {
        work(world, sweep);
        return outcome;
    }
    options.mpi_ranks = static_cast<std::uint32_t>(world.size());
    options.threads = 1;
    Coordinator coordinator(world);
    try {
        outcome.result =
            run_sweep(sweep, options, [&coordinator](const std::vector<std::uint64_t>& todo, const RecordSink& sink) {
                coordinator.dispatch(todo, sink);
            });
    } catch (...) {
        coordinator.drain();
        throw;
    }
    coordinator.drain();
    return outcome;
}

#else

bool mpi_supported() {
    return false;
}

MpiSweepOutcome run_sweep_mpi(const std::filesystem::path& /*study_file*/, SweepOptions /*options*/) {
    throw InputError("--mpi: this innosim was built without MPI support (Boost.MPI and Open MPI were not found "
                     "at configure time); install libboost-mpi-dev and openmpi-bin, reconfigure and rebuild, "
                     "or run the sweep on one machine with --threads");
}

#endif

} // namespace innosim::studies

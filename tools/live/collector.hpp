#pragma once

// Keeps everything a LiveClient receives, run by run, behind a mutex: a ready-made store for a
// UI that polls once per frame (version() tells it whether anything changed), for `innosim
// watch`, and for the tests. When the client reaches another server than before (a restart: its
// Welcome carries another server_id), the runs of the old one are forgotten. A collected run that has ended writes out
// as a run file equal to the one `innosim run` would write (without checkpoint frames, which the server does not
// stream).

#include "tools/live/client.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace innosim::live {

class RunCollector {
public:
    struct Run {
        RunInfo info; ///< the latest the server said
        std::optional<run::RunHeader> header;
        std::vector<run::Frame> frames;    ///< in order, index = position
        std::optional<run::Footer> footer; ///< once it ended
    };

    /// Callbacks that fill this collector, then call `chained`'s (which may be empty).
    ClientCallbacks callbacks(ClientCallbacks chained = {});

    std::vector<std::uint32_t> run_ids() const;
    /// A copy of one run as received so far.
    std::optional<Run> run(std::uint32_t run_id) const;
    std::optional<RunInfo> info(std::uint32_t run_id) const;
    std::size_t frame_count(std::uint32_t run_id) const;
    /// Frames [from, end) of a run, copied (a UI fetches what is new).
    std::vector<run::Frame> frames_since(std::uint32_t run_id, std::size_t from) const;
    bool ended(std::uint32_t run_id) const;

    std::vector<std::string> errors() const;      ///< on_error messages, in order
    std::vector<std::string> disconnects() const; ///< on_disconnect reasons, in order
    std::uint64_t welcomes() const;               ///< connections greeted (1 + reconnects)
    /// The run id a request created (from on_run's request id), if it did.
    std::optional<std::uint32_t> run_of_request(std::uint64_t request_id) const;
    /// Bumped on every change.
    std::uint64_t version() const;

    /// Waits until `done(*this)` holds (checked after every change) or `timeout` passes.
    bool wait(const std::function<bool(const RunCollector&)>& done, std::chrono::milliseconds timeout) const;

    /// Writes an ended run as a `.innorun` file. Throws std::logic_error if it has not ended.
    void write_run_file(std::uint32_t run_id, const std::filesystem::path& path) const;

private:
    void changed(std::unique_lock<std::mutex>& lock);

    mutable std::mutex mutex_;
    mutable std::condition_variable cv_;
    std::map<std::uint32_t, Run> runs_;
    std::map<std::uint64_t, std::uint32_t> requests_;
    std::vector<std::string> errors_;
    std::vector<std::string> disconnects_;
    std::string server_id_;
    std::uint64_t welcomes_ = 0;
    std::uint64_t version_ = 0;
};

} // namespace innosim::live

#pragma once

// Runs the innosim CLI as a child process, so that the viewer can "run a scenario and replay it"
// without linking the model: the viewer stays a reader of run files.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace innosim::viz {

/// A child process with stdout and stderr captured in a log file. The destructor stops a child
/// still running (SIGTERM) and reaps it.
class ChildProcess {
public:
    /// Starts argv[0] (a path) with `argv`. Throws std::system_error when it cannot be started.
    static ChildProcess spawn(const std::vector<std::string>& argv, const std::filesystem::path& log);
    ChildProcess(ChildProcess&& other) noexcept;
    ChildProcess& operator=(ChildProcess&& other) noexcept;
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;
    ~ChildProcess();

    /// Non-blocking: the exit code once the child has ended (128 + signal if killed), else nothing.
    std::optional<int> poll();
    /// Blocks until the child ends; its exit code.
    int wait();
    const std::filesystem::path& log() const { return log_; }
    /// The last `max_bytes` of the log, for error messages.
    std::string log_tail(std::size_t max_bytes = 2000) const;

private:
    ChildProcess() = default;
    void stop();

    int pid_ = -1;
    std::optional<int> exit_code_;
    std::filesystem::path log_;
};

/// The innosim CLI next to this viewer in the build tree: <dir of /proc/self/exe>/../tools/innosim,
/// else "innosim" beside the viewer (an install), else nothing.
std::optional<std::filesystem::path> find_cli();
/// A fresh output path runs/<scenario stem>-<n>.innorun in `runs_dir` (n = 1, 2, ... unused).
std::filesystem::path next_run_path(const std::filesystem::path& runs_dir, const std::string& scenario);

} // namespace innosim::viz

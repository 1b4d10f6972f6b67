#include "viz/core/child_process.hpp"

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <spawn.h>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>

extern char** environ;

namespace innosim::viz {

namespace {

int decode_status(int status) {
    if (WIFEXITED(status)) {
        return WEXITSTATUS(status);
    }
    if (WIFSIGNALED(status)) {
        return 128 + WTERMSIG(status);
    }
    return 1;
}

} // namespace

ChildProcess ChildProcess::spawn(const std::vector<std::string>& argv, const std::filesystem::path& log) {
    if (argv.empty()) {
        throw std::system_error(std::make_error_code(std::errc::invalid_argument), "ChildProcess::spawn: no program");
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const std::string& a : argv) {
        args.push_back(const_cast<char*>(a.c_str())); // posix_spawn's signature predates const
    }
    args.push_back(nullptr);
    ChildProcess child;
    child.log_ = log;
    const int error = posix_spawn(&child.pid_, argv[0].c_str(), &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (error != 0) {
        child.pid_ = -1;
        throw std::system_error(error, std::generic_category(), "cannot start " + argv[0]);
    }
    return child;
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(other.pid_), exit_code_(other.exit_code_), log_(std::move(other.log_)) {
    other.pid_ = -1;
}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
    if (this != &other) {
        stop();
        pid_ = other.pid_;
        exit_code_ = other.exit_code_;
        log_ = std::move(other.log_);
        other.pid_ = -1;
    }
    return *this;
}

ChildProcess::~ChildProcess() {
    stop();
}

void ChildProcess::stop() {
    if (pid_ > 0 && !exit_code_) {
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
    }
    pid_ = -1;
}

std::optional<int> ChildProcess::poll() {
    if (exit_code_ || pid_ <= 0) {
        return exit_code_;
    }
    int status = 0;
    const int r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
        exit_code_ = decode_status(status);
    } else if (r < 0 && errno != EINTR) {
        exit_code_ = 1;
    }
    return exit_code_;
}

int ChildProcess::wait() {
    while (!exit_code_ && pid_ > 0) {
        int status = 0;
        const int r = ::waitpid(pid_, &status, 0);
        if (r == pid_) {
            exit_code_ = decode_status(status);
        } else if (r < 0 && errno != EINTR) {
            exit_code_ = 1;
        }
    }
    return exit_code_.value_or(1);
}

std::string ChildProcess::log_tail(std::size_t max_bytes) const {
    std::ifstream in(log_, std::ios::binary | std::ios::ate);
    if (!in) {
        return {};
    }
    const std::streamoff size = in.tellg();
    const std::streamoff start =
        size > static_cast<std::streamoff>(max_bytes) ? size - static_cast<std::streamoff>(max_bytes) : 0;
    in.seekg(start);
    std::string text(static_cast<std::size_t>(size - start), '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    return text;
}

std::optional<std::filesystem::path> find_cli() {
    std::error_code error;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
    if (error) {
        return std::nullopt;
    }
    for (const std::filesystem::path& candidate :
         {self.parent_path() / ".." / "tools" / "innosim", self.parent_path() / "innosim"}) {
        if (::access(candidate.c_str(), X_OK) == 0) {
            return candidate.lexically_normal();
        }
    }
    return std::nullopt;
}

std::filesystem::path next_run_path(const std::filesystem::path& runs_dir, const std::string& scenario) {
    std::string stem = std::filesystem::path(scenario).stem().string();
    if (stem.empty()) {
        stem = "baseline";
    }
    for (int n = 1;; ++n) {
        std::filesystem::path candidate = runs_dir / (stem + "-" + std::to_string(n) + ".innorun");
        if (!std::filesystem::exists(candidate)) {
            return candidate;
        }
    }
}

} // namespace innosim::viz

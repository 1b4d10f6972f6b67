// Runs a command against a fresh `innosim serve` on loopback:
//   viz_live_check --innosim INNOSIM [--serve-arg ARG]... [--timeout SECONDS] -- COMMAND ARGS...
// starts `INNOSIM serve --port 0 ARGS...`, reads "listening on 127.0.0.1:PORT" from its stdout,
// runs COMMAND with every "{PORT}" in its arguments replaced by the port (viz_png_check running
// the viewer with --connect 127.0.0.1:{PORT}), then stops the server (SIGTERM, SIGKILL if it
// lingers) and exits with COMMAND's exit code. Every wait is bounded; 1 if the server never
// listened.
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <poll.h>
#include <regex>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

int fail(const std::string& message) {
    std::cerr << "viz_live_check: FAIL: " << message << '\n';
    return 1;
}

pid_t spawn(const std::vector<std::string>& args, int stdout_fd) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        if (stdout_fd >= 0) {
            ::dup2(stdout_fd, STDOUT_FILENO);
            ::close(stdout_fd);
        }
        std::vector<char*> argv;
        for (const std::string& a : args) {
            argv.push_back(const_cast<char*>(a.c_str()));
        }
        argv.push_back(nullptr);
        ::execv(argv[0], argv.data());
        std::perror(argv[0]);
        ::_exit(127);
    }
    return pid;
}

/// Waits up to `seconds` for `pid`; its exit code (128 + signal), or -1 if it is still running.
int wait_for(pid_t pid, double seconds) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    for (;;) {
        int status = 0;
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid) {
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        if (std::chrono::steady_clock::now() > deadline) {
            return -1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

void stop(pid_t pid) {
    ::kill(pid, SIGTERM);
    if (wait_for(pid, 10) < 0) {
        ::kill(pid, SIGKILL);
        wait_for(pid, 10);
    }
}

} // namespace

int main(int argc, char** argv) {
    std::string innosim;
    std::vector<std::string> serve_args;
    std::vector<std::string> command;
    double timeout = 30;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
        if (a == "--") {
            command.assign(argv + i + 1, argv + argc);
            break;
        }
        if (a == "--innosim") {
            innosim = value();
        } else if (a == "--serve-arg") {
            serve_args.push_back(value());
        } else if (a == "--timeout") {
            timeout = std::stod(value());
        } else {
            return fail("unknown option " + a);
        }
    }
    if (innosim.empty() || command.empty()) {
        return fail("--innosim and a command after -- are required");
    }

    int out[2];
    if (::pipe(out) != 0) {
        return fail(std::string("pipe: ") + std::strerror(errno));
    }
    std::vector<std::string> server{innosim, "serve", "--port", "0"};
    server.insert(server.end(), serve_args.begin(), serve_args.end());
    const pid_t server_pid = spawn(server, out[1]);
    ::close(out[1]);
    if (server_pid < 0) {
        return fail("cannot start the server");
    }

    // "listening on 127.0.0.1:PORT", within the timeout.
    std::string seen;
    std::string port;
    const std::regex listening(R"(listening on [0-9.]+:([0-9]+))");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout);
    while (port.empty()) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        pollfd p{out[0], POLLIN, 0};
        if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) {
            stop(server_pid);
            return fail("the server did not say where it listens within " + std::to_string(timeout) + " s: " + seen);
        }
        char buffer[512];
        const ssize_t n = ::read(out[0], buffer, sizeof buffer);
        if (n <= 0) {
            const int code = wait_for(server_pid, 5);
            return fail("the server ended (exit " + std::to_string(code) + ") before listening: " + seen);
        }
        seen.append(buffer, static_cast<std::size_t>(n));
        std::smatch match;
        if (std::regex_search(seen, match, listening)) {
            port = match[1];
        }
    }
    std::cout << "viz_live_check: server on port " << port << std::endl;

    for (std::string& a : command) {
        for (std::size_t at = a.find("{PORT}"); at != std::string::npos; at = a.find("{PORT}", at)) {
            a.replace(at, 6, port);
        }
    }
    const pid_t child = spawn(command, -1);
    int code = child < 0 ? 1 : wait_for(child, 1e9);
    stop(server_pid);
    ::close(out[0]);
    std::cout << "viz_live_check: command exited with " << code << std::endl;
    return code;
}

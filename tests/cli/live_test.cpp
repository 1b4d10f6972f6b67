// End-to-end tests of resume, fork, serve and watch: the real binary, tiny runs, loopback only.
#include "tests/cli/cli_harness.hpp"

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <regex>
#include <thread>

namespace {

/// A shell-quoted path, built by appending: inlined here, the harness's quote() trips a false
/// -Wrestrict of g++ 12 on "'" + string + "'".
[[maybe_unused]] std::string (*const kHarnessQuote)(const fs::path&) = &quote;
std::string q(const fs::path& path) {
    std::string out = "'";
    out += path.string();
    out += "'";
    return out;
}

/// `innosim ARGS...` in the background, stdout and stderr to files; killed (by its pid) if the test
/// leaves it running.
class Background {
public:
    Background(const TempDir& dir, const std::vector<std::string>& args)
        : out_(dir / "background.out"), err_(dir / "background.err") {
        pid_ = ::fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            const int out = ::open(out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            const int err = ::open(err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            ::dup2(out, 1);
            ::dup2(err, 2);
            std::vector<char*> argv;
            argv.push_back(const_cast<char*>(INNOSIM_CLI));
            for (const std::string& arg : args) {
                argv.push_back(const_cast<char*>(arg.c_str()));
            }
            argv.push_back(nullptr);
            ::execv(INNOSIM_CLI, argv.data());
            ::_exit(127);
        }
    }
    ~Background() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
    }
    Background(const Background&) = delete;
    Background& operator=(const Background&) = delete;

    /// Waits (up to 30 s) for a line of stdout matching `pattern`; returns its first group.
    std::string wait_for(const std::string& pattern) const {
        const std::regex re(pattern);
        for (int i = 0; i < 600; ++i) {
            std::smatch match;
            const std::string text = slurp(out_);
            if (std::regex_search(text, match, re)) {
                return match.size() > 1 ? match[1].str() : match[0].str();
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return {};
    }
    /// Sends `signal` and returns the exit code (or -1 if it did not exit within 30 s).
    int stop(int signal) {
        ::kill(pid_, signal);
        for (int i = 0; i < 600; ++i) {
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return -1;
    }
    std::string out() const { return slurp(out_); }
    std::string err() const { return slurp(err_); }

private:
    fs::path out_;
    fs::path err_;
    pid_t pid_ = -1;
};

} // namespace

TEST_CASE("run --resume-from writes the original run file again, from any date", "[cli][live]") {
    const TempDir dir;
    const Result original = run_cli(dir, "run tiny --checkpoint-every-months 4 --out " + q(dir / "original.innorun"));
    REQUIRE(original.exit_code == 0);
    const std::string bytes = slurp(dir / "original.innorun");
    for (const std::string date : {"1401/03/15", "1402/05/01", "1403/11/20"}) {
        CAPTURE(date);
        const Result resumed = run_cli(dir, "run --resume-from " + q(dir / "original.innorun") + " --at " + date +
                                                " --out " + q(dir / "resumed.innorun"));
        REQUIRE(resumed.exit_code == 0);
        CHECK_THAT(resumed.out,
                   Catch::Contains("Resumed from the checkpoint of") || Catch::Contains("No checkpoint at or before"));
        CHECK(slurp(dir / "resumed.innorun") == bytes);
    }
}

TEST_CASE("run --resume-from rejects what it cannot honour", "[cli][live]") {
    const TempDir dir;
    REQUIRE(run_cli(dir, "run tiny --out " + q(dir / "a.innorun")).exit_code == 0);
    const std::string a = q(dir / "a.innorun");
    const std::string out = " --out " + q(dir / "b.innorun");
    CHECK(run_cli(dir, "run --resume-from " + a + out).exit_code == 2);
    CHECK_THAT(run_cli(dir, "run --resume-from " + a + " --at 1409/01/01" + out).err,
               Catch::Contains("outside the run"));
    CHECK_THAT(run_cli(dir, "run tiny --resume-from " + a + " --at 1402/01/01" + out).err,
               Catch::Contains("SCENARIO does not apply"));
    CHECK_THAT(run_cli(dir, "run --at 1402/01/01" + out).err, Catch::Contains("needs --resume-from"));
    CHECK_THAT(run_cli(dir, "run --resume-from " + a + " --at 1402/01/01 --out " + a).err,
               Catch::Contains("is the run being continued"));
    CHECK_THAT(run_cli(dir, "run --resume-from " + q(dir / "missing.innorun") + " --at 1402/01/01" + out).err,
               Catch::Contains("missing.innorun"));
    CHECK_FALSE(fs::exists(dir / "b.innorun"));
}

TEST_CASE("fork writes the same branch twice and says where it branched", "[cli][live][fork]") {
    const TempDir dir;
    REQUIRE(run_cli(dir, "run tiny --checkpoint-every-months 6 --out " + q(dir / "parent.innorun")).exit_code == 0);
    const std::string fork = "fork " + q(dir / "parent.innorun") +
                             " --at 1402/07/01 --set 'departments[Transport].payment_delay_days=15' --out ";
    const Result first = run_cli(dir, fork + q(dir / "a.innorun"));
    REQUIRE(first.exit_code == 0);
    CHECK_THAT(first.out, Catch::Contains("Restored the checkpoint of 1402/01/01"));
    CHECK_THAT(first.out, Catch::Contains("payment_delay_days=15"));
    REQUIRE(run_cli(dir, fork + q(dir / "b.innorun")).exit_code == 0);
    CHECK(slurp(dir / "a.innorun") == slurp(dir / "b.innorun"));

    const Result inspect = run_cli(dir, "inspect " + q(dir / "a.innorun") + " --json");
    REQUIRE(inspect.exit_code == 0);
    const Result text = run_cli(dir, "inspect " + q(dir / "a.innorun"));
    CHECK_THAT(text.out, Catch::Contains("1402/07/01"));

    const Result bad = run_cli(dir, "fork " + q(dir / "parent.innorun") +
                                        " --at 1402/07/01 --set factory.capacity=-3 --out " + q(dir / "c.innorun"));
    CHECK(bad.exit_code == 2);
    CHECK_THAT(bad.err, Catch::Contains("--set factory.capacity=-3"));
    CHECK_FALSE(fs::exists(dir / "c.innorun"));
}

TEST_CASE("serve streams a run that watch saves as the run file run would write", "[cli][live][serve]") {
    const TempDir dir;
    Background server(dir, {"serve", "tiny", "--port", "0", "--speed", "-1"});
    const std::string port = server.wait_for("listening on 127\\.0\\.0\\.1:([0-9]+)");
    REQUIRE_FALSE(port.empty());
    const Result watch =
        run_cli(dir, "watch 127.0.0.1:" + port + " --out-dir " + q(dir / "watched") + " --until-ended 1 --timeout 60");
    INFO(watch.out << watch.err);
    REQUIRE(watch.exit_code == 0);
    REQUIRE(run_cli(dir, "run tiny -r 1 --checkpoint-every-months 0 --out " + q(dir / "ran.innorun")).exit_code == 0);
    CHECK(slurp(dir / "watched" / "run-1.innorun") == slurp(dir / "ran.innorun"));

    // A fork through the server equals the same fork of the file.
    const Result forked = run_cli(dir, "watch 127.0.0.1:" + port + " --fork 1 --at 1402/01/01 --set " +
                                           "'departments[Transport].payment_delay_days=15' --out-dir " +
                                           q(dir / "forked") + " --until-ended 2 --timeout 60");
    INFO(forked.out << forked.err);
    REQUIRE(forked.exit_code == 0);
    CHECK_THAT(forked.out, Catch::Contains("fork latency"));
    REQUIRE(run_cli(dir, "fork " + q(dir / "ran.innorun") +
                             " --at 1402/01/01 --set 'departments[Transport].payment_delay_days=15' --out " +
                             q(dir / "fork.innorun"))
                .exit_code == 0);
    CHECK(slurp(dir / "forked" / "run-2.innorun") == slurp(dir / "fork.innorun"));

    CHECK(server.stop(SIGTERM) == 0);
    CHECK_THAT(server.out(), Catch::Contains("served"));
    CHECK_THAT(server.err(), Catch::Contains("SIGTERM"));
}

TEST_CASE("serve refuses to listen beyond loopback without a token", "[cli][live][serve]") {
    const TempDir dir;
    const Result r = run_cli(dir, "serve tiny --bind 0.0.0.0 --port 0");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("needs --token"));
}

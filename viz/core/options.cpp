#include "viz/core/options.hpp"

#include "sim/calendar.hpp"
#include "sim/input_error.hpp"
#include "sim/version.hpp"
#include "tools/text/lang.hpp"
#include "viz/core/format.hpp"
#include "viz/core/live_session.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <vector>

namespace innosim::viz {

namespace {

constexpr int kExitBadInput = 2;

void check_date(const std::string& text, const char* flag) {
    if (text.empty()) {
        return;
    }
    try {
        sim::parse_jalali(text);
    } catch (const InputError& e) {
        throw CLI::ValidationError(flag, e.what());
    }
}

void parse_size(const std::string& text, ViewerOptions& options) {
    const auto x = text.find('x');
    int w = 0;
    int h = 0;
    const bool ok = x != std::string::npos && std::from_chars(text.data(), text.data() + x, w).ptr == text.data() + x &&
                    std::from_chars(text.data() + x + 1, text.data() + text.size(), h).ptr == text.data() + text.size();
    if (!ok || w < 320 || h < 240 || w > 8192 || h > 8192) {
        throw CLI::ValidationError("--size", "expected WIDTHxHEIGHT in pixels between 320x240 and 8192x8192, got \"" +
                                                 text + "\"");
    }
    options.width = w;
    options.height = h;
}

} // namespace

ParsedOptions parse_options(const std::vector<std::string>& args) {
    ViewerOptions options;
    CLI::App app{"innosim-viz: watch, scrub and compare innosim runs", "innosim-viz"};
    app.set_version_flag("--version", innosim::version_string());
    std::string size;
    app.add_option("run", options.run, "Run file to open (RUN.innorun); without it a file dialog opens");
    app.add_option("--compare", options.compare, "A second run to compare with on one timeline");
    app.add_option("--at", options.at, "Put the cursor on this Solar Hijri date (1404/06/31)");
    app.add_flag("--presentation", options.presentation, "Presentation mode: large fonts, expert panels hidden");
    app.add_flag("--difference", options.difference, "With --compare: the KPI charts show B - A over time");
    app.add_option("--theme", options.theme,
                   "Colours: dark, or light for a bright room or a washed-out projector (default: the last one "
                   "chosen in View > Theme, else dark; headless modes: dark)")
        ->check(CLI::IsMember({"dark", "light"}));
    app.add_flag("--check-layout", options.check_layout,
                 "With --screenshot: list every label that overlaps another or leaves its panel; exit 1 if any");
    app.add_option("--screenshot", options.screenshot, "Save a PNG of the view (at --at) and exit");
    app.add_option("--panel", options.panel,
                   "With --screenshot: only this panel (map, timeline, sankey, kpis, events, inspector, compare)");
    app.add_option("--frames", options.frames_dir, "Save a PNG frame sequence of the replay into DIR and exit");
    app.add_option("--from", options.from, "--frames: first date (default: the run's start)");
    app.add_option("--to", options.to, "--frames: last date (default: the run's end)");
    app.add_option("--fps", options.fps, "--frames: frames per second of video")->check(CLI::Range(1.0, 240.0));
    app.add_option("--speed", options.speed_days, "--frames: simulated days per second of video")
        ->check(CLI::Range(0.01, 3660.0));
    app.add_option("--bench-frames", options.bench_frames, "Play N frames, print mean and p95 frame time, exit")
        ->check(CLI::Range(1, 1000000));
    app.add_option("--size", size, "Window size WIDTHxHEIGHT in pixels (default 1280x800)");
    app.add_option(
           "--scale", options.ui_scale,
           "UI scale: fonts and spacing, on top of the window's own (the interface grows with the window; default 1)")
        ->check(CLI::Range(0.5, 4.0));
    app.add_option("--lang", options.lang,
                   "Language of the interface: en or fa (default: the last one chosen "
                   "in View > Language, else en; headless modes: en)")
        ->check(CLI::IsMember({"en", "fa"}));
    app.add_option("--chapters", options.chapter_file, "Bookmarks file (default: RUN.innorun.chapters.txt)");
    app.add_option("--script", options.script, "Replay scripted input (keys, clicks, screenshots) and exit");
    app.add_option("--select", options.select,
                   "Inspect this agent from the start: startup:ID, department:ID, funder:ID, factory, municipality");
    app.add_option("--connect", options.connect,
                   "Attach to a running `innosim serve` at HOST:PORT and show its runs as they arrive");
    app.add_option("--token", options.token, "The server's token (default: $INNOSIM_TOKEN)");
    app.add_option("--fork-at", options.fork_at,
                   "Fork from here: branch the run at this date with the --set levers, then compare the branch "
                   "with its parent (a file through `innosim fork`, a live run on the server)");
    app.add_option("--set", options.fork_levers, "With --fork-at: a lever PATH=VALUE from that date on; repeatable");
    app.add_option("--wait", options.wait_seconds,
                   "Headless with --connect or --fork-at: longest wait, in seconds, for the run to reach --at or the "
                   "branch to arrive (default 60)")
        ->check(CLI::Range(0.1, 3600.0));
    app.footer("Keys: space play/pause, left/right a month, home/end, PageDown/PageUp chapters, F11 presentation.\n"
               "Exit codes: 0 done, 1 failure at run time, 2 bad input.");

    std::vector<std::string> reversed(args.rbegin(), args.rend()); // CLI11 parses a reversed vector
    ParsedOptions result;
    try {
        app.parse(reversed);
        if (!size.empty()) {
            parse_size(size, options);
        }
        check_date(options.at, "--at");
        if (!options.select.empty() && !parse_agent(options.select)) {
            throw CLI::ValidationError("--select", "expected startup:ID, department:ID, funder:ID, factory or "
                                                   "municipality, got \"" +
                                                       options.select + "\"");
        }
        check_date(options.from, "--from");
        check_date(options.to, "--to");
        if (options.check_layout && options.screenshot.empty()) {
            throw CLI::ValidationError("--check-layout", "needs --screenshot");
        }
        if (!options.panel.empty() && options.screenshot.empty()) {
            throw CLI::ValidationError("--panel", "needs --screenshot");
        }
        const int modes = (!options.screenshot.empty() ? 1 : 0) + (!options.frames_dir.empty() ? 1 : 0) +
                          (options.bench_frames > 0 ? 1 : 0) + (!options.script.empty() ? 1 : 0);
        if (modes > 1) {
            throw CLI::ValidationError("--screenshot/--frames/--bench-frames/--script", "choose one of them");
        }
        check_date(options.fork_at, "--fork-at");
        if (options.live()) {
            try {
                parse_live_address(options.connect);
            } catch (const InputError& e) {
                throw CLI::ValidationError("--connect", e.what());
            }
        }
        if (options.live() && !options.run.empty()) {
            throw CLI::ValidationError("--connect", "shows the server's runs: open a run file or connect, not both");
        }
        if (options.live() && !options.compare.empty()) {
            throw CLI::ValidationError("--compare", "with --connect, pick the runs to compare in the Live panel");
        }
        if (options.live() && (!options.frames_dir.empty() || options.bench_frames > 0)) {
            throw CLI::ValidationError("--connect", "--frames and --bench-frames need a run file");
        }
        if (!options.token.empty() && !options.live()) {
            throw CLI::ValidationError("--token", "needs --connect");
        }
        if (!options.fork_levers.empty() && options.fork_at.empty()) {
            throw CLI::ValidationError("--set", "needs --fork-at (the date the levers change)");
        }
        if (!options.fork_at.empty() && options.run.empty() && !options.live()) {
            throw CLI::ValidationError("--fork-at", "needs a run file or --connect");
        }
        if (options.headless() && options.run.empty() && options.script.empty() && !options.live()) {
            throw CLI::ValidationError("run", "--screenshot, --frames and --bench-frames need a run file");
        }
        if (!options.compare.empty() && options.run.empty()) {
            throw CLI::ValidationError("--compare", "needs a first run to compare with");
        }
    } catch (const CLI::CallForHelp&) {
        result.message = app.help();
        result.exit_code = 0;
        return result;
    } catch (const CLI::CallForVersion&) {
        result.message = innosim::version_string() + "\n";
        result.exit_code = 0;
        return result;
    } catch (const CLI::ParseError& e) {
        result.message = "innosim-viz: error: " + std::string(e.what()) + "\nRun 'innosim-viz --help' for usage.\n";
        result.exit_code = kExitBadInput;
        return result;
    }
    result.options = options;
    return result;
}

std::filesystem::path settings_path() {
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && *xdg != '\0') {
        return std::filesystem::path(xdg) / "innosim" / "viz.conf";
    }
    if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
        return std::filesystem::path(home) / ".config" / "innosim" / "viz.conf";
    }
    return {};
}

std::string load_setting(const std::filesystem::path& path, std::string_view key) {
    std::ifstream in(path);
    std::string line;
    const std::string prefix = std::string(key) + "=";
    while (std::getline(in, line)) {
        if (line.starts_with(prefix)) {
            return line.substr(prefix.size());
        }
    }
    return {};
}

bool save_setting(const std::filesystem::path& path, std::string_view key, std::string_view value, std::string& error) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) {
        error = path.parent_path().string() + ": " + ec.message();
        return false;
    }
    // The other settings stay as they were.
    std::vector<std::string> lines;
    {
        std::ifstream in(path);
        const std::string prefix = std::string(key) + "=";
        for (std::string line; std::getline(in, line);) {
            if (!line.starts_with(prefix) && !line.empty()) {
                lines.push_back(line);
            }
        }
    }
    lines.push_back(std::string(key) + "=" + std::string(value));
    std::ofstream out(path, std::ios::trunc);
    for (const std::string& line : lines) {
        out << line << '\n';
    }
    out.close();
    if (!out) {
        error = path.string() + ": " + std::strerror(errno);
        return false;
    }
    return true;
}

} // namespace innosim::viz

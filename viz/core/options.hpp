#pragma once

// innosim-viz's command line, parsed and checked without a window, so tests can cover it and
// a bad flag is reported before any X connection is attempted.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace innosim::viz {

struct ViewerOptions {
    std::filesystem::path run;        ///< empty: start with the file dialog
    std::filesystem::path compare;    ///< run B for compare mode
    std::filesystem::path screenshot; ///< headless: save one PNG and exit
    std::string at;                   ///< Solar Hijri date for the cursor ("1404/06/31"); empty = start
    std::string panel;                ///< with --screenshot: crop to this panel ("map", "kpis", ...)
    bool presentation = false;
    bool difference = false;          ///< compare: KPI charts as B − A
    bool check_layout = false;        ///< with --screenshot: report labels that overlap or leave their panel (exit 1)
    std::filesystem::path frames_dir; ///< headless: a PNG sequence of the replay
    std::string from;                 ///< frames: first date (empty = the run's start)
    std::string to;                   ///< frames: last date (empty = the run's end)
    double fps = 30;                  ///< frames per second of the sequence
    double speed_days = 30.436875;    ///< frames: simulated days per second of video (1 month)
    int bench_frames = 0;             ///< >0: play this many frames, print frame times, exit
    int width = 1280;                 ///< px
    int height = 800;                 ///< px
    float ui_scale = 1.0f;            ///< font and spacing scale
    std::string chapter_file;         ///< bookmarks file (default RUN.innorun.chapters.txt)
    std::string select;               ///< agent to inspect at start: "startup:12", "funder:2", "factory"
    std::string lang;                 ///< "en" or "fa"; empty: the remembered choice (interactive) or English
    std::string theme;                ///< "dark" or "light"; empty: the remembered choice (interactive) or dark

    std::filesystem::path script; ///< headless: replay scripted input (viz/core/script.hpp) and exit

    // [SECTION] Live and forks
    std::string connect;                  ///< HOST:PORT of `innosim serve` (instead of a run file)
    std::string token;                    ///< the server's token (default: $INNOSIM_TOKEN)
    std::string fork_at;                  ///< "fork from here" at this date once the run is open (headless too)
    std::vector<std::string> fork_levers; ///< --set PATH=VALUE for --fork-at
    double wait_seconds = 60;             ///< headless: longest wait for a live run or a fork to get there

    bool live() const { return !connect.empty(); }

    bool headless() const { return !screenshot.empty() || !frames_dir.empty() || bench_frames > 0 || !script.empty(); }
};

/// The outcome of parsing: options, or text to print and an exit code (--help, --version, errors).
struct ParsedOptions {
    std::optional<ViewerOptions> options;
    std::string message; ///< help or error text
    int exit_code = 0;   ///< 0 for --help, 2 for bad usage
};

ParsedOptions parse_options(const std::vector<std::string>& args); ///< args without argv[0]

/// Where the viewer remembers the user's choices (the language): $XDG_CONFIG_HOME/innosim/viz.conf,
/// else $HOME/.config/innosim/viz.conf; empty when neither variable is set.
std::filesystem::path settings_path();
/// A remembered choice ("lang" -> "fa"), empty if none or unreadable (a missing file is normal).
std::string load_setting(const std::filesystem::path& path, std::string_view key);
/// Remembers `key`=`value`, keeping the file's other settings; false (with the OS's reason in
/// `error`) if the file cannot be written.
bool save_setting(const std::filesystem::path& path, std::string_view key, std::string_view value, std::string& error);

} // namespace innosim::viz

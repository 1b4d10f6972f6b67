#include "viz/core/options.hpp"
#include "viz/core/script.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <unistd.h>

using namespace innosim::viz;

TEST_CASE("the viewer's command line fills its options", "[viz][options]") {
    const ParsedOptions none = parse_options({});
    REQUIRE(none.options);
    REQUIRE(none.options->run.empty());
    REQUIRE_FALSE(none.options->headless());
    REQUIRE(none.options->width == 1280);
    REQUIRE(none.options->height == 800);

    const ParsedOptions shot = parse_options({"a.innorun", "--compare", "b.innorun", "--screenshot", "out.png", "--at",
                                              "1404/06/31", "--size", "1920x1080"});
    REQUIRE(shot.options);
    REQUIRE(shot.options->run == "a.innorun");
    REQUIRE(shot.options->compare == "b.innorun");
    REQUIRE(shot.options->screenshot == "out.png");
    REQUIRE(shot.options->at == "1404/06/31");
    REQUIRE(shot.options->width == 1920);
    REQUIRE(shot.options->height == 1080);
    REQUIRE(shot.options->headless());

    const ParsedOptions frames =
        parse_options({"a.innorun", "--frames", "out", "--from", "1402/01/01", "--to", "1403/01/01", "--fps", "25"});
    REQUIRE(frames.options);
    REQUIRE(frames.options->fps == 25);
    REQUIRE(frames.options->frames_dir == "out");

    const ParsedOptions select = parse_options({"a.innorun", "--select", "funder:2"});
    REQUIRE(select.options);
    REQUIRE(select.options->select == "funder:2");
}

TEST_CASE("bad viewer flags are usage errors with exit code 2", "[viz][options]") {
    const auto error = [](std::vector<std::string> args) {
        const ParsedOptions p = parse_options(args);
        REQUIRE_FALSE(p.options);
        REQUIRE(p.exit_code == 2);
        return p.message;
    };
    REQUIRE_THAT(error({"a.innorun", "--size", "big"}), Catch::Contains("WIDTHxHEIGHT"));
    REQUIRE_THAT(error({"a.innorun", "--at", "1404/13/01"}), Catch::Contains("--at"));
    REQUIRE_THAT(error({"--screenshot", "x.png"}), Catch::Contains("need a run file"));
    REQUIRE_THAT(error({"a.innorun", "--panel", "map"}), Catch::Contains("needs --screenshot"));
    REQUIRE_THAT(error({"a.innorun", "--screenshot", "x.png", "--bench-frames", "10"}), Catch::Contains("choose one"));
    REQUIRE_THAT(error({"a.innorun", "--fps", "0"}), Catch::Contains("fps"));
    REQUIRE_THAT(error({"a.innorun", "--select", "startup"}), Catch::Contains("startup:ID"));
    error({"a.innorun", "--no-such-flag"});
}

TEST_CASE("options --connect and --fork-at go with what they need", "[viz][options]") {
    const ParsedOptions live = parse_options(
        {"--connect", "127.0.0.1:7464", "--token", "t", "--screenshot", "x.png", "--at", "1402/06/01", "--wait", "20"});
    REQUIRE(live.options);
    REQUIRE(live.options->live());
    REQUIRE(live.options->connect == "127.0.0.1:7464");
    REQUIRE(live.options->token == "t");
    REQUIRE(live.options->headless()); // a screenshot of a live run needs no file
    REQUIRE(live.options->wait_seconds == 20);

    const ParsedOptions fork = parse_options({"a.innorun", "--fork-at", "1403/01/01", "--set", "factory.capacity=60",
                                              "--set", "departments[Finance & Revenue].payment_delay_days=30"});
    REQUIRE(fork.options);
    REQUIRE(fork.options->fork_at == "1403/01/01");
    REQUIRE(fork.options->fork_levers ==
            std::vector<std::string>{"factory.capacity=60", "departments[Finance & Revenue].payment_delay_days=30"});

    const auto error = [](std::vector<std::string> args) {
        const ParsedOptions p = parse_options(args);
        REQUIRE_FALSE(p.options);
        REQUIRE(p.exit_code == 2);
        return p.message;
    };
    REQUIRE_THAT(error({"a.innorun", "--connect", "h:1"}), Catch::Contains("not both"));
    REQUIRE_THAT(error({"--connect", "127.0.0.1:99999"}), Catch::Contains("HOST:PORT"));
    REQUIRE_THAT(error({"--connect", "h:1", "--compare", "b.innorun"}), Catch::Contains("Live panel"));
    REQUIRE_THAT(error({"--connect", "h:1", "--frames", "out"}), Catch::Contains("need a run file"));
    REQUIRE_THAT(error({"a.innorun", "--token", "t"}), Catch::Contains("needs --connect"));
    REQUIRE_THAT(error({"a.innorun", "--set", "factory.capacity=5"}), Catch::Contains("needs --fork-at"));
    REQUIRE_THAT(error({"--fork-at", "1403/01/01"}), Catch::Contains("needs a run file or --connect"));
    REQUIRE_THAT(error({"a.innorun", "--fork-at", "1403/13/01"}), Catch::Contains("--fork-at"));
}

TEST_CASE("--help prints usage and exits 0", "[viz][options]") {
    const ParsedOptions help = parse_options({"--help"});
    REQUIRE_FALSE(help.options);
    REQUIRE(help.exit_code == 0);
    REQUIRE_THAT(help.message, Catch::Contains("--compare") && Catch::Contains("--screenshot"));
}

TEST_CASE("input scripts parse into steps and reject what they cannot do", "[viz][options]") {
    const auto steps = innosim::viz::parse_script("# a comment\n"
                                                  "wait 5\n"
                                                  "  key pagedown\r\n"
                                                  "click 640 300.5\n"
                                                  "type 1403/06/31\n"
                                                  "shot out/a.png\n",
                                                  "s.txt");
    REQUIRE(steps.size() == 5);
    REQUIRE(steps[0].kind == StepKind::Wait);
    REQUIRE(steps[0].frames == 5);
    REQUIRE(steps[1].text == "pagedown");
    REQUIRE(steps[2].x == 640.0f);
    REQUIRE(steps[2].y == 300.5f);
    REQUIRE(steps[3].text == "1403/06/31");
    REQUIRE(steps[4].kind == StepKind::Shot);
    REQUIRE_THROWS_WITH(innosim::viz::parse_script("wait 1\nkey hyperspace\n", "s.txt"),
                        Catch::StartsWith("s.txt:2: unknown key \"hyperspace\""));
    REQUIRE_THROWS_WITH(innosim::viz::parse_script("click 10\n", "s.txt"), Catch::Contains("two pixel coordinates"));
    REQUIRE_THROWS_WITH(innosim::viz::parse_script("wait 0\n", "s.txt"), Catch::Contains("number of frames"));
    REQUIRE_THROWS_WITH(innosim::viz::parse_script("dance\n", "s.txt"), Catch::Contains("expected wait, key"));
    const auto expects = innosim::viz::parse_script("expect compare 300\n\nexpect no-error\n", "s.txt");
    REQUIRE(expects.size() == 2);
    REQUIRE(expects[0].kind == StepKind::Expect);
    REQUIRE(expects[0].text == "compare");
    REQUIRE(expects[0].frames == 300);
    REQUIRE(expects[0].line == 1);
    REQUIRE(expects[1].frames == 1);
    REQUIRE(expects[1].line == 3);
    REQUIRE_THROWS_WITH(innosim::viz::parse_script("expect miracles\n", "s.txt"), Catch::Contains("knows compare"));
    REQUIRE_THROWS_WITH(innosim::viz::parse_script("expect live 0\n", "s.txt"), Catch::Contains("number of frames"));
    REQUIRE_THROWS_WITH(innosim::viz::parse_script("expect live 5 6\n", "s.txt"), Catch::Contains("number of frames"));
    const ParsedOptions p = parse_options({"a.innorun", "--script", "s.txt"});
    REQUIRE(p.options);
    REQUIRE(p.options->headless());
}

TEST_CASE("the viewer remembers its settings, each kept when another changes", "[viz][options]") {
    const auto dir = std::filesystem::temp_directory_path() / ("innosim-viz-settings-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    const std::filesystem::path path = dir / "innosim" / "viz.conf";
    REQUIRE(load_setting(path, "lang").empty()); // no file yet: nothing remembered
    std::string error;
    REQUIRE(save_setting(path, "lang", "fa", error));
    REQUIRE(save_setting(path, "theme", "light", error));
    REQUIRE(load_setting(path, "lang") == "fa");
    REQUIRE(load_setting(path, "theme") == "light");
    REQUIRE(save_setting(path, "lang", "en", error));
    REQUIRE(load_setting(path, "lang") == "en");
    REQUIRE(load_setting(path, "theme") == "light");
    REQUIRE(load_setting(path, "size").empty());
    // A directory where the file should be: the OS's reason comes back.
    REQUIRE_FALSE(save_setting(dir / "innosim", "lang", "fa", error));
    REQUIRE_FALSE(error.empty());
    std::filesystem::remove_all(dir);

    const ParsedOptions light = parse_options({"a.innorun", "--theme", "light"});
    REQUIRE(light.options);
    REQUIRE(light.options->theme == "light");
    const ParsedOptions purple = parse_options({"a.innorun", "--theme", "purple"});
    REQUIRE_FALSE(purple.options);
    REQUIRE(purple.exit_code == 2);
    const ParsedOptions check = parse_options({"a.innorun", "--check-layout"});
    REQUIRE_FALSE(check.options); // needs --screenshot
    REQUIRE(check.exit_code == 2);
}

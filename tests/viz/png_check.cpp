// Runs innosim-viz headless under xvfb-run and checks what it wrote:
//   viz_png_check --xvfb-run XVFB --viewer VIZ --png OUT.png [--png ...] [--size WxH] [--min-colours N]
//                 [--expect-exit CODE] [--fresh PATH...] [--expect-file PATH...] -- VIEWER ARGS...
// --fresh removes a file or directory before the run (state a previous run left behind);
// --expect-file fails the check unless the viewer left that file (a fork's branch) behind.
// Fails (exit 1) when the viewer's exit code differs, the PNG is missing, has another size, or
// has fewer than N distinct colours (a blank or black frame has a handful).
#include <SFML/Graphics/Image.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <sys/wait.h>
#include <unordered_set>
#include <vector>

namespace {

std::string quote(const std::string& s) {
    std::string out = "'";
    for (const char c : s) {
        if (c == '\'') {
            out += "'\\''";
        } else {
            out += c;
        }
    }
    return out + "'";
}

int fail(const std::string& message) {
    std::cerr << "viz_png_check: FAIL: " << message << '\n';
    return 1;
}

} // namespace

int main(int argc, char** argv) {
    std::string xvfb;
    std::string viewer;
    std::vector<std::string> pngs;
    std::vector<std::string> fresh;
    std::vector<std::string> expect_files;
    unsigned width = 0;
    unsigned height = 0;
    std::size_t min_colours = 100;
    int expect_exit = 0;
    std::vector<std::string> viewer_args;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
        if (a == "--") {
            viewer_args.assign(argv + i + 1, argv + argc);
            break;
        }
        if (a == "--xvfb-run") {
            xvfb = value();
        } else if (a == "--viewer") {
            viewer = value();
        } else if (a == "--png") {
            pngs.push_back(value());
        } else if (a == "--fresh") {
            fresh.push_back(value());
        } else if (a == "--expect-file") {
            expect_files.push_back(value());
        } else if (a == "--size") {
            if (std::sscanf(value().c_str(), "%ux%u", &width, &height) != 2) {
                return fail("--size expects WxH");
            }
        } else if (a == "--min-colours") {
            min_colours = std::stoul(value());
        } else if (a == "--expect-exit") {
            expect_exit = std::stoi(value());
        } else {
            return fail(std::string("unknown option ").append(a));
        }
    }
    if (viewer.empty() || pngs.empty()) {
        return fail("--viewer and --png are required");
    }
    std::error_code ignored;
    for (const std::string& png : pngs) {
        std::filesystem::remove(png, ignored);
    }
    for (const std::string& path : fresh) {
        std::filesystem::remove_all(path, ignored);
    }
    std::string command;
    if (!xvfb.empty()) {
        command.append(quote(xvfb)).append(" -a -s ").append(quote("-screen 0 1280x800x24")).append(" ");
    }
    command += quote(viewer);
    for (const std::string& a : viewer_args) {
        command.append(" ").append(quote(a));
    }
    std::cout << "running: " << command << std::endl;
    int code = 0;
    for (int attempt = 0; attempt < 2; ++attempt) {
        const int status = std::system(command.c_str());
        code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        // 5 is xvfb-run's own "problem while cleaning up temporary directory" (Xvfb still
        // shutting down when a fast viewer has exited, seen on a loaded machine); the viewer's
        // codes are 0-2, so the run is repeated once from a clean slate.
        if (code != 5 || xvfb.empty()) {
            break;
        }
        std::cout << "xvfb-run failed to clean up (exit 5): running again" << std::endl;
        for (const std::string& path : fresh) {
            std::filesystem::remove_all(path, ignored);
        }
    }
    if (code != expect_exit) {
        return fail("the viewer exited with " + std::to_string(code) + ", expected " + std::to_string(expect_exit));
    }
    for (const std::string& path : expect_files) {
        if (!std::filesystem::exists(path)) {
            return fail("the viewer did not leave " + path + " behind");
        }
    }
    for (const std::string& png : pngs) {
        sf::Image image;
        if (!std::filesystem::exists(png) || !image.loadFromFile(png)) {
            return fail("no readable PNG at " + png);
        }
        const sf::Vector2u size = image.getSize();
        if (width != 0 && (size.x != width || size.y != height)) {
            return fail(png + " is " + std::to_string(size.x) + "x" + std::to_string(size.y) + ", expected " +
                        std::to_string(width) + "x" + std::to_string(height));
        }
        std::unordered_set<std::uint32_t> colours;
        const sf::Uint8* pixels = image.getPixelsPtr();
        for (std::size_t i = 0; i < static_cast<std::size_t>(size.x) * size.y; ++i) {
            const sf::Uint8* p = pixels + 4 * i;
            colours.insert(static_cast<std::uint32_t>(p[0]) << 16 | static_cast<std::uint32_t>(p[1]) << 8 | p[2]);
        }
        std::cout << png << ": " << size.x << "x" << size.y << ", " << colours.size() << " distinct colours\n";
        if (colours.size() < min_colours) {
            return fail(png + ": only " + std::to_string(colours.size()) +
                        " distinct colours (expected >= " + std::to_string(min_colours) + "): blank render?");
        }
    }
    return 0;
}

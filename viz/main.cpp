// innosim-viz: the replay viewer's main. Owns the window, the backend calls and the frame loop;
// everything else is AppState and the panels.
//
//   innosim-viz [RUN.innorun] [--compare B.innorun] [--at 1404/06/31] [--presentation]
//   innosim-viz RUN --screenshot out.png [--panel map]      headless: one PNG
//   innosim-viz RUN --frames DIR --from D1 --to D2 --fps 30  headless: a PNG sequence
//   innosim-viz RUN --bench-frames 300                       mean and p95 frame time
//   innosim-viz --connect HOST:PORT [--token T]              attach to `innosim serve` (live.cpp)
//   innosim-viz RUN --fork-at DATE --set PATH=VALUE ...      fork from here, then compare the branch
//   (with --connect or --fork-at, the headless modes first wait up to --wait s for the run to reach
//   --at and for the branch to arrive)
//
// [SECTION] Window, fonts and capture
// [SECTION] Modes: interactive, screenshot, frames, bench

#include "sim/input_error.hpp"
#include "viz/app_state.hpp"
#include "viz/core/format.hpp"
#include "viz/core/png.hpp"
#include "viz/core/script.hpp"
#include "viz/sfml_imgui_glue.hpp"

#include <SFML/Graphics/RenderWindow.hpp>
#include <SFML/OpenGL.hpp>
#include <SFML/System/Sleep.hpp>
#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <numeric>
#include <string>
#include <time.h>
#include <vector>

namespace {

using namespace innosim::viz;
namespace fs = std::filesystem;

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitBadInput = 2;
/// Frames rendered before a headless capture, so that windows have sized themselves.
constexpr int kSettleFrames = 6;

// [SECTION] Window, fonts and capture

void rebuild_fonts_if_needed(AppState& state) {
    const float scale = wanted_font_scale(state);
    if (scale == state.fonts_scale && state.fonts.body != nullptr && state.style_theme == theme::current_theme()) {
        return;
    }
    theme::apply_style(scale);
    state.style_theme = theme::current_theme();
    if (scale == state.fonts_scale && state.fonts.body != nullptr) {
        return; // only the colours changed
    }
    theme::load_fonts(scale, state.fonts);
    theme::bake_sprites(state.fonts);
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    state.fonts_scale = scale;
}

/// The back buffer's pixels (RGBA, top row first), optionally cropped to `crop` (px).
struct Capture {
    std::vector<std::uint8_t> rgba;
    std::uint32_t width = 0;  ///< px
    std::uint32_t height = 0; ///< px
};

Capture capture(const sf::RenderWindow& window, std::optional<RectF> crop) {
    const sf::Vector2u size = window.getSize();
    std::vector<std::uint8_t> pixels(static_cast<std::size_t>(size.x) * size.y * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, static_cast<GLsizei>(size.x), static_cast<GLsizei>(size.y), GL_RGBA, GL_UNSIGNED_BYTE,
                 pixels.data());
    RectF r{0, 0, static_cast<float>(size.x), static_cast<float>(size.y)};
    if (crop) {
        r = *crop;
    }
    const auto x = static_cast<std::uint32_t>(std::clamp(r.x, 0.0f, static_cast<float>(size.x - 1)));
    const auto y = static_cast<std::uint32_t>(std::clamp(r.y, 0.0f, static_cast<float>(size.y - 1)));
    Capture out;
    out.width = static_cast<std::uint32_t>(std::clamp(r.w, 1.0f, static_cast<float>(size.x - x)));
    out.height = static_cast<std::uint32_t>(std::clamp(r.h, 1.0f, static_cast<float>(size.y - y)));
    out.rgba.resize(static_cast<std::size_t>(out.width) * out.height * 4);
    for (std::uint32_t row = 0; row < out.height; ++row) {
        // GL's rows run bottom-up.
        const std::size_t gl_row = size.y - 1 - (y + row);
        std::copy_n(pixels.data() + (gl_row * size.x + x) * 4, static_cast<std::size_t>(out.width) * 4,
                    out.rgba.data() + static_cast<std::size_t>(row) * out.width * 4);
    }
    return out;
}

bool save_png(const Capture& image, const fs::path& path) {
    std::error_code ignored;
    if (path.has_parent_path()) {
        fs::create_directories(path.parent_path(), ignored);
    }
    try {
        write_png(path, image.rgba, image.width, image.height);
        return true;
    } catch (const std::exception& e) {
        std::cerr << "innosim-viz: " << e.what() << '\n';
        return false;
    }
}

/// Makes the maps' layer textures (once per GL context) and uploads the images the map panels
/// changed this frame.
void upload_map_layers(AppState& state) {
    for (MapLayer& layer : state.map_layers) {
        if (layer.texture == 0) {
            GLuint name = 0;
            glGenTextures(1, &name);
            glBindTexture(GL_TEXTURE_2D, name);
            // Linear filtering: the density cells blend into each other as dots would.
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
            layer.texture = name;
            layer.stale = layer.dense;
        }
        if (!layer.stale || layer.image.pixels.empty()) {
            continue;
        }
        glBindTexture(GL_TEXTURE_2D, layer.texture);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, layer.image.width, layer.image.height, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                     layer.image.pixels.data());
        layer.stale = false;
    }
    glBindTexture(GL_TEXTURE_2D, 0);
}

void drop_map_layers(AppState& state) {
    for (MapLayer& layer : state.map_layers) {
        if (layer.texture != 0) {
            const GLuint name = layer.texture;
            glDeleteTextures(1, &name);
        }
        layer.texture = 0;
    }
}

/// Renders one frame: ImGui update and draw, GL render. The caller captures and/or displays.
void render_frame(sf::RenderWindow& window, AppState& state, float seconds) {
    rebuild_fonts_if_needed(state);
    if (state.map_layers[0].texture == 0) {
        upload_map_layers(state); // the panels need the texture names while they draw
    }
    glue::new_frame(window, seconds);
    update_and_draw(state, seconds);
    upload_map_layers(state);
    const unsigned background = theme::c().background;
    window.clear(sf::Color(background >> 16, (background >> 8) & 0xFF, background & 0xFF));
    // Backdrops as scissored clears: solid fills at memset speed, even on llvmpipe.
    const auto height = static_cast<GLint>(window.getSize().y);
    glEnable(GL_SCISSOR_TEST);
    for (const Backdrop& b : state.backdrops) {
        const auto x = static_cast<GLint>(std::lround(b.rect.x));
        const auto y = static_cast<GLint>(std::lround(b.rect.y));
        const auto w = static_cast<GLsizei>(std::lround(b.rect.right()) - x);
        const auto h = static_cast<GLsizei>(std::lround(b.rect.bottom()) - y);
        if (w <= 0 || h <= 0) {
            continue;
        }
        glScissor(x, height - y - h, w, h);
        glClearColor(static_cast<float>(b.rgb >> 16) / 255.0f, static_cast<float>((b.rgb >> 8) & 0xFF) / 255.0f,
                     static_cast<float>(b.rgb & 0xFF) / 255.0f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
    }
    glDisable(GL_SCISSOR_TEST);
    glue::render();
}

/// Serves "export PNG" requests from the menu: the window, or one panel, into exports/.
void serve_exports(const sf::RenderWindow& window, AppState& state) {
    if (!state.export_window && !state.export_panel) {
        return;
    }
    std::optional<RectF> crop;
    std::string name = "window";
    if (state.export_panel) {
        crop = state.panel_rects[static_cast<std::size_t>(*state.export_panel)];
        name = std::string(panel_name(*state.export_panel));
    }
    state.export_window = false;
    state.export_panel.reset();
    std::string date = state.a ? format_date(state.a->model.calendar(), state.cursor.time()) : "none";
    std::replace(date.begin(), date.end(), '/', '-');
    fs::path path = fs::path("exports") / (name + "-" + date + ".png");
    for (int n = 2; fs::exists(path); ++n) {
        path = fs::path("exports") / (name + "-" + date + "-" + std::to_string(n) + ".png");
    }
    if (save_png(capture(window, crop), path)) {
        show_toast(state, "Saved " + path.string());
    } else {
        show_error(state, "Export failed", "Could not write " + path.string());
    }
}

void apply_window_mode(sf::RenderWindow& window, AppState& state, bool& fullscreen_now, const ViewerOptions& options) {
    if (state.fullscreen == fullscreen_now) {
        return;
    }
    // A new window means a new GL context: the renderer backend is re-created around it.
    ImGui_ImplOpenGL3_Shutdown();
    drop_map_layers(state);
    if (state.fullscreen) {
        window.create(sf::VideoMode::getDesktopMode(), "innosim-viz", sf::Style::Fullscreen);
    } else {
        window.create(sf::VideoMode(static_cast<unsigned>(options.width), static_cast<unsigned>(options.height)),
                      "innosim-viz", sf::Style::Default);
    }
    window.setVerticalSyncEnabled(true);
    ImGui_ImplOpenGL3_Init("#version 130");
    state.fonts_scale = 0; // re-upload the atlas
    fullscreen_now = state.fullscreen;
}

// [SECTION] Modes: interactive, screenshot, frames, bench

int headless_status(const AppState& state);

/// What a window event does beyond ImGui: closing, F11 (presentation, full screen), Ctrl +/-.
void handle_event(AppState& state, const sf::Event& event) {
    glue::process_event(event);
    if (event.type == sf::Event::Closed) {
        state.quit = true;
    } else if (event.type == sf::Event::KeyPressed && event.key.code == sf::Keyboard::F11 && state.a) {
        state.presentation = !state.presentation;
        state.fullscreen = state.presentation;
    } else if (event.type == sf::Event::KeyPressed && event.key.code == sf::Keyboard::F && !event.key.control &&
               state.presentation && state.b && !ImGui::GetIO().WantTextInput) {
        // Presentation: the reason for B's difference or the funding flows under the maps.
        state.band = state.band == PresentationBand::Why ? PresentationBand::Funding : PresentationBand::Why;
    } else if (event.type == sf::Event::KeyPressed && event.key.control &&
               (event.key.code == sf::Keyboard::Add || event.key.code == sf::Keyboard::Equal)) {
        state.ui_scale = std::min(3.0f, state.ui_scale + 0.15f);
    } else if (event.type == sf::Event::KeyPressed && event.key.control &&
               (event.key.code == sf::Keyboard::Subtract || event.key.code == sf::Keyboard::Hyphen)) {
        state.ui_scale = std::max(0.6f, state.ui_scale - 0.15f);
    }
}

int run_interactive(sf::RenderWindow& window, AppState& state) {
    bool fullscreen_now = false;
    sf::Clock clock;
    int quiet_frames = 0;
    while (window.isOpen() && !state.quit) {
        sf::Event event;
        bool input = false;
        while (window.pollEvent(event)) {
            handle_event(state, event);
            input = true;
        }
        // Nothing moves and nobody touches anything: sleep until the next event instead of
        // drawing the same frame 60 times a second (a few settling frames first, for hover states).
        const bool still =
            !state.cursor.playing() && !state.running && !state.error_pending && state.app_seconds >= state.toast_until;
        quiet_frames = input || !still ? 0 : quiet_frames + 1;
        if (state.live.session) {
            // Frames arrive from the network, not as window events: look every 30 ms, draw only
            // when something came (and once a second, for the reconnect counter).
            if (quiet_frames > 10 && state.live.session->version() == state.live.seen_version &&
                clock.getElapsedTime() < sf::seconds(1)) {
                sf::sleep(sf::milliseconds(30));
                continue;
            }
        } else if (quiet_frames > 10 && window.waitEvent(event)) {
            handle_event(state, event);
            quiet_frames = 0;
            clock.restart();
        }
        const float seconds = std::clamp(clock.restart().asSeconds(), 1e-4f, 0.25f);
        render_frame(window, state, seconds);
        serve_exports(window, state);
        window.display();
        apply_window_mode(window, state, fullscreen_now, state.options);
    }
    return kExitOk;
}

sf::Keyboard::Key key_code(const std::string& name) {
    static const std::pair<const char*, sf::Keyboard::Key> kKeys[] = {
        {"space", sf::Keyboard::Space},       {"left", sf::Keyboard::Left},
        {"right", sf::Keyboard::Right},       {"up", sf::Keyboard::Up},
        {"down", sf::Keyboard::Down},         {"home", sf::Keyboard::Home},
        {"end", sf::Keyboard::End},           {"pageup", sf::Keyboard::PageUp},
        {"pagedown", sf::Keyboard::PageDown}, {"escape", sf::Keyboard::Escape},
        {"enter", sf::Keyboard::Enter},       {"f11", sf::Keyboard::F11},
        {"tab", sf::Keyboard::Tab},           {"f", sf::Keyboard::F}};
    for (const auto& [key, code] : kKeys) {
        if (name == key) {
            return code;
        }
    }
    return sf::Keyboard::Unknown;
}

/// Replays a script of keys, clicks and screenshots through the same event path as a person, at a
/// fixed 1/30 s per frame: a headless test of the interactive viewer.
int run_script(sf::RenderWindow& window, AppState& state) {
    std::ifstream in(state.options.script, std::ios::binary);
    if (!in) {
        std::cerr << "innosim-viz: error: " << state.options.script.string() << ": cannot read the script\n";
        return kExitBadInput;
    }
    const std::string text((std::istreambuf_iterator<char>(in)), {});
    const std::vector<ScriptStep> steps = parse_script(text, state.options.script.string());
    bool fullscreen_now = false;
    const auto frame = [&] {
        render_frame(window, state, 1.0f / 30.0f);
        serve_exports(window, state);
        window.display();
        apply_window_mode(window, state, fullscreen_now, state.options);
    };
    const auto send = [&](const sf::Event& event) {
        handle_event(state, event);
        frame();
    };
    for (int i = 0; i < kSettleFrames; ++i) {
        frame();
    }
    for (const ScriptStep& step : steps) {
        sf::Event event{};
        switch (step.kind) {
        case StepKind::Wait:
            for (int i = 0; i < step.frames; ++i) {
                frame();
            }
            break;
        case StepKind::Key:
            event.type = sf::Event::KeyPressed;
            event.key.code = key_code(step.text);
            send(event);
            event.type = sf::Event::KeyReleased;
            send(event);
            break;
        case StepKind::Move:
        case StepKind::Click:
            event.type = sf::Event::MouseMoved;
            event.mouseMove.x = static_cast<int>(step.x);
            event.mouseMove.y = static_cast<int>(step.y);
            send(event);
            if (step.kind == StepKind::Click) {
                event.type = sf::Event::MouseButtonPressed;
                event.mouseButton = {sf::Mouse::Left, static_cast<int>(step.x), static_cast<int>(step.y)};
                send(event);
                event.type = sf::Event::MouseButtonReleased;
                send(event);
            }
            break;
        case StepKind::Type:
            for (const char c : step.text) {
                event.type = sf::Event::TextEntered;
                event.text.unicode = static_cast<sf::Uint32>(static_cast<unsigned char>(c));
                handle_event(state, event);
            }
            frame();
            break;
        case StepKind::Expect: {
            const auto holds = [&] {
                if (step.text == "compare") {
                    return static_cast<bool>(state.b);
                }
                if (step.text == "live") {
                    return state.live.session && state.live.status.state == LinkState::Connected;
                }
                return !state.error_pending && !state.error_open;
            };
            int waited = 0;
            while (!holds() && waited++ < step.frames) {
                frame();
            }
            if (!holds()) {
                std::cerr << "innosim-viz: failed: " << state.options.script.string() << ":" << step.line
                          << ": expected " << step.text << " within " << step.frames << " frames";
                if (!state.error_message.empty()) {
                    std::cerr << " (" << state.error_title << ": " << state.error_message << ")";
                }
                std::cerr << '\n';
                return kExitFailure;
            }
            break;
        }
        case StepKind::Shot:
            render_frame(window, state, 1.0f / 30.0f);
            if (!save_png(capture(window, std::nullopt), step.text)) {
                return kExitFailure;
            }
            window.display();
            std::cout << step.text << '\n';
            break;
        }
        if (state.quit) {
            break;
        }
    }
    return headless_status(state);
}

/// Exit code of a headless mode: bad input when a run named on the command line did not open or
/// a fork's lever was refused; failure when a fork failed or a live run never came.
int headless_status(const AppState& state) {
    const bool a_missing = !state.options.run.empty() && !state.a;
    const bool b_missing = !state.options.compare.empty() && !state.b;
    if (a_missing || b_missing || state.fork.failed_code == kExitBadInput) {
        return kExitBadInput;
    }
    return state.fork.failed_code != 0 || (state.options.live() && !state.a) ? kExitFailure : kExitOk;
}

/// Headless with --connect or --fork-at: renders frames (each polls the server and the fork's CLI)
/// until run A is there and has reached --at, and the fork asked for has arrived as B or failed;
/// or until --wait seconds have passed, which is a failure (the picture is still taken).
int wait_for_runs(sf::RenderWindow& window, AppState& state) {
    const ViewerOptions& options = state.options;
    if (!options.live() && options.fork_at.empty()) {
        return kExitOk;
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(options.wait_seconds);
    const auto reached = [&] {
        if (options.at.empty() || !state.a) {
            return true;
        }
        const Ticks target = state.a->model.calendar().to_ticks(innosim::sim::parse_jalali(options.at));
        const bool all_ended = state.a->model.finished() && (!state.b || state.b->model.finished());
        return live_edge(state) >= target || all_ended || !options.live();
    };
    const auto ready = [&] {
        if (options.live() && !state.a) {
            return false;
        }
        if (fork_in_flight(state)) {
            return false;
        }
        if (!options.fork_at.empty() && state.fork.failed_code == 0 && !state.b) {
            return false; // the branch has been asked for but is not shown yet
        }
        return reached();
    };
    while (!ready()) {
        if (options.live() && !state.live.session) {
            std::cerr << "innosim-viz: failed: " << state.error_title << ": " << state.error_message << '\n';
            return kExitFailure;
        }
        if (state.live.session && state.live.status.state == LinkState::Lost) {
            // Refused (a token, the protocol): no retry will bring the run; the picture says why.
            std::cerr << "innosim-viz: failed: " << options.connect << ": " << state.live.status.reason << '\n';
            return kExitFailure;
        }
        if (std::chrono::steady_clock::now() > deadline) {
            std::cerr << "innosim-viz: failed: "
                      << (!state.a                   ? "no run arrived from " + options.connect
                          : fork_in_flight(state)    ? std::string("the fork did not arrive")
                          : !options.fork_at.empty() ? std::string("the branch did not arrive")
                                                     : "the run did not reach " + options.at)
                      << " within " << options.wait_seconds << " s\n";
            return kExitFailure;
        }
        render_frame(window, state, 1.0f / 30.0f);
        window.display();
        sf::sleep(sf::milliseconds(15));
    }
    if (state.a && !options.at.empty()) {
        state.live.follow = false;
        seek_to_date(state, options.at);
    }
    if (state.live.fork_ms >= 0) {
        std::printf("fork: the branch was drawn %.1f ms after the request\n", state.live.fork_ms);
    }
    return kExitOk;
}

int run_screenshot(sf::RenderWindow& window, AppState& state) {
    const ViewerOptions& options = state.options;
    std::optional<Panel> panel;
    if (!options.panel.empty()) {
        panel = panel_from_name(options.panel);
        if (!panel) {
            std::cerr << "innosim-viz: error: --panel: unknown panel \"" << options.panel
                      << "\" (map, map-b, timeline, sankey, kpis, events, inspector, compare, presentation)\n";
            return kExitBadInput;
        }
    }
    for (int i = 0; i < kSettleFrames; ++i) {
        state.record_labels = options.check_layout && i + 1 == kSettleFrames;
        state.labels.clear();
        render_frame(window, state, 1.0f / 30.0f);
        if (i + 1 < kSettleFrames) {
            window.display();
        }
    }
    int layout = kExitOk;
    if (options.check_layout) {
        const std::vector<LayoutProblem> problems = layout_problems(state.labels);
        for (const LayoutProblem& p : problems) {
            std::cerr << "innosim-viz: layout: " << describe(p, state.labels) << '\n';
        }
        std::cout << "layout: " << state.labels.size() << " labels, " << problems.size() << " problems\n";
        layout = problems.empty() ? kExitOk : kExitFailure;
    }
    std::optional<RectF> crop;
    if (panel) {
        if (!state.panel_drawn[static_cast<std::size_t>(*panel)]) {
            std::cerr << "innosim-viz: error: --panel " << options.panel << " is not shown in this view\n";
            return kExitBadInput;
        }
        crop = state.panel_rects[static_cast<std::size_t>(*panel)];
    }
    if (!save_png(capture(window, crop), options.screenshot)) {
        std::cerr << "innosim-viz: failed: could not write " << options.screenshot << '\n';
        return kExitFailure;
    }
    window.display();
    if (!state.error_message.empty()) {
        std::cerr << "innosim-viz: " << state.error_title << ": " << state.error_message << '\n';
    }
    std::cout << options.screenshot.string() << '\n';
    return std::max(layout, headless_status(state));
}

int run_frames(sf::RenderWindow& window, AppState& state) {
    const ViewerOptions& options = state.options;
    if (!state.a) {
        std::cerr << "innosim-viz: " << state.error_title << ": " << state.error_message << '\n';
        return kExitBadInput;
    }
    const innosim::sim::Calendar& calendar = state.a->model.calendar();
    const Ticks from =
        options.from.empty() ? state.cursor.begin() : calendar.to_ticks(innosim::sim::parse_jalali(options.from));
    const Ticks to =
        options.to.empty() ? state.cursor.end() : calendar.to_ticks(innosim::sim::parse_jalali(options.to));
    if (to < from) {
        std::cerr << "innosim-viz: error: --to " << options.to << " is before --from " << options.from << '\n';
        return kExitBadInput;
    }
    // Fixed simulated time per frame: the sequence depends on the options only, never on the clock.
    const double days_per_frame = options.speed_days / options.fps;
    const Ticks step = std::max<Ticks>(1, innosim::sim::days_to_ticks(days_per_frame));
    const auto count = static_cast<std::size_t>((to - from) / step) + 1;
    state.flow_days_per_second = options.speed_days;
    std::error_code error;
    fs::create_directories(options.frames_dir, error);
    if (error) {
        std::cerr << "innosim-viz: failed: cannot create " << options.frames_dir << ": " << error.message() << '\n';
        return kExitFailure;
    }
    const auto dt = static_cast<float>(1.0 / options.fps);
    state.cursor.seek(from);
    for (int i = 0; i < kSettleFrames; ++i) {
        render_frame(window, state, dt);
        window.display();
    }
    for (std::size_t i = 0; i < count; ++i) {
        state.cursor.seek(from + static_cast<Ticks>(i) * step);
        render_frame(window, state, dt);
        char name[32];
        std::snprintf(name, sizeof name, "frame_%05zu.png", i);
        if (!save_png(capture(window, std::nullopt), options.frames_dir / name)) {
            std::cerr << "innosim-viz: failed: could not write " << (options.frames_dir / name) << '\n';
            return kExitFailure;
        }
        window.display();
    }
    std::cout << count << " frames in " << options.frames_dir.string() << " (" << days_per_frame
              << " days per frame; ffmpeg -framerate " << options.fps << " -i "
              << (options.frames_dir / "frame_%05d.png").string() << " replay.mp4)\n";
    return kExitOk;
}

int run_bench(sf::RenderWindow& window, AppState& state, double load_seconds) {
    if (!state.a) {
        std::cerr << "innosim-viz: " << state.error_title << ": " << state.error_message << '\n';
        return kExitBadInput;
    }
    if (state.options.at.empty()) {
        // Late in the run, where most firms exist: the expensive part of the replay.
        state.cursor.seek(state.a->model.horizon_time() - 180 * innosim::sim::kTicksPerDay);
    }
    state.cursor.set_speed_index(2); // a month per second
    state.cursor.play();
    for (int i = 0; i < kSettleFrames; ++i) {
        render_frame(window, state, 1.0f / 60.0f);
        window.display();
    }
    std::vector<double> ms;
    const int frames = state.options.bench_frames;
    ms.reserve(static_cast<std::size_t>(frames));
    std::size_t firms = 0;
    std::size_t triangles = 0;
    std::size_t draw_calls = 0;
    double fill_px = 0;
    double build_ms = 0; // ImGui, our panels and GL submission; the rest is llvmpipe rasterizing
    // CPU time of the whole process (llvmpipe's rasterizer threads included): on a shared machine
    // it says what a frame costs when wall time is inflated by other load.
    const auto cpu_now = [] {
        timespec ts{};
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
        return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) * 1e-6;
    };
    const double cpu_start = cpu_now();
    for (int i = 0; i < frames; ++i) {
        const auto start = std::chrono::steady_clock::now();
        render_frame(window, state, 1.0f / 60.0f);
        build_ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        window.display();
        glFinish();
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
        if (!state.cursor.playing()) {
            state.cursor.seek(state.a->model.horizon_time() - 180 * innosim::sim::kTicksPerDay);
            state.cursor.play();
        }
        firms = std::max(firms, state.a->frame_at(state.cursor.time()).startups.size());
        const ImDrawData* data = ImGui::GetDrawData();
        triangles = std::max<std::size_t>(triangles, static_cast<std::size_t>(data->TotalIdxCount / 3));
        std::size_t calls = 0;
        double fill = 0; // px
        for (int l = 0; l < data->CmdListsCount; ++l) {
            const ImDrawList* list = data->CmdLists[l];
            calls += static_cast<std::size_t>(list->CmdBuffer.Size);
            // Pixels the triangles cover (overdraw counted): what llvmpipe shades.
            for (int k = 0; k + 2 < list->IdxBuffer.Size; k += 3) {
                const ImVec2 p = list->VtxBuffer[list->IdxBuffer[k]].pos;
                const ImVec2 q = list->VtxBuffer[list->IdxBuffer[k + 1]].pos;
                const ImVec2 r = list->VtxBuffer[list->IdxBuffer[k + 2]].pos;
                fill += std::abs((q.x - p.x) * (r.y - p.y) - (r.x - p.x) * (q.y - p.y)) * 0.5;
            }
        }
        draw_calls = std::max(draw_calls, calls);
        fill_px = std::max(fill_px, fill);
    }
    std::vector<double> sorted = ms;
    std::sort(sorted.begin(), sorted.end());
    const double mean = std::accumulate(ms.begin(), ms.end(), 0.0) / static_cast<double>(ms.size());
    const double p95 =
        sorted[std::min(sorted.size() - 1, static_cast<std::size_t>(std::ceil(0.95 * sorted.size())) - 1)];
    const double cpu_per_frame = (cpu_now() - cpu_start) / frames;
    std::printf("bench: %d frames at %ux%u, up to %zu firms on the map, load %.2f s: mean %.2f ms, p95 %.2f ms, "
                "max %.2f ms (of which building the frame %.2f ms; process CPU %.2f ms a frame; up to %zu "
                "triangles in %zu draw calls covering %.0fk px)\n",
                frames, window.getSize().x, window.getSize().y, firms, load_seconds, mean, p95, sorted.back(),
                build_ms / frames, cpu_per_frame, triangles, draw_calls, fill_px / 1000);
    return kExitOk;
}

} // namespace

int main(int argc, char** argv) {
    const ParsedOptions parsed = parse_options(std::vector<std::string>(argv + 1, argv + argc));
    if (!parsed.options) {
        (parsed.exit_code == 0 ? std::cout : std::cerr) << parsed.message;
        return parsed.exit_code;
    }
    const ViewerOptions& options = *parsed.options;
    AppState state;
    state.options = options;
    state.ui_scale = options.ui_scale;
    state.presentation = options.presentation;
    state.kpi_difference = options.difference;
    // Headless pictures depend on the command line only; a person's window remembers their choice.
    const std::string lang = !options.lang.empty() ? options.lang
                             : options.headless()  ? std::string()
                                                   : load_setting(settings_path(), "lang");
    state.lang = innosim::text::parse_lang(lang).value_or(Lang::En);
    const std::string theme_choice = !options.theme.empty() ? options.theme
                                     : options.headless()   ? std::string()
                                                            : load_setting(settings_path(), "theme");
    theme::set_theme(theme::parse_theme(theme_choice).value_or(theme::ThemeKind::Dark));

    const bool headless = options.headless();
    if (std::getenv("DISPLAY") == nullptr) {
        // SFML would abort the process; say what to do instead.
        std::cerr << "innosim-viz: failed: no X display (DISPLAY is not set). For headless use run it under Xvfb:\n"
                     "  xvfb-run -a -s '-screen 0 1280x800x24' innosim-viz RUN.innorun --screenshot out.png\n";
        return kExitFailure;
    }
    sf::RenderWindow window(sf::VideoMode(static_cast<unsigned>(options.width), static_cast<unsigned>(options.height)),
                            "innosim-viz", headless ? sf::Style::None : sf::Style::Default);
    if (!headless) {
        window.setVerticalSyncEnabled(true);
    }
    glue::init(window);

    state.fork.from_options = !options.fork_at.empty();
    if (options.live()) {
        start_live(state);
    }
    const auto load_start = std::chrono::steady_clock::now();
    if (!options.run.empty() && open_run(state, options.run, false) && !options.compare.empty()) {
        open_run(state, options.compare, true);
    }
    const double load_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - load_start).count();
    if (state.a && !options.at.empty()) {
        seek_to_date(state, options.at);
    }
    if (state.a && !options.select.empty()) {
        state.selection = Selection{0, *parse_agent(options.select)};
    }
    if (headless) {
        state.toast.clear(); // "Opened ..." has no place on a slide
    }

    int code = kExitOk;
    try {
        const int waited = headless ? wait_for_runs(window, state) : kExitOk;
        if (headless) {
            state.toast.clear();
        }
        if (!options.screenshot.empty()) {
            code = run_screenshot(window, state);
        } else if (!options.frames_dir.empty()) {
            code = run_frames(window, state);
        } else if (!options.script.empty()) {
            code = run_script(window, state);
        } else if (options.bench_frames > 0) {
            code = run_bench(window, state, load_seconds);
        } else {
            code = run_interactive(window, state);
        }
        code = std::max(code, waited);
    } catch (const innosim::InputError& e) {
        std::cerr << "innosim-viz: error: " << e.what() << '\n';
        code = kExitBadInput;
    } catch (const std::exception& e) {
        std::cerr << "innosim-viz: failed: " << e.what() << '\n';
        code = kExitFailure;
    }
    state.a.reset();
    state.b.reset();
    state.live.session.reset(); // closes the connection and joins its thread
    drop_map_layers(state);
    glue::shutdown();
    window.close();
    return code;
}

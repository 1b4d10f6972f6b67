// The viewer's actions and its per-frame driver: opening runs, running scenarios through the CLI,
// keyboard shortcuts, and the layout that gives every panel its rectangle.
//
// [SECTION] Panels and RunView caches
// [SECTION] Actions
// [SECTION] Shortcuts
// [SECTION] Layout and the frame

#include "sim/input_error.hpp"
#include "viz/app_state.hpp"
#include "viz/core/format.hpp"
#include "viz/core/screen.hpp"
#include "viz/core/why.hpp"
#include "viz/panels.hpp"

#include <imgui.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <exception>

namespace innosim::viz {

// [SECTION] Panels and RunView caches

namespace {

constexpr std::array<std::string_view, kPanelCount> kPanelNames{"timeline", "map",          "map-b",     "kpis",
                                                                "sankey",   "events",       "inspector", "compare",
                                                                "chapters", "presentation", "live",      "why"};

} // namespace

std::string_view panel_name(Panel panel) {
    return kPanelNames[static_cast<std::size_t>(panel)];
}

std::optional<Panel> panel_from_name(std::string_view name) {
    for (std::size_t i = 0; i < kPanelCount; ++i) {
        if (kPanelNames[i] == name) {
            return static_cast<Panel>(i);
        }
    }
    return std::nullopt;
}

RunView::RunView(RunModel loaded) : model(std::move(loaded)) {
    kpi_series.reserve(model.snapshot_count());
    for (std::size_t i = 0; i < model.snapshot_count(); ++i) {
        kpi_series.push_back(kpi_values(model.summary(i).kpis()));
    }
    targets = kpi_targets(model.header());
    if (!model.path().empty()) {
        chapters_path = chapters_path_for(model.path()); // a live run has no file to keep them beside
    }
}

void RunView::refresh() {
    for (std::size_t i = kpi_series.size(); i < model.snapshot_count(); ++i) {
        kpi_series.push_back(kpi_values(model.summary(i).kpis()));
    }
    frame_time_ = sim::kNever;
    flows_time_ = sim::kNever;
    sankey_key_.reset();
    feed_filter_.reset();
}

const ReplayFrame& RunView::frame_at(Ticks t) {
    if (t != frame_time_) {
        build_frame_into(model, t, frame_, frame_segment_);
        frame_time_ = t;
    }
    return frame_;
}

const std::vector<MoneyFlow>& RunView::flows_at(Ticks t, Ticks window, std::size_t max_individual) {
    if (t != flows_time_ || window != flows_window_) {
        flows_ = money_flows(model, t, {.window = window, .max_individual = max_individual});
        flows_time_ = t;
        flows_window_ = window;
    }
    return flows_;
}

const Sankey& RunView::sankey_for(Ticks from, Ticks to, SankeyTarget target) {
    const auto key = std::make_tuple(from, to, target);
    if (sankey_key_ != key) {
        sankey_ = build_sankey(model, from, to, target);
        layout_sankey(sankey_, 0.035f);
        sankey_key_ = key;
    }
    return sankey_;
}

const std::optional<io::Band>& RunView::band(std::size_t kpi) {
    if (bands_revision_ != model.revision()) {
        for (std::size_t k = 0; k < kKpiCount; ++k) {
            bands_[k] = io::kpi_band(model.footer(), kpi_descs()[k].name);
        }
        bands_revision_ = model.revision();
    }
    return bands_[kpi];
}

const std::optional<io::Band>& RunView::difference_band(const RunView& a, std::size_t kpi) {
    const std::pair<const RunView*, std::uint64_t> key{&a, a.model.revision()};
    if (difference_key_ != key || difference_revision_ != model.revision()) {
        for (std::size_t k = 0; k < kKpiCount; ++k) {
            difference_bands_[k] = io::difference_band(a.model.footer(), model.footer(), kpi_descs()[k].name);
        }
        difference_key_ = key;
        difference_revision_ = model.revision();
    }
    return difference_bands_[kpi];
}

const std::vector<std::uint32_t>& RunView::feed_for(const EventFilter& filter) {
    if (feed_filter_ != filter) {
        feed_ = filter_events(model, filter);
        feed_filter_ = filter;
    }
    return feed_;
}

// [SECTION] Actions

void show_error(AppState& state, std::string title, std::string message) {
    state.error_title = std::move(title);
    state.error_message = std::move(message);
    state.error_pending = true;
}

void show_toast(AppState& state, std::string text) {
    state.toast = std::move(text);
    state.toast_until = state.app_seconds + 4.0;
}

namespace {

void reset_cursor(AppState& state) {
    const Ticks keep = state.cursor.time();
    const bool had_run = state.cursor.end() > state.cursor.begin();
    if (state.b) {
        state.align = align_by_date(state.a->model.calendar(), state.b->model.calendar());
        const TimeSpan span = common_span(state.a->model, state.b->model, state.align);
        state.cursor = ReplayCursor(span.begin, span.end);
    } else {
        state.align = {};
        state.cursor = ReplayCursor(state.a->model.begin_time(), state.a->model.end_time());
    }
    if (had_run) {
        state.cursor.seek(keep);
    }
}

} // namespace

bool open_run(AppState& state, const std::filesystem::path& path, bool as_compare) {
    std::unique_ptr<RunView> view;
    try {
        view = std::make_unique<RunView>(RunModel::load(path));
    } catch (const std::exception& e) {
        show_error(state, "Could not open " + path.filename().string(), e.what());
        return false;
    }
    try {
        const std::filesystem::path chapters = !as_compare && !state.options.chapter_file.empty()
                                                   ? std::filesystem::path(state.options.chapter_file)
                                                   : view->chapters_path;
        view->chapters_path = chapters;
        view->chapters = load_chapters(chapters);
    } catch (const std::exception& e) {
        show_error(state, "Bookmarks ignored", e.what());
    }
    // A file shown beside live runs is no longer fed by the server.
    if (as_compare && state.a) {
        state.live.b_run = 0;
        state.live.pending_b.reset();
    } else {
        state.live.a_run = 0;
        state.live.pending_a.reset();
        state.live.choose_a_automatically = false;
        state.live.follow = false;
    }
    show_view(state, std::move(view), as_compare);
    state.dialog.open = false;
    return true;
}

void show_view(AppState& state, std::unique_ptr<RunView> view, bool as_compare) {
    const std::string title = view->model.title();
    const bool fork = view->model.is_fork();
    const std::string fork_date = fork ? format_date(view->model.calendar(), view->model.fork_time()) : "";
    if (as_compare && state.a) {
        state.b = std::move(view);
        if (state.selection && state.selection->run == 1) {
            state.selection.reset();
        }
    } else {
        state.a = std::move(view);
        state.selection.reset();
        state.cursor = ReplayCursor();
    }
    reset_cursor(state);
    show_toast(state, (as_compare ? "Comparing with " : "Opened ") + title +
                          (fork ? ", the branch from " + fork_date : std::string()));
}

void close_compare(AppState& state) {
    state.b.reset();
    state.live.b_run = 0;
    state.live.pending_b.reset();
    if (state.selection && state.selection->run == 1) {
        state.selection.reset();
    }
    if (state.a) {
        reset_cursor(state);
    }
}

bool seek_to_date(AppState& state, std::string_view text) {
    if (!state.a) {
        return false;
    }
    try {
        const sim::JalaliDate date = sim::parse_jalali(text);
        state.cursor.seek(state.a->model.calendar().to_ticks(date));
        return true;
    } catch (const std::exception& e) {
        show_toast(state, e.what());
        return false;
    }
}

void run_scenario(AppState& state, const std::string& scenario, bool as_compare) {
    if (state.running) {
        show_toast(state, "A scenario is already running");
        return;
    }
    const std::optional<std::filesystem::path> cli = find_cli();
    if (!cli) {
        show_error(state, "Cannot run scenarios",
                   "The innosim command was not found next to this viewer (expected ../tools/innosim or ./innosim).");
        return;
    }
    try {
        std::filesystem::create_directories("runs");
        const std::filesystem::path output = next_run_path("runs", scenario.empty() ? "baseline" : scenario);
        std::vector<std::string> argv{cli->string(), "run"};
        if (!scenario.empty()) {
            argv.push_back(scenario);
        }
        argv.insert(argv.end(), {"--out", output.string()});
        std::filesystem::path log = output;
        log += ".log";
        state.running = RunningScenario{.child = ChildProcess::spawn(argv, log),
                                        .label = scenario.empty() ? "Mashhad baseline" : scenario,
                                        .output = output,
                                        .started = state.app_seconds,
                                        .for_compare = as_compare};
        state.dialog.open = false;
    } catch (const std::exception& e) {
        show_error(state, "Cannot run the scenario", e.what());
    }
}

void save_bookmarks(AppState& state) {
    if (!state.a || state.a->chapters_path.empty()) {
        return; // a live run's bookmarks last as long as the viewer
    }
    try {
        save_chapters(state.a->chapters_path, state.a->chapters);
    } catch (const std::exception& e) {
        show_error(state, "Bookmarks not saved", e.what());
    }
}

std::string run_title(const AppState& state, int run) {
    const RunView* view = run == 0 ? state.a.get() : state.b.get();
    if (view == nullptr) {
        return {};
    }
    std::string title = text::known_name(state.lang, view->model.title());
    const RunView* other = run == 0 ? state.b.get() : state.a.get();
    if (other != nullptr && other->model.title() == view->model.title()) {
        // A branch says where it left its parent; two runs of one scenario say which is which.
        const RunModel& m = view->model;
        if (m.is_fork() && (!other->model.is_fork() || other->model.fork_time() != m.fork_time())) {
            // Named after what it changes: "Payment delay, every department 30 days from 1403/01/01".
            const std::string name = branch_name(m, &other->model, state.lang, state.currency);
            return name.empty() ? title : name;
        }
        if (m.source_label() != m.title()) {
            title.append(" (").append(m.source_label()).append(")");
        }
    }
    return title;
}

TimeSpan axis_span(const AppState& state) {
    TimeSpan span{state.cursor.begin(), state.cursor.end()};
    if (state.a) {
        span.end = std::max(span.end, state.a->model.planned_end_time());
    }
    if (state.b) {
        span.end = std::max(span.end, state.align.to_a(state.b->model.planned_end_time()));
    }
    return span;
}

std::optional<Ticks> fork_point(const AppState& state) {
    if (!state.a || !state.b || !state.b->model.is_fork()) {
        return std::nullopt;
    }
    return state.align.to_a(state.b->model.fork_time());
}

void toggle_play(AppState& state) {
    if (!state.live.session) {
        state.cursor.toggle_play();
        return;
    }
    // Live: pausing leaves the live edge; play at the edge rides it again instead of starting over.
    if (state.live.follow) {
        state.live.follow = false;
        state.cursor.pause();
    } else if (state.cursor.time() >= live_edge(state)) {
        state.live.follow = true;
    } else {
        state.cursor.toggle_play();
    }
}

bool is_playing(const AppState& state) {
    return state.cursor.playing() || (state.live.session && state.live.follow && state.a);
}

const char* ui(AppState& state, std::string_view logical) {
    return state.bidi.get(logical, text::is_rtl(state.lang)).c_str();
}

const char* ui(AppState& state, text::Msg msg, std::initializer_list<std::string_view> args) {
    return ui(state, text::tr(state.lang, msg, args));
}

void set_language(AppState& state, Lang lang) {
    state.lang = lang;
    state.bidi.clear();
    const std::filesystem::path path = settings_path();
    std::string error;
    if (!path.empty() && !save_setting(path, "lang", text::lang_code(lang), error)) {
        show_toast(state, "Language not remembered: " + error);
    }
}

void set_theme(AppState& state, theme::ThemeKind kind) {
    theme::set_theme(kind);
    // The map's density image carries the stage colours: redraw it.
    for (MapLayer& layer : state.map_layers) {
        layer.time = sim::kNever;
    }
    const std::filesystem::path path = settings_path();
    std::string error;
    if (!path.empty() && !save_setting(path, "theme", theme::theme_name(kind), error)) {
        show_toast(state, "Theme not remembered: " + error);
    }
}

float ui_units(const AppState& state) {
    const ImVec2 size = ImGui::GetIO().DisplaySize;
    return state.ui_scale * window_scale(size.x, size.y);
}

float wanted_font_scale(const AppState& state) {
    return ui_units(state) * (state.presentation ? kPresentationFontScale : 1.0f);
}

Ticks flow_window(const AppState& state) {
    double speed = state.flow_days_per_second;
    if (speed <= 0) {
        speed = state.cursor.playing() ? state.cursor.days_per_second() : 30.0;
    }
    return sim::days_to_ticks(std::clamp(speed * 1.5, 20.0, 150.0));
}

namespace {

void poll_running(AppState& state) {
    if (!state.running) {
        return;
    }
    const std::optional<int> code = state.running->child.poll();
    if (!code) {
        return;
    }
    RunningScenario done = std::move(*state.running);
    state.running.reset();
    if (*code == 0) {
        open_run(state, done.output, done.for_compare && state.a);
    } else if (done.fork) {
        state.fork.failed_code = *code == 2 ? 2 : 1;
        // Exit 2 is a lever the CLI refused: its message says which and what it expects.
        show_error(state,
                   (*code == 2 ? "The fork was refused" : "The fork failed") + std::string(" (exit code ") +
                       std::to_string(*code) + ")",
                   done.child.log_tail(1500));
    } else {
        show_error(state, "The scenario did not run (exit code " + std::to_string(*code) + ")",
                   done.child.log_tail(1500));
    }
}

// [SECTION] Shortcuts

bool pressed(ImGuiKey key) {
    return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key));
}

void step_chapter(AppState& state, int direction) {
    RunView& a = *state.a;
    const sim::Calendar& calendar = a.model.calendar();
    const std::optional<std::size_t> chapter = direction > 0
                                                   ? a.chapters.next_chapter(calendar, state.cursor.time())
                                                   : a.chapters.previous_chapter(calendar, state.cursor.time());
    if (!chapter) {
        show_toast(state, a.chapters.chapter_indices().empty() ? "No chapters yet: Bookmarks > Add chapter"
                                                               : (direction > 0 ? "Last chapter" : "First chapter"));
        return;
    }
    state.cursor.pause();
    state.cursor.seek(calendar.to_ticks(a.chapters.items()[*chapter].date));
}

void handle_shortcuts(AppState& state) {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput || !state.a) {
        return;
    }
    if (pressed(ImGuiKey_Space)) {
        toggle_play(state);
    }
    if (pressed(ImGuiKey_RightArrow)) {
        state.cursor.step_month(state.a->model.calendar(), +1);
    }
    if (pressed(ImGuiKey_LeftArrow)) {
        state.cursor.step_month(state.a->model.calendar(), -1);
    }
    if (pressed(ImGuiKey_UpArrow)) {
        state.cursor.faster();
    }
    if (pressed(ImGuiKey_DownArrow)) {
        state.cursor.slower();
    }
    if (pressed(ImGuiKey_Home)) {
        state.cursor.home();
    }
    if (pressed(ImGuiKey_End)) {
        state.cursor.to_end();
    }
    if (pressed(ImGuiKey_PageDown)) {
        step_chapter(state, +1);
    }
    if (pressed(ImGuiKey_PageUp)) {
        step_chapter(state, -1);
    }
    if (pressed(ImGuiKey_Escape) && state.presentation && !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) {
        state.presentation = false;
        state.fullscreen = false;
    }
}

// [SECTION] Layout and the frame

/// Splits `r` horizontally into parts proportional to `weights` (0 = hidden), with `gap` between.
std::vector<RectF> split_h(RectF r, const std::vector<float>& weights, float gap) {
    float total = 0;
    int shown = 0;
    for (const float w : weights) {
        total += w;
        shown += w > 0 ? 1 : 0;
    }
    std::vector<RectF> out(weights.size());
    const float room = r.w - gap * static_cast<float>(std::max(0, shown - 1));
    float x = r.x;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        if (weights[i] <= 0) {
            continue;
        }
        out[i] = {x, r.y, room * weights[i] / total, r.h};
        x += out[i].w + gap;
    }
    return out;
}

void draw_normal_layout(AppState& state, RectF area, float gap) {
    // Live, the server's runs (and the connection) take the bottom row's first place.
    const bool live = state.live.session && state.show_live;
    const bool bottom = state.show_sankey || state.show_events || state.show_inspector || live;
    const float top_h = bottom ? std::floor(area.h * 0.6f) : area.h;
    const RectF top{area.x, area.y, area.w, top_h};
    const RectF low{area.x, area.y + top_h + gap, area.w, area.h - top_h - gap};
    if (state.b) {
        const std::vector<RectF> row = split_h(top, {0.345f, 0.345f, 0.31f}, gap);
        draw_map_panel(state, row[0], 0);
        draw_map_panel(state, row[1], 1);
        draw_compare_panel(state, row[2]);
        // Bottom row: the KPIs, why B differs, and the feed, or the inspector once something is
        // selected (live: the server's runs first, the reason kept).
        const bool inspect = state.show_inspector && !live && (state.selection.has_value() || !state.show_events);
        const bool feed = state.show_events && !inspect;
        const std::vector<RectF> parts =
            split_h(low, {live ? 0.24f : 0.0f, 0.4f, 0.35f, feed ? 0.25f : 0.0f, inspect ? 0.25f : 0.0f}, gap);
        if (live) {
            draw_live_panel(state, parts[0]);
        }
        draw_kpi_panel(state, parts[1]);
        draw_why_panel(state, parts[2]);
        if (feed) {
            draw_event_feed_panel(state, parts[3]);
        }
        if (inspect) {
            draw_inspector_panel(state, parts[4]);
        }
        return;
    }
    const std::vector<RectF> row = split_h(top, {0.56f, 0.44f}, gap);
    draw_map_panel(state, row[0], 0);
    draw_kpi_panel(state, row[1]);
    if (bottom) {
        const std::vector<RectF> parts =
            split_h(low,
                    {live ? 0.27f : 0.0f, state.show_sankey ? 0.3f : 0.0f, state.show_events ? 0.25f : 0.0f,
                     state.show_inspector ? (live ? 0.18f : 0.28f) : 0.0f},
                    gap);
        if (live) {
            draw_live_panel(state, parts[0]);
        }
        if (state.show_sankey) {
            draw_sankey_panel(state, parts[1]);
        }
        if (state.show_events) {
            draw_event_feed_panel(state, parts[2]);
        }
        if (state.show_inspector) {
            draw_inspector_panel(state, parts[3]);
        }
    }
}

void draw_presentation_layout(AppState& state, RectF area, float gap) {
    const float header_h = std::floor(state.fonts.huge->FontSize + state.fonts.large->FontSize +
                                      ImGui::GetStyle().WindowPadding.y * 2 + 8);
    const RectF header{area.x, area.y, area.w, header_h};
    const RectF body{area.x, area.y + header_h + gap, area.w, area.h - header_h - gap};
    const std::vector<RectF> row = split_h(body, {0.7f, 0.3f}, gap);
    // Under the maps, the reason for B's difference or the funding flows (F switches; one run
    // has the flows).
    const bool why = state.b && state.band == PresentationBand::Why;
    const float band_h = std::floor(row[0].h * 0.38f);
    const RectF maps_area{row[0].x, row[0].y, row[0].w, row[0].h - band_h - gap};
    const RectF band{row[0].x, maps_area.bottom() + gap, row[0].w, band_h};
    if (state.b) {
        const std::vector<RectF> maps = split_h(maps_area, {0.5f, 0.5f}, gap);
        draw_map_panel(state, maps[0], 0);
        draw_map_panel(state, maps[1], 1);
    } else {
        draw_map_panel(state, maps_area, 0);
    }
    if (why) {
        draw_why_panel(state, band);
    } else {
        draw_sankey_panel(state, band);
    }
    draw_presentation_panel(state, header);
    draw_kpi_panel(state, row[1]);
}

} // namespace

void update_and_draw(AppState& state, float seconds) {
    state.app_seconds += seconds;
    state.panel_drawn_before = state.panel_drawn;
    state.panel_drawn.fill(false);
    state.backdrops.clear();
    poll_running(state);
    poll_live(state);
    poll_fork_from_options(state);
    if (state.a) {
        state.cursor.advance(seconds);
        if (state.live.session && state.cursor.playing() && state.cursor.time() >= live_edge(state)) {
            // Caught up with the server: ride the edge from here.
            state.cursor.pause();
            state.cursor.seek(live_edge(state));
            state.live.follow = true;
            state.live.follow_time = state.cursor.time();
        }
    }
    handle_shortcuts(state);

    const ImGuiIO& io = ImGui::GetIO();
    float top = 0;
    if (!state.presentation || !state.a) {
        draw_menu_bar(state);
        top = ImGui::GetFrameHeight();
    }
    if (!state.a && state.live.session) {
        // Nothing to show yet: the connection and the server's runs, in the middle.
        const float w = std::min(io.DisplaySize.x - 40, 720.0f * ui_units(state));
        const float h = std::min(io.DisplaySize.y - top - 40, 420.0f * ui_units(state));
        draw_live_panel(state, {(io.DisplaySize.x - w) * 0.5f, top + (io.DisplaySize.y - top - h) * 0.4f, w, h});
        draw_messages(state);
        return;
    }
    if (!state.a) {
        state.dialog.open = true;
        draw_file_dialog(state);
        draw_messages(state);
        return;
    }
    const float gap = std::round(6.0f * ui_units(state));
    const float timeline_h = std::floor(ImGui::GetFontSize() * (state.presentation ? 4.6f : 6.2f));
    const RectF area{gap, top + gap, io.DisplaySize.x - 2 * gap, io.DisplaySize.y - top - timeline_h - 3 * gap};
    if (state.presentation) {
        draw_presentation_layout(state, area, gap);
    } else {
        draw_normal_layout(state, area, gap);
    }
    draw_timeline_panel(state, {gap, io.DisplaySize.y - timeline_h - gap, io.DisplaySize.x - 2 * gap, timeline_h});
    if (state.show_chapters && !state.presentation) {
        const float w = std::min(io.DisplaySize.x * 0.5f, 620.0f * ui_units(state));
        const float h = std::min(io.DisplaySize.y * 0.6f, 440.0f * ui_units(state));
        draw_chapters_panel(state, {(io.DisplaySize.x - w) * 0.5f, (io.DisplaySize.y - h) * 0.4f, w, h});
    }
    if (state.dialog.open) {
        draw_file_dialog(state);
    }
    draw_fork_dialog(state);
    draw_messages(state);
}

} // namespace innosim::viz

#pragma once

// AppState: the viewer's one piece of UI state. Panels read it and write their edits back; the
// replay data they show (frames, flows, Sankey, feed) is derived from the runs on demand and
// cached in RunView until its inputs change.

#include "sim/io/ensemble.hpp"
#include "viz/core/bidi.hpp"
#include "viz/core/chapters.hpp"
#include "viz/core/child_process.hpp"
#include "viz/core/compare.hpp"
#include "viz/core/density.hpp"
#include "viz/core/event_filter.hpp"
#include "viz/core/file_browser.hpp"
#include "viz/core/flows.hpp"
#include "viz/core/fork_plan.hpp"
#include "viz/core/live_session.hpp"
#include "viz/core/options.hpp"
#include "viz/core/replay.hpp"
#include "viz/core/screen.hpp"
#include "viz/theme.hpp"

#include <array>
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace innosim::viz {

enum class Panel {
    Timeline,
    Map,
    MapB,
    Kpis,
    Sankey,
    Events,
    Inspector,
    Compare,
    Chapters,
    Presentation,
    Live,
    Why,
    Count
};
inline constexpr std::size_t kPanelCount = static_cast<std::size_t>(Panel::Count);
/// "map", "kpis"... (the --panel names and export file names).
std::string_view panel_name(Panel panel);
std::optional<Panel> panel_from_name(std::string_view name);

/// One opened run plus caches of what the panels derive from it.
class RunView {
public:
    explicit RunView(RunModel model);

    /// The model grew (a live run's new frames): extends the KPI series and drops the caches.
    void refresh();

    RunModel model;
    std::vector<KpiValues> kpi_series; ///< per snapshot
    std::vector<KpiTarget> targets;
    Chapters chapters;
    std::filesystem::path chapters_path;

    /// The frame at t (rebuilt only when t changes).
    const ReplayFrame& frame_at(Ticks t);
    const std::vector<MoneyFlow>& flows_at(Ticks t, Ticks window, std::size_t max_individual);
    const Sankey& sankey_for(Ticks from, Ticks to, SankeyTarget target);
    /// Event indices passing `filter`, in time order (refiltered only when the filter changes).
    const std::vector<std::uint32_t>& feed_for(const EventFilter& filter);
    /// The futures behind KPI `kpi` (index into kpi_descs()): the ensemble's band in the footer
    /// (ticks on this run's clock), nothing for a run of one replication.
    const std::optional<io::Band>& band(std::size_t kpi);
    /// B - A of `kpi` paired by replication, this run being B (ticks on this run's clock); nothing
    /// unless both runs hold ensembles that share replications.
    const std::optional<io::Band>& difference_band(const RunView& a, std::size_t kpi);

private:
    ReplayFrame frame_;
    FrameSegment frame_segment_;
    Ticks frame_time_ = sim::kNever;
    std::vector<MoneyFlow> flows_;
    Ticks flows_time_ = sim::kNever;
    Ticks flows_window_ = 0;
    Sankey sankey_;
    std::optional<std::tuple<Ticks, Ticks, SankeyTarget>> sankey_key_;
    std::vector<std::uint32_t> feed_;
    std::optional<EventFilter> feed_filter_;
    // Bands, built once per footer (a live run's arrives when it ends: revision).
    std::array<std::optional<io::Band>, kKpiCount> bands_{};
    std::uint64_t bands_revision_ = ~0ULL;
    std::array<std::optional<io::Band>, kKpiCount> difference_bands_{};
    std::pair<const RunView*, std::uint64_t> difference_key_{nullptr, ~0ULL};
    std::uint64_t difference_revision_ = ~0ULL;
};

/// What the inspector shows: an agent of run A (0) or B (1).
struct Selection {
    int run = 0;
    AgentKey agent;
};

struct FileDialog {
    bool open = false;
    bool for_compare = false;  ///< the chosen run becomes run B
    std::filesystem::path dir; ///< directory listed
    std::vector<DirEntry> entries;
    bool stale = true; ///< re-list on the next frame
    std::string error; ///< listing failed
    int selected = -1; ///< index into entries
};

/// A scenario being run (or a run being forked) by the innosim CLI, to be opened when it finishes.
struct RunningScenario {
    ChildProcess child;
    std::string label;            ///< "tiny", "scenarios/x.textproto", "a fork of baseline-1 at 1403/01/01"
    std::filesystem::path output; ///< the run file it writes
    double started = 0;           ///< app seconds
    bool for_compare = false;
    bool fork = false; ///< a fork: its output opens as B over A, its parent
};

/// "Fork from here": the dialog's state while it is open.
struct ForkDialog {
    bool open = false;    ///< shown (the popup opens on the next frame when `pending`)
    bool pending = false; ///< open the popup on the next frame
    Ticks at = 0;         ///< ticks on A's clock: the cursor when it was opened
    sim::JalaliDate date; ///< the fork's day
    std::vector<LeverChoice> levers;
    std::vector<bool> enabled;  ///< per lever: change it
    std::vector<double> values; ///< per lever: the new value
    std::string free_text;      ///< more "path=value" lines
    std::string error;          ///< why the last attempt was refused (local check or the server)
    bool from_options = false;  ///< --fork-at: fork once run A has reached that date
    int failed_code = 0;        ///< the last fork failed: 2 refused (a bad lever), 1 failed at run time
};

/// innosim-viz --connect: the session and which of its runs are shown.
struct LiveState {
    std::unique_ptr<LiveSession> session;
    LinkStatus status;                 ///< as of this frame
    std::vector<LiveRunRow> rows;      ///< the server's runs, as of this frame
    std::uint64_t seen_version = 0;    ///< the session's version() at the last refresh
    std::uint64_t epoch = 0;           ///< the session's epoch() the shown runs belong to
    std::uint32_t a_run = 0;           ///< the run shown as A (0: none chosen yet)
    std::uint32_t b_run = 0;           ///< the run shown as B (0: none)
    std::optional<RunModel> pending_a; ///< A chosen but without a snapshot yet: not drawable
    std::optional<RunModel> pending_b;
    bool follow = true;                       ///< the cursor rides the live edge (where the shown runs have got to)
    Ticks follow_time = sim::kNever;          ///< where following put the cursor (a user's move ends following)
    bool follow_branches = true;              ///< a new fork of A opens beside it as B
    std::set<std::uint32_t> seen_runs;        ///< runs already noticed (new ones may open as B)
    std::vector<std::uint64_t> fork_requests; ///< our Fork requests still waiting for their branch
    std::optional<std::chrono::steady_clock::time_point> fork_sent; ///< when our last Fork went out
    std::uint32_t fork_branch = 0;      ///< the run our last Fork created, until it is drawn
    double fork_ms = -1;                ///< ms from our last Fork to its branch drawn as B
    bool choose_a_automatically = true; ///< no run picked by the user yet: show the first
    bool at_applied = false;            ///< --at has put the cursor on the first run shown
};

enum class SankeyPeriod { Last12Months, SolarYear, WholeRun };
/// What presentation mode shows under the maps: the reason for B's difference, or the funding flows.
enum class PresentationBand { Why, Funding };

/// A solid rounded rectangle behind the UI. Main fills it with a scissored glClear (nearly free
/// on software GL, where ImGui's alpha-blended, textured fills cost ~30 ns a pixel) and ImGui
/// draws only its four corners in `outside_rgb`, so big panel backgrounds cost no fill rate.
struct Backdrop {
    RectF rect;               ///< px
    unsigned rgb = 0;         ///< 0xRRGGBB
    unsigned outside_rgb = 0; ///< colour around it, for the rounded corners
    float rounding = 0;       ///< px
};

/// A map's firms as one image at city scale (viz/core/density). The map panel renders the image
/// when what it shows changed and draws it as one quad; main uploads it into `texture` (a GL
/// texture name main makes) before ImGui renders.
struct MapLayer {
    unsigned texture = 0;
    bool dense = false; ///< the firms' dots would cover the city more than once over: draw the image
    DensityImage image;
    std::vector<Dot> dots; ///< scratch for the image, kept for its memory
    bool stale = false;    ///< the image changed since main last uploaded it
    // What the image shows: rebuilt when any of these changes.
    Ticks time = sim::kNever;
    std::size_t firms = 0;
    RectF area;
    float dot_base = 0;
    std::uint64_t revision = 0;
};

struct AppState {
    ViewerOptions options;
    std::unique_ptr<RunView> a; ///< the run (nothing: the file dialog shows)
    std::unique_ptr<RunView> b; ///< the comparison run
    TimeAlignment align;        ///< B's clock on A's
    ReplayCursor cursor;        ///< on A's clock

    // [SECTION] View settings
    float ui_scale = 1.0f;     ///< user scale (--scale, Ctrl +/-)
    bool presentation = false; ///< large fonts, expert panels hidden
    bool fullscreen = false;   ///< requested window mode; main applies it
    Currency currency = Currency::Rial;
    Lang lang = Lang::En;
    BidiCache bidi; ///< visual-order text for this language's strings
    std::optional<Selection> selection;
    EventFilter filter = EventFilter::defaults();
    SankeyTarget sankey_target = SankeyTarget::Stage;
    SankeyPeriod sankey_period = SankeyPeriod::Last12Months;
    std::array<bool, kKpiCount> kpi_shown = default_kpis_shown();
    bool show_sankey = true;
    bool show_events = true;
    bool show_inspector = true;
    bool show_chapters = false; ///< the bookmark editor window
    bool compare_at_horizon = false;
    bool kpi_difference = false;                   ///< compare: the KPI charts show B − A instead of both lines
    PresentationBand band = PresentationBand::Why; ///< presentation: under the maps (F switches; one run: funding)
    bool show_help = false;
    std::string jump_text;     ///< the timeline's date field
    std::string bookmark_text; ///< caption for a new bookmark

    // [SECTION] Messages
    std::string error_title;
    std::string error_message;
    bool error_pending = false; ///< open the error popup on the next frame
    bool error_open = false;    ///< the error popup was up in the last frame
    std::string toast;
    double toast_until = 0; ///< app seconds

    FileDialog dialog;
    std::optional<RunningScenario> running;
    ForkDialog fork;
    LiveState live;
    bool show_live = true; ///< the Live runs panel (with --connect)

    // [SECTION] Export (served by main after the frame is rendered)
    std::optional<Panel> export_panel;
    bool export_window = false;
    std::array<RectF, kPanelCount> panel_rects{}; ///< px, as drawn this frame
    std::array<bool, kPanelCount> panel_drawn{};
    std::array<bool, kPanelCount> panel_drawn_before{}; ///< last frame's: the menu runs before the panels
    std::vector<Backdrop> backdrops;                    ///< this frame's, in drawing order
    Panel current_panel = Panel::Timeline;              ///< the panel being drawn (begin_panel)
    bool record_labels = false;                         ///< --check-layout: fill `labels`
    std::vector<LabelBox> labels;                       ///< this frame's, as placed (viz/core/screen)
    std::array<MapLayer, 2> map_layers;                 ///< run A's map, run B's

    // [SECTION] Clock and fonts
    double app_seconds = 0;          ///< sum of frame times (fixed steps in exports: deterministic)
    double flow_days_per_second = 0; ///< >0: overrides the speed the money animation assumes
    theme::Fonts fonts;
    float fonts_scale = 0;                                 ///< scale the atlas was built for
    theme::ThemeKind style_theme = theme::ThemeKind::Dark; ///< the theme ImGui's style was set for
    bool quit = false;
};

// [SECTION] Actions (app.cpp)

/// Opens a run as A (or as B when `as_compare`); errors go to the error popup, the viewer stays up.
bool open_run(AppState& state, const std::filesystem::path& path, bool as_compare);
/// Shows `view` as A (or B); the cursor keeps its date where it can.
void show_view(AppState& state, std::unique_ptr<RunView> view, bool as_compare);
void close_compare(AppState& state);
void show_error(AppState& state, std::string title, std::string message);
void show_toast(AppState& state, std::string text);
/// Parses a Solar Hijri date and moves the cursor there (clamped); false with an error toast if bad.
bool seek_to_date(AppState& state, std::string_view text);
/// Starts `innosim run [scenario] --out runs/NAME.innorun`; opens the result when it finishes.
void run_scenario(AppState& state, const std::string& scenario, bool as_compare);
/// Run A's (0) or B's (1) name for people: the scenario's name, plus the file's name when both
/// runs share a scenario (a baseline against itself with another seed).
std::string run_title(const AppState& state, int run);
/// ticks on A's clock: what the timeline and the charts span. A live run's planned end, so axes do
/// not rescale as it grows; the cursor's span otherwise.
TimeSpan axis_span(const AppState& state);
/// ticks on A's clock: where run B branched off A, when B is a branch (drawn over A from there on).
std::optional<Ticks> fork_point(const AppState& state);
/// Play/pause as the button and Space do it; live, play at the live edge follows it.
void toggle_play(AppState& state);
/// Playing, or riding the live edge.
bool is_playing(const AppState& state);

// [SECTION] Live and forks (live.cpp)

/// Connects to `options.connect` (errors go to the popup).
void start_live(AppState& state);
/// Once per frame before anything is drawn: connection state, new runs and frames, errors.
void poll_live(AppState& state);
/// Shows the server's run `id` as A (or B over A).
void show_live_run(AppState& state, std::uint32_t id, bool as_compare);
void close_live_compare(AppState& state);
/// ticks on A's clock: how far every shown run has arrived (the live edge); end() when not live.
Ticks live_edge(const AppState& state);
/// Opens the "fork from here" dialog at the cursor.
void open_fork_dialog(AppState& state);
/// Forks A at `date` with `assignments` ("path=value"): a live run on the server, a file through
/// `innosim fork`; the branch then opens as B. False (with the reason in `error`) if refused here.
bool start_fork(AppState& state, const sim::JalaliDate& date, const std::vector<std::string>& assignments,
                std::string& error);
/// --fork-at: forks once run A is open and (live) has reached the date.
void poll_fork_from_options(AppState& state);
/// True while a fork asked for has not arrived (or its CLI still runs).
bool fork_in_flight(const AppState& state);

/// `logical` ready for ImGui: in visual order with Arabic joining when it holds right-to-left text
/// (or always, in Persian). Valid until the language changes.
const char* ui(AppState& state, std::string_view logical);
/// The catalogue's message in the viewer's language, ready for ImGui.
const char* ui(AppState& state, text::Msg msg, std::initializer_list<std::string_view> args = {});
/// Switches the interface language and remembers it for the next start.
void set_language(AppState& state, Lang lang);
/// Switches the colours (dark, or light for bright rooms) and remembers them for the next start.
void set_theme(AppState& state, theme::ThemeKind kind);

/// The interface's scale for sizes in px: the user scale times the window's (viz/core/screen).
float ui_units(const AppState& state);
/// How much larger presentation mode draws text.
inline constexpr float kPresentationFontScale = 1.55f;
/// Font scale now wanted: ui_units, larger in presentation mode.
float wanted_font_scale(const AppState& state);
/// Advances time by `seconds`, handles shortcuts and draws every window. Between NewFrame and Render.
void update_and_draw(AppState& state, float seconds);
/// Saves run A's bookmarks next to it; errors go to the popup.
void save_bookmarks(AppState& state);
/// How far money particles travel behind the cursor (ticks), from the playback speed.
Ticks flow_window(const AppState& state);

} // namespace innosim::viz

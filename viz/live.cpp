// The viewer attached to `innosim serve` (--connect), and "fork from here" for live runs and run
// files alike.
//
// A live run is shown through the same RunView as a file: LiveSession::feed() appends the frames
// that arrived since the last UI frame to its growing RunModel, and the view refreshes what it
// derived. The cursor's span grows with the runs; while "following", it sits on the live edge
// (as far as every shown run has got), so a fork shows its branch being computed from the fork
// point on, beside its parent.
//
// [SECTION] Connection and runs
// [SECTION] Fork from here

#include "sim/input_error.hpp"
#include "viz/app_state.hpp"
#include "viz/core/format.hpp"

#include <algorithm>
#include <cstdlib>

namespace innosim::viz {

// [SECTION] Connection and runs

namespace {

void update_span(AppState& state) {
    if (!state.a) {
        return;
    }
    const TimeSpan span = state.b ? common_span(state.a->model, state.b->model, state.align)
                                  : TimeSpan{state.a->model.begin_time(), state.a->model.end_time()};
    state.cursor.set_span(span.begin, span.end);
}

/// Brings run A's (which 0) or B's (1) model up to date with what arrived; creates its view once
/// it has a snapshot to draw.
void feed(AppState& state, int which) {
    LiveState& live = state.live;
    const std::uint32_t id = which == 0 ? live.a_run : live.b_run;
    if (id == 0) {
        return;
    }
    std::unique_ptr<RunView>& view = which == 0 ? state.a : state.b;
    std::optional<RunModel>& pending = which == 0 ? live.pending_a : live.pending_b;
    try {
        if (view) {
            const bool was_finished = view->model.finished();
            if (live.session->feed(id, view->model) > 0 || view->model.finished() != was_finished) {
                view->refresh();
            }
            return;
        }
        if (pending) {
            live.session->feed(id, *pending);
        } else {
            pending = live.session->model(id); // nothing until its header has come
        }
        if (pending && pending->snapshot_count() > 0 && (which == 0 || state.a)) {
            auto fresh = std::make_unique<RunView>(std::move(*pending));
            pending.reset();
            show_view(state, std::move(fresh), which == 1);
            if (which == 1 && id == live.fork_branch && live.fork_sent) {
                // The facilitator's number: from "Fork" to the branch on screen.
                live.fork_ms =
                    std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - *live.fork_sent)
                        .count();
                live.fork_sent.reset();
                live.fork_branch = 0;
            }
            if (which == 0 && !live.at_applied && !state.options.at.empty()) {
                live.at_applied = true;
                seek_to_date(state, state.options.at); // as far as it has got; headless waits for more
            }
        }
    } catch (const std::exception& e) {
        show_error(state, "Run " + std::to_string(id) + " cannot be shown", e.what());
        (which == 0 ? live.a_run : live.b_run) = 0;
        view.reset();
        pending.reset();
    }
}

std::string fork_summary(const live::RunInfo& info) {
    std::string text = "from " + info.fork_date();
    for (int i = 0; i < info.overrides_size(); ++i) {
        text += i == 0 ? ": " : ", ";
        text += info.overrides(i);
        if (i == 1 && info.overrides_size() > 3) {
            text += ", and " + std::to_string(info.overrides_size() - 2) + " more";
            break;
        }
    }
    return text;
}

} // namespace

void start_live(AppState& state) {
    LiveSession::Options options;
    try {
        options.address = parse_live_address(state.options.connect);
    } catch (const std::exception& e) {
        show_error(state, "Cannot connect", e.what());
        return;
    }
    options.token = state.options.token;
    if (options.token.empty()) {
        if (const char* env = std::getenv("INNOSIM_TOKEN"); env != nullptr) {
            options.token = env; // keeps the token out of the process list, as `innosim serve` does
        }
    }
    state.live.session = std::make_unique<LiveSession>(options);
    state.live.follow = state.options.at.empty();
}

void poll_live(AppState& state) {
    LiveState& live = state.live;
    if (!live.session) {
        return;
    }
    LiveSession& session = *live.session;
    live.status = session.status();
    // The cursor moved since following put it on the edge: the user took over.
    if (live.follow && live.follow_time != sim::kNever && state.a && state.cursor.time() != live.follow_time) {
        live.follow = false;
    }
    if (session.epoch() != live.epoch) {
        live.epoch = session.epoch();
        // The old server's runs go; a file the user opened stays.
        if (live.b_run != 0) {
            state.b.reset();
        }
        if (live.a_run != 0) {
            state.a.reset();
            state.b.reset();
        }
        live.pending_a.reset();
        live.pending_b.reset();
        live.a_run = 0;
        live.b_run = 0;
        live.seen_runs.clear();
        live.fork_requests.clear();
        live.choose_a_automatically = live.choose_a_automatically || !state.a; // the first new run, unless a file is up
        state.selection.reset();
        show_toast(state, "The server restarted: its runs are new");
    }
    for (const LiveError& e : session.take_errors()) {
        const auto ours = std::find(live.fork_requests.begin(), live.fork_requests.end(), e.request_id);
        if (ours != live.fork_requests.end()) {
            live.fork_requests.erase(ours);
            state.fork.error = e.message;
            state.fork.failed_code = 2;
            show_error(state, "The server refused the fork", e.message);
        } else {
            show_error(state, "The server refused a request", e.message);
        }
    }
    const std::uint64_t version = session.version();
    if (version != live.seen_version) {
        live.seen_version = version;
        live.rows = session.runs();
        for (auto it = live.fork_requests.begin(); it != live.fork_requests.end();) {
            if (const std::optional<std::uint32_t> branch = session.run_of_request(*it)) {
                live.fork_branch = *branch;
                live.seen_runs.insert(*branch);
                live.follow = true; // watch the branch being computed from the fork on
                if (live.a_run != 0 && *branch != live.b_run) {
                    show_live_run(state, *branch, true);
                }
                it = live.fork_requests.erase(it);
            } else {
                ++it;
            }
        }
        // The first run, unless the user picked one. Picked before new runs are looked at, so a
        // viewer joining late also shows the newest fork of it as B.
        if (live.a_run == 0 && live.choose_a_automatically) {
            for (const auto& [index, depth] : run_tree(live.rows)) {
                if (depth == 0 && live.rows[index].has_header) {
                    show_live_run(state, live.rows[index].id, false);
                    live.choose_a_automatically = true; // still ours to pick, not the user's
                    break;
                }
            }
        }
        for (const LiveRunRow& row : live.rows) {
            if (!live.seen_runs.insert(row.id).second) {
                continue;
            }
            // Someone forked the run we show: every viewer in the room sees the branch beside it.
            if (row.info.parent_run_id() != 0 && row.info.parent_run_id() == live.a_run && live.follow_branches &&
                row.id != live.b_run) {
                show_live_run(state, row.id, true);
                show_toast(state, "Run " + std::to_string(row.id) + " branches off run " + std::to_string(live.a_run) +
                                      " " + fork_summary(row.info));
            }
        }
        feed(state, 0);
        feed(state, 1);
        update_span(state);
    }
    if (live.follow && state.a) {
        state.cursor.pause();
        state.cursor.seek(live_edge(state));
        live.follow_time = state.cursor.time();
    } else {
        live.follow_time = sim::kNever;
    }
}

void show_live_run(AppState& state, std::uint32_t id, bool as_compare) {
    LiveState& live = state.live;
    if (!live.session) {
        return;
    }
    live.follow_time = sim::kNever;
    if (as_compare) {
        if (live.a_run == 0 || id == live.a_run) {
            return;
        }
        close_compare(state);
        live.b_run = id;
        feed(state, 1);
        update_span(state);
        return;
    }
    live.choose_a_automatically = false;
    const Ticks keep = state.cursor.time();
    const bool had_a = static_cast<bool>(state.a);
    if (live.b_run == id) {
        close_compare(state);
    }
    live.a_run = id;
    state.a.reset();
    live.pending_a.reset();
    feed(state, 0); // showing the new A re-aligns B to it
    update_span(state);
    if (had_a && state.a && !live.follow) {
        state.cursor.seek(keep);
    }
}

Ticks live_edge(const AppState& state) {
    if (!state.a) {
        return 0;
    }
    if (!state.live.session) {
        return state.cursor.end();
    }
    Ticks edge = state.a->model.end_time();
    if (state.b) {
        // A branch's inherited past (its parent's, re-sent) counts as there: up to the fork both are A.
        const Ticks b_end = std::max(state.align.to_a(state.b->model.end_time()), fork_point(state).value_or(0));
        edge = std::min(edge, b_end);
    }
    return std::clamp(edge, state.cursor.begin(), state.cursor.end());
}

// [SECTION] Fork from here

void open_fork_dialog(AppState& state) {
    if (!state.a) {
        return;
    }
    const RunModel& a = state.a->model;
    ForkDialog& d = state.fork;
    d.at = std::clamp(state.cursor.time(), a.begin_time(), a.end_time());
    d.date = a.calendar().date_at(d.at);
    d.levers = common_levers(a.header(), d.date);
    d.enabled.assign(d.levers.size(), false);
    d.values.clear();
    for (const LeverChoice& lever : d.levers) {
        d.values.push_back(lever.current.value);
    }
    d.error.clear();
    d.pending = true;
    // The date stays put while the dialog is open.
    state.cursor.pause();
    state.live.follow = false;
}

bool start_fork(AppState& state, const sim::JalaliDate& date, const std::vector<std::string>& assignments,
                std::string& error) {
    if (!state.a) {
        error = "No run is open to fork.";
        return false;
    }
    const RunModel& a = state.a->model;
    if (assignments.empty()) {
        error = "Change at least one lever: a fork without one repeats its parent.";
        return false;
    }
    if (const std::optional<std::string> problem = check_assignments(scenario_on(a.header(), date), assignments)) {
        error = *problem;
        return false;
    }
    const std::string when = sim::format(date);
    LiveState& live = state.live;
    if (live.session && live.a_run != 0) {
        const Ticks at = a.calendar().to_ticks(date);
        if (at > a.end_time() && !a.finished()) {
            error = "Run " + std::to_string(live.a_run) + " has not reached " + when + " yet.";
            return false;
        }
        live.fork_sent = std::chrono::steady_clock::now();
        live.fork_branch = 0;
        live.fork_requests.push_back(live.session->fork(live.a_run, at, assignments));
        state.fork.failed_code = 0;
        show_toast(state, "Forking run " + std::to_string(live.a_run) + " at " + when + "...");
        return true;
    }
    if (state.running) {
        error = "Wait until " + state.running->label + " has finished.";
        return false;
    }
    if (a.path().empty()) {
        error = "This run has no file to fork.";
        return false;
    }
    const std::optional<std::filesystem::path> cli = find_cli();
    if (!cli) {
        error = "The innosim command was not found next to this viewer (expected ../tools/innosim or ./innosim).";
        return false;
    }
    try {
        std::filesystem::create_directories("runs");
        const std::filesystem::path out = fork_output_path("runs", a.path(), date);
        std::filesystem::path log = out;
        log += ".log";
        state.running =
            RunningScenario{.child = ChildProcess::spawn(fork_command(*cli, a.path(), date, assignments, out), log),
                            .label = "fork of " + a.source_label() + " at " + when,
                            .output = out,
                            .started = state.app_seconds,
                            .for_compare = true,
                            .fork = true};
    } catch (const std::exception& e) {
        error = std::string("Cannot start innosim fork: ") + e.what();
        return false;
    }
    state.fork.failed_code = 0;
    return true;
}

void poll_fork_from_options(AppState& state) {
    ForkDialog& d = state.fork;
    if (!d.from_options || !state.a) {
        return;
    }
    const sim::JalaliDate date = sim::parse_jalali(state.options.fork_at); // checked with the options
    const RunModel& a = state.a->model;
    if (state.live.session && a.calendar().to_ticks(date) > a.end_time() && !a.finished()) {
        return; // the live run has not got there yet
    }
    d.from_options = false;
    std::string error;
    if (!start_fork(state, date, state.options.fork_levers, error)) {
        d.failed_code = 2;
        show_error(state, "The fork was refused", error);
    }
}

bool fork_in_flight(const AppState& state) {
    return state.fork.from_options || !state.live.fork_requests.empty() || (state.running && state.running->fork);
}

} // namespace innosim::viz

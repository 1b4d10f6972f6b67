#pragma once

// One draw function per window. Each places its window at the rectangle the layout gives it,
// reads AppState, and writes the user's edits back.

#include "viz/app_state.hpp"

namespace innosim::viz {

void draw_menu_bar(AppState& state);
void draw_timeline_panel(AppState& state, RectF rect);
/// The city map of run A (`run` 0) or B (1).
void draw_map_panel(AppState& state, RectF rect, int run);
void draw_kpi_panel(AppState& state, RectF rect);
void draw_sankey_panel(AppState& state, RectF rect);
void draw_event_feed_panel(AppState& state, RectF rect);
void draw_inspector_panel(AppState& state, RectF rect);
void draw_compare_panel(AppState& state, RectF rect);
/// Why B differs from A: the levers B changes, in words, and for each the mechanism's signals in
/// both runs (viz/core/why.hpp).
void draw_why_panel(AppState& state, RectF rect);
/// The bookmark editor: chapters and notes of run A.
void draw_chapters_panel(AppState& state, RectF rect);
/// Presentation mode's header (title, date, chapter) and KPI cards.
void draw_presentation_panel(AppState& state, RectF rect);
void draw_file_dialog(AppState& state);
/// The connection to `innosim serve` and the server's runs (parents and their forks): which to
/// show as A and B, pause, resume, fork from here.
void draw_live_panel(AppState& state, RectF rect);
/// "Fork from here": levers at the cursor's date, then a branch (live or through `innosim fork`).
void draw_fork_dialog(AppState& state);
/// The error popup, the toast, the help window, the running-scenario indicator and, live, a
/// banner while the connection is down.
void draw_messages(AppState& state);

} // namespace innosim::viz

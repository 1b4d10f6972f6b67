// The inspector: the selected startup, department, funder or factory, its state at the cursor
// and its history (rounds, grants, awards, contracts, hires, pivots, the cause of failure).
#include "viz/core/format.hpp"
#include "viz/draw.hpp"
#include "viz/panels.hpp"

#include <imgui.h>

#include <algorithm>

namespace innosim::viz {

namespace {

void row(const char* label, const std::string& value) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", label);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(value.c_str());
}

bool begin_facts() {
    if (!ImGui::BeginTable("facts", 2, ImGuiTableFlags_SizingFixedFit)) {
        return false;
    }
    ImGui::TableSetupColumn("what", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("Ties / customers").x);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    return true;
}

void startup_facts(const AppState& state, RunView& view, std::uint32_t id, Ticks t) {
    const ReplayFrame& frame = view.frame_at(t);
    const auto it = std::lower_bound(frame.startups.begin(), frame.startups.end(), id,
                                     [](const StartupFrame& s, std::uint32_t v) { return s.id < v; });
    const StartupInfo* info = view.model.startup_info(id);
    const sim::Calendar& calendar = view.model.calendar();
    const run::World& world = view.model.world();
    if (it == frame.startups.end() || it->id != id) {
        if (info != nullptr && info->founded > t) {
            ImGui::TextDisabled("Not founded yet: founded %s.", format_date(calendar, info->founded).c_str());
        } else if (info != nullptr && info->final_stage == run::FAILED) {
            ImGui::TextColored(theme::to_vec4(theme::rgb(theme::c().bad)), "Failed on %s: %s.",
                               format_date(calendar, info->ended).c_str(),
                               std::string(failure_cause_name(info->failure_cause)).c_str());
        }
        return;
    }
    const StartupFrame& s = *it;
    const StartupRow& r = (*frame.rows)[s.row];
    ImGui::PushStyleColor(ImGuiCol_Text, theme::stage_colour(s.stage));
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted(std::string(stage_name(s.stage)).c_str());
    ImGui::PopFont();
    ImGui::PopStyleColor();
    if (s.stage == run::FAILED && info != nullptr) {
        ImGui::SameLine();
        ImGui::TextColored(theme::to_vec4(theme::rgb(theme::c().bad)), "%s on %s",
                           std::string(failure_cause_name(info->failure_cause)).c_str(),
                           format_date(calendar, info->ended).c_str());
    }
    if (begin_facts()) {
        row("People", format_count(s.employees));
        row("Cash", format_money(s.cash_rial, state.currency));
        row("Revenue / burn", format_money(static_cast<double>(r.revenue_month_rial), state.currency) + " / " +
                                  format_money(static_cast<double>(r.burn_month_rial), state.currency) + " a month");
        row("Raised so far", format_money(static_cast<double>(r.raised_rial), state.currency));
        row("Works on",
            std::string(category_name(s.category)) + (r.department >= 0 && r.department < world.departments_size()
                                                          ? " for " + world.departments(r.department).name()
                                                          : ""));
        row("Where", (s.district < static_cast<std::uint32_t>(world.districts_size())
                          ? world.districts(static_cast<int>(s.district)).name()
                          : "?") +
                         (s.in_factory ? ", in the factory" : ""));
        row("Certificate", s.knowledge_based ? "knowledge-based" : "none");
        row("Ties / customers", std::to_string(r.ties) + " / " + std::to_string(r.opportunities));
        row("Founded", format_date(calendar, r.founded));
        ImGui::EndTable();
    }
}

void department_facts(const AppState& state, RunView& view, std::uint32_t id, Ticks t) {
    const run::Snapshot& snap = view.model.summary(view.model.snapshot_at_or_before(t).value_or(0));
    const run::World& world = view.model.world();
    for (const run::DepartmentState& d : snap.departments()) {
        if (d.id() != id) {
            continue;
        }
        if (begin_facts()) {
            row("Budget left", format_money(static_cast<double>(d.budget_left_rial()), state.currency));
            row("Problems",
                std::to_string(d.problems_solved()) + " solved, " + std::to_string(d.problems_open()) + " open");
            row("Pilots / contracts",
                std::to_string(d.pilots_running()) + " / " + std::to_string(d.contracts_active()));
            row("Savings a year", format_money(static_cast<double>(d.savings_year_rial()), state.currency));
            row("Unpaid invoices", format_money(static_cast<double>(d.payables_rial()), state.currency));
            ImGui::EndTable();
        }
    }
    for (const run::DepartmentInfo& info : world.departments()) {
        if (info.id() != id || info.problems_size() == 0) {
            continue;
        }
        ImGui::TextDisabled("Problem booklet:");
        for (const run::ProblemInfo& p : info.problems()) {
            ImGui::BulletText("%s (%s, priority %u, %s/yr)", p.name().c_str(),
                              std::string(category_name(p.category())).c_str(), p.priority(),
                              format_money(static_cast<double>(p.value_per_year_rial()), state.currency).c_str());
        }
    }
}

void funder_facts(const AppState& state, RunView& view, std::uint32_t id, Ticks t) {
    const run::Snapshot& snap = view.model.summary(view.model.snapshot_at_or_before(t).value_or(0));
    for (const run::FunderInfo& info : view.model.world().funders()) {
        if (info.id() == id) {
            ImGui::TextColored(theme::to_vec4(theme::funder_colour(info.kind())), "%s%s",
                               std::string(funder_kind_name(info.kind())).c_str(), info.local() ? ", local" : "");
        }
    }
    for (const run::FunderState& f : snap.funders()) {
        if (f.id() == id && begin_facts()) {
            row("Cash", format_money(static_cast<double>(f.cash_rial()), state.currency));
            row("Deployed so far", format_money(static_cast<double>(f.deployed_rial()), state.currency));
            row("Portfolio", std::to_string(f.portfolio()) + " firms");
            row("Returned so far", format_money(static_cast<double>(f.returned_rial()), state.currency));
            ImGui::EndTable();
        }
    }
}

void factory_facts(const RunView& view, Ticks t) {
    const run::FactoryState& f = view.model.summary(view.model.snapshot_at_or_before(t).value_or(0)).factory();
    if (begin_facts()) {
        row("Tenants", std::to_string(f.tenants()) + " of " + std::to_string(f.capacity()));
        row("Graduated so far", std::to_string(f.graduated()));
        row("Applicants last round", std::to_string(f.applicants_last_round()));
        ImGui::EndTable();
    }
}

} // namespace

void draw_inspector_panel(AppState& state, RectF rect) {
    if (!draw::begin_panel(state, Panel::Inspector, "Inspector###inspector", rect)) {
        draw::end_panel();
        return;
    }
    if (!state.selection) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ImGui::TextWrapped("Click a startup, a department or a funder on the map, or an event in the feed, to see "
                           "its state now and its history.");
        ImGui::PopStyleColor();
        draw::end_panel();
        return;
    }
    const Selection sel = *state.selection;
    RunView* view = sel.run == 0 ? state.a.get() : state.b.get();
    if (view == nullptr) {
        state.selection.reset();
        draw::end_panel();
        return;
    }
    const Ticks t = sel.run == 0 ? state.cursor.time() : state.align.to_b(state.cursor.time());
    ImGui::PushFont(state.fonts.large);
    ImGui::TextUnformatted(agent_name(view->model.world(), sel.agent).c_str());
    ImGui::PopFont();
    if (state.b) {
        ImGui::SameLine();
        ImGui::TextDisabled("(run %s)", sel.run == 0 ? "A" : "B");
    }
    switch (sel.agent.kind) {
    case run::STARTUP:
        startup_facts(state, *view, sel.agent.id, t);
        break;
    case run::DEPARTMENT:
        department_facts(state, *view, sel.agent.id, t);
        break;
    case run::FUNDER:
        funder_facts(state, *view, sel.agent.id, t);
        break;
    case run::FACTORY:
        factory_facts(*view, t);
        break;
    default:
        break;
    }
    ImGui::Spacing();
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted("History to this date");
    ImGui::PopFont();
    if (sel.run == 0) {
        ImGui::SameLine();
        if (ImGui::SmallButton("show in feed")) {
            state.filter.agent = sel.agent;
            state.show_events = true;
        }
    }
    const std::vector<HistoryItem> history = agent_history(view->model, sel.agent, t, 400, state.currency);
    if (history.empty()) {
        ImGui::TextDisabled("Nothing recorded yet.");
    }
    // At most 400 lines: drawn in full, so wrapped lines keep their real heights.
    for (const HistoryItem& h : history) {
        const EventRec& e = view->model.events()[h.event];
        ImGui::TextColored(theme::to_vec4(theme::event_kind_colour(e.kind)), "%s",
                           format_date(view->model.calendar(), h.time).c_str());
        ImGui::SameLine();
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(h.text.c_str());
        ImGui::PopTextWrapPos();
    }
    draw::end_panel();
}

} // namespace innosim::viz

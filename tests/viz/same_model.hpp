#pragma once

// Shared by the tests of growing models: two RunModels hold the same replay state (everything the
// panels read: snapshots, events, per-firm facts, agent lists, the frame and KPIs at any time).

#include "viz/core/flows.hpp"
#include "viz/core/replay.hpp"
#include "viz/core/run_model.hpp"

#include <catch2/catch.hpp>

namespace innosim::viz::testing {

inline bool same_event(const EventRec& a, const EventRec& b) {
    return a.time == b.time && a.amount_rial == b.amount_rial && a.subject == b.subject && a.object == b.object &&
           a.value == b.value && a.kind == b.kind && a.reason == b.reason;
}

inline bool same_info(const StartupInfo& a, const StartupInfo& b) {
    return a.id == b.id && a.founded == b.founded && a.ended == b.ended && a.final_stage == b.final_stage &&
           a.failure_cause == b.failure_cause && a.peak_employees == b.peak_employees && a.district == b.district &&
           a.stage_changes == b.stage_changes;
}

inline bool same_frame(const ReplayFrame& a, const ReplayFrame& b) {
    if (a.snapshot != b.snapshot || a.next != b.next || a.fraction != b.fraction || a.kpis != b.kpis ||
        a.startups.size() != b.startups.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.startups.size(); ++i) {
        const StartupFrame& x = a.startups[i];
        const StartupFrame& y = b.startups[i];
        if (x.id != y.id || x.stage != y.stage || x.x != y.x || x.y != y.y || x.employees != y.employees ||
            x.cash_rial != y.cash_rial || x.fade != y.fade || x.in_factory != y.in_factory) {
            return false;
        }
    }
    return true;
}

/// `grown` (fed frame by frame) against `whole` (loaded at once).
inline void require_same_model(const RunModel& whole, const RunModel& grown) {
    REQUIRE(grown.begin_time() == whole.begin_time());
    REQUIRE(grown.end_time() == whole.end_time());
    REQUIRE(grown.horizon_time() == whole.horizon_time());
    REQUIRE(grown.finished() == whole.finished());
    REQUIRE(grown.snapshot_count() == whole.snapshot_count());
    for (std::size_t i = 0; i < whole.snapshot_count(); ++i) {
        REQUIRE(grown.snapshot_time(i) == whole.snapshot_time(i));
        REQUIRE(grown.summary(i).SerializeAsString() == whole.summary(i).SerializeAsString());
        const auto a = whole.startups(i);
        const auto b = grown.startups(i);
        REQUIRE(a->size() == b->size());
        for (std::size_t r = 0; r < a->size(); ++r) {
            REQUIRE((*a)[r].id == (*b)[r].id);
            REQUIRE((*a)[r].employees == (*b)[r].employees);
            REQUIRE((*a)[r].cash_rial == (*b)[r].cash_rial);
        }
    }
    REQUIRE(grown.events().size() == whole.events().size());
    for (std::size_t i = 0; i < whole.events().size(); ++i) {
        REQUIRE(same_event(grown.events()[i], whole.events()[i]));
        REQUIRE(grown.detail_text(grown.events()[i]) == whole.detail_text(whole.events()[i]));
    }
    REQUIRE(grown.startup_infos().size() == whole.startup_infos().size());
    for (std::size_t i = 0; i < whole.startup_infos().size(); ++i) {
        REQUIRE(same_info(grown.startup_infos()[i], whole.startup_infos()[i]));
        const std::uint32_t id = whole.startup_infos()[i].id;
        REQUIRE(grown.startup_info(id) != nullptr);
        REQUIRE(same_info(*grown.startup_info(id), *whole.startup_info(id)));
        const AgentKey firm{run::STARTUP, id};
        REQUIRE(grown.agent_events(firm) == whole.agent_events(firm));
    }
    for (std::uint32_t f = 0; f < 8; ++f) {
        REQUIRE(grown.agent_events({run::FUNDER, f}) == whole.agent_events({run::FUNDER, f}));
        REQUIRE(grown.agent_events({run::DEPARTMENT, f}) == whole.agent_events({run::DEPARTMENT, f}));
    }
    // What the panels draw, at instants across the run (snapshots, between them, the ends).
    const Ticks span = whole.end_time() - whole.begin_time();
    for (int k = 0; k <= 16; ++k) {
        const Ticks t = whole.begin_time() + span * k / 16 + (k % 3) * sim::kTicksPerDay;
        REQUIRE(same_frame(build_frame(whole, t), build_frame(grown, t)));
        REQUIRE(kpis_at(whole, t) == kpis_at(grown, t));
        REQUIRE(whole.event_range(t - 30 * sim::kTicksPerDay, t) == grown.event_range(t - 30 * sim::kTicksPerDay, t));
        const auto fa = money_flows(whole, t, {.window = 60 * sim::kTicksPerDay});
        const auto fb = money_flows(grown, t, {.window = 60 * sim::kTicksPerDay});
        REQUIRE(fa.size() == fb.size());
    }
}

} // namespace innosim::viz::testing

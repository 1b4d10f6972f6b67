#include "tests/viz/same_model.hpp"
#include "tests/viz/test_support.hpp"
#include "viz/core/replay.hpp"

#include <catch2/catch.hpp>

#include <cmath>

namespace {

using namespace innosim::viz;
using innosim::sim::Calendar;
using innosim::sim::days;
using innosim::sim::kTicksPerDay;
using testing::shared_run;

/// The stage the synthetic firm has at t according to its recorded changes.
innosim::run::Stage expected_stage(const StartupInfo& info, Ticks t) {
    innosim::run::Stage stage = innosim::run::IDEA;
    for (const auto& [when, next] : info.stage_changes) {
        if (when <= t) {
            stage = next;
        }
    }
    return stage;
}

} // namespace

TEST_CASE("cursor plays at its speed, clamps to the run and pauses at the end", "[viz][cursor]") {
    ReplayCursor c(0, days(100));
    REQUIRE(c.time() == 0);
    REQUIRE_FALSE(c.playing());
    c.advance(1.0);
    REQUIRE(c.time() == 0); // paused: no movement

    c.set_speed_index(0); // 1 day/s
    c.play();
    c.advance(2.5);
    REQUIRE(c.time() == days(2) + kTicksPerDay / 2);

    c.seek(days(-5));
    REQUIRE(c.time() == 0);
    c.seek(days(500));
    REQUIRE(c.time() == days(100));

    c.seek(days(99));
    c.play();
    c.advance(5.0);
    REQUIRE(c.time() == days(100));
    REQUIRE_FALSE(c.playing());
    c.play(); // at the end, play starts over
    REQUIRE(c.time() == 0);
    REQUIRE(c.playing());
    c.toggle_play();
    REQUIRE_FALSE(c.playing());
}

TEST_CASE("cursor speeds run from a day to a year per second", "[viz][cursor]") {
    ReplayCursor c(0, days(10000));
    for (int i = 0; i < 10; ++i) {
        c.faster();
    }
    REQUIRE(c.speed_index() == kSpeeds.size() - 1);
    REQUIRE(c.days_per_second() == Approx(365.2425));
    for (int i = 0; i < 10; ++i) {
        c.slower();
    }
    REQUIRE(c.speed_index() == 0);
    REQUIRE(c.days_per_second() == 1.0);
    c.set_speed_index(99);
    REQUIRE(c.speed_index() == kSpeeds.size() - 1);
}

TEST_CASE("cursor keeps sub-tick remainders so tiny frame steps still add up", "[viz][cursor]") {
    ReplayCursor c(0, days(10));
    c.set_speed_index(0); // 86,400,000,000 ticks per second
    c.play();
    for (int i = 0; i < 100; ++i) {
        c.advance(1e-12); // 0.0864 ticks each
    }
    REQUIRE(c.time() == 8);
}

TEST_CASE("stepping by month lands on Solar Hijri month starts", "[viz][cursor]") {
    const Calendar cal({1401, 1, 1});
    ReplayCursor c(0, cal.to_ticks({1403, 1, 1}));
    c.seek(cal.to_ticks({1401, 6, 15}));
    c.step_month(cal, +1);
    REQUIRE(c.time() == cal.to_ticks({1401, 7, 1}));
    c.step_month(cal, -1); // on a month start: back to the previous month
    REQUIRE(c.time() == cal.to_ticks({1401, 6, 1}));
    c.seek(cal.to_ticks({1401, 12, 20}));
    c.step_month(cal, -1); // mid-month: back to its start
    REQUIRE(c.time() == cal.to_ticks({1401, 12, 1}));
    c.step_month(cal, +1); // Esfand -> Farvardin of the next year
    REQUIRE(c.time() == cal.to_ticks({1402, 1, 1}));
    c.home();
    c.step_month(cal, -1); // before the start: clamped
    REQUIRE(c.time() == 0);
    c.to_end();
    REQUIRE(c.time() == cal.to_ticks({1403, 1, 1}));
}

TEST_CASE("a frame holds the firms founded by its time, minus failures faded out", "[viz][frame]") {
    const RunModel model = RunModel::load(shared_run().path);
    const FrameOptions options{.fade_days = 120};
    for (const std::size_t k : {std::size_t{0}, std::size_t{7}, std::size_t{20}, model.snapshot_count() - 1}) {
        const Ticks t = model.snapshot_time(k) + days(12);
        const ReplayFrame frame = build_frame(model, t, options);
        std::size_t expected = 0;
        for (const StartupInfo& info : model.startup_infos()) {
            const bool founded = info.founded <= t;
            const bool faded =
                info.final_stage == innosim::run::FAILED && info.ended <= t && t - info.ended >= days(120);
            expected += founded && !faded ? 1 : 0;
        }
        INFO("snapshot " << k);
        REQUIRE(frame.startups.size() == expected);
        for (const StartupFrame& s : frame.startups) {
            REQUIRE(model.startup_info(s.id)->founded <= t);
            REQUIRE(s.fade > 0.0f);
            REQUIRE(s.fade <= 1.0f);
        }
    }
}

TEST_CASE("stages change at the time their events say, between snapshots", "[viz][frame]") {
    const RunModel model = RunModel::load(shared_run().path);
    std::size_t checked = 0;
    for (const Ticks t : {days(95), days(301), days(517), days(777), days(1000)}) {
        const ReplayFrame frame = build_frame(model, t);
        for (const StartupFrame& s : frame.startups) {
            REQUIRE(s.stage == expected_stage(*model.startup_info(s.id), t));
            ++checked;
        }
    }
    REQUIRE(checked > 100);

    // One firm, one change between two snapshots: just before it and at its instant.
    const auto it = std::find_if(model.events().begin(), model.events().end(), [&](const EventRec& e) {
        const auto k = model.snapshot_at_or_before(e.time);
        return e.kind == innosim::run::STAGE_ADVANCED && e.value >= 2 && k && model.snapshot_time(*k) < e.time - 1;
    });
    REQUIRE(it != model.events().end());
    const auto find = [&](const ReplayFrame& f) {
        return std::find_if(f.startups.begin(), f.startups.end(),
                            [&](const StartupFrame& s) { return s.id == it->subject.id; });
    };
    const ReplayFrame before = build_frame(model, it->time - 1);
    const ReplayFrame at = build_frame(model, it->time);
    REQUIRE(find(before) != before.startups.end());
    REQUIRE(find(before)->stage == static_cast<innosim::run::Stage>(it->value - 1));
    REQUIRE(find(at)->stage == static_cast<innosim::run::Stage>(it->value));
}

TEST_CASE("employees and positions interpolate linearly between snapshots", "[viz][frame]") {
    const RunModel model = RunModel::load(shared_run().path);
    const std::size_t k = 15;
    const auto a = model.startups(k);
    const auto b = model.startups(k + 1);
    const Ticks mid = (model.snapshot_time(k) + model.snapshot_time(k + 1)) / 2;
    const ReplayFrame frame = build_frame(model, mid);
    REQUIRE(frame.snapshot == k);
    REQUIRE(frame.next == k + 1);
    REQUIRE(frame.fraction == Approx(0.5).margin(1e-9));
    std::size_t changed = 0;
    for (const StartupFrame& s : frame.startups) {
        const auto in = [&](const StartupRows& rows) {
            return std::find_if(rows.begin(), rows.end(), [&](const StartupRow& r) { return r.id == s.id; });
        };
        const auto ra = in(*a);
        const auto rb = in(*b);
        if (ra == a->end() || rb == b->end()) {
            continue;
        }
        REQUIRE(s.employees == Approx((ra->employees + rb->employees) / 2.0));
        REQUIRE(s.x == Approx((ra->x + rb->x) / 2.0f));
        changed += ra->employees != rb->employees ? 1 : 0;
    }
    REQUIRE(changed > 0);
}

TEST_CASE("seeking reads snapshots through the index and caches them", "[viz][frame]") {
    const RunModel model = RunModel::load(shared_run().path);
    REQUIRE(model.snapshot_reads() == 0); // loading kept no startups around
    const Ticks t = model.snapshot_time(10) + days(3);
    build_frame(model, t);
    REQUIRE(model.snapshot_reads() == 2); // the snapshots on either side
    build_frame(model, t + days(1));
    REQUIRE(model.snapshot_reads() == 2); // same pair: cached
    build_frame(model, model.snapshot_time(30) + days(3));
    REQUIRE(model.snapshot_reads() == 4);
    build_frame(model, model.snapshot_time(30)); // exactly on a snapshot: one read, cached already
    REQUIRE(model.snapshot_reads() == 4);
}

TEST_CASE("failed firms fade out after their failure", "[viz][frame]") {
    const RunModel model = RunModel::load(shared_run().path);
    const auto failed = std::find_if(model.startup_infos().begin(), model.startup_infos().end(), [&](const auto& i) {
        return i.final_stage == innosim::run::FAILED && i.ended + days(200) < model.end_time();
    });
    REQUIRE(failed != model.startup_infos().end());
    const auto find = [&](const ReplayFrame& f) {
        return std::find_if(f.startups.begin(), f.startups.end(),
                            [&](const StartupFrame& s) { return s.id == failed->id; });
    };
    const ReplayFrame soon = build_frame(model, failed->ended + days(30), {.fade_days = 120});
    REQUIRE(find(soon) != soon.startups.end());
    REQUIRE(find(soon)->stage == innosim::run::FAILED);
    REQUIRE(find(soon)->fade == Approx(0.75f).margin(1e-4));
    const ReplayFrame later = build_frame(model, failed->ended + days(200), {.fade_days = 120});
    REQUIRE(find(later) == later.startups.end());
}

TEST_CASE("a frame built from the cached segment equals one built afresh, wherever the cursor goes", "[viz][frame]") {
    const RunModel model = RunModel::load(shared_run().path);
    ReplayFrame frame;
    FrameSegment segment;
    // Forward through a segment (the cache reused), across snapshots, back, onto a snapshot, and
    // with a different fade (which decides which dead firms the segment keeps).
    std::vector<Ticks> times;
    for (Ticks t = model.snapshot_time(20) - days(40); t < model.snapshot_time(22) + days(10); t += days(7)) {
        times.push_back(t);
    }
    times.push_back(model.snapshot_time(3) + days(1));
    times.push_back(model.snapshot_time(22));
    times.push_back(model.begin_time());
    times.push_back(model.end_time());
    std::size_t failed_seen = 0;
    for (const double fade : {120.0, 30.0}) {
        for (const Ticks t : times) {
            build_frame_into(model, t, frame, segment, {.fade_days = fade});
            INFO("t " << t << " fade " << fade);
            REQUIRE(testing::same_frame(frame, build_frame(model, t, {.fade_days = fade})));
            failed_seen += static_cast<std::size_t>(
                std::count_if(frame.startups.begin(), frame.startups.end(),
                              [](const StartupFrame& s) { return s.stage == innosim::run::FAILED; }));
        }
    }
    REQUIRE(failed_seen > 0); // the fading firms were part of what was compared
}

TEST_CASE("KPIs interpolate between snapshots and hold outside them", "[viz][frame]") {
    const RunModel model = RunModel::load(shared_run().path);
    const KpiValues a = kpi_values(model.summary(5).kpis());
    const KpiValues b = kpi_values(model.summary(6).kpis());
    const Ticks quarter = model.snapshot_time(5) + (model.snapshot_time(6) - model.snapshot_time(5)) / 4;
    const KpiValues at = kpis_at(model, quarter);
    for (std::size_t i = 0; i < kKpiCount; ++i) {
        REQUIRE(at[i] == Approx(a[i] + (b[i] - a[i]) * 0.25).epsilon(1e-6));
    }
    const KpiValues last = kpi_values(model.summary(model.snapshot_count() - 1).kpis());
    REQUIRE(kpis_at(model, model.end_time() + days(40)) == last);
}

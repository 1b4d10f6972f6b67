// The scheduler: ordering, cancellation, periodic events, run boundaries, observers, checkpoints,
// and agreement with a std::multiset model under random schedule/cancel/run operations.
#include "sim/assert.hpp"
#include "sim/phold.hpp"
#include "sim/scheduler.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace {

using innosim::sim::Event;
using innosim::sim::EventId;
using innosim::sim::Handler;
using innosim::sim::Scheduler;
using innosim::sim::Ticks;

constexpr std::uint32_t kRecord = 1;
constexpr std::uint32_t kOther = 2;

/// What the handlers saw, in dispatch order.
struct Seen {
    Ticks time;
    std::uint32_t kind;
    std::uint32_t target;
    std::uint64_t payload;
    friend bool operator==(const Seen&, const Seen&) = default;
};

/// A scheduler whose handlers record every dispatch.
struct Recorder {
    Scheduler scheduler;
    std::vector<Seen> seen;
    Recorder() {
        for (const std::uint32_t kind : {kRecord, kOther}) {
            scheduler.on(kind, [this](const Event& event) {
                seen.push_back(Seen{scheduler.now(), event.kind, event.target, event.payload});
                CHECK(event.time == scheduler.now());
            });
        }
    }
    std::vector<std::uint32_t> targets() const {
        std::vector<std::uint32_t> out;
        for (const Seen& s : seen) {
            out.push_back(s.target);
        }
        return out;
    }
};

/// Turns a failed INNOSIM_ASSERT into an exception for the duration of a test.
class ThrowingAsserts {
public:
    ThrowingAsserts() : previous_(innosim::set_assert_handler(&fail)) {}
    ThrowingAsserts(const ThrowingAsserts&) = delete;
    ThrowingAsserts& operator=(const ThrowingAsserts&) = delete;
    ~ThrowingAsserts() { innosim::set_assert_handler(previous_); }

private:
    static void fail(const char* /*expression*/, const char* message, const char* /*file*/, int /*line*/) {
        throw std::logic_error(message);
    }
    innosim::AssertHandler previous_;
};

} // namespace

TEST_CASE("scheduler: events run in time order, whatever the scheduling order", "[scheduler]") {
    Recorder r;
    r.scheduler.schedule_at(30, kRecord, 3);
    r.scheduler.schedule_at(10, kRecord, 1);
    r.scheduler.schedule_at(20, kRecord, 2);
    r.scheduler.schedule_in(5, kRecord, 0);
    CHECK(r.scheduler.pending() == 4);
    CHECK(r.scheduler.run_until(100) == 4);
    CHECK(r.targets() == std::vector<std::uint32_t>{0, 1, 2, 3});
    CHECK(r.seen[1].time == 10);
    CHECK(r.scheduler.pending() == 0);
    CHECK(r.scheduler.executed() == 4);
}

TEST_CASE("scheduler: equal times run by priority, then by insertion order", "[scheduler]") {
    Recorder r;
    r.scheduler.schedule_at(10, kRecord, 0, 0, 2);
    r.scheduler.schedule_at(10, kRecord, 1, 0, -1);
    r.scheduler.schedule_at(10, kRecord, 2, 0, 2);
    r.scheduler.schedule_at(10, kRecord, 3, 0, 0);
    r.scheduler.schedule_at(10, kRecord, 4, 0, -1);
    r.scheduler.schedule_at(9, kRecord, 5, 0, 100);
    r.scheduler.run_until(11);
    CHECK(r.targets() == std::vector<std::uint32_t>{5, 1, 4, 3, 0, 2});
}

TEST_CASE("scheduler: an event scheduled for now from a handler runs after the ones already due", "[scheduler]") {
    Scheduler scheduler;
    std::vector<std::uint32_t> order;
    scheduler.on(kRecord, [&](const Event& event) {
        order.push_back(event.target);
        if (event.target == 0) {
            scheduler.schedule_in(0, kRecord, 9);
        }
    });
    scheduler.schedule_at(5, kRecord, 0);
    scheduler.schedule_at(5, kRecord, 1);
    scheduler.run_until(6);
    CHECK(order == std::vector<std::uint32_t>{0, 1, 9});
}

TEST_CASE("scheduler: handlers see kind, target, payload and id; Handler::bind and plain functions work",
          "[scheduler]") {
    struct Model {
        std::vector<std::uint64_t> payloads;
        EventId last_id;
        void on_event(const Event& event) {
            payloads.push_back(event.payload);
            last_id = event.id;
        }
    } model;
    Scheduler scheduler;
    scheduler.on(7, Handler::bind<&Model::on_event>(model));
    const EventId id = scheduler.schedule_at(1, 7, 42, 0xABCDEF);
    CHECK(scheduler.is_pending(id));
    scheduler.run_until(2);
    CHECK(model.payloads == std::vector<std::uint64_t>{0xABCDEF});
    CHECK(model.last_id == id);
    CHECK_FALSE(scheduler.is_pending(id));
}

TEST_CASE("scheduler: cancel", "[scheduler]") {
    Recorder r;
    Scheduler& s = r.scheduler;

    SECTION("before dispatch: the event never runs") {
        const EventId a = s.schedule_at(10, kRecord, 1);
        s.schedule_at(20, kRecord, 2);
        CHECK(s.cancel(a));
        CHECK_FALSE(s.is_pending(a));
        CHECK(s.pending() == 1);
        s.run_until(100);
        CHECK(r.targets() == std::vector<std::uint32_t>{2});
    }
    SECTION("twice: the second returns false") {
        const EventId a = s.schedule_at(10, kRecord, 1);
        CHECK(s.cancel(a));
        CHECK_FALSE(s.cancel(a));
        CHECK(s.pending() == 0);
    }
    SECTION("after dispatch: returns false") {
        const EventId a = s.schedule_at(10, kRecord, 1);
        s.run_until(11);
        CHECK_FALSE(s.is_pending(a));
        CHECK_FALSE(s.cancel(a));
        CHECK(r.seen.size() == 1);
    }
    SECTION("a default or made-up id is never pending") {
        CHECK_FALSE(s.cancel(EventId{}));
        CHECK_FALSE(s.is_pending(EventId{}));
        CHECK_FALSE(s.cancel(EventId{12345, 1}));
        s.schedule_at(1, kRecord, 0);
        CHECK_FALSE(s.is_pending(EventId{0, 0}));
        CHECK_FALSE(s.is_pending(EventId{0, 3}));
    }
    SECTION("a stale id does not cancel the event that reuses its slot") {
        const EventId a = s.schedule_at(10, kRecord, 1);
        CHECK(s.cancel(a));
        const EventId b = s.schedule_at(10, kRecord, 2);
        CHECK(b.slot == a.slot); // the slot is reused at once
        CHECK_FALSE(s.cancel(a));
        CHECK(s.is_pending(b));
        s.run_until(11);
        CHECK(r.targets() == std::vector<std::uint32_t>{2});
    }
    SECTION("from inside a handler, of another event due at the same time") {
        EventId victim;
        s.on(kOther, [&](const Event&) { CHECK(s.cancel(victim)); });
        s.schedule_at(10, kOther, 0);
        victim = s.schedule_at(10, kRecord, 1);
        s.schedule_at(11, kRecord, 2);
        s.run_until(100);
        CHECK(r.targets() == std::vector<std::uint32_t>{2});
    }
    SECTION("a one-shot event is no longer pending inside its own handler") {
        EventId self;
        bool checked = false;
        s.on(kOther, [&](const Event& event) {
            CHECK(event.id == self);
            CHECK_FALSE(s.is_pending(self));
            CHECK_FALSE(s.cancel(self));
            checked = true;
        });
        self = s.schedule_at(3, kOther, 0);
        s.run_until(4);
        CHECK(checked);
    }
}

TEST_CASE("scheduler: many cancellations are purged without changing the order", "[scheduler]") {
    Recorder r;
    std::vector<EventId> ids;
    for (std::uint32_t i = 0; i < 20'000; ++i) {
        ids.push_back(r.scheduler.schedule_at(1'000 + (i * 7919) % 10'000, kRecord, i));
    }
    for (std::uint32_t i = 0; i < 20'000; ++i) {
        if (i % 5 != 0) {
            CHECK(r.scheduler.cancel(ids[i]));
        }
    }
    CHECK(r.scheduler.pending() == 4'000);
    r.scheduler.run_until(20'000);
    REQUIRE(r.seen.size() == 4'000);
    for (std::size_t i = 0; i < r.seen.size(); ++i) {
        CHECK(r.seen[i].target % 5 == 0);
        if (i > 0) {
            CHECK(r.seen[i - 1].time <= r.seen[i].time);
        }
    }
}

TEST_CASE("scheduler: periodic events", "[scheduler]") {
    Recorder r;
    Scheduler& s = r.scheduler;

    SECTION("fire at first, first + period, ... under one id") {
        const EventId id = s.schedule_every(5, 10, kRecord, 1, 77);
        s.run_until(36);
        REQUIRE(r.seen.size() == 4);
        CHECK(r.seen[0] == Seen{5, kRecord, 1, 77});
        CHECK(r.seen[1].time == 15);
        CHECK(r.seen[2].time == 25);
        CHECK(r.seen[3].time == 35);
        CHECK(s.is_pending(id));
        CHECK(s.pending() == 1);
        const std::vector<Event> pending = s.pending_events();
        REQUIRE(pending.size() == 1);
        CHECK(pending[0].time == 45);
        CHECK(pending[0].id == id);
    }
    SECTION("stop when cancelled between runs") {
        const EventId id = s.schedule_every(0, 1, kRecord, 1);
        s.run_until(3);
        CHECK(r.seen.size() == 3);
        CHECK(s.cancel(id));
        CHECK_FALSE(s.is_pending(id));
        s.run_until(100);
        CHECK(r.seen.size() == 3);
        CHECK(s.pending() == 0);
    }
    SECTION("stop when a periodic event cancels itself from its own handler") {
        int runs = 0;
        EventId self;
        s.on(kOther, [&](const Event& event) {
            ++runs;
            CHECK(event.id == self);
            CHECK(s.is_pending(self)); // re-armed before the handler runs
            if (runs == 3) {
                CHECK(s.cancel(self));
                CHECK_FALSE(s.is_pending(self));
            }
        });
        self = s.schedule_every(2, 3, kOther, 0);
        s.run_until(1'000);
        CHECK(runs == 3);
        CHECK(s.pending() == 0);
    }
    SECTION("stop when another handler cancels them") {
        const EventId id = s.schedule_every(1, 2, kRecord, 5);
        s.on(kOther, [&](const Event&) { CHECK(s.cancel(id)); });
        s.schedule_at(6, kOther, 0);
        s.run_until(100);
        CHECK(r.targets() == std::vector<std::uint32_t>{5, 5, 5}); // at 1, 3, 5
    }
}

TEST_CASE("scheduler: run_until boundaries", "[scheduler]") {
    Recorder r;
    Scheduler& s = r.scheduler;
    s.schedule_at(10, kRecord, 1);
    s.schedule_at(20, kRecord, 2);

    CHECK(s.run_until(10) == 0); // an event exactly at the end does not run
    CHECK(s.now() == 10);
    CHECK(s.pending() == 2);
    CHECK(s.run_until(11) == 1);
    CHECK(s.now() == 11);       // moved to the end, past the last event
    CHECK(s.run_until(5) == 0); // an end in the past changes nothing
    CHECK(s.now() == 11);
    CHECK(s.run_until(1'000) == 1);
    CHECK(s.now() == 1'000);
    CHECK(r.targets() == std::vector<std::uint32_t>{1, 2});
    CHECK(s.run_until(2'000) == 0); // nothing pending: the clock still moves
    CHECK(s.now() == 2'000);
}

TEST_CASE("scheduler: times near the end of time", "[scheduler]") {
    Recorder r;
    Scheduler& s = r.scheduler;
    constexpr Ticks kLast = innosim::sim::kNever - 1;
    s.schedule_at(kLast, kRecord, 3);
    s.schedule_at(1, kRecord, 1);
    s.schedule_every(kLast - 10, 100, kRecord, 2); // its next firing would pass the end of time
    s.schedule_at(innosim::sim::days(365 * 1000), kRecord, 4);
    CHECK(s.run_until(innosim::sim::kNever) == 4);
    CHECK(r.targets() == std::vector<std::uint32_t>{1, 4, 2, 3});
    CHECK(s.pending() == 0);
    CHECK(s.now() == innosim::sim::kNever);
}

TEST_CASE("scheduler: the queue empties and fills again many times", "[scheduler]") {
    Recorder r;
    Scheduler& s = r.scheduler;
    std::uint32_t next = 0;
    for (int round = 0; round < 50; ++round) {
        const Ticks base = s.now();
        for (int i = 0; i < 40; ++i) {
            s.schedule_at(base + (i * 37) % 40 + 1, kRecord, next++);
        }
        s.run_until(base + 1'000);
        CHECK(s.pending() == 0);
    }
    REQUIRE(r.seen.size() == 2'000);
    for (std::size_t i = 1; i < r.seen.size(); ++i) {
        CHECK(r.seen[i - 1].time <= r.seen[i].time);
    }
}

TEST_CASE("scheduler: run_while and stop", "[scheduler]") {
    Recorder r;
    Scheduler& s = r.scheduler;
    for (std::uint32_t i = 0; i < 10; ++i) {
        s.schedule_at(10 * (i + 1), kRecord, i);
    }

    SECTION("run_while asks before each event") {
        CHECK(s.run_while([&] { return r.seen.size() < 4; }) == 4);
        CHECK(s.now() == 40);
        CHECK(s.run_while([&] { return s.now() < 70; }) == 3);
        CHECK(s.now() == 70);
        CHECK(s.run_while([] { return true; }) == 3); // until the queue is empty
        CHECK(s.pending() == 0);
    }
    SECTION("stop() ends the run after the current handler") {
        s.on(kOther, [&](const Event&) { s.stop(); });
        s.schedule_at(35, kOther, 0);
        CHECK(s.run_until(1'000) == 4); // 10, 20, 30 and the stopper
        CHECK(s.now() == 35);           // not moved to the end after a stop
        CHECK(s.run_until(1'000) == 7); // a new run starts afresh
        CHECK(s.now() == 1'000);
    }
}

TEST_CASE("scheduler: observers see every event before its handler", "[scheduler]") {
    struct Log : innosim::sim::EngineObserver {
        std::vector<std::string>* lines;
        void on_event(const Event& event) override { lines->push_back("observe " + std::to_string(event.target)); }
    };
    std::vector<std::string> lines;
    Log log;
    log.lines = &lines;
    Scheduler s;
    s.on(kRecord, [&](const Event& event) { lines.push_back("handle " + std::to_string(event.target)); });
    s.add_observer(&log);
    s.schedule_at(2, kRecord, 2);
    s.schedule_at(1, kRecord, 1);
    s.run_until(3);
    CHECK(lines == std::vector<std::string>{"observe 1", "handle 1", "observe 2", "handle 2"});
    s.remove_observer(&log);
    s.schedule_at(4, kRecord, 4);
    s.run_until(5);
    CHECK(lines.back() == "handle 4");
    CHECK(lines.size() == 5);
}

TEST_CASE("scheduler: misuse is caught by INNOSIM_ASSERT", "[scheduler]") {
    const ThrowingAsserts throwing;
    Scheduler s;
    s.on(kRecord, [](const Event&) {});
    s.schedule_at(10, kRecord, 0);
    s.run_until(20);
    CHECK_THROWS_AS(s.schedule_at(19, kRecord, 0), std::logic_error); // in the past
    CHECK_THROWS_AS(s.schedule_in(-1, kRecord, 0), std::logic_error);
    CHECK_THROWS_AS(s.schedule_every(30, 0, kRecord, 0), std::logic_error); // no period
    s.schedule_at(25, 99, 0);                                               // a kind nobody handles
    CHECK_THROWS_AS(s.run_until(30), std::logic_error);
    s.on(kOther, [&](const Event&) { s.run_until(100); }); // re-entrant run
    s.schedule_at(40, kOther, 0);
    CHECK_THROWS_AS(s.run_until(50), std::logic_error);
}

TEST_CASE("scheduler: pending_events and restore resume the identical run", "[scheduler]") {
    // A small model with periodic, cancelled and cascading events, run straight through and run
    // with a checkpoint in the middle: the dispatch sequences must be identical.
    struct Model {
        Scheduler scheduler;
        std::vector<Seen> seen;
        innosim::sim::SplitMix64 rng{5};
        std::vector<EventId> ids;
        explicit Model() {
            scheduler.on(kRecord, [this](const Event& event) {
                seen.push_back(Seen{scheduler.now(), event.kind, event.target, event.payload});
                const auto delay = static_cast<Ticks>(rng.next() % 50);
                ids.push_back(scheduler.schedule_in(delay, kRecord, event.target + 1, rng.next() % 7,
                                                    static_cast<std::int16_t>(rng.next() % 3)));
                if (ids.size() > 3 && rng.next() % 4 == 0) {
                    scheduler.cancel(ids[ids.size() - 3]);
                }
            });
            scheduler.on(kOther, [this](const Event& event) {
                seen.push_back(Seen{scheduler.now(), event.kind, event.target, event.payload});
            });
        }
        void start() {
            for (std::uint32_t i = 0; i < 20; ++i) {
                ids.push_back(scheduler.schedule_at(i * 3, kRecord, i * 100));
            }
            scheduler.schedule_every(7, 13, kOther, 0);
        }
    };
    Model straight;
    straight.start();
    straight.scheduler.run_until(2'000);

    Model first;
    first.start();
    first.scheduler.run_until(1'000);
    const std::vector<Event> checkpoint = first.scheduler.pending_events();
    for (std::size_t i = 1; i < checkpoint.size(); ++i) {
        CHECK(innosim::sim::before(checkpoint[i - 1], checkpoint[i]));
    }

    Model second; // a fresh scheduler: same handlers, state restored from the checkpoint
    second.rng = first.rng;
    second.ids = first.ids;
    second.seen = first.seen;
    second.scheduler.restore(first.scheduler.now(), first.scheduler.next_seq(), checkpoint);
    CHECK(second.scheduler.pending() == checkpoint.size());
    CHECK(second.scheduler.pending_events() == checkpoint);
    for (const Event& event : checkpoint) {
        CHECK(second.scheduler.is_pending(event.id));
    }
    second.scheduler.run_until(2'000);
    CHECK(second.seen == straight.seen);
    CHECK(second.scheduler.pending_events() == straight.scheduler.pending_events());
}

TEST_CASE("scheduler: agrees with a std::multiset model over 100k random operations", "[scheduler]") {
    // Operations: schedule (random time, priority, sometimes periodic), cancel a random pending event,
    // or run exactly one event. The model is a multiset ordered by (time, priority, seq).
    using Key = std::tuple<Ticks, std::int16_t, std::uint64_t>;
    struct Entry {
        EventId id;
        Ticks period;
        std::uint32_t target;
    };
    std::map<Key, Entry> model;
    std::map<std::uint32_t, Key> key_of_target; // targets are unique: they name the series
    Scheduler s;
    innosim::sim::SplitMix64 rng(2024);
    std::uint64_t next_seq = 0;
    std::uint32_t next_target = 0;
    std::vector<std::uint32_t> live_targets;
    std::map<std::uint32_t, EventId> id_of_target;
    std::uint32_t dispatched_target = UINT32_MAX;
    Ticks dispatched_time = -1;

    s.on(kRecord, [&](const Event& event) {
        dispatched_target = event.target;
        dispatched_time = event.time;
    });

    for (int op = 0; op < 100'000; ++op) {
        const std::uint64_t roll = rng.next() % 100;
        if (roll < 50 || model.empty()) {
            const Ticks now = s.now();
            const Ticks time = now + static_cast<Ticks>(rng.next() % (roll % 2 == 0 ? 10 : 100'000));
            const auto priority = static_cast<std::int16_t>(static_cast<int>(rng.next() % 3) - 1);
            const bool periodic = rng.next() % 10 == 0;
            const Ticks period = periodic ? 1 + static_cast<Ticks>(rng.next() % 1000) : 0;
            const std::uint32_t target = next_target++;
            const EventId id = periodic ? s.schedule_every(time, period, kRecord, target, 0, priority)
                                        : s.schedule_at(time, kRecord, target, 0, priority);
            const Key key{time, priority, next_seq++};
            model[key] = Entry{id, period, target};
            key_of_target[target] = key;
            id_of_target[target] = id;
            live_targets.push_back(target);
        } else if (roll < 60) {
            if (live_targets.empty()) {
                continue;
            }
            const std::size_t pick = rng.next() % live_targets.size();
            const std::uint32_t target = live_targets[pick];
            REQUIRE(s.cancel(id_of_target[target]));
            model.erase(key_of_target[target]);
            key_of_target.erase(target);
            live_targets[pick] = live_targets.back();
            live_targets.pop_back();
        } else {
            const auto first = model.begin();
            const Entry entry = first->second;
            const Key key = first->first;
            model.erase(first);
            int runs = 0;
            REQUIRE(s.run_while([&] { return runs++ == 0; }) == 1);
            REQUIRE(dispatched_target == entry.target);
            REQUIRE(dispatched_time == std::get<0>(key));
            if (entry.period > 0) {
                const Key again{std::get<0>(key) + entry.period, std::get<1>(key), next_seq++};
                model[again] = entry;
                key_of_target[entry.target] = again;
            } else {
                REQUIRE_FALSE(s.is_pending(entry.id));
                key_of_target.erase(entry.target);
                live_targets.erase(std::find(live_targets.begin(), live_targets.end(), entry.target));
            }
        }
        REQUIRE(s.pending() == model.size());
    }
    // The checkpoint view agrees too.
    const std::vector<Event> pending = s.pending_events();
    REQUIRE(pending.size() == model.size());
    auto it = model.begin();
    for (const Event& event : pending) {
        CHECK(event.time == std::get<0>(it->first));
        CHECK(event.priority == std::get<1>(it->first));
        CHECK(event.target == it->second.target);
        ++it;
    }
}

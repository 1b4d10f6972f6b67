// The pending-event set on its own: ordering, and agreement with std::multiset under random loads
// shaped to reach every part of the ladder (top, rungs, splits, bottom inserts and spills).
#include "sim/event_queue.hpp"
#include "sim/phold.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <set>
#include <vector>

namespace {

using innosim::sim::before;
using innosim::sim::Event;
using innosim::sim::EventQueue;
using innosim::sim::Ticks;

struct Before {
    bool operator()(const Event& a, const Event& b) const { return before(a, b); }
};

Event make_event(Ticks time, std::uint64_t seq, std::int16_t priority = 0) {
    Event event;
    event.time = time;
    event.seq = seq;
    event.priority = priority;
    event.payload = seq * 7 + 1;
    event.id.slot = static_cast<std::uint32_t>(seq);
    event.id.generation = 1;
    return event;
}

std::vector<std::uint64_t> drain_seqs(EventQueue& queue) {
    std::vector<std::uint64_t> seqs;
    while (!queue.empty()) {
        seqs.push_back(queue.front().seq);
        queue.pop();
    }
    return seqs;
}

} // namespace

TEST_CASE("queue: events leave in time order", "[event_queue]") {
    EventQueue queue;
    const std::vector<Ticks> times{50, 10, 40, 20, 30, 0, 1'000'000'000'000, 25};
    for (std::size_t i = 0; i < times.size(); ++i) {
        queue.push(make_event(times[i], i));
    }
    std::vector<Ticks> out;
    while (!queue.empty()) {
        out.push_back(queue.front().time);
        queue.pop();
    }
    CHECK(out == std::vector<Ticks>{0, 10, 20, 25, 30, 40, 50, 1'000'000'000'000});
}

TEST_CASE("queue: equal times leave by priority, then by insertion sequence", "[event_queue]") {
    EventQueue queue;
    queue.push(make_event(100, 0, 5));
    queue.push(make_event(100, 1, -3));
    queue.push(make_event(100, 2, 5));
    queue.push(make_event(100, 3, 0));
    queue.push(make_event(99, 4, 100));
    queue.push(make_event(100, 5, -3));
    CHECK(drain_seqs(queue) == std::vector<std::uint64_t>{4, 1, 5, 3, 0, 2});
}

TEST_CASE("queue: a large cluster at one time keeps insertion order", "[event_queue]") {
    // Every event of the cluster falls in one bucket that no finer rung can split.
    EventQueue queue;
    constexpr std::uint64_t kCount = 20'000;
    for (std::uint64_t i = 0; i < kCount; ++i) {
        queue.push(make_event(i % 3 == 0 ? 1'000 : 7'000, i));
    }
    const std::vector<std::uint64_t> seqs = drain_seqs(queue);
    REQUIRE(seqs.size() == kCount);
    for (std::size_t i = 1; i < seqs.size(); ++i) {
        const bool same_group = (seqs[i] % 3 == 0) == (seqs[i - 1] % 3 == 0);
        if (same_group) {
            CHECK(seqs[i] > seqs[i - 1]);
        }
    }
    CHECK(seqs.front() == 0);
    CHECK(seqs.back() == kCount - 1);
}

TEST_CASE("queue: size, for_each, remove_if and clear", "[event_queue]") {
    EventQueue queue;
    for (std::uint64_t i = 0; i < 1000; ++i) {
        queue.push(make_event(static_cast<Ticks>((i * 7919) % 1000), i));
    }
    CHECK(queue.size() == 1000);
    queue.front(); // builds the ladder, so that for_each and remove_if see every part of it
    std::uint64_t seq_sum = 0;
    std::size_t visited = 0;
    queue.for_each([&](const Event& event) {
        seq_sum += event.seq;
        ++visited;
    });
    CHECK(visited == 1000);
    CHECK(seq_sum == 999 * 1000 / 2);

    CHECK(queue.remove_if([](const Event& event) { return event.seq % 2 == 1; }) == 500);
    CHECK(queue.size() == 500);
    Ticks last = -1;
    std::size_t popped = 0;
    while (!queue.empty()) {
        CHECK(queue.front().seq % 2 == 0);
        CHECK(queue.front().time >= last);
        last = queue.front().time;
        queue.pop();
        ++popped;
    }
    CHECK(popped == 500);

    queue.push(make_event(5, 1));
    queue.clear();
    CHECK(queue.empty());
    queue.push(make_event(3, 2));
    CHECK(queue.front().seq == 2);
}

namespace {

/// A random load: pops interleaved with pushes whose times follow one of several shapes, always at or
/// after the last popped time (as a simulation's would be).
void random_load_against_multiset(std::uint64_t seed, int shape) {
    innosim::sim::SplitMix64 rng(seed);
    EventQueue queue;
    std::multiset<Event, Before> reference;
    std::uint64_t seq = 0;
    Ticks now = 0;
    auto delay = [&]() -> Ticks {
        const double u = rng.uniform();
        switch (shape) {
        case 0: // exponential, mean 1 day (PHOLD-like)
            return innosim::sim::days_to_ticks(rng.exponential(1.0));
        case 1: // lots of ties: small integer delays, often zero
            return static_cast<Ticks>(rng.next() % 4);
        case 2: // bimodal: mostly near, some very far (years)
            return u < 0.9 ? static_cast<Ticks>(rng.next() % 1000)
                           : static_cast<Ticks>(rng.next() % 100'000'000'000'000);
        default: // daily and monthly grids, as the model schedules them
            return innosim::sim::days(static_cast<std::int64_t>(rng.next() % (u < 0.5 ? 2 : 60)));
        }
    };
    for (int op = 0; op < 100'000; ++op) {
        const std::uint64_t roll = op < 3000 ? 0 : rng.next() % 1000; // a few thousand pending, then churn
        if (roll < 505 || reference.empty()) {
            const auto priority = static_cast<std::int16_t>(static_cast<int>(rng.next() % 5) - 2);
            const Event event = make_event(now + delay(), seq++, priority);
            queue.push(event);
            reference.insert(event);
        } else if (roll < 995) {
            REQUIRE(!queue.empty());
            const Event& got = queue.front();
            const Event& want = *reference.begin();
            REQUIRE(got.seq == want.seq);
            REQUIRE(got == want);
            now = got.time;
            queue.pop();
            reference.erase(reference.begin());
        } else {
            // Remove a random hundredth (the scheduler's purge of cancelled events).
            const std::uint64_t salt = rng.next();
            auto doomed = [salt](const Event& event) { return (event.seq ^ salt) % 100 == 0; };
            const std::size_t removed = queue.remove_if(doomed);
            std::size_t expected = 0;
            for (auto it = reference.begin(); it != reference.end();) {
                if (doomed(*it)) {
                    it = reference.erase(it);
                    ++expected;
                } else {
                    ++it;
                }
            }
            REQUIRE(removed == expected);
        }
        REQUIRE(queue.size() == reference.size());
    }
    const EventQueue::Stats stats = queue.stats();
    INFO("epochs " << stats.epochs << " spawns " << stats.rung_spawns << " refills " << stats.refills);
    CHECK(stats.refills > 0);
    while (!reference.empty()) {
        REQUIRE(queue.front() == *reference.begin());
        queue.pop();
        reference.erase(reference.begin());
    }
    CHECK(queue.empty());
}

} // namespace

TEST_CASE("queue: agrees with std::multiset over 100k random operations", "[event_queue]") {
    const int shape = GENERATE(0, 1, 2, 3);
    INFO("shape " << shape);
    random_load_against_multiset(1234 + static_cast<std::uint64_t>(shape), shape);
}

TEST_CASE("queue: a burst after a quiet spell is split over finer rungs", "[event_queue]") {
    // A sparse epoch sizes rung 0's buckets for one event a day; then thousands of events land in one
    // bucket (a split), and near-future events pile into the bottom (a spill into a new rung).
    innosim::sim::SplitMix64 rng(7);
    EventQueue queue;
    std::multiset<Event, Before> reference;
    std::uint64_t seq = 0;
    auto push = [&](Ticks time) {
        const Event event = make_event(time, seq++, static_cast<std::int16_t>(rng.next() % 3));
        queue.push(event);
        reference.insert(event);
    };
    auto pop = [&]() {
        REQUIRE(queue.front() == *reference.begin());
        const Ticks time = queue.front().time;
        queue.pop();
        reference.erase(reference.begin());
        return time;
    };
    for (int i = 0; i < 100; ++i) {
        push(innosim::sim::days_to_ticks(rng.exponential(1.0)));
    }
    Ticks now = 0;
    for (int i = 0; i < 5000; ++i) {
        now = pop();
        push(now + innosim::sim::days_to_ticks(rng.exponential(1.0)));
    }
    for (int i = 0; i < 10'000; ++i) {
        push(now + innosim::sim::days_to_ticks(0.3 * rng.uniform()));
    }
    for (int i = 0; i < 20'000; ++i) {
        now = pop();
        push(now + static_cast<Ticks>(rng.next() % 1000));
        push(now + innosim::sim::days_to_ticks(rng.exponential(1.0)));
    }
    while (!reference.empty()) {
        pop();
    }
    CHECK(queue.empty());
    INFO("spawns " << queue.stats().rung_spawns);
    CHECK(queue.stats().rung_spawns > 0);
}

TEST_CASE("queue: a big steady hold load reaches finer rungs and stays ordered", "[event_queue]") {
    // 50k pending, each pop followed by a push a random delay later: epochs, crowded first buckets.
    innosim::sim::SplitMix64 rng(99);
    EventQueue queue;
    std::uint64_t seq = 0;
    for (int i = 0; i < 50'000; ++i) {
        queue.push(make_event(innosim::sim::days_to_ticks(rng.exponential(1.0)), seq++));
    }
    Event last = queue.front();
    for (int i = 0; i < 600'000; ++i) { // about 12 days: more than one epoch
        const Event event = queue.front();
        REQUIRE(!before(event, last));
        last = event;
        queue.pop();
        queue.push(make_event(event.time + innosim::sim::days_to_ticks(rng.exponential(1.0)), seq++));
    }
    CHECK(queue.size() == 50'000);
    CHECK(queue.stats().epochs > 1);
}

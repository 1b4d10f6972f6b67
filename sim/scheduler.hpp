#pragma once

// [SECTION] The scheduler: the simulation clock, the pending events, and dispatch by kind.
//
// Agents schedule their own events; there is no global time step. An event is plain data
// (sim/event_queue.hpp); what it does is decided by the handler registered once for its kind.
// Events run in (time, priority, insertion sequence) order, one at a time, each seeing now() equal
// to its own time. Handlers may schedule, cancel and stop freely.
//
//   Scheduler s;
//   s.on(kArrival, Handler::bind<&Shop::on_arrival>(shop));   // void Shop::on_arrival(const Event&)
//   s.schedule_at(days(1), kArrival, customer);
//   s.run_until(days(365));

#include "sim/assert.hpp"
#include "sim/event_queue.hpp"
#include "sim/observer.hpp"
#include "sim/time.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace innosim::sim {

/// Runs the events of one kind: a plain function and its context, one indirect call per event.
struct Handler {
    using Function = void (*)(void* context, const Event& event);
    Function function = nullptr; ///< called with `context` and the event being dispatched
    void* context = nullptr;     ///< passed back to `function` (usually the model object)

    /// A member function `void T::handler(const Event&)` of `object`.
    template <auto Method, class T> static Handler bind(T& object) {
        return Handler{[](void* context, const Event& event) { (static_cast<T*>(context)->*Method)(event); }, &object};
    }
};

class Scheduler {
public:
    Scheduler();
    /// A clock that starts at `start` (negative for a model's spin-up before its first day).
    explicit Scheduler(Ticks start) : now_(start) {}
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;
    Scheduler(Scheduler&&) = default;
    Scheduler& operator=(Scheduler&&) = default;
    ~Scheduler() = default;

    // [SECTION] Handlers and observers

    /// Registers the handler of `kind` (replacing any earlier one). Kinds are small integers: the
    /// table is indexed by kind.
    void on(std::uint32_t kind, Handler handler);
    /// Same, for any callable (a lambda capturing the model). Stored once per kind; a dispatch costs
    /// one more indirect call than a Handler (measured in notes/engine.md).
    void on(std::uint32_t kind, std::function<void(const Event&)> handler);

    /// `observer` sees every event before its handler runs. Not owned; must outlive its registration.
    void add_observer(EngineObserver* observer);
    void remove_observer(EngineObserver* observer);

    // [SECTION] Scheduling

    /// Schedules an event at absolute time `at` (ticks). Scheduling before now() is a bug (asserts).
    EventId schedule_at(Ticks at, std::uint32_t kind, std::uint32_t target, std::uint64_t payload = 0,
                        std::int16_t priority = 0) {
        INNOSIM_ASSERT(at >= now_ && at < kNever, "event scheduled in the past or at the end of time");
        return insert(at, 0, kind, target, payload, priority);
    }

    /// Schedules an event `delay` ticks (>= 0) after now().
    EventId schedule_in(Ticks delay, std::uint32_t kind, std::uint32_t target, std::uint64_t payload = 0,
                        std::int16_t priority = 0) {
        INNOSIM_ASSERT(delay >= 0 && delay < kNever - std::max<Ticks>(now_, 0),
                       "event delay negative or past the end of time");
        return insert(now_ + delay, 0, kind, target, payload, priority);
    }

    /// Schedules an event at `first`, first + period, first + 2 * period, ... (ticks, period > 0),
    /// under one EventId, until cancelled. Each occurrence is re-armed just before its handler runs,
    /// so inside the handler is_pending(id) is true and cancel(id) ends the series.
    EventId schedule_every(Ticks first, Ticks period, std::uint32_t kind, std::uint32_t target,
                           std::uint64_t payload = 0, std::int16_t priority = 0) {
        INNOSIM_ASSERT(first >= now_ && first < kNever, "periodic event scheduled in the past or at the end of time");
        INNOSIM_ASSERT(period > 0, "periodic event needs a positive period");
        return insert(first, period, kind, target, payload, priority);
    }

    /// Cancels a pending event (also from inside any handler, its own included). O(1): its queue
    /// entry is skipped when it surfaces. Returns false if the event was not pending (it already
    /// ran, was cancelled, or never existed).
    bool cancel(EventId id);

    bool is_pending(EventId id) const {
        return id.generation != kFree && id.slot < slots_.size() && slots_[id.slot].generation == id.generation;
    }

    // [SECTION] Running

    /// Current time (ticks): the time of the event being dispatched, or where the last run ended.
    Ticks now() const { return now_; }

    /// Runs every event with time < end in order (including those scheduled meanwhile), then moves
    /// now() to `end` if it was earlier. An event exactly at `end` does not run. After stop(), now()
    /// stays at the last event's time. Returns the number of events run.
    std::uint64_t run_until(Ticks end);

    /// Runs events in order while `keep_going()` (asked before each event) is true and events
    /// remain. now() stays at the last event's time. Returns the number of events run.
    std::uint64_t run_while(const std::function<bool()>& keep_going);

    /// Ends the current run_until/run_while after the running handler returns.
    void stop() { stopped_ = true; }

    /// Events dispatched since construction.
    std::uint64_t executed() const { return executed_; }

    /// Events scheduled and neither run nor cancelled (a periodic series counts once).
    std::size_t pending() const { return live_; }

    // [SECTION] Checkpoint

    /// Every pending event in dispatch order (time, priority, seq). Not during a run.
    std::vector<Event> pending_events() const;

    /// The sequence number the next scheduled event gets.
    std::uint64_t next_seq() const { return next_seq_; }

    /// Replaces the clock and the pending set by a checkpoint's: `events` as pending_events() gave
    /// them, `next_seq` as next_seq() gave it. Their EventIds stay valid, and ids of events that were
    /// no longer pending stay invalid. Handlers, observers and executed() are kept. Not during a run.
    void restore(Ticks now, std::uint64_t next_seq, std::vector<Event> events);

    /// The pending-event set, for tests and measurements.
    EventQueue::Stats queue_stats() const { return queue_.stats(); }

private:
    /// What an EventId points at. The event itself lives in the queue; the slot only says whether
    /// it is still pending: its generation is the id's while it is, kFree once it is not. An id's
    /// generation comes from the sequence number it was scheduled with, so ids are never reissued
    /// (until 2^32 events later), across restore() too.
    static constexpr std::uint32_t kFree = 0;
    struct Slot {
        std::uint32_t generation = kFree;
        std::uint32_t next_free = EventId::kNoSlot; ///< free list link while the slot is free
    };

    EventId insert(Ticks at, Ticks period, std::uint32_t kind, std::uint32_t target, std::uint64_t payload,
                   std::int16_t priority) {
        if (free_head_ == EventId::kNoSlot) [[unlikely]] {
            grow_pool();
        }
        const std::uint32_t slot = free_head_;
        Slot& state = slots_[slot];
        free_head_ = state.next_free;
        const auto generation = static_cast<std::uint32_t>(next_seq_ + 1);
        state.generation = generation != kFree ? generation : 1;
        const EventId id{slot, state.generation};
        queue_.push(Event{at, period, next_seq_++, payload, kind, target, id, priority});
        ++live_;
        return id;
    }

    /// Marks the event in `slot` no longer pending and frees the slot (LIFO: the next insert reuses
    /// the line just touched).
    void release(std::uint32_t slot) {
        Slot& state = slots_[slot];
        state.generation = kFree;
        state.next_free = free_head_;
        free_head_ = slot;
        --live_;
    }

    void grow_pool();
    void compact();
    template <class KeepGoing> std::uint64_t run_loop(Ticks end, KeepGoing keep_going);
    static void unhandled_kind(void* context, const Event& event);

    EventQueue queue_;
    std::vector<Slot> slots_;
    std::uint32_t free_head_ = EventId::kNoSlot;
    std::size_t stale_ = 0;         ///< queue entries of cancelled events
    std::vector<Handler> handlers_; ///< by kind; unregistered kinds hold unhandled_kind
    std::vector<std::unique_ptr<std::function<void(const Event&)>>> callables_; ///< behind on(kind, function)
    std::vector<EngineObserver*> observers_;
    Ticks now_ = 0;
    std::uint64_t next_seq_ = 0;
    std::uint64_t executed_ = 0;
    std::size_t live_ = 0;
    bool running_ = false;
    bool stopped_ = false;
};

} // namespace innosim::sim

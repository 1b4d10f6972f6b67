#include "sim/scheduler.hpp"

#include <algorithm>

namespace innosim::sim {

namespace {

/// Queue entries of cancelled events are purged once they outnumber the live ones and this.
constexpr std::size_t kMinStaleToCompact = 4096;

/// How far ahead the run loop prefetches the slot it will write when an event is dispatched.
constexpr std::size_t kPrefetchDistance = 8;

/// Clears the running flag however the loop ends (a handler may throw).
class RunningGuard {
public:
    explicit RunningGuard(bool& running) : running_(running) { running_ = true; }
    RunningGuard(const RunningGuard&) = delete;
    RunningGuard& operator=(const RunningGuard&) = delete;
    ~RunningGuard() { running_ = false; }

private:
    bool& running_;
};

} // namespace

Scheduler::Scheduler() = default;

void Scheduler::unhandled_kind(void* /*context*/, const Event& /*event*/) {
    INNOSIM_ASSERT(false, "no handler registered for an event's kind");
}

void Scheduler::on(std::uint32_t kind, Handler handler) {
    INNOSIM_ASSERT(handler.function != nullptr, "handler without a function");
    INNOSIM_ASSERT(kind < (1u << 20), "event kinds index a table: keep them small");
    if (kind >= handlers_.size()) {
        handlers_.resize(kind + 1, Handler{&unhandled_kind, nullptr});
    }
    handlers_[kind] = handler;
}

void Scheduler::on(std::uint32_t kind, std::function<void(const Event&)> handler) {
    INNOSIM_ASSERT(static_cast<bool>(handler), "empty handler");
    callables_.push_back(std::make_unique<std::function<void(const Event&)>>(std::move(handler)));
    on(kind, Handler{[](void* context, const Event& event) {
                         (*static_cast<std::function<void(const Event&)>*>(context))(event);
                     },
                     callables_.back().get()});
}

void Scheduler::add_observer(EngineObserver* observer) {
    INNOSIM_ASSERT(observer != nullptr, "null observer");
    observers_.push_back(observer);
}

void Scheduler::remove_observer(EngineObserver* observer) {
    observers_.erase(std::remove(observers_.begin(), observers_.end(), observer), observers_.end());
}

void Scheduler::grow_pool() {
    // Doubling: the pool allocates O(log n) times over a run, never per event.
    const std::size_t old_size = slots_.size();
    const std::size_t new_size = std::max<std::size_t>(64, old_size * 2);
    INNOSIM_ASSERT(new_size <= EventId::kNoSlot, "event pool exhausted");
    slots_.resize(new_size);
    for (std::size_t slot = new_size; slot-- > old_size;) { // lowest index is handed out first
        slots_[slot].next_free = free_head_;
        free_head_ = static_cast<std::uint32_t>(slot);
    }
}

bool Scheduler::cancel(EventId id) {
    if (!is_pending(id)) {
        return false;
    }
    release(id.slot); // its queue entry is now stale: skipped when it surfaces
    ++stale_;
    if (stale_ >= kMinStaleToCompact && stale_ > live_) {
        compact();
    }
    return true;
}

void Scheduler::compact() {
    queue_.remove_if([this](const Event& event) { return slots_[event.id.slot].generation != event.id.generation; });
    stale_ = 0;
}

template <class KeepGoing> std::uint64_t Scheduler::run_loop(Ticks end, KeepGoing keep_going) {
    INNOSIM_ASSERT(!running_, "run_until/run_while called from inside a handler");
    const RunningGuard guard(running_);
    stopped_ = false;
    const std::uint64_t executed_before = executed_;
    while (!queue_.empty()) {
        const Event& next = queue_.front();
        if (next.time >= end) {
            break;
        }
        if (stale_ != 0 && slots_[next.id.slot].generation != next.id.generation) {
            queue_.pop(); // cancelled (its slot may already hold a newer event)
            --stale_;
            continue;
        }
        if (!keep_going()) {
            break;
        }
        const Event event = next; // handlers get a copy that stays put while the queue changes
        queue_.pop();
        const auto ahead = queue_.sorted_front();
        if (ahead.size() > kPrefetchDistance) {
            __builtin_prefetch(&slots_[ahead[kPrefetchDistance].id.slot], 1);
        }
        now_ = event.time;
        if (event.period == 0 || event.period >= kNever - std::max<Ticks>(event.time, 0)) {
            release(event.id.slot);
        } else {
            // Re-armed before its handler runs, under the same id and a new sequence number, so the
            // handler can cancel it like any pending event.
            Event again = event;
            again.time += event.period;
            again.seq = next_seq_++;
            queue_.push(again);
        }
        if (!observers_.empty()) [[unlikely]] {
            for (EngineObserver* observer : observers_) {
                observer->on_event(event);
            }
        }
        INNOSIM_ASSERT(event.kind < handlers_.size(), "no handler registered for an event's kind");
        const Handler handler = handlers_[event.kind];
        handler.function(handler.context, event);
        ++executed_;
        if (stopped_) {
            break;
        }
    }
    return executed_ - executed_before;
}

std::uint64_t Scheduler::run_until(Ticks end) {
    const std::uint64_t count = run_loop(end, [] { return true; });
    if (!stopped_ && now_ < end) {
        now_ = end;
    }
    return count;
}

std::uint64_t Scheduler::run_while(const std::function<bool()>& keep_going) {
    return run_loop(kNever, [&keep_going] { return keep_going(); });
}

std::vector<Event> Scheduler::pending_events() const {
    std::vector<Event> events;
    events.reserve(live_);
    queue_.for_each([&](const Event& event) {
        if (slots_[event.id.slot].generation == event.id.generation) {
            events.push_back(event);
        }
    });
    std::sort(events.begin(), events.end(), before);
    return events;
}

void Scheduler::restore(Ticks now, std::uint64_t next_seq, std::vector<Event> events) {
    INNOSIM_ASSERT(!running_, "restore() called from inside a handler");
    INNOSIM_ASSERT(now >= 0, "checkpoint clock before the run's start");
    std::uint32_t slot_count = 0;
    for (const Event& event : events) {
        INNOSIM_ASSERT(event.id.valid() && event.id.generation != kFree, "checkpointed event without a valid id");
        slot_count = std::max(slot_count, event.id.slot + 1);
    }
    queue_.clear();
    slots_.assign(slot_count, Slot{});
    for (const Event& event : events) {
        INNOSIM_ASSERT(event.time >= now && event.time < kNever, "checkpointed event before the checkpoint");
        INNOSIM_ASSERT(event.seq < next_seq, "checkpointed event sequence not below next_seq");
        INNOSIM_ASSERT(event.period >= 0, "checkpointed event with a negative period");
        Slot& slot = slots_[event.id.slot];
        INNOSIM_ASSERT(slot.generation == kFree, "two checkpointed events share a slot");
        slot.generation = event.id.generation;
        queue_.push(event);
    }
    free_head_ = EventId::kNoSlot;
    for (std::uint32_t slot = slot_count; slot-- > 0;) { // lowest index is handed out first
        if (slots_[slot].generation == kFree) {
            slots_[slot].next_free = free_head_;
            free_head_ = slot;
        }
    }
    now_ = now;
    next_seq_ = next_seq;
    live_ = events.size();
    stale_ = 0;
    stopped_ = false;
}

} // namespace innosim::sim

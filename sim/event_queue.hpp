#pragma once

// [SECTION] The pending-event set.
//
//   EventId     a scheduled event's handle: slot index + generation, passed by value
//   Event       a scheduled event as plain data (so the whole pending set can be checkpointed)
//   before()    the ordering rule
//   EventQueue  a ladder queue (Tang, Goh & Thng 2005) of Events; design and measurements in
//               notes/engine.md
//
// Ordering rule (the one every caller may rely on): lower time first; on equal time, lower priority
// value first; on equal time and priority, lower insertion sequence first. Sequence numbers are
// unique, so the order is total and runs are deterministic.

#include "sim/assert.hpp"
#include "sim/time.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace innosim::sim {

/// A scheduled event's handle. Stays valid (and refers to the same event) for the event's whole
/// life, including every re-arm of a periodic event; after dispatch or cancel it refers to nothing.
struct EventId {
    static constexpr std::uint32_t kNoSlot = UINT32_MAX;
    std::uint32_t slot = kNoSlot; ///< index into the scheduler's slot pool
    std::uint32_t generation = 0; ///< tells this event from others that used the slot (0 = none)

    constexpr bool valid() const { return slot != kNoSlot; }
    friend constexpr bool operator==(EventId, EventId) = default;
};

/// A scheduled event: plain data, no callbacks (handlers are registered per kind). The queue holds
/// these by value, so dispatch needs nothing but the queue.
struct Event {
    Ticks time = 0;            ///< when it fires (ticks since the run's start)
    Ticks period = 0;          ///< ticks between firings of a periodic event; 0 = fires once
    std::uint64_t seq = 0;     ///< insertion sequence number: breaks ties on (time, priority)
    std::uint64_t payload = 0; ///< free for the handler (an index, an amount, packed fields)
    std::uint32_t kind = 0;    ///< selects the handler (Scheduler::on)
    std::uint32_t target = 0;  ///< the agent or object the event is for (meaning set by the kind)
    EventId id{};              ///< the handle schedule_*() returned
    std::int16_t priority = 0; ///< on equal time, lower runs first

    friend bool operator==(const Event&, const Event&) = default;
};

/// The ordering rule: true if `a` runs before `b`.
constexpr bool before(const Event& a, const Event& b) {
    if (a.time != b.time) {
        return a.time < b.time;
    }
    if (a.priority != b.priority) {
        return a.priority < b.priority;
    }
    return a.seq < b.seq;
}

/// The pending-event set: a ladder queue. An event goes to the unsorted "top" (the far future), to a
/// bucket of one of up to kMaxRungs "rungs" (rows of buckets, each finer than the one above), or to
/// the sorted "bottom" (the next events). A bucket is sorted only when the clock reaches it.
///
/// Rung 0 is rebuilt from the top at each "epoch": its bucket width follows the rate at which events
/// left the queue in the previous epoch, so that a bucket holds about kEntriesPerBucket when the
/// clock reaches it, and it has at most kMaxBuckets buckets so that the bucket tails being appended
/// to stay in cache however many events are pending. A bucket becomes the bottom through a counting
/// sort on the time's high bits plus an insertion sort among neighbours: linear, with few
/// mispredicted branches. Most events are copied twice (into a bucket, into the bottom).
///
/// Buckets are lists of fixed-size chunks from a pool with a free list, so pushing allocates nothing
/// once the pool has grown to the peak size. Cancelled events are not removed here: the scheduler
/// skips them when they surface and calls remove_if() when they pile up.
class EventQueue {
public:
    EventQueue();

    void push(const Event& event) {
        ++size_;
        if (event.time >= top_start_) {
            push_top(event);
        } else if (rung_count_ != 0 && event.time >= rungs_[0].current_start) {
            Rung& rung = rungs_[0]; // the common case: into the current epoch's calendar
            append(rung.buckets[bucket_index(rung, event.time)], event);
        } else {
            push_below(event);
        }
    }

    bool empty() const { return size_ == 0; }
    std::size_t size() const { return size_; }

    /// The first event in order. Precondition: !empty(). Not const: it may move events down the
    /// ladder. The reference is valid until the next push or pop.
    const Event& front() {
        if (head_ == bottom_end_) [[unlikely]] {
            refill_bottom();
        }
        return bottom_[head_];
    }

    /// Removes front(). Precondition: front() was called since the last change.
    void pop() {
        ++head_;
        if (--size_ == 0) [[unlikely]] {
            reset();
        }
    }

    /// The sorted events from front() on (a prefix of the queue): lets the caller prefetch what it
    /// is about to dispatch.
    std::span<const Event> sorted_front() const { return {bottom_.data() + head_, bottom_end_ - head_}; }

    /// Calls visit(event) for every event, in no particular order.
    template <class Visit> void for_each(Visit visit) const;

    /// Removes every event for which `remove(event)` is true; returns how many. O(size).
    template <class Predicate> std::size_t remove_if(Predicate remove);

    /// Removes everything; keeps the memory for reuse.
    void clear();

    /// Shape of the ladder, for tests and notes.
    struct Stats {
        std::size_t top = 0;           ///< events in the top
        std::size_t rungs = 0;         ///< rungs in use
        std::size_t bottom = 0;        ///< events in the bottom
        std::size_t chunks = 0;        ///< chunks in the pool (used + free)
        std::uint64_t epochs = 0;      ///< rung 0 built from the top so far
        std::uint64_t rung_spawns = 0; ///< finer rungs created so far (crowded buckets, overfull bottoms)
        std::uint64_t refills = 0;     ///< buckets sorted into the bottom so far
    };
    Stats stats() const;

private:
    // Tuning: see notes/engine.md for the measurements behind each.
    static constexpr std::uint32_t kChunkCapacity = 16;    ///< events per chunk (a power of two)
    static constexpr std::size_t kMaxRungs = 8;            ///< as in the paper
    static constexpr std::uint32_t kEntriesPerBucket = 64; ///< target fill of a bucket when reached
    static constexpr std::uint64_t kMaxBuckets = 4096;     ///< rung 0 buckets: their tails stay in cache
    static constexpr std::uint64_t kWindow = 8;            ///< rung 0 spans ~kWindow mean waits
    static constexpr std::uint32_t kSplitThreshold = 4096; ///< a bigger bucket becomes a finer rung
    static constexpr std::size_t kMinBottomLimit = 256;    ///< bottom size that turns it into a rung
    static constexpr std::uint32_t kNil = UINT32_MAX;

    static_assert(std::has_single_bit(kChunkCapacity), "a bucket's tail fill is count % capacity");
    struct Chunk {
        std::array<Event, kChunkCapacity> events;
        std::uint32_t next = kNil; ///< meaningless in a bucket's tail chunk
    };
    /// A list of chunks, all full but the tail; events in insertion order.
    struct Bucket {
        std::uint32_t head = kNil;
        std::uint32_t tail = kNil;
        std::uint32_t count = 0;
    };
    /// Buckets of width 2^shift ticks from `start`; the last bucket reaches to `end` (exclusive).
    struct Rung {
        Ticks start = 0;
        Ticks end = 0;
        Ticks current_start = 0; ///< start of bucket `current`, or `end` when all are consumed
        int shift = 0;
        std::uint32_t current = 0; ///< first bucket not yet consumed
        std::uint32_t bucket_count = 0;
        std::vector<Bucket> buckets; ///< capacity kept between uses
    };

    void push_top(const Event& event) {
        append(top_, event);
        top_min_ = event.time < top_min_ ? event.time : top_min_;
        top_max_ = event.time > top_max_ ? event.time : top_max_;
    }
    void push_below(const Event& event);
    void insert_bottom(const Event& event);
    void refill_bottom();
    void start_epoch();
    /// Moves the events of `bucket`, all in [range_start, range_end), into the (empty) bottom, sorted.
    void sort_into_bottom(Bucket& bucket, Ticks range_start, Ticks range_end);
    void reset();
    /// Makes bottom_ (whose size is its capacity: live events are [head_, bottom_end_)) hold `size`.
    void reserve_bottom(std::size_t size) {
        if (bottom_.size() < size) {
            bottom_.resize(std::max(size, 2 * bottom_.size()));
        }
    }

    void append(Bucket& bucket, const Event& event) {
        // The tail's fill follows from the count: the store need not wait for a load of the tail.
        const std::uint32_t fill = bucket.count % kChunkCapacity;
        if (fill == 0) {
            add_chunk(bucket);
        }
        chunk(bucket.tail).events[fill] = event;
        ++bucket.count;
    }
    void add_chunk(Bucket& bucket);
    void free_chunk(std::uint32_t chunk) {
        this->chunk(chunk).next = free_chunk_;
        free_chunk_ = chunk;
    }
    /// Chunks live in fixed blocks, so a chunk never moves once made (a drain may read one while
    /// appending elsewhere) and the pool grows without copying.
    Chunk& chunk(std::uint32_t index) { return blocks_[index / kChunksPerBlock][index % kChunksPerBlock]; }
    const Chunk& chunk(std::uint32_t index) const { return blocks_[index / kChunksPerBlock][index % kChunksPerBlock]; }
    /// Calls visit(event) for every event of `bucket` in insertion order.
    template <class Visit> void for_each_in(const Bucket& bucket, Visit visit) const;
    /// Same, returning each chunk to the pool once read and leaving the bucket empty. `visit` may
    /// append to other buckets.
    template <class Visit> void drain(Bucket& bucket, Visit visit);

    /// Makes a new finest rung over [start, end) with buckets of width 2^shift (at most
    /// `max_buckets` of them: the last one then reaches to `end`).
    Rung& open_rung(Ticks start, Ticks end, int shift, std::uint64_t max_buckets);
    /// The width (as a shift) that puts about kEntriesPerBucket of `count` events spread evenly over
    /// [min_time, max_time] in each bucket.
    static int shift_for(Ticks min_time, Ticks max_time, std::uint64_t count);
    /// Same for the top's events, sized by the densest 1/64 of [min_time, max_time] (one pass).
    int shift_for_densest(Ticks min_time, Ticks max_time, std::uint64_t count) const;
    /// Where bucket `index` starts (unsigned arithmetic: rungs may start before zero).
    static Ticks bucket_start_of(const Rung& rung, std::uint32_t index) {
        return static_cast<Ticks>(static_cast<std::uint64_t>(rung.start) + (std::uint64_t{index} << rung.shift));
    }
    static std::uint32_t bucket_index(const Rung& rung, Ticks time) {
        const std::uint64_t index =
            (static_cast<std::uint64_t>(time) - static_cast<std::uint64_t>(rung.start)) >> rung.shift;
        return index < rung.bucket_count ? static_cast<std::uint32_t>(index) : rung.bucket_count - 1;
    }

    static constexpr std::uint32_t kChunksPerBlock = 256; ///< ~230 KB per block
    std::vector<std::unique_ptr<Chunk[]>> blocks_;
    std::uint32_t chunk_count_ = 0; ///< chunks made so far (used + free)
    std::uint32_t free_chunk_ = kNil;

    Bucket top_;
    Ticks top_start_ = INT64_MIN; ///< every event at or after this is in the top
    Ticks top_min_ = INT64_MAX;
    Ticks top_max_ = INT64_MIN;

    std::array<Rung, kMaxRungs> rungs_;
    std::size_t rung_count_ = 0; ///< rungs_[0] is the coarsest, rungs_[rung_count_ - 1] the finest

    std::vector<Event> bottom_; ///< sorted events in [head_, bottom_end_); size() is the capacity
    std::size_t head_ = 0;
    std::size_t bottom_end_ = 0;
    std::size_t bottom_limit_ = kMinBottomLimit;
    std::vector<std::uint32_t> counts_; ///< sort_into_bottom()'s histogram

    std::size_t size_ = 0;
    // Events that left through the bottom since the epoch began at epoch_start_: the rate that
    // sizes the next epoch.
    std::uint64_t epoch_pops_ = 0;
    Ticks epoch_start_ = 0;
    bool have_epoch_ = false;

    std::uint64_t epochs_ = 0;
    std::uint64_t rung_spawns_ = 0;
    std::uint64_t refills_ = 0;
    std::vector<Event> scratch_; ///< reused by remove_if
};

// [SECTION] Templates

template <class Visit> void EventQueue::for_each_in(const Bucket& bucket, Visit visit) const {
    std::uint32_t chunk = bucket.head;
    for (std::uint32_t remaining = bucket.count; remaining > 0;) {
        const std::uint32_t count = std::min(remaining, kChunkCapacity);
        for (std::uint32_t i = 0; i < count; ++i) {
            visit(this->chunk(chunk).events[i]);
        }
        remaining -= count;
        chunk = this->chunk(chunk).next;
    }
}

template <class Visit> void EventQueue::drain(Bucket& bucket, Visit visit) {
    std::uint32_t chunk = bucket.head;
    std::uint32_t remaining = bucket.count;
    bucket = Bucket{};
    while (remaining > 0) {
        const std::uint32_t count = std::min(remaining, kChunkCapacity);
        for (std::uint32_t i = 0; i < count; ++i) {
            visit(this->chunk(chunk).events[i]);
        }
        remaining -= count;
        const std::uint32_t next = this->chunk(chunk).next;
        free_chunk(chunk);
        chunk = next;
    }
}

template <class Visit> void EventQueue::for_each(Visit visit) const {
    for_each_in(top_, visit);
    for (std::size_t r = 0; r < rung_count_; ++r) {
        const Rung& rung = rungs_[r];
        for (std::uint32_t b = rung.current; b < rung.bucket_count; ++b) {
            for_each_in(rung.buckets[b], visit);
        }
    }
    for (std::size_t i = head_; i < bottom_end_; ++i) {
        visit(bottom_[i]);
    }
}

template <class Predicate> std::size_t EventQueue::remove_if(Predicate remove) {
    std::size_t removed = 0;
    auto filter = [&](Bucket& bucket) {
        scratch_.clear();
        drain(bucket, [&](const Event& event) { scratch_.push_back(event); });
        for (const Event& event : scratch_) {
            if (remove(event)) {
                ++removed;
            } else {
                append(bucket, event);
            }
        }
    };
    filter(top_);
    for (std::size_t r = 0; r < rung_count_; ++r) {
        Rung& rung = rungs_[r];
        for (std::uint32_t b = rung.current; b < rung.bucket_count; ++b) {
            if (rung.buckets[b].count != 0) {
                filter(rung.buckets[b]);
            }
        }
    }
    std::size_t kept = head_;
    for (std::size_t i = head_; i < bottom_end_; ++i) {
        if (remove(bottom_[i])) {
            ++removed;
        } else {
            bottom_[kept++] = bottom_[i];
        }
    }
    bottom_end_ = kept;
    size_ -= removed;
    if (size_ == 0) {
        reset();
    }
    return removed;
}

} // namespace innosim::sim

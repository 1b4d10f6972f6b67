#include "sim/event_queue.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace innosim::sim {

namespace {

/// start + length, saturating at the end of time (a rung over the far future must not wrap).
Ticks add_clamped(Ticks start, std::uint64_t length) {
    const std::uint64_t room = static_cast<std::uint64_t>(kNever) - static_cast<std::uint64_t>(start);
    return length >= room ? kNever : static_cast<Ticks>(static_cast<std::uint64_t>(start) + length);
}

/// The power of two nearest to `width` ticks (at least 1 tick, at most 2^62), as a shift.
int nearest_shift(double width) {
    if (!(width > 1.5)) {
        return 0;
    }
    if (width >= 0x1p62) {
        return 62;
    }
    return static_cast<int>(std::lround(std::log2(width)));
}

std::uint64_t span_of(Ticks from, Ticks to) {
    return static_cast<std::uint64_t>(to) - static_cast<std::uint64_t>(from);
}

} // namespace

EventQueue::EventQueue() {
    bottom_.resize(kMinBottomLimit);
}

void EventQueue::add_chunk(Bucket& bucket) {
    std::uint32_t chunk = free_chunk_;
    if (chunk != kNil) {
        free_chunk_ = this->chunk(chunk).next;
    } else {
        INNOSIM_ASSERT(chunk_count_ < kNil - kChunksPerBlock, "event queue chunk pool exhausted");
        if (chunk_count_ % kChunksPerBlock == 0) {
            blocks_.push_back(std::make_unique<Chunk[]>(kChunksPerBlock));
        }
        chunk = chunk_count_++;
    }
    if (bucket.count == 0) {
        bucket.head = chunk;
    } else {
        this->chunk(bucket.tail).next = chunk;
    }
    bucket.tail = chunk;
}

int EventQueue::shift_for(Ticks min_time, Ticks max_time, std::uint64_t count) {
    return nearest_shift(static_cast<double>(span_of(min_time, max_time)) * kEntriesPerBucket /
                         static_cast<double>(count));
}

int EventQueue::shift_for_densest(Ticks min_time, Ticks max_time, std::uint64_t count) const {
    constexpr std::uint64_t kBins = 64;
    const std::uint64_t span = span_of(min_time, max_time);
    if (span < kBins || count < 4 * kBins) {
        return shift_for(min_time, max_time, count);
    }
    const std::uint64_t bin_width = span / kBins + 1;
    std::array<std::uint64_t, kBins> bins{};
    for_each_in(top_, [&](const Event& event) { ++bins[span_of(min_time, event.time) / bin_width]; });
    const std::uint64_t densest = *std::max_element(bins.begin(), bins.end());
    return nearest_shift(static_cast<double>(bin_width) * kEntriesPerBucket / static_cast<double>(densest));
}

EventQueue::Rung& EventQueue::open_rung(Ticks start, Ticks end, int shift, std::uint64_t max_buckets) {
    INNOSIM_ASSERT(rung_count_ < kMaxRungs, "ladder queue has no free rung");
    INNOSIM_ASSERT(start < end, "empty rung");
    const std::uint64_t range = span_of(start, end);
    const std::uint64_t bucket_count = std::min(((range - 1) >> shift) + 1, std::max<std::uint64_t>(max_buckets, 1));
    INNOSIM_ASSERT(bucket_count < kNil, "ladder rung too wide");

    Rung& rung = rungs_[rung_count_++];
    rung.start = start;
    rung.end = end;
    rung.current_start = start;
    rung.shift = shift;
    rung.current = 0;
    rung.bucket_count = static_cast<std::uint32_t>(bucket_count);
    rung.buckets.assign(bucket_count, Bucket{}); // keeps its capacity
    return rung;
}

void EventQueue::push_below(const Event& event) {
    // Coarsest rung first: a rung takes the event unless it is before the rung's first unconsumed
    // bucket; events before the finest rung's current bucket belong to the bottom.
    for (std::size_t r = 0; r < rung_count_; ++r) {
        Rung& rung = rungs_[r];
        if (event.time >= rung.current_start) {
            append(rung.buckets[bucket_index(rung, event.time)], event);
            return;
        }
    }
    insert_bottom(event);
}

void EventQueue::insert_bottom(const Event& event) {
    ++epoch_pops_; // it will leave through the bottom
    if (bottom_end_ == bottom_.size()) {
        if (head_ * 2 >= bottom_end_) {
            // A long run of inserts into the bottom while it drains: drop the consumed prefix.
            std::move(bottom_.begin() + static_cast<std::ptrdiff_t>(head_),
                      bottom_.begin() + static_cast<std::ptrdiff_t>(bottom_end_), bottom_.begin());
            bottom_end_ -= head_;
            head_ = 0;
        } else {
            reserve_bottom(bottom_end_ + 1);
        }
    }
    Event* const first = bottom_.data() + head_;
    Event* const last = bottom_.data() + bottom_end_;
    Event* const position = std::upper_bound(first, last, event, before);
    if (head_ > 0 && position - first < last - position) {
        std::move(first, position, first - 1); // shift the shorter side into the consumed slot
        *(position - 1) = event;
        --head_;
    } else {
        std::move_backward(position, last, last + 1); // usually nothing: the newest event goes last
        *position = event;
        ++bottom_end_;
    }

    const std::size_t live = bottom_end_ - head_;
    if (live > bottom_limit_ && rung_count_ < kMaxRungs && bottom_[bottom_end_ - 1].time > bottom_[head_].time) {
        // Too many inserts landed in the bottom (the clock sits just before a dense cluster): spread
        // it over a new finest rung instead of paying a growing memmove per insert.
        const Ticks boundary = rung_count_ > 0 ? rungs_[rung_count_ - 1].current_start : top_start_;
        const Ticks min_time = bottom_[head_].time;
        const Ticks max_time = bottom_[bottom_end_ - 1].time;
        const int shift = shift_for(min_time, max_time, live);
        Rung& rung = open_rung(min_time, boundary, shift, (span_of(min_time, max_time) >> shift) + 1);
        ++rung_spawns_;
        for (std::size_t i = head_; i < bottom_end_; ++i) {
            append(rung.buckets[bucket_index(rung, bottom_[i].time)], bottom_[i]);
        }
        epoch_pops_ -= live; // counted again when they come back down
        head_ = 0;
        bottom_end_ = 0;
    }
}

void EventQueue::start_epoch() {
    // Everything left is in the top; rung 0 becomes a calendar over its near part. Bucket width: at
    // the rate events left in the previous epoch, a bucket would hold about kEntriesPerBucket when
    // the clock reaches it. Span: about kWindow times the mean time an event waits, so far-future
    // events stay in the top for a later epoch. At most kMaxBuckets buckets, so that the tails being
    // appended to stay in cache: with many pending events the buckets are then wider, and a bucket
    // too crowded to sort is split over a finer rung when reached.
    const std::uint64_t top_count = top_.count;
    INNOSIM_ASSERT(top_count > 0, "event queue lost events");
    int shift = 0;
    const Ticks previous_end = top_start_;
    if (have_epoch_ && epoch_pops_ >= 2 * kEntriesPerBucket && previous_end > epoch_start_) {
        const double rate = static_cast<double>(epoch_pops_) / static_cast<double>(previous_end - epoch_start_);
        shift = nearest_shift(kEntriesPerBucket / rate);
    } else {
        shift = shift_for_densest(top_min_, top_max_, top_count); // no history: the top's densest part
    }
    // The span covers the window even beyond the top's last event: events scheduled during the epoch
    // land there instead of in the top.
    const std::uint64_t fine_buckets = std::max<std::uint64_t>(64, kWindow * size_ / kEntriesPerBucket);
    const std::uint64_t cover = fine_buckets > (UINT64_MAX >> shift) ? UINT64_MAX : fine_buckets << shift;
    while (shift < 62 && ((cover - 1) >> shift) >= kMaxBuckets) {
        ++shift;
    }
    const std::uint64_t bucket_count = ((cover - 1) >> shift) + 1;
    const Ticks end = add_clamped(top_min_, bucket_count > (UINT64_MAX >> shift) ? UINT64_MAX : bucket_count << shift);

    Rung& rung = open_rung(top_min_, end, shift, bucket_count);
    top_start_ = end;
    top_min_ = kNever;
    top_max_ = INT64_MIN;
    drain(top_, [&](const Event& event) {
        if (event.time >= end) {
            push_top(event); // still beyond this epoch
        } else {
            append(rung.buckets[bucket_index(rung, event.time)], event);
        }
    });
    epoch_start_ = rung.start;
    epoch_pops_ = 0;
    have_epoch_ = true;
    ++epochs_;
}

void EventQueue::refill_bottom() {
    INNOSIM_ASSERT(size_ > 0, "front() of an empty event queue");
    head_ = 0;
    bottom_end_ = 0;
    for (;;) {
        if (rung_count_ == 0) {
            start_epoch();
        }
        Rung& rung = rungs_[rung_count_ - 1];
        while (rung.current < rung.bucket_count && rung.buckets[rung.current].count == 0) {
            ++rung.current;
        }
        if (rung.current == rung.bucket_count) {
            --rung_count_; // consumed: the next coarser rung (or the top) continues
            continue;
        }
        Bucket bucket = rung.buckets[rung.current];
        rung.buckets[rung.current] = Bucket{};
        const Ticks bucket_start = bucket_start_of(rung, rung.current);
        ++rung.current;
        rung.current_start = rung.current < rung.bucket_count ? bucket_start_of(rung, rung.current) : rung.end;

        if (bucket.count > kSplitThreshold && rung_count_ < kMaxRungs) {
            // Too crowded to sort at once: split it over a finer rung, unless every event has the
            // same time (then no rung can split it and the sort does the work).
            Ticks min_time = kNever;
            Ticks max_time = INT64_MIN;
            for_each_in(bucket, [&](const Event& event) {
                min_time = std::min(min_time, event.time);
                max_time = std::max(max_time, event.time);
            });
            if (max_time > min_time) {
                const int shift = shift_for(min_time, max_time, bucket.count);
                Rung& child =
                    open_rung(min_time, rung.current_start, shift, (span_of(min_time, max_time) >> shift) + 1);
                ++rung_spawns_;
                drain(bucket,
                      [&](const Event& event) { append(child.buckets[bucket_index(child, event.time)], event); });
                continue;
            }
        }
        sort_into_bottom(bucket, bucket_start, rung.current_start);
        return;
    }
}

void EventQueue::sort_into_bottom(Bucket& bucket, Ticks range_start, Ticks range_end) {
    const std::uint32_t n = bucket.count;
    epoch_pops_ += n;
    ++refills_;
    bottom_limit_ = std::max<std::size_t>(kMinBottomLimit, 2 * std::size_t{n});
    reserve_bottom(n);
    head_ = 0;
    bottom_end_ = n;
    Event* const out = bottom_.data();

    constexpr std::uint32_t kSmall = 16;
    if (n <= kSmall) {
        std::uint32_t i = 0;
        drain(bucket, [&](const Event& event) { out[i++] = event; });
        std::sort(out, out + n, before);
        return;
    }

    // Counting sort on the time's high bits into about n sub-ranges, most holding zero or one event.
    const std::uint64_t range = span_of(range_start, range_end);
    const int bits = static_cast<int>(std::bit_width(std::uint64_t{n} - 1));
    const int shift = std::max(0, static_cast<int>(std::bit_width(range - 1)) - bits);
    const std::size_t sub_ranges = static_cast<std::size_t>((range - 1) >> shift) + 1;
    counts_.assign(sub_ranges + 1, 0);
    std::uint32_t* const counts = counts_.data();
    std::uint32_t crowded = 0;
    for_each_in(bucket, [&](const Event& event) {
        const std::uint32_t count = ++counts[(span_of(range_start, event.time) >> shift) + 1];
        crowded = count > crowded ? count : crowded;
    });
    for (std::size_t i = 1; i <= sub_ranges; ++i) {
        counts[i] += counts[i - 1];
    }
    drain(bucket, [&](const Event& event) { out[counts[span_of(range_start, event.time) >> shift]++] = event; });

    if (crowded > kSmall) {
        std::sort(out, out + n, before); // a cluster of (nearly) equal times: no shortcut
        return;
    }
    // Only events of one sub-range can be out of order, and few sub-ranges hold two.
    for (std::uint32_t i = 1; i < n; ++i) {
        if (before(out[i], out[i - 1])) {
            const Event event = out[i];
            std::uint32_t j = i;
            do {
                out[j] = out[j - 1];
                --j;
            } while (j > 0 && before(event, out[j - 1]));
            out[j] = event;
        }
    }
}

void EventQueue::reset() {
    // Empty: the next events all go to the top, and the first front() builds a ladder to fit them
    // (sized by their own spread: the last epoch's rate may not describe what comes next).
    rung_count_ = 0;
    top_start_ = INT64_MIN;
    top_min_ = kNever;
    top_max_ = INT64_MIN;
    head_ = 0;
    bottom_end_ = 0;
    bottom_limit_ = kMinBottomLimit;
    have_epoch_ = false;
}

void EventQueue::clear() {
    // Every chunk back to the pool, every bucket empty.
    free_chunk_ = kNil;
    for (std::uint32_t i = chunk_count_; i-- > 0;) {
        free_chunk(i);
    }
    top_ = Bucket{};
    for (Rung& rung : rungs_) {
        std::fill(rung.buckets.begin(), rung.buckets.end(), Bucket{});
    }
    size_ = 0;
    reset();
}

EventQueue::Stats EventQueue::stats() const {
    Stats stats;
    stats.top = top_.count;
    stats.rungs = rung_count_;
    stats.bottom = bottom_end_ - head_;
    stats.chunks = chunk_count_;
    stats.epochs = epochs_;
    stats.rung_spawns = rung_spawns_;
    stats.refills = refills_;
    return stats;
}

} // namespace innosim::sim

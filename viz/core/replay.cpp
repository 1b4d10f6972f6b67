#include "viz/core/replay.hpp"

#include <algorithm>
#include <cmath>

namespace innosim::viz {

// [SECTION] Cursor

ReplayCursor::ReplayCursor(Ticks begin, Ticks end) : begin_(begin), end_(std::max(begin, end)), time_(begin) {}

void ReplayCursor::seek(Ticks t) {
    time_ = std::clamp(t, begin_, end_);
    carry_ = 0;
}

void ReplayCursor::set_span(Ticks begin, Ticks end) {
    begin_ = begin;
    end_ = std::max(begin, end);
    time_ = std::clamp(time_, begin_, end_);
}

void ReplayCursor::play() {
    if (time_ >= end_) {
        time_ = begin_; // play at the end starts over, as media players do
    }
    playing_ = true;
}

void ReplayCursor::toggle_play() {
    if (playing_) {
        pause();
    } else {
        play();
    }
}

void ReplayCursor::set_speed_index(std::size_t index) {
    speed_ = std::min(index, kSpeeds.size() - 1);
}

void ReplayCursor::faster() {
    set_speed_index(speed_ + 1);
}

void ReplayCursor::slower() {
    set_speed_index(speed_ == 0 ? 0 : speed_ - 1);
}

void ReplayCursor::advance(double seconds) {
    if (!playing_ || seconds <= 0) {
        return;
    }
    const double ticks = seconds * days_per_second() * static_cast<double>(sim::kTicksPerDay) + carry_;
    const double whole = std::floor(ticks);
    carry_ = ticks - whole;
    const double room = static_cast<double>(end_ - time_);
    if (whole >= room) {
        time_ = end_;
        carry_ = 0;
        playing_ = false;
        return;
    }
    time_ += static_cast<Ticks>(whole);
}

void ReplayCursor::step_month(const sim::Calendar& calendar, int direction) {
    if (direction > 0) {
        seek(calendar.start_of_next_month(time_));
        return;
    }
    const sim::JalaliDate today = calendar.date_at(time_);
    Ticks month_start = calendar.to_ticks({today.year, today.month, 1});
    if (month_start >= time_) {
        const sim::JalaliDate previous =
            today.month == 1 ? sim::JalaliDate{today.year - 1, 12, 1} : sim::JalaliDate{today.year, today.month - 1, 1};
        month_start = calendar.to_ticks(previous);
    }
    seek(month_start);
}

// [SECTION] Frame

KpiValues kpis_at(const RunModel& model, Ticks t) {
    const std::size_t i = model.snapshot_at_or_before(t).value_or(0);
    const KpiValues a = kpi_values(model.summary(i).kpis());
    if (i + 1 >= model.snapshot_count() || t <= model.snapshot_time(i)) {
        return a;
    }
    const Ticks t0 = model.snapshot_time(i);
    const Ticks t1 = model.snapshot_time(i + 1);
    const double f = t1 > t0 ? static_cast<double>(t - t0) / static_cast<double>(t1 - t0) : 0.0;
    return lerp(a, kpi_values(model.summary(i + 1).kpis()), f);
}

ReplayFrame build_frame(const RunModel& model, Ticks t, const FrameOptions& options) {
    ReplayFrame frame;
    FrameSegment segment;
    build_frame_into(model, t, frame, segment, options);
    return frame;
}

namespace {

void build_segment(const RunModel& model, std::size_t snapshot, std::shared_ptr<const StartupRows> before,
                   std::shared_ptr<const StartupRows> after, Ticks t0, Ticks t1, const FrameOptions& options,
                   FrameSegment& segment) {
    segment.model = &model;
    segment.revision = model.revision();
    segment.fade_days = options.fade_days;
    const double fade_ticks = std::max(1.0, options.fade_days * static_cast<double>(sim::kTicksPerDay));
    // Frames of this pair are at t >= t0, but for times before the first snapshot.
    const bool prune = snapshot > 0;
    segment.firms.clear();
    segment.changes.clear();
    segment.firms.reserve(after->size());
    auto a = before->begin();
    for (std::size_t r = 0; r < after->size(); ++r) {
        const StartupRow& row = (*after)[r];
        while (a != before->end() && a->id < row.id) {
            ++a;
        }
        const bool known_before = a != before->end() && a->id == row.id;
        const StartupInfo* info = model.startup_info(row.id);

        FrameSegment::Firm f;
        f.id = row.id;
        f.row = static_cast<std::uint32_t>(r);
        f.district = row.district;
        f.category = row.category;
        f.founded = row.founded;
        f.x1 = row.x;
        f.y1 = row.y;
        f.employees1 = static_cast<float>(row.employees);
        f.cash1 = static_cast<double>(row.cash_rial);
        Ticks since = 0; // stage changes after this instant count
        if (known_before) {
            f.known_before = true;
            f.x0 = a->x;
            f.y0 = a->y;
            f.employees0 = static_cast<float>(a->employees);
            f.cash0 = static_cast<double>(a->cash_rial);
            f.stage = a->stage;
            f.in_factory = a->in_factory;
            f.knowledge_based = a->knowledge_based;
            since = t0;
        } else {
            const bool has_events = info != nullptr && !info->stage_changes.empty();
            f.stage = has_events ? run::IDEA : row.stage;
            f.in_factory = row.in_factory;
            f.knowledge_based = row.knowledge_based;
            since = row.founded - 1;
        }
        f.failed_at = info != nullptr && info->ended != sim::kNever ? info->ended : t1;
        f.changes = static_cast<std::uint32_t>(segment.changes.size());
        if (info != nullptr && !info->stage_changes.empty() && info->stage_changes.back().first > since) {
            for (const auto& change : info->stage_changes) {
                if (change.first > since) {
                    segment.changes.push_back(change);
                }
            }
        }
        f.change_count = static_cast<std::uint32_t>(segment.changes.size()) - f.changes;
        const bool faded = prune && f.known_before && f.stage == run::FAILED && f.change_count == 0 &&
                           static_cast<double>(t0 - std::min(f.failed_at, t0)) >= fade_ticks;
        if (faded) {
            continue;
        }
        segment.firms.push_back(f);
    }
    segment.before = std::move(before);
    segment.after = std::move(after);
}

} // namespace

void build_frame_into(const RunModel& model, Ticks t, ReplayFrame& frame, FrameSegment& segment,
                      const FrameOptions& options) {
    frame.startups.clear();
    frame.time = t;
    frame.snapshot = model.snapshot_at_or_before(t).value_or(0);
    const Ticks t0 = model.snapshot_time(frame.snapshot);
    const bool between = frame.snapshot + 1 < model.snapshot_count() && t > t0;
    frame.next = between ? frame.snapshot + 1 : frame.snapshot;
    const Ticks t1 = model.snapshot_time(frame.next);
    frame.fraction = between && t1 > t0 ? static_cast<double>(t - t0) / static_cast<double>(t1 - t0) : 0.0;
    frame.kpis = kpis_at(model, t);

    std::shared_ptr<const StartupRows> before = model.startups(frame.snapshot);
    std::shared_ptr<const StartupRows> after = between ? model.startups(frame.next) : before;
    if (segment.model != &model || segment.revision != model.revision() || segment.fade_days != options.fade_days ||
        segment.before != before || segment.after != after) {
        build_segment(model, frame.snapshot, before, after, t0, t1, options, segment);
    }
    frame.rows = segment.after;
    const auto f = static_cast<float>(frame.fraction);
    const double fade_ticks = std::max(1.0, options.fade_days * static_cast<double>(sim::kTicksPerDay));

    frame.startups.reserve(segment.firms.size());
    for (const FrameSegment::Firm& firm : segment.firms) {
        if (firm.founded > t) {
            continue;
        }
        StartupFrame s;
        s.id = firm.id;
        s.x = firm.x1;
        s.y = firm.y1;
        s.district = firm.district;
        s.category = firm.category;
        s.row = firm.row;
        // Status flags flip at the next snapshot: no event says exactly when.
        s.in_factory = firm.in_factory;
        s.knowledge_based = firm.knowledge_based;
        s.stage = firm.stage;
        for (std::uint32_t c = firm.changes; c < firm.changes + firm.change_count; ++c) {
            if (segment.changes[c].first > t) {
                break;
            }
            s.stage = segment.changes[c].second;
        }
        if (firm.known_before) {
            // Firms move (into the factory and out): glide between the two positions.
            s.x = firm.x0 + (firm.x1 - firm.x0) * f;
            s.y = firm.y0 + (firm.y1 - firm.y0) * f;
            s.employees = firm.employees0 + (firm.employees1 - firm.employees0) * f;
            s.cash_rial = firm.cash0 + (firm.cash1 - firm.cash0) * frame.fraction;
        } else {
            s.employees = firm.employees1;
            s.cash_rial = firm.cash1;
        }
        if (s.stage == run::FAILED) {
            const Ticks failed_at = std::min(firm.failed_at, t);
            s.fade = static_cast<float>(1.0 - static_cast<double>(t - failed_at) / fade_ticks);
            if (s.fade <= 0) {
                continue;
            }
        }
        frame.startups.push_back(s);
    }
}

} // namespace innosim::viz

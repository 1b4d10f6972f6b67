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

run::Stage stage_at(const StartupInfo* info, run::Stage before, Ticks t0, Ticks t) {
    if (info == nullptr || info->stage_changes.empty() || info->stage_changes.back().first <= t0) {
        return before;
    }
    run::Stage stage = before;
    for (const auto& [when, next] : info->stage_changes) {
        if (when > t) {
            break;
        }
        if (when > t0) {
            stage = next;
        }
    }
    return stage;
}

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
    build_frame_into(model, t, frame, options);
    return frame;
}

void build_frame_into(const RunModel& model, Ticks t, ReplayFrame& frame, const FrameOptions& options) {
    frame.startups.clear();
    frame.time = t;
    frame.snapshot = model.snapshot_at_or_before(t).value_or(0);
    const Ticks t0 = model.snapshot_time(frame.snapshot);
    const bool between = frame.snapshot + 1 < model.snapshot_count() && t > t0;
    frame.next = between ? frame.snapshot + 1 : frame.snapshot;
    const Ticks t1 = model.snapshot_time(frame.next);
    frame.fraction = between && t1 > t0 ? static_cast<double>(t - t0) / static_cast<double>(t1 - t0) : 0.0;
    frame.kpis = kpis_at(model, t);

    const std::shared_ptr<const StartupRows> before = model.startups(frame.snapshot);
    const std::shared_ptr<const StartupRows> after = between ? model.startups(frame.next) : before;
    frame.rows = after;
    const auto f = static_cast<float>(frame.fraction);
    const double fade_ticks = std::max(1.0, options.fade_days * static_cast<double>(sim::kTicksPerDay));

    frame.startups.reserve(after->size());
    auto a = before->begin();
    for (std::size_t r = 0; r < after->size(); ++r) {
        const StartupRow& row = (*after)[r];
        if (row.founded > t) {
            continue;
        }
        while (a != before->end() && a->id < row.id) {
            ++a;
        }
        const bool known_before = a != before->end() && a->id == row.id;
        const StartupInfo* info = model.startup_info(row.id);

        StartupFrame s;
        s.id = row.id;
        s.x = row.x;
        s.y = row.y;
        s.district = row.district;
        s.category = row.category;
        s.row = static_cast<std::uint32_t>(r);
        if (known_before) {
            // Firms move (into the factory and out): glide between the two positions.
            s.x = a->x + (row.x - a->x) * f;
            s.y = a->y + (row.y - a->y) * f;
            s.employees = static_cast<float>(a->employees) + (static_cast<float>(row.employees) - a->employees) * f;
            s.cash_rial = static_cast<double>(a->cash_rial) +
                          (static_cast<double>(row.cash_rial) - static_cast<double>(a->cash_rial)) * frame.fraction;
            s.stage = stage_at(info, a->stage, t0, t);
            // Status flags flip at the next snapshot: no event says exactly when.
            s.in_factory = a->in_factory;
            s.knowledge_based = a->knowledge_based;
        } else {
            s.employees = static_cast<float>(row.employees);
            s.cash_rial = static_cast<double>(row.cash_rial);
            const bool has_events = info != nullptr && !info->stage_changes.empty();
            s.stage = stage_at(info, has_events ? run::IDEA : row.stage, row.founded - 1, t);
            s.in_factory = row.in_factory;
            s.knowledge_based = row.knowledge_based;
        }
        if (s.stage == run::FAILED) {
            Ticks failed_at = info != nullptr && info->ended != sim::kNever ? info->ended : t1;
            failed_at = std::min(failed_at, t);
            s.fade = static_cast<float>(1.0 - static_cast<double>(t - failed_at) / fade_ticks);
            if (s.fade <= 0) {
                continue;
            }
        }
        frame.startups.push_back(s);
    }
}

} // namespace innosim::viz

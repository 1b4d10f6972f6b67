#include "viz/core/run_model.hpp"

#include "sim/input_error.hpp"

#include <algorithm>
#include <cstdint>

namespace innosim::viz {

namespace {

constexpr std::size_t kCacheCapacity = 4; // two for interpolation, two for a seek back and forth

sim::JalaliDate start_date_of(const run::RunHeader& header, const std::string& name) {
    if (header.start_date().empty()) {
        throw InputError(name + ": the run header has no start_date");
    }
    return sim::parse_jalali(header.start_date());
}

run::Stage stage_after(const run::Event& event) {
    switch (event.kind()) {
    case run::STARTUP_FAILED:
        return run::FAILED;
    case run::STARTUP_EXITED:
        return run::EXITED;
    default:
        return run::Stage_IsValid(event.value()) ? static_cast<run::Stage>(event.value()) : run::IDEA;
    }
}

} // namespace

RunModel::RunModel(run::RunHeader header, sim::Calendar calendar) : header_(std::move(header)), calendar_(calendar) {
    details_.emplace_back();
    detail_ids_.emplace(std::string(), 0);
    if (header_.horizon_time() > 0) {
        horizon_ = header_.horizon_time();
    } else if (!header_.horizon_date().empty()) {
        horizon_ = calendar_.to_ticks(sim::parse_jalali(header_.horizon_date()));
    }
}

RunModel RunModel::load(const std::filesystem::path& path) {
    auto reader = std::make_unique<io::RunFileReader>(io::RunFileReader::open(path));
    const sim::Calendar calendar(start_date_of(reader->header(), reader->path().string()));
    RunModel model(reader->header(), calendar);
    model.path_ = reader->path();
    model.label_ = model.path_.stem().string();
    model.reader_ = std::move(reader);
    model.reader_->for_each_frame([&model](const run::Frame& frame) { model.add_frame(frame); });
    if (model.summaries_.empty()) {
        throw InputError(path.string() + ": the run has no snapshots, so there is nothing to replay");
    }
    model.finish(model.reader_->footer());
    return model;
}

RunModel RunModel::stream(const run::RunHeader& header, std::string label) {
    const sim::Calendar calendar(start_date_of(header, label));
    RunModel model(header, calendar);
    model.label_ = std::move(label);
    model.index();
    return model;
}

std::string RunModel::title() const {
    const std::string& name = header_.scenario().name();
    return name.empty() ? label_ : name;
}

std::string RunModel::source_label() const {
    return label_;
}

void RunModel::append(const run::Frame& frame) {
    add_frame(frame);
    index();
}

void RunModel::finish(const run::Footer& footer) {
    footer_ = footer;
    finished_ = true;
    index();
}

void RunModel::add_frame(const run::Frame& frame) {
    ++frames_appended_;
    ++revision_;
    if (frame.has_events()) {
        for (const run::Event& event : frame.events().events()) {
            add_event(event);
        }
    } else if (frame.has_snapshot()) {
        if (!reader_) {
            streamed_rows_.push_back(std::make_shared<const StartupRows>(decode_startups(frame.snapshot())));
        }
        add_snapshot(frame.snapshot());
    }
}

void RunModel::index() {
    ++revision_;
    // Frames are recorded in time order, so the usual case only appends; an event out of order
    // re-sorts (stably, as a whole-file load would) and rebuilds the per-agent lists.
    if (events_unsorted_) {
        std::stable_sort(events_.begin(), events_.end(),
                         [](const EventRec& a, const EventRec& b) { return a.time < b.time; });
        agent_events_.clear();
        indexed_events_ = 0;
        events_unsorted_ = false;
    }
    for (std::size_t n = indexed_events_; n < events_.size(); ++n) {
        const auto i = static_cast<std::uint32_t>(n);
        const EventRec& e = events_[n];
        agent_events_[e.subject].push_back(i);
        if (e.object.kind != run::AGENT_KIND_UNSPECIFIED && !(e.object == e.subject)) {
            agent_events_[e.object].push_back(i);
        }
    }
    indexed_events_ = events_.size();

    // Dense ids (the usual case) get a plain vector instead of hashing per frame.
    const bool dense = !startup_infos_.empty() && max_startup_id_ < 4 * startup_infos_.size() + 1024;
    if (!dense) {
        dense_index_.clear();
        dense_indexed_ = 0;
    } else {
        if (dense_index_.size() < static_cast<std::size_t>(max_startup_id_) + 1) {
            dense_index_.resize(static_cast<std::size_t>(max_startup_id_) + 1, UINT32_MAX);
        }
        for (std::size_t i = dense_indexed_; i < startup_infos_.size(); ++i) {
            dense_index_[startup_infos_[i].id] = static_cast<std::uint32_t>(i);
        }
        dense_indexed_ = startup_infos_.size();
    }

    if (summaries_.empty()) {
        return;
    }
    begin_ = std::min<Ticks>(0, summaries_.front().time());
    if (finished_) {
        end_ = std::max({header_.end_time(), footer_.last_time(), summaries_.back().time()});
    } else {
        // Still arriving: the run reaches as far as its last frame.
        end_ = std::max(summaries_.back().time(), events_.empty() ? Ticks{0} : events_.back().time);
    }
    if (header_.horizon_time() <= 0 && header_.horizon_date().empty()) {
        horizon_ = end_; // no horizon in the header: the run's end stands in for it
    }
}

StartupInfo& RunModel::info_for(std::uint32_t id) {
    const auto [it, inserted] = startup_index_.emplace(id, static_cast<std::uint32_t>(startup_infos_.size()));
    if (inserted) {
        startup_infos_.push_back(StartupInfo{.id = id});
        max_startup_id_ = std::max(max_startup_id_, id);
    }
    return startup_infos_[it->second];
}

void RunModel::add_event(const run::Event& event) {
    EventRec rec;
    rec.time = event.time();
    rec.amount_rial = event.amount_rial();
    rec.subject = to_key(event.subject());
    if (event.has_object()) {
        rec.object = to_key(event.object());
    } else if (event.kind() == run::TRANSFER) {
        // The recorder leaves out the default counterpart (households and the market, outside #0).
        rec.object = {run::OUTSIDE, 0};
    }
    rec.value = event.value();
    rec.kind = event.kind();
    rec.reason = event.reason();
    if (!event.detail().empty()) {
        const auto [it, inserted] = detail_ids_.emplace(event.detail(), static_cast<std::uint32_t>(details_.size()));
        if (inserted) {
            details_.push_back(event.detail());
        }
        rec.detail = it->second;
    }
    events_unsorted_ = events_unsorted_ || (!events_.empty() && rec.time < events_.back().time);
    events_.push_back(rec);

    if (rec.subject.kind != run::STARTUP) {
        return;
    }
    switch (event.kind()) {
    case run::STARTUP_FOUNDED:
        info_for(rec.subject.id).founded = rec.time;
        break;
    case run::STAGE_ADVANCED:
    case run::STARTUP_FAILED:
    case run::STARTUP_EXITED: {
        StartupInfo& info = info_for(rec.subject.id);
        // In time order, ties in arrival order (as a stable sort would leave them).
        const auto at = std::upper_bound(info.stage_changes.begin(), info.stage_changes.end(), rec.time,
                                         [](Ticks t, const auto& change) { return t < change.first; });
        info.stage_changes.emplace(at, rec.time, stage_after(event));
        if (event.kind() != run::STAGE_ADVANCED) {
            info.ended = std::min(info.ended, rec.time);
        }
        if (event.kind() == run::STARTUP_FAILED && run::FailureCause_IsValid(event.value())) {
            info.failure_cause = static_cast<run::FailureCause>(event.value());
        }
        break;
    }
    default:
        break;
    }
}

void RunModel::add_snapshot(run::Snapshot snapshot) {
    for (const run::StartupState& s : snapshot.startups()) {
        StartupInfo& info = info_for(s.id());
        info.founded = s.founded();
        info.final_stage = s.stage();
        info.district = s.district();
        info.peak_employees = std::max(info.peak_employees, s.employees());
        if ((s.stage() == run::FAILED || s.stage() == run::EXITED) && info.ended == sim::kNever) {
            info.ended = snapshot.time(); // no event recorded it: the snapshot is the best we know
        }
        if (s.stage() == run::FAILED && s.failure_cause() != run::FAILURE_CAUSE_UNSPECIFIED) {
            info.failure_cause = s.failure_cause();
        }
    }
    snapshot.clear_startups();
    summaries_.push_back(std::move(snapshot));
}

std::optional<std::size_t> RunModel::snapshot_at_or_before(Ticks t) const {
    const auto after = std::upper_bound(summaries_.begin(), summaries_.end(), t,
                                        [](Ticks time, const run::Snapshot& s) { return time < s.time(); });
    if (after == summaries_.begin()) {
        return std::nullopt;
    }
    return static_cast<std::size_t>(std::distance(summaries_.begin(), after) - 1);
}

std::shared_ptr<const StartupRows> RunModel::startups(std::size_t i) const {
    auto& entries = cache_->entries;
    const auto hit = std::find_if(entries.begin(), entries.end(), [i](const auto& e) { return e.first == i; });
    if (hit != entries.end()) {
        std::rotate(hit, hit + 1, entries.end());
        return entries.back().second;
    }
    if (!reader_) {
        return streamed_rows_.at(i);
    }
    auto rows = std::make_shared<const StartupRows>(decode_startups(reader_->snapshot(i)));
    ++cache_->reads;
    if (entries.size() >= kCacheCapacity) {
        entries.erase(entries.begin());
    }
    entries.emplace_back(i, rows);
    return rows;
}

std::pair<std::size_t, std::size_t> RunModel::event_range(Ticks from, Ticks to) const {
    const auto by_time = [](const EventRec& e, Ticks t) { return e.time < t; };
    const auto first = std::lower_bound(events_.begin(), events_.end(), from, by_time);
    const auto last = std::lower_bound(first, events_.end(), to, by_time);
    return {static_cast<std::size_t>(first - events_.begin()), static_cast<std::size_t>(last - events_.begin())};
}

const std::vector<std::uint32_t>& RunModel::agent_events(AgentKey agent) const {
    static const std::vector<std::uint32_t> kNone;
    const auto it = agent_events_.find(agent);
    return it == agent_events_.end() ? kNone : it->second;
}

const StartupInfo* RunModel::startup_info(std::uint32_t id) const {
    if (!dense_index_.empty()) {
        return id < dense_index_.size() && dense_index_[id] != UINT32_MAX ? &startup_infos_[dense_index_[id]] : nullptr;
    }
    const auto it = startup_index_.find(id);
    return it == startup_index_.end() ? nullptr : &startup_infos_[it->second];
}

StartupRows decode_startups(const run::Snapshot& snapshot) {
    StartupRows rows;
    rows.reserve(static_cast<std::size_t>(snapshot.startups_size()));
    for (const run::StartupState& s : snapshot.startups()) {
        rows.push_back(StartupRow{.id = s.id(),
                                  .stage = s.stage(),
                                  .employees = s.employees(),
                                  .cash_rial = s.cash_rial(),
                                  .revenue_month_rial = s.revenue_month_rial(),
                                  .burn_month_rial = s.burn_month_rial(),
                                  .raised_rial = s.raised_rial(),
                                  .founded = s.founded(),
                                  .x = s.x(),
                                  .y = s.y(),
                                  .belief = static_cast<float>(s.belief()),
                                  .district = s.district(),
                                  .ties = s.ties(),
                                  .opportunities = s.opportunities(),
                                  .department = s.department(),
                                  .category = s.category(),
                                  .failure_cause = s.failure_cause(),
                                  .in_factory = s.in_factory(),
                                  .knowledge_based = s.knowledge_based()});
    }
    if (!std::is_sorted(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.id < b.id; })) {
        std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    }
    return rows;
}

} // namespace innosim::viz

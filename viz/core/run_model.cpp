#include "viz/core/run_model.hpp"

#include "sim/input_error.hpp"

#include <algorithm>
#include <cstdint>

namespace innosim::viz {

namespace {

constexpr std::size_t kCacheCapacity = 4; // two for interpolation, two for a seek back and forth

sim::JalaliDate start_date_of(const io::RunFileReader& reader) {
    const std::string& text = reader.header().start_date();
    if (text.empty()) {
        throw InputError(reader.path().string() + ": the run header has no start_date");
    }
    return sim::parse_jalali(text);
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

RunModel::RunModel(io::RunFileReader reader, sim::Calendar calendar)
    : reader_(std::move(reader)), calendar_(calendar) {}

RunModel RunModel::load(const std::filesystem::path& path) {
    io::RunFileReader reader = io::RunFileReader::open(path);
    const sim::Calendar calendar(start_date_of(reader));
    RunModel model(std::move(reader), calendar);
    model.scan();
    return model;
}

std::string RunModel::title() const {
    const std::string& name = header().scenario().name();
    return name.empty() ? path().stem().string() : name;
}

void RunModel::scan() {
    details_.emplace_back();
    detail_ids_.emplace(std::string(), 0);
    reader_.for_each_frame([this](const run::Frame& frame) {
        if (frame.has_events()) {
            for (const run::Event& event : frame.events().events()) {
                add_event(event);
            }
        } else if (frame.has_snapshot()) {
            add_snapshot(frame.snapshot());
        }
    });
    if (summaries_.empty()) {
        throw InputError(path().string() + ": the run has no snapshots, so there is nothing to replay");
    }
    // Frames are written in time order, but a defensive sort keeps binary searches valid.
    std::stable_sort(events_.begin(), events_.end(),
                     [](const EventRec& a, const EventRec& b) { return a.time < b.time; });
    for (std::uint32_t i = 0; i < events_.size(); ++i) {
        const EventRec& e = events_[i];
        agent_events_[e.subject].push_back(i);
        if (e.object.kind != run::AGENT_KIND_UNSPECIFIED && !(e.object == e.subject)) {
            agent_events_[e.object].push_back(i);
        }
    }
    std::uint32_t max_id = 0;
    for (const StartupInfo& info : startup_infos_) {
        max_id = std::max(max_id, info.id);
    }
    if (!startup_infos_.empty() && max_id < 4 * startup_infos_.size() + 1024) {
        dense_index_.assign(static_cast<std::size_t>(max_id) + 1, UINT32_MAX);
        for (std::uint32_t i = 0; i < startup_infos_.size(); ++i) {
            dense_index_[startup_infos_[i].id] = i;
        }
    }
    for (StartupInfo& info : startup_infos_) {
        std::stable_sort(info.stage_changes.begin(), info.stage_changes.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
    }

    begin_ = std::min<Ticks>(0, summaries_.front().time());
    end_ = std::max({header().end_time(), footer().last_time(), summaries_.back().time()});
    if (header().horizon_time() > 0) {
        horizon_ = header().horizon_time();
    } else if (!header().horizon_date().empty()) {
        horizon_ = calendar_.to_ticks(sim::parse_jalali(header().horizon_date()));
    } else {
        horizon_ = end_;
    }
}

StartupInfo& RunModel::info_for(std::uint32_t id) {
    const auto [it, inserted] = startup_index_.emplace(id, static_cast<std::uint32_t>(startup_infos_.size()));
    if (inserted) {
        startup_infos_.push_back(StartupInfo{.id = id});
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
        info.stage_changes.emplace_back(rec.time, stage_after(event));
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
    auto rows = std::make_shared<const StartupRows>(decode_startups(reader_.snapshot(i)));
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

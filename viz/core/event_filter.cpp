#include "viz/core/event_filter.hpp"

#include <algorithm>
#include <cctype>

namespace innosim::viz {

namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

/// Transfers that tell a startup's story; equity and awards already have their own events.
bool in_startup_story(run::Reason reason) {
    return reason == run::GRANT || reason == run::LOAN || reason == run::CONTRACT_PAYMENT ||
           reason == run::FOUNDER_CAPITAL || reason == run::EXIT_PROCEEDS;
}

} // namespace

EventFilter EventFilter::defaults() {
    EventFilter filter;
    filter.kinds.set();
    filter.kinds.reset(run::EVENT_KIND_UNSPECIFIED);
    filter.kinds.reset(run::HIRED);
    filter.kinds.reset(run::LAID_OFF);
    filter.kinds.reset(run::TIE_FORMED);
    filter.kinds.reset(run::CERT_APPLIED);
    filter.min_stage = run::PILOT;
    return filter;
}

std::vector<std::uint32_t> filter_events(const RunModel& model, const EventFilter& filter) {
    std::vector<std::uint32_t> out;
    const std::string needle = lower(filter.text);
    const auto passes = [&](std::uint32_t i) {
        const EventRec& e = model.events()[i];
        const int kind = static_cast<int>(e.kind);
        if (kind < 0 || kind >= kEventKindCount || !filter.kinds.test(static_cast<std::size_t>(kind))) {
            return false;
        }
        if (e.kind == run::STAGE_ADVANCED && e.value < static_cast<int>(filter.min_stage)) {
            return false;
        }
        return needle.empty() ||
               lower(describe_event(model, e, filter.currency, filter.lang)).find(needle) != std::string::npos;
    };
    if (filter.agent) {
        for (const std::uint32_t i : model.agent_events(*filter.agent)) {
            if (passes(i)) {
                out.push_back(i);
            }
        }
        return out;
    }
    const auto n = static_cast<std::uint32_t>(model.events().size());
    for (std::uint32_t i = 0; i < n; ++i) {
        if (passes(i)) {
            out.push_back(i);
        }
    }
    return out;
}

std::size_t count_until(const RunModel& model, const std::vector<std::uint32_t>& indices, Ticks t) {
    const auto it = std::upper_bound(indices.begin(), indices.end(), t,
                                     [&](Ticks time, std::uint32_t i) { return time < model.events()[i].time; });
    return static_cast<std::size_t>(it - indices.begin());
}

std::vector<HistoryItem> agent_history(const RunModel& model, AgentKey agent, Ticks t, std::size_t limit,
                                       Currency currency) {
    std::vector<HistoryItem> out;
    const std::vector<std::uint32_t>& indices = model.agent_events(agent);
    const std::size_t until = count_until(model, indices, t);
    for (std::size_t k = until; k-- > 0 && out.size() < limit;) {
        const EventRec& e = model.events()[indices[k]];
        // A startup's own salary and rent would bury its milestones; funding transfers stay.
        if (e.kind == run::TRANSFER && agent.kind == run::STARTUP && !in_startup_story(e.reason)) {
            continue;
        }
        out.push_back({.event = indices[k], .time = e.time, .text = describe_event(model, e, currency)});
    }
    return out;
}

} // namespace innosim::viz

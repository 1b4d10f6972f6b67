#include "viz/core/flows.hpp"

#include "viz/core/format.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <tuple>

namespace innosim::viz {

// [SECTION] Sankey

namespace {

constexpr std::array<run::Reason, 6> kFundingReasons{run::GRANT,           run::EQUITY,           run::LOAN,
                                                     run::CHALLENGE_AWARD, run::CONTRACT_PAYMENT, run::FOUNDER_CAPITAL};

struct SourceKey {
    run::AgentKind kind;
    std::uint32_t id; // funder id; 0 for pooled kinds
    friend auto operator<=>(const SourceKey&, const SourceKey&) = default;
};

SourceKey source_key(const run::Flow& flow) {
    if (flow.from_kind() == run::FUNDER) {
        return {run::FUNDER, flow.from_id()};
    }
    if (flow.from_kind() == run::OUTSIDE || flow.from_kind() == run::TALENT_POOL) {
        // Founders' own money comes from households; other outside money is customers and firms.
        return {run::OUTSIDE, flow.reason() == run::FOUNDER_CAPITAL ? 0U : 1U};
    }
    return {flow.from_kind(), 0};
}

std::string source_label(const run::World& world, SourceKey key) {
    switch (key.kind) {
    case run::FUNDER:
        return agent_name(world, {run::FUNDER, key.id});
    case run::DEPARTMENT:
        return "City departments";
    case run::OUTSIDE:
        return key.id == 0 ? "Founders" : "Other private";
    default:
        return agent_name(world, {key.kind, 0});
    }
}

int funder_kind(const run::World& world, std::uint32_t id) {
    for (const run::FunderInfo& f : world.funders()) {
        if (f.id() == id) {
            return f.kind();
        }
    }
    return scenario::FUNDER_KIND_UNSPECIFIED;
}

} // namespace

bool is_funding_reason(run::Reason reason) {
    return std::find(kFundingReasons.begin(), kFundingReasons.end(), reason) != kFundingReasons.end();
}

Sankey build_sankey(const RunModel& model, Ticks from, Ticks to, SankeyTarget target) {
    Sankey sankey;
    sankey.from = from;
    sankey.to = to;
    std::map<std::tuple<SourceKey, run::Reason, int>, double> amounts; // Rial
    for (std::size_t i = 0; i < model.snapshot_count(); ++i) {
        const run::Snapshot& s = model.summary(i);
        if (s.time() <= from || s.time() > to) {
            continue;
        }
        for (const run::Flow& flow : s.flows()) {
            if (flow.to_kind() != run::STARTUP || !is_funding_reason(flow.reason()) || flow.amount_rial() <= 0) {
                continue;
            }
            const int code =
                target == SankeyTarget::Stage ? static_cast<int>(flow.stage()) : static_cast<int>(flow.category());
            amounts[{source_key(flow), flow.reason(), code}] += static_cast<double>(flow.amount_rial());
        }
    }

    std::map<SourceKey, double> sources;
    std::map<run::Reason, double> instruments;
    std::map<int, double> targets;
    for (const auto& [key, amount] : amounts) {
        const auto& [source, reason, code] = key;
        sources[source] += amount;
        instruments[reason] += amount;
        targets[code] += amount;
        sankey.total_rial += amount;
    }

    // Nodes: sources by value (largest on top), instruments in a fixed order, targets in stage or
    // category order, so that stepping through periods does not reshuffle the right columns.
    std::vector<std::pair<SourceKey, double>> ordered(sources.begin(), sources.end());
    std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::map<SourceKey, std::size_t> source_node;
    for (const auto& [key, value] : ordered) {
        source_node[key] = sankey.nodes.size();
        const bool funder = key.kind == run::FUNDER;
        sankey.nodes.push_back({.column = SankeyColumn::Source,
                                .label = source_label(model.world(), key),
                                .code = funder ? funder_kind(model.world(), key.id) : static_cast<int>(key.kind),
                                .is_funder = funder,
                                .value = value});
    }
    std::map<run::Reason, std::size_t> instrument_node;
    for (const run::Reason reason : kFundingReasons) {
        if (const auto it = instruments.find(reason); it != instruments.end()) {
            instrument_node[reason] = sankey.nodes.size();
            sankey.nodes.push_back({.column = SankeyColumn::Instrument,
                                    .label = std::string(reason_name(reason)),
                                    .code = static_cast<int>(reason),
                                    .value = it->second});
        }
    }
    std::map<int, std::size_t> target_node;
    for (const auto& [code, value] : targets) {
        target_node[code] = sankey.nodes.size();
        const std::string label = target == SankeyTarget::Stage
                                      ? std::string(stage_name(static_cast<run::Stage>(code)))
                                      : std::string(category_name(static_cast<scenario::ProblemCategory>(code)));
        sankey.nodes.push_back({.column = SankeyColumn::Target, .label = label, .code = code, .value = value});
    }

    std::map<std::pair<std::size_t, std::size_t>, double> links;
    for (const auto& [key, amount] : amounts) {
        const auto& [source, reason, code] = key;
        links[{source_node[source], instrument_node[reason]}] += amount;
        links[{instrument_node[reason], target_node[code]}] += amount;
    }
    for (const auto& [ends, value] : links) {
        sankey.links.push_back({.source = ends.first, .target = ends.second, .value = value});
    }
    return sankey;
}

void layout_sankey(Sankey& sankey, float gap) {
    std::array<double, 3> totals{};
    std::array<int, 3> counts{};
    for (const SankeyNode& n : sankey.nodes) {
        totals[static_cast<std::size_t>(n.column)] += n.value;
        ++counts[static_cast<std::size_t>(n.column)];
    }
    double scale = 0; // height per Rial
    bool first = true;
    for (std::size_t c = 0; c < 3; ++c) {
        if (counts[c] == 0 || totals[c] <= 0) {
            continue;
        }
        const double room = std::max(0.05, 1.0 - static_cast<double>(gap) * (counts[c] - 1));
        const double s = room / totals[c];
        scale = first ? s : std::min(scale, s);
        first = false;
    }
    std::array<float, 3> y{};
    std::array<float, 3> used{};
    for (const SankeyNode& n : sankey.nodes) {
        used[static_cast<std::size_t>(n.column)] += static_cast<float>(n.value * scale);
    }
    // Centre each column vertically in the space its nodes and gaps leave.
    for (std::size_t c = 0; c < 3; ++c) {
        const float span = used[c] + gap * static_cast<float>(std::max(0, counts[c] - 1));
        y[c] = std::max(0.0f, (1.0f - span) * 0.5f);
    }
    for (SankeyNode& n : sankey.nodes) {
        float& at = y[static_cast<std::size_t>(n.column)];
        n.y0 = at;
        n.y1 = at + static_cast<float>(n.value * scale);
        at = n.y1 + gap;
    }
    // Bands leave a node in the order of their targets and enter in the order of their sources,
    // so they do not cross at the nodes.
    std::vector<std::size_t> order(sankey.links.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    std::vector<float> out_at(sankey.nodes.size());
    std::vector<float> in_at(sankey.nodes.size());
    for (std::size_t i = 0; i < sankey.nodes.size(); ++i) {
        out_at[i] = in_at[i] = sankey.nodes[i].y0;
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return sankey.nodes[sankey.links[a].target].y0 < sankey.nodes[sankey.links[b].target].y0;
    });
    for (const std::size_t i : order) {
        SankeyLink& l = sankey.links[i];
        const auto h = static_cast<float>(l.value * scale);
        l.source_y0 = out_at[l.source];
        l.source_y1 = l.source_y0 + h;
        out_at[l.source] = l.source_y1;
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return sankey.nodes[sankey.links[a].source].y0 < sankey.nodes[sankey.links[b].source].y0;
    });
    for (const std::size_t i : order) {
        SankeyLink& l = sankey.links[i];
        const auto h = static_cast<float>(l.value * scale);
        l.target_y0 = in_at[l.target];
        l.target_y1 = l.target_y0 + h;
        in_at[l.target] = l.target_y1;
    }
}

// [SECTION] Animated money

bool is_animated_reason(run::Reason reason) {
    switch (reason) {
    case run::SALARY:
    case run::RENT:
    case run::TAX:
    case run::MUNICIPAL_REVENUE:
    case run::REASON_UNSPECIFIED:
        return false;
    default:
        return true;
    }
}

namespace {

bool drawable(AgentKey a) {
    return a.kind == run::STARTUP || a.kind == run::DEPARTMENT || a.kind == run::FUNDER || a.kind == run::FACTORY ||
           a.kind == run::MUNICIPALITY;
}

FlowEnd end_of(const RunModel& model, AgentKey agent, bool aggregate) {
    if (aggregate && agent.kind == run::STARTUP) {
        const StartupInfo* info = model.startup_info(agent.id);
        return {.agent = {run::STARTUP, 0}, .district = static_cast<std::int32_t>(info ? info->district : 0)};
    }
    return {.agent = agent};
}

} // namespace

std::vector<MoneyFlow> money_flows(const RunModel& model, Ticks t, const MoneyFlowOptions& options) {
    const Ticks window = std::max<Ticks>(1, options.window);
    const auto [first, last] = model.event_range(t - window + 1, t + 1);
    std::vector<std::size_t> picked;
    for (std::size_t i = first; i < last; ++i) {
        const EventRec& e = model.events()[i];
        if (e.kind == run::TRANSFER && is_animated_reason(e.reason) && e.amount_rial > 0 &&
            (drawable(e.subject) || drawable(e.object))) {
            picked.push_back(i);
        }
    }
    const bool aggregate = picked.size() > options.max_individual;
    const auto progress_of = [&](Ticks when) {
        return static_cast<float>(static_cast<double>(t - when) / static_cast<double>(window));
    };

    std::vector<MoneyFlow> flows;
    if (!aggregate) {
        flows.reserve(picked.size());
        for (const std::size_t i : picked) {
            const EventRec& e = model.events()[i];
            flows.push_back({.from = {.agent = e.subject},
                             .to = {.agent = e.object},
                             .reason = e.reason,
                             .amount_rial = static_cast<double>(e.amount_rial),
                             .count = 1,
                             .progress = progress_of(e.time)});
        }
        return flows;
    }

    struct Group {
        MoneyFlow flow;
        double largest = 0; // Rial
    };
    std::map<std::pair<FlowEnd, FlowEnd>, Group> groups;
    for (const std::size_t i : picked) {
        const EventRec& e = model.events()[i];
        Group& g = groups[{end_of(model, e.subject, true), end_of(model, e.object, true)}];
        const auto amount = static_cast<double>(e.amount_rial);
        if (g.flow.count == 0 || amount > g.largest) {
            g.largest = amount;
            g.flow.reason = e.reason;
        }
        g.flow.amount_rial += amount;
        ++g.flow.count;
        g.flow.progress = progress_of(e.time); // events are in time order: the newest wins
    }
    flows.reserve(groups.size());
    for (auto& [ends, g] : groups) {
        g.flow.from = ends.first;
        g.flow.to = ends.second;
        g.flow.aggregated = true;
        flows.push_back(g.flow);
    }
    return flows;
}

} // namespace innosim::viz

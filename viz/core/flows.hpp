#pragma once

// Money flows two ways: the Sankey of funding over a period (source -> instrument -> stage or
// problem category, from the snapshots' aggregated flows) and the money animated on the map
// (recent transfer events, one particle each, or aggregated per district when dense).

#include "viz/core/run_model.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace innosim::viz {

// [SECTION] Sankey

enum class SankeyTarget { Stage, Category };
enum class SankeyColumn { Source = 0, Instrument = 1, Target = 2 };

struct SankeyNode {
    SankeyColumn column = SankeyColumn::Source;
    std::string label;
    /// What the node stands for, for colours: the funder kind (funders), the agent kind (other
    /// sources), the reason (instruments), the stage or the problem category (targets).
    int code = 0;
    bool is_funder = false;
    double value = 0; ///< Rial
    float y0 = 0;     ///< layout: top, 0..1 of the diagram's height
    float y1 = 0;     ///< layout: bottom, 0..1
};

struct SankeyLink {
    std::size_t source = 0; ///< node index
    std::size_t target = 0; ///< node index
    double value = 0;       ///< Rial
    float source_y0 = 0;    ///< layout: where the band leaves the source node, 0..1
    float source_y1 = 0;
    float target_y0 = 0; ///< layout: where it enters the target node, 0..1
    float target_y1 = 0;
};

struct Sankey {
    std::vector<SankeyNode> nodes; ///< by column, then in display order
    std::vector<SankeyLink> links; ///< source -> instrument and instrument -> target
    double total_rial = 0;         ///< Rial through the diagram
    Ticks from = 0;                ///< ticks: the period covered (snapshots with from < time <= to)
    Ticks to = 0;
};

/// Reasons that count as funding a startup (the Sankey's instruments).
bool is_funding_reason(run::Reason reason);
/// Funding flows into startups recorded by snapshots with from < time <= to.
Sankey build_sankey(const RunModel& model, Ticks from, Ticks to, SankeyTarget target);
/// Stacks nodes per column (largest sources first) with `gap` (0..1 of the height) between them
/// and places each link's band on both of its nodes. One scale for all columns, so a band keeps
/// its thickness from end to end.
void layout_sankey(Sankey& sankey, float gap);

// [SECTION] Animated money

/// One end of an animated flow: an agent, or the firms of a district taken together.
struct FlowEnd {
    AgentKey agent;
    std::int32_t district = -1; ///< >= 0: aggregated over the startups of this district
    friend auto operator<=>(const FlowEnd&, const FlowEnd&) = default;
};

struct MoneyFlow {
    FlowEnd from;
    FlowEnd to;
    run::Reason reason = run::REASON_UNSPECIFIED; ///< of the largest transfer in the group
    double amount_rial = 0;                       ///< Rial, summed over the group
    std::uint32_t count = 0;                      ///< transfers in the group
    /// 0..1: how far along its trip the newest transfer is (the group's particles follow it).
    float progress = 0;
    bool aggregated = false;
};

struct MoneyFlowOptions {
    Ticks window = 30 * sim::kTicksPerDay; ///< ticks: a transfer travels for this long after it happens
    std::size_t max_individual = 250;      ///< beyond this many transfers, aggregate startups by district
};

/// Transfers worth showing (grants, rounds, loans, contracts, exits: not salaries, rent or tax).
bool is_animated_reason(run::Reason reason);
/// Transfers in (t - window, t], individually or aggregated, in a deterministic order.
std::vector<MoneyFlow> money_flows(const RunModel& model, Ticks t, const MoneyFlowOptions& options);

} // namespace innosim::viz

#include "tests/viz/test_support.hpp"
#include "viz/core/flows.hpp"

#include <catch2/catch.hpp>

#include <map>

namespace {

using namespace innosim::viz;
using innosim::sim::days;
using innosim::viz::testing::shared_run;

double funding_into_startups(const RunModel& model, Ticks from, Ticks to) {
    double total = 0;
    for (std::size_t i = 0; i < model.snapshot_count(); ++i) {
        const auto& s = model.summary(i);
        if (s.time() <= from || s.time() > to) {
            continue;
        }
        for (const auto& f : s.flows()) {
            if (f.to_kind() == innosim::run::STARTUP && is_funding_reason(f.reason())) {
                total += static_cast<double>(f.amount_rial());
            }
        }
    }
    return total;
}

} // namespace

TEST_CASE("the Sankey conserves money through its three columns and leaves salaries out", "[viz][sankey]") {
    const RunModel model = RunModel::load(shared_run().path);
    const Ticks to = model.end_time();
    const Sankey sankey = build_sankey(model, -1, to, SankeyTarget::Stage);
    const double expected = funding_into_startups(model, -1, to);
    REQUIRE(expected > 0);
    REQUIRE(sankey.total_rial == Approx(expected));

    std::map<SankeyColumn, double> per_column;
    for (const SankeyNode& n : sankey.nodes) {
        per_column[n.column] += n.value;
        REQUIRE(n.label != "Salary");
    }
    REQUIRE(per_column.size() == 3);
    for (const auto& [column, value] : per_column) {
        REQUIRE(value == Approx(expected));
    }
    // Every node's outgoing bands add up to its value (targets have no outgoing bands).
    std::vector<double> out(sankey.nodes.size());
    std::vector<double> in(sankey.nodes.size());
    for (const SankeyLink& l : sankey.links) {
        out[l.source] += l.value;
        in[l.target] += l.value;
    }
    for (std::size_t i = 0; i < sankey.nodes.size(); ++i) {
        const SankeyNode& n = sankey.nodes[i];
        if (n.column != SankeyColumn::Target) {
            REQUIRE(out[i] == Approx(n.value));
        }
        if (n.column != SankeyColumn::Source) {
            REQUIRE(in[i] == Approx(n.value));
        }
    }
    // Sources come largest first.
    for (std::size_t i = 1; i < sankey.nodes.size() && sankey.nodes[i].column == SankeyColumn::Source; ++i) {
        REQUIRE(sankey.nodes[i - 1].value >= sankey.nodes[i].value);
    }
}

TEST_CASE("a Sankey period counts only the snapshots inside it", "[viz][sankey]") {
    const RunModel model = RunModel::load(shared_run().path);
    const Ticks from = model.snapshot_time(10);
    const Ticks to = model.snapshot_time(22);
    const Sankey year = build_sankey(model, from, to, SankeyTarget::Category);
    REQUIRE(year.total_rial == Approx(funding_into_startups(model, from, to)));
    REQUIRE(year.total_rial < build_sankey(model, -1, model.end_time(), SankeyTarget::Category).total_rial);
    for (const SankeyNode& n : year.nodes) {
        if (n.column == SankeyColumn::Target) {
            REQUIRE((n.label == "Revenue" || n.label == "Cost" || n.label == "Import dependence" ||
                     n.label == "Service quality" || n.label == "Market (no city problem)"));
        }
    }
    const Sankey empty = build_sankey(model, model.end_time(), model.end_time() + days(10), SankeyTarget::Stage);
    REQUIRE(empty.nodes.empty());
    REQUIRE(empty.total_rial == 0);
}

TEST_CASE("the Sankey layout stacks nodes in 0..1 with bands that match their nodes", "[viz][sankey]") {
    const RunModel model = RunModel::load(shared_run().path);
    Sankey sankey = build_sankey(model, -1, model.end_time(), SankeyTarget::Stage);
    layout_sankey(sankey, 0.03f);
    double per_rial = -1;
    for (const SankeyNode& n : sankey.nodes) {
        REQUIRE(n.y0 >= 0.0f);
        REQUIRE(n.y1 <= 1.0001f);
        REQUIRE(n.y1 > n.y0);
        const double scale = (n.y1 - n.y0) / n.value;
        if (per_rial < 0) {
            per_rial = scale;
        }
        REQUIRE(scale == Approx(per_rial).epsilon(1e-4)); // one scale for all columns
    }
    for (const SankeyLink& l : sankey.links) {
        const SankeyNode& s = sankey.nodes[l.source];
        const SankeyNode& t = sankey.nodes[l.target];
        REQUIRE(l.source_y0 >= s.y0 - 1e-5f);
        REQUIRE(l.source_y1 <= s.y1 + 1e-5f);
        REQUIRE(l.target_y0 >= t.y0 - 1e-5f);
        REQUIRE(l.target_y1 <= t.y1 + 1e-5f);
        REQUIRE(l.source_y1 - l.source_y0 == Approx(l.target_y1 - l.target_y0).epsilon(1e-4));
    }
}

TEST_CASE("recent transfers animate one by one, or per district when dense", "[viz][flows]") {
    const RunModel model = RunModel::load(shared_run().path);
    const Ticks t = model.snapshot_time(20);
    const MoneyFlowOptions sparse{.window = days(60), .max_individual = 100000};
    const std::vector<MoneyFlow> one_by_one = money_flows(model, t, sparse);
    std::size_t expected = 0;
    double amount = 0;
    for (const EventRec& e : model.events()) {
        if (e.kind == innosim::run::TRANSFER && is_animated_reason(e.reason) && e.time > t - days(60) && e.time <= t) {
            ++expected;
            amount += static_cast<double>(e.amount_rial);
        }
    }
    REQUIRE(expected > 3);
    REQUIRE(one_by_one.size() == expected);
    for (const MoneyFlow& f : one_by_one) {
        REQUIRE_FALSE(f.aggregated);
        REQUIRE(f.count == 1);
        REQUIRE(f.progress >= 0.0f);
        REQUIRE(f.progress < 1.0f);
    }

    const std::vector<MoneyFlow> grouped = money_flows(model, t, {.window = days(60), .max_individual = 3});
    REQUIRE(grouped.size() < one_by_one.size());
    std::size_t count = 0;
    double grouped_amount = 0;
    for (const MoneyFlow& f : grouped) {
        REQUIRE(f.aggregated);
        count += f.count;
        grouped_amount += f.amount_rial;
        if (f.to.agent.kind == innosim::run::STARTUP) {
            REQUIRE(f.to.district >= 0); // firms pooled by district
        }
    }
    REQUIRE(count == expected);
    REQUIRE(grouped_amount == Approx(amount));
    REQUIRE(money_flows(model, t, {.window = days(60), .max_individual = 3}).size() == grouped.size());
}

TEST_CASE("salaries, rent and tax are never animated", "[viz][flows]") {
    REQUIRE_FALSE(is_animated_reason(innosim::run::SALARY));
    REQUIRE_FALSE(is_animated_reason(innosim::run::RENT));
    REQUIRE_FALSE(is_animated_reason(innosim::run::TAX));
    REQUIRE(is_animated_reason(innosim::run::GRANT));
    REQUIRE(is_animated_reason(innosim::run::EQUITY));
    REQUIRE(is_funding_reason(innosim::run::CHALLENGE_AWARD));
    REQUIRE_FALSE(is_funding_reason(innosim::run::MARKET_REVENUE));
}

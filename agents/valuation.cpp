// What a firm is worth, looking forward: the run rate of its revenue plus the gap to what firms
// that reached scale sell, scaled by quality and discounted by the development still to go.
// Founders weigh it against their outside option, funders price rounds on it, acquirers pay it.
// Sources: discounted-cash-flow valuation with a venture risk premium (Damodaran 2009, "Valuing
// young, start-up and growth companies"); peers at scale as the comparable (the "venture capital
// method", Sahlman 1987).
#include "agents/model.hpp"

#include <algorithm>
#include <cmath>

namespace innosim::agents {

void Model::update_peer_revenue() {
    double total = 0;
    std::uint32_t count = 0;
    for (const std::uint32_t s : active_) {
        const Startup& firm = startups_[s];
        if (firm.stage == kScale) {
            total += 12.0 * static_cast<double>(firm.revenue_month) / price_index_;
            ++count;
        }
    }
    peer_scale_count_ = count;
    peer_scale_revenue_ = count > 0 ? total / count : 0.0;
}

double Model::potential_revenue_year(double quality) const {
    const ValuationDef& v = params_.valuation;
    const double prior = static_cast<double>(v.prior_scale_revenue_per_year);
    const double n = static_cast<double>(peer_scale_count_);
    const double peers = (v.prior_weight * prior + n * peer_scale_revenue_) / std::max(v.prior_weight + n, 1e-9);
    return peers * std::exp(v.quality_elasticity * quality);
}

Rial Model::firm_value(const Startup& firm, double quality) const {
    const StartupDef& life = params_.startups;
    const ValuationDef& v = params_.valuation;
    const double run_rate = 12.0 * static_cast<double>(firm.revenue_month) / price_index_;
    const double gap = std::max(0.0, potential_revenue_year(quality) - run_rate);
    // Months still to go: the development work left to scale at the firm's present pace.
    double work_left = 0;
    for (int m = std::min<int>(firm.stage, kMilestones); m < kMilestones; ++m) {
        work_left += life.milestone_work[static_cast<std::size_t>(m)];
    }
    work_left = std::max(0.0, work_left - firm.work_done);
    const double pace = std::max(dev_speed(firm), 0.05);
    const double months = std::min(work_left / pace, 240.0);
    const double rate = std::max(0.0, params_.macro.alternative_return_per_year.at(now())) + v.risk_premium_per_year;
    const double discount = std::pow(1.0 + rate, -months / 12.0);
    return round_rial(v.revenue_multiple * (run_rate + gap * discount) * price_index_);
}

} // namespace innosim::agents

// Private demand: niches (a product category in the city or in the rest of Iran) whose yearly
// demand the scenario gives; incumbents hold it at first and a share comes up for a new supplier
// every year. Each customer that switches compares a few eligible startups and the incumbent
// (multinomial logit on quality, reputation and a municipal reference), stays for a while, and
// leaves sooner when the firm is overstretched or weak. New niches keep appearing and firms at
// scale open products in new niches. No firm can sell more than the niches it is in demand.
// Sources: growth from many small opportunities (Simon & Bonini 1958; Ijiri & Simon 1977;
// Bottazzi & Secchi 2006), firms as bundles of products (Klette & Kortum 2004), discrete choice
// (McFadden 1974), customer capital and slow demand build-up of young firms (Foster, Haltiwanger
// & Syverson 2016).
#include "agents/model.hpp"

#include <algorithm>
#include <cmath>

namespace innosim::agents {

namespace {

constexpr std::size_t kMaxProducts = 32; // a bound on a firm's product lines (memory, not behaviour)

} // namespace

Rial Model::niche_demand_year(const Niche& niche) const {
    const MarketDef& market = params_.market;
    const Rial total = niche.national ? market.national_demand_per_year : market.city_demand_per_year;
    return round_rial(static_cast<double>(total) * niche.weight * market_scale_);
}

int Model::new_niche(Category category, bool national, double weight) {
    niches_.push_back({.category = category, .national = national, .weight = weight});
    return static_cast<int>(niches_.size()) - 1;
}

void Model::create_niches() {
    const MarketDef& market = params_.market;
    for (const bool national : {false, true}) {
        const std::size_t first = niches_.size();
        double total = 0;
        for (int c = 1; c < kCategoryCount; ++c) {
            for (int k = 0; k < market.niches_per_category; ++k) {
                const double w = market_rng_.lognormal(0.0, market.niche_size_sd);
                new_niche(static_cast<Category>(c), national, w);
                total += w;
            }
        }
        for (std::size_t n = first; n < niches_.size(); ++n) {
            niches_[n].weight /= total;
        }
    }
}

int Model::pick_niche(Category category, bool national, sim::RngStream& rng) const {
    double total = 0;
    for (const Niche& niche : niches_) {
        total += niche.category == category && niche.national == national ? niche.weight : 0.0;
    }
    double u = rng.uniform() * total;
    int last = -1;
    for (std::size_t n = 0; n < niches_.size(); ++n) {
        const Niche& niche = niches_[n];
        if (niche.category != category || niche.national != national) {
            continue;
        }
        last = static_cast<int>(n);
        u -= niche.weight;
        if (u < 0) {
            break;
        }
    }
    return last;
}

void Model::market_month() {
    const MarketDef& market = params_.market;
    // Demand moves to new niches: every niche shrinks a little, new ones take what it lost.
    const double turnover = market.niche_turnover_per_year / 12.0;
    if (turnover > 0) {
        for (const bool national : {false, true}) {
            const double expected = turnover * static_cast<double>(kCategoryCount - 1) * market.niches_per_category;
            const std::uint64_t births = market_rng_.poisson(expected);
            if (births == 0) {
                continue;
            }
            for (Niche& niche : niches_) {
                niche.weight *= niche.national == national ? 1.0 - turnover : 1.0;
            }
            for (std::uint64_t b = 0; b < births; ++b) {
                const auto category = static_cast<Category>(1 + market_rng_.below(kCategoryCount - 1));
                new_niche(category, national, turnover / static_cast<double>(births));
            }
        }
    }

    // Who sells where: firms with a pilot-ready product in the city, at scale also nationally.
    for (Niche& niche : niches_) {
        niche.sellers.clear();
    }
    for (const std::uint32_t s : active_) {
        const Startup& firm = startups_[s];
        if (firm.stage < kPilot) {
            continue;
        }
        for (const std::uint16_t n : firm.products) {
            if (!niches_[n].national || firm.stage >= kScale) {
                niches_[n].sellers.push_back(s);
            }
        }
    }

    // A niche that shrank below what startups sell there loses customers until it fits again
    // (demand moved to other niches); the sellers' newest customers go first.
    for (Niche& niche : niches_) {
        const Rial demand = niche_demand_year(niche);
        if (niche.held_year <= demand) {
            continue;
        }
        const auto n = static_cast<std::int32_t>(&niche - niches_.data());
        for (const std::uint32_t s : niche.sellers) {
            std::vector<Opportunity>& customers = startups_[s].opportunities;
            for (std::size_t k = customers.size(); k-- > 0 && niche.held_year > demand;) {
                if (customers[k].niche == n) {
                    release_customer(customers[k]);
                    customers.erase(customers.begin() + static_cast<std::ptrdiff_t>(k));
                }
            }
        }
    }

    // Customers switching away from incumbents this month, in customers of varied size.
    const double mean_budget = static_cast<double>(std::max<Rial>(market.customer_budget_per_year, 1));
    const double sd = market.customer_budget_sd;
    for (std::uint32_t n = 0; n < niches_.size(); ++n) {
        Niche& niche = niches_[n];
        if (niche.sellers.empty()) {
            continue;
        }
        const double open = static_cast<double>(niche_demand_year(niche) - niche.held_year);
        if (open <= 0) {
            continue;
        }
        const double switching = open * market.switching_per_year / 12.0;
        for (std::uint64_t k = market_rng_.poisson(switching / mean_budget); k > 0; --k) {
            const double left = static_cast<double>(niche_demand_year(niche) - niche.held_year);
            const double budget = std::min(left, mean_budget * market_rng_.lognormal(-0.5 * sd * sd, sd));
            if (budget < 12.0) {
                break;
            }
            customer_arrives(n, round_rial(budget));
        }
    }
}

void Model::customer_arrives(std::uint32_t n, Rial budget_year) {
    const MarketDef& market = params_.market;
    Niche& niche = niches_[n];
    // The customer compares a few sellers it hears of and its present (incumbent) supplier.
    constexpr std::size_t kMaxSet = 100;
    std::uint32_t considered[kMaxSet];
    double utility[kMaxSet];
    const std::size_t set = std::min<std::size_t>(static_cast<std::size_t>(market.consideration_set), kMaxSet);
    double best = market.quality_weight * market.incumbent_quality;
    for (std::size_t k = 0; k < set; ++k) {
        const std::uint32_t s = niche.sellers[market_rng_.below(niche.sellers.size())];
        const Startup& firm = startups_[s];
        considered[k] = s;
        utility[k] = market.quality_weight * firm.theta / params_.startups.quality_sd +
                     market.attachment * std::log1p(static_cast<double>(firm.opportunities.size())) +
                     (firm.municipal_reference ? market.reference_effect : 0.0);
        best = std::max(best, utility[k]);
    }
    double total = std::exp(market.quality_weight * market.incumbent_quality - best);
    for (std::size_t k = 0; k < set; ++k) {
        total += std::exp(utility[k] - best);
    }
    double u = market_rng_.uniform() * total;
    u -= std::exp(market.quality_weight * market.incumbent_quality - best);
    if (u < 0) {
        return; // stays with the incumbent
    }
    std::size_t chosen = set - 1;
    for (std::size_t k = 0; k < set; ++k) {
        u -= std::exp(utility[k] - best);
        if (u < 0) {
            chosen = k;
            break;
        }
    }
    Startup& firm = startups_[considered[chosen]];
    const double months = market_rng_.exponential(params_.startups.opportunity_months);
    firm.opportunities.push_back({.until = now() + sim::days_to_ticks(months * sim::kDaysPerMonth),
                                  .revenue_month = budget_year / 12,
                                  .niche = static_cast<std::int32_t>(n)});
    niche.held_year += (budget_year / 12) * 12;
}

void Model::release_customer(const Opportunity& customer) {
    if (customer.niche >= 0) {
        Niche& niche = niches_[static_cast<std::size_t>(customer.niche)];
        niche.held_year = std::max<Rial>(0, niche.held_year - customer.revenue_month * 12);
    }
}

void Model::customers_month(Startup& firm) {
    const MarketDef& market = params_.market;
    // Overstretched: fewer people than the customers' work needs.
    const int staff_for_customers = std::max(0, firm.employees - firm.contract_staff);
    const double overload = firm.delivery_need > 0
                                ? std::max(0.0, 1.0 - static_cast<double>(staff_for_customers) / firm.delivery_need)
                                : 0.0;
    const double hazard = market.churn_per_year / 12.0 *
                          std::exp(-market.quality_churn * firm.theta / params_.startups.quality_sd) *
                          (1.0 + market.overload_churn * overload);
    std::erase_if(firm.opportunities, [&](const Opportunity& customer) {
        const bool over = customer.until <= now();
        const bool leaves = customer.niche >= 0 && !over && firm.rng.bernoulli(std::min(1.0, hazard));
        if (over || leaves) {
            release_customer(customer);
            return true;
        }
        return false;
    });
    // A firm selling at scale opens products in new niches (Klette-Kortum: at a rate per product).
    if (firm.stage == kScale && firm.products.size() < kMaxProducts &&
        firm.rng.bernoulli(
            std::min(1.0, market.new_product_per_year / 12.0 * static_cast<double>(firm.products.size())))) {
        new_product(firm);
    }
}

void Model::new_product(Startup& firm) {
    const auto category = static_cast<Category>(1 + firm.rng.below(kCategoryCount - 1));
    // Where the new product sells: the city or the rest of Iran, in proportion to their demand.
    const MarketDef& market = params_.market;
    const double city = static_cast<double>(market.city_demand_per_year);
    const double nation = static_cast<double>(market.national_demand_per_year);
    const bool national = firm.rng.uniform() * (city + nation) < nation;
    const int n = pick_niche(category, national, firm.rng);
    if (n >= 0 && std::find(firm.products.begin(), firm.products.end(), n) == firm.products.end()) {
        firm.products.push_back(static_cast<std::uint16_t>(n));
    }
}

} // namespace innosim::agents

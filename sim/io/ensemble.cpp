#include "sim/io/ensemble.hpp"

#include "sim/calendar.hpp"
#include "sim/io/kpi_proto.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <stdexcept>

namespace innosim::io {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void add_quantiles(run::KpiBand& band, std::span<const double> values) {
    const Quantiles q = quantiles(values);
    band.add_p05(q.p05);
    band.add_p25(q.p25);
    band.add_p50(q.p50);
    band.add_p75(q.p75);
    band.add_p95(q.p95);
    band.add_mean(q.mean);
}

/// Column of `kpi` in the ensemble's per-KPI lists.
std::optional<std::size_t> column(const run::Ensemble& ensemble, std::string_view kpi) {
    for (int k = 0; k < ensemble.kpis_size(); ++k) {
        if (ensemble.kpis(k) == kpi) {
            return static_cast<std::size_t>(k);
        }
    }
    return std::nullopt;
}

Band band_from(const run::Ensemble& ensemble, const run::KpiBand& band) {
    Band out;
    out.times.assign(ensemble.month_times().begin(), ensemble.month_times().end());
    out.p05.assign(band.p05().begin(), band.p05().end());
    out.p25.assign(band.p25().begin(), band.p25().end());
    out.p50.assign(band.p50().begin(), band.p50().end());
    out.p75.assign(band.p75().begin(), band.p75().end());
    out.p95.assign(band.p95().begin(), band.p95().end());
    out.mean.assign(band.mean().begin(), band.mean().end());
    return out;
}

/// Members of `b` matched to members of `a` by (seed, replication): {index in a, index in b}.
std::vector<std::pair<int, int>> pair_members(const run::Ensemble& a, const run::Ensemble& b) {
    std::map<std::pair<std::uint64_t, std::uint32_t>, int> in_a;
    for (int i = 0; i < a.members_size(); ++i) {
        in_a.emplace(std::pair{a.members(i).seed(), a.members(i).replication()}, i);
    }
    std::vector<std::pair<int, int>> pairs;
    for (int i = 0; i < b.members_size(); ++i) {
        const auto found = in_a.find({b.members(i).seed(), b.members(i).replication()});
        if (found != in_a.end()) {
            pairs.emplace_back(found->second, i);
        }
    }
    return pairs;
}

} // namespace

double quantile(std::span<const double> values, double p) {
    if (values.empty()) {
        return kNaN;
    }
    std::vector<double> sorted(values.begin(), values.end());
    std::sort(sorted.begin(), sorted.end());
    const double h = (static_cast<double>(sorted.size()) - 1) * std::clamp(p, 0.0, 1.0);
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

Quantiles quantiles(std::span<const double> values) {
    Quantiles q;
    if (values.empty()) {
        q.mean = q.p05 = q.p25 = q.p50 = q.p75 = q.p95 = kNaN;
        return q;
    }
    double sum = 0;
    for (const double v : values) {
        sum += v;
    }
    q.mean = sum / static_cast<double>(values.size());
    q.p05 = quantile(values, 0.05);
    q.p25 = quantile(values, 0.25);
    q.p50 = quantile(values, 0.50);
    q.p75 = quantile(values, 0.75);
    q.p95 = quantile(values, 0.95);
    return q;
}

std::vector<double> typicality_distances(std::span<const MemberRun> members) {
    std::vector<double> distance(members.size(), 0);
    std::vector<double> values(members.size());
    for (std::size_t k = 0; k < kKpiCount; ++k) {
        for (std::size_t r = 0; r < members.size(); ++r) {
            values[r] = members[r].horizon[k];
        }
        const double median = quantile(values, 0.5);
        const double spread = quantile(values, 0.75) - quantile(values, 0.25);
        if (!(spread > 0)) {
            continue;
        }
        for (std::size_t r = 0; r < members.size(); ++r) {
            distance[r] += std::fabs(values[r] - median) / spread;
        }
    }
    return distance;
}

std::size_t most_typical(std::span<const MemberRun> members) {
    const std::vector<double> distance = typicality_distances(members);
    return static_cast<std::size_t>(std::min_element(distance.begin(), distance.end()) - distance.begin());
}

run::Ensemble make_ensemble(std::span<const MemberRun> members, std::size_t recorded, std::string_view start_date) {
    if (members.empty() || recorded >= members.size()) {
        throw std::invalid_argument("an ensemble needs its replications and the recorded one among them");
    }
    const std::vector<std::int64_t>& times = members.front().month_times;
    for (const MemberRun& m : members) {
        if (m.month_times != times || m.monthly.size() != times.size()) {
            throw std::invalid_argument("the replications of an ensemble must share their months");
        }
    }
    run::Ensemble ensemble;
    ensemble.set_replications(static_cast<std::uint32_t>(members.size()));
    ensemble.set_recorded(static_cast<std::uint32_t>(recorded));
    ensemble.set_recorded_reason(std::string(kMostTypicalReason));
    for (const KpiInfo& kpi : kKpis) {
        ensemble.add_kpis(std::string(kpi.name));
    }
    const sim::Calendar calendar(sim::parse_jalali(std::string(start_date)));
    for (const std::int64_t t : times) {
        ensemble.add_month_times(t);
        ensemble.add_month_dates(sim::format(calendar.date_at(t)));
    }

    const std::vector<double> distance = typicality_distances(members);
    std::vector<double> values(members.size());
    for (std::size_t r = 0; r < members.size(); ++r) {
        const MemberRun& m = members[r];
        run::EnsembleMember& out = *ensemble.add_members();
        out.set_replication(m.replication);
        out.set_seed(m.seed);
        out.mutable_horizon()->Add(m.horizon.begin(), m.horizon.end());
        out.mutable_end()->Add(m.end.begin(), m.end.end());
        for (const KpiValues& month : m.monthly) {
            out.mutable_monthly()->Add(month.begin(), month.end());
        }
        out.set_distance(distance[r]);
        out.set_balanced(m.balanced);
        out.set_events(m.events);
    }
    for (std::size_t k = 0; k < kKpiCount; ++k) {
        run::KpiBand& band = *ensemble.add_bands();
        band.set_kpi(std::string(kKpis[k].name));
        for (std::size_t month = 0; month < times.size(); ++month) {
            for (std::size_t r = 0; r < members.size(); ++r) {
                values[r] = members[r].monthly[month][k];
            }
            add_quantiles(band, values);
        }
    }
    return ensemble;
}

std::vector<run::KpiBand> paired_difference_bands(const run::Ensemble& parent, const run::Ensemble& branch) {
    const auto pairs = pair_members(parent, branch);
    std::vector<run::KpiBand> out;
    if (pairs.empty()) {
        return out;
    }
    // Months both have, by time: a branch has the parent's months (it starts from the same start).
    std::map<std::int64_t, int> parent_month;
    for (int m = 0; m < parent.month_times_size(); ++m) {
        parent_month.emplace(parent.month_times(m), m);
    }
    const auto parent_kpis = static_cast<std::size_t>(parent.kpis_size());
    const auto branch_kpis = static_cast<std::size_t>(branch.kpis_size());
    std::vector<double> differences(pairs.size());
    for (std::size_t k = 0; k < branch_kpis; ++k) {
        const std::optional<std::size_t> pk = column(parent, branch.kpis(static_cast<int>(k)));
        if (!pk) {
            continue;
        }
        run::KpiBand& band = out.emplace_back();
        band.set_kpi(branch.kpis(static_cast<int>(k)));
        for (int m = 0; m < branch.month_times_size(); ++m) {
            const auto found = parent_month.find(branch.month_times(m));
            if (found == parent_month.end()) {
                continue;
            }
            for (std::size_t i = 0; i < pairs.size(); ++i) {
                const run::EnsembleMember& a = parent.members(pairs[i].first);
                const run::EnsembleMember& b = branch.members(pairs[i].second);
                differences[i] =
                    b.monthly(static_cast<int>(static_cast<std::size_t>(m) * branch_kpis + k)) -
                    a.monthly(static_cast<int>(static_cast<std::size_t>(found->second) * parent_kpis + *pk));
            }
            add_quantiles(band, differences);
        }
    }
    return out;
}

std::optional<Band> kpi_band(const run::Footer& footer, std::string_view kpi) {
    if (!footer.has_ensemble()) {
        return std::nullopt;
    }
    for (const run::KpiBand& band : footer.ensemble().bands()) {
        if (band.kpi() == kpi) {
            return band_from(footer.ensemble(), band);
        }
    }
    return std::nullopt;
}

std::optional<Band> difference_band(const run::Footer& a, const run::Footer& b, std::string_view kpi) {
    if (!a.has_ensemble() || !b.has_ensemble()) {
        return std::nullopt;
    }
    const run::Ensemble& parent = a.ensemble();
    const run::Ensemble& branch = b.ensemble();
    for (const run::KpiBand& band : paired_difference_bands(parent, branch)) {
        if (band.kpi() != kpi) {
            continue;
        }
        // The months both have, in the branch's order.
        Band out = band_from(branch, band);
        out.times.clear();
        for (const std::int64_t t : branch.month_times()) {
            if (std::find(parent.month_times().begin(), parent.month_times().end(), t) != parent.month_times().end()) {
                out.times.push_back(t);
            }
        }
        return out;
    }
    return std::nullopt;
}

std::optional<Quantiles> horizon_quantiles(const run::Footer& footer, std::string_view kpi) {
    if (!footer.has_ensemble()) {
        return std::nullopt;
    }
    const std::optional<std::size_t> k = column(footer.ensemble(), kpi);
    if (!k) {
        return std::nullopt;
    }
    std::vector<double> values;
    for (const run::EnsembleMember& m : footer.ensemble().members()) {
        if (*k < static_cast<std::size_t>(m.horizon_size())) {
            values.push_back(m.horizon(static_cast<int>(*k)));
        }
    }
    return quantiles(values);
}

TargetOdds target_odds(const KpiInfo& kpi, double target, std::span<const double> horizon_values) {
    TargetOdds odds{.kpi = std::string(kpi.name), .value = target};
    for (const double v : horizon_values) {
        odds.met += meets_target(kpi, v, target) ? 1 : 0;
    }
    odds.of = horizon_values.size();
    odds.p_met = odds.of > 0 ? static_cast<double>(odds.met) / static_cast<double>(odds.of) : kNaN;
    return odds;
}

std::vector<TargetOdds> target_odds(const run::RunHeader& header, const run::Footer& footer) {
    std::vector<TargetOdds> out;
    for (const scenario::Target& target : header.scenario().targets()) {
        const KpiInfo* kpi = find_kpi(target.kpi());
        if (kpi == nullptr) {
            continue;
        }
        std::vector<double> values;
        if (footer.has_ensemble()) {
            const std::optional<std::size_t> k = column(footer.ensemble(), kpi->name);
            if (!k) {
                continue;
            }
            for (const run::EnsembleMember& m : footer.ensemble().members()) {
                values.push_back(m.horizon(static_cast<int>(*k)));
            }
        } else {
            values.push_back(kpi_value(footer.horizon_kpis(), kpi->name));
        }
        TargetOdds odds = target_odds(*kpi, target.value(), values);
        odds.source = target.source();
        out.push_back(std::move(odds));
    }
    return out;
}

std::string describe_odds(const TargetOdds& odds) {
    const KpiInfo* kpi = find_kpi(odds.kpi);
    if (kpi == nullptr) {
        return odds.kpi;
    }
    std::string text = std::string(kpi->label) + (kpi->higher_is_better ? " \u2265 " : " \u2264 ") +
                       format_kpi(*kpi, odds.value) + ": met in " + std::to_string(odds.met) + " of " +
                       std::to_string(odds.of) + (odds.of == 1 ? " future" : " futures");
    char percent[32];
    std::snprintf(percent, sizeof percent, ", %.0f%%", 100 * odds.p_met);
    return text + percent;
}

} // namespace innosim::io

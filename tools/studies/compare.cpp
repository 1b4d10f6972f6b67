#include "tools/studies/compare.hpp"

#include "sim/input_error.hpp"
#include "sim/io/kpi_proto.hpp"
#include "sim/io/run_file.hpp"
#include "tools/studies/csv.hpp"
#include "tools/studies/sweep.hpp"

#include <algorithm>
#include <map>

namespace innosim::studies {

namespace {

namespace fs = std::filesystem;

Arm arm_from_run_file(const fs::path& path) {
    const io::RunFileReader reader = io::RunFileReader::open(path);
    Arm arm;
    arm.source = path.string();
    arm.label = reader.header().scenario().name().empty() ? path.stem().string() : reader.header().scenario().name();
    arm.scenario = arm.label;
    if (reader.header().overrides_size() > 0) {
        for (const std::string& o : reader.header().overrides()) {
            arm.label += ", " + o;
        }
    }
    arm.seeds.push_back(reader.header().seed());
    arm.replications.push_back(reader.header().replication());
    const io::KpiValues values = io::kpi_values(reader.footer().horizon_kpis());
    for (std::size_t k = 0; k < io::kKpiCount; ++k) {
        arm.kpis.emplace_back(io::kKpis[k].name);
        arm.values.push_back({values[k]});
    }
    return arm;
}

bool is_kpi(std::string_view name) {
    return io::find_kpi(name) != nullptr;
}

std::vector<Arm> arms_from_sweep(const fs::path& dir) {
    const CsvTable table = read_csv(dir / kRunsFile);
    const std::size_t point_column = table.require_column("point");
    const std::size_t replication_column = table.require_column("replication");
    const std::size_t seed_column = table.require_column("seed");
    const std::size_t scenario_column = table.require_column("scenario");
    std::vector<std::size_t> lever_columns;
    std::vector<std::size_t> kpi_columns;
    for (std::size_t c = scenario_column + 1; c < table.header.size(); ++c) {
        (is_kpi(table.header[c]) ? kpi_columns : lever_columns).push_back(c);
    }
    if (kpi_columns.empty()) {
        throw InputError(table.file + ": no KPI columns");
    }
    // Is the scenario worth naming (several of them) and which levers vary?
    std::map<std::string, int> scenarios;
    std::vector<std::map<std::string, int>> lever_values(lever_columns.size());
    for (const auto& row : table.rows) {
        ++scenarios[row[scenario_column]];
        for (std::size_t i = 0; i < lever_columns.size(); ++i) {
            ++lever_values[i][row[lever_columns[i]]];
        }
    }
    std::vector<Arm> arms;
    std::map<std::uint32_t, std::size_t> by_point;
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const auto& row = table.rows[r];
        const std::string where = table.file + ":" + std::to_string(r + 2);
        const auto point = static_cast<std::uint32_t>(parse_number(row[point_column], where));
        auto [it, fresh] = by_point.try_emplace(point, arms.size());
        if (fresh) {
            Arm arm;
            arm.source = dir.string();
            arm.point = point;
            arm.scenario = row[scenario_column];
            for (const std::size_t c : lever_columns) {
                arm.lever_names.push_back(table.header[c]);
                arm.lever_values.push_back(row[c]);
            }
            std::string label = scenarios.size() > 1 || lever_columns.empty() ? row[scenario_column] : "";
            for (std::size_t i = 0; i < lever_columns.size(); ++i) {
                if (lever_values[i].size() > 1 || (label.empty() && i + 1 == lever_columns.size())) {
                    label += (label.empty() ? "" : ", ") + table.header[lever_columns[i]] + "=" + row[lever_columns[i]];
                }
            }
            arm.label = label.empty() ? "point " + std::to_string(point) : label;
            for (const std::size_t c : kpi_columns) {
                arm.kpis.push_back(table.header[c]);
            }
            arm.values.resize(kpi_columns.size());
            arms.push_back(std::move(arm));
        }
        Arm& arm = arms[it->second];
        arm.seeds.push_back(static_cast<std::uint64_t>(parse_number(row[seed_column], where)));
        arm.replications.push_back(static_cast<std::uint32_t>(parse_number(row[replication_column], where)));
        for (std::size_t j = 0; j < kpi_columns.size(); ++j) {
            arm.values[j].push_back(parse_number(row[kpi_columns[j]], where));
        }
    }
    std::sort(arms.begin(), arms.end(), [](const Arm& a, const Arm& b) { return a.point < b.point; });
    return arms;
}

/// Runs of `b` matched to runs of `a` by (seed, replication): {index in a, index in b}, or nothing
/// if some run has no partner.
std::optional<std::vector<std::pair<std::size_t, std::size_t>>> pair_runs(const Arm& a, const Arm& b) {
    if (a.seeds.size() != b.seeds.size()) {
        return std::nullopt;
    }
    std::map<std::pair<std::uint64_t, std::uint32_t>, std::size_t> in_a;
    for (std::size_t i = 0; i < a.seeds.size(); ++i) {
        in_a[{a.seeds[i], a.replications[i]}] = i;
    }
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    for (std::size_t i = 0; i < b.seeds.size(); ++i) {
        const auto found = in_a.find({b.seeds[i], b.replications[i]});
        if (found == in_a.end()) {
            return std::nullopt;
        }
        pairs.emplace_back(found->second, i);
    }
    std::sort(pairs.begin(), pairs.end());
    if (std::adjacent_find(pairs.begin(), pairs.end(),
                           [](const auto& x, const auto& y) { return x.first == y.first; }) != pairs.end()) {
        return std::nullopt;
    }
    return pairs;
}

} // namespace

std::vector<Arm> load_arms(const fs::path& source) {
    std::error_code error;
    if (fs::is_directory(source, error)) {
        if (!fs::exists(source / kRunsFile)) {
            throw InputError(source.string() + " is not a finished sweep directory (no " + kRunsFile +
                             "); finish it with `innosim sweep STUDY --out " + source.string() + " --resume`");
        }
        return arms_from_sweep(source);
    }
    if (!fs::exists(source, error)) {
        throw InputError(source.string() + ": no such run file or sweep directory");
    }
    return {arm_from_run_file(source)};
}

std::vector<KpiComparison> compare_arms(const std::vector<Arm>& arms) {
    std::vector<KpiComparison> out;
    if (arms.empty()) {
        return out;
    }
    for (std::size_t j = 0; j < arms[0].kpis.size(); ++j) {
        const std::string& name = arms[0].kpis[j];
        KpiComparison comparison;
        comparison.kpi = name;
        std::vector<const std::vector<double>*> columns;
        for (const Arm& arm : arms) {
            const auto found = std::find(arm.kpis.begin(), arm.kpis.end(), name);
            if (found == arm.kpis.end()) {
                break;
            }
            columns.push_back(&arm.values[static_cast<std::size_t>(found - arm.kpis.begin())]);
        }
        if (columns.size() != arms.size()) {
            continue; // not collected by every arm
        }
        for (std::size_t a = 0; a < arms.size(); ++a) {
            comparison.arms.push_back(summarize(*columns[a]));
            const auto pairs = pair_runs(arms[0], arms[a]);
            if (pairs) {
                std::vector<double> first;
                std::vector<double> second;
                for (const auto& [i, k] : *pairs) {
                    first.push_back((*columns[0])[i]);
                    second.push_back((*columns[a])[k]);
                }
                comparison.differences.push_back(paired_difference(first, second));
            } else {
                comparison.differences.push_back(welch_difference(*columns[0], *columns[a]));
            }
            comparison.paired.push_back(pairs.has_value());
        }
        out.push_back(std::move(comparison));
    }
    return out;
}

} // namespace innosim::studies

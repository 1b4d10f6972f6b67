#include "tools/studies/compare.hpp"

#include "sim/input_error.hpp"
#include "sim/io/kpi_proto.hpp"
#include "sim/io/overrides.hpp"
#include "sim/io/run_file.hpp"
#include "sim/proto/study.pb.h"
#include "tools/studies/csv.hpp"
#include "tools/studies/sweep.hpp"

#include <google/protobuf/text_format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>

namespace innosim::studies {

namespace {

namespace fs = std::filesystem;

bool is_kpi(std::string_view name) {
    return io::find_kpi(name) != nullptr;
}

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

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
    for (const scenario::Target& t : reader.header().scenario().targets()) {
        arm.targets.emplace_back(t.kpi(), t.value());
    }
    arm.changes = describe_changes(reader.header().scenario());
    if (reader.footer().has_ensemble()) {
        // Every future the file holds, not only the one it replays.
        const run::Ensemble& e = reader.footer().ensemble();
        for (const run::EnsembleMember& m : e.members()) {
            arm.seeds.push_back(m.seed());
            arm.replications.push_back(m.replication());
        }
        for (int k = 0; k < e.kpis_size(); ++k) {
            if (!is_kpi(e.kpis(k))) {
                continue;
            }
            arm.kpis.push_back(e.kpis(k));
            std::vector<double>& column = arm.values.emplace_back();
            for (const run::EnsembleMember& m : e.members()) {
                if (k >= m.horizon_size()) {
                    throw InputError(path.string() + ": ensemble member " + std::to_string(m.replication()) +
                                     " lacks KPI " + e.kpis(k));
                }
                column.push_back(m.horizon(k));
            }
        }
        return arm;
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
    // Targets and changes per scenario, as the sweep recorded them.
    study::SweepManifest manifest;
    if (fs::exists(dir / kManifestFile) &&
        google::protobuf::TextFormat::ParseFromString(read_text(dir / kManifestFile), &manifest)) {
        for (Arm& arm : arms) {
            for (const study::ManifestScenario& s : manifest.scenarios()) {
                if (s.name() != arm.scenario) {
                    continue;
                }
                for (int t = 0; t < s.target_kpis_size() && t < s.target_values_size(); ++t) {
                    arm.targets.emplace_back(s.target_kpis(t), s.target_values(t));
                }
                arm.changes.assign(s.changes().begin(), s.changes().end());
            }
        }
    }
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

/// A lever's value as people say it, from the schema's unit: shares as percentages ("30%", "10% of
/// innovation budget"), Rial in the CLI's money units ("450 bn Rial per year"), counts grouped.
std::string lever_value_text(const std::string& value, const std::string& unit) {
    double number = 0;
    const char* end = value.data() + value.size();
    const auto [ptr, error] = std::from_chars(value.data(), end, number);
    if (error != std::errc() || ptr != end) {
        return unit.empty() ? value : value + " " + unit; // a date, a name, an enum
    }
    char buffer[64];
    if (unit.starts_with("share")) {
        std::snprintf(buffer, sizeof buffer, "%.4g%%", 100 * number);
        return buffer + unit.substr(5); // "share of innovation budget" -> "10% of innovation budget"
    }
    if (unit.starts_with("Rial")) {
        const io::KpiInfo& money = *io::find_kpi("municipal_savings_rial");
        return io::format_kpi(money, number) + unit.substr(4); // "Rial per year" -> "450.0 bn Rial per year"
    }
    if (number == std::round(number) && std::fabs(number) < 9e15) {
        return io::group_thousands(static_cast<long long>(number)) + (unit.empty() ? "" : " " + unit);
    }
    std::snprintf(buffer, sizeof buffer, "%.4g", number);
    return buffer + (unit.empty() ? "" : " " + unit);
}

/// " (was 150–180 days)": the base's values of `paths` at its start, when they differ from `value`.
std::string was(const scenario::Scenario* base, const std::vector<std::string>& paths, const std::string& value,
                const std::string& unit) {
    if (base == nullptr) {
        return "";
    }
    double low = std::numeric_limits<double>::infinity();
    double high = -low;
    for (const std::string& path : paths) {
        const std::string text = io::lever_value(*base, path);
        double v = 0;
        const auto [ptr, error] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (text.empty() || error != std::errc() || ptr != text.data() + text.size()) {
            return ""; // several values (a "[*]" path) or none: say nothing rather than guess
        }
        low = std::min(low, v);
        high = std::max(high, v);
    }
    double target = 0;
    std::from_chars(value.data(), value.data() + value.size(), target);
    if (paths.empty() || (low == high && low == target)) {
        return "";
    }
    const auto plain = [](double v) {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%.17g", v);
        return std::string(buffer);
    };
    if (low == high) {
        return " (was " + lever_value_text(plain(low), unit) + ")";
    }
    const std::string high_text = lever_value_text(plain(high), unit);
    const std::string low_text = lever_value_text(plain(low), "");
    return " (was " + low_text + "\u2013" + high_text + ")";
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

std::vector<std::string> describe_changes(const scenario::Scenario& scenario, const scenario::Scenario* base) {
    // Interventions grouped by date, the lever's last field, value and note: nine departments' payment
    // delays set on one day read as one line.
    struct Group {
        std::string when;
        std::string field;
        std::string value;
        std::string note;
        std::vector<std::string> elements; // "Transport & Traffic", or the whole path without brackets
    };
    std::vector<Group> groups;
    const auto add = [&](const std::string& when, const std::string& path, const std::string& value,
                         const std::string& note) {
        const std::size_t dot = path.rfind('.');
        const std::string field = dot == std::string::npos ? path : path.substr(dot + 1);
        const std::size_t open = path.find('[');
        const std::size_t close = path.find(']');
        std::string element;
        std::string collection;
        if (open != std::string::npos && close != std::string::npos && close > open) {
            element = path.substr(open + 1, close - open - 1);
            collection = path.substr(0, open);
        }
        const std::string key_field = collection.empty() ? path : collection + "[]." + field;
        for (Group& g : groups) {
            if (g.when == when && g.field == key_field && g.value == value && g.note == note) {
                g.elements.push_back(element);
                return;
            }
        }
        groups.push_back({when, key_field, value, note, {element}});
    };
    const auto in_base_overrides = [&](const std::string& assignment) {
        return base != nullptr &&
               std::find(base->overrides().begin(), base->overrides().end(), assignment) != base->overrides().end();
    };
    const auto in_base_interventions = [&](const scenario::Intervention& i) {
        return base != nullptr && std::any_of(base->interventions().begin(), base->interventions().end(),
                                              [&](const scenario::Intervention& b) {
                                                  return b.at() == i.at() && b.path() == i.path() &&
                                                         b.value() == i.value();
                                              });
    };
    for (const std::string& assignment : scenario.overrides()) {
        if (in_base_overrides(assignment)) {
            continue;
        }
        const std::size_t eq = assignment.find('=');
        add("from the start", assignment.substr(0, eq), eq == std::string::npos ? "" : assignment.substr(eq + 1), "");
    }
    for (const scenario::Intervention& i : scenario.interventions()) {
        if (!in_base_interventions(i)) {
            add("from " + i.at(), i.path(), i.value(), i.note());
        }
    }
    std::vector<std::string> out;
    const google::protobuf::Descriptor& root = *scenario::Scenario::descriptor();
    for (const Group& g : groups) {
        std::string line = g.when + ": ";
        const std::size_t bracket = g.field.find("[].");
        if (bracket == std::string::npos) {
            const std::string unit = io::lever_unit(root, g.field);
            line += io::lever_words(root, g.field) + " " + lever_value_text(g.value, unit) +
                    was(base, {g.field}, g.value, unit);
        } else {
            // "payment delay 30 days in 9 departments (...)": the field's words without its element.
            const std::string collection = g.field.substr(0, bracket);
            const std::string path = collection + "[" + g.elements.front() + "]." + g.field.substr(bracket + 3);
            std::string words = io::lever_words(root, path);
            const std::string of_element = " of " + g.elements.front();
            if (words.ends_with(of_element)) {
                words.resize(words.size() - of_element.size());
            }
            std::vector<std::string> paths;
            for (const std::string& element : g.elements) {
                paths.push_back(collection + "[" + element + "]." + g.field.substr(bracket + 3));
            }
            const std::string unit = io::lever_unit(root, path);
            line += words + " " + lever_value_text(g.value, unit) + was(base, paths, g.value, unit) + " in ";
            if (g.elements.size() == 1) {
                line += g.elements.front();
            } else {
                line += std::to_string(g.elements.size()) + " " + collection + " (";
                for (std::size_t e = 0; e < g.elements.size(); ++e) {
                    line += (e == 0 ? "" : ", ") + g.elements[e];
                }
                line += ")";
            }
        }
        if (!g.note.empty()) {
            line += " \u2014 " + g.note;
        }
        out.push_back(std::move(line));
    }
    return out;
}

Arm arm_from_runs(std::string label, std::string source, const scenario::Scenario& scenario,
                  const std::vector<io::MemberRun>& runs) {
    Arm arm;
    arm.label = std::move(label);
    arm.source = std::move(source);
    arm.scenario = scenario.name();
    for (const io::MemberRun& m : runs) {
        arm.seeds.push_back(m.seed);
        arm.replications.push_back(m.replication);
    }
    for (std::size_t k = 0; k < io::kKpiCount; ++k) {
        arm.kpis.emplace_back(io::kKpis[k].name);
        std::vector<double>& column = arm.values.emplace_back();
        for (const io::MemberRun& m : runs) {
            column.push_back(m.horizon[k]);
        }
    }
    for (const scenario::Target& t : scenario.targets()) {
        arm.targets.emplace_back(t.kpi(), t.value());
    }
    arm.changes = describe_changes(scenario);
    return arm;
}

std::string arm_code(std::size_t index) {
    std::string code;
    for (std::size_t i = index + 1; i > 0; i = (i - 1) / 26) {
        code.insert(code.begin(), static_cast<char>('A' + (i - 1) % 26));
    }
    return code;
}

std::size_t tested_differences(const std::vector<KpiComparison>& comparisons) {
    std::size_t n = 0;
    for (const KpiComparison& c : comparisons) {
        for (std::size_t a = 1; a < c.p_adjusted.size(); ++a) {
            n += std::isnan(c.differences[a].p_value) ? 0 : 1;
        }
    }
    return n;
}

std::vector<KpiComparison> compare_arms(const std::vector<Arm>& arms, std::span<const std::string> only) {
    std::vector<KpiComparison> out;
    if (arms.empty()) {
        return out;
    }
    for (std::size_t j = 0; j < arms[0].kpis.size(); ++j) {
        const std::string& name = arms[0].kpis[j];
        if (!only.empty() && std::find(only.begin(), only.end(), name) == only.end()) {
            continue;
        }
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
                const bool higher = io::find_kpi(name)->higher_is_better;
                std::size_t better = 0;
                for (std::size_t i = 0; i < first.size(); ++i) {
                    better += second[i] != first[i] && (second[i] > first[i]) == higher ? 1 : 0;
                }
                comparison.better.push_back(better);
            } else {
                comparison.better.push_back(0);
                comparison.differences.push_back(welch_difference(*columns[0], *columns[a]));
            }
            comparison.paired.push_back(pairs.has_value());
        }
        out.push_back(std::move(comparison));
    }
    // Holm over every (arm, KPI) difference at once; arm 0 (the reference) is no test.
    std::vector<double> p;
    for (const KpiComparison& c : out) {
        for (std::size_t a = 1; a < c.differences.size(); ++a) {
            p.push_back(c.differences[a].p_value);
        }
    }
    const std::vector<double> adjusted = holm_adjust(p);
    std::size_t next = 0;
    for (KpiComparison& c : out) {
        c.p_adjusted.assign(c.differences.size(), std::numeric_limits<double>::quiet_NaN());
        for (std::size_t a = 1; a < c.differences.size(); ++a) {
            c.p_adjusted[a] = adjusted[next++];
        }
    }
    return out;
}

double difference_sd(const KpiComparison& c, std::size_t a) {
    if (c.paired[a]) {
        return c.differences[a].sd;
    }
    return std::sqrt(c.arms[a].sd * c.arms[a].sd + c.arms[0].sd * c.arms[0].sd);
}

double adjusted_alpha(std::size_t tests) {
    return kAlpha / static_cast<double>(std::max<std::size_t>(tests, 1));
}

Detect parse_detect(const std::string& item) {
    const std::size_t eq = item.find('=');
    const io::KpiInfo* kpi = eq == std::string::npos ? nullptr : io::find_kpi(item.substr(0, eq));
    if (kpi == nullptr) {
        throw InputError(
            "--detect " + item +
            ": expected KPI=SIZE with a KPI name as in the summary JSON (jobs, municipal_savings_rial, ...)");
    }
    const std::string text = item.substr(eq + 1);
    double size = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), size);
    if (error != std::errc() || end != text.data() + text.size() || !(size > 0) || !std::isfinite(size)) {
        throw InputError("--detect " + item + ": SIZE must be a positive number in the KPI's unit (" +
                         std::string(kpi->unit) + ")");
    }
    return {kpi, size};
}

std::string futures_needed(std::size_t n) {
    if (n >= 100000) {
        return "more than 100,000";
    }
    std::string text = "~";
    text.append(io::group_thousands(static_cast<long long>(n)));
    return text;
}

std::vector<io::TargetOdds> arm_target_odds(const Arm& arm) {
    std::vector<io::TargetOdds> out;
    for (const auto& [kpi, value] : arm.targets) {
        const io::KpiInfo* info = io::find_kpi(kpi);
        const auto column = std::find(arm.kpis.begin(), arm.kpis.end(), kpi);
        if (info == nullptr || column == arm.kpis.end()) {
            continue;
        }
        out.push_back(io::target_odds(*info, value, arm.values[static_cast<std::size_t>(column - arm.kpis.begin())]));
    }
    return out;
}

namespace {

std::string percent(double share) {
    char text[32];
    std::snprintf(text, sizeof text, "%.0f%%", 100 * share);
    return text;
}

std::string futures(std::size_t n) {
    return std::to_string(n) + (n == 1 ? " future" : " futures");
}

} // namespace

std::string describe_comparison(const std::vector<Arm>& arms, const std::vector<KpiComparison>& comparisons,
                                std::size_t a) {
    const std::string policy = arm_code(a) + " (" + arms[a].label + ")";
    const std::string reference = arm_code(0) + " (" + arms[0].label + ")";
    const std::size_t n = comparisons.empty() ? arms[a].seeds.size() : comparisons.front().differences[a].n;
    const bool paired = !comparisons.empty() && comparisons.front().paired[a];
    std::vector<std::string> holds;
    for (const KpiComparison& c : comparisons) {
        if (!c.robust(a)) {
            continue;
        }
        const io::KpiInfo& kpi = *io::find_kpi(c.kpi);
        const Summary& d = c.differences[a];
        std::string item = std::string(kpi.label) + " " + io::format_kpi_signed(kpi, d.mean) + " (95% CI " +
                           io::format_kpi_range(kpi, d.ci_low, d.ci_high, true);
        if (c.paired[a]) {
            const std::size_t better = c.better[a];
            item += "; better in " + std::to_string(better) + " of " + futures(d.n);
        }
        holds.push_back(item + ")");
    }
    std::string text = policy + " against " + reference + ", " + futures(n) +
                       (paired ? " paired by replication" : " unpaired") + ", at the horizon: ";
    if (holds.empty()) {
        text += "no KPI differs after the " + std::string(kAdjustmentName) + " adjustment.";
    } else {
        for (std::size_t i = 0; i < holds.size(); ++i) {
            text += (i == 0 ? "" : i + 1 == holds.size() ? " and " : ", ") + holds[i];
        }
        text += "; no other KPI differs after the " + std::string(kAdjustmentName) + " adjustment.";
    }
    const std::vector<io::TargetOdds> mine = arm_target_odds(arms[a]);
    const std::vector<io::TargetOdds> theirs = arm_target_odds(arms[0]);
    for (const io::TargetOdds& odds : mine) {
        const io::KpiInfo& kpi = *io::find_kpi(odds.kpi);
        text += " Target " + std::string(kpi.label) + (kpi.higher_is_better ? " \u2265 " : " \u2264 ") +
                io::format_kpi(kpi, odds.value) + ": met in " + percent(odds.p_met) + " of futures with " + arm_code(a);
        for (const io::TargetOdds& other : theirs) {
            if (other.kpi == odds.kpi && other.value == odds.value) {
                text += ", " + percent(other.p_met) + " with " + arm_code(0);
            }
        }
        text += ".";
    }
    return text;
}

} // namespace innosim::studies

// Loading what `innosim report` shows, from a sweep directory or a run file.
#include "sim/input_error.hpp"
#include "sim/io/kpi_proto.hpp"
#include "sim/io/run_file.hpp"
#include "sim/proto/study.pb.h"
#include "tools/studies/csv.hpp"
#include "tools/studies/report.hpp"
#include "tools/studies/study.hpp"
#include "tools/studies/sweep.hpp"

#include <google/protobuf/text_format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>

namespace innosim::studies {

namespace {

namespace fs = std::filesystem;
namespace pb = google::protobuf;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string read_all(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return std::move(text).str();
}

std::map<std::uint32_t, std::size_t> arm_by_point(const std::vector<Arm>& arms) {
    std::map<std::uint32_t, std::size_t> out;
    for (std::size_t i = 0; i < arms.size(); ++i) {
        out[arms[i].point] = i;
    }
    return out;
}

void load_trajectories(ReportData& data, const fs::path& file) {
    const CsvTable table = read_csv(file);
    const std::size_t point_column = table.require_column("point");
    const std::size_t month_column = table.require_column("month");
    const std::size_t date_column = table.require_column("date");
    std::vector<std::size_t> kpi_columns;
    for (std::size_t c = date_column + 1; c < table.header.size(); ++c) {
        kpi_columns.push_back(c);
        data.trajectory_kpis.push_back(table.header[c]);
    }
    const auto arms = arm_by_point(data.arms);
    // values[arm][kpi][month] -> runs
    std::vector<std::vector<std::vector<std::vector<double>>>> values(
        data.arms.size(), std::vector<std::vector<std::vector<double>>>(kpi_columns.size()));
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const auto& row = table.rows[r];
        const std::string where = table.file + ":" + std::to_string(r + 2);
        const auto point = static_cast<std::uint32_t>(parse_number(row[point_column], where));
        const auto month = static_cast<std::size_t>(parse_number(row[month_column], where));
        const auto arm = arms.find(point);
        if (arm == arms.end() || month > 100000) {
            continue;
        }
        if (data.month_dates.size() <= month) {
            data.month_dates.resize(month + 1);
        }
        if (data.month_dates[month].empty()) {
            data.month_dates[month] = row[date_column];
        }
        for (std::size_t j = 0; j < kpi_columns.size(); ++j) {
            auto& series = values[arm->second][j];
            if (series.size() <= month) {
                series.resize(month + 1);
            }
            series[month].push_back(parse_number(row[kpi_columns[j]], where));
        }
    }
    data.trajectory.assign(data.arms.size(), std::vector<std::vector<Summary>>(kpi_columns.size()));
    for (std::size_t a = 0; a < data.arms.size(); ++a) {
        for (std::size_t j = 0; j < kpi_columns.size(); ++j) {
            for (const auto& month : values[a][j]) {
                data.trajectory[a][j].push_back(summarize(month));
            }
        }
    }
}

void load_flows(ReportData& data, const fs::path& file) {
    const CsvTable table = read_csv(file);
    const std::size_t point_column = table.require_column("point");
    std::vector<std::size_t> columns;
    for (std::size_t c = 0; c < table.header.size(); ++c) {
        if (table.header[c].starts_with("in_") || table.header[c].starts_with("out_")) {
            columns.push_back(c);
            data.flow_columns.push_back(table.header[c]);
        }
    }
    const auto arms = arm_by_point(data.arms);
    std::vector<std::vector<double>> sums(data.arms.size(), std::vector<double>(columns.size(), 0));
    std::vector<double> counts(data.arms.size(), 0);
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const std::string where = table.file + ":" + std::to_string(r + 2);
        const auto arm = arms.find(static_cast<std::uint32_t>(parse_number(table.rows[r][point_column], where)));
        if (arm == arms.end()) {
            continue;
        }
        counts[arm->second] += 1;
        for (std::size_t i = 0; i < columns.size(); ++i) {
            sums[arm->second][i] += parse_number(table.rows[r][columns[i]], where);
        }
    }
    for (std::size_t a = 0; a < sums.size(); ++a) {
        for (double& v : sums[a]) {
            v = counts[a] > 0 ? v / counts[a] : kNaN;
        }
    }
    data.flow_means = std::move(sums);
}

void load_sensitivity(ReportData& data, const fs::path& file, study::Design design) {
    const CsvTable table = read_csv(file);
    const std::size_t kpi = table.require_column("kpi");
    const std::size_t lever = table.require_column("lever");
    const bool morris = design == study::MORRIS;
    data.sensitivity_method = morris ? "morris" : "sobol";
    const auto cell = [&](const std::vector<std::string>& row, const char* name, std::size_t r) {
        return parse_number(row[table.require_column(name)], table.file + ":" + std::to_string(r + 2));
    };
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const auto& row = table.rows[r];
        SensitivityRow s{.kpi = row[kpi], .lever = row[lever]};
        if (morris) {
            s.a = cell(row, "mu_star", r);
            s.b = cell(row, "sigma", r);
            s.a_low = s.a_high = s.b_low = s.b_high = kNaN;
            if (table.column("mu_star_ci_low") && table.column("mu_star_ci_high")) { // older sweeps lack them
                s.a_low = cell(row, "mu_star_ci_low", r);
                s.a_high = cell(row, "mu_star_ci_high", r);
            }
        } else {
            s.a = cell(row, "first_order", r);
            s.a_low = cell(row, "first_order_ci_low", r);
            s.a_high = cell(row, "first_order_ci_high", r);
            s.b = cell(row, "total", r);
            s.b_low = cell(row, "total_ci_low", r);
            s.b_high = cell(row, "total_ci_high", r);
        }
        data.sensitivity.push_back(std::move(s));
    }
}

/// Main effects of a factorial design: per KPI and lever, the mean over all runs at each level;
/// the tornado spans the lowest to the highest level mean.
void main_effects(ReportData& data, const fs::path& runs_file, const std::vector<std::string>& levers,
                  const std::vector<std::string>& kpis) {
    const CsvTable table = read_csv(runs_file);
    for (const std::string& kpi : kpis) {
        const auto kpi_column = table.column(kpi);
        if (!kpi_column) {
            continue;
        }
        for (const std::string& lever : levers) {
            const auto lever_column = table.column(lever);
            if (!lever_column) {
                continue;
            }
            std::map<std::string, std::pair<double, double>> by_level; // sum, count
            for (std::size_t r = 0; r < table.rows.size(); ++r) {
                const double v = parse_number(table.rows[r][*kpi_column], table.file);
                auto& [sum, count] = by_level[table.rows[r][*lever_column]];
                sum += v;
                count += 1;
            }
            if (by_level.size() < 2) {
                continue;
            }
            SensitivityRow s{.kpi = kpi, .lever = lever};
            s.a = std::numeric_limits<double>::infinity();
            s.b = -std::numeric_limits<double>::infinity();
            for (const auto& [level, sum_count] : by_level) {
                const double mean = sum_count.first / sum_count.second;
                if (mean < s.a) {
                    s.a = mean;
                    s.low_label = level;
                }
                if (mean > s.b) {
                    s.b = mean;
                    s.high_label = level;
                }
            }
            s.a_low = s.a_high = s.b_low = s.b_high = kNaN;
            data.sensitivity.push_back(std::move(s));
        }
    }
    if (!data.sensitivity.empty()) {
        data.sensitivity_method = "main_effects";
    }
}

ReportData load_sweep(const fs::path& dir) {
    ReportData data;
    data.source = dir.string();
    data.kind = "sweep";
    study::SweepManifest manifest;
    const bool have_manifest =
        fs::exists(dir / kManifestFile) && pb::TextFormat::ParseFromString(read_all(dir / kManifestFile), &manifest);
    if (!have_manifest) {
        data.notes.push_back("No readable manifest.textproto: provenance is missing.");
    }
    const study::Study& study = manifest.study();
    data.title = !study.name().empty() ? study.name() : dir.filename().string();
    data.subtitle = study.description();
    data.arms = load_arms(dir);
    data.comparisons = compare_arms(data.arms);

    const bool at_end = study.at() == study::END;
    const std::string horizon = manifest.scenarios_size() > 0 ? manifest.scenarios(0).horizon() : "";
    const std::string end = manifest.scenarios_size() > 0 ? manifest.scenarios(0).end() : "";
    data.horizon_date = horizon;
    data.kpi_time = at_end ? "at the end of the run" + (end.empty() ? "" : " (" + end + ")")
                           : "at the horizon" + (horizon.empty() ? "" : " (" + horizon + ")");

    const std::string design =
        study::Design_Name(study.design() == study::DESIGN_UNSPECIFIED ? study::FULL_FACTORIAL : study.design());
    data.design = design;
    std::size_t runs = 0;
    for (const Arm& arm : data.arms) {
        runs += arm.seeds.size();
    }
    data.facts = {{"design", design},
                  {"design points", std::to_string(data.arms.size())},
                  {"runs", std::to_string(runs)},
                  {"replications", std::to_string(std::max<std::uint32_t>(1, study.replications()))},
                  {"seeds", manifest.common_random_numbers() ? "common random numbers" : "independent per point"}};
    if (manifest.wall_seconds() > 0) {
        char text[32];
        std::snprintf(text, sizeof text, "%.1f s", manifest.wall_seconds());
        data.facts.emplace_back("wall time (last invocation)", text);
    }

    if (fs::exists(dir / kTrajectoriesFile)) {
        load_trajectories(data, dir / kTrajectoriesFile);
    } else {
        data.notes.push_back("No trajectories: add `monthly: true` to the study and run the sweep again to see the "
                             "KPIs month by month with confidence bands.");
    }
    if (fs::exists(dir / kFlowsFile)) {
        load_flows(data, dir / kFlowsFile);
    }
    data.band_label = "mean over replications (line) and its 95% confidence band";
    if ((study.design() == study::MORRIS || study.design() == study::SOBOL) && fs::exists(dir / kSensitivityFile)) {
        load_sensitivity(data, dir / kSensitivityFile, study.design());
        data.sensitivity_samples = study.design() == study::MORRIS ? study.trajectories() : study.samples();
    } else if (study.design() != study::LATIN_HYPERCUBE && manifest.lever_columns_size() > 0) {
        main_effects(data, dir / kRunsFile, {manifest.lever_columns().begin(), manifest.lever_columns().end()},
                     data.arms.empty() ? std::vector<std::string>{} : data.arms[0].kpis);
    }

    const run::Provenance& p = manifest.provenance();
    data.provenance = {
        {"study file", manifest.study_file()},
        {"study sha256", manifest.study_sha256()},
        {"innosim", p.engine_version() + " (commit " + p.git_commit() + ", " + p.build_type() + ")"},
        {"compiler", p.compiler()},
        {"host", p.host()},
        {"started (UTC)", manifest.started_utc()},
        {"finished (UTC)", manifest.finished_utc()},
        {"threads / MPI ranks", std::to_string(manifest.threads()) + " / " + std::to_string(manifest.mpi_ranks())},
        {"base seed", std::to_string(manifest.base_seed())},
        {"design seed", std::to_string(manifest.design_seed())}};
    for (const auto& s : manifest.scenarios()) {
        data.provenance.emplace_back("scenario", s.name() + " — " + s.file() + " (sha256 " + s.sha256().substr(0, 12) +
                                                     ", " + s.start() + " .. " + s.end() + ")");
    }
    pb::TextFormat::PrintToString(study, &data.study_text);
    return data;
}

ReportData load_run(const fs::path& file) {
    ReportData data;
    data.source = file.string();
    data.kind = "run";
    const io::RunFileReader reader = io::RunFileReader::open(file);
    const run::RunHeader& header = reader.header();
    data.title = header.scenario().name().empty() ? file.stem().string() : header.scenario().name();
    data.subtitle = header.scenario().description();
    data.arms = load_arms(file);
    data.comparisons = compare_arms(data.arms);
    data.horizon_date = header.horizon_date();
    data.end_date = header.end_date();
    data.kpi_time = "at the horizon (" + header.horizon_date() + ")";
    for (const KpiComparison& c : data.comparisons) {
        data.end_values.push_back(io::kpi_value(reader.footer().end_kpis(), c.kpi));
    }
    for (const auto& target : header.scenario().targets()) {
        data.targets.emplace_back(target.kpi(), target.value());
    }
    const run::Footer& footer = reader.footer();
    const bool ensemble = footer.has_ensemble() && footer.ensemble().members_size() > 1;
    for (const io::KpiInfo& kpi : io::kKpis) {
        data.trajectory_kpis.emplace_back(kpi.name);
    }
    data.trajectory.assign(1, std::vector<std::vector<Summary>>(data.trajectory_kpis.size()));
    if (ensemble) {
        const run::Ensemble& e = footer.ensemble();
        data.futures = static_cast<std::size_t>(e.members_size());
        data.recorded_replication = e.members(static_cast<int>(e.recorded())).replication();
        for (const KpiComparison& c : data.comparisons) {
            const std::optional<io::Quantiles> q = io::horizon_quantiles(footer, c.kpi);
            const auto k = std::find(e.kpis().begin(), e.kpis().end(), c.kpi);
            if (!q || k == e.kpis().end()) {
                throw InputError(file.string() + ": its ensemble lacks the KPI " + c.kpi);
            }
            std::vector<double> end;
            for (const run::EnsembleMember& m : e.members()) {
                end.push_back(m.end(static_cast<int>(k - e.kpis().begin())));
            }
            data.horizon_quantiles.push_back(*q);
            data.end_quantiles.push_back(io::quantiles(end));
        }
        data.facts = {{"futures", std::to_string(data.futures) + " (common random numbers)"},
                      {"seed", std::to_string(header.seed())},
                      {"replications", std::to_string(e.members(0).replication()) + "\u2013" +
                                           std::to_string(e.members(e.members_size() - 1).replication())},
                      {"recorded in full", "replication " + std::to_string(data.recorded_replication)},
                      {"period", header.start_date() + " .. " + header.end_date()}};
        data.band_label = "the median of the futures (line) and the range 90% of them fall in (band, 5th to 95th "
                          "percentile)";
        data.month_dates.assign(e.month_dates().begin(), e.month_dates().end());
        for (std::size_t j = 0; j < data.trajectory_kpis.size(); ++j) {
            const std::optional<io::Band> band = io::kpi_band(footer, data.trajectory_kpis[j]);
            if (!band) {
                continue;
            }
            for (std::size_t m = 0; m < band->p50.size(); ++m) {
                data.trajectory[0][j].push_back(Summary{data.futures, band->p50[m], kNaN, band->p05[m], band->p95[m]});
            }
        }
        data.notes.push_back("The funding flows below are the recorded future's (replication " +
                             std::to_string(data.recorded_replication) + ": " + e.recorded_reason() + ").");
    } else {
        data.facts = {{"run", "one run (no replications: no intervals)"},
                      {"seed", std::to_string(header.seed())},
                      {"replication", std::to_string(header.replication())},
                      {"period", header.start_date() + " .. " + header.end_date()},
                      {"events", std::to_string(reader.footer().events())}};
        data.notes.push_back("A single run shows one possible future. innosim run (20 futures by default) or a study "
                             "with replications (innosim sweep) shows the range and which differences are robust.");
    }
    for (std::size_t slot = 0; slot < kFlowSlots; ++slot) {
        if (const std::string column = flow_column(slot); !column.empty()) {
            data.flow_columns.push_back(column);
        }
    }
    std::vector<double> flows(kFlowSlots, 0);
    const std::int64_t flow_cutoff = header.horizon_time() + header.ticks_per_day();
    for (std::size_t i = 0; i < reader.snapshot_count(); ++i) {
        const run::Snapshot snapshot = reader.snapshot(i);
        if (!ensemble) {
            data.month_dates.push_back(snapshot.date());
            for (std::size_t j = 0; j < data.trajectory_kpis.size(); ++j) {
                const double v = io::kpi_value(snapshot.kpis(), data.trajectory_kpis[j]);
                data.trajectory[0][j].push_back(Summary{1, v, kNaN, kNaN, kNaN});
            }
        }
        if (snapshot.time() > flow_cutoff) {
            continue;
        }
        for (const run::Flow& flow : snapshot.flows()) {
            const auto reason = static_cast<std::size_t>(flow.reason());
            if (reason >= kFlowReasons) {
                continue;
            }
            if (flow.to_kind() == run::STARTUP) {
                flows[reason] += static_cast<double>(flow.amount_rial());
            }
            if (flow.from_kind() == run::STARTUP) {
                flows[kFlowReasons + reason] += static_cast<double>(flow.amount_rial());
            }
        }
    }
    std::vector<double> means;
    for (std::size_t slot = 0; slot < kFlowSlots; ++slot) {
        if (!flow_column(slot).empty()) {
            means.push_back(flows[slot]);
        }
    }
    data.flow_means.push_back(std::move(means));

    const run::Provenance& p = header.provenance();
    data.provenance = {
        {"run file", file.string()},
        {"scenario sha256", header.scenario_sha256()},
        {"innosim", p.engine_version() + " (commit " + p.git_commit() + ", " + p.build_type() + ")"},
        {"compiler", p.compiler()},
        {"host", p.host()},
        {"created (UTC)", p.created_utc()},
        {"seed / replication", std::to_string(header.seed()) + " / " + std::to_string(header.replication())}};
    for (const std::string& o : header.overrides()) {
        data.provenance.emplace_back("override", o);
    }
    for (const auto& i : header.scenario().interventions()) {
        data.study_text +=
            i.at() + "  " + i.path() + " = " + i.value() + (i.note().empty() ? "" : "  # " + i.note()) + "\n";
    }
    if (data.study_text.empty()) {
        data.study_text = "(no dated interventions)";
    }
    return data;
}

} // namespace

ReportData load_report_data(const fs::path& source) {
    std::error_code error;
    if (fs::is_directory(source, error)) {
        return load_sweep(source);
    }
    if (!fs::exists(source, error)) {
        throw InputError(source.string() + ": no such run file or sweep directory");
    }
    return load_run(source);
}

} // namespace innosim::studies

#pragma once

// `innosim report`: one self-contained HTML file (inline CSS and SVG, no script, no external assets)
// that tells a study's story to someone who never opens the viewer: the decision (each target's odds
// per policy, what each policy changes, the sentence to read aloud, the multiple-comparison note),
// headline findings, the KPI table at the horizon with intervals and differences (printable whole),
// KPI trajectories with bands and units, sensitivity (tornado, Morris mu* with bootstrap intervals,
// Sobol indices) with warnings where the design needs more samples, where startups' money came from
// and went, provenance. A run file with an ensemble is reported as its futures.

#include "tools/studies/compare.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace innosim::studies {

struct SensitivityRow {
    std::string kpi;
    std::string lever;
    double a = 0; ///< Morris mu* (interval: bootstrap, NaN if none), Sobol first-order, main effects: lowest level mean
    double a_low = 0;
    double a_high = 0;
    double b = 0; ///< Morris sigma, Sobol total, main effects: highest level mean
    double b_low = 0;
    double b_high = 0;
    std::string low_label; ///< main effects: the levels giving a and b
    std::string high_label;
};

/// Everything the page shows, loaded from a sweep directory or a run file.
struct ReportData {
    std::string source;
    std::string kind;   ///< "sweep" or "run"
    std::string design; ///< the study's design name ("MORRIS", ...); empty for a run file
    std::string title;
    std::string subtitle;
    std::vector<std::pair<std::string, std::string>> facts;      ///< headline badges
    std::vector<std::pair<std::string, std::string>> provenance; ///< key, value
    std::string study_text;                                      ///< the study (or scenario levers) as text
    std::string kpi_time;                                        ///< "at the horizon (1404/12/29)"

    std::vector<Arm> arms;
    std::vector<KpiComparison> comparisons;

    std::vector<std::string> month_dates;                      ///< Solar Hijri date per month index
    std::vector<std::string> trajectory_kpis;                  ///< KPIs with trajectories
    std::vector<std::vector<std::vector<Summary>>> trajectory; ///< [arm][kpi][month]
    std::string horizon_date;                                  ///< marker on the trajectory charts

    std::vector<std::string> flow_columns;       ///< "in_grant", "out_salary", ...
    std::vector<std::vector<double>> flow_means; ///< [arm][column] mean Rial

    std::string sensitivity_method; ///< "morris", "sobol", "main_effects" or empty
    std::vector<SensitivityRow> sensitivity;

    std::size_t futures = 0; ///< run files: the futures in the file's ensemble (0: the file holds one run)
    std::uint32_t recorded_replication = 0;       ///< run files: the future recorded in full
    std::vector<io::Quantiles> horizon_quantiles; ///< run files with an ensemble: per comparisons entry
    std::vector<io::Quantiles> end_quantiles;     ///< the same at the end of the run
    std::string band_label;                       ///< what the trajectory charts' lines and bands are
    std::size_t sensitivity_samples = 0;          ///< Morris trajectories or Sobol base samples of the design

    std::vector<double> end_values; ///< run files: each KPI at the end of the run (comparisons order)
    std::string end_date;           ///< run files: the last day
    std::vector<std::pair<std::string, double>> targets; ///< run files: the scenario's KPI targets

    std::vector<std::string> notes; ///< what is missing and how to get it
};

/// Loads a sweep directory (manifest, runs.csv, trajectories.csv, flows.csv, sensitivity.csv) or a
/// `.innorun` run file (header, footer, monthly snapshots with their KPIs and flows).
ReportData load_report_data(const std::filesystem::path& source);

/// The HTML page.
std::string render_report(const ReportData& data);

} // namespace innosim::studies

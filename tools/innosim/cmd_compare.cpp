// innosim compare: policies side by side at the horizon, each with its mean and 95% interval, and
// the difference to the first with its interval (paired by replication under common random
// numbers), marking the differences that are robust (the interval excludes zero).
#include "sim/input_error.hpp"
#include "sim/io/kpi_registry.hpp"
#include "tools/innosim/command.hpp"
#include "tools/innosim/format.hpp"
#include "tools/studies/compare.hpp"
#include "tools/studies/csv.hpp"
#include "tools/studies/study.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace innosim::cli {

namespace {

struct CompareArgs {
    std::vector<std::string> sources;
    std::vector<std::string> kpis;
    std::string csv;
};

std::string arm_code(std::size_t index) {
    std::string code;
    for (std::size_t i = index + 1; i > 0; i = (i - 1) / 26) {
        code.insert(code.begin(), static_cast<char>('A' + (i - 1) % 26));
    }
    return code;
}

std::string fit(const std::string& text, std::size_t width) {
    if (text.size() <= width) {
        return text + std::string(width - text.size(), ' ');
    }
    return text.substr(0, width - 3) + "...";
}

const io::KpiInfo& kpi_info(std::string_view kpi) {
    return *io::find_kpi(kpi); // compare_arms keeps only registry KPIs
}

std::string format_kpi(std::string_view kpi, double value) {
    return io::format_kpi(kpi_info(kpi), value);
}

std::string signed_kpi(std::string_view kpi, double value) {
    return io::format_kpi_signed(kpi_info(kpi), value);
}

std::string interval(std::string_view kpi, const studies::Summary& s, bool sign) {
    if (std::isnan(s.ci_low)) {
        return "(one run)";
    }
    return "[" + io::format_kpi_range(kpi_info(kpi), s.ci_low, s.ci_high, sign) + "]";
}

void write_csv(const std::string& path, const std::vector<studies::Arm>& arms,
               const std::vector<studies::KpiComparison>& comparisons) {
    std::string text = studies::csv_row({"kpi", "arm", "label", "source", "n", "mean", "ci_low", "ci_high",
                                         "difference", "difference_ci_low", "difference_ci_high", "paired", "robust"});
    const auto cell = [](double v) { return std::isnan(v) ? std::string() : studies::format_double(v); };
    for (const auto& c : comparisons) {
        for (std::size_t a = 0; a < arms.size(); ++a) {
            const auto& s = c.arms[a];
            const auto& d = c.differences[a];
            text +=
                studies::csv_row({c.kpi, arm_code(a), arms[a].label, arms[a].source, std::to_string(s.n), cell(s.mean),
                                  cell(s.ci_low), cell(s.ci_high), cell(d.mean), cell(d.ci_low), cell(d.ci_high),
                                  c.paired[a] ? "1" : "0", a > 0 && d.excludes_zero() ? "1" : "0"});
        }
    }
    write_file_atomically(path, text);
}

} // namespace

void add_compare_command(CLI::App& app, Context& context) {
    auto args = std::make_shared<CompareArgs>();
    auto* sub = app.add_subcommand(
        "compare", "Compare policies at the horizon: means, 95% intervals and paired differences vs the first");
    sub->add_option("SOURCES", args->sources,
                    "Run files (.innorun) or sweep directories (every design point is a policy); the first "
                    "policy is the reference")
        ->required();
    sub->add_option("--kpi", args->kpis, "Only these KPIs (repeatable; default: all)");
    sub->add_option("--csv", args->csv, "Also write the comparison as CSV");
    sub->footer("Differences are paired by replication when both policies ran the same (seed, replication) pairs\n"
                "(common random numbers, as every sweep does by default), else Welch's unpaired interval is used.\n"
                "'robust' marks a difference whose 95% interval excludes zero.\n"
                "Exit codes: 0 done, 2 bad input.");
    sub->callback([args, &context] {
        std::vector<studies::Arm> arms;
        for (const std::string& source : args->sources) {
            auto loaded = studies::load_arms(source);
            arms.insert(arms.end(), std::make_move_iterator(loaded.begin()), std::make_move_iterator(loaded.end()));
        }
        if (arms.size() < 2) {
            throw InputError("compare needs at least two policies: give two or more run files or sweep directories, "
                             "or a sweep directory with several design points");
        }
        std::vector<studies::KpiComparison> comparisons = studies::compare_arms(arms);
        for (const std::string& kpi : args->kpis) {
            if (std::none_of(comparisons.begin(), comparisons.end(), [&](const auto& c) { return c.kpi == kpi; })) {
                throw InputError("--kpi " + kpi + ": not a KPI every policy has");
            }
        }
        if (!args->kpis.empty()) {
            std::erase_if(comparisons, [&](const auto& c) {
                return std::find(args->kpis.begin(), args->kpis.end(), c.kpi) == args->kpis.end();
            });
        }

        std::printf("Policies (the first is the reference):\n");
        bool all_paired = true;
        for (std::size_t a = 0; a < arms.size(); ++a) {
            std::printf("  %-3s %s  (%zu run%s, %s)\n", arm_code(a).c_str(), arms[a].label.c_str(),
                        arms[a].seeds.size(), arms[a].seeds.size() == 1 ? "" : "s", arms[a].source.c_str());
            if (!comparisons.empty()) {
                all_paired = all_paired && comparisons.front().paired[a];
            }
        }
        std::printf("\nKPIs at the horizon: mean [95%% CI]; difference to A [95%% CI], %s.\n",
                    all_paired ? "paired by replication (common random numbers)"
                               : "paired where runs share (seed, replication), else Welch");
        std::size_t label_width = 8;
        for (const auto& arm : arms) {
            label_width = std::max(label_width, arm.label.size());
        }
        label_width = std::min<std::size_t>(label_width, 40);
        std::vector<std::string> robust;
        for (const auto& c : comparisons) {
            std::printf("\n%s\n", std::string(kpi_info(c.kpi).label).c_str());
            // Cells first, so that every column is as wide as its widest cell.
            std::vector<std::array<std::string, 6>> rows;
            std::array<std::size_t, 6> width{};
            for (std::size_t a = 0; a < arms.size(); ++a) {
                const auto& s = c.arms[a];
                std::array<std::string, 6> row = {arm_code(a) + " " + fit(arms[a].label, label_width),
                                                  format_kpi(c.kpi, s.mean), interval(c.kpi, s, false)};
                if (a > 0) {
                    const auto& d = c.differences[a];
                    row[3] = signed_kpi(c.kpi, d.mean);
                    row[4] = interval(c.kpi, d, true);
                    row[5] = c.paired[a] ? "paired" : "welch";
                    if (d.excludes_zero()) {
                        row[5] += d.mean > 0 ? "  * robust, higher" : "  * robust, lower";
                        robust.push_back(arm_code(a) + " " + arms[a].label + ": " + std::string(kpi_info(c.kpi).label) +
                                         " " + signed_kpi(c.kpi, d.mean) + " " + interval(c.kpi, d, true));
                    }
                }
                for (std::size_t i = 0; i < row.size(); ++i) {
                    width[i] = std::max(width[i], row[i].size());
                }
                rows.push_back(std::move(row));
            }
            for (const auto& row : rows) {
                std::string line = "  ";
                for (std::size_t i = 0; i < row.size(); ++i) {
                    line += fit(row[i], width[i]) + (i == 2 ? "    " : "  ");
                }
                while (!line.empty() && line.back() == ' ') {
                    line.pop_back();
                }
                std::printf("%s\n", line.c_str());
            }
        }
        std::printf("\n%zu robust difference%s vs A (95%% CI excludes 0)%s\n", robust.size(),
                    robust.size() == 1 ? "" : "s", robust.empty() ? "." : ":");
        for (const std::string& item : robust) {
            std::printf("  %s\n", item.c_str());
        }
        if (!args->csv.empty()) {
            write_csv(args->csv, arms, comparisons);
        }
        context.exit_code = kExitOk;
    });
}

} // namespace innosim::cli

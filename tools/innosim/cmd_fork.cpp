// innosim fork: continue a recorded run from a date with changed levers, as a new branch file that
// holds the parent's past too and records where it branched. A run file of an ensemble forks every
// future: each replication runs again with the levers changed from the date (the recorded one
// from its checkpoint, in full), and the branch's footer holds the branch ensemble and the paired
// difference bands (branch - parent, replication by replication).
#include "agents/checkpoint.hpp"
#include "agents/kpis.hpp"
#include "agents/recorder.hpp"
#include "sim/calendar.hpp"
#include "sim/input_error.hpp"
#include "sim/io/ensemble.hpp"
#include "sim/io/kpi_proto.hpp"
#include "sim/io/run_file.hpp"
#include "tools/innosim/command.hpp"
#include "tools/innosim/format.hpp"
#include "tools/live/file_branch.hpp"
#include "tools/studies/ensemble.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace innosim::cli {

namespace {

struct ForkArgs {
    std::string parent;
    std::string at;
    std::vector<std::string> overrides;
    std::string out;
    int checkpoint_every_months = -1;
    unsigned threads = 0; ///< 0: all cores
};

/// The branch ensemble of `parent`'s ensemble: every replication of the forked scenario, with the
/// paired difference bands against the parent's.
run::Ensemble fork_ensemble(const io::RunFileReader& parent, const std::filesystem::path& parent_file,
                            const std::string& at, const std::vector<std::string>& overrides, unsigned threads,
                            studies::EnsembleResult& futures) {
    const run::Ensemble& before = parent.footer().ensemble();
    if (before.members_size() == 0) {
        throw InputError(parent_file.string() + ": its ensemble lists no replications");
    }
    for (int i = 0; i < before.members_size(); ++i) {
        const run::EnsembleMember& m = before.members(i);
        if (m.seed() != before.members(0).seed() ||
            m.replication() != before.members(0).replication() + static_cast<std::uint32_t>(i)) {
            throw InputError(parent_file.string() + ": ensemble member " + std::to_string(i) +
                             " is not the next replication of the same seed");
        }
    }
    if (before.recorded() >= static_cast<std::uint32_t>(before.members_size())) {
        throw InputError(parent_file.string() + ": the ensemble's recorded replication is not among its members");
    }
    const agents::LoadedScenario forked =
        agents::fork_scenario(agents::scenario_from_header(parent.header()), at, overrides);
    futures = studies::run_ensemble(forked, {.seed = before.members(0).seed(),
                                             .first_replication = before.members(0).replication(),
                                             .replications = static_cast<std::uint32_t>(before.members_size()),
                                             .threads = threads});
    run::Ensemble after = io::make_ensemble(futures.members, before.recorded(), parent.header().start_date());
    after.set_recorded_reason("the branch of the parent's recorded replication, " + before.recorded_reason());
    after.set_parent_file(parent_file.string());
    for (run::KpiBand& band : io::paired_difference_bands(before, after)) {
        *after.add_difference_bands() = std::move(band);
    }
    return after;
}

/// Per KPI at the horizon: parent and branch medians with 90% of futures, the paired difference and
/// in how many futures the branch is better.
void print_ensemble_comparison(const run::Ensemble& parent, const run::Ensemble& branch, const std::string& horizon) {
    std::printf("\nAt the horizon %s, over %d paired futures (branch - parent, replication by replication):\n",
                horizon.c_str(), branch.members_size());
    std::printf("%-26s %-34s %-34s %s\n", "KPI: median (90%)", "parent", "branch", "difference; better in");
    const auto n = static_cast<std::size_t>(std::min(parent.members_size(), branch.members_size()));
    for (std::size_t k = 0; k < io::kKpiCount; ++k) {
        const io::KpiInfo& kpi = io::kKpis[k];
        std::vector<double> a;
        std::vector<double> b;
        std::vector<double> d;
        std::size_t better = 0;
        for (std::size_t r = 0; r < n; ++r) {
            a.push_back(parent.members(static_cast<int>(r)).horizon(static_cast<int>(k)));
            b.push_back(branch.members(static_cast<int>(r)).horizon(static_cast<int>(k)));
            d.push_back(b.back() - a.back());
            better += d.back() != 0 && (d.back() > 0) == kpi.higher_is_better ? 1 : 0;
        }
        const io::Quantiles qa = io::quantiles(a);
        const io::Quantiles qb = io::quantiles(b);
        const io::Quantiles qd = io::quantiles(d);
        std::printf("%-26s %s %s %s; %zu of %zu\n", std::string(kpi.label).c_str(),
                    pad(io::format_kpi_with_range(kpi, qa.p50, qa.p05, qa.p95), 34).c_str(),
                    pad(io::format_kpi_with_range(kpi, qb.p50, qb.p05, qb.p95), 34).c_str(),
                    (io::format_kpi_signed(kpi, qd.mean) + " (" + io::format_kpi_range(kpi, qd.p05, qd.p95, true) + ")")
                        .c_str(),
                    better, n);
    }
}

/// `04/01/1403` -> "1403-01-04" style file-name part: slashes are not allowed in names.
std::string date_slug(const std::string& date) {
    std::string slug = date;
    for (char& c : slug) {
        c = c == '/' ? '-' : c;
    }
    return slug;
}

void print_comparison(const run::Footer& parent, const agents::RunResult& branch, const std::string& horizon,
                      const std::string& end) {
    std::printf("\n%-28s %18s %18s %18s %18s\n", "KPI", ("parent " + horizon).c_str(), ("branch " + horizon).c_str(),
                ("parent " + end).c_str(), ("branch " + end).c_str());
    const io::KpiValues parent_horizon = io::kpi_values(parent.horizon_kpis());
    const io::KpiValues parent_end = io::kpi_values(parent.end_kpis());
    const io::KpiValues branch_horizon = branch.horizon.values();
    const io::KpiValues branch_end = branch.end.values();
    for (std::size_t k = 0; k < io::kKpiCount; ++k) {
        const io::KpiInfo& kpi = io::kKpis[k];
        const double a = parent_horizon[k];
        const double b = branch_horizon[k];
        const double c = parent_end[k];
        const double d = branch_end[k];
        std::printf("%-28s %18s %18s %18s %18s%s\n", std::string(kpi.label).c_str(), io::format_kpi(kpi, a).c_str(),
                    io::format_kpi(kpi, b).c_str(), io::format_kpi(kpi, c).c_str(), io::format_kpi(kpi, d).c_str(),
                    (a != b || c != d) ? "  *" : "");
    }
}

} // namespace

void add_fork_command(CLI::App& app, Context& context) {
    auto args = std::make_shared<ForkArgs>();
    auto* sub = app.add_subcommand("fork", "Branch a recorded run at a date with changed levers (a \"what if\")");
    sub->add_option("RUN", args->parent, "The run file to branch (.innorun)")->required();
    sub->add_option("--at", args->at, "Solar Hijri date the changed levers take effect (e.g. 1403/01/01)")->required();
    sub->add_option("--set", args->overrides,
                    "A lever from --at on: PATH=VALUE (e.g. departments[Finance].payment_delay_days=30); repeatable");
    sub->add_option("--out", args->out, "Branch file to write (default: RUN-fork-DATE.innorun next to RUN)");
    sub->add_option("--checkpoint-every-months", args->checkpoint_every_months,
                    "Months between the branch's checkpoint frames (default: the parent's)");
    sub->add_option("--threads", args->threads, "Worker threads for an ensemble's replications (default: all cores)")
        ->check(CLI::Range(1U, 4096U));
    sub->footer("The branch holds the parent's frames up to the fork, so a viewer shows it alone or over its\n"
                "parent. Dated interventions of the scenario after --at still apply on top of the changed\n"
                "levers. Exit codes: 0 done, 1 failure at run time, 2 bad input (nothing is written then).");
    sub->callback([args, &context] {
        const std::filesystem::path parent(args->parent);
        std::string out = args->out;
        if (out.empty()) {
            out = (parent.parent_path() / (parent.stem().string() + "-fork-" + date_slug(args->at) + ".innorun"))
                      .string();
        }
        const std::filesystem::path directory = std::filesystem::path(out).parent_path();
        if (!directory.empty() && !std::filesystem::is_directory(directory)) {
            throw InputError(out + ": the directory " + directory.string() + " does not exist");
        }
        const auto started = std::chrono::steady_clock::now();
        const io::RunFileReader reader = io::RunFileReader::open(parent);
        std::optional<run::Ensemble> ensemble;
        studies::EnsembleResult futures;
        if (reader.footer().has_ensemble()) {
            ensemble = fork_ensemble(reader, parent, args->at, args->overrides,
                                     args->threads != 0 ? args->threads : studies::default_threads(), futures);
        }
        const live::BranchResult branch =
            live::branch_run_file({.parent = parent,
                                   .at = args->at,
                                   .overrides = args->overrides,
                                   .fork = true,
                                   .out = out,
                                   .checkpoint_every_months = args->checkpoint_every_months,
                                   .edit_footer = [&](run::Footer& footer) {
                                       if (ensemble) {
                                           *footer.mutable_ensemble() = *ensemble;
                                       }
                                   }});
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

        const agents::ModelParams& p = branch.scenario.params;
        const sim::Calendar calendar(sim::parse_jalali(p.start_date));
        std::printf("Fork of %s (%s, seed %llu) at %s\n", args->parent.c_str(), p.name.c_str(),
                    static_cast<unsigned long long>(reader.header().seed()), args->at.c_str());
        for (const std::string& lever : args->overrides) {
            std::printf("  from %s: %s\n", args->at.c_str(), lever.c_str());
        }
        if (args->overrides.empty()) {
            std::printf("  no lever changed: the branch repeats its parent\n");
        }
        if (branch.checkpoint) {
            std::printf("Restored the checkpoint of %s (%lld days before the fork), %llu frames inherited\n",
                        sim::format(calendar.date_at(*branch.checkpoint)).c_str(),
                        static_cast<long long>(sim::day_index(branch.at - *branch.checkpoint)),
                        static_cast<unsigned long long>(branch.inherited_frames));
        } else {
            std::printf("No checkpoint before %s in the parent: simulated from the start\n", args->at.c_str());
        }
        if (ensemble) {
            const io::KpiValues recorded = branch.result.horizon.values();
            const io::MemberRun& member = futures.members[ensemble->recorded()];
            if (recorded != member.horizon) {
                // A replication is a pure function of scenario, seed and replication: the branch
                // restored from the checkpoint and the one run from the start must agree.
                throw std::logic_error("the recorded branch differs from its replication run from the start");
            }
            print_ensemble_comparison(reader.footer().ensemble(), *ensemble, p.horizon_date);
        } else {
            print_comparison(reader.footer(), branch.result, p.horizon_date, p.end_date);
        }
        std::printf("\nBranch file: %s (%.1f MiB) in %.3f s — open it with innosim-viz %s --compare %s\n", out.c_str(),
                    static_cast<double>(branch.result.run_file_bytes) / (1024.0 * 1024.0), seconds, out.c_str(),
                    args->parent.c_str());
        context.exit_code = branch.result.imbalance == 0 && futures.imbalanced() == 0 ? kExitOk : kExitFailure;
    });
}

} // namespace innosim::cli

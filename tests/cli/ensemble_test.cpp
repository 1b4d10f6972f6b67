// `innosim run` as an ensemble: its quantiles and target odds against the replications run one by
// one, determinism across thread counts, and the ensemble run file replayed, resumed and forked.
#include "sim/io/ensemble.hpp"
#include "sim/io/kpi_proto.hpp"
#include "sim/io/kpi_registry.hpp"
#include "sim/io/run_file.hpp"
#include "tests/cli/cli_harness.hpp"

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

using Catch::Matchers::Contains;
using namespace innosim;

namespace {

constexpr int kReplications = 6;

/// Type-7 quantile, written out here so the test does not check the code against itself.
double type7(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    const double h = (static_cast<double>(v.size()) - 1) * p;
    const auto lo = static_cast<std::size_t>(h);
    const std::size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

boost::property_tree::ptree read_json(const fs::path& path) {
    boost::property_tree::ptree json;
    boost::property_tree::read_json(path.string(), json);
    return json;
}

/// The summary JSON without its wall-clock figures (the only part that may differ between runs).
std::string without_engine(const fs::path& path) {
    boost::property_tree::ptree json = read_json(path);
    json.erase("engine");
    std::ostringstream out;
    boost::property_tree::write_json(out, json);
    return out.str();
}

} // namespace

TEST_CASE("run's quantiles and target odds equal those of its replications run one by one", "[cli][ensemble]") {
    TempDir dir;
    REQUIRE(run_cli(dir, "run tiny -r " + std::to_string(kReplications) + " --out " + quote(dir / "e.innorun") +
                             " --summary-json " + quote(dir / "e.json"))
                .exit_code == 0);
    const auto ensemble = read_json(dir / "e.json");
    CHECK(ensemble.get<int>("replications") == kReplications);

    // [kpi][replication] from single runs, and each single run's monthly KPIs from its run file.
    std::vector<std::vector<double>> horizon(io::kKpiCount);
    std::vector<io::KpiValues> first_month;
    for (int r = 0; r < kReplications; ++r) {
        const std::string name = "r" + std::to_string(r);
        REQUIRE(run_cli(dir, "run tiny -r 1 --replication " + std::to_string(r) + " --out " +
                                 quote(dir / (name + ".innorun")) + " --summary-json " + quote(dir / (name + ".json")))
                    .exit_code == 0);
        const auto single = read_json(dir / (name + ".json"));
        for (std::size_t k = 0; k < io::kKpiCount; ++k) {
            horizon[k].push_back(single.get<double>("kpis." + std::string(io::kKpis[k].name)));
        }
        const io::RunFileReader reader = io::RunFileReader::open(dir / (name + ".innorun"));
        first_month.push_back(io::kpi_values(reader.snapshot(reader.snapshot_count() / 2).kpis()));
    }
    for (std::size_t k = 0; k < io::kKpiCount; ++k) {
        const std::string key = "kpis_ensemble." + std::string(io::kKpis[k].name) + ".";
        INFO(key);
        double sum = 0;
        for (const double v : horizon[k]) {
            sum += v;
        }
        CHECK(ensemble.get<double>(key + "mean") == Approx(sum / kReplications));
        CHECK(ensemble.get<double>(key + "p05") == Approx(type7(horizon[k], 0.05)));
        CHECK(ensemble.get<double>(key + "p25") == Approx(type7(horizon[k], 0.25)));
        CHECK(ensemble.get<double>(key + "p50") == Approx(type7(horizon[k], 0.50)));
        CHECK(ensemble.get<double>(key + "p75") == Approx(type7(horizon[k], 0.75)));
        CHECK(ensemble.get<double>(key + "p95") == Approx(type7(horizon[k], 0.95)));
    }
    // tiny's one target: jobs >= 500 at the horizon.
    const auto& targets = ensemble.get_child("targets");
    REQUIRE(targets.size() == 1);
    const auto& target = targets.front().second;
    CHECK(target.get<std::string>("kpi") == "jobs");
    const double goal = target.get<double>("value");
    const auto& jobs = horizon[*io::kpi_index("jobs")];
    const auto met = std::count_if(jobs.begin(), jobs.end(), [goal](double v) { return v >= goal; });
    CHECK(target.get<int>("met") == met);
    CHECK(target.get<int>("of") == kReplications);
    CHECK(target.get<double>("p_met") == Approx(static_cast<double>(met) / kReplications));

    // The run file: the recorded replication is one of the single runs byte for byte in its KPIs,
    // and the monthly bands are the quantiles of the members' months.
    const io::RunFileReader reader = io::RunFileReader::open(dir / "e.innorun");
    REQUIRE(reader.footer().has_ensemble());
    const run::Ensemble& e = reader.footer().ensemble();
    REQUIRE(e.members_size() == kReplications);
    const std::uint32_t recorded = e.members(static_cast<int>(e.recorded())).replication();
    CHECK(reader.header().replication() == recorded);
    CHECK(reader.header().seed() == e.members(0).seed());
    CHECK_FALSE(e.recorded_reason().empty());
    const io::KpiValues recorded_horizon = io::kpi_values(reader.footer().horizon_kpis());
    for (std::size_t k = 0; k < io::kKpiCount; ++k) {
        CHECK(recorded_horizon[k] == horizon[k][recorded]);
        for (int r = 0; r < kReplications; ++r) {
            CHECK(e.members(r).horizon(static_cast<int>(k)) == horizon[k][static_cast<std::size_t>(r)]);
        }
    }
    CHECK(static_cast<std::size_t>(e.month_times_size()) == reader.snapshot_count());
    const int month = static_cast<int>(reader.snapshot_count() / 2);
    for (std::size_t k = 0; k < io::kKpiCount; ++k) {
        std::vector<double> values;
        for (const io::KpiValues& v : first_month) {
            values.push_back(v[k]);
        }
        const auto band = io::kpi_band(reader.footer(), io::kKpis[k].name);
        REQUIRE(band.has_value());
        CHECK(band->p05[static_cast<std::size_t>(month)] == Approx(type7(values, 0.05)));
        CHECK(band->p50[static_cast<std::size_t>(month)] == Approx(type7(values, 0.50)));
        CHECK(band->p95[static_cast<std::size_t>(month)] == Approx(type7(values, 0.95)));
    }
    const auto odds = io::target_odds(reader.header(), reader.footer());
    REQUIRE(odds.size() == 1);
    CHECK(odds[0].met == static_cast<std::size_t>(met));
}

TEST_CASE("an ensemble is byte-identical with one thread or two", "[cli][ensemble]") {
    TempDir dir;
    for (const char* threads : {"1", "2"}) {
        REQUIRE(run_cli(dir, std::string("run tiny -r 5 --threads ") + threads + " --out " +
                                 quote(dir / (std::string("t") + threads + ".innorun")) + " --summary-json " +
                                 quote(dir / (std::string("t") + threads + ".json")))
                    .exit_code == 0);
    }
    CHECK(slurp(dir / "t1.innorun") == slurp(dir / "t2.innorun"));
    CHECK(without_engine(dir / "t1.json") == without_engine(dir / "t2.json"));
}

TEST_CASE("an ensemble run file resumes to itself and forks every future", "[cli][ensemble]") {
    TempDir dir;
    REQUIRE(run_cli(dir, "run tiny -r 4 --checkpoint-every-months 6 --out " + quote(dir / "e.innorun")).exit_code == 0);
    const Result resumed = run_cli(dir, "run --resume-from " + quote(dir / "e.innorun") + " --at 1402/03/01 --out " +
                                            quote(dir / "r.innorun"));
    REQUIRE(resumed.exit_code == 0);
    CHECK(slurp(dir / "r.innorun") == slurp(dir / "e.innorun"));

    const Result forked =
        run_cli(dir, "fork " + quote(dir / "e.innorun") + " --at 1401/09/01 --set factory.capacity=60 --out " +
                         quote(dir / "f.innorun"));
    REQUIRE(forked.exit_code == 0);
    CHECK_THAT(forked.out, Contains("over 4 paired futures"));
    const io::RunFileReader parent = io::RunFileReader::open(dir / "e.innorun");
    const io::RunFileReader branch = io::RunFileReader::open(dir / "f.innorun");
    REQUIRE(branch.footer().has_ensemble());
    const run::Ensemble& b = branch.footer().ensemble();
    const run::Ensemble& a = parent.footer().ensemble();
    REQUIRE(b.members_size() == 4);
    CHECK(b.recorded() == a.recorded());
    CHECK(branch.header().replication() == parent.header().replication());
    CHECK(b.difference_bands_size() == static_cast<int>(io::kKpiCount));
    // The difference band is the quantiles of branch - parent, replication by replication.
    const std::size_t k = *io::kpi_index("factory_occupancy");
    const int last = b.month_times_size() - 1;
    std::vector<double> differences;
    for (int r = 0; r < 4; ++r) {
        const int at = last * static_cast<int>(io::kKpiCount) + static_cast<int>(k);
        differences.push_back(b.members(r).monthly(at) - a.members(r).monthly(at));
    }
    const auto band = io::difference_band(parent.footer(), branch.footer(), "factory_occupancy");
    REQUIRE(band.has_value());
    CHECK(band->p50.back() == Approx(type7(differences, 0.5)));
    CHECK(band->p05.back() == Approx(type7(differences, 0.05)));
    // Before the fork every future is the parent's.
    CHECK(band->p05.front() == 0);
    CHECK(band->p95.front() == 0);
    // The same fork twice gives the same bytes.
    REQUIRE(run_cli(dir, "fork " + quote(dir / "e.innorun") + " --at 1401/09/01 --set factory.capacity=60 --out " +
                             quote(dir / "g.innorun"))
                .exit_code == 0);
    CHECK(slurp(dir / "f.innorun") == slurp(dir / "g.innorun"));
}

TEST_CASE("the report of an ensemble run file states its futures: medians, intervals and the targets' odds",
          "[cli][ensemble][report]") {
    TempDir dir;
    REQUIRE(run_cli(dir, "run tiny -r 5 --out " + quote(dir / "e.innorun") + " --summary-json " + quote(dir / "e.json"))
                .exit_code == 0);
    const Result report = run_cli(dir, "report " + quote(dir / "e.innorun") + " -o " + quote(dir / "e.html"));
    INFO(report.err);
    REQUIRE(report.exit_code == 0);
    CHECK_THAT(report.out, Contains("5 futures"));
    const std::string html = slurp(dir / "e.html");
    const auto json = read_json(dir / "e.json");
    // Every target with the odds run printed, in the decision table and in the KPI table.
    for (const auto& [unused, target] : json.get_child("targets")) {
        const std::string met = "met in " + std::to_string(target.get<int>("met")) + " of 5";
        CHECK_THAT(html, Contains(met + "</span>"));
        CHECK_THAT(html, Contains(": " + met + " ("));
    }
    // The jobs card: the median and the range 90% of the futures fall in, as run computed them.
    const io::KpiInfo& jobs = *io::find_kpi("jobs");
    const std::string median = io::format_kpi(jobs, std::round(json.get<double>("kpis_ensemble.jobs.p50")));
    const std::string range = io::format_kpi_range(jobs, json.get<double>("kpis_ensemble.jobs.p05"),
                                                   json.get<double>("kpis_ensemble.jobs.p95"));
    CHECK_THAT(html, Contains("<div class=\"value\">" + median + "</div><div class=\"ci\">median; 90% of futures " +
                              range + "</div>"));
    CHECK_THAT(html, Contains("the range 90% of them fall in (band"));
}

// `innosim compare POLICY...`: scenarios run here as paired futures. Its numbers against the
// replications run one by one, its paired interval against the study path's on the same seeds
// (sweep + compare of the sweep directory) and against an ensemble run file as the reference, and
// bad input.
#include "sim/io/kpi_registry.hpp"
#include "tests/cli/cli_harness.hpp"

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <vector>

using Catch::Matchers::Contains;
using namespace innosim;

namespace {

namespace pt = boost::property_tree;

constexpr int kReplications = 4;

void write(const fs::path& path, const std::string& text) {
    std::ofstream(path) << text;
}

/// A policy on the tiny city that changes what the tests can see within its short run.
void write_policy(const TempDir& dir) {
    write(dir / "bigger.textproto", R"(name: "Bigger factory"
base: "tiny"
interventions { at: "1401/09/01" path: "factory.capacity" value: "60" note: "a bigger factory" }
)");
}

pt::ptree parse_json(const std::string& text) {
    pt::ptree json;
    std::istringstream in(text);
    pt::read_json(in, json);
    return json;
}

/// The comparison's B entry of `kpi` (its difference to A), as JSON text values.
const pt::ptree& difference_of(const pt::ptree& json, const std::string& kpi) {
    for (const auto& [unused, entry] : json.get_child("kpis")) {
        if (entry.get<std::string>("kpi") == kpi) {
            const auto& policies = entry.get_child("policies");
            return std::next(policies.begin())->second.get_child("difference");
        }
    }
    FAIL("no KPI " << kpi);
    throw;
}

/// Every KPI's difference of B to A, as the text JSON holds it (exact digits).
std::vector<std::string> differences(const pt::ptree& json) {
    std::vector<std::string> out;
    for (const io::KpiInfo& kpi : io::kKpis) {
        const pt::ptree& d = difference_of(json, std::string(kpi.name));
        for (const char* key : {"n", "mean", "sd", "ci_low", "ci_high", "better", "p_value"}) {
            out.push_back(std::string(kpi.name) + "." + key + "=" + d.get<std::string>(key));
        }
    }
    return out;
}

} // namespace

TEST_CASE("compare POLICY equals the replications run one by one", "[cli][compare]") {
    TempDir dir;
    write_policy(dir);
    const Result compared =
        run_cli(dir, "compare " + quote(dir / "bigger.textproto") + " -r " + std::to_string(kReplications) + " --json");
    INFO(compared.err);
    REQUIRE(compared.exit_code == 0);
    const pt::ptree json = parse_json(compared.out);
    CHECK_THAT(json.get<std::string>("adjustment.method"), Contains("Holm"));
    // The reference is the policy's base.
    const auto& policies = json.get_child("policies");
    REQUIRE(policies.size() == 2);
    CHECK(policies.begin()->second.get<std::string>("source") == "builtin:tiny");
    const pt::ptree& policy = std::next(policies.begin())->second;
    REQUIRE(policy.get_child("changes").size() == 1);
    // The lever in words, its value with the schema's unit and the base's value before.
    CHECK(policy.get_child("changes").begin()->second.data() ==
          "from 1401/09/01: factory capacity 60 teams (was 20 teams) \u2014 a bigger factory");
    CHECK_THAT(policy.get<std::string>("sentence"), Contains("against A (tiny)"));

    // The same futures one at a time: replication r of the base and of the policy.
    std::vector<double> base_jobs;
    std::vector<double> policy_jobs;
    std::vector<double> base_occupancy;
    std::vector<double> policy_occupancy;
    for (int r = 0; r < kReplications; ++r) {
        for (const bool policy : {false, true}) {
            const std::string name = std::string(policy ? "p" : "b") + std::to_string(r) + ".json";
            REQUIRE(run_cli(dir, "run " + (policy ? quote(dir / "bigger.textproto") : std::string("tiny")) +
                                     " -r 1 --no-record --replication " + std::to_string(r) + " --summary-json " +
                                     quote(dir / name))
                        .exit_code == 0);
            pt::ptree single;
            pt::read_json((dir / name).string(), single);
            (policy ? policy_jobs : base_jobs).push_back(single.get<double>("kpis.jobs"));
            (policy ? policy_occupancy : base_occupancy).push_back(single.get<double>("kpis.factory_occupancy"));
        }
    }
    std::vector<double> d(kReplications);
    std::size_t better = 0;
    for (int r = 0; r < kReplications; ++r) {
        d[r] = policy_jobs[r] - base_jobs[r];
        better += d[r] > 0 ? 1 : 0;
    }
    double mean = 0;
    for (const double v : d) {
        mean += v / kReplications;
    }
    double ss = 0;
    for (const double v : d) {
        ss += (v - mean) * (v - mean);
    }
    const double sd = std::sqrt(ss / (kReplications - 1));
    const double half = 3.182446305284263 * sd / std::sqrt(static_cast<double>(kReplications)); // t(0.975, 3)
    const pt::ptree& jobs = difference_of(json, "jobs");
    CHECK(jobs.get<double>("mean") == Approx(mean));
    CHECK(jobs.get<double>("ci_low") == Approx(mean - half));
    CHECK(jobs.get<double>("ci_high") == Approx(mean + half));
    CHECK(jobs.get<std::size_t>("better") == better);
    CHECK(jobs.get<bool>("paired"));
    // Factory occupancy: the policy's places change it in every future.
    std::size_t fuller = 0;
    for (int r = 0; r < kReplications; ++r) {
        fuller += policy_occupancy[r] > base_occupancy[r] ? 1 : 0;
    }
    CHECK(difference_of(json, "factory_occupancy").get<std::size_t>("better") == fuller);

    // tiny's one target (jobs >= 500), counted on both sides.
    for (const auto& [index, values] : {std::pair{0, std::cref(base_jobs)}, std::pair{1, std::cref(policy_jobs)}}) {
        const auto& policy = std::next(policies.begin(), index)->second;
        const auto& targets = policy.get_child("targets");
        REQUIRE(targets.size() == 1);
        const auto& target = targets.begin()->second;
        const double goal = target.get<double>("value");
        const auto met = std::count_if(values.get().begin(), values.get().end(), [&](double v) { return v >= goal; });
        CHECK(target.get<long>("met") == met);
        CHECK(target.get<double>("p_met") == Approx(static_cast<double>(met) / kReplications));
    }
}

TEST_CASE("compare's paired interval equals the study path's on the same seeds", "[cli][compare]") {
    TempDir dir;
    write_policy(dir);
    // The study: tiny and the policy, the same replications under the same seed (tiny's own, 7).
    write(dir / "study.textproto", "name: \"policy study\"\nbase: \"tiny\"\nscenarios: \"bigger.textproto\"\n"
                                   "replications: " +
                                       std::to_string(kReplications) + "\nseeds { base_seed: 7 }\n");
    REQUIRE(run_cli(dir, "sweep " + quote(dir / "study.textproto") + " -q --out " + quote(dir / "sweep")).exit_code ==
            0);
    const Result from_study = run_cli(dir, "compare " + quote(dir / "sweep") + " --json");
    INFO(from_study.err);
    REQUIRE(from_study.exit_code == 0);
    const Result direct =
        run_cli(dir, "compare " + quote(dir / "bigger.textproto") + " -r " + std::to_string(kReplications) + " --json");
    REQUIRE(direct.exit_code == 0);
    CHECK(differences(parse_json(direct.out)) == differences(parse_json(from_study.out)));

    // An ensemble run file as the reference: its seed and replications are the ones run.
    REQUIRE(run_cli(dir, "run tiny -r " + std::to_string(kReplications) + " --out " + quote(dir / "tiny.innorun"))
                .exit_code == 0);
    const Result against_file = run_cli(dir, "compare " + quote(dir / "bigger.textproto") + " --against " +
                                                 quote(dir / "tiny.innorun") + " --json");
    INFO(against_file.err);
    REQUIRE(against_file.exit_code == 0);
    CHECK(differences(parse_json(against_file.out)) == differences(parse_json(from_study.out)));

    // The table names the adjustment and sizes what does not hold.
    const Result table =
        run_cli(dir, "compare " + quote(dir / "bigger.textproto") + " -r " + std::to_string(kReplications) +
                         " --detect jobs=50 --csv " + quote(dir / "c.csv"));
    REQUIRE(table.exit_code == 0);
    CHECK_THAT(table.out, Contains("Holm") && Contains("In words") && Contains("Targets at the horizon") &&
                              Contains("a difference of 50 needs"));
    CHECK_THAT(slurp(dir / "c.csv"), Contains("p_holm"));
}

TEST_CASE("compare refuses bad input and writes nothing", "[cli][compare]") {
    TempDir dir;
    write_policy(dir);
    const std::string policy = quote(dir / "bigger.textproto");
    const std::string csv = " --csv " + quote(dir / "c.csv");
    const Result bad_detect = run_cli(dir, "compare " + policy + " --detect jobs=lots" + csv);
    CHECK(bad_detect.exit_code == 2);
    CHECK_THAT(bad_detect.err, Contains("--detect jobs=lots") && Contains("positive number"));
    CHECK(run_cli(dir, "compare " + policy + " --detect happiness=3" + csv).exit_code == 2);
    CHECK(run_cli(dir, "compare " + policy + " --detect jobs=-5" + csv).exit_code == 2);
    CHECK(run_cli(dir, "compare " + policy + " --kpi happiness" + csv).exit_code == 2);
    const Result missing = run_cli(dir, "compare " + quote(dir / "nowhere.textproto") + csv);
    CHECK(missing.exit_code == 2);
    CHECK_THAT(missing.err, Contains("nowhere.textproto"));
    // One scenario without a base has nothing to be compared with.
    CHECK(run_cli(dir, "compare tiny -r 2" + csv).exit_code == 2);
    CHECK(run_cli(dir, "compare " + policy + " -r 1" + csv).exit_code == 2);
    CHECK_FALSE(fs::exists(dir / "c.csv"));
}

#pragma once

// A deterministic synthetic run file for the viewer's tests and benchmarks: N startups with
// planned lives (stages, failures, exits), monthly snapshots, events and aggregated flows, a
// small world with districts, departments, funders and a factory. Same options, same bytes.

#include "sim/calendar.hpp"
#include "sim/io/run_file.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace innosim::viz::testing {

struct SyntheticOptions {
    std::uint32_t startups = 200; ///< firms founded over the run
    int months = 48;              ///< monthly snapshots (the run lasts this many months)
    std::uint64_t seed = 1;       ///< changes every firm's life
    std::string start = "1401/01/01";
    std::string name = "Synthetic city";
};

/// What the generator decided, for tests to check the viewer against.
struct SyntheticTruth {
    std::vector<sim::Ticks> snapshot_times; ///< ticks
    std::uint64_t events = 0;
    std::uint32_t failed = 0; ///< firms failed by the end
};

namespace detail {

/// SplitMix64: tiny, seedable, identical everywhere.
class Rng {
public:
    explicit Rng(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    std::int64_t between(std::int64_t lo, std::int64_t hi) {
        return lo + static_cast<std::int64_t>(uniform() * static_cast<double>(hi - lo + 1));
    }

private:
    std::uint64_t state_;
};

struct Life {
    std::uint32_t id = 0;
    sim::Ticks founded = 0;
    std::vector<std::pair<sim::Ticks, run::Stage>> stages; // (from, stage), first = IDEA at founding
    run::FailureCause cause = run::FAILURE_CAUSE_UNSPECIFIED;
    std::uint32_t district = 0;
    int category = 0;
    int department = -1;
    bool certified = false;
    bool factory = false;
    float x = 0;
    float y = 0;

    run::Stage stage_at(sim::Ticks t) const {
        run::Stage s = run::IDEA;
        for (const auto& [from, stage] : stages) {
            if (from <= t) {
                s = stage;
            }
        }
        return s;
    }
};

inline run::Event event(sim::Ticks t, run::EventKind kind, run::AgentKind sk, std::uint32_t sid,
                        run::AgentKind ok = run::AGENT_KIND_UNSPECIFIED, std::uint32_t oid = 0, std::int64_t amount = 0,
                        run::Reason reason = run::REASON_UNSPECIFIED, int value = 0, const std::string& detail = {}) {
    run::Event e;
    e.set_time(t);
    e.set_kind(kind);
    e.mutable_subject()->set_kind(sk);
    e.mutable_subject()->set_id(sid);
    if (ok != run::AGENT_KIND_UNSPECIFIED) {
        e.mutable_object()->set_kind(ok);
        e.mutable_object()->set_id(oid);
    }
    e.set_amount_rial(amount);
    e.set_reason(reason);
    e.set_value(value);
    e.set_detail(detail);
    return e;
}

} // namespace detail

inline run::RunHeader synthetic_header(const SyntheticOptions& options, sim::Ticks end) {
    run::RunHeader header;
    header.mutable_scenario()->set_name(options.name);
    header.set_scenario_text("name: \"" + options.name + "\"\n");
    header.set_seed(options.seed);
    header.set_start_date(options.start);
    const sim::Calendar calendar(sim::parse_jalali(options.start));
    header.set_horizon_date("1404/12/29");
    header.set_horizon_time(calendar.to_ticks({1404, 12, 29}));
    header.set_end_date(sim::format(calendar.date_at(end)));
    header.set_end_time(end);
    header.set_ticks_per_day(sim::kTicksPerDay);
    run::World& world = *header.mutable_world();
    const std::array<std::tuple<const char*, double, double, std::uint32_t>, 6> districts{{
        {"Centre", 0.50, 0.50, 300000},
        {"North", 0.55, 0.25, 450000},
        {"East", 0.78, 0.50, 350000},
        {"South", 0.50, 0.78, 250000},
        {"West", 0.22, 0.52, 400000},
        {"Shrine", 0.42, 0.62, 60000},
    }};
    for (const auto& [name, x, y, population] : districts) {
        run::District& d = *world.add_districts();
        d.set_name(name);
        d.set_x(x);
        d.set_y(y);
        d.set_population(population);
    }
    const std::array<const char*, 4> departments{"Transport & Traffic", "Urban Services & Waste", "Finance & Revenue",
                                                 "ICT & Smart City"};
    for (std::uint32_t i = 0; i < departments.size(); ++i) {
        run::DepartmentInfo& d = *world.add_departments();
        d.set_id(i);
        d.set_name(departments[i]);
        d.set_district(i % 6);
        run::ProblemInfo& p = *d.add_problems();
        p.set_id(i);
        p.set_name(std::string("Problem of ") + departments[i]);
        p.set_category(static_cast<scenario::ProblemCategory>(1 + i % 4));
        p.set_priority(1);
        p.set_value_per_year_rial(100'000'000'000);
    }
    const std::array<std::pair<const char*, scenario::FunderKind>, 4> funders{{
        {"City Innovation Fund", scenario::MUNICIPAL_GRANT_FUND},
        {"National Fund", scenario::NATIONAL_FUND},
        {"Khorasan Ventures", scenario::VENTURE_CAPITAL},
        {"City Angels", scenario::ANGEL},
    }};
    for (std::uint32_t i = 0; i < funders.size(); ++i) {
        run::FunderInfo& f = *world.add_funders();
        f.set_id(i);
        f.set_name(funders[i].first);
        f.set_kind(funders[i].second);
        f.set_local(i != 1);
    }
    world.set_factory_name("Innovation Factory");
    world.set_factory_district(0);
    scenario::Target& jobs = *header.mutable_scenario()->add_targets();
    jobs.set_kpi("jobs");
    jobs.set_value(static_cast<double>(options.startups) * 2.0);
    jobs.set_source("synthetic");
    scenario::Target& kb = *header.mutable_scenario()->add_targets();
    kb.set_kpi("knowledge_based_firms");
    kb.set_value(static_cast<double>(options.startups) / 10.0);
    kb.set_source("synthetic");
    return header;
}

/// Writes the synthetic run to `path`; returns what it decided.
inline SyntheticTruth write_synthetic_run(const std::filesystem::path& path, const SyntheticOptions& options) {
    using namespace detail;
    const sim::Calendar calendar(sim::parse_jalali(options.start));
    SyntheticTruth truth;
    for (sim::Ticks t = 0; static_cast<int>(truth.snapshot_times.size()) < options.months;
         t = calendar.start_of_next_month(t)) {
        truth.snapshot_times.push_back(t);
    }
    const sim::Ticks end = truth.snapshot_times.back();
    const run::RunHeader header = synthetic_header(options, end);
    const auto& districts = header.world().districts();

    // Plan every firm's life.
    std::vector<Life> lives(options.startups);
    std::vector<run::Event> events;
    for (std::uint32_t i = 0; i < options.startups; ++i) {
        Rng rng(options.seed * 1'000'003ULL + i);
        Life& life = lives[i];
        life.id = i;
        life.founded = static_cast<sim::Ticks>(rng.uniform() * 0.8 * static_cast<double>(end)) / sim::kTicksPerDay *
                       sim::kTicksPerDay;
        life.district = static_cast<std::uint32_t>(rng.between(0, districts.size() - 1));
        life.category = static_cast<int>(rng.between(0, 4));
        life.department = rng.uniform() < 0.6 ? static_cast<int>(rng.between(0, 3)) : -1;
        life.certified = rng.uniform() < 0.35;
        life.factory = rng.uniform() < 0.2;
        const auto& d = districts[static_cast<int>(life.district)];
        life.x = static_cast<float>(d.x() + (rng.uniform() - 0.5) * 0.08);
        life.y = static_cast<float>(d.y() + (rng.uniform() - 0.5) * 0.08);
        life.stages.emplace_back(life.founded, run::IDEA);
        events.push_back(event(life.founded, run::STARTUP_FOUNDED, run::STARTUP, i, run::AGENT_KIND_UNSPECIFIED, 0, 0,
                               run::REASON_UNSPECIFIED, life.category));
        events.push_back(
            event(life.founded, run::TRANSFER, run::OUTSIDE, 0, run::STARTUP, i, 500'000'000, run::FOUNDER_CAPITAL));
        const int top = static_cast<int>(rng.between(1, 5));
        sim::Ticks t = life.founded;
        for (int s = 1; s <= top; ++s) {
            t += rng.between(45, 200) * sim::kTicksPerDay;
            life.stages.emplace_back(t, static_cast<run::Stage>(s));
            events.push_back(event(t, run::STAGE_ADVANCED, run::STARTUP, i, run::AGENT_KIND_UNSPECIFIED, 0, 0,
                                   run::REASON_UNSPECIFIED, s));
            events.push_back(
                event(t, run::HIRED, run::STARTUP, i, run::AGENT_KIND_UNSPECIFIED, 0, 0, run::REASON_UNSPECIFIED, 2));
            if (s == 1) {
                const std::int64_t grant = 1'000'000'000LL * rng.between(1, 5);
                events.push_back(event(t, run::TRANSFER, run::FUNDER, 0, run::STARTUP, i, grant, run::GRANT));
            } else if (s == 3 && life.department >= 0) {
                const auto dep = static_cast<std::uint32_t>(life.department);
                events.push_back(event(t, run::CHALLENGE_AWARDED, run::STARTUP, i, run::DEPARTMENT, dep, 2'000'000'000,
                                       run::REASON_UNSPECIFIED, 1, "Pilot award"));
                events.push_back(event(t, run::TRANSFER, run::DEPARTMENT, dep, run::STARTUP, i, 2'000'000'000,
                                       run::CHALLENGE_AWARD));
            } else if (s == 4) {
                const std::int64_t round = 5'000'000'000LL * rng.between(1, 8);
                events.push_back(event(t, run::ROUND_RAISED, run::STARTUP, i, run::FUNDER, 2, round,
                                       run::REASON_UNSPECIFIED, 1, "Seed"));
                events.push_back(event(t, run::TRANSFER, run::FUNDER, 2, run::STARTUP, i, round, run::EQUITY));
            }
        }
        const double fate = rng.uniform();
        t += rng.between(60, 400) * sim::kTicksPerDay;
        if (fate < 0.45) {
            life.cause = static_cast<run::FailureCause>(rng.between(1, 3));
            life.stages.emplace_back(t, run::FAILED);
            events.push_back(event(t, run::STARTUP_FAILED, run::STARTUP, i, run::AGENT_KIND_UNSPECIFIED, 0, 0,
                                   run::REASON_UNSPECIFIED, life.cause));
            if (t <= end) {
                ++truth.failed;
            }
        } else if (fate < 0.55 && top >= 4) {
            life.stages.emplace_back(t, run::EXITED);
            events.push_back(
                event(t, run::STARTUP_EXITED, run::STARTUP, i, run::AGENT_KIND_UNSPECIFIED, 0, 50'000'000'000));
            events.push_back(
                event(t, run::TRANSFER, run::OUTSIDE, 1, run::FUNDER, 2, 20'000'000'000, run::EXIT_PROCEEDS));
        }
    }
    std::stable_sort(events.begin(), events.end(),
                     [](const run::Event& a, const run::Event& b) { return a.time() < b.time(); });
    events.erase(std::remove_if(events.begin(), events.end(), [end](const run::Event& e) { return e.time() > end; }),
                 events.end());
    truth.events = events.size();

    io::RunFileWriter writer(path);
    writer.write_header(header);
    std::size_t next_event = 0;
    std::map<std::uint32_t, std::int64_t> raised;
    std::array<std::int64_t, 4> deployed{};
    for (std::size_t k = 0; k < truth.snapshot_times.size(); ++k) {
        const sim::Ticks t = truth.snapshot_times[k];
        run::Frame batch;
        std::map<std::tuple<int, int, int, int, int>, std::int64_t> flows; // from kind/id, reason, category, stage
        while (next_event < events.size() && events[next_event].time() <= t) {
            const run::Event& e = events[next_event++];
            *batch.mutable_events()->add_events() = e;
            if (e.kind() == run::TRANSFER && e.object().kind() == run::STARTUP) {
                const Life& life = lives[e.object().id()];
                raised[life.id] += e.amount_rial();
                flows[{e.subject().kind(), static_cast<int>(e.subject().id()), e.reason(), life.category,
                       std::min<int>(life.stage_at(e.time()), run::SCALE)}] += e.amount_rial();
                if (e.subject().kind() == run::FUNDER) {
                    deployed[e.subject().id()] += e.amount_rial();
                }
            }
        }
        if (batch.events().events_size() > 0) {
            writer.write_frame(batch);
        }

        run::Frame frame;
        run::Snapshot& s = *frame.mutable_snapshot();
        s.set_time(t);
        s.set_date(sim::format(calendar.date_at(t)));
        std::uint32_t active = 0, jobs = 0, kb = 0, founded = 0, failed = 0, exits = 0, tenants = 0;
        for (const Life& life : lives) {
            if (life.founded > t) {
                continue;
            }
            ++founded;
            const run::Stage stage = life.stage_at(t);
            const bool alive = stage != run::FAILED && stage != run::EXITED;
            const bool in_factory = alive && life.factory && stage >= run::TEAM && stage <= run::PILOT;
            const std::uint32_t employees = alive ? 1 + 3 * static_cast<std::uint32_t>(stage) : 0;
            active += alive ? 1 : 0;
            jobs += employees;
            kb += alive && life.certified && stage >= run::PROTOTYPE ? 1 : 0;
            failed += stage == run::FAILED ? 1 : 0;
            exits += stage == run::EXITED ? 1 : 0;
            tenants += in_factory ? 1 : 0;
            run::StartupState& st = *s.add_startups();
            st.set_id(life.id);
            st.set_stage(stage);
            st.set_employees(employees);
            st.set_cash_rial(alive ? 800'000'000LL * (1 + static_cast<int>(stage)) : 0);
            st.set_revenue_month_rial(stage >= run::REVENUE ? 300'000'000 : 0);
            st.set_burn_month_rial(200'000'000LL * employees);
            st.set_belief(0.5);
            st.set_district(in_factory ? header.world().factory_district() : life.district);
            st.set_in_factory(in_factory);
            st.set_knowledge_based(life.certified && stage >= run::PROTOTYPE);
            st.set_category(static_cast<scenario::ProblemCategory>(life.category));
            st.set_department(life.department);
            st.set_raised_rial(raised[life.id]);
            st.set_founded(life.founded);
            st.set_failure_cause(stage == run::FAILED ? life.cause : run::FAILURE_CAUSE_UNSPECIFIED);
            const auto& home = districts[static_cast<int>(header.world().factory_district())];
            st.set_x(in_factory
                         ? static_cast<float>(home.x()) +
                               (life.x - static_cast<float>(districts[static_cast<int>(life.district)].x())) * 0.3f
                         : life.x);
            st.set_y(in_factory
                         ? static_cast<float>(home.y()) +
                               (life.y - static_cast<float>(districts[static_cast<int>(life.district)].y())) * 0.3f
                         : life.y);
        }
        run::Kpis& kpis = *s.mutable_kpis();
        const double progress = static_cast<double>(k) / static_cast<double>(truth.snapshot_times.size());
        kpis.set_active_startups(active);
        kpis.set_jobs(jobs);
        kpis.set_knowledge_based_firms(kb);
        kpis.set_startups_founded(founded);
        kpis.set_startups_failed(failed);
        kpis.set_exits(exits);
        kpis.set_municipal_savings_rial(static_cast<std::int64_t>(progress * progress * 4e12));
        kpis.set_new_revenue_rial(static_cast<std::int64_t>(progress * 1.5e12));
        kpis.set_sustainable_revenue_share(0.2 + 0.08 * progress);
        kpis.set_import_dependency_index(1.0 - 0.15 * progress);
        kpis.set_priority_problems_solved(static_cast<std::uint32_t>(progress * 6));
        kpis.set_quality_of_life_index(60 + 8 * progress);
        kpis.set_public_rial_per_job(jobs > 0 ? 2e10 / (1 + progress) : 0);
        kpis.set_private_leverage(0.3 + progress);
        kpis.set_factory_occupancy(std::min(1.0, tenants / 40.0));
        for (std::uint32_t d = 0; d < 4; ++d) {
            run::DepartmentState& ds = *s.add_departments();
            ds.set_id(d);
            ds.set_budget_left_rial(100'000'000'000LL - static_cast<std::int64_t>(k) * 1'000'000'000LL);
            ds.set_problems_open(3);
            ds.set_problems_solved(static_cast<std::uint32_t>(progress * 2));
        }
        for (std::uint32_t f = 0; f < 4; ++f) {
            run::FunderState& fs = *s.add_funders();
            fs.set_id(f);
            fs.set_cash_rial(500'000'000'000LL - deployed[f]);
            fs.set_deployed_rial(deployed[f]);
        }
        s.mutable_factory()->set_capacity(40);
        s.mutable_factory()->set_tenants(tenants);
        s.set_talent_pool(5000);
        for (const auto& [key, amount] : flows) {
            const auto& [from_kind, from_id, reason, category, stage] = key;
            run::Flow& flow = *s.add_flows();
            flow.set_from_kind(static_cast<run::AgentKind>(from_kind));
            flow.set_from_id(static_cast<std::uint32_t>(from_id));
            flow.set_to_kind(run::STARTUP);
            flow.set_reason(static_cast<run::Reason>(reason));
            flow.set_amount_rial(amount);
            flow.set_category(static_cast<scenario::ProblemCategory>(category));
            flow.set_stage(static_cast<run::Stage>(stage));
        }
        // Salaries are flows too, but never funding: the Sankey must leave them out.
        run::Flow& salaries = *s.add_flows();
        salaries.set_from_kind(run::STARTUP);
        salaries.set_to_kind(run::OUTSIDE);
        salaries.set_reason(run::SALARY);
        salaries.set_amount_rial(static_cast<std::int64_t>(jobs) * 100'000'000LL);
        writer.write_frame(frame);
    }
    run::Footer footer;
    writer.finish(footer);
    return truth;
}

} // namespace innosim::viz::testing

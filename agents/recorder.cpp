#include "agents/recorder.hpp"

#include "sim/io/provenance.hpp"
#include "sim/io/sha256.hpp"

#include <cmath>

namespace innosim::agents {

namespace {

run::AgentRef to_proto(AgentRef ref) {
    run::AgentRef out;
    out.set_kind(static_cast<run::AgentKind>(ref.kind));
    out.set_id(ref.id);
    return out;
}

} // namespace

run::Kpis to_proto(const Kpis& k) {
    run::Kpis out;
    out.set_active_startups(k.active_startups);
    out.set_knowledge_based_firms(k.knowledge_based_firms);
    out.set_jobs(k.jobs);
    out.set_startups_founded(k.startups_founded);
    out.set_startups_failed(k.startups_failed);
    out.set_exits(k.exits);
    out.set_municipal_savings_rial(k.municipal_savings_rial);
    out.set_new_revenue_rial(k.new_revenue_rial);
    out.set_sustainable_revenue_share(k.sustainable_revenue_share);
    out.set_import_dependency_index(k.import_dependency_index);
    out.set_priority_problems_solved(k.priority_problems_solved);
    out.set_quality_of_life_index(k.quality_of_life_index);
    out.set_public_rial_per_job(k.public_rial_per_job);
    out.set_private_leverage(k.private_leverage);
    out.set_factory_occupancy(k.factory_occupancy);
    out.set_idle_public_rial(k.idle_public_rial);
    return out;
}

run::RunHeader make_run_header(const LoadedScenario& loaded, std::uint64_t seed, std::uint32_t replication) {
    run::RunHeader header;
    *header.mutable_provenance() = io::current_provenance();
    // Host and clock time would make two runs of the same scenario and seed differ byte for byte.
    header.mutable_provenance()->clear_host();
    header.mutable_provenance()->clear_created_utc();
    *header.mutable_scenario() = loaded.scenario;
    header.set_scenario_text(loaded.text);
    header.set_scenario_sha256(io::sha256_hex(loaded.text));
    header.set_seed(seed);
    header.set_replication(replication);
    const ModelParams& p = loaded.params;
    header.set_start_date(p.start_date);
    header.set_horizon_date(p.horizon_date);
    header.set_end_date(p.end_date);
    header.set_ticks_per_day(sim::kTicksPerDay);
    header.set_horizon_time(p.horizon);
    header.set_end_time(p.end);
    for (const std::string& override_text : loaded.scenario.overrides()) {
        header.add_overrides(override_text);
    }
    run::World& world = *header.mutable_world();
    for (const DistrictDef& d : p.districts) {
        run::District& district = *world.add_districts();
        district.set_name(d.name);
        district.set_x(d.x);
        district.set_y(d.y);
        district.set_population(d.population);
    }
    std::uint32_t problem_id = 0;
    for (std::size_t d = 0; d < p.departments.size(); ++d) {
        run::DepartmentInfo& info = *world.add_departments();
        info.set_id(static_cast<std::uint32_t>(d));
        info.set_name(p.departments[d].name);
        info.set_district(static_cast<std::uint32_t>(p.departments[d].district));
        for (const ProblemDef& problem : p.departments[d].problems) {
            run::ProblemInfo& pi = *info.add_problems();
            pi.set_id(problem_id++);
            pi.set_name(problem.name);
            pi.set_category(static_cast<scenario::ProblemCategory>(problem.category));
            pi.set_priority(static_cast<std::uint32_t>(problem.priority));
            pi.set_value_per_year_rial(problem.value_per_year);
        }
    }
    for (std::size_t f = 0; f < p.funders.size(); ++f) {
        run::FunderInfo& info = *world.add_funders();
        info.set_id(static_cast<std::uint32_t>(f));
        info.set_name(p.funders[f].name);
        info.set_kind(static_cast<scenario::FunderKind>(p.funders[f].kind));
        info.set_local(p.funders[f].local);
    }
    world.set_factory_name(p.factory.name);
    world.set_factory_district(static_cast<std::uint32_t>(p.factory.district));
    return header;
}

Recorder::Recorder(FrameSink& sink, const run::RunHeader& header)
    : sink_(sink), calendar_(sim::parse_jalali(header.start_date())) {
    const std::uint32_t days = header.scenario().snapshot_every_days();
    snapshot_months_ = days == 0 ? 1 : std::max(1, static_cast<int>(std::lround(days / sim::kDaysPerMonth)));
    sink_.write_header(header);
}

void Recorder::on_event(const DomainEvent& event) {
    run::Event& out = *batch_.add_events();
    out.set_time(event.time);
    out.set_kind(static_cast<run::EventKind>(event.kind));
    *out.mutable_subject() = to_proto(event.subject);
    if (event.object.id != 0 || event.object.kind != AgentKind::Outside) {
        *out.mutable_object() = to_proto(event.object);
    }
    out.set_amount_rial(event.amount);
    out.set_reason(static_cast<run::Reason>(event.reason));
    out.set_value(event.value);
    if (!event.detail.empty()) {
        out.set_detail(std::string(event.detail));
    }
    ++events_;
}

void Recorder::on_flow(const FlowRecord& flow) {
    const auto pooled = [](AgentRef ref) { return ref.kind == AgentKind::Startup ? 0U : ref.id; };
    const FlowKey key{static_cast<int>(flow.from.kind),
                      pooled(flow.from),
                      static_cast<int>(flow.to.kind),
                      pooled(flow.to),
                      static_cast<int>(flow.reason),
                      static_cast<int>(flow.category),
                      flow.stage};
    flows_[key] += flow.amount;
}

void Recorder::on_snapshot(sim::Ticks time, const Model& model) {
    if (last_snapshot_ >= 0 && ++months_since_snapshot_ < snapshot_months_) {
        return;
    }
    months_since_snapshot_ = 0;
    write_events();
    write_snapshot(time, model);
}

void Recorder::flush(const Model& model) {
    write_events();
    if (model.now() != last_snapshot_) {
        write_snapshot(model.now(), model);
    }
}

void Recorder::write_events() {
    if (batch_.events_size() == 0) {
        return;
    }
    run::Frame frame;
    *frame.mutable_events() = std::move(batch_);
    batch_.Clear();
    sink_.write_frame(frame);
}

void Recorder::write_snapshot(sim::Ticks time, const Model& model) {
    last_snapshot_ = time;
    run::Frame frame;
    run::Snapshot& snapshot = *frame.mutable_snapshot();
    snapshot.set_time(time);
    snapshot.set_date(sim::format(calendar_.date_at(time)));
    *snapshot.mutable_kpis() = to_proto(model.kpis());

    const sim::Ledger& ledger = model.ledger();
    snapshot.mutable_startups()->Reserve(static_cast<int>(model.startups().size()));
    for (const Startup& firm : model.startups()) {
        if (!firm.active() && firm.stage_since < 0) {
            continue; // closed in the spin-up, before the run began
        }
        run::StartupState& s = *snapshot.add_startups();
        s.set_id(firm.id);
        s.set_stage(static_cast<run::Stage>(firm.stage));
        s.set_employees(firm.active() ? firm.employees : 0);
        s.set_cash_rial(ledger.balance(firm.account));
        s.set_revenue_month_rial(firm.revenue_month);
        s.set_burn_month_rial(firm.burn_month);
        s.set_belief(firm.belief);
        s.set_district(firm.district);
        s.set_in_factory(firm.in_factory);
        s.set_knowledge_based(firm.certified);
        s.set_category(static_cast<scenario::ProblemCategory>(firm.category));
        s.set_department(firm.department);
        s.set_ties(static_cast<std::uint32_t>(firm.ties.size()));
        s.set_opportunities(static_cast<std::uint32_t>(firm.opportunities.size()));
        s.set_raised_rial(firm.raised);
        s.set_founded(firm.founded);
        s.set_failure_cause(static_cast<run::FailureCause>(firm.cause));
        s.set_x(firm.x);
        s.set_y(firm.y);
    }
    for (std::size_t d = 0; d < model.departments().size(); ++d) {
        const Department& department = model.departments()[d];
        run::DepartmentState& s = *snapshot.add_departments();
        s.set_id(static_cast<std::uint32_t>(d));
        s.set_budget_left_rial(department.general_budget_left + department.reserved_budget_left);
        std::uint32_t open = 0;
        std::uint32_t solved = 0;
        for (const Problem& problem : department.problems) {
            open += problem.state != ProblemState::Solved ? 1 : 0;
            solved += problem.state == ProblemState::Solved ? 1 : 0;
        }
        s.set_problems_open(open);
        s.set_problems_solved(solved);
        s.set_pilots_running(department.pilots_running);
        s.set_contracts_active(department.contracts_active);
        s.set_payables_rial(department.payables);
    }
    for (std::size_t f = 0; f < model.funders().size(); ++f) {
        const Funder& funder = model.funders()[f];
        run::FunderState& s = *snapshot.add_funders();
        s.set_id(static_cast<std::uint32_t>(f));
        s.set_cash_rial(ledger.balance(funder.account));
        s.set_deployed_rial(funder.deployed);
        s.set_portfolio(funder.portfolio);
        s.set_returned_rial(funder.returned);
    }
    run::FactoryState& factory = *snapshot.mutable_factory();
    factory.set_capacity(static_cast<std::uint32_t>(std::max(0, model.params().factory.capacity)));
    factory.set_tenants(model.factory().tenants);
    factory.set_graduated(model.factory().graduated);
    factory.set_applicants_last_round(model.factory().applicants_last_round);
    snapshot.set_municipal_revenue_month_rial(model.municipality().revenue_month);
    snapshot.set_sustainable_revenue_month_rial(model.municipality().sustainable_revenue_month);
    snapshot.set_talent_pool(static_cast<std::uint32_t>(std::max(0.0, model.talent().people)));
    for (const auto& [key, amount] : flows_) {
        const auto& [from_kind, from_id, to_kind, to_id, reason, category, stage] = key;
        run::Flow& flow = *snapshot.add_flows();
        flow.set_from_kind(static_cast<run::AgentKind>(from_kind));
        flow.set_from_id(from_id);
        flow.set_to_kind(static_cast<run::AgentKind>(to_kind));
        flow.set_to_id(to_id);
        flow.set_reason(static_cast<run::Reason>(reason));
        flow.set_amount_rial(amount);
        flow.set_category(static_cast<scenario::ProblemCategory>(category));
        if (stage >= 0) {
            flow.set_stage(static_cast<run::Stage>(stage));
        }
    }
    flows_.clear();
    sink_.write_frame(frame);
}

} // namespace innosim::agents

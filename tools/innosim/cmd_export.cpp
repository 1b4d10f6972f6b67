// innosim export: a run file as tidy long-format CSVs for R, pandas or a spreadsheet.
#include "sim/calendar.hpp"
#include "sim/input_error.hpp"
#include "sim/io/run_file.hpp"
#include "tools/innosim/command.hpp"
#include "tools/innosim/format.hpp"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/reflection.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

namespace innosim::cli {

namespace {

namespace pb = google::protobuf;

std::string csv_quote(const std::string& text) {
    if (text.find_first_of(",\"\n") == std::string::npos) {
        return text;
    }
    std::string out = "\"";
    for (const char c : text) {
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return out + "\"";
}

/// Names of agents from the header, for readable CSVs.
class Names {
public:
    explicit Names(const run::World& world) : world_(world) {}
    std::string operator()(run::AgentKind kind, std::uint32_t id) const {
        switch (kind) {
        case run::DEPARTMENT:
            return id < static_cast<std::uint32_t>(world_.departments_size())
                       ? world_.departments(static_cast<int>(id)).name()
                       : "";
        case run::FUNDER:
            return id < static_cast<std::uint32_t>(world_.funders_size()) ? world_.funders(static_cast<int>(id)).name()
                                                                          : "";
        case run::FACTORY:
            return world_.factory_name();
        case run::MUNICIPALITY:
            return "Municipality";
        case run::OUTSIDE:
            return id == 0 ? "households" : id == 1 ? "suppliers" : "state";
        case run::STARTUP:
            return "startup " + std::to_string(id);
        default:
            return "";
        }
    }

private:
    const run::World& world_;
};

void write_kpis(const io::RunFileReader& reader, const std::filesystem::path& dir) {
    std::ostringstream csv;
    csv << "time_days,date,kpi,value\n";
    const pb::Descriptor* descriptor = run::Kpis::descriptor();
    for (std::size_t i = 0; i < reader.snapshot_count(); ++i) {
        const run::Snapshot snapshot = reader.snapshot(i);
        const pb::Reflection* reflection = snapshot.kpis().GetReflection();
        for (int f = 0; f < descriptor->field_count(); ++f) {
            const pb::FieldDescriptor* field = descriptor->field(f);
            csv << sim::to_days(snapshot.time()) << ',' << snapshot.date() << ',' << field->name() << ',';
            switch (field->cpp_type()) {
            case pb::FieldDescriptor::CPPTYPE_UINT32:
                csv << reflection->GetUInt32(snapshot.kpis(), field);
                break;
            case pb::FieldDescriptor::CPPTYPE_INT64:
                csv << reflection->GetInt64(snapshot.kpis(), field);
                break;
            default:
                csv << reflection->GetDouble(snapshot.kpis(), field);
                break;
            }
            csv << '\n';
        }
    }
    write_file_atomically(dir / "kpis.csv", csv.str());
}

void write_startups(const io::RunFileReader& reader, const std::filesystem::path& dir) {
    std::ostringstream csv;
    csv << "date,id,stage,employees,cash_rial,revenue_month_rial,burn_month_rial,raised_rial,district,in_factory,"
           "knowledge_based,category,department,ties,opportunities,failure_cause\n";
    for (std::size_t i = 0; i < reader.snapshot_count(); ++i) {
        const run::Snapshot snapshot = reader.snapshot(i);
        for (const run::StartupState& s : snapshot.startups()) {
            csv << snapshot.date() << ',' << s.id() << ',' << run::Stage_Name(s.stage()) << ',' << s.employees() << ','
                << s.cash_rial() << ',' << s.revenue_month_rial() << ',' << s.burn_month_rial() << ','
                << s.raised_rial() << ',' << s.district() << ',' << (s.in_factory() ? 1 : 0) << ','
                << (s.knowledge_based() ? 1 : 0) << ',' << scenario::ProblemCategory_Name(s.category()) << ','
                << s.department() << ',' << s.ties() << ',' << s.opportunities() << ','
                << run::FailureCause_Name(s.failure_cause()) << '\n';
        }
    }
    write_file_atomically(dir / "startups.csv", csv.str());
}

void write_flows(const io::RunFileReader& reader, const Names& names, const std::filesystem::path& dir) {
    std::ostringstream csv;
    csv << "date,from_kind,from_id,from,to_kind,to_id,to,reason,category,stage,amount_rial\n";
    for (std::size_t i = 0; i < reader.snapshot_count(); ++i) {
        const run::Snapshot snapshot = reader.snapshot(i);
        for (const run::Flow& f : snapshot.flows()) {
            const bool startup = f.to_kind() == run::STARTUP || f.from_kind() == run::STARTUP;
            csv << snapshot.date() << ',' << run::AgentKind_Name(f.from_kind()) << ',' << f.from_id() << ','
                << csv_quote(f.from_kind() == run::STARTUP ? "startups" : names(f.from_kind(), f.from_id())) << ','
                << run::AgentKind_Name(f.to_kind()) << ',' << f.to_id() << ','
                << csv_quote(f.to_kind() == run::STARTUP ? "startups" : names(f.to_kind(), f.to_id())) << ','
                << run::Reason_Name(f.reason()) << ','
                << (f.category() != scenario::PROBLEM_CATEGORY_UNSPECIFIED
                        ? scenario::ProblemCategory_Name(f.category())
                        : "")
                << ',' << (startup ? run::Stage_Name(f.stage()) : "") << ',' << f.amount_rial() << '\n';
        }
    }
    write_file_atomically(dir / "flows.csv", csv.str());
}

void write_events(const io::RunFileReader& reader, const Names& names, const std::filesystem::path& dir) {
    const sim::Calendar calendar(sim::parse_jalali(reader.header().start_date()));
    std::ostringstream csv;
    csv << "time_days,date,kind,subject_kind,subject_id,subject,object_kind,object_id,object,amount_rial,reason,value,"
           "detail\n";
    reader.for_each_frame([&](const run::Frame& frame) {
        if (!frame.has_events()) {
            return;
        }
        for (const run::Event& e : frame.events().events()) {
            csv << sim::to_days(e.time()) << ',' << sim::format(calendar.date_at(e.time())) << ','
                << run::EventKind_Name(e.kind()) << ',' << run::AgentKind_Name(e.subject().kind()) << ','
                << e.subject().id() << ',' << csv_quote(names(e.subject().kind(), e.subject().id())) << ','
                << (e.has_object() ? run::AgentKind_Name(e.object().kind()) : "") << ','
                << (e.has_object() ? std::to_string(e.object().id()) : "") << ','
                << (e.has_object() ? csv_quote(names(e.object().kind(), e.object().id())) : "") << ','
                << e.amount_rial() << ',' << (e.reason() != run::REASON_UNSPECIFIED ? run::Reason_Name(e.reason()) : "")
                << ',' << e.value() << ',' << csv_quote(e.detail()) << '\n';
        }
    });
    write_file_atomically(dir / "events.csv", csv.str());
}

} // namespace

void add_export_command(CLI::App& app, Context& /*context*/) {
    auto run_file = std::make_shared<std::string>();
    auto dir = std::make_shared<std::string>();
    auto* sub = app.add_subcommand("export", "Write a run file as tidy long-format CSVs");
    sub->add_option("RUN", *run_file, "Run file (.innorun)")->required();
    sub->add_option("--csv", *dir, "Directory for kpis.csv, startups.csv, flows.csv, events.csv (created)")->required();
    sub->footer("kpis.csv: one row per month and KPI. startups.csv: one row per month and startup.\n"
                "flows.csv: money flows by source, destination, reason, category and stage per month.\n"
                "events.csv: every recorded event with Solar Hijri dates and agent names.");
    sub->callback([run_file, dir] {
        const io::RunFileReader reader = io::RunFileReader::open(*run_file);
        std::error_code error;
        std::filesystem::create_directories(*dir, error);
        if (error) {
            throw InputError(*dir + ": cannot create the directory: " + error.message());
        }
        const Names names(reader.header().world());
        write_kpis(reader, *dir);
        write_startups(reader, *dir);
        write_flows(reader, names, *dir);
        write_events(reader, names, *dir);
        std::cout << "wrote kpis.csv, startups.csv, flows.csv, events.csv to " << *dir << '\n';
    });
}

} // namespace innosim::cli

#include "sim/calendar.hpp"
#include "sim/input_error.hpp"
#include "sim/io/json.hpp"
#include "sim/io/run_file.hpp"
#include "tools/innosim/command.hpp"

#include <google/protobuf/descriptor.h>

#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

namespace innosim::cli {

namespace {

/// Turns run ticks into Solar Hijri dates; nothing if the header's start date is unusable.
class DateOf {
public:
    explicit DateOf(const run::RunHeader& header) : ticks_per_day_(header.ticks_per_day()) {
        try {
            calendar_.emplace(sim::parse_jalali(header.start_date()));
        } catch (const InputError&) {
            // An old or hand-made file without a start date still inspects, with ticks only.
        }
        if (ticks_per_day_ <= 0) {
            ticks_per_day_ = sim::kTicksPerDay;
        }
    }
    std::optional<std::string> operator()(sim::Ticks t) const {
        if (!calendar_) {
            return std::nullopt;
        }
        const sim::Ticks day = t >= 0 ? t / ticks_per_day_ : (t - ticks_per_day_ + 1) / ticks_per_day_;
        try {
            return sim::format(calendar_->date_at(sim::days(day)));
        } catch (const std::exception&) {
            return std::nullopt; // a corrupt time far outside the calendar
        }
    }

private:
    std::optional<sim::Calendar> calendar_;
    sim::Ticks ticks_per_day_;
};

std::string scalar_text(const google::protobuf::Message& m, const google::protobuf::FieldDescriptor* f) {
    const auto& r = *m.GetReflection();
    switch (f->cpp_type()) {
    case google::protobuf::FieldDescriptor::CPPTYPE_UINT32:
        return std::to_string(r.GetUInt32(m, f));
    case google::protobuf::FieldDescriptor::CPPTYPE_INT32:
        return std::to_string(r.GetInt32(m, f));
    case google::protobuf::FieldDescriptor::CPPTYPE_INT64:
        return std::to_string(r.GetInt64(m, f));
    case google::protobuf::FieldDescriptor::CPPTYPE_UINT64:
        return std::to_string(r.GetUInt64(m, f));
    case google::protobuf::FieldDescriptor::CPPTYPE_DOUBLE:
        return io::json_number(r.GetDouble(m, f));
    default:
        return "?";
    }
}

void print_text(const io::RunFileReader& reader, std::ostream& out) {
    const run::RunHeader& h = reader.header();
    const run::Footer& f = reader.footer();
    const DateOf date_of(h);
    const auto row = [&out](std::string_view label) -> std::ostream& {
        return out << std::left << std::setw(14) << label;
    };
    row("file") << reader.path().string() << " (" << reader.file_size() << " bytes, format " << h.format_version()
                << ")\n";
    row("scenario") << (h.scenario().name().empty() ? "(unnamed)" : h.scenario().name()) << "  sha256 "
                    << h.scenario_sha256() << '\n';
    row("seed") << h.seed() << "  replication " << h.replication() << '\n';
    row("dates") << h.start_date() << " -> horizon " << h.horizon_date() << " -> end " << h.end_date() << '\n';
    const run::Provenance& p = h.provenance();
    row("made by") << "innosim " << p.engine_version() << " (" << p.git_commit() << ", " << p.build_type() << ", "
                   << p.compiler() << ") on " << p.host() << " at " << p.created_utc() << '\n';
    if (h.overrides_size() > 0) {
        row("overrides");
        for (int i = 0; i < h.overrides_size(); ++i) {
            out << (i == 0 ? "" : ", ") << h.overrides(i);
        }
        out << '\n';
    }
    if (!h.parent_scenario_sha256().empty()) {
        row("forked from") << h.parent_scenario_sha256() << " at " << date_of(h.fork_time()).value_or("?") << " (tick "
                           << h.fork_time() << ")\n";
    }
    row("frames") << f.event_frames() << " event batches (" << f.events() << " events), " << f.snapshot_frames()
                  << " snapshots\n";
    row("time span") << "ticks " << f.first_time() << " .. " << f.last_time();
    if (const auto first = date_of(f.first_time()), last = date_of(f.last_time()); first && last) {
        out << " = " << *first << " .. " << *last;
    }
    out << '\n';

    out << "\nKPIs" << std::string(30, ' ') << std::right << std::setw(22) << "at horizon" << std::setw(22) << "at end"
        << '\n';
    const auto& descriptor = *run::Kpis::descriptor();
    for (int i = 0; i < descriptor.field_count(); ++i) {
        const auto* field = descriptor.field(i);
        out << "  " << std::left << std::setw(32) << field->name() << std::right << std::setw(22)
            << scalar_text(f.horizon_kpis(), field) << std::setw(22) << scalar_text(f.end_kpis(), field) << '\n';
    }
    out << '\n';
    row("ledger") << f.ledger().transfers() << " transfers, imbalance " << f.ledger().imbalance_rial() << " Rial\n";
    row("engine") << f.engine().events() << " events in " << io::json_number(f.engine().wall_seconds()) << " s ("
                  << io::json_number(f.engine().events_per_second()) << " events/s)\n";
}

void print_json(const io::RunFileReader& reader, std::ostream& out) {
    const run::RunHeader& h = reader.header();
    const run::Footer& f = reader.footer();
    const DateOf date_of(h);
    const auto date_or_null = [&](io::JsonWriter& json, std::string_view key, sim::Ticks t) {
        json.key(key);
        if (const auto date = date_of(t)) {
            json.value(*date);
        } else {
            json.value(nullptr);
        }
    };
    io::JsonWriter json;
    json.begin_object();
    io::write_summary_members(json, h, f); // the summary contract of DESIGN.md comes first
    json.member("end", h.end_date());
    json.key("end_kpis").message(f.end_kpis());
    json.member("file", reader.path().string());
    json.member("file_bytes", reader.file_size());
    json.member("format_version", h.format_version());
    json.member("replication", h.replication());
    json.member("scenario_sha256", h.scenario_sha256());
    json.key("provenance").message(h.provenance());
    json.key("overrides").begin_array();
    for (const auto& o : h.overrides()) {
        json.value(o);
    }
    json.end_array();
    json.key("parent");
    if (h.parent_scenario_sha256().empty()) {
        json.value(nullptr);
    } else {
        json.begin_object().member("scenario_sha256", h.parent_scenario_sha256()).member("fork_time", h.fork_time());
        date_or_null(json, "fork_date", h.fork_time());
        json.end_object();
    }
    json.key("frames")
        .begin_object()
        .member("event_frames", f.event_frames())
        .member("snapshot_frames", f.snapshot_frames())
        .member("events", f.events())
        .end_object();
    json.key("time").begin_object().member("first_ticks", f.first_time()).member("last_ticks", f.last_time());
    date_or_null(json, "first_date", f.first_time());
    date_or_null(json, "last_date", f.last_time());
    json.end_object();
    json.end_object();
    out << json.str() << '\n';
}

} // namespace

void add_inspect_command(CLI::App& app, Context& /*context*/) {
    auto* sub = app.add_subcommand("inspect", "Print a run file's header, frame counts, time span and summary");
    auto path = std::make_shared<std::string>();
    auto as_json = std::make_shared<bool>(false);
    sub->add_option("RUN", *path, "Run file (.innorun)")->required();
    sub->add_flag("--json", *as_json, "Print the same as JSON (the summary JSON's keys first)");
    sub->callback([path, as_json] {
        const io::RunFileReader reader = io::RunFileReader::open(*path);
        if (*as_json) {
            print_json(reader, std::cout);
        } else {
            print_text(reader, std::cout);
        }
    });
}

} // namespace innosim::cli

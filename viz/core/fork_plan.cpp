#include "viz/core/fork_plan.hpp"

#include "sim/input_error.hpp"
#include "sim/io/overrides.hpp"
#include "sim/proto/options.pb.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace innosim::viz {

namespace {

namespace pb = google::protobuf;

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\r')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
        text.remove_suffix(1);
    }
    return text;
}

std::optional<double> scalar_value(const pb::Message& message, const pb::FieldDescriptor* field, int index) {
    const pb::Reflection& r = *message.GetReflection();
    const bool repeated = index >= 0;
    switch (field->cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_INT32:
        return repeated ? r.GetRepeatedInt32(message, field, index) : r.GetInt32(message, field);
    case pb::FieldDescriptor::CPPTYPE_INT64:
        return static_cast<double>(repeated ? r.GetRepeatedInt64(message, field, index) : r.GetInt64(message, field));
    case pb::FieldDescriptor::CPPTYPE_UINT32:
        return repeated ? r.GetRepeatedUInt32(message, field, index) : r.GetUInt32(message, field);
    case pb::FieldDescriptor::CPPTYPE_UINT64:
        return static_cast<double>(repeated ? r.GetRepeatedUInt64(message, field, index) : r.GetUInt64(message, field));
    case pb::FieldDescriptor::CPPTYPE_DOUBLE:
        return repeated ? r.GetRepeatedDouble(message, field, index) : r.GetDouble(message, field);
    case pb::FieldDescriptor::CPPTYPE_FLOAT:
        return repeated ? r.GetRepeatedFloat(message, field, index) : r.GetFloat(message, field);
    default:
        return std::nullopt;
    }
}

bool is_integer(const pb::FieldDescriptor* field) {
    const auto type = field->cpp_type();
    return type == pb::FieldDescriptor::CPPTYPE_INT32 || type == pb::FieldDescriptor::CPPTYPE_INT64 ||
           type == pb::FieldDescriptor::CPPTYPE_UINT32 || type == pb::FieldDescriptor::CPPTYPE_UINT64;
}

struct Common {
    const char* label;
    const char* path;
    bool all_departments;
};

constexpr Common kCommon[] = {
    {"Factory capacity", "factory.capacity", false},
    {"Innovation budget", "municipality.innovation_budget_share", false},
    {"Local procurement reserve", "municipality.local_kb_procurement_reserve", false},
    {"Payment delay, all departments", "payment_delay_days", true},
    {"Grant fund share", "municipality.grant_fund_share", false},
};

} // namespace

std::optional<LeverValue> read_lever(const scenario::Scenario& scenario, std::string_view path) {
    std::vector<io::PathStep> steps;
    try {
        steps = io::parse_field_path(path);
    } catch (const InputError&) {
        return std::nullopt;
    }
    const pb::Message* message = &scenario;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const io::PathStep& step = steps[i];
        const pb::FieldDescriptor* field = message->GetDescriptor()->FindFieldByName(step.field);
        if (field == nullptr || field->is_repeated() != step.selector.has_value()) {
            return std::nullopt;
        }
        int index = -1;
        const bool is_message = field->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE;
        if (field->is_repeated()) {
            try {
                if (is_message) {
                    index = io::select_element(*message, field, *step.selector);
                } else {
                    const int n = message->GetReflection()->FieldSize(*message, field);
                    index = std::stoi(*step.selector);
                    if (index < 0 || index >= n) {
                        return std::nullopt;
                    }
                }
            } catch (const std::exception&) {
                return std::nullopt;
            }
        }
        const bool last = i + 1 == steps.size();
        if (is_message) {
            if (last) {
                return std::nullopt;
            }
            const pb::Reflection& r = *message->GetReflection();
            message = index >= 0 ? &r.GetRepeatedMessage(*message, field, index) : &r.GetMessage(*message, field);
            continue;
        }
        if (!last) {
            return std::nullopt;
        }
        const std::optional<double> value = scalar_value(*message, field, index);
        if (!value) {
            return std::nullopt;
        }
        LeverValue out;
        out.value = *value;
        out.integer = is_integer(field);
        const pb::FieldOptions& o = field->options();
        if (o.HasExtension(options::min)) {
            out.min = o.GetExtension(options::min);
        } else if (field->cpp_type() == pb::FieldDescriptor::CPPTYPE_UINT32 ||
                   field->cpp_type() == pb::FieldDescriptor::CPPTYPE_UINT64) {
            out.min = 0;
        }
        if (o.HasExtension(options::max)) {
            out.max = o.GetExtension(options::max);
        }
        out.unit = o.GetExtension(options::unit);
        return out;
    }
    return std::nullopt;
}

scenario::Scenario scenario_on(const run::RunHeader& header, const sim::JalaliDate& date) {
    scenario::Scenario s = header.scenario();
    const std::int64_t day = sim::to_day_number(date);
    for (const scenario::Intervention& change : header.scenario().interventions()) {
        try {
            if (sim::to_day_number(sim::parse_jalali(change.at())) <= day) {
                io::apply_override(s, change.path(), change.value());
            }
        } catch (const InputError&) {
            // The run was made from this scenario, so its interventions applied then; one that
            // does not apply here (a newer schema) leaves the value the dialog shows as it was.
        }
    }
    return s;
}

std::vector<LeverChoice> common_levers(const run::RunHeader& header, const sim::JalaliDate& date) {
    const scenario::Scenario s = scenario_on(header, date);
    std::vector<LeverChoice> out;
    for (const Common& c : kCommon) {
        LeverChoice choice{.label = c.label, .path = c.path, .all_departments = c.all_departments};
        if (!c.all_departments) {
            const std::optional<LeverValue> v = read_lever(s, c.path);
            if (!v) {
                continue;
            }
            choice.current = *v;
            choice.current_low = choice.current_high = v->value;
            out.push_back(choice);
            continue;
        }
        for (int i = 0; i < s.departments_size(); ++i) {
            const std::optional<LeverValue> v =
                read_lever(s, "departments[" + std::to_string(i) + "]." + std::string(c.path));
            if (!v) {
                break;
            }
            if (choice.departments == 0) {
                choice.current = *v;
                choice.current_low = choice.current_high = v->value;
            }
            choice.current_low = std::min(choice.current_low, v->value);
            choice.current_high = std::max(choice.current_high, v->value);
            ++choice.departments;
        }
        if (choice.departments > 0) {
            out.push_back(choice);
        }
    }
    return out;
}

std::string lever_text(double value, bool integer) {
    char text[64];
    if (integer) {
        std::snprintf(text, sizeof text, "%.0f", std::round(value));
    } else {
        std::snprintf(text, sizeof text, "%.10g", value);
    }
    return text;
}

std::vector<std::string> lever_assignments(const scenario::Scenario& scenario, const LeverChoice& lever, double value) {
    const std::string text = lever_text(value, lever.current.integer);
    if (!lever.all_departments) {
        return {lever.path + "=" + text};
    }
    // By name, so that the branch's list of levers reads as a sentence in the compare view; a
    // nameless or ambiguous department by its index.
    std::vector<std::string> out;
    for (int i = 0; i < scenario.departments_size(); ++i) {
        const std::string& name = scenario.departments(i).name();
        int same = 0;
        for (const scenario::Department& d : scenario.departments()) {
            same += d.name() == name ? 1 : 0;
        }
        const bool by_name = !name.empty() && same == 1 && name.find_first_of("[]") == std::string::npos;
        out.push_back("departments[" + (by_name ? name : std::to_string(i)) + "]." + lever.path + "=" + text);
    }
    return out;
}

std::vector<std::string> split_free_assignments(std::string_view text) {
    std::vector<std::string> out;
    std::size_t begin = 0;
    while (begin <= text.size()) {
        std::size_t end = text.find_first_of(";\n", begin);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        const std::string_view part = trim(text.substr(begin, end - begin));
        if (!part.empty()) {
            out.emplace_back(part);
        }
        begin = end + 1;
    }
    return out;
}

std::optional<std::string> check_assignments(const scenario::Scenario& scenario,
                                             const std::vector<std::string>& assignments) {
    scenario::Scenario copy = scenario;
    for (const std::string& assignment : assignments) {
        try {
            const auto [path, value] = io::split_assignment(assignment);
            try {
                io::apply_override(copy, path, value);
            } catch (const io::LeverError& e) {
                // A refused value's message says what is wrong, not where: name the lever.
                if (e.part() == io::LeverError::Part::Value)
                    return path + ": " + e.what();
                throw;
            }
        } catch (const InputError& e) {
            return std::string(e.what());
        }
    }
    return std::nullopt;
}

std::filesystem::path fork_output_path(const std::filesystem::path& dir, const std::filesystem::path& parent,
                                       const sim::JalaliDate& date) {
    std::string slug = sim::format(date);
    std::replace(slug.begin(), slug.end(), '/', '-');
    const std::string stem = parent.stem().string() + "-fork-" + slug;
    std::filesystem::path path = dir / (stem + ".innorun");
    for (int n = 2; std::filesystem::exists(path); ++n) {
        path = dir / (stem + "-" + std::to_string(n) + ".innorun");
    }
    return path;
}

std::vector<std::string> fork_command(const std::filesystem::path& cli, const std::filesystem::path& parent,
                                      const sim::JalaliDate& date, const std::vector<std::string>& assignments,
                                      const std::filesystem::path& out) {
    std::vector<std::string> argv{cli.string(), "fork", parent.string(), "--at", sim::format(date)};
    for (const std::string& a : assignments) {
        argv.insert(argv.end(), {"--set", a});
    }
    argv.insert(argv.end(), {"--out", out.string()});
    return argv;
}

} // namespace innosim::viz

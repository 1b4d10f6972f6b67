#include "sim/io/kpi_proto.hpp"

#include <google/protobuf/descriptor.h>

#include <limits>
#include <stdexcept>

namespace innosim::io {

namespace {

namespace pb = google::protobuf;

/// The Kpis field of every registry entry, looked up once; a name without a field of a numeric
/// type is a build mistake and fails loudly on first use.
const std::array<const pb::FieldDescriptor*, kKpiCount>& kpi_fields() {
    static const std::array<const pb::FieldDescriptor*, kKpiCount> fields = [] {
        std::array<const pb::FieldDescriptor*, kKpiCount> out{};
        for (std::size_t i = 0; i < kKpiCount; ++i) {
            out[i] = run::Kpis::descriptor()->FindFieldByName(std::string(kKpis[i].name));
            const bool integer_field =
                out[i] != nullptr && (out[i]->cpp_type() == pb::FieldDescriptor::CPPTYPE_UINT32 ||
                                      out[i]->cpp_type() == pb::FieldDescriptor::CPPTYPE_INT64);
            const bool double_field = out[i] != nullptr && out[i]->cpp_type() == pb::FieldDescriptor::CPPTYPE_DOUBLE;
            if (kKpis[i].integer ? !integer_field : !double_field) {
                throw std::logic_error("run.proto Kpis has no " + std::string(kKpis[i].integer ? "integer" : "double") +
                                       " field " + std::string(kKpis[i].name));
            }
        }
        return out;
    }();
    return fields;
}

} // namespace

KpiValues kpi_values(const run::Kpis& kpis) {
    const pb::Reflection& r = *kpis.GetReflection();
    KpiValues values{};
    for (std::size_t i = 0; i < kKpiCount; ++i) {
        const pb::FieldDescriptor* field = kpi_fields()[i];
        switch (field->cpp_type()) {
        case pb::FieldDescriptor::CPPTYPE_UINT32:
            values[i] = r.GetUInt32(kpis, field);
            break;
        case pb::FieldDescriptor::CPPTYPE_INT64:
            values[i] = static_cast<double>(r.GetInt64(kpis, field));
            break;
        default:
            values[i] = r.GetDouble(kpis, field);
            break;
        }
    }
    return values;
}

double kpi_value(const run::Kpis& kpis, std::string_view name) {
    const std::optional<std::size_t> index = kpi_index(name);
    return index ? kpi_values(kpis)[*index] : std::numeric_limits<double>::quiet_NaN();
}

} // namespace innosim::io

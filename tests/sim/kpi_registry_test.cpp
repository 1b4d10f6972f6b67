#include "sim/io/kpi_proto.hpp"
#include "sim/io/kpi_registry.hpp"

#include <catch2/catch.hpp>
#include <google/protobuf/descriptor.h>

#include <cmath>
#include <set>

using namespace innosim;

TEST_CASE("every KPI is a run.proto field of its kind, once", "[kpi]") {
    std::set<std::string_view> names;
    for (const io::KpiInfo& kpi : io::kKpis) {
        INFO(kpi.name);
        CHECK(names.insert(kpi.name).second);
        const auto* field = run::Kpis::descriptor()->FindFieldByName(std::string(kpi.name));
        REQUIRE(field != nullptr);
        const bool integer = field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_UINT32 ||
                             field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_INT64;
        CHECK(integer == kpi.integer);
        CHECK(kpi.min < kpi.max);
        CHECK_FALSE(kpi.label.empty());
        CHECK_FALSE(kpi.unit.empty());
    }
    CHECK(static_cast<std::size_t>(run::Kpis::descriptor()->field_count()) == io::kKpiCount);
}

TEST_CASE("KPI values read from a Kpis message by name", "[kpi]") {
    run::Kpis message;
    message.set_jobs(3140);
    message.set_municipal_savings_rial(4'528'000'000'000);
    message.set_factory_occupancy(0.75);
    const io::KpiValues values = io::kpi_values(message);
    CHECK(values[*io::kpi_index("jobs")] == 3140);
    CHECK(values[*io::kpi_index("municipal_savings_rial")] == 4.528e12);
    CHECK(io::kpi_value(message, "factory_occupancy") == 0.75);
    CHECK(std::isnan(io::kpi_value(message, "no_such_kpi")));
}

TEST_CASE("KPI text in the units planners read", "[kpi]") {
    const auto& kpi = [](std::string_view name) -> const io::KpiInfo& { return *io::find_kpi(name); };
    CHECK(kpi("knowledge_based_firms").label == "Knowledge-based firms");
    CHECK(io::format_kpi(kpi("municipal_savings_rial"), 12345.6e9) == "12,345.6 bn Rial");
    CHECK(io::format_kpi(kpi("municipal_savings_rial"), 2.5e6) == "2.5 M Rial");
    CHECK(io::format_kpi(kpi("factory_occupancy"), 0.5) == "50.0 %");
    CHECK(io::format_kpi(kpi("jobs"), 1234) == "1,234");
    CHECK(io::format_kpi(kpi("jobs"), 12.25) == "12.2");
    CHECK(io::format_kpi(kpi("import_dependency_index"), 0.79) == "0.790");
    CHECK(io::format_kpi(kpi("jobs"), NAN) == "n/a");
    CHECK(io::format_kpi_signed(kpi("jobs"), 122) == "+122");
    CHECK(io::format_kpi_signed(kpi("jobs"), -4) == "-4");
    CHECK(io::format_kpi_signed(kpi("jobs"), 0) == "0");
    CHECK(io::format_kpi_range(kpi("jobs"), 2950, 3330) == "2,950\u20133,330");
    CHECK(io::format_kpi_range(kpi("new_revenue_rial"), 3723.4e9, 5525e9) == "3,723.4\u20135,525.0 bn Rial");
    CHECK(io::format_kpi_range(kpi("jobs"), -12, 30, true) == "-12 to +30");
    CHECK(io::format_kpi_with_range(kpi("jobs"), 3140, 2950, 3330) == "3,140 (2,950\u20133,330)");
    CHECK(io::format_kpi_with_range(kpi("jobs"), 3167.5, 2812.2, 3396) == "3,168 (2,812\u20133,396)");
    CHECK(io::format_kpi_with_range(kpi("new_revenue_rial"), 3.1e12, 2.5e12, 3.9e12) ==
          "3,100.0 (2,500.0\u20133,900.0) bn Rial");
    CHECK(io::format_kpi_with_range(kpi("municipal_savings_rial"), 8e9, 0, 67.3e9) == "8.0 (0.0\u201367.3) bn Rial");
    CHECK(io::format_kpi_range(kpi("jobs"), -5.9, 41.6, true) == "-6 to +42");
    CHECK(io::display_unit(kpi("sustainable_revenue_share")) == "%");
    CHECK(io::group_thousands(-1234567) == "-1,234,567");
    CHECK(io::group_thousands(std::numeric_limits<long long>::min()) == "-9,223,372,036,854,775,808");
}

TEST_CASE("targets are met in the better direction", "[kpi]") {
    const io::KpiInfo& jobs = *io::find_kpi("jobs");
    const io::KpiInfo& failed = *io::find_kpi("startups_failed");
    CHECK(jobs.higher_is_better);
    CHECK_FALSE(failed.higher_is_better);
    CHECK(io::meets_target(jobs, 4000, 4000));
    CHECK_FALSE(io::meets_target(jobs, 3999, 4000));
    CHECK(io::meets_target(failed, 400, 500));
    CHECK_FALSE(io::meets_target(failed, 501, 500));
    static_assert(io::kpi_index("jobs").has_value() && !io::kpi_index("job").has_value());
}

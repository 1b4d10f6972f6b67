#include "sim/io/kpi_registry.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace innosim::io {

namespace {

/// |value| with `decimals` decimals and thousands separators, the sign in front: "-1,234.5".
std::string with_commas(double value, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, std::fabs(value));
    const std::string digits = buffer;
    const std::size_t dot = std::min(digits.find('.'), digits.size());
    std::string out;
    for (std::size_t i = 0; i < dot; ++i) {
        if (i > 0 && (dot - i) % 3 == 0) {
            out += ',';
        }
        out += digits[i];
    }
    out += digits.substr(dot);
    // "-0.0" reads as a loss where there is none.
    const bool zero = out.find_first_not_of("0.,") == std::string::npos;
    return value < 0 && !zero ? "-" + out : out;
}

std::string rial_text(double rial, int decimals) {
    const double magnitude = std::fabs(rial);
    if (magnitude >= 1e9) {
        return with_commas(rial / 1e9, decimals) + " bn Rial";
    }
    if (magnitude >= 1e6) {
        return with_commas(rial / 1e6, 1) + " M Rial";
    }
    return with_commas(rial, 0) + " Rial";
}

} // namespace

std::string group_thousands(long long value) {
    // Digits of the magnitude as unsigned: exact for every int64, the most negative included.
    const unsigned long long magnitude =
        value < 0 ? 0 - static_cast<unsigned long long>(value) : static_cast<unsigned long long>(value);
    const std::string digits = std::to_string(magnitude);
    std::string out = value < 0 ? "-" : "";
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            out += ',';
        }
        out += digits[i];
    }
    return out;
}

std::string format_kpi(const KpiInfo& kpi, double value) {
    if (std::isnan(value)) {
        return "n/a";
    }
    switch (kpi.format) {
    case KpiFormat::Count:
        return with_commas(value, value == std::round(value) ? 0 : 1);
    case KpiFormat::Rial:
    case KpiFormat::RialPerJob:
        return rial_text(value, kpi.decimals);
    case KpiFormat::Share:
        return with_commas(100 * value, kpi.decimals) + " %";
    case KpiFormat::Index:
    case KpiFormat::Ratio:
        return with_commas(value, kpi.decimals);
    }
    return with_commas(value, 3);
}

std::string format_kpi_signed(const KpiInfo& kpi, double value) {
    const std::string text = format_kpi(kpi, value);
    return value > 0 && text.find_first_not_of("0.,") != std::string::npos ? "+" + text : text;
}

std::string format_kpi_range(const KpiInfo& kpi, double low, double high, bool sign) {
    if (std::isnan(low) || std::isnan(high)) {
        return "n/a";
    }
    std::string a = sign ? format_kpi_signed(kpi, low) : format_kpi(kpi, low);
    const std::string b = sign ? format_kpi_signed(kpi, high) : format_kpi(kpi, high);
    for (const std::string_view unit : {" bn Rial", " M Rial", " Rial", " %"}) {
        if (a.ends_with(unit) && b.ends_with(unit)) {
            a.resize(a.size() - unit.size()); // the unit once: "3,723.4–5,525.0 bn Rial"
            break;
        }
    }
    return a + (sign ? " to " : "\u2013") + b;
}

std::string_view display_unit(const KpiInfo& kpi) {
    switch (kpi.format) {
    case KpiFormat::Share:
        return "%";
    case KpiFormat::Rial:
    case KpiFormat::RialPerJob:
    case KpiFormat::Count:
    case KpiFormat::Index:
    case KpiFormat::Ratio:
        return kpi.unit;
    }
    return kpi.unit;
}

} // namespace innosim::io

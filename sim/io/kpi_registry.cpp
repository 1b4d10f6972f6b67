#include "sim/io/kpi_registry.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <vector>

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

/// The scale money is written in, chosen by the largest magnitude shown together.
struct RialScale {
    double divisor;
    std::string_view suffix;
    int decimals;
};

RialScale rial_scale(double magnitude, int bn_decimals) {
    if (magnitude >= 1e9) {
        return {1e9, " bn Rial", bn_decimals};
    }
    if (magnitude >= 1e6) {
        return {1e6, " M Rial", 1};
    }
    return {1, " Rial", 0};
}

std::string rial_text(double rial, const RialScale& scale) {
    return with_commas(rial / scale.divisor, scale.decimals) + std::string(scale.suffix);
}

std::string rial_text(double rial, int decimals) {
    return rial_text(rial, rial_scale(std::fabs(rial), decimals));
}

bool is_money(const KpiInfo& kpi) {
    return kpi.format == KpiFormat::Rial || kpi.format == KpiFormat::RialPerJob;
}

/// Values shown together (a median and its interval): money in one scale, counts whole.
std::vector<std::string> format_together(const KpiInfo& kpi, std::initializer_list<double> values, bool sign) {
    std::vector<std::string> out;
    double largest = 0;
    for (const double v : values) {
        largest = std::isfinite(v) ? std::max(largest, std::fabs(v)) : largest;
    }
    const RialScale scale = rial_scale(largest, kpi.decimals);
    for (double v : values) {
        if (kpi.format == KpiFormat::Count) {
            v = std::round(v); // quantiles interpolate between futures; people count whole firms
        }
        std::string text = std::isnan(v) ? "n/a" : is_money(kpi) ? rial_text(v, scale) : format_kpi(kpi, v);
        if (sign && v > 0 && text.find_first_not_of("0.,") != std::string::npos && text != "n/a") {
            text = "+" + text;
        }
        out.push_back(std::move(text));
    }
    return out;
}

/// The unit suffix all of `texts` end with (" bn Rial", " %"), removed from each; empty if none.
std::string_view strip_common_unit(std::vector<std::string>& texts) {
    for (const std::string_view unit : {" bn Rial", " M Rial", " Rial", " %"}) {
        if (std::all_of(texts.begin(), texts.end(), [unit](const std::string& t) { return t.ends_with(unit); })) {
            for (std::string& t : texts) {
                t.resize(t.size() - unit.size());
            }
            return unit;
        }
    }
    return {};
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
    std::vector<std::string> texts = format_together(kpi, {low, high}, sign);
    const std::string_view unit = strip_common_unit(texts);
    // Built by append: g++ 12 misreads chained operator+ on these as an overlapping copy (-Wrestrict).
    std::string out = texts[0];
    out.append(sign ? " to " : "\u2013");
    out.append(texts[1]);
    out.append(unit);
    return out;
}

std::string format_kpi_with_range(const KpiInfo& kpi, double middle, double low, double high) {
    std::vector<std::string> texts = format_together(kpi, {middle, low, high}, false);
    const std::string_view unit = strip_common_unit(texts);
    std::string out = texts[0];
    out.append(" (");
    out.append(texts[1]);
    out.append("\u2013");
    out.append(texts[2]);
    out.append(")");
    out.append(unit);
    return out;
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

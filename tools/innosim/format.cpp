#include "tools/innosim/format.hpp"

#include "sim/input_error.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <unistd.h>

namespace innosim::cli {

std::string group_thousands(std::int64_t value) {
    const bool negative = value < 0;
    const std::uint64_t magnitude =
        negative ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
    const std::string digits = std::to_string(magnitude);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            out += ',';
        }
        out += digits[i];
    }
    return negative ? "-" + out : out;
}

std::string format_rial(double rial) {
    char buffer[64];
    const double magnitude = std::fabs(rial);
    if (magnitude >= 1e9) {
        // Tenths of a billion, rounded once, so 2.96 bn prints as 3.0 and never as 2.0.
        const auto tenths = static_cast<std::int64_t>(std::llround(magnitude / 1e8));
        std::snprintf(buffer, sizeof buffer, ".%d bn Rial", static_cast<int>(tenths % 10));
        std::string text = rial < 0 ? "-" : "";
        text += group_thousands(tenths / 10);
        text += buffer;
        return text;
    }
    if (magnitude >= 1e6) {
        std::snprintf(buffer, sizeof buffer, "%.1f M Rial", rial / 1e6);
        return buffer;
    }
    return group_thousands(static_cast<std::int64_t>(std::llround(rial))) + " Rial";
}

std::string format_kpi(std::string_view name, double value) {
    char buffer[64];
    if (std::isnan(value)) {
        return "n/a";
    }
    if (name.ends_with("_rial") || name == "public_rial_per_job") {
        return format_rial(value);
    }
    if (name == "sustainable_revenue_share" || name == "factory_occupancy") {
        std::snprintf(buffer, sizeof buffer, "%.1f %%", 100.0 * value);
        return buffer;
    }
    if (name == "import_dependency_index" || name == "private_leverage") {
        std::snprintf(buffer, sizeof buffer, "%.3f", value);
        return buffer;
    }
    if (name == "quality_of_life_index") {
        std::snprintf(buffer, sizeof buffer, "%.1f", value);
        return buffer;
    }
    if (value == std::round(value)) {
        return group_thousands(static_cast<std::int64_t>(value));
    }
    std::snprintf(buffer, sizeof buffer, "%.1f", value);
    return buffer;
}

std::string kpi_label(std::string_view name) {
    std::string label(name);
    for (char& c : label) {
        c = c == '_' ? ' ' : c;
    }
    if (label == "knowledge based firms") {
        return "knowledge-based firms";
    }
    if (label.ends_with(" rial")) {
        label.resize(label.size() - 5);
    }
    if (label == "public rial per job") {
        return "public money per job";
    }
    return label;
}

void write_file_atomically(const std::filesystem::path& path, std::string_view text) {
    const std::filesystem::path temp = path.string() + ".tmp-" + std::to_string(::getpid());
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (!out) {
            throw InputError(path.string() + ": cannot write (does the directory exist?)");
        }
        out << text;
        if (!out.flush()) {
            std::filesystem::remove(temp);
            throw InputError(path.string() + ": write failed");
        }
    }
    std::filesystem::rename(temp, path);
}

} // namespace innosim::cli

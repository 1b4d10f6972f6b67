#include "tools/studies/csv.hpp"

#include "sim/input_error.hpp"

#include <charconv>
#include <fstream>
#include <limits>

namespace innosim::studies {

std::string csv_field(std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
        return std::string(text);
    }
    std::string out = "\"";
    for (const char c : text) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + "\"";
}

std::string csv_row(const std::vector<std::string>& fields) {
    std::string out;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) {
            out += ',';
        }
        out += csv_field(fields[i]);
    }
    return out + "\n";
}

std::vector<std::string> parse_csv_row(std::string_view line) {
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false;
    bool was_quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"' && field.empty() && !was_quoted) {
            quoted = true;
            was_quoted = true;
        } else if (c == ',') {
            fields.push_back(std::move(field));
            field.clear();
            was_quoted = false;
        } else if (c != '\r') {
            field += c;
        }
    }
    if (quoted) {
        throw InputError("unclosed quote in CSV row: " + std::string(line.substr(0, 80)));
    }
    fields.push_back(std::move(field));
    return fields;
}

std::optional<std::size_t> CsvTable::column(std::string_view name) const {
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (header[i] == name) {
            return i;
        }
    }
    return std::nullopt;
}

std::size_t CsvTable::require_column(std::string_view name) const {
    if (const auto index = column(name)) {
        return *index;
    }
    throw InputError(file + ": no column '" + std::string(name) + "'");
}

CsvTable read_csv(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw InputError("cannot read " + path.string());
    }
    CsvTable table;
    table.file = path.string();
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (line.empty() || line == "\r") {
            continue;
        }
        std::vector<std::string> fields;
        try {
            fields = parse_csv_row(line);
        } catch (const InputError& e) {
            throw InputError(table.file + ":" + std::to_string(number) + ": " + e.what());
        }
        if (table.header.empty()) {
            table.header = std::move(fields);
        } else if (fields.size() != table.header.size()) {
            throw InputError(table.file + ":" + std::to_string(number) + ": " + std::to_string(fields.size()) +
                             " fields, the header has " + std::to_string(table.header.size()));
        } else {
            table.rows.push_back(std::move(fields));
        }
    }
    if (table.header.empty()) {
        throw InputError(table.file + ": empty CSV file");
    }
    return table;
}

double parse_number(std::string_view cell, const std::string& where) {
    if (cell.empty() || cell == "nan") {
        return std::numeric_limits<double>::quiet_NaN();
    }
    if (cell == "inf" || cell == "-inf") {
        return cell == "inf" ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
    }
    double value = 0;
    const auto result = std::from_chars(cell.data(), cell.data() + cell.size(), value);
    if (result.ec != std::errc() || result.ptr != cell.data() + cell.size()) {
        throw InputError(where + ": '" + std::string(cell) + "' is not a number");
    }
    return value;
}

} // namespace innosim::studies

#include "sim/io/number_text.hpp"

#include "sim/text.hpp"

#include <charconv>
#include <cmath>
#include <limits>

namespace innosim::io {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

/// The pieces of a number of the grammar: sign, whole digits, fraction digits, exponent.
struct Decimal {
    bool negative = false;
    std::string whole;
    std::string fraction;
    long exponent = 0;
};

/// Digits with '_' allowed between two digits; `commas`: also ',' in strict groups of three.
std::optional<std::string> digit_run(std::string_view text, bool commas) {
    std::string digits;
    bool grouped_by_comma = false;
    bool grouped_by_underscore = false;
    std::size_t since_comma = 0;
    std::size_t first_group = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (is_digit(c)) {
            digits += c;
            ++since_comma;
            continue;
        }
        const bool between_digits = i > 0 && i + 1 < text.size() && is_digit(text[i - 1]) && is_digit(text[i + 1]);
        if (c == '_' && between_digits) {
            grouped_by_underscore = true;
            continue;
        }
        if (c == ',' && commas && between_digits) {
            if (!grouped_by_comma) {
                first_group = since_comma;
                if (first_group > 3) {
                    return std::nullopt;
                }
            } else if (since_comma != 3) {
                return std::nullopt;
            }
            grouped_by_comma = true;
            since_comma = 0;
            continue;
        }
        return std::nullopt;
    }
    if (digits.empty() || (grouped_by_comma && (since_comma != 3 || grouped_by_underscore))) {
        return std::nullopt;
    }
    return digits;
}

std::optional<Decimal> split(std::string_view raw) {
    const std::string folded = fold_digits(trim(raw));
    std::string_view text = folded;
    Decimal d;
    if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
        d.negative = text.front() == '-';
        text.remove_prefix(1);
    }
    std::string_view mantissa = text;
    std::string_view exponent;
    if (const std::size_t e = text.find_first_of("eE"); e != std::string_view::npos) {
        mantissa = text.substr(0, e);
        exponent = text.substr(e + 1);
        if (exponent.empty()) {
            return std::nullopt;
        }
    }
    std::string_view whole = mantissa;
    std::string_view fraction;
    bool has_point = false;
    if (const std::size_t point = mantissa.find('.'); point != std::string_view::npos) {
        whole = mantissa.substr(0, point);
        fraction = mantissa.substr(point + 1);
        has_point = true;
    }
    if (whole.empty() && fraction.empty()) {
        return std::nullopt;
    }
    if (!whole.empty()) {
        const auto digits = digit_run(whole, true);
        if (!digits) {
            return std::nullopt;
        }
        d.whole = *digits;
    }
    if (has_point && !fraction.empty()) {
        const auto digits = digit_run(fraction, false);
        if (!digits) {
            return std::nullopt;
        }
        d.fraction = *digits;
    }
    if (!exponent.empty()) {
        bool negative = false;
        if (exponent.front() == '+' || exponent.front() == '-') {
            negative = exponent.front() == '-';
            exponent.remove_prefix(1);
        }
        long value = 0;
        const auto r = std::from_chars(exponent.data(), exponent.data() + exponent.size(), value);
        if (exponent.empty() || r.ec != std::errc{} || r.ptr != exponent.data() + exponent.size()) {
            return std::nullopt;
        }
        d.exponent = negative ? -value : value;
    }
    return d;
}

/// The whole number a decimal stands for as digits (no sign), or nothing if it has a fraction.
/// `too_large` is set when the digits would run past any 64-bit integer.
std::optional<std::string> whole_digits(const Decimal& d, bool& too_large) {
    std::string digits = d.whole + d.fraction;
    const long shift = d.exponent - static_cast<long>(d.fraction.size());
    too_large = false;
    if (shift >= 0) {
        const auto first = digits.find_first_not_of('0');
        if (first == std::string::npos) {
            return std::string("0");
        }
        if (static_cast<long>(digits.size() - first) + shift > 20) {
            too_large = true;
            return std::nullopt;
        }
        std::string out = digits.substr(first);
        out.append(static_cast<std::size_t>(shift), '0');
        return out;
    }
    const auto drop = static_cast<std::size_t>(-shift);
    if (drop > digits.size()) {
        if (digits.find_first_not_of('0') != std::string::npos) {
            return std::nullopt;
        }
        return std::string("0");
    }
    if (digits.find_first_not_of('0', digits.size() - drop) != std::string::npos) {
        return std::nullopt;
    }
    digits.resize(digits.size() - drop);
    const auto first = digits.find_first_not_of('0');
    return first == std::string::npos ? std::string("0") : digits.substr(first);
}

template <class T> std::optional<T> parse_whole_as(std::string_view text) {
    const auto d = split(text);
    if (!d) {
        return std::nullopt;
    }
    bool too_large = false;
    const auto digits = whole_digits(*d, too_large);
    if (!digits) {
        return std::nullopt;
    }
    // Built by append: GCC 12's -Wrestrict misfires on "literal" + std::string at -O3.
    std::string signed_digits;
    if (d->negative && *digits != "0") {
        signed_digits += '-';
    }
    signed_digits += *digits;
    T value{};
    const auto r = std::from_chars(signed_digits.data(), signed_digits.data() + signed_digits.size(), value);
    if (r.ec != std::errc{} || r.ptr != signed_digits.data() + signed_digits.size()) {
        return std::nullopt;
    }
    return value;
}

} // namespace

std::optional<std::string> plain_number(std::string_view text) {
    const auto d = split(text);
    if (!d) {
        return std::nullopt;
    }
    std::string out;
    if (d->negative) {
        out += '-';
    }
    out += d->whole.empty() ? std::string("0") : d->whole;
    if (!d->fraction.empty()) {
        out += '.';
        out += d->fraction;
    }
    if (d->exponent != 0) {
        out += 'e';
        out += std::to_string(d->exponent);
    }
    return out;
}

std::optional<double> parse_real(std::string_view text) {
    const auto plain = plain_number(text);
    if (!plain) {
        return std::nullopt;
    }
    double value = 0;
    const auto r = std::from_chars(plain->data(), plain->data() + plain->size(), value);
    if (r.ec != std::errc{} || r.ptr != plain->data() + plain->size() || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

std::optional<std::int64_t> parse_whole(std::string_view text) {
    return parse_whole_as<std::int64_t>(text);
}

std::optional<std::uint64_t> parse_whole_unsigned(std::string_view text) {
    return parse_whole_as<std::uint64_t>(text);
}

std::string whole_number_problem(std::string_view text) {
    const auto d = split(text);
    if (!d) {
        return "is not a number";
    }
    bool too_large = false;
    if (!whole_digits(*d, too_large)) {
        return too_large ? "is too large" : "is not a whole number";
    }
    return "is too large";
}

} // namespace innosim::io

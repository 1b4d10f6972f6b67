#include "sim/text.hpp"

#include <algorithm>
#include <cctype>
#include <limits>

namespace innosim {

namespace {

/// The ASCII replacement of the two-byte UTF-8 sequence at `text[i]`, or 0.
char folded(std::string_view text, std::size_t i) {
    if (i + 1 >= text.size()) {
        return 0;
    }
    const auto lead = static_cast<unsigned char>(text[i]);
    const auto next = static_cast<unsigned char>(text[i + 1]);
    if (lead == 0xDB && next >= 0xB0 && next <= 0xB9) { // U+06F0..U+06F9 Extended Arabic-Indic (Persian)
        return static_cast<char>('0' + (next - 0xB0));
    }
    if (lead == 0xD9 && next >= 0xA0 && next <= 0xA9) { // U+0660..U+0669 Arabic-Indic
        return static_cast<char>('0' + (next - 0xA0));
    }
    if (lead == 0xD9 && next == 0xAB) { // U+066B Arabic decimal separator
        return '.';
    }
    if (lead == 0xD9 && next == 0xAC) { // U+066C Arabic thousands separator
        return ',';
    }
    return 0;
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::vector<std::string> words(std::string_view text) {
    std::vector<std::string> out;
    std::string word;
    for (const char c : text) {
        if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
            word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        } else if (!word.empty()) {
            out.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) {
        out.push_back(std::move(word));
    }
    return out;
}

} // namespace

std::string fold_digits(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (const char c = folded(text, i); c != 0) {
            out += c;
            ++i;
        } else {
            out += text[i];
        }
    }
    return out;
}

bool has_foreign_digits(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (folded(text, i) != 0) {
            return true;
        }
    }
    return false;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = up;
        }
    }
    return row[b.size()];
}

std::optional<std::string> nearest(std::string_view typed, const std::vector<std::string>& candidates) {
    const std::string wanted = lower(typed);
    if (wanted.empty()) {
        return std::nullopt;
    }
    // A typo of a third of the word (at least 2 edits) is still recognisable; more is a guess.
    const std::size_t allowed = std::max<std::size_t>(2, wanted.size() / 3);
    std::size_t best = std::numeric_limits<std::size_t>::max();
    std::vector<const std::string*> best_names;
    for (const std::string& candidate : candidates) {
        const std::string name = lower(candidate);
        if (name == wanted) {
            continue; // the same name in another case is not a suggestion but a match the caller refused
        }
        std::size_t distance = edit_distance(wanted, name);
        if (name.size() > wanted.size() + 2) {
            // "Finanse" -> "Finance & Revenue": the start of a long name, typed with a slip.
            distance = std::min(distance, edit_distance(wanted, name.substr(0, wanted.size())) + 1);
        }
        if (distance > allowed) {
            continue;
        }
        if (distance < best) {
            best = distance;
            best_names.clear();
        }
        if (distance == best && std::find_if(best_names.begin(), best_names.end(), [&](const std::string* n) {
                                    return *n == candidate;
                                }) == best_names.end()) {
            best_names.push_back(&candidate);
        }
    }
    if (best_names.size() == 1) {
        return *best_names.front();
    }
    if (!best_names.empty()) {
        return std::nullopt; // two equally likely names: listing the valid ones is more honest
    }
    // No close spelling: a candidate containing every word typed ("budget" -> innovation_budget_share).
    const std::vector<std::string> typed_words = words(typed);
    const std::string* only = nullptr;
    for (const std::string& candidate : candidates) {
        const std::vector<std::string> have = words(candidate);
        const bool all = std::all_of(typed_words.begin(), typed_words.end(), [&](const std::string& w) {
            return w.size() >= 3 && std::find(have.begin(), have.end(), w) != have.end();
        });
        if (all && !typed_words.empty()) {
            if (only != nullptr) {
                return std::nullopt;
            }
            only = &candidate;
        }
    }
    return only == nullptr ? std::nullopt : std::optional<std::string>(*only);
}

std::string did_you_mean(std::string_view typed, const std::vector<std::string>& candidates) {
    const auto found = nearest(typed, candidates);
    return found ? "did you mean '" + *found + "'?" : std::string();
}

std::string join_names(const std::vector<std::string>& names, std::size_t limit) {
    std::string out;
    const std::size_t shown = limit == 0 ? names.size() : std::min(limit, names.size());
    for (std::size_t i = 0; i < shown; ++i) {
        out += (i == 0 ? "" : ", ") + names[i];
    }
    if (shown < names.size()) {
        out += ", ... (" + std::to_string(names.size() - shown) + " more)";
    }
    return out;
}

} // namespace innosim

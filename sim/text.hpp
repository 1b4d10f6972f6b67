#pragma once

// Small text helpers every input path shares: Persian digits read as ASCII ones, and the nearest
// valid name for a misspelt one ("did you mean ...").

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace innosim {

/// `text` with Persian (۰-۹) and Arabic-Indic (٠-٩) digits replaced by ASCII digits, the Arabic
/// decimal separator (٫) by '.' and the Arabic thousands separator (٬) by ','. Everything else is
/// kept as it is, so "۱۴۰۳/۰۱/۰۱" becomes "1403/01/01".
std::string fold_digits(std::string_view text);

/// True if `text` holds any character fold_digits() would replace.
bool has_foreign_digits(std::string_view text);

/// Levenshtein distance (insert, delete, substitute), byte-wise.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate a user most likely meant by `typed`, if one is close enough: compared without
/// case, by edit distance to the whole candidate or to its first `typed.size()` characters (so
/// "Finanse" finds "Finance & Revenue"), and by whole words ("budget" finds
/// "innovation_budget_share" when no other candidate contains it). Nothing if no candidate is
/// close or if two are equally close.
std::optional<std::string> nearest(std::string_view typed, const std::vector<std::string>& candidates);

/// "did you mean 'x'?" for nearest(), or empty.
std::string did_you_mean(std::string_view typed, const std::vector<std::string>& candidates);

/// "a, b, c" (and "a, b, c, ... (N more)" past `limit` items, 0 = no limit).
std::string join_names(const std::vector<std::string>& names, std::size_t limit = 0);

} // namespace innosim

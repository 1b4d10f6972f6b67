#pragma once

// Right-to-left text for a renderer that draws glyphs left to right (ImGui): FriBidi reorders a
// UTF-8 string from logical to visual order and joins Arabic-script letters into their
// presentation forms, which the loaded fonts carry.

#include <string>
#include <string_view>
#include <unordered_map>

namespace innosim::viz {

/// True if `text` holds a right-to-left letter (Hebrew or Arabic script).
bool has_rtl(std::string_view text);

/// `text` in visual order with Arabic joining applied. `rtl_paragraph`: the paragraph runs right to
/// left (Persian UI text, even when it starts with a Latin word); otherwise its direction comes
/// from its first strong letter. Joining controls (ZWNJ, ZWJ) and direction marks are dropped after
/// shaping: they have done their work and the fonts have no glyph for them. Text without
/// right-to-left letters is returned as it is.
std::string visual_order(std::string_view text, bool rtl_paragraph);

/// Memoised visual_order for per-frame UI text. Pointers stay valid until clear().
class BidiCache {
public:
    const std::string& get(std::string_view text, bool rtl_paragraph);
    void clear() { cache_.clear(); }
    std::size_t size() const { return cache_.size(); }

private:
    std::unordered_map<std::string, std::string> cache_; ///< key: direction byte + logical text
};

} // namespace innosim::viz

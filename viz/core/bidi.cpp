#include "viz/core/bidi.hpp"

#include <fribidi.h>
#include <vector>

namespace innosim::viz {

namespace {

bool is_dropped(FriBidiChar c) {
    return c == 0x200C || c == 0x200D || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF;
}

} // namespace

bool has_rtl(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        // Lead bytes of U+0590..U+08FF (Hebrew, Arabic, Syriac, Thaana...) and of U+FB1D..U+FEFF
        // (presentation forms: EF AC..EF BB).
        if (c >= 0xD6 && c <= 0xDF) {
            return true;
        }
        if (c == 0xE0 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0xA3) {
            return true; // U+0800..U+08FF
        }
        if (c == 0xEF && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0xAC &&
            static_cast<unsigned char>(text[i + 1]) <= 0xBB) {
            return true;
        }
    }
    return false;
}

std::string visual_order(std::string_view text, bool rtl_paragraph) {
    if (text.empty() || (!rtl_paragraph && !has_rtl(text))) {
        return std::string(text);
    }
    std::vector<FriBidiChar> logical(text.size() + 1);
    const FriBidiStrIndex n = fribidi_charset_to_unicode(FRIBIDI_CHAR_SET_UTF8, text.data(),
                                                         static_cast<FriBidiStrIndex>(text.size()), logical.data());
    std::vector<FriBidiChar> visual(static_cast<std::size_t>(n) + 1);
    FriBidiParType base = rtl_paragraph ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_ON;
    // log2vis applies the default flags plus Arabic joining and shaping.
    if (n == 0 || fribidi_log2vis(logical.data(), n, &base, visual.data(), nullptr, nullptr, nullptr) == 0) {
        return std::string(text);
    }
    std::vector<FriBidiChar> kept;
    kept.reserve(static_cast<std::size_t>(n));
    for (FriBidiStrIndex i = 0; i < n; ++i) {
        if (!is_dropped(visual[static_cast<std::size_t>(i)])) {
            kept.push_back(visual[static_cast<std::size_t>(i)]);
        }
    }
    std::string out(kept.size() * 4 + 1, '\0');
    const FriBidiStrIndex bytes = fribidi_unicode_to_charset(FRIBIDI_CHAR_SET_UTF8, kept.data(),
                                                             static_cast<FriBidiStrIndex>(kept.size()), out.data());
    out.resize(static_cast<std::size_t>(bytes));
    return out;
}

const std::string& BidiCache::get(std::string_view text, bool rtl_paragraph) {
    std::string key;
    key.reserve(text.size() + 1);
    key.push_back(rtl_paragraph ? 'r' : 'a');
    key.append(text);
    const auto it = cache_.find(key);
    if (it != cache_.end()) {
        return it->second;
    }
    if (cache_.size() > 20000) {
        cache_.clear(); // a long session's feed lines: drop them all rather than grow without end
    }
    return cache_.emplace(std::move(key), visual_order(text, rtl_paragraph)).first->second;
}

} // namespace innosim::viz

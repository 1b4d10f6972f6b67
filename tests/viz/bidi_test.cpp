#include "viz/core/bidi.hpp"

#include <catch2/catch.hpp>

using namespace innosim::viz;

TEST_CASE("FriBidi joins and orders a known Persian word", "[viz][bidi]") {
    // سلام: seen initial, then lam and alef as the lam-alef ligature in its final form, meem
    // isolated (alef does not join leftwards); drawn right to left, meem first on the left.
    CHECK(visual_order("سلام", true) == "\uFEE1\uFEFC\uFEB3");
    // Persian letters outside Arabic (پ گ) take their Persian presentation forms: گپ = gaf
    // initial (U+FB94), peh final (U+FB57), so visual "peh final, gaf initial".
    CHECK(visual_order("گپ", true) == "\uFB57\uFB94");
}

TEST_CASE("ZWNJ keeps letters apart and is dropped after shaping", "[viz][bidi]") {
    // می‌شود with a zero-width non-joiner after "می": yeh final, not medial.
    const std::string v = visual_order("می\u200cشود", true);
    CHECK(v.find("\u200c") == std::string::npos);
    CHECK(v.find("\uFBFD") != std::string::npos); // Farsi yeh, final: the ZWNJ ended the word
}

TEST_CASE("Latin text passes unchanged; mixed text keeps the Latin word readable", "[viz][bidi]") {
    CHECK(visual_order("Jobs 3,140", false) == "Jobs 3,140");
    CHECK_FALSE(has_rtl("Jobs"));
    CHECK(has_rtl("اشتغال"));
    // A right-to-left paragraph that starts with a Latin word: the Latin run keeps its own order
    // and stands at the right end.
    const std::string v = visual_order("Space پخش", true);
    CHECK(v.find("Space") != std::string::npos);
    CHECK(v.rfind("Space") + 5 == v.size());
}

TEST_CASE("the cache returns the same text as visual_order", "[viz][bidi]") {
    BidiCache cache;
    CHECK(cache.get("سلام", true) == visual_order("سلام", true));
    CHECK(cache.get("سلام", true) == visual_order("سلام", true));
    CHECK(cache.size() == 1);
}

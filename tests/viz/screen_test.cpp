#include "viz/core/screen.hpp"

#include <catch2/catch.hpp>

using namespace innosim::viz;

TEST_CASE("the interface scales with the window", "[viz][screen]") {
    // The reference window draws at 1.
    REQUIRE(window_scale(1280, 800) == Approx(1.0f));
    // A 1080p projector: text takes the same share of the height as at 800 px.
    REQUIRE(window_scale(1920, 1080) == Approx(1.35f));
    REQUIRE(window_scale(3840, 2160) == Approx(2.7f));
    // 1024x768 is narrower than the reference's proportions: the width decides, never under 0.9.
    REQUIRE(window_scale(1024, 768) == Approx(0.95f));
    REQUIRE(window_scale(640, 480) == Approx(0.9f));
    // A wide, short window follows its height.
    REQUIRE(window_scale(2560, 800) == Approx(1.0f));
    // Steps of 0.05: a few pixels of resizing do not rebuild the fonts.
    REQUIRE(window_scale(1280, 806) == window_scale(1280, 800));
    // Nonsense sizes (a minimised window) draw at 1 instead of dividing by zero.
    REQUIRE(window_scale(0, 0) == Approx(1.0f));
    REQUIRE(window_scale(100000, 100000) == Approx(4.0f));
}

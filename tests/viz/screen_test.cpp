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

TEST_CASE("the layout check finds labels that leave their area or overlap", "[viz][screen]") {
    const RectF panel{0, 0, 200, 100};
    std::vector<LabelBox> labels{
        {{10, 10, 50, 15}, panel, "map", "District 9"},
        {{70, 10, 50, 15}, panel, "map", "District 10"},    // beside the first: fine
        {{10, 24, 50, 15}, panel, "map", "1 solved"},       // touches the first by 1 px: fine
        {{170, 50, 60, 15}, panel, "map", "Transport & T"}, // runs 30 px past the panel's edge
        {{40, 12, 50, 11}, panel, "map", "Factory 50/60"},  // on both district names
        {{0, 0, 0, 0}, panel, "map", ""},                   // nothing drawn
    };
    const std::vector<LayoutProblem> problems = layout_problems(labels);
    REQUIRE(problems.size() == 3);
    REQUIRE(problems[0].kind == LayoutProblem::Kind::Outside);
    REQUIRE(problems[0].label == 3);
    REQUIRE(problems[0].by == Approx(30));
    REQUIRE(problems[1].kind == LayoutProblem::Kind::Overlap);
    REQUIRE(problems[1].label == 4);
    REQUIRE(problems[1].other == 0);
    REQUIRE(problems[1].by == Approx(11)); // 20 px wide, 11 px tall
    REQUIRE(problems[2].other == 1);
    REQUIRE(describe(problems[0], labels) ==
            "map: 'Transport & T' [170,50 60x15] leaves its area [0,0 200x100] by 30 px");
    REQUIRE(describe(problems[1], labels) ==
            "map: 'Factory 50/60' [40,12 50x11] overlaps map: 'District 9' [10,10 50x15] by 11 px");
    // A layout that fits has nothing to say.
    labels.resize(3);
    REQUIRE(layout_problems(labels).empty());
}

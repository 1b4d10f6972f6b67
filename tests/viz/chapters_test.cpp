#include "sim/input_error.hpp"
#include "tests/viz/test_support.hpp"
#include "viz/core/chapters.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace innosim::viz;
using innosim::InputError;
using innosim::sim::Calendar;
using innosim::sim::JalaliDate;
using innosim::viz::testing::TempDir;

TEST_CASE("bookmark files parse, sort and round-trip", "[viz][chapters]") {
    const std::string text = "# workshop\r\n"
                             "chapter 1402/01/01 The factory opens\n"
                             "\n"
                             "note    1401/06/15   Grants double here\n"
                             "chapter 1401/1/1 Where we start\n"
                             "   # indented comment\n"
                             "chapter 1404/06/31";
    const Chapters chapters(parse_chapters(text, "x.txt"));
    const auto& items = chapters.items();
    REQUIRE(items.size() == 4);
    REQUIRE(items[0].date == JalaliDate{1401, 1, 1});
    REQUIRE(items[0].text == "Where we start");
    REQUIRE(items[1].kind == BookmarkKind::Note);
    REQUIRE(items[1].text == "Grants double here");
    REQUIRE(items[2].text == "The factory opens");
    REQUIRE(items[3].text.empty());
    const auto again = parse_chapters(format_chapters(items), "again");
    REQUIRE(again.size() == 4);
    for (std::size_t i = 0; i < 4; ++i) {
        REQUIRE(again[i].kind == items[i].kind);
        REQUIRE(again[i].date == items[i].date);
        REQUIRE(again[i].text == items[i].text);
    }
}

TEST_CASE("malformed bookmark lines name the line, the column and what was expected", "[viz][chapters]") {
    REQUIRE_THROWS_WITH(parse_chapters("chapter 1401/01/01 ok\nbookmark 1401/01/01 x\n", "c.txt"),
                        Catch::StartsWith("c.txt:2:1: expected \"chapter\" or \"note\""));
    REQUIRE_THROWS_WITH(parse_chapters("note\n", "c.txt"), Catch::StartsWith("c.txt:1:5: expected a Solar Hijri date"));
    REQUIRE_THROWS_AS(parse_chapters("chapter 1401/13/01 bad month\n", "c.txt"), InputError);
    REQUIRE_THROWS_WITH(parse_chapters("  chapter 1401/13/01 bad month\n", "c.txt"), Catch::StartsWith("c.txt:1:11: "));
}

TEST_CASE("PageDown and PageUp step through chapters like tracks", "[viz][chapters]") {
    const Calendar cal({1401, 1, 1});
    Chapters chapters;
    chapters.add({BookmarkKind::Chapter, {1402, 1, 1}, "two"});
    chapters.add({BookmarkKind::Chapter, {1401, 1, 1}, "one"});
    chapters.add({BookmarkKind::Note, {1401, 6, 1}, "a note"});
    chapters.add({BookmarkKind::Chapter, {1403, 1, 1}, "three\nlines"});
    REQUIRE(chapters.items()[3].text == "three lines");
    const auto text_of = [&](std::optional<std::size_t> i) { return i ? chapters.items()[*i].text : "-"; };

    const Ticks mid = cal.to_ticks({1402, 5, 5});
    REQUIRE(text_of(chapters.current_chapter(cal, mid)) == "two");
    REQUIRE(text_of(chapters.next_chapter(cal, mid)) == "three lines");
    REQUIRE(text_of(chapters.previous_chapter(cal, mid)) == "two"); // back to the start of this chapter
    const Ticks on_two = cal.to_ticks({1402, 1, 1});
    REQUIRE(text_of(chapters.previous_chapter(cal, on_two)) == "one");
    REQUIRE(text_of(chapters.next_chapter(cal, on_two)) == "three lines");
    REQUIRE(text_of(chapters.previous_chapter(cal, 0)) == "-");
    REQUIRE(text_of(chapters.next_chapter(cal, cal.to_ticks({1403, 1, 1}))) == "-");
    REQUIRE(chapters.chapter_indices().size() == 3);

    const auto near = chapters.notes_near(cal, cal.to_ticks({1401, 6, 20}), 30 * innosim::sim::kTicksPerDay);
    REQUIRE(near.size() == 1);
    REQUIRE(chapters.notes_near(cal, cal.to_ticks({1401, 9, 1}), 30 * innosim::sim::kTicksPerDay).empty());

    chapters.remove(0);
    REQUIRE(text_of(chapters.current_chapter(cal, mid)) == "two");
    REQUIRE_FALSE(chapters.current_chapter(cal, 0).has_value());
}

TEST_CASE("bookmarks are saved next to the run and loaded back", "[viz][chapters]") {
    TempDir dir;
    const auto path = chapters_path_for(dir / "baseline.innorun");
    REQUIRE(path.filename() == "baseline.innorun.chapters.txt");
    REQUIRE(load_chapters(path).empty()); // no file yet: no bookmarks, no error
    Chapters chapters;
    chapters.add({BookmarkKind::Chapter, {1404, 6, 31}, "At the horizon"});
    chapters.add({BookmarkKind::Note, {1403, 1, 1}, "New year"});
    save_chapters(path, chapters);
    const Chapters back = load_chapters(path);
    REQUIRE(back.items().size() == 2);
    REQUIRE(back.items()[0].text == "New year");
    REQUIRE(back.items()[1].date == JalaliDate{1404, 6, 31});
    REQUIRE_THROWS_AS(save_chapters(dir / "no-such-dir" / "x.txt", chapters), InputError);
}

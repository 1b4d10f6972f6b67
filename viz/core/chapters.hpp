#pragma once

// Bookmarks for presentations: chapters (a date and a caption, stepped through with PageDown /
// PageUp) and notes (annotations pinned to a date, shown while the cursor is near). They are
// saved next to the run as RUN.innorun.chapters.txt, one per line:
//
//   # comments and blank lines are ignored
//   chapter 1401/01/01 Where the city starts
//   note    1402/03/15 The factory opens its doors
//
// Dates are Solar Hijri; the text runs to the end of the line.

#include "sim/calendar.hpp"
#include "viz/core/types.hpp"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace innosim::viz {

enum class BookmarkKind { Chapter, Note };

struct Bookmark {
    BookmarkKind kind = BookmarkKind::Chapter;
    sim::JalaliDate date{1401, 1, 1};
    std::string text; ///< caption (chapters) or annotation (notes); one line
};

/// A run's bookmarks, kept sorted by date (chapters before notes on the same day, then by
/// insertion), with the chapter navigation of presentation mode.
class Chapters {
public:
    Chapters() = default;
    explicit Chapters(std::vector<Bookmark> items);

    const std::vector<Bookmark>& items() const { return items_; }
    bool empty() const { return items_.empty(); }
    /// Adds and returns the new item's index.
    std::size_t add(Bookmark bookmark);
    void remove(std::size_t index);
    /// Replaces the text of item `index` (newlines become spaces).
    void set_text(std::size_t index, std::string_view text);

    /// Indices of the chapters (not notes), in date order.
    std::vector<std::size_t> chapter_indices() const;
    /// The chapter the cursor is in: the last one at or before t.
    std::optional<std::size_t> current_chapter(const sim::Calendar& calendar, Ticks t) const;
    /// The first chapter strictly after t.
    std::optional<std::size_t> next_chapter(const sim::Calendar& calendar, Ticks t) const;
    /// The chapter before the current one when the cursor sits on a chapter's first instant, else
    /// the current one (so PageUp first returns to the start of the chapter, like "previous track").
    std::optional<std::size_t> previous_chapter(const sim::Calendar& calendar, Ticks t) const;
    /// Notes within `window` ticks of t (either side).
    std::vector<std::size_t> notes_near(const sim::Calendar& calendar, Ticks t, Ticks window) const;

private:
    void sort();
    std::vector<Bookmark> items_;
};

/// RUN.innorun -> RUN.innorun.chapters.txt
std::filesystem::path chapters_path_for(const std::filesystem::path& run_path);
/// Throws innosim::InputError naming `source_name:line:column` and what was expected.
std::vector<Bookmark> parse_chapters(std::string_view text, std::string_view source_name);
std::string format_chapters(const std::vector<Bookmark>& items);
/// Loads a chapters file; a missing file gives no bookmarks. Throws InputError when malformed.
Chapters load_chapters(const std::filesystem::path& path);
/// Writes via a temp file and a rename. Throws InputError when the directory is not writable.
void save_chapters(const std::filesystem::path& path, const Chapters& chapters);

} // namespace innosim::viz

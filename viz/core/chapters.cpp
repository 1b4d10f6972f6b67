#include "viz/core/chapters.hpp"

#include "sim/input_error.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>

namespace innosim::viz {

namespace {

std::string one_line(std::string_view text) {
    std::string out(text);
    std::replace(out.begin(), out.end(), '\n', ' ');
    std::replace(out.begin(), out.end(), '\r', ' ');
    return out;
}

bool is_space(char c) {
    return c == ' ' || c == '\t';
}

} // namespace

Chapters::Chapters(std::vector<Bookmark> items) : items_(std::move(items)) {
    sort();
}

void Chapters::sort() {
    std::stable_sort(items_.begin(), items_.end(), [](const Bookmark& a, const Bookmark& b) {
        if (a.date != b.date) {
            return a.date < b.date;
        }
        return a.kind == BookmarkKind::Chapter && b.kind == BookmarkKind::Note;
    });
}

std::size_t Chapters::add(Bookmark bookmark) {
    bookmark.text = one_line(bookmark.text);
    const auto position =
        std::upper_bound(items_.begin(), items_.end(), bookmark, [](const Bookmark& a, const Bookmark& b) {
            if (a.date != b.date) {
                return a.date < b.date;
            }
            return a.kind == BookmarkKind::Chapter && b.kind == BookmarkKind::Note;
        });
    const auto index = static_cast<std::size_t>(position - items_.begin());
    items_.insert(position, std::move(bookmark));
    return index;
}

void Chapters::remove(std::size_t index) {
    if (index < items_.size()) {
        items_.erase(items_.begin() + static_cast<std::ptrdiff_t>(index));
    }
}

void Chapters::set_text(std::size_t index, std::string_view text) {
    if (index < items_.size()) {
        items_[index].text = one_line(text);
    }
}

std::vector<std::size_t> Chapters::chapter_indices() const {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < items_.size(); ++i) {
        if (items_[i].kind == BookmarkKind::Chapter) {
            out.push_back(i);
        }
    }
    return out;
}

std::optional<std::size_t> Chapters::current_chapter(const sim::Calendar& calendar, Ticks t) const {
    std::optional<std::size_t> found;
    for (const std::size_t i : chapter_indices()) {
        if (calendar.to_ticks(items_[i].date) <= t) {
            found = i;
        }
    }
    return found;
}

std::optional<std::size_t> Chapters::next_chapter(const sim::Calendar& calendar, Ticks t) const {
    for (const std::size_t i : chapter_indices()) {
        if (calendar.to_ticks(items_[i].date) > t) {
            return i;
        }
    }
    return std::nullopt;
}

std::optional<std::size_t> Chapters::previous_chapter(const sim::Calendar& calendar, Ticks t) const {
    const std::vector<std::size_t> chapters = chapter_indices();
    std::optional<std::size_t> before; // last chapter strictly before t
    for (const std::size_t i : chapters) {
        if (calendar.to_ticks(items_[i].date) < t) {
            before = i;
        }
    }
    return before;
}

std::vector<std::size_t> Chapters::notes_near(const sim::Calendar& calendar, Ticks t, Ticks window) const {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < items_.size(); ++i) {
        if (items_[i].kind != BookmarkKind::Note) {
            continue;
        }
        const Ticks at = calendar.to_ticks(items_[i].date);
        if (at <= t + window && at >= t - window) {
            out.push_back(i);
        }
    }
    return out;
}

std::filesystem::path chapters_path_for(const std::filesystem::path& run_path) {
    std::filesystem::path out = run_path;
    out += ".chapters.txt";
    return out;
}

std::vector<Bookmark> parse_chapters(std::string_view text, std::string_view source_name) {
    std::vector<Bookmark> items;
    std::size_t line_number = 0;
    std::size_t begin = 0;
    while (begin <= text.size()) {
        std::size_t end = text.find('\n', begin);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        std::string_view line = text.substr(begin, end - begin);
        ++line_number;
        begin = end + 1;
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        std::size_t at = 0;
        while (at < line.size() && is_space(line[at])) {
            ++at;
        }
        if (at == line.size() || line[at] == '#') {
            if (end == text.size()) {
                break;
            }
            continue;
        }
        const auto where = [&](std::size_t column) {
            return std::string(source_name) + ":" + std::to_string(line_number) + ":" + std::to_string(column + 1) +
                   ": ";
        };
        std::size_t word_end = at;
        while (word_end < line.size() && !is_space(line[word_end])) {
            ++word_end;
        }
        const std::string_view word = line.substr(at, word_end - at);
        Bookmark bookmark;
        if (word == "chapter") {
            bookmark.kind = BookmarkKind::Chapter;
        } else if (word == "note") {
            bookmark.kind = BookmarkKind::Note;
        } else {
            throw InputError(where(at) + "expected \"chapter\" or \"note\" at the start of the line, found \"" +
                             std::string(word) + "\"");
        }
        at = word_end;
        while (at < line.size() && is_space(line[at])) {
            ++at;
        }
        std::size_t date_end = at;
        while (date_end < line.size() && !is_space(line[date_end])) {
            ++date_end;
        }
        if (date_end == at) {
            throw InputError(where(at) + "expected a Solar Hijri date (YYYY/MM/DD) after \"" + std::string(word) +
                             "\"");
        }
        try {
            bookmark.date = sim::parse_jalali(line.substr(at, date_end - at));
        } catch (const InputError& e) {
            throw InputError(where(at) + e.what());
        }
        at = date_end;
        while (at < line.size() && is_space(line[at])) {
            ++at;
        }
        bookmark.text = std::string(line.substr(at));
        items.push_back(std::move(bookmark));
        if (end == text.size()) {
            break;
        }
    }
    return items;
}

std::string format_chapters(const std::vector<Bookmark>& items) {
    std::string out = "# innosim-viz bookmarks: \"chapter DATE caption\" or \"note DATE text\", one per line\n";
    for (const Bookmark& b : items) {
        out += b.kind == BookmarkKind::Chapter ? "chapter " : "note ";
        out += sim::format(b.date);
        if (!b.text.empty()) {
            out += ' ';
            out += one_line(b.text);
        }
        out += '\n';
    }
    return out;
}

Chapters load_chapters(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return Chapters{};
    }
    std::ostringstream text;
    text << in.rdbuf();
    return Chapters(parse_chapters(text.str(), path.string()));
}

void save_chapters(const std::filesystem::path& path, const Chapters& chapters) {
    std::filesystem::path temp = path;
    temp += ".tmp";
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (!out) {
            throw InputError(temp.string() + ": cannot write the bookmarks (is the directory writable?)");
        }
        out << format_chapters(chapters.items());
        if (!out.flush()) {
            throw InputError(temp.string() + ": writing the bookmarks failed");
        }
    }
    std::error_code error;
    std::filesystem::rename(temp, path, error);
    if (error) {
        std::filesystem::remove(temp, error);
        throw InputError(path.string() + ": cannot save the bookmarks: " + error.message());
    }
}

} // namespace innosim::viz

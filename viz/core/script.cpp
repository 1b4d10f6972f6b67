#include "viz/core/script.hpp"

#include "sim/input_error.hpp"

#include <algorithm>
#include <charconv>
#include <sstream>

namespace innosim::viz {

const std::vector<std::string_view>& script_key_names() {
    static const std::vector<std::string_view> kNames{"space",  "left",     "right",  "up",    "down", "home", "end",
                                                      "pageup", "pagedown", "escape", "enter", "f11",  "tab"};
    return kNames;
}

const std::vector<std::string_view>& script_conditions() {
    static const std::vector<std::string_view> kNames{"compare", "live", "no-error"};
    return kNames;
}

std::vector<ScriptStep> parse_script(std::string_view text, std::string_view source_name) {
    std::vector<ScriptStep> steps;
    std::istringstream in{std::string(text)};
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        const auto first = line.find_first_not_of(" \t");
        if (first == std::string::npos || line[first] == '#') {
            continue;
        }
        const auto where = std::string(source_name) + ":" + std::to_string(number) + ": ";
        std::istringstream words(line.substr(first));
        std::string verb;
        words >> verb;
        std::string rest;
        std::getline(words, rest);
        rest.erase(0, std::min(rest.size(), rest.find_first_not_of(" \t")));
        ScriptStep step;
        const auto number_in = [&](const std::string& word, float& out) {
            const auto [end, error] = std::from_chars(word.data(), word.data() + word.size(), out);
            return error == std::errc() && end == word.data() + word.size();
        };
        if (verb == "wait") {
            step.kind = StepKind::Wait;
            const auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), step.frames);
            if (error != std::errc() || end != rest.data() + rest.size() || step.frames < 1 || step.frames > 100000) {
                throw InputError(where + "\"wait\" expects a number of frames (1..100000), got \"" + rest + "\"");
            }
        } else if (verb == "key") {
            step.kind = StepKind::Key;
            step.text = rest;
            const auto& names = script_key_names();
            if (std::find(names.begin(), names.end(), rest) == names.end()) {
                throw InputError(where + "unknown key \"" + rest +
                                 "\" (space, left, right, up, down, home, end, "
                                 "pageup, pagedown, escape, enter, f11, tab)");
            }
        } else if (verb == "click" || verb == "move") {
            step.kind = verb == "click" ? StepKind::Click : StepKind::Move;
            std::istringstream xy(rest);
            std::string xs;
            std::string ys;
            std::string extra;
            xy >> xs >> ys >> extra;
            if (!number_in(xs, step.x) || !number_in(ys, step.y) || !extra.empty()) {
                throw InputError(where + "\"" + verb + "\" expects two pixel coordinates X Y, got \"" + rest + "\"");
            }
        } else if (verb == "type") {
            step.kind = StepKind::Type;
            step.text = rest;
        } else if (verb == "shot") {
            step.kind = StepKind::Shot;
            step.text = rest;
            if (rest.empty()) {
                throw InputError(where + "\"shot\" expects a PNG path");
            }
        } else if (verb == "expect") {
            step.kind = StepKind::Expect;
            std::istringstream parts(rest);
            std::string frames;
            std::string extra;
            parts >> step.text >> frames >> extra;
            const auto& names = script_conditions();
            if (std::find(names.begin(), names.end(), step.text) == names.end()) {
                throw InputError(where + "\"expect\" knows compare, live and no-error, got \"" + step.text + "\"");
            }
            step.frames = 1;
            if (!frames.empty()) {
                const auto [end, error] = std::from_chars(frames.data(), frames.data() + frames.size(), step.frames);
                if (error != std::errc() || end != frames.data() + frames.size() || step.frames < 1 ||
                    step.frames > 100000 || !extra.empty()) {
                    throw InputError(where + "\"expect\" takes at most a number of frames (1..100000), got \"" + rest +
                                     "\"");
                }
            }
        } else {
            throw InputError(where + "expected wait, key, click, move, type, shot or expect, found \"" + verb + "\"");
        }
        step.line = number;
        steps.push_back(std::move(step));
    }
    return steps;
}

} // namespace innosim::viz

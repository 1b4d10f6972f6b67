#pragma once

// Scripted input for headless tests of the interactive viewer: a text file of steps that main
// turns into the same window events a person would cause.
//
//   # comments
//   wait 5              render 5 frames (1/30 s each)
//   key space           press and release a key: space left right up down home end pageup
//                       pagedown escape enter f11 tab
//   click 640 300       move the mouse there and click the left button
//   move 640 300        move the mouse
//   type 1403/06/31     type text into the focused field
//   shot out.png        save a screenshot of the window now
//   expect compare 300  render frames until the condition holds, at most 300 (default 1); the
//                       script fails (exit 1) if it does not: compare (run B is shown), live
//                       (connected to a server), no-error (no error message is up)

#include <string>
#include <string_view>
#include <vector>

namespace innosim::viz {

enum class StepKind { Wait, Key, Click, Move, Type, Shot, Expect };

struct ScriptStep {
    StepKind kind = StepKind::Wait;
    int frames = 0;   ///< Wait: frames to render; Expect: most frames to wait for the condition
    std::string text; ///< Key: key name; Type: text; Shot: path; Expect: the condition
    float x = 0;      ///< px (Click, Move)
    float y = 0;      ///< px
    int line = 0;     ///< in the script, for messages
};

/// Key names the script accepts, in the order of the comment above.
const std::vector<std::string_view>& script_key_names();
/// Conditions `expect` accepts.
const std::vector<std::string_view>& script_conditions();
/// Throws innosim::InputError naming `source_name:line` and what was expected.
std::vector<ScriptStep> parse_script(std::string_view text, std::string_view source_name);

} // namespace innosim::viz

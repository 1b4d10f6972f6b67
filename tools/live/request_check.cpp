#include "tools/live/request_check.hpp"

#include <cmath>
#include <sstream>

namespace innosim::live {

namespace {

using Problem = std::optional<std::string>;

std::string number(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

/// 0 (the default) and negatives (as fast as possible) pass; positives must lie in range.
Problem speed_problem(std::string_view field, double speed) {
    if (!std::isfinite(speed)) {
        return std::string(field) + ": " + number(speed) + " is not a speed (sim days per second)";
    }
    if (speed > 0 && (speed < kMinSpeed || speed > kMaxSpeed)) {
        return std::string(field) + ": " + number(speed) + " sim days per second is out of range [" +
               number(kMinSpeed) + ", " + number(kMaxSpeed) + "] (0: the default, < 0: as fast as possible)";
    }
    return std::nullopt;
}

Problem text_problem(std::string_view field, const std::string& text) {
    if (text.size() > kMaxRequestText) {
        return std::string(field) + ": " + std::to_string(text.size()) + " bytes, at most " +
               std::to_string(kMaxRequestText);
    }
    return std::nullopt;
}

Problem levers_problem(std::string_view field, const google::protobuf::RepeatedPtrField<std::string>& levers) {
    if (levers.size() > kMaxRequestLevers) {
        return std::string(field) + ": " + std::to_string(levers.size()) + " levers, at most " +
               std::to_string(kMaxRequestLevers);
    }
    for (int i = 0; i < levers.size(); ++i) {
        if (Problem p = text_problem(std::string(field) + "[" + std::to_string(i) + "]", levers.Get(i))) {
            return p;
        }
    }
    return std::nullopt;
}

Problem hello_problem(const Hello& hello) {
    for (const auto& [field, text] :
         {std::pair{"Hello.token", &hello.token()}, std::pair{"Hello.client_name", &hello.client_name()},
          std::pair{"Hello.server_id", &hello.server_id()}}) {
        if (Problem p = text_problem(field, *text)) {
            return p;
        }
    }
    return std::nullopt;
}

Problem start_problem(const Start& start) {
    if (Problem p = text_problem("Start.name", start.name())) {
        return p;
    }
    if (Problem p = levers_problem("Start.overrides", start.overrides())) {
        return p;
    }
    return speed_problem("Start.speed", start.speed());
}

Problem fork_problem(const Fork& fork) {
    if (Problem p = text_problem("Fork.at", fork.at())) {
        return p;
    }
    if (fork.at().empty() && fork.at_time() < 0) {
        return "Fork.at_time: " + std::to_string(fork.at_time()) + " ticks is before the run's start";
    }
    if (Problem p = levers_problem("Fork.overrides", fork.overrides())) {
        return p;
    }
    return speed_problem("Fork.speed", fork.speed());
}

} // namespace

std::optional<std::string> request_problem(const ClientMessage& message) {
    switch (message.body_case()) {
    case ClientMessage::kHello:
        return hello_problem(message.hello());
    case ClientMessage::kStart:
        return start_problem(message.start());
    case ClientMessage::kSetSpeed:
        return speed_problem("SetSpeed.days_per_second", message.set_speed().days_per_second());
    case ClientMessage::kFork:
        return fork_problem(message.fork());
    case ClientMessage::kPause:
    case ClientMessage::kResume:
    case ClientMessage::kSubscribe:
    case ClientMessage::kUnsubscribe:
    case ClientMessage::BODY_NOT_SET:
        return std::nullopt; // run ids are looked up, frame counts clamped: any value is safe
    }
    return std::nullopt;
}

std::optional<std::string> fork_time_problem(const Fork& fork, sim::Ticks parent_end) {
    if (!fork.at().empty()) {
        return std::nullopt; // a date: parsed and checked against the run by the fork itself
    }
    if (fork.at_time() < 0 || fork.at_time() > parent_end) {
        return "Fork.at_time: " + std::to_string(fork.at_time()) + " ticks is outside the run (0 .. " +
               std::to_string(parent_end) + ")";
    }
    return std::nullopt;
}

std::string printable(std::string_view text, std::size_t max_bytes) {
    std::string out;
    for (const char c : text.substr(0, max_bytes)) {
        const auto byte = static_cast<unsigned char>(c);
        out += byte < 0x20 || byte == 0x7f ? '?' : c;
    }
    if (text.size() > max_bytes) {
        out += "...";
    }
    return out;
}

} // namespace innosim::live

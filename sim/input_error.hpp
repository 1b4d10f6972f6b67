#pragma once

#include <stdexcept>
#include <string>

namespace innosim {

/// Bad input from outside the program (a scenario, a run file, a CLI argument, a network frame).
/// The message names what is wrong and where; the CLI turns it into exit code 2.
class InputError : public std::runtime_error {
public:
    explicit InputError(const std::string& message) : std::runtime_error(message) {}
};

} // namespace innosim

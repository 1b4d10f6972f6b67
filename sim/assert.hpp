#pragma once

// INNOSIM_ASSERT: internal invariants (bugs in our code or in the model's use of the engine), never
// user input (that is innosim::InputError). Always on, also in Release: every check guards a cheap
// comparison, and a silent wrong answer costs more than the branch.
//
// The failure handler is replaceable so that tests can turn a failed assert into an exception and
// check that a misuse is caught. The default prints the failure and aborts.

#include <atomic>
#include <cstdio>
#include <cstdlib>

namespace innosim {

/// Called on a failed INNOSIM_ASSERT. It may throw (tests) or terminate; if it returns, execution
/// continues after the failed check, which is only safe for handlers that record and then throw.
using AssertHandler = void (*)(const char* expression, const char* message, const char* file, int line);

/// Prints the failed check to stderr and aborts.
[[noreturn]] inline void default_assert_handler(const char* expression, const char* message, const char* file,
                                                int line) {
    std::fprintf(stderr, "%s:%d: innosim assertion failed: %s (%s)\n", file, line, message, expression);
    std::abort();
}

namespace detail {
// The one process-wide hook (like Box2D's b2SetAssertFcn): asserts fire from code that has no
// context object to carry a handler, so it cannot be threaded through.
inline std::atomic<AssertHandler>& assert_handler_slot() {
    static std::atomic<AssertHandler> handler{&default_assert_handler};
    return handler;
}
} // namespace detail

/// Installs `handler` (nullptr restores the default) and returns the previous one.
inline AssertHandler set_assert_handler(AssertHandler handler) {
    return detail::assert_handler_slot().exchange(handler != nullptr ? handler : &default_assert_handler);
}

/// Out of line of the hot path: the caller only pays for the branch.
[[gnu::cold, gnu::noinline]] inline void assert_failed(const char* expression, const char* message, const char* file,
                                                       int line) {
    detail::assert_handler_slot().load()(expression, message, file, line);
}

} // namespace innosim

/// Checks an internal invariant; `message` (a string literal) says what was expected.
#define INNOSIM_ASSERT(condition, message)                                                                             \
    do {                                                                                                               \
        if (!(condition)) [[unlikely]] {                                                                               \
            ::innosim::assert_failed(#condition, message, __FILE__, __LINE__);                                         \
        }                                                                                                              \
    } while (false)

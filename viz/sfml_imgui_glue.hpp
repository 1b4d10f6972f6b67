#pragma once

// SFML -> Dear ImGui 1.86 platform glue (the old input API: io.KeyMap / io.KeysDown). The
// OpenGL3 renderer backend draws; this file only feeds ImGui's IO from SFML's window and events.

#include <SFML/Window/Event.hpp>
#include <SFML/Window/Window.hpp>

namespace innosim::viz::glue {

/// Creates the ImGui context, maps keys and initializes the OpenGL3 backend for `window`'s context.
void init(sf::Window& window);
/// Feeds one SFML event to ImGui.
void process_event(const sf::Event& event);
/// Starts an ImGui frame: display size from the window, `delta_seconds` (> 0) as the frame time.
void new_frame(const sf::Window& window, float delta_seconds);
/// Renders the frame's draw data with the OpenGL3 backend.
void render();
void shutdown();

} // namespace innosim::viz::glue

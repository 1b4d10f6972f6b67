#pragma once

// Sizes in units of the window: the interface grows with the window, so text is the same share of
// the screen at 1024x768 and at 1920x1080 (a projector's back row reads the same), and the user
// scale (Ctrl +/-) nudges it from there.

namespace innosim::viz {

/// The reference window the interface is designed at (px): its scale is 1.
inline constexpr float kReferenceWidth = 1100.0f;
inline constexpr float kReferenceHeight = 800.0f;

/// The scale a window of `width` x `height` px gets: its height over 800 px, narrowed for a window
/// less than 1100 px wide per 800 tall, within 0.9..4 (smaller than 0.9 is illegible on a
/// projector), in steps of 0.05 so that resizing rebuilds the fonts a few times, not every pixel.
float window_scale(float width, float height);

} // namespace innosim::viz

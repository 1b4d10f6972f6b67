#include "viz/core/screen.hpp"

#include <algorithm>
#include <cmath>

namespace innosim::viz {

float window_scale(float width, float height) {
    if (!(width > 0) || !(height > 0)) {
        return 1.0f;
    }
    const float raw = std::min(height / kReferenceHeight, width / kReferenceWidth);
    const float stepped = std::round(raw * 20.0f) / 20.0f;
    return std::clamp(stepped, 0.9f, 4.0f);
}

} // namespace innosim::viz

#include "agents/params.hpp"

#include <algorithm>

namespace innosim::agents {

double DatedSeries::at(sim::Ticks t) const {
    if (values.empty()) {
        return 0.0;
    }
    // The last change at or before t; before the first change the first value holds.
    const auto after = std::upper_bound(from.begin(), from.end(), t);
    const auto index = after == from.begin() ? 0 : static_cast<std::size_t>(after - from.begin()) - 1;
    return values[index];
}

} // namespace innosim::agents

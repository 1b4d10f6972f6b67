#include "agents/weighted_picker.hpp"

#include <algorithm>

namespace innosim::agents {

void WeightedPicker::resize(std::size_t n) {
    // Growing keeps existing weights: new entries start at weight 0, which leaves the sums intact.
    // The tree is laid out for a capacity that doubles, so one founding at a time costs O(1)
    // amortised instead of a rebuild each.
    weights_.resize(n, 0.0);
    if (n + 1 <= tree_.size()) {
        return;
    }
    const std::size_t capacity =
        std::max<std::size_t>(2 * (tree_.size() > 0 ? tree_.size() - 1 : 0), std::max<std::size_t>(n, 64));
    tree_.assign(capacity + 1, 0.0);
    total_ = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double w = weights_[i];
        if (w == 0) {
            continue;
        }
        for (std::size_t k = i + 1; k < tree_.size(); k += k & (~k + 1)) {
            tree_[k] += w;
        }
        total_ += w;
    }
}

void WeightedPicker::set(std::size_t index, double weight) {
    const double delta = weight - weights_[index];
    if (delta == 0) {
        return;
    }
    weights_[index] = weight;
    total_ += delta;
    for (std::size_t k = index + 1; k < tree_.size(); k += k & (~k + 1)) {
        tree_[k] += delta;
    }
}

std::size_t WeightedPicker::pick(double u) const {
    double target = u * total_;
    std::size_t position = 0;
    std::size_t step = 1;
    while (step * 2 < tree_.size()) {
        step *= 2;
    }
    for (; step > 0; step /= 2) {
        const std::size_t next = position + step;
        if (next < tree_.size() && tree_[next] <= target) {
            position = next;
            target -= tree_[next];
        }
    }
    // Rounding can land on a zero-weight entry at the end of a run of zeros: step to a live one.
    std::size_t index = std::min(position, weights_.size() - 1);
    while (weights_[index] <= 0 && index + 1 < weights_.size()) {
        ++index;
    }
    while (weights_[index] <= 0 && index > 0) {
        --index;
    }
    return index;
}

} // namespace innosim::agents

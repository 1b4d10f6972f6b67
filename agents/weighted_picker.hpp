#pragma once

#include <cstddef>
#include <vector>

namespace innosim::agents {

/// Picks an index with probability proportional to its weight, in O(log n) for both a weight
/// change and a pick (a Fenwick tree of partial sums). Preferential attachment over 100k firms
/// needs this: a linear scan per customer would make the market quadratic.
class WeightedPicker {
public:
    void resize(std::size_t n);
    std::size_t size() const { return weights_.size(); }
    void set(std::size_t index, double weight);
    double weight(std::size_t index) const { return weights_[index]; }
    double total() const { return total_; }
    /// The index whose cumulative weight interval holds `u * total()`, for u in [0, 1).
    /// Requires total() > 0.
    std::size_t pick(double u) const;

private:
    std::vector<double> weights_;
    std::vector<double> tree_; ///< 1-based Fenwick tree
    double total_ = 0;
};

} // namespace innosim::agents

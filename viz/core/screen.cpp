#include "viz/core/screen.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace innosim::viz {

float window_scale(float width, float height) {
    if (!(width > 0) || !(height > 0)) {
        return 1.0f;
    }
    const float raw = std::min(height / kReferenceHeight, width / kReferenceWidth);
    const float stepped = std::round(raw * 20.0f) / 20.0f;
    return std::clamp(stepped, 0.9f, 4.0f);
}

namespace {

/// How far `box` reaches out of `bounds` (0 inside).
float outside_by(const RectF& box, const RectF& bounds) {
    return std::max(
        {bounds.x - box.x, box.right() - bounds.right(), bounds.y - box.y, box.bottom() - bounds.bottom(), 0.0f});
}

/// The smaller side of the intersection of a and b (0 when they do not meet).
float overlap_by(const RectF& a, const RectF& b) {
    const float w = std::min(a.right(), b.right()) - std::max(a.x, b.x);
    const float h = std::min(a.bottom(), b.bottom()) - std::max(a.y, b.y);
    return w > 0 && h > 0 ? std::min(w, h) : 0.0f;
}

std::string rect_text(const RectF& r) {
    char buffer[96];
    std::snprintf(buffer, sizeof buffer, "[%.0f,%.0f %.0fx%.0f]", r.x, r.y, r.w, r.h);
    return buffer;
}

} // namespace

std::vector<LayoutProblem> layout_problems(const std::vector<LabelBox>& labels, float tolerance) {
    std::vector<LayoutProblem> out;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const LabelBox& l = labels[i];
        if (l.text.empty()) {
            continue;
        }
        if (const float by = outside_by(l.box, l.bounds); by > tolerance) {
            out.push_back({LayoutProblem::Kind::Outside, i, i, by});
        }
        for (std::size_t j = 0; j < i; ++j) {
            if (labels[j].text.empty()) {
                continue;
            }
            if (const float by = overlap_by(l.box, labels[j].box); by > tolerance) {
                out.push_back({LayoutProblem::Kind::Overlap, i, j, by});
            }
        }
    }
    return out;
}

std::string describe(const LayoutProblem& problem, const std::vector<LabelBox>& labels) {
    const LabelBox& l = labels[problem.label];
    std::string out = l.area + ": '" + l.text + "' " + rect_text(l.box);
    char by[32];
    std::snprintf(by, sizeof by, "%.0f px", problem.by);
    if (problem.kind == LayoutProblem::Kind::Outside) {
        return out + " leaves its area " + rect_text(l.bounds) + " by " + by;
    }
    const LabelBox& o = labels[problem.other];
    return out + " overlaps " + o.area + ": '" + o.text + "' " + rect_text(o.box) + " by " + by;
}

} // namespace innosim::viz

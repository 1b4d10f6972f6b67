#pragma once

// The replay cursor (where in sim time the viewer is, and how it moves) and the frame it shows:
// every startup at that instant, interpolated between the snapshots around it.

#include "viz/core/kpis.hpp"
#include "viz/core/run_model.hpp"

#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

namespace innosim::viz {

// [SECTION] Cursor

/// A playback speed offered on the timeline.
struct Speed {
    double days_per_second; ///< simulated days per real second
    std::string_view label;
};
inline constexpr std::array<Speed, 6> kSpeeds{{{1.0, "1 day/s"},
                                               {7.0, "1 week/s"},
                                               {sim::kDaysPerMonth, "1 month/s"},
                                               {3 * sim::kDaysPerMonth, "1 quarter/s"},
                                               {6 * sim::kDaysPerMonth, "6 months/s"},
                                               {sim::kDaysPerYear, "1 year/s"}}};

/// Where the replay is and how it moves. Plain state: play/pause, speed, seek, step by calendar
/// month; advance() is driven by the frame loop with wall-clock or fixed (export) seconds.
class ReplayCursor {
public:
    ReplayCursor() = default;
    /// The cursor stays within [begin, end] (ticks).
    ReplayCursor(Ticks begin, Ticks end);

    Ticks time() const { return time_; } ///< ticks
    Ticks begin() const { return begin_; }
    Ticks end() const { return end_; }
    bool playing() const { return playing_; }
    std::size_t speed_index() const { return speed_; }
    double days_per_second() const { return kSpeeds[speed_].days_per_second; }

    void seek(Ticks t);
    /// New bounds (a live run grew, a branch arrived): keeps the time (clamped into them), the
    /// speed and whether it plays.
    void set_span(Ticks begin, Ticks end);
    void play();
    void pause() { playing_ = false; }
    void toggle_play();
    void set_speed_index(std::size_t index);
    void faster();
    void slower();
    /// Moves forward by `seconds` of real time at the current speed while playing; pauses at the end.
    void advance(double seconds);
    /// To the first instant of the next calendar month (direction > 0) or to the start of the
    /// current month, or the previous one when already there (direction < 0).
    void step_month(const sim::Calendar& calendar, int direction);
    void home() { seek(begin_); }
    void to_end() { seek(end_); }

private:
    Ticks begin_ = 0;
    Ticks end_ = 0;
    Ticks time_ = 0;
    double carry_ = 0; // ticks: sub-tick remainder of advance(), so slow speeds still move
    std::size_t speed_ = 2;
    bool playing_ = false;
};

// [SECTION] Frame

/// A startup as drawn at one instant.
struct StartupFrame {
    std::uint32_t id = 0;
    run::Stage stage = run::IDEA;
    float x = 0;          ///< map position 0..1
    float y = 0;          ///< map position 0..1
    float employees = 0;  ///< people, interpolated
    double cash_rial = 0; ///< Rial, interpolated
    float fade = 1;       ///< 1 = fully visible; failed firms fade to 0 over FrameOptions::fade_days
    std::uint32_t district = 0;
    scenario::ProblemCategory category = scenario::PROBLEM_CATEGORY_UNSPECIFIED;
    bool in_factory = false;
    bool knowledge_based = false;
    std::uint32_t row = 0; ///< index of this firm's row in ReplayFrame::rows (its last snapshot state)
};

struct FrameOptions {
    double fade_days = 120; ///< days over which a failed firm fades out
};

/// Everything the map and read-outs show at one instant.
struct ReplayFrame {
    Ticks time = 0;                          ///< ticks
    std::size_t snapshot = 0;                ///< index of the snapshot at or before `time` (0 before the first)
    std::size_t next = 0;                    ///< index of the snapshot after it (== snapshot at the end)
    double fraction = 0;                     ///< 0 at `snapshot` .. 1 at `next`
    KpiValues kpis{};                        ///< interpolated
    std::vector<StartupFrame> startups;      ///< founded by `time` and not yet faded out, sorted by id
    std::shared_ptr<const StartupRows> rows; ///< the state each startup's `row` points into
};

/// What every frame between two snapshots shares, gathered once per pair of snapshots: each
/// firm's two end states and the stage changes it makes in between, in one contiguous array, less
/// the failed firms that have faded out before the pair begins (a city's snapshots keep its dead).
/// Building a frame from it reads memory in order; without it each firm costs a look-up of its
/// facts and its stage history (three cache misses: ~25 ms a frame at 100k firms).
struct FrameSegment {
    struct Firm {
        std::uint32_t id = 0;
        std::uint32_t row = 0; ///< index into the later snapshot's rows
        std::uint32_t district = 0;
        std::uint32_t changes = 0; ///< first of this firm's entries in `changes`
        std::uint32_t change_count = 0;
        float x0 = 0, y0 = 0, x1 = 0, y1 = 0; ///< map position 0..1 at the two snapshots
        float employees0 = 0;                 ///< people at the earlier snapshot
        float employees1 = 0;                 ///< people at the later one
        double cash0 = 0;                     ///< Rial
        double cash1 = 0;                     ///< Rial
        Ticks founded = 0;                    ///< ticks
        Ticks failed_at = 0;                  ///< ticks: when a FAILED stage starts fading
        run::Stage stage = run::IDEA;         ///< the stage before the changes
        scenario::ProblemCategory category = scenario::PROBLEM_CATEGORY_UNSPECIFIED;
        bool known_before = false;
        bool in_factory = false;
        bool knowledge_based = false;
    };
    const RunModel* model = nullptr;
    std::uint64_t revision = 0;
    double fade_days = 0;
    std::shared_ptr<const StartupRows> before;
    std::shared_ptr<const StartupRows> after;
    std::vector<Firm> firms;
    std::vector<std::pair<Ticks, run::Stage>> changes; ///< ticks, new stage
};

/// Builds the frame at `t` from the snapshots around it. Firms founded after t are left out; a
/// stage changes at the time its event says (or at the next snapshot when no event recorded it).
ReplayFrame build_frame(const RunModel& model, Ticks t, const FrameOptions& options = {});
/// The same into an existing frame, reusing its memory and `segment` (rebuilt only when the pair of
/// snapshots around t or the model changes): the viewer builds one every frame.
void build_frame_into(const RunModel& model, Ticks t, ReplayFrame& frame, FrameSegment& segment,
                      const FrameOptions& options = {});

/// KPIs at t, interpolated between the snapshots around it (held flat outside them).
KpiValues kpis_at(const RunModel& model, Ticks t);

} // namespace innosim::viz

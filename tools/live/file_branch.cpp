#include "tools/live/file_branch.hpp"

#include "agents/checkpoint.hpp"
#include "agents/recorder.hpp"
#include "sim/input_error.hpp"
#include "sim/io/run_file.hpp"

namespace innosim::live {

BranchResult branch_run_file(const BranchOptions& options) {
    const io::RunFileReader reader = io::RunFileReader::open(options.parent);
    std::error_code same_error;
    if (std::filesystem::equivalent(options.parent, options.out, same_error)) {
        throw InputError("--out " + options.out.string() + " is the run being continued: choose another file");
    }
    const run::RunHeader& parent = reader.header();
    BranchResult out;
    const agents::LoadedScenario parent_scenario = agents::scenario_from_header(parent);
    out.at = agents::run_time_of(parent_scenario, options.at, "--at");
    out.scenario =
        options.fork ? agents::fork_scenario(parent_scenario, options.at, options.overrides) : parent_scenario;

    // A resume may start from a checkpoint taken on `at` itself (the run is the same either way); a
    // fork needs one strictly before, so that its levers are in force from `at`'s first instant.
    const std::optional<std::size_t> index = reader.checkpoint_index_at_or_before(options.fork ? out.at - 1 : out.at);
    std::optional<run::Checkpoint> checkpoint;
    std::uint64_t offset = 0;
    if (index) {
        checkpoint = reader.checkpoint(*index);
        offset = reader.footer().checkpoints(static_cast<int>(*index)).offset();
        out.checkpoint = checkpoint->time();
    }
    const agents::ResumeFrom from{.checkpoint = checkpoint ? &*checkpoint : nullptr,
                                  .write_prefix = [&](agents::FrameSink& sink) {
                                      if (!checkpoint) {
                                          return;
                                      }
                                      reader.for_each_frame_through(offset, [&](const run::Frame& frame) {
                                          sink.write_frame(frame);
                                          out.inherited_frames += frame.has_checkpoint() ? 0 : 1;
                                      });
                                  }};
    int every = options.checkpoint_every_months;
    if (every < 0) {
        every = reader.checkpoint_count() > 0 ? static_cast<int>(reader.checkpoint(0).every_months()) : 0;
    }
    const sim::Ticks at = out.at;
    out.result = agents::run_scenario(out.scenario,
                                      {.seed = parent.seed(),
                                       .replication = parent.replication(),
                                       .out = options.out,
                                       .checkpoint_every_months = every,
                                       .resume = &from,
                                       .edit_header =
                                           [&](run::RunHeader& header) {
                                               if (options.fork) {
                                                   agents::mark_fork(header, parent, at, options.overrides);
                                               } else {
                                                   // The same run: it keeps whatever parent it had itself.
                                                   header.set_parent_scenario_sha256(parent.parent_scenario_sha256());
                                                   header.set_fork_time(parent.fork_time());
                                                   *header.mutable_overrides() = parent.overrides();
                                               }
                                           },
                                       .edit_footer =
                                           [&](run::Footer& footer) {
                                               if (options.fork) {
                                                   if (options.edit_footer) {
                                                       options.edit_footer(footer);
                                                   }
                                               } else if (reader.footer().has_ensemble()) {
                                                   // The same run, still one of the same futures.
                                                   *footer.mutable_ensemble() = reader.footer().ensemble();
                                               }
                                           }});
    return out;
}

} // namespace innosim::live

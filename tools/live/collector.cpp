#include "tools/live/collector.hpp"

#include "sim/io/run_file.hpp"

#include <stdexcept>

namespace innosim::live {

void RunCollector::changed(std::unique_lock<std::mutex>& lock) {
    ++version_;
    lock.unlock();
    cv_.notify_all();
}

ClientCallbacks RunCollector::callbacks(ClientCallbacks chained) {
    ClientCallbacks out;
    out.on_welcome = [this, next = chained.on_welcome](const Welcome& welcome) {
        {
            std::unique_lock lock(mutex_);
            ++welcomes_;
            if (welcome.server_id() != server_id_) {
                // Another server (a restart): its run ids name new runs, the old ones are gone.
                runs_.clear();
                requests_.clear();
                server_id_ = welcome.server_id();
            }
            for (const RunInfo& info : welcome.runs()) {
                runs_[info.run_id()].info = info;
            }
            changed(lock);
        }
        if (next) {
            next(welcome);
        }
    };
    out.on_run = [this, next = chained.on_run](const RunInfo& info, std::uint64_t request_id) {
        {
            std::unique_lock lock(mutex_);
            runs_[info.run_id()].info = info;
            if (request_id != 0) {
                requests_[request_id] = info.run_id();
            }
            changed(lock);
        }
        if (next) {
            next(info, request_id);
        }
    };
    out.on_header = [this, next = chained.on_header](std::uint32_t run_id, const run::RunHeader& header) {
        {
            std::unique_lock lock(mutex_);
            runs_[run_id].header = header;
            changed(lock);
        }
        if (next) {
            next(run_id, header);
        }
    };
    out.on_frame = [this, next = chained.on_frame](std::uint32_t run_id, std::uint64_t index, const run::Frame& frame) {
        {
            std::unique_lock lock(mutex_);
            runs_[run_id].frames.push_back(frame);
            changed(lock);
        }
        if (next) {
            next(run_id, index, frame);
        }
    };
    out.on_end = [this, next = chained.on_end](std::uint32_t run_id, const run::Footer& footer) {
        {
            std::unique_lock lock(mutex_);
            runs_[run_id].footer = footer;
            changed(lock);
        }
        if (next) {
            next(run_id, footer);
        }
    };
    out.on_error = [this, next = chained.on_error](std::uint64_t request_id, const std::string& message) {
        {
            std::unique_lock lock(mutex_);
            errors_.push_back(message);
            changed(lock);
        }
        if (next) {
            next(request_id, message);
        }
    };
    out.on_disconnect = [this, next = chained.on_disconnect](const std::string& reason, bool reconnecting) {
        {
            std::unique_lock lock(mutex_);
            disconnects_.push_back(reason);
            changed(lock);
        }
        if (next) {
            next(reason, reconnecting);
        }
    };
    return out;
}

std::vector<std::uint32_t> RunCollector::run_ids() const {
    const std::lock_guard lock(mutex_);
    std::vector<std::uint32_t> ids;
    for (const auto& [id, run] : runs_) {
        ids.push_back(id);
    }
    return ids;
}

std::optional<RunCollector::Run> RunCollector::run(std::uint32_t run_id) const {
    const std::lock_guard lock(mutex_);
    const auto it = runs_.find(run_id);
    return it == runs_.end() ? std::nullopt : std::optional<Run>(it->second);
}

std::optional<RunInfo> RunCollector::info(std::uint32_t run_id) const {
    const std::lock_guard lock(mutex_);
    const auto it = runs_.find(run_id);
    return it == runs_.end() ? std::nullopt : std::optional<RunInfo>(it->second.info);
}

std::size_t RunCollector::frame_count(std::uint32_t run_id) const {
    const std::lock_guard lock(mutex_);
    const auto it = runs_.find(run_id);
    return it == runs_.end() ? 0 : it->second.frames.size();
}

std::vector<run::Frame> RunCollector::frames_since(std::uint32_t run_id, std::size_t from) const {
    const std::lock_guard lock(mutex_);
    const auto it = runs_.find(run_id);
    if (it == runs_.end() || from >= it->second.frames.size()) {
        return {};
    }
    return {it->second.frames.begin() + static_cast<std::ptrdiff_t>(from), it->second.frames.end()};
}

bool RunCollector::ended(std::uint32_t run_id) const {
    const std::lock_guard lock(mutex_);
    const auto it = runs_.find(run_id);
    return it != runs_.end() && it->second.footer.has_value();
}

std::vector<std::string> RunCollector::errors() const {
    const std::lock_guard lock(mutex_);
    return errors_;
}

std::vector<std::string> RunCollector::disconnects() const {
    const std::lock_guard lock(mutex_);
    return disconnects_;
}

std::uint64_t RunCollector::welcomes() const {
    const std::lock_guard lock(mutex_);
    return welcomes_;
}

std::optional<std::uint32_t> RunCollector::run_of_request(std::uint64_t request_id) const {
    const std::lock_guard lock(mutex_);
    const auto it = requests_.find(request_id);
    return it == requests_.end() ? std::nullopt : std::optional<std::uint32_t>(it->second);
}

std::uint64_t RunCollector::version() const {
    const std::lock_guard lock(mutex_);
    return version_;
}

bool RunCollector::wait(const std::function<bool(const RunCollector&)>& done, std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        std::uint64_t seen = 0;
        {
            const std::lock_guard lock(mutex_);
            seen = version_;
        }
        if (done(*this)) {
            return true;
        }
        std::unique_lock lock(mutex_);
        if (!cv_.wait_until(lock, deadline, [&] { return version_ != seen; })) {
            lock.unlock();
            return done(*this);
        }
    }
}

void RunCollector::write_run_file(std::uint32_t run_id, const std::filesystem::path& path) const {
    const std::optional<Run> collected = run(run_id);
    if (!collected || !collected->header || !collected->footer) {
        throw std::logic_error("run " + std::to_string(run_id) + " has not ended: no run file to write");
    }
    io::RunFileWriter writer(path);
    writer.write_header(*collected->header);
    for (const run::Frame& frame : collected->frames) {
        writer.write_frame(frame);
    }
    writer.finish(*collected->footer);
}

} // namespace innosim::live

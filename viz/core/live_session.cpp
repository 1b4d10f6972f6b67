#include "viz/core/live_session.hpp"

#include "sim/input_error.hpp"
#include "tools/live/client.hpp"

#include <algorithm>
#include <charconv>

namespace innosim::viz {

LiveAddress parse_live_address(const std::string& text) {
    const auto bad = [&text] {
        return InputError("--connect " + text +
                          ": expected HOST:PORT (e.g. 127.0.0.1:" + std::to_string(live::kDefaultPort) + ")");
    };
    LiveAddress out;
    std::string port;
    if (text.starts_with('[')) {
        const auto close = text.find(']');
        if (close == std::string::npos) {
            throw bad();
        }
        out.host = text.substr(1, close - 1);
        if (close + 1 < text.size()) {
            if (text[close + 1] != ':') {
                throw bad();
            }
            port = text.substr(close + 2);
        }
    } else {
        const auto colon = text.rfind(':');
        out.host = text.substr(0, colon);
        if (colon != std::string::npos) {
            port = text.substr(colon + 1);
        }
    }
    if (out.host.empty()) {
        throw bad();
    }
    if (port.empty()) {
        out.port = live::kDefaultPort;
        return out;
    }
    unsigned value = 0;
    const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (error != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) {
        throw bad();
    }
    out.port = static_cast<std::uint16_t>(value);
    return out;
}

std::vector<std::pair<std::size_t, int>> run_tree(const std::vector<LiveRunRow>& rows) {
    std::map<std::uint32_t, std::size_t> by_id;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        by_id[rows[i].id] = i;
    }
    std::map<std::uint32_t, std::vector<std::uint32_t>> children; // by id, so in id order
    std::vector<std::uint32_t> roots;
    for (const auto& [id, i] : by_id) {
        const std::uint32_t parent = rows[i].info.parent_run_id();
        if (parent != 0 && parent != id && by_id.contains(parent)) {
            children[parent].push_back(id);
        } else {
            roots.push_back(id);
        }
    }
    std::vector<std::pair<std::size_t, int>> out;
    // Iterative depth-first walk: a chain of forks of forks cannot overflow the stack.
    std::vector<std::pair<std::uint32_t, int>> stack;
    for (auto it = roots.rbegin(); it != roots.rend(); ++it) {
        stack.emplace_back(*it, 0);
    }
    while (!stack.empty()) {
        const auto [id, depth] = stack.back();
        stack.pop_back();
        out.emplace_back(by_id[id], depth);
        const auto kids = children.find(id);
        if (kids != children.end()) {
            for (auto it = kids->second.rbegin(); it != kids->second.rend(); ++it) {
                stack.emplace_back(*it, depth + 1);
            }
        }
    }
    return out;
}

LiveSession::LiveSession(Options options) : options_(std::move(options)) {
    status_.since = std::chrono::steady_clock::now();
    live::ClientCallbacks callbacks;
    callbacks.on_welcome = [this](const live::Welcome& welcome) {
        std::unique_lock lock(mutex_);
        if (!server_id_.empty() && welcome.server_id() != server_id_) {
            // Another server (a restart): its runs are new, whatever their ids.
            runs_.clear();
            requests_.clear();
            ++epoch_;
            ++status_.restarts;
        }
        server_id_ = welcome.server_id();
        for (const live::RunInfo& info : welcome.runs()) {
            runs_[info.run_id()].info = info;
        }
        ++status_.welcomes;
        status_.server_version = welcome.server_version();
        set_state(LinkState::Connected, {});
        changed(lock);
    };
    callbacks.on_run = [this](const live::RunInfo& info, std::uint64_t request_id) {
        std::unique_lock lock(mutex_);
        runs_[info.run_id()].info = info;
        if (request_id != 0) {
            requests_[request_id] = info.run_id();
        }
        changed(lock);
    };
    callbacks.on_header = [this](std::uint32_t run_id, const run::RunHeader& header) {
        std::unique_lock lock(mutex_);
        runs_[run_id].header = header;
        changed(lock);
    };
    callbacks.on_frame = [this](std::uint32_t run_id, std::uint64_t, const run::Frame& frame) {
        std::string bytes = frame.SerializeAsString(); // outside the lock: the UI may be reading
        Ticks time = -1;
        if (frame.has_snapshot()) {
            time = frame.snapshot().time();
        } else if (frame.has_events() && frame.events().events_size() > 0) {
            time = frame.events().events(frame.events().events_size() - 1).time();
        }
        std::unique_lock lock(mutex_);
        Run& run = runs_[run_id];
        run.frames.push_back(std::move(bytes));
        run.reached = std::max(run.reached, time);
        changed(lock);
    };
    callbacks.on_end = [this](std::uint32_t run_id, const run::Footer& footer) {
        std::unique_lock lock(mutex_);
        runs_[run_id].footer = footer;
        changed(lock);
    };
    callbacks.on_error = [this](std::uint64_t request_id, const std::string& message) {
        std::unique_lock lock(mutex_);
        errors_.push_back({request_id, message});
        changed(lock);
    };
    callbacks.on_disconnect = [this](const std::string& reason, bool reconnecting) {
        std::unique_lock lock(mutex_);
        set_state(reconnecting ? LinkState::Reconnecting : LinkState::Lost, reason);
        changed(lock);
    };
    client_ = std::make_unique<live::LiveClient>(live::ClientOptions{.host = options_.address.host,
                                                                     .port = options_.address.port,
                                                                     .token = options_.token,
                                                                     .client_name = options_.client_name,
                                                                     .reconnect_min = options_.reconnect_min,
                                                                     .reconnect_max = options_.reconnect_max},
                                                 std::move(callbacks));
    client_->connect();
}

LiveSession::~LiveSession() {
    client_->close();
}

void LiveSession::changed(std::unique_lock<std::mutex>& lock) {
    ++version_;
    lock.unlock();
    cv_.notify_all();
}

void LiveSession::set_state(LinkState state, std::string reason) {
    if (state != status_.state) {
        status_.since = std::chrono::steady_clock::now();
    }
    status_.state = state;
    status_.reason = std::move(reason);
}

std::string LiveSession::address() const {
    const std::string& host = options_.address.host;
    const bool v6 = host.find(':') != std::string::npos;
    return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(options_.address.port);
}

LinkStatus LiveSession::status() const {
    const std::lock_guard lock(mutex_);
    return status_;
}

std::uint64_t LiveSession::version() const {
    const std::lock_guard lock(mutex_);
    return version_;
}

std::uint64_t LiveSession::epoch() const {
    const std::lock_guard lock(mutex_);
    return epoch_;
}

LiveRunRow LiveSession::row_of(std::uint32_t id, const Run& run) {
    LiveRunRow row{.id = id,
                   .info = run.info,
                   .has_header = run.header.has_value(),
                   .frames = run.frames.size(),
                   .reached = run.reached,
                   .ended = run.footer.has_value()};
    if (run.header && !run.frames.empty() && !run.header->start_date().empty()) {
        try {
            const sim::Calendar calendar(sim::parse_jalali(run.header->start_date()));
            row.reached_date = sim::format(calendar.date_at(run.reached));
        } catch (const InputError&) {
            // A header without a usable date: the row shows frames instead.
        }
    }
    return row;
}

std::vector<LiveRunRow> LiveSession::runs() const {
    const std::lock_guard lock(mutex_);
    std::vector<LiveRunRow> rows;
    for (const auto& [id, r] : runs_) {
        rows.push_back(row_of(id, r));
    }
    return rows;
}

std::optional<LiveRunRow> LiveSession::run(std::uint32_t id) const {
    const std::lock_guard lock(mutex_);
    const auto it = runs_.find(id);
    if (it == runs_.end()) {
        return std::nullopt;
    }
    return row_of(id, it->second);
}

std::optional<RunModel> LiveSession::model(std::uint32_t id) const {
    std::optional<run::RunHeader> header;
    {
        const std::lock_guard lock(mutex_);
        const auto it = runs_.find(id);
        if (it == runs_.end() || !it->second.header) {
            return std::nullopt;
        }
        header = it->second.header;
    }
    RunModel model = RunModel::stream(*header, "run " + std::to_string(id));
    feed(id, model);
    return model;
}

std::size_t LiveSession::feed(std::uint32_t id, RunModel& model) const {
    std::vector<std::string> fresh;
    std::optional<run::Footer> footer;
    {
        // Copy the bytes out and parse outside the lock: the network thread never waits for a
        // snapshot being decoded.
        const std::lock_guard lock(mutex_);
        const auto it = runs_.find(id);
        if (it == runs_.end()) {
            return 0;
        }
        const std::vector<std::string>& frames = it->second.frames;
        if (model.frames_appended() < frames.size()) {
            fresh.assign(frames.begin() + static_cast<std::ptrdiff_t>(model.frames_appended()), frames.end());
        }
        if (it->second.footer && !model.finished()) {
            footer = it->second.footer;
        }
    }
    run::Frame frame;
    for (std::size_t i = 0; i < fresh.size(); ++i) {
        if (!frame.ParseFromString(fresh[i])) {
            throw InputError("run " + std::to_string(id) + ": frame " + std::to_string(model.frames_appended()) +
                             " from the server does not parse");
        }
        model.append(frame);
    }
    if (footer) {
        model.finish(*footer);
    }
    return fresh.size();
}

std::vector<LiveError> LiveSession::take_errors() {
    const std::lock_guard lock(mutex_);
    std::vector<LiveError> out;
    out.swap(errors_);
    return out;
}

std::optional<std::uint32_t> LiveSession::run_of_request(std::uint64_t request_id) const {
    const std::lock_guard lock(mutex_);
    const auto it = requests_.find(request_id);
    return it == requests_.end() ? std::nullopt : std::optional<std::uint32_t>(it->second);
}

std::uint64_t LiveSession::fork(std::uint32_t id, Ticks at, const std::vector<std::string>& overrides) {
    return client_->fork_at_time(id, at, overrides);
}

std::uint64_t LiveSession::pause(std::uint32_t id) {
    return client_->pause(id);
}

std::uint64_t LiveSession::resume(std::uint32_t id) {
    return client_->resume(id);
}

std::uint64_t LiveSession::set_speed(std::uint32_t id, double days_per_second) {
    return client_->set_speed(id, days_per_second);
}

bool LiveSession::wait(const std::function<bool()>& done, std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        std::uint64_t seen = 0;
        {
            const std::lock_guard lock(mutex_);
            seen = version_;
        }
        if (done()) {
            return true;
        }
        std::unique_lock lock(mutex_);
        if (!cv_.wait_until(lock, deadline, [&] { return version_ != seen; })) {
            lock.unlock();
            return done();
        }
    }
}

} // namespace innosim::viz

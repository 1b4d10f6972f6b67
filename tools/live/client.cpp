#include "tools/live/client.hpp"

#include <boost/asio.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <deque>
#include <map>
#include <optional>
#include <thread>

namespace innosim::live {

namespace asio = boost::asio;
using asio::ip::tcp;

class LiveClient::Impl : public std::enable_shared_from_this<LiveClient::Impl> {
public:
    Impl(ClientOptions options, ClientCallbacks callbacks)
        : options_(std::move(options)), callbacks_(std::move(callbacks)), work_(asio::make_work_guard(io_)),
          socket_(io_), resolver_(io_), timer_(io_), reader_(options_.max_record_bytes),
          backoff_(options_.reconnect_min) {}

    void connect() {
        if (thread_.joinable()) {
            return;
        }
        asio::post(io_, [this] { dial(); });
        thread_ = std::thread([this] { io_.run(); });
    }

    void close() {
        if (!thread_.joinable()) {
            return;
        }
        const auto shut = [this] {
            closed_ = true;
            drop_socket();
            timer_.cancel();
            resolver_.cancel();
            work_.reset();
            io_.stop();
        };
        if (std::this_thread::get_id() == thread_.get_id()) {
            shut(); // from a callback: the thread ends when the callback returns; joined later
            return;
        }
        asio::post(io_, shut);
        thread_.join();
    }

    ~Impl() {
        if (thread_.joinable() && std::this_thread::get_id() == thread_.get_id()) {
            thread_.detach(); // destroyed from its own callback: nothing left to wait for
        } else if (thread_.joinable()) {
            close();
        }
    }

    bool connected() const { return connected_; }

    std::uint64_t send(ClientMessage message) {
        if (message.request_id() == 0) {
            message.set_request_id(next_request_++);
        }
        const std::uint64_t id = message.request_id();
        asio::post(io_, [this, message = std::move(message)]() mutable {
            if (message.has_subscribe()) {
                // Resume where we are if we already follow it: nothing twice.
                Followed& followed = follow_[message.subscribe().run_id()];
                if (message.subscribe().from_frame() < followed.frames) {
                    message.mutable_subscribe()->set_from_frame(followed.frames);
                }
            } else if (message.has_unsubscribe()) {
                follow_.erase(message.unsubscribe().run_id());
            }
            pending_.push_back(encode(message));
            if (connected_) {
                flush();
            }
        });
        return id;
    }

private:
    /// What we know of a run we follow: enough to resume it after a reconnect.
    struct Followed {
        bool has_header = false;
        std::uint64_t frames = 0;
    };

    void dial() {
        if (closed_) {
            return;
        }
        resolver_.async_resolve(
            options_.host, std::to_string(options_.port),
            [this](const boost::system::error_code& error, tcp::resolver::results_type results) {
                if (closed_) {
                    return;
                }
                if (error) {
                    lost("cannot resolve " + options_.host + ": " + error.message(), true);
                    return;
                }
                asio::async_connect(socket_, results, [this](const boost::system::error_code& e, const tcp::endpoint&) {
                    if (closed_) {
                        return;
                    }
                    if (e) {
                        lost("cannot connect to " + options_.host + ":" + std::to_string(options_.port) + ": " +
                                 e.message(),
                             true);
                        return;
                    }
                    on_connected();
                });
            });
    }

    void on_connected() {
        boost::system::error_code ignored;
        socket_.set_option(tcp::no_delay(true), ignored);
        reader_ = RecordReader(options_.max_record_bytes);
        greeted_ = false;
        ClientMessage hello;
        hello.set_request_id(next_request_++);
        Hello& h = *hello.mutable_hello();
        h.set_protocol_version(kProtocolVersion);
        h.set_token(options_.token);
        h.set_client_name(options_.client_name);
        h.set_subscribe_all(options_.subscribe_all);
        h.set_server_id(server_id_);
        for (const auto& [run_id, followed] : follow_) {
            Subscribe& s = *h.add_subscriptions();
            s.set_run_id(run_id);
            s.set_from_frame(followed.frames);
        }
        // Hello first, then whatever was asked while disconnected.
        pending_.push_front(encode(hello));
        writing_ = false;
        flush();
        read();
    }

    void flush() {
        if (writing_ || pending_.empty() || !socket_.is_open()) {
            return;
        }
        in_flight_ = std::move(pending_.front());
        pending_.pop_front();
        writing_ = true;
        asio::async_write(socket_, asio::buffer(in_flight_),
                          [this, generation = generation_](const boost::system::error_code& error, std::size_t) {
                              if (generation != generation_ || closed_) {
                                  return;
                              }
                              writing_ = false;
                              if (error) {
                                  lost("write failed: " + error.message(), true);
                                  return;
                              }
                              flush();
                          });
    }

    void read() {
        socket_.async_read_some(asio::buffer(buffer_), [this, generation = generation_](
                                                           const boost::system::error_code& error, std::size_t n) {
            if (generation != generation_ || closed_) {
                return;
            }
            if (error) {
                lost(error == asio::error::eof ? "the server closed the connection"
                                               : "connection lost: " + error.message(),
                     true);
                return;
            }
            reader_.append(std::string_view(buffer_.data(), n));
            std::string payload;
            for (;;) {
                const auto status = reader_.next(payload);
                if (status == RecordReader::Status::NeedMore) {
                    break;
                }
                if (status == RecordReader::Status::Error) {
                    lost("bad record from the server: " + reader_.error(), true);
                    return;
                }
                ServerMessage message;
                if (!message.ParseFromString(payload)) {
                    lost("malformed message from the server", true);
                    return;
                }
                if (!dispatch(message)) {
                    return;
                }
            }
            read();
        });
    }

    /// Hands one message to the callbacks; false if the connection ended.
    bool dispatch(const ServerMessage& message) {
        switch (message.body_case()) {
        case ServerMessage::kWelcome: {
            if (message.welcome().server_id() != server_id_) {
                follow_.clear(); // another server (a restart): its runs are new
                server_id_ = message.welcome().server_id();
            }
            greeted_ = true;
            connected_ = true;
            reported_failure_ = false;
            backoff_ = options_.reconnect_min;
            if (callbacks_.on_welcome) {
                callbacks_.on_welcome(message.welcome());
            }
            break;
        }
        case ServerMessage::kRun:
            if (callbacks_.on_run) {
                callbacks_.on_run(message.run(), message.request_id());
            }
            break;
        case ServerMessage::kHeader: {
            Followed& followed = follow_[message.header().run_id()];
            if (!followed.has_header) {
                followed.has_header = true;
                if (callbacks_.on_header) {
                    callbacks_.on_header(message.header().run_id(), message.header().header());
                }
            }
            break;
        }
        case ServerMessage::kFrame: {
            Followed& followed = follow_[message.frame().run_id()];
            if (message.frame().index() == followed.frames) {
                ++followed.frames;
                if (callbacks_.on_frame) {
                    callbacks_.on_frame(message.frame().run_id(), message.frame().index(), message.frame().frame());
                }
            }
            break;
        }
        case ServerMessage::kEnd:
            if (callbacks_.on_end) {
                callbacks_.on_end(message.end().run_id(), message.end().footer());
            }
            break;
        case ServerMessage::kError:
            if (callbacks_.on_error) {
                callbacks_.on_error(message.request_id(), message.error().message());
            }
            break;
        case ServerMessage::kBye:
            // A Bye before Welcome is a refusal (token, version): trying again would not help.
            lost("server said bye: " + message.bye().reason(), greeted_);
            return false;
        case ServerMessage::BODY_NOT_SET:
            break;
        }
        return true;
    }

    void drop_socket() {
        ++generation_; // handlers of the old socket ignore what they get
        boost::system::error_code ignored;
        socket_.shutdown(tcp::socket::shutdown_both, ignored);
        socket_.close(ignored);
        writing_ = false;
        in_flight_.clear();
        connected_ = false;
    }

    void lost(const std::string& reason, bool may_retry) {
        const bool was_connected = connected_;
        drop_socket();
        const bool retry = may_retry && options_.reconnect && !closed_;
        // Requests queued for the old connection are kept; its half-written one is gone. Failed
        // attempts while the server stays away are reported once, not at every retry.
        if (callbacks_.on_disconnect && (was_connected || !retry || !reported_failure_)) {
            callbacks_.on_disconnect(reason, retry);
            reported_failure_ = true;
        }
        if (!retry) {
            return;
        }
        timer_.expires_after(backoff_);
        backoff_ = std::min(backoff_ * 2, options_.reconnect_max);
        timer_.async_wait([this](const boost::system::error_code& error) {
            if (!error && !closed_) {
                socket_ = tcp::socket(io_);
                dial();
            }
        });
    }

    ClientOptions options_;
    ClientCallbacks callbacks_;
    asio::io_context io_;
    asio::executor_work_guard<asio::io_context::executor_type> work_;
    tcp::socket socket_;
    tcp::resolver resolver_;
    asio::steady_timer timer_;
    RecordReader reader_;
    std::array<char, 65536> buffer_{};
    std::deque<std::string> pending_;
    std::string in_flight_;
    bool writing_ = false;
    bool greeted_ = false;
    bool closed_ = false;
    bool reported_failure_ = false;
    std::uint64_t generation_ = 0;
    std::chrono::milliseconds backoff_;
    std::string server_id_;
    std::map<std::uint32_t, Followed> follow_;
    std::atomic<bool> connected_{false};
    std::atomic<std::uint64_t> next_request_{1};
    std::thread thread_;
};

LiveClient::LiveClient(ClientOptions options, ClientCallbacks callbacks)
    : impl_(std::make_shared<Impl>(std::move(options), std::move(callbacks))) {}

LiveClient::~LiveClient() {
    impl_->close();
}

void LiveClient::connect() {
    impl_->connect();
}

void LiveClient::close() {
    impl_->close();
}

bool LiveClient::connected() const {
    return impl_->connected();
}

std::uint64_t LiveClient::send(ClientMessage message) {
    return impl_->send(std::move(message));
}

std::uint64_t LiveClient::start(const Start& start) {
    ClientMessage message;
    *message.mutable_start() = start;
    return send(std::move(message));
}

std::uint64_t LiveClient::fork(std::uint32_t run_id, const std::string& date, const std::vector<std::string>& overrides,
                               double speed) {
    ClientMessage message;
    Fork& fork = *message.mutable_fork();
    fork.set_run_id(run_id);
    fork.set_at(date);
    fork.set_speed(speed);
    for (const std::string& o : overrides) {
        fork.add_overrides(o);
    }
    return send(std::move(message));
}

std::uint64_t LiveClient::fork_at_time(std::uint32_t run_id, sim::Ticks time, const std::vector<std::string>& overrides,
                                       double speed) {
    ClientMessage message;
    Fork& fork = *message.mutable_fork();
    fork.set_run_id(run_id);
    fork.set_at_time(time);
    fork.set_speed(speed);
    for (const std::string& o : overrides) {
        fork.add_overrides(o);
    }
    return send(std::move(message));
}

std::uint64_t LiveClient::pause(std::uint32_t run_id) {
    ClientMessage message;
    message.mutable_pause()->set_run_id(run_id);
    return send(std::move(message));
}

std::uint64_t LiveClient::resume(std::uint32_t run_id) {
    ClientMessage message;
    message.mutable_resume()->set_run_id(run_id);
    return send(std::move(message));
}

std::uint64_t LiveClient::set_speed(std::uint32_t run_id, double days_per_second) {
    ClientMessage message;
    message.mutable_set_speed()->set_run_id(run_id);
    message.mutable_set_speed()->set_days_per_second(days_per_second);
    return send(std::move(message));
}

std::uint64_t LiveClient::subscribe(std::uint32_t run_id) {
    ClientMessage message;
    message.mutable_subscribe()->set_run_id(run_id);
    return send(std::move(message));
}

std::uint64_t LiveClient::unsubscribe(std::uint32_t run_id) {
    ClientMessage message;
    message.mutable_unsubscribe()->set_run_id(run_id);
    return send(std::move(message));
}

} // namespace innosim::live

// TCP and TLS connections.
#include "transport/asio/stream_connection.hpp"

#include <array>

#include "transport/asio/asio_transport.hpp"
#include "transport/asio/tls_context.hpp"

namespace sipline::transport {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using TlsStream = asio::ssl::stream<tcp::socket>;

template <class Stream>
class StreamConnection final : public StreamConnectionBase {
 public:
  StreamConnection(AsioTransport& transport, std::weak_ptr<AsioTransport*> alive, Flow flow,
                   Stream stream)
      : StreamConnectionBase(std::move(flow)),
        transport_(transport),
        alive_(std::move(alive)),
        stream_(std::move(stream)),
        timer_(lowest().get_executor()),
        splitter_(transport.make_splitter()) {}

  void start_accepted() override {
    arm_timer(transport_.limits().handshake_timeout, "handshake timed out");
    if constexpr (std::is_same_v<Stream, TlsStream>) {
      auto self = shared();
      stream_.async_handshake(
          asio::ssl::stream_base::server,
          [self](const boost::system::error_code& error) { self->after_handshake(error); });
    } else {
      established();
    }
  }

  void start_outgoing(const tcp::endpoint& remote, std::string server_name) override {
    arm_timer(transport_.limits().handshake_timeout, "connect timed out");
    auto self = shared();
    lowest().async_connect(remote, [self, name = std::move(server_name)](
                                       const boost::system::error_code& error) {
      if (self->closed_) {
        return;
      }
      if (error) {
        self->fail(Errc::kIo, "connect failed");
        return;
      }
      if constexpr (std::is_same_v<Stream, TlsStream>) {
        if (auto expected = expect_server_name(self->stream_.native_handle(), name); !expected) {
          self->fail(Errc::kCrypto, expected.error().reason);
          return;
        }
        self->stream_.async_handshake(asio::ssl::stream_base::client,
                                      [self](const boost::system::error_code& handshake) {
                                        self->after_handshake(handshake);
                                      });
      } else {
        self->established();
      }
    });
  }

  void send(std::string bytes) override {
    if (closed_) {
      return;
    }
    pending_bytes_ += bytes.size();
    if (pending_bytes_ > transport_.limits().max_pending_write_bytes) {
      fail(Errc::kTooLarge, "peer does not read: write queue full");
      return;
    }
    queue_.push_back(std::move(bytes));
    if (ready_ && !writing_) {
      write_next();
    }
  }

  void close(const Error* error) override {
    if (closed_) {
      return;
    }
    closed_ = true;
    boost::system::error_code ignored;
    timer_.cancel(ignored);
    lowest().shutdown(tcp::socket::shutdown_both, ignored);
    lowest().close(ignored);
    if (!alive_.expired()) {
      transport_.connection_closed(flow_.connection, flow_, error);
    }
  }

 private:
  std::shared_ptr<StreamConnection> shared() {
    return std::static_pointer_cast<StreamConnection>(shared_from_this());
  }

  tcp::socket& lowest() {
    if constexpr (std::is_same_v<Stream, TlsStream>) {
      return stream_.next_layer();
    } else {
      return stream_;
    }
  }

  void fail(Errc code, std::string_view reason) {
    const Error error{code, reason, 0};
    close(&error);
  }

  // One timer serves the handshake deadline, then the idle timeout (re-armed on every read).
  void arm_timer(std::chrono::seconds timeout, std::string_view reason) {
    timer_.expires_after(timeout);
    auto self = shared();
    timer_.async_wait([self, reason](const boost::system::error_code& error) {
      if (!error && !self->closed_) {
        self->fail(Errc::kTimeout, reason);
      }
    });
  }

  void after_handshake(const boost::system::error_code& error) {
    if (closed_) {
      return;
    }
    if (error) {
      fail(Errc::kCrypto, handshake_failure_reason(stream_.native_handle()));
      return;
    }
    established();
  }

  void established() {
    ready_ = true;
    arm_timer(transport_.limits().idle_timeout, "idle timeout");
    read();
    if (!writing_ && !queue_.empty()) {
      write_next();
    }
  }

  void read() {
    auto self = shared();
    stream_.async_read_some(asio::buffer(buffer_),
                            [self](const boost::system::error_code& error, std::size_t size) {
                              self->on_read(error, size);
                            });
  }

  void on_read(const boost::system::error_code& error, std::size_t size) {
    if (closed_ || alive_.expired()) {
      return;
    }
    if (error) {
      // A TLS peer that closes without close_notify (Kamailio, most servers) truncates the
      // stream: closed all the same.
      const bool closed = error == asio::error::eof || error == asio::ssl::error::stream_truncated;
      fail(Errc::kIo, closed ? "connection closed by the peer" : "read failed");
      return;
    }
    arm_timer(transport_.limits().idle_timeout, "idle timeout");
    if (auto pushed = splitter_->push(std::string_view(buffer_.data(), size)); !pushed) {
      fail(pushed.error().code, pushed.error().reason);
      return;
    }
    while (!closed_) {
      const FrameSplitter::Frame frame = splitter_->next();
      if (frame.kind == FrameSplitter::Kind::kNeedMore) {
        break;
      }
      if (frame.kind == FrameSplitter::Kind::kBad) {
        fail(frame.error.code, frame.error.reason);
        return;
      }
      if (frame.kind == FrameSplitter::Kind::kPing) {
        send("\r\n");  // RFC 5626 §3.5.1: the pong
      } else if (frame.kind == FrameSplitter::Kind::kPong) {
        transport_.pong(flow_);
      } else if (frame.kind == FrameSplitter::Kind::kMessage) {
        transport_.deliver(flow_, frame.bytes);
      }
    }
    if (!closed_) {
      read();
    }
  }

  void write_next() {
    writing_ = true;
    auto self = shared();
    asio::async_write(stream_, asio::buffer(queue_.front()),
                      [self](const boost::system::error_code& error, std::size_t) {
                        if (self->closed_) {
                          return;
                        }
                        if (error) {
                          self->fail(Errc::kIo, "write failed");
                          return;
                        }
                        self->pending_bytes_ -= self->queue_.front().size();
                        self->queue_.pop_front();
                        self->writing_ = false;
                        if (!self->queue_.empty()) {
                          self->write_next();
                        }
                      });
  }

  AsioTransport& transport_;
  std::weak_ptr<AsioTransport*> alive_;
  Stream stream_;
  asio::steady_timer timer_;
  std::unique_ptr<FrameSplitter> splitter_;
  std::array<char, 16384> buffer_{};
  std::deque<std::string> queue_;
  std::size_t pending_bytes_ = 0;
  bool ready_ = false;
  bool writing_ = false;
  bool closed_ = false;
};

}  // namespace

std::shared_ptr<StreamConnectionBase> make_stream_connection(AsioTransport& transport,
                                                             std::weak_ptr<AsioTransport*> alive,
                                                             Flow flow, tcp::socket socket,
                                                             asio::ssl::context* tls) {
  if (tls != nullptr) {
    return std::make_shared<StreamConnection<TlsStream>>(
        transport, std::move(alive), std::move(flow), TlsStream(std::move(socket), *tls));
  }
  return std::make_shared<StreamConnection<tcp::socket>>(transport, std::move(alive),
                                                         std::move(flow), std::move(socket));
}

}  // namespace sipline::transport

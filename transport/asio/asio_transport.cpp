// The Asio transport: UDP sockets, listeners, the connection table.
#include "transport/asio/asio_transport.hpp"

#include <array>

#include "transport/asio/stream_connection.hpp"

namespace sipline::transport {

namespace asio = boost::asio;
using asio::ip::tcp;
using asio::ip::udp;

struct AsioTransport::UdpSocket {
  explicit UdpSocket(asio::io_context& io) : socket(io) {}
  udp::socket socket;
  bool v6 = false;  // the bound family, kept so that sending needs no getsockname()
  // Datagrams handed to the reactor because the kernel's buffer was full: while any wait, new
  // ones queue behind them, so that a CANCEL or ACK never overtakes its INVITE.
  std::size_t queued_sends = 0;
  udp::endpoint sender;
  std::array<char, 65536> buffer{};
};

struct AsioTransport::Acceptor {
  Acceptor(asio::io_context& io, TransportKind transport_kind)
      : acceptor(io), kind(transport_kind) {}
  tcp::acceptor acceptor;
  TransportKind kind;
};

namespace {

std::string address_text(const asio::ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).to_string();
  }
  return address.to_string();
}

}  // namespace

AsioTransport::AsioTransport(asio::io_context& io, TransportUser& user,
                             FrameSplitterFactory splitter, TransportLimits limits, TlsSettings tls)
    : io_(io),
      user_(user),
      splitter_(std::move(splitter)),
      limits_(limits),
      tls_(std::move(tls)),
      alive_(std::make_shared<AsioTransport*>(this)) {}

AsioTransport::~AsioTransport() {
  alive_.reset();  // pending handlers see the transport gone
  boost::system::error_code ignored;
  for (auto& socket : udp_) {
    socket->socket.close(ignored);
  }
  for (auto& acceptor : acceptors_) {
    acceptor->acceptor.close(ignored);
  }
  auto connections = std::move(connections_);
  for (auto& [id, connection] : connections) {
    connection->close(nullptr);
  }
}

Result<std::uint16_t> AsioTransport::listen(TransportKind kind, std::string_view address,
                                            std::uint16_t port) {
  boost::system::error_code error;
  const auto ip = asio::ip::make_address(std::string(address), error);
  if (error) {
    return fail(Errc::kInvalidArgument, "listen address is not an IP address", 0);
  }
  if (kind == TransportKind::kUdp) {
    auto socket = std::make_unique<UdpSocket>(io_);
    const udp::endpoint local(ip, port);
    socket->socket.open(local.protocol(), error);
    if (!error) {
      socket->socket.bind(local, error);
    }
    if (error) {
      return fail(Errc::kIo, "cannot bind the UDP socket", 0);
    }
    // A burst of requests (a call storm, a registrar restarting) must not overflow the kernel's
    // default ~200 KiB: a dropped datagram costs a retransmission 500 ms later. Best effort:
    // the kernel caps it at net.core.rmem_max / wmem_max.
    boost::system::error_code ignored;
    socket->socket.set_option(asio::socket_base::receive_buffer_size(limits_.udp_buffer_bytes),
                              ignored);
    socket->socket.set_option(asio::socket_base::send_buffer_size(limits_.udp_buffer_bytes),
                              ignored);
    // Non-blocking: datagrams are read and sent directly while the kernel has room, and only
    // a full buffer waits on the reactor.
    socket->socket.non_blocking(true, error);
    if (error) {
      return fail(Errc::kIo, "cannot make the UDP socket non-blocking", 0);
    }
    socket->v6 = ip.is_v6();
    const std::uint16_t bound = socket->socket.local_endpoint(error).port();
    udp_.push_back(std::move(socket));
    receive(*udp_.back());
    return bound;
  }
  if (kind == TransportKind::kTls && !server_tls_) {
    auto context = make_tls_server_context(tls_);
    if (!context) {
      return std::unexpected(context.error());
    }
    server_tls_ = std::move(*context);
  }
  auto acceptor = std::make_unique<Acceptor>(io_, kind);
  const tcp::endpoint local(ip, port);
  acceptor->acceptor.open(local.protocol(), error);
  if (!error) {
    acceptor->acceptor.set_option(tcp::acceptor::reuse_address(true), error);
  }
  if (!error) {
    acceptor->acceptor.bind(local, error);
  }
  if (!error) {
    acceptor->acceptor.listen(asio::socket_base::max_listen_connections, error);
  }
  if (error) {
    return fail(Errc::kIo, "cannot listen on the TCP port", 0);
  }
  const std::uint16_t bound = acceptor->acceptor.local_endpoint(error).port();
  acceptors_.push_back(std::move(acceptor));
  accept(*acceptors_.back());
  return bound;
}

void AsioTransport::receive(UdpSocket& socket) {
  std::weak_ptr<AsioTransport*> alive = alive_;
  socket.socket.async_receive_from(
      asio::buffer(socket.buffer), socket.sender,
      [this, &socket, alive](const boost::system::error_code& error, std::size_t size) {
        if (alive.expired() || error == asio::error::operation_aborted) {
          return;
        }
        if (!error) {
          deliver_datagram(socket, size);
        }
        // Under load more datagrams are already queued: read them straight away, a bounded
        // batch, before going back to the reactor (one epoll round trip per batch, not each).
        for (int batch = 1; batch < kReceiveBatch && !alive.expired(); ++batch) {
          boost::system::error_code next_error;
          size =
              socket.socket.receive_from(asio::buffer(socket.buffer), socket.sender, 0, next_error);
          if (next_error == asio::error::would_block || next_error == asio::error::try_again) {
            break;
          }
          if (!next_error) {
            deliver_datagram(socket, size);
          }
        }
        if (!alive.expired()) {
          receive(socket);  // errors on UDP (ICMP unreachable …) do not stop the socket
        }
      });
}

void AsioTransport::deliver_datagram(UdpSocket& socket, std::size_t size) {
  // A datagram of line ends only is a keep-alive (RFC 5626 §4.4.1 uses STUN on UDP, but peers
  // send CRLFs too): nothing to deliver.
  const std::string_view bytes(socket.buffer.data(), size);
  if (bytes.find_first_not_of("\r\n") != std::string_view::npos) {
    deliver(
        Flow{TransportKind::kUdp, address_text(socket.sender.address()), socket.sender.port(), 0},
        bytes);
  }
}

void AsioTransport::accept(Acceptor& acceptor) {
  std::weak_ptr<AsioTransport*> alive = alive_;
  acceptor.acceptor.async_accept(
      [this, &acceptor, alive](const boost::system::error_code& error, tcp::socket socket) {
        if (alive.expired() || error == asio::error::operation_aborted) {
          return;
        }
        if (!error) {
          boost::system::error_code ignored;
          const tcp::endpoint remote = socket.remote_endpoint(ignored);
          if (ignored || connections_.size() >= limits_.max_connections) {
            socket.close(ignored);  // over the cap: shed it rather than queue it
          } else {
            const Flow flow{acceptor.kind, address_text(remote.address()), remote.port(),
                            next_connection_++};
            auto connection = make_stream_connection(
                *this, alive_, flow, std::move(socket),
                acceptor.kind == TransportKind::kTls ? server_tls_.get() : nullptr);
            connections_.emplace(flow.connection, connection);
            connection->start_accepted();
          }
        }
        accept(acceptor);
      });
}

void AsioTransport::send(const Flow& to, std::string bytes, std::string_view tls_server_name) {
  if (to.kind == TransportKind::kUdp) {
    send_datagram(to, std::move(bytes));
  } else {
    send_stream(to, std::move(bytes), tls_server_name);
  }
}

void AsioTransport::send_datagram(const Flow& to, std::string bytes) {
  boost::system::error_code error;
  const auto ip = asio::ip::make_address(to.remote_address, error);
  if (error) {
    fail_flow(to, Error{Errc::kInvalidArgument, "not an IP address", 0});
    return;
  }
  if (bytes.size() > limits_.max_datagram_bytes) {
    fail_flow(to, Error{Errc::kTooLarge, "message too large for a datagram", 0});
    return;
  }
  const udp::endpoint destination(ip, to.remote_port);
  for (auto& socket : udp_) {
    if (socket->v6 == ip.is_v6()) {
      // Straight to the kernel when it has room; queued on the reactor only when it has none.
      if (socket->queued_sends == 0) {
        socket->socket.send_to(asio::buffer(bytes), destination, 0, error);
        if (error != asio::error::would_block && error != asio::error::try_again) {
          if (error) {
            fail_flow(to, Error{Errc::kIo, "datagram not sent", 0});
          }
          return;
        }
      }
      auto buffer = std::make_shared<std::string>(std::move(bytes));
      std::weak_ptr<AsioTransport*> alive = alive_;
      ++socket->queued_sends;
      UdpSocket* queue = socket.get();
      queue->socket.async_send_to(
          asio::buffer(*buffer), destination,
          [this, buffer, to, alive, queue](const boost::system::error_code& sent, std::size_t) {
            if (alive.expired()) {
              return;
            }
            --queue->queued_sends;
            if (sent && sent != asio::error::operation_aborted) {
              fail_flow(to, Error{Errc::kIo, "datagram not sent", 0});
            }
          });
      return;
    }
  }
  fail_flow(to, Error{Errc::kIo, "no UDP socket for this address family", 0});
}

std::shared_ptr<StreamConnectionBase> AsioTransport::find_connection(const Flow& to) const {
  if (to.connection != 0) {
    const auto found = connections_.find(to.connection);
    return found == connections_.end() ? nullptr : found->second;
  }
  // RFC 3261 §18.1.1: reuse an open connection to the same place.
  for (const auto& [id, connection] : connections_) {
    const Flow& flow = connection->flow();
    if (flow.kind == to.kind && flow.remote_address == to.remote_address &&
        flow.remote_port == to.remote_port) {
      return connection;
    }
  }
  return nullptr;
}

void AsioTransport::send_stream(const Flow& to, std::string bytes,
                                std::string_view tls_server_name) {
  if (auto connection = find_connection(to)) {
    connection->send(std::move(bytes));
    return;
  }
  if (to.connection != 0) {
    fail_flow(to, Error{Errc::kIo, "the connection is gone", 0});  // a response's connection
    return;
  }
  boost::system::error_code error;
  const auto ip = asio::ip::make_address(to.remote_address, error);
  if (error) {
    fail_flow(to, Error{Errc::kInvalidArgument, "not an IP address", 0});
    return;
  }
  if (connections_.size() >= limits_.max_connections) {
    fail_flow(to, Error{Errc::kTooLarge, "too many connections", 0});
    return;
  }
  if (to.kind == TransportKind::kTls && !client_tls_) {
    auto context = make_tls_client_context(tls_);
    if (!context) {
      fail_flow(to, context.error());
      return;
    }
    client_tls_ = std::move(*context);
  }
  Flow flow = to;
  flow.connection = next_connection_++;
  auto connection =
      make_stream_connection(*this, alive_, flow, tcp::socket(io_),
                             to.kind == TransportKind::kTls ? client_tls_.get() : nullptr);
  connections_.emplace(flow.connection, connection);
  connection->send(std::move(bytes));
  connection->start_outgoing(tcp::endpoint(ip, to.remote_port), tls_server_name.empty()
                                                                    ? to.remote_address
                                                                    : std::string(tls_server_name));
}

void AsioTransport::close(ConnectionId connection) {
  const auto found = connections_.find(connection);
  if (found != connections_.end()) {
    auto keep = found->second;
    keep->close(nullptr);
  }
}

void AsioTransport::drop(const Flow& flow, Error error) {
  if (flow.kind == TransportKind::kUdp || find_connection(flow) == nullptr) {
    return;
  }
  std::weak_ptr<AsioTransport*> alive = alive_;
  asio::post(io_, [this, flow, error, alive] {
    if (alive.expired()) {
      return;
    }
    if (auto connection = find_connection(flow)) {
      connection->close(&error);  // reports it through on_flow_failed
    }
  });
}

void AsioTransport::deliver(const Flow& from, std::string_view bytes) {
  user_.on_message(from, bytes);
}

void AsioTransport::connection_closed(ConnectionId connection, const Flow& flow,
                                      const Error* error) {
  connections_.erase(connection);
  if (error != nullptr) {
    user_.on_flow_failed(flow, *error);
  }
}

void AsioTransport::fail_flow(const Flow& flow, Error error) {
  // Reported from the io_context, never from inside send(): the caller's state stays consistent.
  std::weak_ptr<AsioTransport*> alive = alive_;
  asio::post(io_, [this, flow, error, alive] {
    if (!alive.expired()) {
      user_.on_flow_failed(flow, error);
    }
  });
}

}  // namespace sipline::transport

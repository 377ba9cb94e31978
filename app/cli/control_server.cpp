// The control socket's server (control_server.hpp): listen, accept, check, hand to a session.
#include "app/cli/control_server.hpp"

#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <utility>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <fmt/format.h>

namespace sipline::app {

using boost::asio::generic::stream_protocol;

ControlServer::ControlServer(boost::asio::io_context& io, Execute execute, ControlLimits limits)
    : execute_(std::move(execute)), limits_(limits), acceptor_(io) {}

std::expected<std::unique_ptr<ControlServer>, std::string> ControlServer::open_unix(
    boost::asio::io_context& io, const std::string& path, Execute execute, ControlLimits limits) {
  std::unique_ptr<ControlServer> server(new ControlServer(io, std::move(execute), limits));
  const boost::asio::local::stream_protocol::endpoint endpoint(path);
  boost::system::error_code error;
  server->acceptor_.open(stream_protocol(endpoint.protocol()), error);
  if (!error) {
    // Made 0600 from the start (the umask), not chmod-ed after a moment open to others.
    const mode_t old_mask = ::umask(0177);
    server->acceptor_.bind(stream_protocol::endpoint(endpoint), error);
    ::umask(old_mask);
  }
  if (!error) {
    server->path_ = path;  // ours from here: removed at the end
    server->acceptor_.listen(boost::asio::socket_base::max_listen_connections, error);
  }
  if (error) {
    return std::unexpected(fmt::format("control socket {}: {}", path, error.message()));
  }
  server->accept();
  return server;
}

std::expected<std::unique_ptr<ControlServer>, std::string> ControlServer::open_tcp(
    boost::asio::io_context& io, const std::string& address, std::uint16_t port, std::string token,
    Execute execute, ControlLimits limits) {
  std::unique_ptr<ControlServer> server(new ControlServer(io, std::move(execute), limits));
  server->token_ = std::move(token);
  boost::system::error_code error;
  const auto ip = boost::asio::ip::make_address(address, error);
  if (error) {
    return std::unexpected(fmt::format("--control-tcp {}: not an IP address", address));
  }
  const boost::asio::ip::tcp::endpoint endpoint(ip, port);
  server->acceptor_.open(stream_protocol(endpoint.protocol()), error);
  if (!error) {
    server->acceptor_.set_option(boost::asio::socket_base::reuse_address(true), error);
    server->acceptor_.bind(stream_protocol::endpoint(endpoint), error);
  }
  if (!error) {
    server->acceptor_.listen(boost::asio::socket_base::max_listen_connections, error);
  }
  if (error) {
    return std::unexpected(fmt::format("--control-tcp {}:{}: {}", address, port, error.message()));
  }
  const auto local = server->acceptor_.local_endpoint(error);
  boost::asio::ip::tcp::endpoint bound;
  if (!error && local.size() <= bound.capacity()) {
    std::memcpy(bound.data(), local.data(), local.size());
    bound.resize(local.size());
    server->tcp_port_ = bound.port();
  }
  server->accept();
  return server;
}

ControlServer::~ControlServer() {
  for (const auto& session : std::set(sessions_)) {
    session->close();
  }
  boost::system::error_code ignored;
  acceptor_.close(ignored);
  if (!path_.empty()) {
    ::unlink(path_.c_str());
  }
}

void ControlServer::publish(std::string_view message) {
  for (const auto& session : std::set(sessions_)) {  // a slow one may be dropped on the way
    if (session->authenticated()) {
      session->send(message);
    }
  }
}

bool ControlServer::listened_to() const {
  return std::ranges::any_of(sessions_,
                             [](const auto& session) { return session->authenticated(); });
}

void ControlServer::accept() {
  acceptor_.async_accept([this](auto error, stream_protocol::socket socket) {
    if (error == boost::asio::error::operation_aborted) {
      return;  // closing
    }
    if (!error) {
      welcome(std::move(socket));
    }
    accept();
  });
}

void ControlServer::welcome(stream_protocol::socket socket) {
  // Refused in one line, written without waiting (it fits any socket buffer), then closed.
  const auto refuse = [&socket](std::string_view reason) {
    const std::string line = control_response_json(refusal(std::string(reason)), {}) + "\n";
    (void)::send(socket.native_handle(), line.data(), line.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  };
  if (!path_.empty()) {
    ucred peer{};
    socklen_t size = sizeof(peer);
    if (::getsockopt(socket.native_handle(), SOL_SOCKET, SO_PEERCRED, &peer, &size) != 0 ||
        peer.uid != ::geteuid()) {
      refuse(fmt::format("refused: uid {} is not this phone's", peer.uid));
      return;
    }
  }
  if (sessions_.size() >= limits_.max_clients) {
    refuse(fmt::format("refused: {} clients already", limits_.max_clients));
    return;
  }
  const auto session = std::make_shared<ControlSession>(static_cast<ControlSession::Owner&>(*this),
                                                        std::move(socket));
  sessions_.insert(session);
  session->start();
}

}  // namespace sipline::app

// The control socket: where local programs send JSON requests (control_request.hpp) and every
// client is pushed the phone's events as they happen (event_json.hpp). A Unix stream socket
// (0600, in a 0700 directory, control_socket_path.hpp), and optionally a TCP port for tools
// that need one, where a client must first give the token the phone wrote in its token file.
// Everything runs on the phone's io_context.
//
// A client is a stranger until proven otherwise: on the Unix socket its uid must be ours
// (SO_PEERCRED), on TCP it must know the token; beyond max_clients a new client is told so and
// closed; each session (control_session.hpp) bounds what it reads and what waits for it, so the
// phone's memory stays bounded whatever clients do.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include <boost/asio/basic_socket_acceptor.hpp>
#include <boost/asio/generic/stream_protocol.hpp>
#include <boost/asio/io_context.hpp>

#include "app/cli/control_session.hpp"

namespace sipline::app {

class ControlServer final : private ControlSession::Owner {
 public:
  using Execute = std::function<ControlResponse(const ControlRequest& request)>;

  // Listens on `path` (which must not exist; its directory must); the socket is made 0600.
  [[nodiscard]] static std::expected<std::unique_ptr<ControlServer>, std::string> open_unix(
      boost::asio::io_context& io, const std::string& path, Execute execute,
      ControlLimits limits = {});
  // Listens on TCP `address`:`port` (0: any free port); clients must give `token` first.
  [[nodiscard]] static std::expected<std::unique_ptr<ControlServer>, std::string> open_tcp(
      boost::asio::io_context& io, const std::string& address, std::uint16_t port,
      std::string token, Execute execute, ControlLimits limits = {});
  ~ControlServer();  // closes every client, and removes the Unix socket
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;

  // An event (JSON, no newline) to every client that may have it.
  void publish(std::string_view message);
  // Whether any client would take an event now (so none is written for nobody).
  [[nodiscard]] bool listened_to() const;
  [[nodiscard]] std::uint16_t tcp_port() const noexcept { return tcp_port_; }

 private:
  ControlServer(boost::asio::io_context& io, Execute execute, ControlLimits limits);
  void accept();
  void welcome(boost::asio::generic::stream_protocol::socket socket);

  // ControlSession::Owner
  ControlResponse execute(const ControlRequest& request) override { return execute_(request); }
  void forget(const std::shared_ptr<ControlSession>& session) override { sessions_.erase(session); }
  [[nodiscard]] const ControlLimits& limits() const override { return limits_; }
  [[nodiscard]] std::string_view token() const override { return token_; }

  Execute execute_;
  ControlLimits limits_;
  std::string path_;   // the Unix socket's, removed at the end; "" on TCP
  std::string token_;  // TCP: what a client must give first
  std::uint16_t tcp_port_ = 0;
  boost::asio::basic_socket_acceptor<boost::asio::generic::stream_protocol> acceptor_;
  std::set<std::shared_ptr<ControlSession>> sessions_;
};

}  // namespace sipline::app

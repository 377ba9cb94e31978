// The control socket: a Unix stream socket (0600, in a 0700 directory, control_socket_path.hpp)
// where local programs send JSON requests, one a line, and every client is pushed the phone's
// events as they happen (event_json.hpp). Everything runs on the phone's io_context.
//
// A client is a stranger until proven otherwise: its uid must be ours (SO_PEERCRED); a line
// longer than max_line is answered with an error and skipped to its end, without being kept;
// beyond max_clients a new client is told so and closed; a client that does not read its
// responses and events is dropped once max_queued bytes wait for it, so the phone's memory
// stays bounded whatever clients do. A bad line gets ok:false with the reason and the
// connection stays usable.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>

#include "app/cli/control_commands.hpp"
#include "app/cli/control_request.hpp"

namespace sipline::app {

struct ControlLimits {
  std::size_t max_line = 64 * 1024;
  std::size_t max_clients = 64;
  std::size_t max_queued = 1024 * 1024;  // bytes waiting to be written to one client
};

class ControlServer {
 public:
  using Execute = std::function<ControlResponse(const ControlRequest& request)>;

  // Listens on `path` (which must not exist; its directory must); the socket is made 0600.
  [[nodiscard]] static std::expected<std::unique_ptr<ControlServer>, std::string> open(
      boost::asio::io_context& io, const std::string& path, Execute execute,
      ControlLimits limits = {});
  ~ControlServer();  // closes every client and removes the socket
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;

  // A line (no newline) to every client.
  void publish(std::string_view line);
  [[nodiscard]] std::size_t clients() const noexcept { return clients_.size(); }

  class Client;

 private:
  ControlServer(boost::asio::io_context& io, std::string path, Execute execute,
                ControlLimits limits);
  void accept();
  void welcome(boost::asio::local::stream_protocol::socket socket);
  friend class Client;
  void forget(const std::shared_ptr<Client>& client) { clients_.erase(client); }

  std::string path_;
  Execute execute_;
  ControlLimits limits_;
  boost::asio::local::stream_protocol::acceptor acceptor_;
  std::set<std::shared_ptr<Client>> clients_;
};

}  // namespace sipline::app

// The running phone's control front: its Unix socket and, with --control-tcp, a TCP port whose
// clients first give the token the phone writes (0600) beside the socket as NAME.token. Both
// carry out requests on the phone and push every event to their clients.
#pragma once

#include <expected>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>

#include "app/cli/control_server.hpp"
#include "app/core/phone_events.hpp"

namespace sipline::app {

class ControlFront {
 public:
  // `socket`: the Unix socket's path ("" none); `tcp`: ADDRESS:PORT ("" none), its token
  // written to `token_file`. The error is one line naming what could not be opened.
  [[nodiscard]] static std::expected<std::unique_ptr<ControlFront>, std::string> open(
      boost::asio::io_context& io, const std::string& socket, const std::string& tcp,
      const std::string& token_file, const ControlServer::Execute& execute);

  void publish(const PhoneEvent& event);
  // "control on tcp 127.0.0.1:PORT, token in FILE"; "" without TCP.
  [[nodiscard]] const std::string& tcp_note() const noexcept { return tcp_note_; }

 private:
  std::unique_ptr<ControlServer> unix_;
  std::unique_ptr<ControlServer> tcp_;
  std::string tcp_note_;
  std::string token_file_;

 public:
  ~ControlFront();  // the token file goes with the port
};

}  // namespace sipline::app

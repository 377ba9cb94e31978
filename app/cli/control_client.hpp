// The client side of the control socket, for `sipline ctl` and the launcher that hands
// MicroSIP's command line to the running phone: blocking, one connection, line by line.
#pragma once

#include <expected>
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "app/cli/control_request.hpp"

namespace sipline::app {

class ControlConnection {
 public:
  [[nodiscard]] static std::expected<ControlConnection, std::string> connect(
      const std::string& path);
  ~ControlConnection();
  ControlConnection(ControlConnection&& other) noexcept;
  ControlConnection& operator=(ControlConnection&&) = delete;
  ControlConnection(const ControlConnection&) = delete;
  ControlConnection& operator=(const ControlConnection&) = delete;

  [[nodiscard]] std::expected<void, std::string> send(std::string_view line);  // adds '\n'
  // The next line, without its newline; an error at the end of the stream.
  [[nodiscard]] std::expected<std::string, std::string> read_line();
  // Sends `line`, then reads to its response: the events before it go to `on_event`.
  [[nodiscard]] std::expected<std::string, std::string> ask(
      std::string_view line, const std::function<void(std::string_view)>& on_event = {});

 private:
  explicit ControlConnection(int fd) : fd_(fd) {}
  int fd_ = -1;
  std::string buffer_;
};

// A response line ({"response":true,…}), and whether it says ok.
[[nodiscard]] bool is_response(std::string_view line);
[[nodiscard]] bool response_ok(std::string_view line);

// `sipline ctl --help`.
[[nodiscard]] std::string_view ctl_usage();

}  // namespace sipline::app

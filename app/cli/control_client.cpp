// The control socket's client (control_client.hpp).
#include "app/cli/control_client.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <utility>

#include <fmt/format.h>

namespace sipline::app {
namespace {

constexpr std::size_t kMaxLine = 16 * 1024 * 1024;  // a calls list of thousands fits

}  // namespace

std::expected<ControlConnection, std::string> ControlConnection::connect(const std::string& path) {
  sockaddr_un address{};
  if (path.size() >= sizeof(address.sun_path)) {
    return std::unexpected(fmt::format("{}: path too long for a Unix socket", path));
  }
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return std::unexpected(fmt::format("socket: {}", std::strerror(errno)));
  }
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path, path.data(), path.size());
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0) {
    const int error = errno;
    ::close(fd);
    return std::unexpected(fmt::format("{}: {}", path, std::strerror(error)));
  }
  return ControlConnection(fd);
}

ControlConnection::~ControlConnection() {
  if (fd_ >= 0) {
    ::close(fd_);
  }
}

ControlConnection::ControlConnection(ControlConnection&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), buffer_(std::move(other.buffer_)) {}

std::expected<void, std::string> ControlConnection::send(std::string_view line) {
  std::string out(line);
  out.push_back('\n');
  for (std::size_t sent = 0; sent < out.size();) {
    const ssize_t n = ::send(fd_, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return std::unexpected(fmt::format("writing to the phone: {}", std::strerror(errno)));
    }
    sent += static_cast<std::size_t>(n);
  }
  return {};
}

std::expected<std::string, std::string> ControlConnection::read_line() {
  for (;;) {
    if (const auto newline = buffer_.find('\n'); newline != std::string::npos) {
      std::string line = buffer_.substr(0, newline);
      buffer_.erase(0, newline + 1);
      return line;
    }
    if (buffer_.size() > kMaxLine) {
      return std::unexpected("the phone sent a line too long to take");
    }
    std::array<char, 65536> chunk{};
    const ssize_t n = ::recv(fd_, chunk.data(), chunk.size(), 0);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n == 0) {
      return std::unexpected("the phone closed the connection");
    }
    if (n < 0) {
      return std::unexpected(fmt::format("reading from the phone: {}", std::strerror(errno)));
    }
    buffer_.append(chunk.data(), static_cast<std::size_t>(n));
  }
}

std::expected<std::string, std::string> ControlConnection::ask(
    std::string_view line, const std::function<void(std::string_view)>& on_event) {
  if (auto sent = send(line); !sent) {
    return std::unexpected(sent.error());
  }
  for (;;) {
    auto next = read_line();
    if (!next || is_response(*next)) {
      return next;
    }
    if (on_event) {
      on_event(*next);
    }
  }
}

bool is_response(std::string_view line) { return line.starts_with("{\"response\":true,"); }

bool response_ok(std::string_view line) {
  return line.starts_with("{\"response\":true,\"ok\":true");
}

std::string_view ctl_usage() {
  return "usage: sipline ctl [--config FILE | --control-socket PATH] COMMAND [ARGS]\n"
         "\n"
         "Sends one command to the running phone (the one started with the same --config) and\n"
         "prints its JSON response; exits 0 when it says ok, 1 when not, 3 when no phone runs.\n"
         "  sipline ctl events        print every event as it happens, one JSON line each\n"
         "  sipline ctl raw JSON      send a request written by hand\n"
         "\n"
         "commands and their arguments (NAME=VALUE names any parameter):\n"
         "  dial URI [ACCOUNT]   message URI TEXT…   answer|early|reject|hangup|hold|resume [ID]\n"
         "  hangupall [keep_incoming=true]   hangupincoming   hangupcalling\n"
         "  transfer TARGET [ID]   atransfer ID OTHER   dtmf KEYS [ID]   record on|off [ID]\n"
         "  conference ID ID… | off   mute microphone|speaker [on|off]\n"
         "  volume microphone|speaker up|down   dnd|aa|fwd [on|off]   account N   password PW\n"
         "  calls   stats [ID]   reg   minimize   quit\n";
}

}  // namespace sipline::app

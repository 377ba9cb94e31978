// The running phone's control front (control_front.hpp).
#include "app/cli/control_front.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <span>

#include <fmt/format.h>

#include "app/cli/event_json.hpp"
#include "base/random.hpp"
#include "base/text.hpp"

namespace sipline::app {
namespace {

// 128 random bits as hex, written to `path` (created 0600, replacing none: O_EXCL after unlink).
std::expected<std::string, std::string> write_token(const std::string& path) {
  std::array<std::byte, 16> bytes{};
  SystemRandom random;
  random.fill(bytes);
  std::string token;
  for (const std::byte byte : bytes) {
    token += fmt::format("{:02x}", static_cast<unsigned>(byte));
  }
  ::unlink(path.c_str());
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    return std::unexpected(fmt::format("control token file {}: {}", path, std::strerror(errno)));
  }
  const std::string line = token + "\n";
  const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ::close(fd);
  if (!written) {
    return std::unexpected(fmt::format("control token file {}: not written", path));
  }
  return token;
}

}  // namespace

std::expected<std::unique_ptr<ControlFront>, std::string> ControlFront::open(
    boost::asio::io_context& io, const std::string& socket, const std::string& tcp,
    const std::string& token_file, const ControlServer::Execute& execute) {
  auto front = std::make_unique<ControlFront>();
  if (!socket.empty()) {
    auto opened = ControlServer::open_unix(io, socket, execute);
    if (!opened) {
      return std::unexpected(opened.error());
    }
    front->unix_ = std::move(*opened);
  }
  if (!tcp.empty()) {
    const auto colon = tcp.rfind(':');
    std::string address = tcp.substr(0, colon);
    if (address.size() >= 2 && address.front() == '[' && address.back() == ']') {
      address = address.substr(1, address.size() - 2);  // [::1]
    }
    const auto port = parse_decimal<std::uint16_t>(std::string_view(tcp).substr(colon + 1));
    if (!port) {
      return std::unexpected(fmt::format("--control-tcp {}: not a port", tcp));
    }
    front->token_file_ = token_file;
    const auto token = write_token(front->token_file_);
    if (!token) {
      front->token_file_.clear();
      return std::unexpected(token.error());
    }
    auto opened = ControlServer::open_tcp(io, address, *port, *token, execute);
    if (!opened) {
      return std::unexpected(opened.error());
    }
    front->tcp_ = std::move(*opened);
    front->tcp_note_ = fmt::format("control on tcp {}:{}, token in {}", tcp.substr(0, colon),
                                   front->tcp_->tcp_port(), front->token_file_);
  }
  return front;
}

ControlFront::~ControlFront() {
  if (!token_file_.empty()) {
    ::unlink(token_file_.c_str());
  }
}

void ControlFront::publish(const PhoneEvent& event) {
  // The call path runs this for every event: no JSON is written when no client is there.
  const bool listened = (unix_ && unix_->listened_to()) || (tcp_ && tcp_->listened_to());
  if (!listened) {
    return;
  }
  const std::string json = event_json(event, std::chrono::system_clock::now());
  if (json.empty()) {
    return;
  }
  for (ControlServer* server : {unix_.get(), tcp_.get()}) {
    if (server != nullptr) {
      server->publish(json);
    }
  }
}

}  // namespace sipline::app

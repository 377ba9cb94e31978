// Where an instance's control socket lives, and whether an instance is already there. One
// instance per config file, as MicroSIP's exe name picks its ini: the socket is named after
// the config file ("work.ini" → work.sock; none → sipline.sock) in $XDG_RUNTIME_DIR/sipline/
// (or /tmp/sipline-UID/ when XDG_RUNTIME_DIR is not set or not a directory). The directory is
// ours alone: made 0700, and refused when it is a symlink, another user's, or open to others —
// a stranger who could make it could put a socket there that takes our commands.
#pragma once

#include <expected>
#include <string>
#include <string_view>

namespace sipline::app {

// The socket for `config_file` ("" when the phone runs without one).
[[nodiscard]] std::expected<std::string, std::string> control_socket_path(
    std::string_view config_file);

// Makes the socket's directory when it is not there, and checks it is ours and closed to
// others. The error is one line naming the directory.
[[nodiscard]] std::expected<void, std::string> prepare_control_directory(const std::string& socket);

enum class SocketState : std::uint8_t {
  kFree,   // nothing there
  kDead,   // a socket no one listens on: an instance that died (safe to remove)
  kLive,   // an instance is listening
  kOther,  // something else is there (a file, a socket we may not connect to): left alone
};
[[nodiscard]] SocketState probe_control_socket(const std::string& socket);

}  // namespace sipline::app

// What the program does with the control socket before (or instead of) running a phone: hand
// MicroSIP's command line to the phone already running, and `sipline ctl`.
#pragma once

#include <expected>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "app/cli/control_request.hpp"
#include "app/cli/microsip_command_line.hpp"
#include "app/cli/options.hpp"

namespace sipline::app {

// Exit statuses of the launcher and of `sipline ctl`.
inline constexpr int kExitRefused = 1;  // the phone took the line but refused a command
inline constexpr int kExitUsage = 2;    // a bad command line
inline constexpr int kExitNoPhone = 3;  // no phone is running there

// Sends each request to the phone at `socket`, in order; a refusal is one line on stderr.
// 0 when every one was carried out (or queued, as a dial waiting for a registration).
[[nodiscard]] int hand_off(const std::string& socket, const std::vector<ControlRequest>& requests);

// `sipline ctl ARGS`: options (--config, --control-socket), then the command.
[[nodiscard]] int run_ctl(std::span<const std::string> args);

// Where this phone takes commands, unless a phone runs there already: then the launch's
// requests go to it and `handed_off` holds the launcher's exit status (no phone starts here).
struct ControlPlace {
  std::string socket;      // the Unix socket to open; "" none (--control-socket none)
  std::string token_file;  // with --control-tcp: where its token goes (beside the socket)
  std::optional<int> handed_off;
};
[[nodiscard]] ControlPlace place_control(const Options& options, const MicrosipLaunch& launch);

// The socket `--control-socket` names, or the default for `config_file`; "" for none.
[[nodiscard]] std::expected<std::string, std::string> chosen_control_socket(
    const std::string& control_socket, const std::string& config_file);

}  // namespace sipline::app

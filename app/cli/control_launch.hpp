// What the program does with the control socket before (or instead of) running a phone: hand
// MicroSIP's command line to the phone already running, and `sipline ctl`.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "app/cli/control_request.hpp"

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

// The socket `--control-socket` names, or the default for `config_file`; "" for none.
[[nodiscard]] std::expected<std::string, std::string> chosen_control_socket(
    const std::string& control_socket, const std::string& config_file);

}  // namespace sipline::app

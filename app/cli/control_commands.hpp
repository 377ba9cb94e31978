// The control socket's commands carried out on the phone: a parsed request (control_request.hpp)
// in, a response out. The console's commands keep their console meaning (they are built into a
// ConsoleCommand from named parameters, never from text, so no parameter can smuggle a second
// command), and MicroSIP's command line adds its own (hangupincoming, hangupcalling, account,
// mute, volume, minimize, hold with toggle).
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "app/cli/control_request.hpp"
#include "app/core/phone.hpp"

namespace sipline::app {

struct ControlResponse {
  bool ok = true;
  std::string data = "null";  // JSON text
  std::string reason;         // why it failed
  bool quit = false;          // quit: the phone leaves once the response is written
};

// A response saying no, and why.
[[nodiscard]] inline ControlResponse refusal(std::string reason) {
  return {false, "null", std::move(reason), false};
}

[[nodiscard]] ControlResponse execute_control(Phone& phone, const ControlRequest& request);

// {"response":true,"ok":true,"data":…,"token":"abc"} (no newline); the token only when given.
[[nodiscard]] std::string control_response_json(const ControlResponse& response,
                                                std::string_view token);

// The commands execute_control knows, for `sipline ctl --help` and the README.
[[nodiscard]] std::string_view control_command_list();

// The volume step of micup/micdown/speakup/speakdown, and the range it stays in.
inline constexpr double kVolumeStepDb = 3;
inline constexpr double kVolumeMinDb = -30;
inline constexpr double kVolumeMaxDb = 12;

}  // namespace sipline::app

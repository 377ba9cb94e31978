// Words as a control request: `sipline ctl dial sip:bob@x` and baresip's ctrl_tcp requests,
// whose "params" is the console's argument line as one string. Positional arguments are named
// per command (dial URI [ACCOUNT], dtmf KEYS [ID], transfer TARGET [ID], record on|off [ID],
// conference ID ID… | off, mute DEVICE [on|off], volume DEVICE up|down …; a message's text
// is every word after its URI), and NAME=VALUE names any parameter.
#pragma once

#include <expected>
#include <span>
#include <string>

#include "app/cli/control_request.hpp"

namespace sipline::app {

// `args`: the command, then its arguments.
[[nodiscard]] std::expected<ControlRequest, std::string> request_from_arguments(
    std::span<const std::string> args);

// The request with its params_text (baresip's string params) read into named params; as it is
// when it has none.
[[nodiscard]] std::expected<ControlRequest, std::string> with_named_params(
    const ControlRequest& request);

}  // namespace sipline::app

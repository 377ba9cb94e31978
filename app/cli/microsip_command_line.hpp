// MicroSIP's command line, as MicroSIP 3.21 reads it, translated into control requests for the
// running instance (control_request.hpp). MicroSIP takes one raw command line: sipline joins
// its arguments (those that are not sipline's own --options) with single spaces and reads that.
//
//   NUMBER | URI        dial it: tel:, sip:, callto:, dialpad:, dial: prefixes stripped (any
//                       case, with a leading "//" and a trailing "/"), sips: kept (TLS);
//                       %20 and %2B decoded; "NUMBER,DIGITS" dials with post-dial DTMF;
//                       "NUMBER TEXT" sends TEXT as a SIP MESSAGE instead
//   /answer             answer the first ringing incoming call      (-answer too)
//   /hangupall          hang up every call but ringing incoming ones (-hangup too)
//   /hangupincoming     refuse the ringing incoming calls
//   /hangupcalling      hang up our calls not answered yet
//   /dtmf:DIGITS        keys in the current call
//   /transfer:NUMBER    transfer the current call
//   /account:N          make account N the default, then handle the rest of the line
//   /password:PW        the default account's password, then the rest
//   /exit               quit the running instance                    (-exit too)
//   /minimized          start without a console
//   msip:VERB           minimize, answer, hangupall, hold (toggle), transfer_NUM, micmute,
//                       micunmute, speakmute, speakunmute, micmuteclick, speakmuteclick
//                       (toggles), micup, micdown, speakup, speakdown (volume steps)
//
// The JSON commands they become are those of the control socket (README "Control socket").
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "app/cli/control_request.hpp"

namespace sipline::app {

struct MicrosipLaunch {
  std::vector<ControlRequest> requests;  // in the order they are carried out
  // False when the line only makes sense to a phone already running (/answer, /hangupall,
  // /hangupincoming, /hangupcalling, /exit, msip: verbs but none that dials): with no instance,
  // the launcher starts nothing and exits.
  bool starts_instance = true;
  bool minimized = false;  // /minimized
};

// `line`: the arguments joined by single spaces. An empty line is an empty launch (no requests,
// starts_instance true: plain `sipline` starts the phone). Errors name what is wrong: "/dtmf:
// needs digits (0-9 * # A-D)".
[[nodiscard]] std::expected<MicrosipLaunch, std::string> parse_microsip_command_line(
    std::string_view line);

// A dial target as MicroSIP cleans it: prefixes stripped, %20/%2B decoded, tel: numbers with
// their '+' kept and RFC 3966 visual separators (- . ( ) and blanks) dropped.
[[nodiscard]] std::string microsip_dial_target(std::string_view target);

}  // namespace sipline::app

// The console: one command line in, the phone acted on, one reply out. The same commands serve
// the interactive console and scripts writing to sipline's standard input. Parsing is separate
// from acting so that any line can be checked (and fuzzed) without a phone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/core/phone.hpp"

namespace sipline::app {

enum class ConsoleVerb : std::uint8_t {
  kNone,  // an empty line
  kDial,
  kAnswer,
  kEarly,
  kReject,
  kHangup,
  kHangupAll,
  kHold,
  kResume,
  kDtmf,
  kMessage,
  kDnd,
  kAa,
  kFwd,
  kTransfer,
  kAttendedTransfer,
  kRecord,
  kConference,
  kCalls,
  kStats,
  kReg,
  kQuit,
  kUnknown,
};

// One line, parsed. Views point into the line.
struct ConsoleCommand {
  ConsoleVerb verb = ConsoleVerb::kNone;
  std::string_view word;             // the command as typed ("d", "dial" …)
  std::string_view argument;         // the rest, trimmed: dial's target, or a call id
  std::optional<sip::CallId> call;   // answer, early, reject, hangup, hold, resume, stats, dtmf
  std::string_view keys;             // dtmf: the keys to press
  std::optional<sip::CallId> other;  // atransfer: the call whose peer takes ours
  std::vector<sip::CallId> calls;    // conference: the calls to join (none: "off")
  std::string_view text;             // message, and dial with a text: what to send
  std::string error;                 // what is wrong with the line; empty when nothing is
};

[[nodiscard]] ConsoleCommand parse_command(std::string_view line);

struct ConsoleReply {
  std::string text;  // empty: nothing to say (the phone reports what happens)
  bool quit = false;
};

[[nodiscard]] ConsoleReply run_command(Phone& phone, std::string_view line);

// What carrying out a command (parsed without error) came to: the console words it as one line,
// the control socket as a JSON response (control_commands.hpp).
struct CommandOutcome {
  bool ok = true;
  std::string text;                   // the reply (calls, reg, dnd …), or why it failed
  std::optional<std::uint32_t> id{};  // dial: the call placed; message: the message's id
  bool quit = false;
};

[[nodiscard]] CommandOutcome carry_out(Phone& phone, const ConsoleCommand& command);

}  // namespace sipline::app

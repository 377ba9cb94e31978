// Console commands: dial, answer, reject, hangup, hangupall, hold, resume, transfer, atransfer,
// record, conference, dtmf, message, dnd, aa, fwd, calls, stats, reg, quit,
// with one-key aliases.
#include "app/cli/console.hpp"

#include <array>
#include <utility>

#include <fmt/format.h>

#include "app/cli/call_record_text.hpp"
#include "app/cli/event_text.hpp"
#include "base/text.hpp"

namespace sipline::app {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

constexpr std::array<std::pair<std::string_view, ConsoleVerb>, 29> kWords{{
    {"dial", ConsoleVerb::kDial},
    {"d", ConsoleVerb::kDial},
    {"answer", ConsoleVerb::kAnswer},
    {"a", ConsoleVerb::kAnswer},
    {"early", ConsoleVerb::kEarly},
    {"reject", ConsoleVerb::kReject},
    {"j", ConsoleVerb::kReject},
    {"hangup", ConsoleVerb::kHangup},
    {"h", ConsoleVerb::kHangup},
    {"hangupall", ConsoleVerb::kHangupAll},
    {"H", ConsoleVerb::kHangupAll},
    {"hold", ConsoleVerb::kHold},
    {"resume", ConsoleVerb::kResume},
    {"dtmf", ConsoleVerb::kDtmf},
    {"message", ConsoleVerb::kMessage},
    {"dnd", ConsoleVerb::kDnd},
    {"aa", ConsoleVerb::kAa},
    {"calls", ConsoleVerb::kCalls},
    {"c", ConsoleVerb::kCalls},
    {"stats", ConsoleVerb::kStats},
    {"reg", ConsoleVerb::kReg},
    {"r", ConsoleVerb::kReg},
    {"quit", ConsoleVerb::kQuit},
    {"q", ConsoleVerb::kQuit},
    {"fwd", ConsoleVerb::kFwd},
    {"transfer", ConsoleVerb::kTransfer},
    {"atransfer", ConsoleVerb::kAttendedTransfer},
    {"record", ConsoleVerb::kRecord},
    {"conference", ConsoleVerb::kConference},
}};

ConsoleVerb verb_of(std::string_view word) {
  for (const auto& [name, verb] : kWords) {
    if (name == word) {
      return verb;
    }
  }
  return ConsoleVerb::kUnknown;
}

// The command's name in "… failed: reason".
std::string_view name_of(ConsoleVerb verb) {
  for (const auto& [name, each] : kWords) {
    if (each == verb && name.size() > 1) {
      return name;
    }
  }
  return "command";
}

Result<void> act_on_call(Phone& phone, ConsoleVerb verb, std::optional<sip::CallId> call) {
  switch (verb) {
    case ConsoleVerb::kAnswer:
      return phone.answer(call);
    case ConsoleVerb::kEarly:
      return phone.early_media(call);
    case ConsoleVerb::kReject:
      return phone.reject(call);
    case ConsoleVerb::kHold:
      return phone.hold(call);
    case ConsoleVerb::kResume:
      return phone.resume(call);
    default:
      return phone.hangup(call);
  }
}

std::string stats_reply(const std::map<std::uint32_t, CallStatistics>& all,
                        std::optional<sip::CallId> call) {
  std::string text;
  for (const auto& [id, statistics] : all) {
    if (!call || *call == id) {
      text += (text.empty() ? "" : "\n") + statistics_text(id, statistics);
    }
  }
  if (text.empty()) {
    return call ? fmt::format("call {} has no media running", *call) : "no call has media running";
  }
  return text;
}

// "id rest" → {"id", "rest"} at the first blank, each trimmed; {text, ""} when there is none.
std::pair<std::string_view, std::string_view> split_first_word(std::string_view text) {
  const auto blank = text.find_first_of(" \t");
  if (blank == std::string_view::npos) {
    return {text, {}};
  }
  return {text.substr(0, blank), trim(text.substr(blank))};
}

}  // namespace

ConsoleCommand parse_command(std::string_view line) {
  line = trim(line);
  const auto space = line.find(' ');
  ConsoleCommand out;
  out.word = line.substr(0, space);
  out.argument = space == std::string_view::npos ? "" : trim(line.substr(space));
  if (out.word.empty()) {
    return out;
  }
  out.verb = verb_of(out.word);
  switch (out.verb) {
    case ConsoleVerb::kDial:
    case ConsoleVerb::kMessage: {
      // MicroSIP's "NUMBER TEXT" dial string sends TEXT as a message instead of calling.
      const auto [target, text] = split_first_word(out.argument);
      if (!text.empty()) {
        out.argument = target;
        out.text = text;
        out.verb = ConsoleVerb::kMessage;
      }
      if (out.argument.empty()) {
        out.error = "usage: dial sip:user@host[:port]";
      } else if (out.verb == ConsoleVerb::kMessage && out.text.empty()) {
        out.error = "usage: message sip:user@host[:port] TEXT";
      }
      break;
    }
    case ConsoleVerb::kAnswer:
    case ConsoleVerb::kEarly:
    case ConsoleVerb::kReject:
    case ConsoleVerb::kHangup:
    case ConsoleVerb::kHold:
    case ConsoleVerb::kResume:
    case ConsoleVerb::kStats:
      // An optional call id: absent (the ringing or only call), or a number.
      if (!out.argument.empty()) {
        const auto id = parse_decimal<sip::CallId>(out.argument);
        if (!id) {
          out.error = fmt::format("not a call id: '{}'", out.argument);
        }
        out.call = id.value_or(0);
      }
      break;
    case ConsoleVerb::kTransfer: {
      // transfer [ID] TARGET: two words, a call id and the target; one, the target.
      const auto [first, rest] = split_first_word(out.argument);
      if (!rest.empty()) {
        const auto id = parse_decimal<sip::CallId>(first);
        if (!id) {
          out.error = fmt::format("not a call id: '{}'", first);
        }
        out.call = id.value_or(0);
        out.argument = rest;
      }
      if (out.argument.empty() || out.argument.find_first_of(" \t") != std::string_view::npos) {
        out.error = "usage: transfer [ID] NUMBER|URI";
      }
      break;
    }
    case ConsoleVerb::kConference: {
      // conference ID ID… joins calls; conference off ends it.
      constexpr std::size_t kMaxMembers = 16;
      if (out.argument != "off") {
        for (std::string_view rest = out.argument; !rest.empty();) {
          const auto [word, after] = split_first_word(rest);
          const auto id = parse_decimal<sip::CallId>(word);
          if (!id || out.calls.size() == kMaxMembers) {
            out.error = "usage: conference ID ID… (or: conference off)";
            break;
          }
          out.calls.push_back(*id);
          rest = after;
        }
        if (out.calls.size() < 2 && out.error.empty()) {
          out.error = "usage: conference ID ID… (or: conference off)";
        }
      }
      break;
    }
    case ConsoleVerb::kRecord: {
      // record [ID] on|off
      const auto [first, rest] = split_first_word(out.argument);
      const std::string_view state = rest.empty() ? first : rest;
      if (!rest.empty()) {
        const auto id = parse_decimal<sip::CallId>(first);
        if (!id) {
          out.error = fmt::format("not a call id: '{}'", first);
        }
        out.call = id.value_or(0);
      }
      if (state != "on" && state != "off") {
        out.error = "usage: record [ID] on|off";
      }
      out.argument = state;
      break;
    }
    case ConsoleVerb::kAttendedTransfer: {
      // atransfer ID OTHER_ID: the peer of ID is asked to call the peer of OTHER_ID instead.
      const auto [first, rest] = split_first_word(out.argument);
      const auto id = parse_decimal<sip::CallId>(first);
      const auto other = parse_decimal<sip::CallId>(rest);
      if (!id || !other) {
        out.error = "usage: atransfer ID OTHER_ID (the peer of ID is put through to OTHER_ID's)";
      }
      out.call = id.value_or(0);
      out.other = other.value_or(0);
      break;
    }
    case ConsoleVerb::kDtmf: {
      // dtmf [ID] KEYS: two words, a call id and the keys; one, the keys.
      const auto [first, rest] = split_first_word(out.argument);
      out.keys = rest.empty() ? first : rest;
      if (!rest.empty()) {
        const auto id = parse_decimal<sip::CallId>(first);
        if (!id) {
          out.error = fmt::format("not a call id: '{}'", first);
        }
        out.call = id.value_or(0);
      }
      if (out.keys.empty()) {
        out.error = "usage: dtmf [ID] KEYS (0-9 * # A-D, ',' a second's pause)";
      }
      break;
    }
    case ConsoleVerb::kDnd:
    case ConsoleVerb::kAa:
    case ConsoleVerb::kFwd:
      if (!out.argument.empty() && out.argument != "on" && out.argument != "off") {
        out.error = fmt::format("usage: {} [on|off] (alone: switch it)", out.word);
      }
      break;
    case ConsoleVerb::kUnknown:
      out.error = fmt::format(
          "unknown command '{}' (dial, answer, early, reject, hangup, hangupall, hold, resume, "
          "transfer, atransfer, record, conference, dtmf, message, dnd, aa, fwd, calls, stats, "
          "reg, quit)",
          out.word);
      break;
    default:
      break;
  }
  return out;
}

ConsoleReply run_command(Phone& phone, std::string_view line) {
  const ConsoleCommand command = parse_command(line);
  if (!command.error.empty()) {
    return {command.error};
  }
  CommandOutcome outcome = carry_out(phone, command);
  if (!outcome.ok) {
    return {fmt::format("{} failed: {}", name_of(command.verb), outcome.text)};
  }
  return {std::move(outcome.text), outcome.quit};
}

CommandOutcome carry_out(Phone& phone, const ConsoleCommand& command) {
  const auto failure = [](const Error& error) {
    CommandOutcome outcome;
    outcome.ok = false;
    outcome.text = error.reason;
    return outcome;
  };
  const auto reply = [](std::string text) {
    CommandOutcome outcome;
    outcome.text = std::move(text);
    return outcome;
  };
  const auto placed = [](std::uint32_t id) {
    CommandOutcome outcome;
    outcome.id = id;
    return outcome;
  };
  const auto done = [&](const Result<void>& result) {
    return result ? CommandOutcome{} : failure(result.error());
  };
  switch (command.verb) {
    case ConsoleVerb::kDial: {
      const auto call = phone.dial(command.argument);
      return call ? placed(*call) : failure(call.error());
    }
    case ConsoleVerb::kAnswer:
    case ConsoleVerb::kEarly:
    case ConsoleVerb::kReject:
    case ConsoleVerb::kHangup:
    case ConsoleVerb::kHold:
    case ConsoleVerb::kResume:
      return done(act_on_call(phone, command.verb, command.call));
    case ConsoleVerb::kHangupAll:
      phone.hangup_all();
      return {};
    case ConsoleVerb::kDnd:
      // MicroSIP's DND button: on refuses every incoming call with 486 until it is off again.
      phone.set_do_not_disturb(command.argument.empty() ? !phone.do_not_disturb()
                                                        : command.argument == "on");
      return reply(phone.do_not_disturb() ? "do not disturb: on (incoming calls get 486)"
                                          : "do not disturb: off");
    case ConsoleVerb::kAa:
      // MicroSIP's AA button: every incoming call answered at once while it is on.
      phone.set_auto_answer(command.argument.empty() ? !phone.auto_answer()
                                                     : command.argument == "on");
      return reply(phone.auto_answer() ? "auto-answer: on" : "auto-answer: off");
    case ConsoleVerb::kFwd: {
      // MicroSIP's FWD button: every incoming call sent on to forwardingNumber while it is on.
      const bool on = command.argument.empty() ? !phone.forwarding() : command.argument == "on";
      if (auto set = phone.set_forwarding(on); !set) {
        return failure(set.error());
      }
      return reply(phone.forwarding() ? "forwarding: on (incoming calls get 302)"
                                      : "forwarding: off");
    }
    case ConsoleVerb::kMessage: {
      const auto sent = phone.send_message(command.argument, command.text);
      return sent ? placed(*sent) : failure(sent.error());
    }
    case ConsoleVerb::kTransfer:
      return done(phone.transfer(command.call, command.argument));
    case ConsoleVerb::kConference:
      return done(phone.conference(command.calls));
    case ConsoleVerb::kRecord:
      return done(phone.record(command.call, command.argument == "on"));
    case ConsoleVerb::kAttendedTransfer:
      return done(phone.attended_transfer(command.call.value_or(0), command.other.value_or(0)));
    case ConsoleVerb::kDtmf:
      return done(phone.send_dtmf(command.call, command.keys));
    case ConsoleVerb::kCalls:
      return reply(calls_text(phone.calls()));
    case ConsoleVerb::kStats:
      return reply(stats_reply(phone.statistics(), command.call));
    case ConsoleVerb::kReg:
      return reply(accounts_text(phone.accounts()));
    case ConsoleVerb::kQuit:
      return {.ok = true, .text = {}, .id = {}, .quit = true};
    default:
      return {};
  }
}

}  // namespace sipline::app

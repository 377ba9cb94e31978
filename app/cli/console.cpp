// Console commands: dial, answer, reject, hangup, hangupall, calls, reg, quit, with one-key
// aliases.
#include "app/cli/console.hpp"

#include <optional>

#include <fmt/format.h>

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

// An optional call id argument: absent (`id` empty), a number, or malformed (`valid` false).
struct CallArgument {
  bool valid = true;
  std::optional<sip::CallId> id;
};

CallArgument call_id(std::string_view argument) {
  CallArgument out;
  if (argument.empty()) {
    return out;
  }
  const auto id = parse_decimal<sip::CallId>(argument);
  out.valid = id.has_value();
  out.id = id.value_or(0);
  return out;
}

}  // namespace

ConsoleReply run_command(Phone& phone, std::string_view line) {
  line = trim(line);
  const auto space = line.find(' ');
  const std::string_view command = line.substr(0, space);
  const std::string_view argument = space == std::string_view::npos ? "" : trim(line.substr(space));
  if (command.empty()) {
    return {};
  }
  if (command == "dial" || command == "d") {
    if (argument.empty()) {
      return {"usage: dial sip:user@host[:port]"};
    }
    const auto call = phone.dial(argument);
    return {call ? "" : fmt::format("dial failed: {}", call.error().reason)};
  }
  if (command == "answer" || command == "a" || command == "reject" || command == "j" ||
      command == "hangup" || command == "h") {
    const CallArgument call = call_id(argument);
    if (!call.valid) {
      return {fmt::format("not a call id: '{}'", argument)};
    }
    const char verb = command.front();  // a, r or h: "j" is reject's alias
    const auto done = verb == 'a'   ? phone.answer(call.id)
                      : verb == 'h' ? phone.hangup(call.id)
                                    : phone.reject(call.id);
    const std::string_view name = verb == 'a' ? "answer" : verb == 'h' ? "hangup" : "reject";
    return {done ? "" : fmt::format("{} failed: {}", name, done.error().reason)};
  }
  if (command == "hangupall" || command == "H") {
    phone.hangup_all();
    return {};
  }
  if (command == "calls" || command == "c") {
    const auto calls = phone.calls();
    if (calls.empty()) {
      return {"no calls"};
    }
    std::string text;
    for (const CallInfo& call : calls) {
      text += fmt::format("call {} {} {} {}{}{}\n", call.id, call.outgoing ? "to" : "from",
                          call.peer, call.state, call.codec.empty() ? "" : " ", call.codec);
    }
    text.pop_back();
    return {text};
  }
  if (command == "reg" || command == "r") {
    return {phone.registration_status()};
  }
  if (command == "quit" || command == "q") {
    return {"", true};
  }
  return {fmt::format(
      "unknown command '{}' (dial, answer, reject, hangup, hangupall, calls, reg, quit)", command)};
}

}  // namespace sipline::app

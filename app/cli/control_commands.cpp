// The control socket's commands (control_commands.hpp): each request's parameters checked by
// name and type, then carried out as the console's command or by the phone directly.
#include "app/cli/control_commands.hpp"

#include <algorithm>
#include <array>
#include <iterator>
#include <optional>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "app/cli/call_record_text.hpp"
#include "app/cli/console.hpp"
#include "app/cli/control_arguments.hpp"
#include "app/cli/event_text.hpp"

namespace sipline::app {
namespace {

ControlResponse with_data(std::string data) { return {true, std::move(data), {}, false}; }

bool has_control_character(std::string_view text) {
  return std::ranges::any_of(text, [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7F;
  });
}

// The parameters of one request, read by name: each getter says what is wrong in `error`.
class Params {
 public:
  explicit Params(const ControlRequest& request) : request_(request) {}

  // A string that must be there (or may not, `required` false: "" then), without control
  // characters unless `multiline`.
  std::string_view text(std::string_view name, bool required = true, bool multiline = false) {
    const ControlValue* value = request_.param(name);
    if (value == nullptr || value->kind == ControlValue::Kind::kNull) {
      if (required) {
        complain(fmt::format("params.{} is missing", name));
      }
      return {};
    }
    if (value->kind != ControlValue::Kind::kString || value->text.empty()) {
      complain(fmt::format("params.{} must be a non-empty string", name));
      return {};
    }
    if (!multiline && has_control_character(value->text)) {
      complain(fmt::format("params.{} holds a control character", name));
      return {};
    }
    return value->text;
  }
  // A call id (or another whole number), absent allowed unless `required`.
  std::optional<std::uint32_t> number(std::string_view name, bool required = false) {
    const ControlValue* value = request_.param(name);
    if (value == nullptr || value->kind == ControlValue::Kind::kNull) {
      if (required) {
        complain(fmt::format("params.{} is missing", name));
      }
      return std::nullopt;
    }
    const auto number = value->as_unsigned();
    if (!number) {
      complain(fmt::format("params.{} must be a whole number", name));
    }
    return number;
  }
  // true/false, or "on"/"off"; absent: nullopt (a switch then toggles).
  std::optional<bool> on(std::string_view name = "on") {
    const ControlValue* value = request_.param(name);
    if (value == nullptr || value->kind == ControlValue::Kind::kNull) {
      return std::nullopt;
    }
    if (value->kind == ControlValue::Kind::kBool) {
      return value->boolean;
    }
    if (value->kind == ControlValue::Kind::kString &&
        (value->text == "on" || value->text == "off")) {
      return value->text == "on";
    }
    complain(fmt::format("params.{} must be true or false", name));
    return std::nullopt;
  }
  // Only these names may be given: a misspelt parameter is an error, not ignored.
  void allow(std::initializer_list<std::string_view> names) {
    for (const auto& [name, value] : request_.params) {
      if (std::ranges::find(names, name) == names.end()) {
        complain(fmt::format("unknown parameter '{}' for {}", name, request_.command));
      }
    }
  }
  [[nodiscard]] const std::string& error() const { return error_; }

 private:
  void complain(std::string what) {
    if (error_.empty()) {
      error_ = std::move(what);
    }
  }
  const ControlRequest& request_;
  std::string error_;
};

std::string_view state_name(PhoneCallState state) { return to_string(state); }

std::string calls_json(const std::vector<CallInfo>& calls) {
  std::string out = "[";
  for (const CallInfo& info : calls) {
    fmt::format_to(std::back_inserter(out),
                   "{}{{\"id\":{},\"direction\":\"{}\",\"peeruri\":\"{}\",\"peername\":\"{}\","
                   "\"state\":\"{}\",\"codec\":\"{}\",\"held\":{},\"held_by_peer\":{}}}",
                   out.size() > 1 ? "," : "", info.call.id,
                   info.call.direction == CallDirection::kIncoming ? "incoming" : "outgoing",
                   json_escape(info.call.remote_uri), json_escape(info.call.display_name),
                   state_name(info.state), json_escape(info.codec), info.held, info.held_by_peer);
  }
  return out + "]";
}

std::string accounts_json(const std::vector<AccountInfo>& accounts) {
  std::string out = "[";
  for (const AccountInfo& account : accounts) {
    fmt::format_to(std::back_inserter(out),
                   "{}{{\"index\":{},\"default\":{},\"name\":\"{}\",\"state\":\"{}\","
                   "\"expires\":{}}}",
                   out.size() > 1 ? "," : "", account.index, account.is_default,
                   json_escape(account.name), sip::to_string(account.state),
                   account.granted_expires);
  }
  return out + "]";
}

// A console command carried out, its outcome as a response (data: the id or the reply text).
ControlResponse console(Phone& phone, const ConsoleCommand& command) {
  CommandOutcome outcome = carry_out(phone, command);
  if (!outcome.ok) {
    return refusal(std::move(outcome.text));
  }
  ControlResponse response;
  response.quit = outcome.quit;
  if (outcome.id) {
    response.data = fmt::format("{{\"id\":{}}}", *outcome.id);
  } else if (!outcome.text.empty()) {
    response.data = fmt::format("\"{}\"", json_escape(outcome.text));
  }
  return response;
}

// MicroSIP's hang-ups by kind: every call but ringing incoming ones (/hangupall), the ringing
// incoming ones (/hangupincoming), our calls not answered yet (/hangupcalling).
enum class Which : std::uint8_t { kAllButRinging, kRingingIncoming, kUnansweredOutgoing };

ControlResponse hang_up(Phone& phone, Which which) {
  std::string ended;
  for (const CallInfo& info : phone.calls()) {
    const bool ringing_in =
        info.call.direction == CallDirection::kIncoming && info.state != PhoneCallState::kConfirmed;
    const bool unanswered_out =
        info.call.direction == CallDirection::kOutgoing && info.state != PhoneCallState::kConfirmed;
    const bool chosen = which == Which::kAllButRinging     ? !ringing_in
                        : which == Which::kRingingIncoming ? ringing_in
                                                           : unanswered_out;
    if (chosen && (ringing_in ? phone.reject(info.call.id) : phone.hangup(info.call.id))) {
      fmt::format_to(std::back_inserter(ended), "{}{}", ended.empty() ? "" : ",", info.call.id);
    }
  }
  return with_data("{\"calls\":[" + ended + "]}");
}

// msip:hold: holds the call named (or the newest confirmed one), or resumes it when held.
ControlResponse toggle_hold(Phone& phone, std::optional<sip::CallId> id) {
  const auto calls = phone.calls();
  const auto it = std::ranges::find_if(calls.rbegin(), calls.rend(), [&](const CallInfo& info) {
    return id ? info.call.id == *id : info.state == PhoneCallState::kConfirmed;
  });
  if (it == calls.rend()) {
    return refusal(id ? "no such call" : "no confirmed call to hold");
  }
  const auto done = it->held ? phone.resume(it->call.id) : phone.hold(it->call.id);
  if (!done) {
    return refusal(std::string(done.error().reason));
  }
  return with_data(fmt::format("{{\"id\":{},\"held\":{}}}", it->call.id, !it->held));
}

ControlResponse levels(Phone& phone, std::string_view device, std::optional<bool> mute,
                       std::string_view step) {
  if (device != "microphone" && device != "speaker") {
    return refusal("params.device must be \"microphone\" or \"speaker\"");
  }
  AudioLevels levels = phone.audio_levels();
  const bool speaker = device == "speaker";
  bool& muted = speaker ? levels.speaker_muted : levels.microphone_muted;
  double& gain = speaker ? levels.speaker_gain_db : levels.microphone_gain_db;
  if (!step.empty()) {
    if (step != "up" && step != "down") {
      return refusal("params.step must be \"up\" or \"down\"");
    }
    gain = std::clamp(gain + (step == "up" ? kVolumeStepDb : -kVolumeStepDb), kVolumeMinDb,
                      kVolumeMaxDb);
  } else {
    muted = mute.value_or(!muted);
  }
  phone.set_audio_levels(levels);
  return with_data(
      fmt::format("{{\"device\":\"{}\",\"muted\":{},\"gain_db\":{}}}", device, muted, gain));
}

ControlResponse execute_named(Phone& phone, const ControlRequest& request);

}  // namespace

ControlResponse execute_control(Phone& phone, const ControlRequest& request) {
  if (!request.params_text) {
    return execute_named(phone, request);
  }
  const auto named = with_named_params(request);  // baresip's form: the argument line
  return named ? execute_named(phone, *named) : refusal(named.error());
}

namespace {

ControlResponse execute_named(Phone& phone, const ControlRequest& request) {
  Params params(request);
  const std::string_view command = request.command;
  ConsoleCommand console_command;
  const auto verb = [&](ConsoleVerb v, std::initializer_list<std::string_view> names) {
    params.allow(names);
    console_command.verb = v;
    console_command.word = command;
  };
  if (command == "dial") {
    verb(ConsoleVerb::kDial, {"uri", "account"});
    console_command.argument = params.text("uri");
    if (const auto account = params.number("account"); account && params.error().empty()) {
      // As MicroSIP's /account:N: the account becomes the default, then the call goes.
      if (const auto set = phone.set_default_account(*account); !set) {
        return refusal(std::string(set.error().reason));
      }
    }
  } else if (command == "message") {
    verb(ConsoleVerb::kMessage, {"uri", "text"});
    console_command.argument = params.text("uri");
    console_command.text = params.text("text", true, true);
  } else if (command == "hold" && request.param("toggle") != nullptr) {
    params.allow({"id", "toggle"});
    const auto id = params.number("id");
    const auto toggle = params.on("toggle");
    if (!params.error().empty()) {
      return refusal(params.error());
    }
    if (toggle.value_or(false)) {
      return toggle_hold(phone, id);
    }
    verb(ConsoleVerb::kHold, {"id", "toggle"});
    console_command.call = id;
  } else if (command == "answer" || command == "early" || command == "reject" ||
             command == "hangup" || command == "resume" || command == "stats" ||
             command == "hold") {
    constexpr std::array<std::pair<std::string_view, ConsoleVerb>, 7> kVerbs{{
        {"answer", ConsoleVerb::kAnswer},
        {"early", ConsoleVerb::kEarly},
        {"reject", ConsoleVerb::kReject},
        {"hangup", ConsoleVerb::kHangup},
        {"resume", ConsoleVerb::kResume},
        {"stats", ConsoleVerb::kStats},
        {"hold", ConsoleVerb::kHold},
    }};
    verb(std::ranges::find(kVerbs, command, &std::pair<std::string_view, ConsoleVerb>::first)
             ->second,
         {"id"});
    console_command.call = params.number("id");
  } else if (command == "hangupall") {
    verb(ConsoleVerb::kHangupAll, {"keep_incoming"});
    if (params.on("keep_incoming").value_or(false) && params.error().empty()) {
      return hang_up(phone, Which::kAllButRinging);
    }
  } else if (command == "hangupincoming" || command == "hangupcalling") {
    params.allow({});
    if (params.error().empty()) {
      return hang_up(phone, command == "hangupincoming" ? Which::kRingingIncoming
                                                        : Which::kUnansweredOutgoing);
    }
  } else if (command == "transfer") {
    verb(ConsoleVerb::kTransfer, {"target", "id"});
    console_command.argument = params.text("target");
    console_command.call = params.number("id");
  } else if (command == "atransfer") {
    verb(ConsoleVerb::kAttendedTransfer, {"id", "other"});
    console_command.call = params.number("id", true);
    console_command.other = params.number("other", true);
  } else if (command == "dtmf") {
    verb(ConsoleVerb::kDtmf, {"keys", "id"});
    console_command.keys = params.text("keys");
    console_command.call = params.number("id");
  } else if (command == "record") {
    verb(ConsoleVerb::kRecord, {"on", "id"});
    const auto on = params.on();
    if (!on && params.error().empty()) {
      return refusal("params.on is missing");
    }
    console_command.argument = on.value_or(false) ? "on" : "off";
    console_command.call = params.number("id");
  } else if (command == "conference") {
    verb(ConsoleVerb::kConference, {"calls"});
    if (const ControlValue* calls = request.param("calls"); calls != nullptr) {
      const bool list = calls->kind == ControlValue::Kind::kArray;
      for (const ControlValue& item : list ? calls->items : std::vector<ControlValue>{}) {
        if (const auto id = item.as_unsigned()) {
          console_command.calls.push_back(*id);
        }
      }
      if (!list || console_command.calls.size() != calls->items.size() ||
          console_command.calls.size() == 1) {
        return refusal("params.calls must be two or more call ids (none or []: the end of it)");
      }
    }
  } else if (command == "dnd" || command == "aa" || command == "fwd") {
    verb(command == "dnd"  ? ConsoleVerb::kDnd
         : command == "aa" ? ConsoleVerb::kAa
                           : ConsoleVerb::kFwd,
         {"on"});
    const auto on = params.on();
    console_command.argument = !on ? "" : *on ? "on" : "off";
  } else if (command == "calls") {
    params.allow({});
    if (params.error().empty()) {
      return with_data(calls_json(phone.calls()));
    }
  } else if (command == "reg" || command == "accounts") {
    params.allow({});
    if (params.error().empty()) {
      return with_data(accounts_json(phone.accounts()));
    }
  } else if (command == "account") {
    params.allow({"index"});
    const auto index = params.number("index", true);
    if (params.error().empty()) {
      const auto set = phone.set_default_account(*index);
      return set ? with_data(accounts_json(phone.accounts()))
                 : refusal(std::string(set.error().reason));
    }
  } else if (command == "password") {
    params.allow({"password"});
    const std::string_view password = params.text("password");
    if (params.error().empty()) {
      const auto set = phone.set_password(std::string(password));
      return set ? ControlResponse{} : refusal(std::string(set.error().reason));
    }
  } else if (command == "mute" || command == "volume") {
    params.allow({"device", "on", "step"});
    const std::string_view device = params.text("device");
    const auto on = params.on();
    const std::string_view step = command == "volume" ? params.text("step") : "";
    if (params.error().empty()) {
      return levels(phone, device, on, step);
    }
  } else if (command == "minimize") {
    params.allow({});
    if (params.error().empty()) {
      return {};  // a console has no window to hide: nothing to do, and nothing wrong
    }
  } else if (command == "quit") {
    verb(ConsoleVerb::kQuit, {});
  } else {
    return refusal(fmt::format("unknown command '{}' ({})", command, control_command_list()));
  }
  if (!params.error().empty()) {
    return refusal(params.error());
  }
  return console(phone, console_command);
}

}  // namespace

std::string control_response_json(const ControlResponse& response, std::string_view token) {
  std::string out =
      fmt::format("{{\"response\":true,\"ok\":{},\"data\":{}", response.ok, response.data);
  if (!response.ok) {
    fmt::format_to(std::back_inserter(out), ",\"reason\":\"{}\"", json_escape(response.reason));
  }
  if (!token.empty()) {
    fmt::format_to(std::back_inserter(out), ",\"token\":\"{}\"", json_escape(token));
  }
  return out + "}";
}

std::string_view control_command_list() {
  return "dial, message, answer, early, reject, hangup, hangupall, hangupincoming, "
         "hangupcalling, hold, resume, transfer, atransfer, dtmf, record, conference, mute, "
         "volume, calls, stats, reg, accounts, account, password, dnd, aa, fwd, minimize, quit";
}

}  // namespace sipline::app

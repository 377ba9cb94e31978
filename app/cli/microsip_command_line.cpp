// MicroSIP 3.21's command line read as control requests: words are taken from the left, each an
// option (/answer, /account:N …) or an msip: verb, until a target, which ends the line: alone it
// is dialled, followed by text it is sent that text. Where sipline differs from MicroSIP:
// - options combine, each one request in the order written (MicroSIP: one option a line, but
//   /account: anywhere); an unknown /command or msip: verb is an error, not a number to dial;
// - after sip:, callto:, dialpad: or dial:, a target with an '@' goes on as "sip:user@host"
//   exactly (bare "user@host" would become sips: from a TLS account); one without an '@' goes on
//   bare ("1002"): the phone completes it with the account's domain and scheme, as MicroSIP does;
// - tel: parameters (";ext=", ";phone-context=", RFC 3966 §3) are dropped: the phone dials a
//   number, and a ';' in it would be read as a SIP URI parameter;
// - the line must be valid UTF-8 without control characters, each string at most kMaxString
//   bytes: what it asks for goes on the control socket as it is.
#include "app/cli/microsip_command_line.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <utility>

#include <fmt/format.h>

#include "base/text.hpp"
#include "base/utf8.hpp"

namespace sipline::app {
namespace {

constexpr std::size_t kMaxLine = 64 * 1024;
constexpr std::size_t kMaxRequests = 32;

// A word that is one request with fixed parameters: device (when named), then setting=value.
struct Verb {
  std::string_view name;     // lower case, as typed
  std::string_view command;  // the control request's
  std::string_view device = "";
  std::string_view setting = "";
  std::string_view value = "true";  // "true" and "false" are booleans, others strings
};

constexpr std::array<Verb, 8> kOptions{{
    {"/answer", "answer"},
    {"-answer", "answer"},
    {"/hangupall", "hangupall", "", "keep_incoming"},
    {"-hangup", "hangupall", "", "keep_incoming"},
    {"/hangupincoming", "hangupincoming"},
    {"/hangupcalling", "hangupcalling"},
    {"/exit", "quit"},
    {"-exit", "quit"},
}};

constexpr std::array<Verb, 14> kMsipVerbs{{
    {"minimize", "minimize"},
    {"answer", "answer"},
    {"hangupall", "hangupall", "", "keep_incoming"},
    {"hold", "hold", "", "toggle"},
    {"micmute", "mute", "microphone", "on"},
    {"micunmute", "mute", "microphone", "on", "false"},
    {"speakmute", "mute", "speaker", "on"},
    {"speakunmute", "mute", "speaker", "on", "false"},
    {"micmuteclick", "mute", "microphone"},  // no "on": the mute toggles
    {"speakmuteclick", "mute", "speaker"},
    {"micup", "volume", "microphone", "step", "up"},
    {"micdown", "volume", "microphone", "step", "down"},
    {"speakup", "volume", "speaker", "step", "up"},
    {"speakdown", "volume", "speaker", "step", "down"},
}};

constexpr std::string_view kOptionList =
    "/answer /hangupall /hangupincoming /hangupcalling /dtmf:DIGITS /transfer:NUMBER "
    "/account:N /password:PW /exit /minimized -answer -hangup -exit";
constexpr std::string_view kVerbList =
    "minimize answer hangupall hold transfer_NUMBER micmute micunmute speakmute speakunmute "
    "micmuteclick speakmuteclick micup micdown speakup speakdown";
constexpr std::string_view kDtmfError = "/dtmf: needs digits (0-9 * # A-D)";

using Outcome = std::expected<void, std::string>;

std::string_view trim(std::string_view text) {
  constexpr std::string_view kBlanks = " \t\r\n";
  const std::size_t first = text.find_first_not_of(kBlanks);
  if (first == std::string_view::npos) {
    return {};
  }
  return text.substr(first, text.find_last_not_of(kBlanks) - first + 1);
}

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

bool is_dtmf_key(char c) { return std::string_view("0123456789*#ABCDabcd,").contains(c); }

// %20 and %2B as MicroSIP decodes them (URL handlers escape blanks and '+'); no other escape.
std::string decode_escapes(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const std::string_view escape = text.substr(i, 3);
    if (escape == "%20" || iequals(escape, "%2B")) {
      out += escape[2] == '0' ? ' ' : '+';
      i += 2;
      continue;
    }
    out += text[i];
  }
  return out;
}

// RFC 3966 §5.1.1: visual separators are not part of the number; parameters are dropped.
std::string tel_number(std::string_view text) {
  std::string number(text.substr(0, text.find(';')));
  std::erase_if(number, [](char c) { return std::string_view("-.() ").contains(c); });
  return number;
}

ControlRequest request_for(const Verb& verb) {
  ControlRequest request;
  request.command = verb.command;
  if (!verb.device.empty()) {
    request.params.emplace_back("device", control_string(verb.device));
  }
  if (!verb.setting.empty()) {
    const bool is_bool = verb.value == "true" || verb.value == "false";
    request.params.emplace_back(
        verb.setting, is_bool ? control_bool(verb.value == "true") : control_string(verb.value));
  }
  return request;
}

ControlRequest request_with(std::string_view command, std::string_view name, ControlValue value) {
  ControlRequest request;
  request.command = command;
  request.params.emplace_back(std::string(name), std::move(value));
  return request;
}

Outcome add(MicrosipLaunch& launch, ControlRequest request) {
  if (launch.requests.size() == kMaxRequests) {
    return std::unexpected(fmt::format("more than {} requests on one command line", kMaxRequests));
  }
  for (const auto& [name, value] : request.params) {
    if (value.text.size() > kMaxString) {
      return std::unexpected(
          fmt::format("{} {} is longer than {} bytes", request.command, name, kMaxString));
    }
  }
  launch.requests.push_back(std::move(request));
  return {};
}

Outcome add_transfer(MicrosipLaunch& launch, std::string_view number) {
  std::string target = microsip_dial_target(number);
  if (target.empty()) {
    return std::unexpected(std::string("transfer needs a number to transfer to"));
  }
  return add(launch, request_with("transfer", "target", control_string(target)));
}

const Verb* find_verb(std::span<const Verb> verbs, std::string_view name) {
  const auto found = std::ranges::find(verbs, name, &Verb::name);
  return found == verbs.end() ? nullptr : &*found;
}

// One word that starts with '/' or '-': "/dtmf:123" is the name "/dtmf" with the value "123".
Outcome take_option(std::string_view word, MicrosipLaunch& launch) {
  const std::size_t colon = word.find(':');
  const bool has_value = colon != std::string_view::npos;
  const std::string name = to_lower_copy(word.substr(0, colon));
  const std::string_view value = has_value ? word.substr(colon + 1) : std::string_view{};
  const bool takes_value =
      name == "/dtmf" || name == "/transfer" || name == "/account" || name == "/password";
  const Verb* verb = find_verb(kOptions, name);
  if (verb == nullptr && !takes_value && name != "/minimized") {
    return std::unexpected(
        fmt::format("unknown command '{}' ({})", word.substr(0, colon), kOptionList));
  }
  if (has_value != takes_value) {
    return std::unexpected(has_value ? fmt::format("{} takes no value", name)
                                     : fmt::format("{} needs a value: {}:VALUE", name, name));
  }
  if (verb != nullptr) {
    return add(launch, request_for(*verb));
  }
  if (name == "/minimized") {
    launch.minimized = true;
    return {};
  }
  if (name == "/dtmf") {
    if (value.empty() || !std::ranges::all_of(value, is_dtmf_key)) {
      return std::unexpected(fmt::format("{}, not '{}'", kDtmfError, value));
    }
    return add(launch, request_with("dtmf", "keys", control_string(value)));
  }
  if (name == "/transfer") {
    return add_transfer(launch, value);
  }
  if (name == "/password") {
    return add(launch, request_with("password", "password", control_string(value)));
  }
  // /account:N, N = 0 (the local account, calls by IP) to 99.
  if (value.empty() || value.size() > 2 || !std::ranges::all_of(value, is_digit)) {
    return std::unexpected(fmt::format("/account: needs an account number 0-99, not '{}'", value));
  }
  const auto index = parse_decimal<std::uint32_t>(value);
  return add(launch, request_with("account", "index", control_number(*index)));
}

// The verb of msip:VERB (MicroSIP's URL handler), any case; transfer_NUMBER keeps its number.
Outcome take_msip_verb(std::string_view word, MicrosipLaunch& launch) {
  const std::string verb = to_lower_copy(word);
  constexpr std::string_view kTransfer = "transfer_";
  if (verb.starts_with(kTransfer)) {
    return add_transfer(launch, word.substr(kTransfer.size()));
  }
  if (const Verb* found = find_verb(kMsipVerbs, verb); found != nullptr) {
    return add(launch, request_for(*found));
  }
  return std::unexpected(fmt::format("unknown msip: verb '{}' ({})", word, kVerbList));
}

Outcome take_target(std::string_view word, std::string_view text, MicrosipLaunch& launch) {
  const std::string target = microsip_dial_target(word);
  if (target.empty()) {
    return std::unexpected(fmt::format("nothing to dial in '{}'", word));
  }
  if (text.empty()) {
    return add(launch, request_with("dial", "uri", control_string(target)));
  }
  ControlRequest message = request_with("message", "uri", control_string(target));
  message.params.emplace_back("text", control_string(text));
  return add(launch, std::move(message));
}

Outcome check_line(std::string_view line) {
  const auto is_control = [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; };
  if (const auto found = std::ranges::find_if(line, is_control); found != line.end()) {
    return std::unexpected(fmt::format("control character 0x{:02X} on the command line",
                                       static_cast<unsigned char>(*found)));
  }
  if (!is_utf8(line)) {
    return std::unexpected(std::string("the command line is not valid UTF-8"));
  }
  return {};
}

// Nothing to dial or message, and something other than /account: or /password:: the line is
// for a phone already running.
bool starts_instance(const std::vector<ControlRequest>& requests) {
  bool acts = false;
  for (const ControlRequest& request : requests) {
    if (request.command == "dial" || request.command == "message") {
      return true;
    }
    acts = acts || (request.command != "account" && request.command != "password");
  }
  return !acts;
}

}  // namespace

std::expected<MicrosipLaunch, std::string> parse_microsip_command_line(std::string_view line) {
  if (line.size() > kMaxLine) {
    return std::unexpected(fmt::format("the command line is longer than {} bytes", kMaxLine));
  }
  line = trim(line);
  if (line.size() >= 2 && line.front() == '"' && line.back() == '"') {
    line = trim(line.substr(1, line.size() - 2));  // MicroSIP takes a quoted line as unquoted
  }
  if (const Outcome checked = check_line(line); !checked) {
    return std::unexpected(checked.error());
  }
  MicrosipLaunch launch;
  while (!line.empty()) {
    const std::size_t blank = line.find(' ');
    const std::string_view word = line.substr(0, blank);
    std::string_view rest =
        blank == std::string_view::npos ? std::string_view{} : trim(line.substr(blank + 1));
    constexpr std::string_view kMsip = "msip:";
    Outcome taken;
    if (word.front() == '/' || word.front() == '-') {
      taken = take_option(word, launch);
    } else if (starts_with_nocase(word, kMsip)) {
      taken = take_msip_verb(word.substr(kMsip.size()), launch);
    } else {
      taken = take_target(word, rest, launch);  // the target ends the line: the rest is text
      rest = {};
    }
    if (!taken) {
      return std::unexpected(taken.error());
    }
    line = rest;
  }
  launch.starts_instance = starts_instance(launch.requests);
  return launch;
}

std::string microsip_dial_target(std::string_view target) {
  target = trim(target);
  std::string_view scheme;  // the prefix stripped
  for (const std::string_view prefix : {"tel:", "sip:", "callto:", "dialpad:", "dial:"}) {
    if (starts_with_nocase(target, prefix)) {
      scheme = prefix;
      break;
    }
  }
  // sips: stays, so the call goes over TLS (RFC 3261 §19.1); its "//" and '/' go all the same.
  const std::string_view kept = scheme.empty() && starts_with_nocase(target, "sips:")
                                    ? target.substr(0, 5)
                                    : std::string_view{};
  target.remove_prefix(scheme.size() + kept.size());
  if (!scheme.empty() || !kept.empty()) {
    if (target.starts_with("//")) {
      target.remove_prefix(2);
    }
    if (target.ends_with('/')) {
      target.remove_suffix(1);
    }
  }
  const std::string escaped = decode_escapes(target);
  const std::string decoded(trim(escaped));
  if (scheme == "tel:") {
    return tel_number(decoded);
  }
  const bool names_host = !scheme.empty() && decoded.find('@') != std::string::npos &&
                          !starts_with_nocase(decoded, "sip:") &&
                          !starts_with_nocase(decoded, "sips:");
  return std::string(names_host ? "sip:" : kept) + decoded;
}

}  // namespace sipline::app

// DTMF keys, INFO bodies and post-dial digits (dtmf.hpp).
#include "app/core/dtmf.hpp"

#include <fmt/format.h>

#include "base/text.hpp"
#include "rtp/packet/telephone_event.hpp"

namespace sipline::app {
namespace {

// '5' for '5', 'A' for 'a'; '\0' for what is not a key.
char key_of(char c) {
  const char key = c >= 'a' && c <= 'd' ? static_cast<char>(c - 'a' + 'A') : c;
  return rtp::dtmf_event(key) != 0xFF ? key : '\0';
}

// "5", "#", "a" or an event number "11": the key; '\0' for anything else.
char key_in(std::string_view value) {
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) {
    value.remove_suffix(1);
  }
  value = trim_wsp(value);
  if (value.size() == 1) {
    return key_of(value.front());
  }
  const auto event = parse_decimal<std::uint8_t>(value);
  return event ? rtp::dtmf_key(*event) : '\0';
}

}  // namespace

Result<std::string> parse_dtmf_keys(std::string_view typed) {
  if (typed.empty()) {
    return fail(Errc::kInvalidArgument, "no DTMF keys given (0-9 * # A-D, ',' a pause)", 0);
  }
  if (typed.size() > kMaxDtmfKeys) {
    return fail(Errc::kTooLarge, "too many DTMF keys at once (64 at most)", kMaxDtmfKeys);
  }
  std::string keys;
  for (std::size_t at = 0; at < typed.size(); ++at) {
    const char key = typed[at] == kDtmfPause ? kDtmfPause : key_of(typed[at]);
    if (key == '\0') {
      return fail(Errc::kInvalidArgument, "not a DTMF key (0-9 * # A-D, ',' a pause)", at);
    }
    keys += key;
  }
  return keys;
}

std::optional<char> dtmf_key_of_info(std::string_view content_type, std::string_view body) {
  // The media type alone, without parameters ("application/dtmf-relay;charset=…").
  const std::string_view type = trim_wsp(content_type.substr(0, content_type.find(';')));
  if (iequals(type, "application/dtmf")) {
    const char key = key_in(body);
    return key == '\0' ? std::nullopt : std::optional<char>(key);
  }
  if (!iequals(type, "application/dtmf-relay")) {
    return std::nullopt;
  }
  // Lines "Name=value" (CRLF or LF), Signal among them.
  while (!body.empty()) {
    const std::size_t end = body.find('\n');
    std::string_view line = body.substr(0, end);
    body = end == std::string_view::npos ? std::string_view() : body.substr(end + 1);
    const std::size_t equals = line.find('=');
    if (equals != std::string_view::npos && iequals(trim_wsp(line.substr(0, equals)), "Signal")) {
      std::string_view value = line.substr(equals + 1);
      if (!value.empty() && value.back() == '\r') {
        value.remove_suffix(1);
      }
      const char key = key_in(value);
      return key == '\0' ? std::nullopt : std::optional<char>(key);
    }
  }
  return std::nullopt;
}

std::string dtmf_relay_body(char key, std::uint32_t duration_ms) {
  return fmt::format("Signal={}\r\nDuration={}\r\n", key, duration_ms);
}

std::pair<std::string_view, std::string_view> split_post_dial(std::string_view target) {
  const std::size_t comma = target.find(kDtmfPause);
  if (comma == std::string_view::npos || comma == 0) {
    return {target, {}};
  }
  const std::string_view digits = target.substr(comma + 1);
  for (const char c : digits) {
    if (c != kDtmfPause && key_of(c) == '\0') {
      return {target, {}};
    }
  }
  return {target.substr(0, comma), digits};
}

}  // namespace sipline::app

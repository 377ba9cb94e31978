// One request on the control socket: a JSON object on one line (newline-delimited JSON),
// `{"command":"dial","params":{"uri":"sip:bob@pbx","account":1},"token":"abc"}`. The parser
// is strict and bounded — the line is a stranger's input even on a local socket: valid UTF-8
// only (RFC 8259 §8.1), no duplicate keys, at most kMaxParams parameters, arrays of scalars
// only, strings of at most kMaxString bytes once decoded, numbers as JSON writes them — and
// never throws: a bad line is an error with its reason and byte position, and the token when
// it could be read, so the answer can still carry it. The MicroSIP command line (microsip_
// command_line.hpp) is translated into the same requests, so the running phone executes one
// kind of thing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sipline::app {

inline constexpr std::size_t kMaxParams = 32;
inline constexpr std::size_t kMaxString = 4096;
inline constexpr std::size_t kMaxArrayItems = 32;

struct ControlValue {
  enum class Kind : std::uint8_t { kNull, kBool, kNumber, kString, kArray };
  Kind kind = Kind::kNull;
  bool boolean = false;             // kBool
  std::string text;                 // kNumber: the literal as written; kString: decoded UTF-8
  std::vector<ControlValue> items;  // kArray: scalars only

  // A whole number 0…2^32-1, written as a JSON number or as a string of digits ("3").
  [[nodiscard]] std::optional<std::uint32_t> as_unsigned() const;
  friend bool operator==(const ControlValue&, const ControlValue&) = default;
};

struct ControlRequest {
  std::string command;                                       // "dial"
  std::vector<std::pair<std::string, ControlValue>> params;  // in order; names unique
  std::string token;  // echoed in the response ("" when none was given)
  // baresip's ctrl_tcp sends "params" as one string, the console's argument line ("sip:bob@x"):
  // kept here (params then empty), read into named params by the command (control_arguments).
  std::optional<std::string> params_text{};

  // The parameter named, or nullptr.
  [[nodiscard]] const ControlValue* param(std::string_view name) const;
  friend bool operator==(const ControlRequest&, const ControlRequest&) = default;
};

struct ControlRequestError {
  std::string reason;        // "expected ':' after a key"
  std::size_t position = 0;  // byte offset in the line
  std::string token;         // the request's token, if it was read before the error
};

// One line (without its newline). Keys other than command, params and token are refused;
// "command" must be a non-empty string; "params" an object (or a string, baresip's form); "token" a
// string or a number (kept as written).
[[nodiscard]] std::expected<ControlRequest, ControlRequestError> parse_control_request(
    std::string_view line);

// The request as one JSON line (no newline): what `sipline ctl` and the launcher send. Params
// are omitted when there are none, the token when it is empty; the token is always written as
// a string. parse_control_request(control_request_json(r)) == r for every request it could
// have returned; the line itself comes back the same only when the token was a string or
// absent: `"token":42` is read as the text "42" and written back as `"token":"42"`.
[[nodiscard]] std::string control_request_json(const ControlRequest& request);

// `value` as JSON text (strings escaped as json_escape does).
[[nodiscard]] std::string control_value_json(const ControlValue& value);

// Convenience builders for requests made in code.
[[nodiscard]] ControlValue control_string(std::string_view text);
[[nodiscard]] ControlValue control_number(std::uint32_t number);
[[nodiscard]] ControlValue control_bool(bool value);

}  // namespace sipline::app

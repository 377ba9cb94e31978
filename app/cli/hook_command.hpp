// A hook's command line, made safe to run with caller data in it. MicroSIP hands its hooks to
// ShellExecute; sipline never goes through a shell: the command is split into words once, when
// the ini is read, and what a caller controls (their number, name, domain) only ever becomes a
// whole word of its own or is percent-encoded inside a word, so it cannot add an argument,
// run a command or end one.
//
//   cmdCallRing="/opt/crm/screen pop" --line 1 {callerid}
//        → argv: "/opt/crm/screen pop", "--line", "1", CALLERID, then MicroSIP's last argument
//   cmdIncomingCall=https://crm.example.com/pop?number={number}&name={name}
//        → a URL alone: opened (xdg-open URL) with each value percent-encoded (RFC 3986 §2.1)
#pragma once

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace sipline::app {

// The words of a command as written. Blanks separate words; "…" groups (\" and \\ inside
// stand for " and \); '…' groups with nothing special inside; outside quotes a backslash
// escapes a blank, quote or backslash and is kept before anything else (C:\tools stays).
// Refused: an unclosed quote, no words, over 64 words or 4096 bytes.
[[nodiscard]] std::expected<std::vector<std::string>, std::string> split_command(
    std::string_view command);

// Caller data made fit to hand over: invalid UTF-8 becomes U+FFFD, control characters (C0, DEL,
// C1: NUL, CR, LF, ESC …) are dropped, and it is cut to `max_bytes` at a character boundary.
inline constexpr std::size_t kMaxHookValue = 256;
[[nodiscard]] std::string clean_hook_value(std::string_view text,
                                           std::size_t max_bytes = kMaxHookValue);

// RFC 3986 §2.1: every byte but the unreserved characters as %XX.
[[nodiscard]] std::string percent_encode(std::string_view text);

// What a hook's placeholders stand for ({callerid} {user} {number} {domain} {name} {server}
// {duration} {time} {callid} {direction}), already cleaned.
struct HookValue {
  std::string_view name;  // "callerid"
  std::string value;
};

// Whether the command is a URL to open (one word, http:// or https://) rather than a program.
[[nodiscard]] bool is_url_command(const std::vector<std::string>& words);

// The argv to run: a word that is exactly one placeholder becomes its value, whole; a word with
// placeholders among other text gets them percent-encoded; `{` without a known name stays.
// A program gets `last` (MicroSIP's argument: the caller's user part) as its last word; a URL
// is run as `opener URL`.
[[nodiscard]] std::vector<std::string> hook_argv(const std::vector<std::string>& words,
                                                 const std::vector<HookValue>& values,
                                                 std::string_view last, std::string_view opener);

}  // namespace sipline::app

// The script the call-flow fuzzers read (user_agent_fuzzer, invite_session_fuzzer): text, so
// that seeds are readable and mutations keep their shape. Lines end at '\n'; a line starting
// with '%' is a command, "%verb argument"; any other line belongs, bytes kept (CRLF and all),
// to the datagram after the last command, handed over when the next command (or the end)
// comes. At most kMaxCommands commands are read.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/clock.hpp"
#include "base/text.hpp"

namespace sipline::fuzz {

inline constexpr int kMaxCommands = 200;

// `on_datagram(std::string_view)` for each datagram, `on_command(verb, argument)` for each
// command, in the script's order.
template <typename OnDatagram, typename OnCommand>
void run_script(std::string_view input, OnDatagram&& on_datagram, OnCommand&& on_command) {
  std::string datagram;
  const auto flush = [&] {
    if (!datagram.empty()) {
      on_datagram(std::string_view(datagram));
    }
    datagram.clear();
  };
  int commands = 0;
  for (std::size_t pos = 0; pos < input.size();) {
    const std::size_t newline = input.find('\n', pos);
    const std::size_t end = newline == std::string_view::npos ? input.size() : newline + 1;
    const std::string_view line = input.substr(pos, end - pos);
    pos = end;
    if (!line.starts_with('%')) {
      datagram += line;
      continue;
    }
    flush();
    if (++commands > kMaxCommands) {
      return;
    }
    std::string_view text = line.substr(1);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
      text.remove_suffix(1);
    }
    const std::size_t space = text.find(' ');
    on_command(text.substr(0, space),
               space == std::string_view::npos ? std::string_view() : text.substr(space + 1));
  }
  flush();
}

// "%t MS": the time that passes, at most an hour.
inline Duration script_duration(std::string_view argument) {
  const auto ms = parse_decimal<std::uint32_t>(argument).value_or(0) % 3'600'000;
  return std::chrono::milliseconds(ms);
}

}  // namespace sipline::fuzz

// The console: one command line in, the phone acted on, one reply out. The same commands serve
// the interactive console and scripts writing to sipline's standard input.
#pragma once

#include <string>
#include <string_view>

#include "app/core/phone.hpp"

namespace sipline::app {

struct ConsoleReply {
  std::string text;  // empty: nothing to say (the phone reports what happens)
  bool quit = false;
};

[[nodiscard]] ConsoleReply run_command(Phone& phone, std::string_view line);

}  // namespace sipline::app

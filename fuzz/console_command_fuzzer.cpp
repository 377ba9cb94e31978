// Fuzzes the console's command parser on arbitrary lines: never a crash; the parts it returns
// are views of the line; blanks around the line change nothing; a line it accepts reads the same
// when written again as "word argument [text]"; a call id is given exactly when an argument is
// (dtmf, transfer, record: when it has two words; atransfer: always, with the other call).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "app/cli/console.hpp"
#include "fuzz/check.hpp"

namespace {

using sipline::app::ConsoleCommand;
using sipline::app::ConsoleVerb;
using sipline::app::parse_command;

using sipline::fuzz::check;

bool inside(std::string_view part, std::string_view whole) {
  return part.empty() ||
         (part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size());
}

bool same(const ConsoleCommand& a, const ConsoleCommand& b) {
  return a.verb == b.verb && a.word == b.word && a.argument == b.argument && a.call == b.call &&
         a.keys == b.keys && a.text == b.text && a.error == b.error && a.other == b.other &&
         a.calls == b.calls;
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  const ConsoleCommand command = parse_command(line);
  check(inside(command.word, line) && inside(command.argument, line) &&
        inside(command.keys, line) && inside(command.text, line));
  check((command.verb == ConsoleVerb::kNone) == command.word.empty());
  check(command.argument.empty() ||
        (!is_blank(command.argument.front()) && !is_blank(command.argument.back())));
  check(command.verb != ConsoleVerb::kUnknown || !command.error.empty());

  const std::string padded = " \t" + std::string(line) + "\t \r";
  check(same(parse_command(padded), command));

  const bool takes_call =
      command.verb == ConsoleVerb::kAnswer || command.verb == ConsoleVerb::kEarly ||
      command.verb == ConsoleVerb::kReject || command.verb == ConsoleVerb::kHangup ||
      command.verb == ConsoleVerb::kHold || command.verb == ConsoleVerb::kResume ||
      command.verb == ConsoleVerb::kStats;
  if (takes_call) {
    check(command.call.has_value() == !command.argument.empty());
  } else if (command.verb == ConsoleVerb::kDtmf) {
    check(command.call.has_value() ==
          (command.argument.find_first_of(" \t") != std::string_view::npos));
  } else if (command.verb == ConsoleVerb::kTransfer || command.verb == ConsoleVerb::kRecord) {
    // The call id, when given, is cut off the argument: the target or on|off is left.
    check(!command.call || command.argument.find_first_of(" \t") == std::string_view::npos ||
          !command.error.empty());
  } else if (command.verb == ConsoleVerb::kAttendedTransfer) {
    check(command.call.has_value() && command.other.has_value());
  } else {
    check(!command.call);
  }
  if (command.error.empty() && command.verb != ConsoleVerb::kNone) {
    std::string again(command.word);
    const bool call_cut_off =
        command.verb == ConsoleVerb::kTransfer || command.verb == ConsoleVerb::kRecord;
    if (call_cut_off && command.call) {
      again += " " + std::to_string(*command.call);
    }
    if (!command.argument.empty()) {
      again += " " + std::string(command.argument);
    }
    if (!command.text.empty()) {  // message, or dial NUMBER TEXT
      again += " " + std::string(command.text);
    }
    check(same(parse_command(again), command));
    if (takes_call && command.call) {
      check(parse_command(std::string(command.word) + " " + std::to_string(*command.call)).call ==
            command.call);
    }
  }
  return 0;
}

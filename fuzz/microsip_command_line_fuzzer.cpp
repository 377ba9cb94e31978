// Fuzzes the MicroSIP command line reader on arbitrary lines: never a crash; the same line reads
// the same twice and with blanks around it; a line it accepts asks for at most 32 requests, each
// a command of the vocabulary with only its own parameters, no string holding a control
// character or longer than the control socket takes, and each one reads back the same from the
// JSON the launcher sends; starts_instance is true exactly when something is dialled or messaged
// or nothing but settings is asked.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>

#include "app/cli/control_request.hpp"
#include "app/cli/microsip_command_line.hpp"
#include "fuzz/check.hpp"

namespace {

using sipline::app::control_request_json;
using sipline::app::ControlRequest;
using sipline::app::ControlValue;
using sipline::app::kMaxString;
using sipline::app::microsip_dial_target;
using sipline::app::MicrosipLaunch;
using sipline::app::parse_control_request;
using sipline::app::parse_microsip_command_line;

using sipline::fuzz::check;

struct Shape {
  std::string_view command;
  std::string_view params[2];  // those it may carry
};

// The vocabulary: every command the line may ask for, with the parameters it may have.
constexpr Shape kShapes[] = {
    {"dial", {"uri"}},
    {"message", {"uri", "text"}},
    {"answer", {}},
    {"hangupall", {"keep_incoming"}},
    {"hangupincoming", {}},
    {"hangupcalling", {}},
    {"dtmf", {"keys"}},
    {"transfer", {"target"}},
    {"account", {"index"}},
    {"password", {"password"}},
    {"quit", {}},
    {"minimize", {}},
    {"hold", {"toggle"}},
    {"mute", {"device", "on"}},
    {"volume", {"device", "step"}},
};

const Shape* shape_of(std::string_view command) {
  for (const Shape& shape : kShapes) {
    if (shape.command == command) {
      return &shape;
    }
  }
  return nullptr;
}

bool has_control_character(std::string_view text) {
  return std::ranges::any_of(
      text, [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
}

bool same(const std::expected<MicrosipLaunch, std::string>& a,
          const std::expected<MicrosipLaunch, std::string>& b) {
  if (a.has_value() != b.has_value()) {
    return false;
  }
  if (!a) {
    return a.error() == b.error();
  }
  return a->requests == b->requests && a->starts_instance == b->starts_instance &&
         a->minimized == b->minimized;
}

void check_request(const ControlRequest& request) {
  const Shape* shape = shape_of(request.command);
  check(shape != nullptr);
  check(request.token.empty());
  for (const auto& [name, value] : request.params) {
    check(!name.empty() && std::ranges::find(shape->params, name) != std::end(shape->params));
    check(value.kind != ControlValue::Kind::kArray && value.items.empty());
    check(!has_control_character(value.text) && value.text.size() <= kMaxString);
  }
  // Every value a target or keys or text: none of them empty.
  for (const std::string_view name : {"uri", "target", "keys", "text"}) {
    const auto it =
        std::ranges::find_if(request.params, [&](const auto& p) { return p.first == name; });
    check(it == request.params.end() || !it->second.text.empty());
  }
  const auto again = parse_control_request(control_request_json(request));
  check(again.has_value() && *again == request);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  const auto launch = parse_microsip_command_line(line);
  check(same(parse_microsip_command_line(line), launch));
  if (size + 5 <= 64 * 1024) {
    check(same(parse_microsip_command_line(" \t" + std::string(line) + " \r\n"), launch));
  }
  if (!has_control_character(line)) {
    check(!has_control_character(microsip_dial_target(line)));
  }
  if (!launch) {
    check(!launch.error().empty());
    return 0;
  }
  check(launch->requests.size() <= 32);
  bool dials = false;
  bool acts = false;
  for (const ControlRequest& request : launch->requests) {
    check_request(request);
    dials = dials || request.command == "dial" || request.command == "message";
    acts = acts || (request.command != "account" && request.command != "password");
  }
  check(launch->starts_instance == (dials || !acts));
  // A dial or a message ends the line: nothing comes after it.
  for (std::size_t i = 0; i + 1 < launch->requests.size(); ++i) {
    check(launch->requests[i].command != "dial" && launch->requests[i].command != "message");
  }
  return 0;
}

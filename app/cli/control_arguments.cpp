// Words as a control request (control_arguments.hpp).
#include "app/cli/control_arguments.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "base/text.hpp"

namespace sipline::app {
namespace {

// The names positional arguments take, per command ("" : the rest joined, as a message's text).
struct Positional {
  std::string_view command;
  std::array<std::string_view, 2> names;
};
constexpr std::array<Positional, 22> kPositional{{
    {"dial", {"uri", "account"}},
    {"message", {"uri", "text"}},
    {"answer", {"id", {}}},
    {"early", {"id", {}}},
    {"reject", {"id", {}}},
    {"hangup", {"id", {}}},
    {"hold", {"id", {}}},
    {"resume", {"id", {}}},
    {"stats", {"id", {}}},
    {"transfer", {"target", "id"}},
    {"atransfer", {"id", "other"}},
    {"dtmf", {"keys", "id"}},
    {"record", {"on", "id"}},
    {"dnd", {"on", {}}},
    {"aa", {"on", {}}},
    {"fwd", {"on", {}}},
    {"mute", {"device", "on"}},
    {"volume", {"device", "step"}},
    {"account", {"index", {}}},
    {"hangupall", {"keep_incoming", {}}},
    {"conference", {"calls", {}}},
    {"password", {"password", {}}},
}};

bool is_number_name(std::string_view name) {
  return name == "id" || name == "other" || name == "account" || name == "index";
}

ControlValue value_for(std::string_view name, std::string_view text) {
  if (is_number_name(name)) {
    if (const auto number = parse_decimal<std::uint32_t>(text)) {
      return control_number(*number);
    }
  }
  if (name == "on" || name == "keep_incoming") {
    if (text == "on" || text == "true") {
      return control_bool(true);
    }
    if (text == "off" || text == "false") {
      return control_bool(false);
    }
  }
  return control_string(text);
}

}  // namespace

std::expected<ControlRequest, std::string> request_from_arguments(
    std::span<const std::string> args) {
  if (args.empty()) {
    return std::unexpected("no command (sipline ctl --help)");
  }
  ControlRequest request;
  request.command = args.front();
  const auto* positional =
      std::ranges::find(kPositional, std::string_view(request.command), &Positional::command);
  std::size_t index = 0;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    const auto equals = arg.find('=');
    if (request.command == "message" && index == 1) {
      // The text: every argument left, as typed.
      std::string text(arg);
      for (++i; i < args.size(); ++i) {
        text += ' ' + args[i];
      }
      request.params.emplace_back("text", control_string(text));
      break;
    }
    if (request.command == "conference") {
      if (arg != "off") {
        if (request.params.empty()) {
          ControlValue list;
          list.kind = ControlValue::Kind::kArray;
          request.params.emplace_back("calls", std::move(list));
        }
        request.params.back().second.items.push_back(value_for("id", arg));
      }
      continue;
    }
    if (equals != std::string_view::npos && equals > 0 && arg.find_first_of(":/@") > equals) {
      const std::string_view name = arg.substr(0, equals);
      request.params.emplace_back(name, value_for(name, arg.substr(equals + 1)));
      continue;
    }
    if (positional == kPositional.end() || index >= positional->names.size() ||
        positional->names.at(index).empty()) {
      return std::unexpected(fmt::format("{}: unexpected argument '{}'", request.command, arg));
    }
    const std::string_view name = positional->names.at(index++);
    request.params.emplace_back(name, value_for(name, arg));
  }
  return request;
}

std::expected<ControlRequest, std::string> with_named_params(const ControlRequest& request) {
  if (!request.params_text) {
    return request;
  }
  std::vector<std::string> words{request.command};
  for (std::string_view rest = *request.params_text; !rest.empty();) {
    const auto start = rest.find_first_not_of(" \t");
    if (start == std::string_view::npos) {
      break;
    }
    rest.remove_prefix(start);
    const auto end = std::min(rest.find_first_of(" \t"), rest.size());
    words.emplace_back(rest.substr(0, end));
    rest.remove_prefix(end);
  }
  auto named = request_from_arguments(words);
  if (named) {
    named->token = request.token;
  }
  return named;
}

}  // namespace sipline::app

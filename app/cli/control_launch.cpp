// The launcher's hand-off and `sipline ctl` (control_launch.hpp).
#include "app/cli/control_launch.hpp"

#include <unistd.h>

#include <cstdio>
#include <string_view>

#include <fmt/format.h>

#include "app/cli/config_location.hpp"
#include "app/cli/control_arguments.hpp"
#include "app/cli/control_client.hpp"
#include "app/cli/control_socket_path.hpp"

namespace sipline::app {

std::expected<std::string, std::string> chosen_control_socket(const std::string& control_socket,
                                                              const std::string& config_file) {
  if (control_socket == "none") {
    return std::string();
  }
  if (!control_socket.empty()) {
    return control_socket;
  }
  return control_socket_path(config_file);
}

ControlPlace place_control(const Options& options, const MicrosipLaunch& launch) {
  const auto refused = [](int status, const std::string& why) {
    fmt::print(stderr, "sipline: {}\n", why);
    return ControlPlace{{}, {}, status};
  };
  const auto socket = chosen_control_socket(options.control_socket, options.config_file);
  if (!socket) {
    return refused(kExitUsage, socket.error());
  }
  if (socket->empty() && !launch.starts_instance) {
    return refused(kExitNoPhone, "no control socket (none): nothing to hand the line to");
  }
  if (socket->empty() && options.control_tcp.empty()) {
    return {};
  }
  // The token of --control-tcp sits beside the socket, or where the default one would be; that
  // directory is ours, made and checked, unless --control-socket named a place of the user's.
  const auto beside = socket->empty() ? control_socket_path(options.config_file) : socket;
  if (!beside) {
    return refused(kExitUsage, beside.error());
  }
  const std::string token_file =
      options.control_tcp.empty() ? "" : beside->substr(0, beside->rfind('.')) + ".token";
  if (options.control_socket.empty() || socket->empty()) {
    if (const auto ready = prepare_control_directory(*beside); !ready) {
      return refused(kExitUsage, ready.error());
    }
  }
  if (socket->empty()) {
    return {{}, token_file, std::nullopt};
  }
  switch (probe_control_socket(*socket)) {
    case SocketState::kLive:
      if (launch.requests.empty()) {
        fmt::print(stderr,
                   "sipline: a sipline is already running with this config (control socket "
                   "{}): give it commands (sipline NUMBER, sipline /answer, sipline ctl …), or "
                   "start this one with another --config or --control-socket\n",
                   *socket);
        return {{}, {}, kExitRefused};
      }
      return {{}, {}, hand_off(*socket, launch.requests)};
    case SocketState::kDead:
      ::unlink(socket->c_str());  // a phone that died: its socket is ours to take
      break;
    case SocketState::kOther:
      return refused(
          kExitRefused,
          fmt::format("control socket {}: the path is taken by something else", *socket));
    case SocketState::kFree:
      break;
  }
  if (!launch.starts_instance) {
    return refused(kExitNoPhone, fmt::format("no sipline is running (control socket {}): "
                                             "nothing started",
                                             *socket));
  }
  return {*socket, token_file, std::nullopt};
}

int hand_off(const std::string& socket, const std::vector<ControlRequest>& requests) {
  auto connection = ControlConnection::connect(socket);
  if (!connection) {
    fmt::print(stderr, "sipline: no phone takes commands at {}\n", connection.error());
    return kExitNoPhone;
  }
  int status = 0;
  for (const ControlRequest& request : requests) {
    const auto response = connection->ask(control_request_json(request));
    if (!response) {
      fmt::print(stderr, "sipline: {}: {}\n", request.command, response.error());
      return kExitNoPhone;
    }
    if (!response_ok(*response)) {
      fmt::print(stderr, "sipline: {}: {}\n", request.command, *response);
      status = kExitRefused;
    }
  }
  return status;
}

int run_ctl(std::span<const std::string> args) {
  std::string config_file;
  std::string control_socket;
  std::size_t i = 0;
  for (; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg == "-h" || arg == "--help") {
      fmt::print("{}", ctl_usage());
      return 0;
    }
    if ((arg == "--config" || arg == "--control-socket") && i + 1 < args.size()) {
      (arg == "--config" ? config_file : control_socket) = args[++i];
    } else if (arg.starts_with("--")) {
      fmt::print(stderr, "sipline ctl: unknown option '{}' (try sipline ctl --help)\n", arg);
      return kExitUsage;
    } else {
      break;
    }
  }
  config_file = chosen_config_file(config_file);  // as the phone found it
  const auto socket = chosen_control_socket(control_socket, config_file);
  if (!socket || socket->empty()) {
    fmt::print(stderr, "sipline ctl: {}\n", socket ? "no control socket (none)" : socket.error());
    return kExitUsage;
  }
  const auto command = args.subspan(i);
  std::string line;
  const bool events = command.size() == 1 && command.front() == "events";
  if (events) {
    line.clear();
  } else if (!command.empty() && command.front() == "raw") {
    if (command.size() != 2) {
      fmt::print(stderr, "sipline ctl: raw takes one JSON request\n");
      return kExitUsage;
    }
    line = command[1];
  } else {
    const auto request = request_from_arguments(command);
    if (!request) {
      fmt::print(stderr, "sipline ctl: {}\n", request.error());
      return kExitUsage;
    }
    line = control_request_json(*request);
  }
  auto connection = ControlConnection::connect(*socket);
  if (!connection) {
    fmt::print(stderr, "sipline ctl: no phone takes commands at {}\n", connection.error());
    return kExitNoPhone;
  }
  if (events) {
    // Every event, as it comes, until the phone goes (or the reader stops reading).
    for (;;) {
      const auto next = connection->read_line();
      if (!next) {
        return 0;
      }
      fmt::print("{}\n", *next);
      std::fflush(stdout);
    }
  }
  const auto response = connection->ask(line);
  if (!response) {
    fmt::print(stderr, "sipline ctl: {}\n", response.error());
    return kExitNoPhone;
  }
  fmt::print("{}\n", *response);
  return response_ok(*response) ? 0 : kExitRefused;
}

}  // namespace sipline::app

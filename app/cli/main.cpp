// The sipline program: parses the command line and runs the phone, with a console on stdin.
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/streambuf.hpp>
#include <fmt/format.h>

#include "app/cli/call_record_text.hpp"
#include "app/cli/config_file.hpp"
#include "app/cli/config_location.hpp"
#include "app/cli/console.hpp"
#include "app/cli/control_commands.hpp"
#include "app/cli/control_front.hpp"
#include "app/cli/control_launch.hpp"
#include "app/cli/control_socket_path.hpp"
#include "app/cli/event_text.hpp"
#include "app/cli/hook_runner.hpp"
#include "app/cli/microsip_command_line.hpp"
#include "app/cli/options.hpp"
#include "app/cli/saved_toggles.hpp"
#include "app/cli/uri_handlers.hpp"
#include "app/core/phone.hpp"
#include "base/ip_text.hpp"
#include "media/audio/portaudio_device.hpp"

namespace {

// `sipline --list-audio`: one line per device, the defaults marked.
int list_audio() {
  const auto devices = sipline::media::list_audio_devices();
  if (!devices) {
    fmt::print(stderr, "sipline: cannot list audio devices: {}\n", devices.error().reason);
    return 1;
  }
  if (devices->empty()) {
    fmt::print("no audio devices (calls can still run with --audio null or a WAV file)\n");
    return 0;
  }
  fmt::print("audio devices (name, host API, inputs/outputs, default rate):\n");
  for (const auto& device : *devices) {
    fmt::print("  {}{}{}  [{}] {}/{} {:.0f} Hz\n", device.name,
               device.default_input ? " (default input)" : "",
               device.default_output ? " (default output)" : "", device.host_api,
               device.max_input_channels, device.max_output_channels, device.default_sample_rate);
  }
  return 0;
}

void say(std::string_view line) {
  fmt::print("{}\n", line);
  std::fflush(stdout);
}

// Reads console lines from stdin until end of file (then the phone runs on until a signal or
// `quit`: scripts may close stdin and leave sipline answering calls).
class ConsoleReader {
 public:
  ConsoleReader(boost::asio::io_context& io, sipline::app::Phone& phone, std::function<void()> quit,
                std::function<void()> after)
      : input_(io, ::dup(STDIN_FILENO)),
        phone_(phone),
        quit_(std::move(quit)),
        after_(std::move(after)) {}
  void start() { read(); }

 private:
  void read() {
    boost::asio::async_read_until(input_, buffer_, '\n', [this](auto error, std::size_t size) {
      if (error) {
        return;  // end of input
      }
      std::string line(static_cast<const char*>(buffer_.data().data()), size - 1);
      buffer_.consume(size);
      const auto reply = sipline::app::run_command(phone_, line);
      if (!reply.text.empty()) {
        say(reply.text);
      }
      after_();
      if (reply.quit) {
        quit_();
        return;
      }
      read();
    });
  }
  boost::asio::posix::stream_descriptor input_;
  boost::asio::streambuf buffer_;
  sipline::app::Phone& phone_;
  std::function<void()> quit_;
  std::function<void()> after_;
};

// The default account's registrar, for the hooks' {server} ("" for calls by IP).
std::string default_server(const sipline::app::PhoneConfig& config) {
  const std::size_t index = config.default_account;
  if (index == 0 || index > config.accounts.size()) {
    return {};
  }
  const auto& account = config.accounts[index - 1];
  return account.registrar.empty() ? account.aor : account.registrar;
}

// The toolbar buttons as the phone has them now.
sipline::app::Toggles toggles(const sipline::app::Phone& phone) {
  return {phone.auto_answer(), phone.do_not_disturb(), phone.forwarding()};
}

int run(sipline::app::Options options) {
  // As MicroSIP finds its ini; --config none: no file at all.
  options.config_file = sipline::app::chosen_config_file(options.config_file);
  std::string joined;
  for (const std::string& arg : options.command_line) {
    joined += (joined.empty() ? "" : " ") + arg;
  }
  const auto launch = sipline::app::parse_microsip_command_line(joined);
  if (!launch) {
    fmt::print(stderr, "sipline: {}\n", launch.error());
    return 2;
  }
  boost::asio::io_context io;
  sipline::app::PhoneConfig config;
  // What the file and the options ask for that is not built: said once, on stderr beside the
  // errors, so the event lines on stdout stay the phone's — and only by a phone that starts
  // (a launcher that hands its line over says nothing of the config).
  std::vector<std::string> notes = options.notes;
  if (!options.config_file.empty()) {
    const auto loaded = sipline::app::apply_config_file(options.config_file, config);
    if (!loaded) {
      fmt::print(stderr, "sipline: {}\n", loaded.error());
      return 2;
    }
    notes.insert(notes.begin(), loaded->begin(), loaded->end());
  }
  if (const auto applied = sipline::app::apply_options(options, config); !applied) {
    fmt::print(stderr, "sipline: {}\n", applied.error());
    return 2;
  }
  const sipline::app::ControlPlace place = sipline::app::place_control(options, *launch);
  if (place.handed_off) {
    return *place.handed_off;
  }
  for (const std::string& note : notes) {
    fmt::print(stderr, "sipline: {}\n", note);
  }
  if (!config.tls_verify) {
    fmt::print(stderr,
               "sipline: WARNING: TLS servers are not verified (tlsVerify=0 or --tls-no-verify): "
               "anyone on the path can pose as the registrar and read every call's signalling\n");
  }
  // --cdr: opened before anything runs, so a bad path fails at once with its reason.
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> cdr(nullptr, &std::fclose);
  if (!options.cdr_file.empty()) {
    cdr.reset(std::fopen(options.cdr_file.c_str(), "a"));
    if (!cdr) {
      fmt::print(stderr, "sipline: --cdr {}: {}\n", options.cdr_file, std::strerror(errno));
      return 2;
    }
  }
  // The control socket, bound before the phone starts: a second launcher racing this one finds
  // it taken and hands its command over (its bind fails; a second look finds us live).
  sipline::app::Phone* running = nullptr;  // set once the phone exists
  std::function<void()> leave_soon;
  // AA, DND and FWD toggled by a command are written back into the ini, as MicroSIP does.
  std::optional<sipline::app::SavedToggles> saved_toggles;
  const auto save_toggles = [&] {
    if (const std::string error = saved_toggles->save(toggles(*running)); !error.empty()) {
      fmt::print(stderr, "sipline: {}\n", error);
    }
  };
  auto control = sipline::app::ControlFront::open(
      io, place.socket, options.control_tcp, place.token_file,
      [&](const sipline::app::ControlRequest& request) {
        auto response = sipline::app::execute_control(*running, request);
        save_toggles();
        if (response.quit) {
          boost::asio::post(io, leave_soon);  // after the response is on its way
        }
        return response;
      });
  if (!control) {
    if (sipline::app::probe_control_socket(place.socket) == sipline::app::SocketState::kLive &&
        !launch->requests.empty()) {
      return sipline::app::hand_off(place.socket, launch->requests);
    }
    fmt::print(stderr, "sipline: {}\n", control.error());
    return 1;
  }
  // MicroSIP's cmd… hooks, run beside the phone (never through a shell, never waited for).
  const auto hooks =
      sipline::app::CallHooks::make(config.hooks, default_server(config), "xdg-open");
  if (!hooks) {
    fmt::print(stderr, "sipline: {}\n", hooks.error());
    return 2;
  }
  std::optional<sipline::app::HookRunner> hook_runner;  // only with hooks: it takes SIGCHLD
  if (hooks->any()) {
    hook_runner.emplace(io, config.hooks.timeout,
                        [](std::string_view line) { fmt::print(stderr, "sipline: {}\n", line); });
  }
  const sipline::SteadyClock clock;
  sipline::app::Phone phone(io, config, clock, [&](const sipline::app::PhoneEvent& event) {
    (*control)->publish(event);
    if (hooks->any()) {
      const auto now = std::chrono::system_clock::now().time_since_epoch();
      for (const auto& hook :
           hooks->on_event(event, std::chrono::duration_cast<std::chrono::seconds>(now).count())) {
        hook_runner->run(hook);
      }
    }
    const auto* summary = std::get_if<sipline::app::event::CallSummary>(&event);
    if (summary != nullptr && cdr) {
      fmt::print(cdr.get(), "{}\n",
                 sipline::app::call_record_json(*summary, std::chrono::system_clock::now()));
      std::fflush(cdr.get());
    }
    if (const std::string text = sipline::app::event_text(event); !text.empty()) {
      say(text);
    }
  });
  const auto port = phone.start();
  if (!port) {
    const bool certificate = port.error().code == sipline::Errc::kCrypto;
    fmt::print(stderr, "sipline: cannot start (udp {}:{}, audio {}): {}{}\n",
               sipline::sip_host(config.listen_address), config.listen_port, config.audio,
               port.error().reason,
               certificate ? fmt::format(" (tlsCert {}, tlsKey {})", config.tls_certificate_file,
                                         config.tls_private_key_file)
                           : "");
    return port.error().code == sipline::Errc::kInvalidArgument ? 2 : 1;
  }
  say(fmt::format("sipline listening on udp and tcp {}:{}{}",
                  sipline::sip_host(config.listen_address), *port,
                  phone.tls_port() == 0 ? "" : fmt::format(", tls port {}", phone.tls_port())));
  if (!(*control)->tcp_note().empty()) {
    say((*control)->tcp_note());
  }
  // Leaving: hang up every call, unregister, stop.
  bool leaving = false;
  const auto leave = [&] {
    if (leaving) {
      return;
    }
    leaving = true;
    phone.shutdown([&io] { io.stop(); });
  };
  running = &phone;
  leave_soon = leave;
  saved_toggles.emplace(options.config_file, toggles(phone));
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](auto error, int) {
    if (!error) {
      leave();
    }
  });
  ConsoleReader console(io, phone, leave, save_toggles);
  if (!launch->minimized) {
    console.start();
  }
  // The command line's own requests, carried out here: a dial waits in the core for the
  // account's first registration (DialWaiting), as one handed over later would.
  for (const sipline::app::ControlRequest& request : launch->requests) {
    const auto response = sipline::app::execute_control(phone, request);
    save_toggles();
    if (!response.ok) {
      fmt::print(stderr, "sipline: {}: {}\n", request.command, response.reason);
    }
    if (response.quit) {
      leave();
    }
  }
  if (!options.dial.empty()) {
    if (const auto call = phone.dial(options.dial); !call) {
      fmt::print(stderr, "sipline: --dial {}: {}\n", options.dial, call.error().reason);
      return 2;
    }
  }
  io.run();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string_view> args(argv + 1, argv + argc);
  const auto options = sipline::app::parse_options(args);
  if (!options) {
    fmt::print(stderr, "sipline: {} (try --help)\n", options.error().message);
    return 2;
  }
  switch (options->mode) {
    case sipline::app::Options::Mode::kHelp:
      fmt::print("{}", sipline::app::usage_text());
      return 0;
    case sipline::app::Options::Mode::kVersion:
      fmt::print("{}", sipline::app::version_text());
      return 0;
    case sipline::app::Options::Mode::kListAudio:
      return list_audio();
    case sipline::app::Options::Mode::kRun:
      return run(*options);
    case sipline::app::Options::Mode::kControl:
      return sipline::app::run_ctl(options->command_line);
    case sipline::app::Options::Mode::kRegisterUriHandlers:
      return sipline::app::register_uri_handlers(options->config_file);
    case sipline::app::Options::Mode::kUnregisterUriHandlers:
      return sipline::app::unregister_uri_handlers();
  }
  return 0;
}

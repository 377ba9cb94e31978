// When the hooks fire and what they are given.
#include "app/cli/call_hooks.hpp"

#include <algorithm>
#include <chrono>
#include <type_traits>

#include "app/cli/hook_command.hpp"
#include "sip/message/uri.hpp"

namespace sipline::app {
namespace {

// MicroSIP's "busy" ends: the callee busy (486), busy everywhere (600), declined (603).
[[nodiscard]] bool busy(int status) noexcept {
  return status == 486 || status == 600 || status == 603;
}

}  // namespace

std::expected<CallHooks, std::string> CallHooks::make(const EventHooks& hooks, std::string server,
                                                      std::string opener) {
  CallHooks made;
  for (std::size_t i = 0; i < kHookEvents; ++i) {
    if (hooks.commands[i].empty()) {
      continue;
    }
    auto words = split_command(hooks.commands[i]);
    if (!words) {
      return std::unexpected(std::string(kHookKeys[i]) + ": " + words.error());
    }
    made.words_[i] = std::move(*words);
  }
  made.server_ = clean_hook_value(server);
  made.opener_ = std::move(opener);
  return made;
}

bool CallHooks::any() const noexcept {
  return std::ranges::any_of(words_, [](const auto& words) { return !words.empty(); });
}

std::vector<HookRun> CallHooks::on_event(const PhoneEvent& any, std::int64_t unix_seconds) const {
  std::vector<HookRun> out;
  std::visit(
      [&](const auto& event) {
        using Event = std::decay_t<decltype(event)>;
        if constexpr (std::is_same_v<Event, event::CallOutgoing>) {
          fire(HookEvent::kOutgoingCall, event.call, 0, 0, unix_seconds, out);
        } else if constexpr (std::is_same_v<Event, event::CallIncoming>) {
          fire(HookEvent::kIncomingCall, event.call, 0, 0, unix_seconds, out);
        } else if constexpr (std::is_same_v<Event, event::CallRinging>) {
          fire(HookEvent::kCallRing, event.call, 0, 0, unix_seconds, out);
        } else if constexpr (std::is_same_v<Event, event::CallConfirmed>) {
          if (event.call.direction == CallDirection::kIncoming) {
            fire(HookEvent::kCallAnswer, event.call, 0, 0, unix_seconds, out);
          }
          fire(HookEvent::kCallStart, event.call, 0, 0, unix_seconds, out);
        } else if constexpr (std::is_same_v<Event, event::CallSummary>) {
          const auto talk = std::chrono::duration_cast<std::chrono::seconds>(event.talk).count();
          fire(busy(event.status) ? HookEvent::kCallBusy : HookEvent::kCallEnd, event.call,
               event.status, talk, unix_seconds, out);
        }
      },
      any);
  return out;
}

void CallHooks::fire(HookEvent hook, const CallRef& call, int status, std::int64_t talk_seconds,
                     std::int64_t unix_seconds, std::vector<HookRun>& out) const {
  const auto& words = words_[static_cast<std::size_t>(hook)];
  if (words.empty()) {
    return;
  }
  std::string user;
  std::string domain;
  if (const auto uri = sip::parse_uri(call.remote_uri)) {
    user = clean_hook_value(uri->user);
    domain = clean_hook_value(uri->is_sip() ? uri->host.address() : std::string_view());
  }
  const std::string number = user.empty() ? domain : user;  // what MicroSIP passes
  const std::string name = clean_hook_value(call.display_name);
  const std::string remote_uri = clean_hook_value(call.remote_uri);
  const std::string direction =
      call.direction == CallDirection::kIncoming ? "incoming" : "outgoing";
  const std::vector<HookValue> values = {
      {"callerid", name.empty() ? number : name},
      {"user", user},
      {"number", number},
      {"domain", domain},
      {"name", name},
      {"server", server_},
      {"duration", std::to_string(talk_seconds)},
      {"time", std::to_string(unix_seconds)},
      {"callid", std::to_string(call.id)},
      {"direction", direction},
  };
  HookRun run;
  run.event = hook;
  run.argv = hook_argv(words, values, number, opener_);
  run.opens_url = is_url_command(words);
  run.environment = {
      "SIPLINE_EVENT=" + std::string(hook_key(hook)),
      "SIPLINE_CALL_ID=" + std::to_string(call.id),
      "SIPLINE_DIRECTION=" + direction,
      "SIPLINE_REMOTE_URI=" + remote_uri,
      "SIPLINE_DISPLAY_NAME=" + name,
      "SIPLINE_STATUS=" + (status == 0 ? std::string() : std::to_string(status)),
      "SIPLINE_DURATION=" + std::to_string(talk_seconds),
  };
  out.push_back(std::move(run));
}

}  // namespace sipline::app

// MicroSIP's event hooks: the commands ([Settings] cmd…) the front end runs when a call goes out,
// comes in, rings, is answered, starts, is busy or ends (app/cli/call_hooks.hpp says when
// exactly). The core never reads them; they travel in PhoneConfig with the rest of the ini.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/clock.hpp"

namespace sipline::app {

enum class HookEvent : std::uint8_t {
  kOutgoingCall,
  kIncomingCall,
  kCallRing,
  kCallAnswer,
  kCallStart,
  kCallBusy,
  kCallEnd,
};
inline constexpr std::size_t kHookEvents = 7;

// The ini key of each, in HookEvent's order.
inline constexpr std::array<std::string_view, kHookEvents> kHookKeys = {
    "cmdOutgoingCall", "cmdIncomingCall", "cmdCallRing", "cmdCallAnswer",
    "cmdCallStart",    "cmdCallBusy",     "cmdCallEnd"};

[[nodiscard]] constexpr std::string_view hook_key(HookEvent event) noexcept {
  return kHookKeys[static_cast<std::size_t>(event)];
}

struct EventHooks {
  std::array<std::string, kHookEvents> commands;  // as written; "" runs nothing
  // A hook still running after this is killed with its process group (sipline's hookTimeout).
  Duration timeout = std::chrono::seconds(10);

  [[nodiscard]] const std::string& command(HookEvent event) const noexcept {
    return commands[static_cast<std::size_t>(event)];
  }
};

}  // namespace sipline::app

// When MicroSIP's event hooks fire, and what each is given: the phone's events in, the commands to
// run out (app/cli/hook_runner.hpp runs them). No clock, no process: a test feeds events.
//
//   cmdOutgoingCall  our INVITE went out                  (CallOutgoing)
//   cmdIncomingCall  an INVITE came, before any rule      (CallIncoming: also calls then refused
//                    refuses or forwards it                by do not disturb, denyIncoming …)
//   cmdCallRing      an incoming call rings here          (CallRinging)
//   cmdCallAnswer    an incoming call is confirmed        (CallConfirmed, incoming)
//   cmdCallStart     any call is confirmed, after Answer  (CallConfirmed)
//   cmdCallBusy      a call ended with 486, 600 or 603    (CallSummary, either way)
//   cmdCallEnd       any other end; never with Busy      (CallSummary)
//
// Every hook gets MicroSIP's argument last (the remote URI's user part, or its host when the
// user part is empty), the placeholders of hook_command.hpp, and the environment
//   SIPLINE_EVENT (the key: cmdCallRing …)  SIPLINE_CALL_ID (the id the control socket and the
//   console use)  SIPLINE_DIRECTION (incoming|outgoing)  SIPLINE_REMOTE_URI
//   SIPLINE_DISPLAY_NAME  SIPLINE_STATUS (the final status once ended, else "")
//   SIPLINE_DURATION (seconds talked, once ended; else 0)
// all of it cleaned by clean_hook_value: a caller cannot put a control character or a
// megabyte into a hook.
#pragma once

#include <array>
#include <cstdint>
#include <expected>
#include <string>
#include <vector>

#include "app/core/event_hooks.hpp"
#include "app/core/phone_events.hpp"

namespace sipline::app {

struct HookRun {
  HookEvent event = HookEvent::kOutgoingCall;
  std::vector<std::string> argv;
  std::vector<std::string> environment;  // "SIPLINE_…=…", on top of the phone's own
  bool opens_url = false;  // the opener of a URL hook: the browser it starts is not ours to kill
};

class CallHooks {
 public:
  // Each command split once (hook_command.hpp); the error names the key. `server`: the default
  // account's registrar, for {server}; `opener`: what opens a URL hook ("xdg-open").
  [[nodiscard]] static std::expected<CallHooks, std::string> make(const EventHooks& hooks,
                                                                  std::string server,
                                                                  std::string opener);

  [[nodiscard]] bool any() const noexcept;
  // The hooks `event` fires, in order. `unix_seconds`: now, for {time}.
  [[nodiscard]] std::vector<HookRun> on_event(const PhoneEvent& event,
                                              std::int64_t unix_seconds) const;

 private:
  CallHooks() = default;
  void fire(HookEvent hook, const CallRef& call, int status, std::int64_t talk_seconds,
            std::int64_t unix_seconds, std::vector<HookRun>& out) const;

  std::array<std::vector<std::string>, kHookEvents> words_;
  std::string server_;
  std::string opener_;
};

}  // namespace sipline::app

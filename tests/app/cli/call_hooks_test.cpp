// When MicroSIP's hooks fire and what each is given, event by event.
#include "app/cli/call_hooks.hpp"

#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace sipline::app {
namespace {

using Words = std::vector<std::string>;

EventHooks every_hook() {
  EventHooks hooks;
  for (std::size_t i = 0; i < kHookEvents; ++i) {
    hooks.commands[i] = "hook " + std::string(kHookKeys[i]);
  }
  return hooks;
}

const CallRef kIn{3, CallDirection::kIncoming, "\"Bob\" <sip:bob@192.0.2.9:5062>;tag=x",
                  "sip:bob@192.0.2.9:5062", "Bob"};
const CallRef kOut{4, CallDirection::kOutgoing, "sip:1002@pbx.example.com",
                   "sip:1002@pbx.example.com", ""};

std::vector<HookEvent> fired(const CallHooks& hooks, const PhoneEvent& event) {
  std::vector<HookEvent> out;
  for (const HookRun& run : hooks.on_event(event, 0)) {
    out.push_back(run.event);
  }
  return out;
}

TEST(CallHooks, FireAsMicrosipsTableSays) {
  const auto hooks = CallHooks::make(every_hook(), "pbx.example.com", "xdg-open");
  ASSERT_TRUE(hooks);
  using enum HookEvent;
  using Fired = std::vector<HookEvent>;
  EXPECT_EQ(fired(*hooks, event::CallOutgoing{kOut}), Fired{kOutgoingCall});
  EXPECT_EQ(fired(*hooks, event::CallIncoming{kIn}), Fired{kIncomingCall});
  EXPECT_EQ(fired(*hooks, event::CallRinging{kIn}), Fired{kCallRing});
  EXPECT_EQ(fired(*hooks, event::CallProgress{kOut, 180}), Fired{});  // theirs rings, not ours
  EXPECT_EQ(fired(*hooks, event::CallConfirmed{kIn, "PCMU/8000"}),
            (Fired{kCallAnswer, kCallStart}));
  EXPECT_EQ(fired(*hooks, event::CallConfirmed{kOut, "PCMU/8000"}), Fired{kCallStart});
  EXPECT_EQ(fired(*hooks, event::CallEnded{kIn, 200, true}), Fired{});  // the summary says it
  for (const int status : {486, 600, 603}) {
    event::CallSummary busy;
    busy.call = kOut;
    busy.status = status;
    EXPECT_EQ(fired(*hooks, busy), Fired{kCallBusy}) << status;
    busy.call = kIn;
    EXPECT_EQ(fired(*hooks, busy), Fired{kCallBusy}) << status;
  }
  for (const int status : {200, 487, 404, 408, 480, 302, 500}) {
    event::CallSummary ended;
    ended.call = kIn;
    ended.status = status;
    EXPECT_EQ(fired(*hooks, ended), Fired{kCallEnd}) << status;
  }
  EXPECT_EQ(fired(*hooks, event::CallHeld{kIn, false}), Fired{});
}

TEST(CallHooks, OnlyConfiguredHooksRun) {
  EventHooks some;
  some.commands[static_cast<std::size_t>(HookEvent::kCallEnd)] = "log.sh";
  const auto hooks = CallHooks::make(some, "", "xdg-open");
  ASSERT_TRUE(hooks);
  EXPECT_TRUE(hooks->any());
  EXPECT_TRUE(hooks->on_event(event::CallIncoming{kIn}, 0).empty());
  EXPECT_FALSE(CallHooks::make(EventHooks{}, "", "xdg-open")->any());
  EventHooks bad;
  bad.commands[0] = "'x";
  EXPECT_EQ(CallHooks::make(bad, "", "xdg-open").error(), "cmdOutgoingCall: an unclosed '");
}

TEST(CallHooks, GiveMicrosipsArgumentPlaceholdersAndEnvironment) {
  EventHooks config;
  config.commands[static_cast<std::size_t>(HookEvent::kCallEnd)] =
      "log {callerid} {user} {number} {domain} {name} {server} {duration} {time} {callid} "
      "{direction}";
  const auto hooks = CallHooks::make(config, "pbx.example.com", "xdg-open");
  ASSERT_TRUE(hooks);
  event::CallSummary ended;
  ended.call = kIn;
  ended.status = 200;
  ended.talk = std::chrono::milliseconds(65'900);
  const auto runs = hooks->on_event(ended, 1'800'000'000);
  ASSERT_EQ(runs.size(), 1U);
  EXPECT_EQ(runs[0].argv, (Words{"log", "Bob", "bob", "bob", "192.0.2.9", "Bob", "pbx.example.com",
                                 "65", "1800000000", "3", "incoming", "bob"}));
  EXPECT_EQ(runs[0].environment,
            (Words{"SIPLINE_EVENT=cmdCallEnd", "SIPLINE_CALL_ID=3", "SIPLINE_DIRECTION=incoming",
                   "SIPLINE_REMOTE_URI=sip:bob@192.0.2.9:5062", "SIPLINE_DISPLAY_NAME=Bob",
                   "SIPLINE_STATUS=200", "SIPLINE_DURATION=65"}));
}

TEST(CallHooks, TheDomainStandsInForAnEmptyUserAndNoStatusBeforeTheEnd) {
  const auto hooks = CallHooks::make(every_hook(), "", "xdg-open");
  const CallRef by_ip{5, CallDirection::kOutgoing, "sip:192.0.2.7", "sip:192.0.2.7", ""};
  const auto runs = hooks->on_event(event::CallOutgoing{by_ip}, 0);
  ASSERT_EQ(runs.size(), 1U);
  EXPECT_EQ(runs[0].argv, (Words{"hook", "cmdOutgoingCall", "192.0.2.7"}));
  EXPECT_EQ(runs[0].environment[5], "SIPLINE_STATUS=");
  EXPECT_EQ(runs[0].environment[6], "SIPLINE_DURATION=0");
}

// What a caller writes is cleaned before it reaches a hook: no control character, no megabyte.
TEST(CallHooks, CallerDataIsCleaned) {
  const auto hooks = CallHooks::make(every_hook(), "", "xdg-open");
  const std::string huge(65536, 'x');
  const CallRef hostile{6, CallDirection::kIncoming, "x", "sip:bob@h",
                        std::string("Eve\r\nSIPLINE_EVENT=forged\0x", 28)};
  const auto runs = hooks->on_event(event::CallIncoming{hostile}, 0);
  ASSERT_EQ(runs.size(), 1U);
  EXPECT_EQ(runs[0].environment[4], "SIPLINE_DISPLAY_NAME=EveSIPLINE_EVENT=forgedx");
  // A URI too long to read gives no user part; every value is capped.
  const CallRef huge_ref{7, CallDirection::kIncoming, "x", "sip:" + huge + "@h", huge};
  const auto capped = hooks->on_event(event::CallIncoming{huge_ref}, 0);
  ASSERT_EQ(capped.size(), 1U);
  EXPECT_EQ(capped[0].argv.back(), "");
  EXPECT_EQ(capped[0].environment[3].size(), std::string("SIPLINE_REMOTE_URI=").size() + 256);
  EXPECT_EQ(capped[0].environment[4].size(), std::string("SIPLINE_DISPLAY_NAME=").size() + 256);
}

}  // namespace
}  // namespace sipline::app

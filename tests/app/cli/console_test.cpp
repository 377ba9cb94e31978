// The console on a real phone (bound to a free port of 127.0.0.1): replies to each command,
// and the errors a user sees for calls that do not exist or addresses that are not SIP.
#include "app/cli/console.hpp"

#include <utility>

#include <gtest/gtest.h>

#include "app/cli/event_text.hpp"

namespace sipline::app {
namespace {

PhoneConfig null_audio() {
  PhoneConfig config;
  config.audio = "null";  // never the machine's sound card in a unit test
  return config;
}

class Console : public ::testing::Test {
 protected:
  Console()
      : phone_(io_, null_audio(), clock_,
               [this](const PhoneEvent& event) { events_.push_back(event_text(event)); }) {
    EXPECT_TRUE(phone_.start());
  }
  boost::asio::io_context io_;
  SteadyClock clock_;
  std::vector<std::string> events_;
  Phone phone_;
};

TEST(ConsoleParse, EveryCommandAndAlias) {
  const std::pair<const char*, ConsoleVerb> cases[] = {
      {"dial sip:bob@127.0.0.1", ConsoleVerb::kDial},
      {"d bob", ConsoleVerb::kDial},
      {"answer", ConsoleVerb::kAnswer},
      {"a", ConsoleVerb::kAnswer},
      {"early", ConsoleVerb::kEarly},
      {"early 2", ConsoleVerb::kEarly},
      {"hold", ConsoleVerb::kHold},
      {"resume 1", ConsoleVerb::kResume},
      {"stats", ConsoleVerb::kStats},
      {"stats 4", ConsoleVerb::kStats},
      {"reject", ConsoleVerb::kReject},
      {"j", ConsoleVerb::kReject},
      {"hangup", ConsoleVerb::kHangup},
      {"h", ConsoleVerb::kHangup},
      {"hangupall", ConsoleVerb::kHangupAll},
      {"H", ConsoleVerb::kHangupAll},
      {"calls", ConsoleVerb::kCalls},
      {"c", ConsoleVerb::kCalls},
      {"reg", ConsoleVerb::kReg},
      {"r", ConsoleVerb::kReg},
      {"quit", ConsoleVerb::kQuit},
      {"q", ConsoleVerb::kQuit},
      {"", ConsoleVerb::kNone},
      {" \t\r", ConsoleVerb::kNone},
      {"Dial x", ConsoleVerb::kUnknown}};
  for (const auto& [line, verb] : cases) {
    const ConsoleCommand command = parse_command(line);
    EXPECT_EQ(command.verb, verb) << line;
    EXPECT_EQ(command.error.empty(), verb != ConsoleVerb::kUnknown) << line;
  }
}

TEST(ConsoleParse, ArgumentsAreTrimmedAndCallIdsRead) {
  const ConsoleCommand dial = parse_command("  d \t sip:bob@192.0.2.1:5062 \r");
  EXPECT_EQ(dial.word, "d");
  EXPECT_EQ(dial.argument, "sip:bob@192.0.2.1:5062");
  EXPECT_EQ(parse_command("h 42").call, 42U);
  EXPECT_FALSE(parse_command("answer").call);
  EXPECT_EQ(parse_command("j x1").error, "not a call id: 'x1'");
  EXPECT_EQ(parse_command("hangup 99999999999").error, "not a call id: '99999999999'");
  EXPECT_EQ(parse_command("dial  ").error, "usage: dial sip:user@host[:port]");
}

TEST(ConsoleParse, MessageAndADialWithTextSendATextMessage) {
  const ConsoleCommand message = parse_command("message sip:bob@192.0.2.1  hello  there ");
  EXPECT_EQ(message.verb, ConsoleVerb::kMessage);
  EXPECT_EQ(message.argument, "sip:bob@192.0.2.1");
  EXPECT_EQ(message.text, "hello  there");
  const ConsoleCommand dialled = parse_command("dial 1002 call me back");  // MicroSIP's form
  EXPECT_EQ(dialled.verb, ConsoleVerb::kMessage);
  EXPECT_EQ(dialled.argument, "1002");
  EXPECT_EQ(dialled.text, "call me back");
  EXPECT_EQ(parse_command("dial 1002").verb, ConsoleVerb::kDial);
  EXPECT_EQ(parse_command("message 1002").error, "usage: message sip:user@host[:port] TEXT");
}

TEST_F(Console, DndAndAaSwitchLikeMicroSipsButtons) {
  EXPECT_EQ(run_command(phone_, "dnd").text, "do not disturb: on (incoming calls get 486)");
  EXPECT_TRUE(phone_.do_not_disturb());
  EXPECT_EQ(run_command(phone_, "dnd").text, "do not disturb: off");
  EXPECT_EQ(run_command(phone_, "dnd off").text, "do not disturb: off");
  EXPECT_EQ(run_command(phone_, "dnd on").text, "do not disturb: on (incoming calls get 486)");
  EXPECT_EQ(run_command(phone_, "dnd maybe").text, "usage: dnd [on|off] (alone: switch it)");
  EXPECT_TRUE(phone_.do_not_disturb());
  EXPECT_EQ(run_command(phone_, "aa on").text, "auto-answer: on");
  EXPECT_TRUE(phone_.auto_answer());
  EXPECT_EQ(run_command(phone_, "aa").text, "auto-answer: off");
  EXPECT_EQ(run_command(phone_, "aa 1").text, "usage: aa [on|off] (alone: switch it)");
  // FWD needs somewhere to send calls (forwardingNumber): none here.
  EXPECT_EQ(run_command(phone_, "fwd").text,
            "fwd failed: no number or SIP address to forward to (forwardingNumber)");
  EXPECT_FALSE(phone_.forwarding());
  EXPECT_EQ(run_command(phone_, "fwd off").text, "forwarding: off");
  EXPECT_EQ(run_command(phone_, "fwd x").text, "usage: fwd [on|off] (alone: switch it)");
}

TEST(ConsoleParse, DtmfTakesKeysAndMaybeACallFirst) {
  const ConsoleCommand newest = parse_command("dtmf 1234#");
  EXPECT_EQ(newest.verb, ConsoleVerb::kDtmf);
  EXPECT_FALSE(newest.call);
  EXPECT_EQ(newest.keys, "1234#");
  const ConsoleCommand named = parse_command("dtmf 2  5,5 ");
  EXPECT_EQ(named.call, 2U);
  EXPECT_EQ(named.keys, "5,5");
  EXPECT_EQ(parse_command("dtmf x 5").error, "not a call id: 'x'");
  EXPECT_EQ(parse_command("dtmf").error,
            "usage: dtmf [ID] KEYS (0-9 * # A-D, ',' a second's pause)");
}

TEST_F(Console, CommandsAndAliases) {
  EXPECT_EQ(run_command(phone_, "calls").text, "no calls");
  EXPECT_EQ(run_command(phone_, "c").text, "no calls");
  EXPECT_EQ(run_command(phone_, "   ").text, "");
  EXPECT_TRUE(run_command(phone_, "quit").quit);
  EXPECT_TRUE(run_command(phone_, "q").quit);
  EXPECT_EQ(run_command(phone_, "frobnicate").text,
            "unknown command 'frobnicate' (dial, answer, early, reject, hangup, hangupall, hold, "
            "resume, transfer, atransfer, record, conference, dtmf, message, dnd, aa, fwd, calls, "
            "stats, reg, quit)");
  EXPECT_EQ(run_command(phone_, "stats").text, "no call has media running");
  EXPECT_EQ(run_command(phone_, "stats 3").text, "call 3 has no media running");
  EXPECT_EQ(run_command(phone_, "stats x").text, "not a call id: 'x'");
  EXPECT_EQ(run_command(phone_, "reg").text,
            "no account: calling by IP only (--account sip:user@registrar or --config FILE)");
}

TEST_F(Console, ErrorsSayWhatWentWrong) {
  EXPECT_EQ(run_command(phone_, "answer").text, "answer failed: no ringing call to answer");
  EXPECT_EQ(run_command(phone_, "reject").text, "reject failed: no ringing call to reject");
  EXPECT_EQ(run_command(phone_, "early 2").text,
            "early failed: no ringing call to send early media in");
  EXPECT_EQ(run_command(phone_, "j 3").text, "reject failed: no ringing call to reject");
  EXPECT_EQ(run_command(phone_, "hangup 7").text, "hangup failed: no such call");
  EXPECT_EQ(run_command(phone_, "dtmf 5").text, "dtmf failed: no confirmed call to send DTMF in");
  EXPECT_EQ(run_command(phone_, "dtmf 5x").text,
            "dtmf failed: not a DTMF key (0-9 * # A-D, ',' a pause)");
  EXPECT_EQ(run_command(phone_, "hold").text, "hold failed: no call to hold");
  EXPECT_EQ(run_command(phone_, "resume 2").text, "resume failed: no held call to resume");
  EXPECT_EQ(run_command(phone_, "hold x").text, "not a call id: 'x'");
  EXPECT_EQ(run_command(phone_, "h x").text, "not a call id: 'x'");
  EXPECT_EQ(run_command(phone_, "dial").text, "usage: dial sip:user@host[:port]");
  EXPECT_EQ(run_command(phone_, "dial tel:+123").text,
            "dial failed: not a SIP address (try sip:user@host:port)");
}

// What calls cannot reach is refused at once with its reason, not sent somewhere wrong: a
// transport sipline does not speak, sips over UDP (RFC 3261 §26.2.2).
TEST_F(Console, TargetsCallsCannotReachAreRefused) {
  EXPECT_EQ(run_command(phone_, "dial sip:bob@127.0.0.1:5062;transport=sctp").text,
            "dial failed: the URI's transport is not supported (udp, tcp, tls)");
  EXPECT_EQ(run_command(phone_, "dial SIPS:bob@127.0.0.1:5062;transport=udp").text,
            "dial failed: the URI's transport is not supported (udp, tcp, tls)");
  EXPECT_EQ(run_command(phone_, "calls").text, "no calls");
  EXPECT_TRUE(events_.empty()) << events_.front();
}

TEST(PhoneStart, ListensOnIpv6) {
  boost::asio::io_context io;
  PhoneConfig config = null_audio();
  config.listen_address = "::1";
  const SteadyClock clock;
  Phone phone(io, config, clock, nullptr);
  const auto started = phone.start();
  ASSERT_TRUE(started) << started.error().reason;
  EXPECT_NE(*started, 0);
}

TEST_F(Console, DialingListsTheCall) {
  EXPECT_EQ(run_command(phone_, "d sip:nobody@127.0.0.1:9").text, "");
  EXPECT_EQ(run_command(phone_, "calls").text.find("call 1 to sip:nobody@127.0.0.1:9 calling"), 0U);
  ASSERT_FALSE(events_.empty());
  EXPECT_EQ(events_.back(), "call 1 calling sip:nobody@127.0.0.1:9");
  phone_.hangup_all();
}

}  // namespace
}  // namespace sipline::app

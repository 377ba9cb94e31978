// The console's line for each phone event: the words scripts and the interop tests read.
#include "app/cli/event_text.hpp"

#include <gtest/gtest.h>

namespace sipline::app {
namespace {

const CallRef kIn{3, CallDirection::kIncoming, "\"Bob\" <sip:bob@127.0.0.1:5062>;tag=x",
                  "sip:bob@127.0.0.1:5062", "Bob"};
const CallRef kOut{1, CallDirection::kOutgoing, "sip:carol@127.0.0.1:5070",
                   "sip:carol@127.0.0.1:5070", ""};

TEST(EventText, OneLineForEachEvent) {
  const transport::Flow flow{transport::TransportKind::kUdp, "127.0.0.1", 5062, 0};
  const std::pair<PhoneEvent, const char*> cases[] = {
      {event::CallOutgoing{kOut}, "call 1 calling sip:carol@127.0.0.1:5070"},
      {event::CallIncoming{kIn}, "call 3 incoming from \"Bob\" <sip:bob@127.0.0.1:5062>;tag=x"},
      {event::CallProgress{kOut, 180}, "call 1 ringing (180)"},
      {event::CallProgress{kOut, 183}, "call 1 progress (183)"},
      {event::CallEarlyMedia{kOut, "PCMU/8000"}, "call 1 early media PCMU/8000"},
      {event::CallConfirmed{kOut, "opus/48000"}, "call 1 confirmed opus/48000"},
      {event::CallConfirmed{kOut, ""}, "call 1 confirmed"},
      {event::CallDtmf{kIn, '#'}, "call 3 dtmf #"},
      {event::CallEnded{kIn, 200, true}, "call 3 ended 200 by peer"},
      {event::CallEnded{kOut, 487, false}, "call 1 ended 487"},
      {event::CallHeld{kOut, false}, "call 1 on hold"},
      {event::CallHeld{kIn, true}, "call 3 held by peer"},
      {event::CallResumed{kOut, false}, "call 1 resumed"},
      {event::CallResumed{kIn, true}, "call 3 resumed by peer"},
      {event::CallMediaChanged{kIn, "PCMU/8000", "127.0.0.2:4100"},
       "call 3 media moved to 127.0.0.2:4100 PCMU/8000"},
      {event::CallOfferRefused{kOut, 491},
       "call 1 offer refused 491 (offers crossed: sent again after a pause)"},
      {event::CallOfferRefused{kOut, 488}, "call 1 offer refused 488"},
      {event::CallRejected{kIn, 488, "no SDP offer"}, "call 3 rejected 488: no SDP offer"},
      {event::CallAnswerUnusable{kOut, "no common codec"},
       "call 1: unusable SDP answer (no common codec); hanging up"},
      {event::AutoAnswerFailed{kIn, "gone"}, "call 3 not answered: gone"},
      {event::DialWaiting{"bob", "work"}, "dial bob: waiting for the registration of work"},
      {event::DialWaiting{"sip:bob@pbx.test", "", "pbx.test"},
       "dial sip:bob@pbx.test: looking up pbx.test"},
      {event::DialFailed{"bob", "no port"}, "dial bob failed: no port"},
      {event::RegistrationChanged{1, "work", sip::RegistrationState::kRegistered, 200, 600},
       "registration work: registered (600 s)"},
      {event::RegistrationChanged{1, "work", sip::RegistrationState::kWaiting, 408, 0},
       "registration work: waiting to retry (408)"},
      {event::RegistrationChanged{1, "work", sip::RegistrationState::kRegistering, 0, 0},
       "registration work: registering"},
      {event::MediaReport{"call 1 media PCMU/8000 to 127.0.0.1:20002"},
       "call 1 media PCMU/8000 to 127.0.0.1:20002"},
      {event::SipTrace{true, flow, "OPTIONS sip:x SIP/2.0\r\n\r\n"},
       ">>> 127.0.0.1:5062\nOPTIONS sip:x SIP/2.0\r\n\r\n"},
      {event::SipTrace{false, flow, "SIP/2.0 200 OK\r\n\r\n"},
       "<<< 127.0.0.1:5062\nSIP/2.0 200 OK\r\n\r\n"},
      {event::TransportFailed{flow, "refused"}, "sip: sending to 127.0.0.1:5062 failed: refused"},
      // SDES keys never reach the trace.
      {event::SipTrace{true, flow,
                       "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCa|2^20\r\n"},
       ">>> 127.0.0.1:5062\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:[redacted]\r\n"},
  };
  for (const auto& [event, line] : cases) {
    EXPECT_EQ(event_text(event), line);
  }
}

TEST(EventText, CallsAndAccounts) {
  EXPECT_EQ(calls_text({}), "no calls");
  EXPECT_EQ(calls_text({{kOut, PhoneCallState::kConfirmed, "PCMU/8000"},
                        {kIn, PhoneCallState::kRinging, ""}}),
            "call 1 to sip:carol@127.0.0.1:5070 confirmed PCMU/8000\n"
            "call 3 from \"Bob\" <sip:bob@127.0.0.1:5062>;tag=x ringing");
  EXPECT_EQ(calls_text({{kOut, PhoneCallState::kConfirmed, "PCMU/8000", true, false},
                        {kIn, PhoneCallState::kConfirmed, "PCMU/8000", true, true}}),
            "call 1 to sip:carol@127.0.0.1:5070 confirmed PCMU/8000 (on hold)\n"
            "call 3 from \"Bob\" <sip:bob@127.0.0.1:5062>;tag=x confirmed PCMU/8000 (on hold, "
            "held by peer)");
  EXPECT_EQ(accounts_text({}),
            "no account: calling by IP only (--account sip:user@registrar or --config FILE)");
  EXPECT_EQ(accounts_text({{1, true, "work", sip::RegistrationState::kRegistered, 600},
                           {2, false, "home", sip::RegistrationState::kFailed, 0}}),
            "1* work: registered (600 s)\n2 home: failed");
}

}  // namespace
}  // namespace sipline::app

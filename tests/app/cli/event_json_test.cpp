// The control socket's JSON for phone events: baresip's type names, every string escaped.
#include "app/cli/event_json.hpp"

#include <gtest/gtest.h>

namespace sipline::app {
namespace {

const auto kNow = std::chrono::system_clock::time_point{} + std::chrono::hours(24 * 365 * 56);
const CallRef kIn{3, CallDirection::kIncoming, "\"Bob\" <sip:bob@127.0.0.1:5062>;tag=x",
                  "sip:bob@127.0.0.1:5062", "Bob"};
const CallRef kOut{1, CallDirection::kOutgoing, "sip:carol@127.0.0.1:5070",
                   "sip:carol@127.0.0.1:5070", ""};

TEST(EventJson, CallEventsCarryTheCallAndBaresipsTypeNames) {
  EXPECT_EQ(event_json(event::CallIncoming{kIn}, kNow),
            R"({"event":true,"class":"call","type":"CALL_INCOMING","id":3,)"
            R"("direction":"incoming","peeruri":"sip:bob@127.0.0.1:5062","peername":"Bob",)"
            R"("param":""})");
  EXPECT_EQ(event_json(event::CallProgress{kOut, 180}, kNow),
            R"({"event":true,"class":"call","type":"CALL_RINGING","id":1,)"
            R"("direction":"outgoing","peeruri":"sip:carol@127.0.0.1:5070","peername":"",)"
            R"("param":"180","status":180})");
  const std::pair<PhoneEvent, std::string_view> types[] = {
      {event::CallOutgoing{kOut}, "CALL_OUTGOING"},
      {event::CallProgress{kOut, 183}, "CALL_PROGRESS"},
      {event::CallConfirmed{kOut, "PCMU/8000"}, "CALL_ESTABLISHED"},
      {event::CallEnded{kIn, 200, true}, "CALL_CLOSED"},
      {event::CallHeld{kOut, false}, "CALL_HOLD"},
      {event::CallResumed{kOut, true}, "CALL_RESUME"},
      {event::CallDtmf{kIn, '#'}, "CALL_DTMF_START"},
      {event::CallReferred{kIn, "sip:carol@x", 4}, "CALL_TRANSFER"},
      {event::CallTransferProgress{kOut, 603, true, false}, "CALL_TRANSFER_FAILED"},
      {event::CallTransferProgress{kOut, 405, true, true}, "CALL_TRANSFER_FAILED"},
      {event::CallTransferProgress{kOut, 180, false, false}, "CALL_TRANSFER_PROGRESS"},
      {event::CallRedirected{kOut, 302, "sip:d@x", 2}, "CALL_REDIRECT"},
      {event::RegistrationChanged{1, "work", sip::RegistrationState::kRegistered, 200, 600},
       "REGISTER_OK"},
      {event::RegistrationChanged{1, "work", sip::RegistrationState::kFailed, 403},
       "REGISTER_FAIL"},
      {event::RegistrationChanged{1, "work", sip::RegistrationState::kRegistering}, "REGISTERING"},
      {event::MessageReceived{"Al <sip:al@x>", "sip:al@x", "Al", "hi"}, "MESSAGE_RECEIVED"},
  };
  for (const auto& [event, type] : types) {
    const std::string json = event_json(event, kNow);
    EXPECT_NE(json.find(fmt::format("\"type\":\"{}\"", type)), std::string::npos) << json;
    EXPECT_TRUE(json.starts_with("{\"event\":true,")) << json;
    EXPECT_TRUE(json.ends_with("}")) << json;
  }
}

TEST(EventJson, ACallersNameIsDataWhateverItHolds) {
  CallRef hostile = kIn;
  hostile.display_name = "Eve\"},{\"event\":true\n\x01\xff";
  const std::string json = event_json(event::CallIncoming{hostile}, kNow);
  EXPECT_NE(json.find(R"("peername":"Eve\"},{\"event\":true\u000a\u0001)"
                      "\xEF\xBF\xBD\""),
            std::string::npos)
      << json;
  EXPECT_EQ(json.find('\n'), std::string::npos);  // one line, always
}

TEST(EventJson, TheEndOfCallSummaryIsTheCallRecord) {
  event::CallSummary summary{
      kOut,  "PCMU/8000", std::chrono::milliseconds(120), std::chrono::seconds(3), 200,
      false, std::nullopt};
  const std::string json = event_json(summary, kNow);
  EXPECT_NE(json.find(R"("type":"CALL_SUMMARY")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("summary":{"call":1,"direction":"outgoing")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("duration_ms":3000)"), std::string::npos) << json;
}

TEST(EventJson, SipTracesAreNotPushed) {
  EXPECT_EQ(event_json(event::SipTrace{true, {}, "INVITE …"}, kNow), "");
}

}  // namespace
}  // namespace sipline::app

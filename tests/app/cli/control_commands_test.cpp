// The control socket's commands on a real phone (bound to a free port of 127.0.0.1): each
// parameter checked by name and type, the console's commands answered as JSON, MicroSIP's own
// (hangupcalling, account, mute, volume, hold toggle) carried out.
#include "app/cli/control_commands.hpp"

#include <gtest/gtest.h>

namespace sipline::app {
namespace {

PhoneConfig null_audio() {
  PhoneConfig config;
  config.audio = "null";
  return config;
}

ControlRequest request(std::string command,
                       std::vector<std::pair<std::string, ControlValue>> params = {}) {
  ControlRequest out;
  out.command = std::move(command);
  out.params = std::move(params);
  return out;
}

class ControlCommands : public ::testing::Test {
 protected:
  ControlCommands() : phone_(io_, null_audio(), clock_, [](const PhoneEvent&) {}) {
    EXPECT_TRUE(phone_.start());
  }
  ControlResponse run(const ControlRequest& r) { return execute_control(phone_, r); }

  boost::asio::io_context io_;
  SteadyClock clock_;
  Phone phone_;
};

TEST_F(ControlCommands, UnknownCommandsAndParametersAreRefusedByName) {
  auto response = run(request("frobnicate"));
  EXPECT_FALSE(response.ok);
  EXPECT_TRUE(response.reason.starts_with("unknown command 'frobnicate' (dial, "))
      << response.reason;
  response = run(request("dial", {{"url", control_string("sip:bob@127.0.0.1:9")}}));
  EXPECT_FALSE(response.ok);
  EXPECT_EQ(response.reason, "unknown parameter 'url' for dial");
  response = run(request("dial"));
  EXPECT_EQ(response.reason, "params.uri is missing");
  response = run(request("answer", {{"id", control_string("one")}}));
  EXPECT_EQ(response.reason, "params.id must be a whole number");
  response = run(request("record"));
  EXPECT_EQ(response.reason, "params.on is missing");
  response = run(request("conference", {{"calls", control_number(1)}}));
  EXPECT_FALSE(response.ok);
}

TEST_F(ControlCommands, ANewlineInAParameterIsDataNotASecondCommand) {
  const auto response =
      run(request("dial", {{"uri", control_string("sip:bob@127.0.0.1:9\nquit")}}));
  EXPECT_FALSE(response.ok);
  EXPECT_EQ(response.reason, "params.uri holds a control character");
  EXPECT_FALSE(response.quit);
  EXPECT_TRUE(phone_.calls().empty());
}

TEST_F(ControlCommands, DialCallsAndHangupCalling) {
  auto response = run(request("dial", {{"uri", control_string("sip:bob@127.0.0.1:9")}}));
  ASSERT_TRUE(response.ok) << response.reason;
  EXPECT_EQ(response.data, R"({"id":1})");
  response = run(request("calls"));
  EXPECT_EQ(response.data,
            R"([{"id":1,"direction":"outgoing","peeruri":"sip:bob@127.0.0.1:9","peername":"",)"
            R"("state":"calling","codec":"","held":false,"held_by_peer":false}])");
  // /hangupincoming leaves our call alone; /hangupcalling ends it.
  EXPECT_EQ(run(request("hangupincoming")).data, R"({"calls":[]})");
  EXPECT_EQ(run(request("hangupcalling")).data, R"({"calls":[1]})");
  // (The call stays listed until its CANCEL can go: nothing has answered the INVITE yet.)
}

TEST_F(ControlCommands, MuteTogglesAndVolumeStepsWithinItsRange) {
  auto response = run(request("mute", {{"device", control_string("microphone")}}));
  ASSERT_TRUE(response.ok) << response.reason;
  EXPECT_TRUE(phone_.audio_levels().microphone_muted);
  EXPECT_FALSE(phone_.audio_levels().speaker_muted);
  (void)run(request("mute", {{"device", control_string("microphone")}}));
  EXPECT_FALSE(phone_.audio_levels().microphone_muted);
  (void)run(request("mute", {{"device", control_string("speaker")}, {"on", control_bool(true)}}));
  (void)run(request("mute", {{"device", control_string("speaker")}, {"on", control_bool(true)}}));
  EXPECT_TRUE(phone_.audio_levels().speaker_muted);
  for (int i = 0; i < 10; ++i) {
    response = run(
        request("volume", {{"device", control_string("speaker")}, {"step", control_string("up")}}));
  }
  EXPECT_EQ(phone_.audio_levels().speaker_gain_db, kVolumeMaxDb);
  EXPECT_EQ(response.data, R"({"device":"speaker","muted":true,"gain_db":12})");
  (void)run(request("volume",
                    {{"device", control_string("microphone")}, {"step", control_string("down")}}));
  EXPECT_EQ(phone_.audio_levels().microphone_gain_db, -kVolumeStepDb);
  EXPECT_FALSE(run(request("mute", {{"device", control_string("camera")}})).ok);
}

TEST_F(ControlCommands, AccountMustExist) {
  const auto response = run(request("account", {{"index", control_number(2)}}));
  EXPECT_FALSE(response.ok);
  EXPECT_EQ(response.reason, "no such account (0 is the local account, calls by IP)");
  EXPECT_TRUE(run(request("account", {{"index", control_number(0)}})).ok);
}

TEST_F(ControlCommands, HoldToggleNeedsACall) {
  const auto response = run(request("hold", {{"toggle", control_bool(true)}}));
  EXPECT_FALSE(response.ok);
  EXPECT_EQ(response.reason, "no confirmed call to hold");
}

TEST_F(ControlCommands, SwitchesAnswerWithTheirState) {
  EXPECT_EQ(run(request("dnd", {{"on", control_bool(true)}})).data,
            "\"do not disturb: on (incoming calls get 486)\"");
  EXPECT_TRUE(phone_.do_not_disturb());
  EXPECT_EQ(run(request("dnd")).data, "\"do not disturb: off\"");
  EXPECT_TRUE(run(request("quit")).quit);
}

TEST(ControlResponseJson, OkErrorAndToken) {
  EXPECT_EQ(control_response_json({true, R"({"id":1})", {}, false}, "abc"),
            R"({"response":true,"ok":true,"data":{"id":1},"token":"abc"})");
  EXPECT_EQ(control_response_json({false, "null", "no \"such\" call", false}, {}),
            R"({"response":true,"ok":false,"data":null,"reason":"no \"such\" call"})");
}

}  // namespace
}  // namespace sipline::app

// Words as control requests: the positional arguments each command names, the values typed
// as numbers, booleans and lists where the command expects them, NAME=VALUE, the refusals,
// and baresip's string params read the same way. Requests are compared as the JSON line they
// would be sent as, where 2, "2" and true differ at a glance.
#include "app/cli/control_arguments.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace sipline::app {
namespace {

std::string request_line(const std::vector<std::string>& args) {
  const auto request = request_from_arguments(args);
  EXPECT_TRUE(request.has_value()) << request.error();
  return request ? control_request_json(*request) : "";
}

std::string error_of(const std::vector<std::string>& args) {
  const auto request = request_from_arguments(args);
  EXPECT_FALSE(request.has_value()) << control_request_json(*request);
  return request ? "" : request.error();
}

std::string named_line(const ControlRequest& request) {
  const auto named = with_named_params(request);
  EXPECT_TRUE(named.has_value()) << named.error();
  return named ? control_request_json(*named) : "";
}

ControlRequest with_text(std::string command, std::string params_text, std::string token = "") {
  return ControlRequest{std::move(command), {}, std::move(token), std::move(params_text)};
}

TEST(ControlArguments, DialTakesAUriAndAnAccountNumber) {
  EXPECT_EQ(request_line({"dial", "sip:bob@x", "2"}),
            R"({"command":"dial","params":{"uri":"sip:bob@x","account":2}})");
  EXPECT_EQ(request_line({"dial", "1002"}), R"({"command":"dial","params":{"uri":"1002"}})");
  EXPECT_EQ(request_from_arguments(std::vector<std::string>{"dial", "1002"})->params_text,
            std::nullopt);
}

TEST(ControlArguments, AMessageTextIsEveryWordAfterTheUriJoined) {
  EXPECT_EQ(request_line({"message", "sip:bob@x", "hello", "there,", "a=b"}),
            R"({"command":"message","params":{"uri":"sip:bob@x","text":"hello there, a=b"}})");
  EXPECT_EQ(request_line({"message", "sip:bob@x", "one"}),
            R"({"command":"message","params":{"uri":"sip:bob@x","text":"one"}})");
}

TEST(ControlArguments, DtmfKeysStayTextAndTheCallIsANumber) {
  EXPECT_EQ(request_line({"dtmf", "0123#*", "4"}),
            R"({"command":"dtmf","params":{"keys":"0123#*","id":4}})");
}

TEST(ControlArguments, OnAndOffAreBooleans) {
  EXPECT_EQ(request_line({"record", "on", "2"}),
            R"({"command":"record","params":{"on":true,"id":2}})");
  EXPECT_EQ(request_line({"dnd", "off"}), R"({"command":"dnd","params":{"on":false}})");
  EXPECT_EQ(request_line({"aa", "true"}), R"({"command":"aa","params":{"on":true}})");
  // Anything else is left as text, for the command to refuse by name.
  EXPECT_EQ(request_line({"fwd", "maybe"}), R"({"command":"fwd","params":{"on":"maybe"}})");
  EXPECT_EQ(request_line({"hangup", "two"}), R"({"command":"hangup","params":{"id":"two"}})");
}

TEST(ControlArguments, ConferenceCallsAreAListOfNumbersAndOffHasNone) {
  EXPECT_EQ(request_line({"conference", "1", "2"}),
            R"({"command":"conference","params":{"calls":[1,2]}})");
  EXPECT_EQ(request_line({"conference", "3"}),
            R"({"command":"conference","params":{"calls":[3]}})");
  EXPECT_EQ(request_line({"conference", "off"}), R"({"command":"conference"})");
  EXPECT_EQ(request_line({"conference"}), R"({"command":"conference"})");
}

TEST(ControlArguments, NameEqualsValueNamesAnyParameter) {
  EXPECT_EQ(request_line({"hangupall", "keep_incoming=true"}),
            R"({"command":"hangupall","params":{"keep_incoming":true}})");
  EXPECT_EQ(request_line({"hangupall", "true"}),
            R"({"command":"hangupall","params":{"keep_incoming":true}})");
  EXPECT_EQ(request_line({"dial", "account=3", "uri=sip:bob@x"}),
            R"({"command":"dial","params":{"account":3,"uri":"sip:bob@x"}})");
  EXPECT_EQ(request_line({"volume", "device=speaker", "step=up"}),
            R"({"command":"volume","params":{"device":"speaker","step":"up"}})");
}

TEST(ControlArguments, AnEqualsSignAfterAUriSchemeIsPartOfTheUri) {
  EXPECT_EQ(request_line({"dial", "sip:a@b;transport=tcp"}),
            R"({"command":"dial","params":{"uri":"sip:a@b;transport=tcp"}})");
  EXPECT_EQ(request_line({"transfer", "sip:c@d?Replaces=x", "1"}),
            R"({"command":"transfer","params":{"target":"sip:c@d?Replaces=x","id":1}})");
  // '=' first: a name, even when a ':' follows in the value.
  EXPECT_EQ(request_line({"transfer", "target=sip:c@d"}),
            R"({"command":"transfer","params":{"target":"sip:c@d"}})");
}

TEST(ControlArguments, TooManyArgumentsAreRefusedByName) {
  EXPECT_EQ(error_of({"dial", "sip:bob@x", "1", "extra"}), "dial: unexpected argument 'extra'");
  EXPECT_EQ(error_of({"hangup", "1", "2"}), "hangup: unexpected argument '2'");
  EXPECT_EQ(error_of({"frobnicate", "x"}), "frobnicate: unexpected argument 'x'");
  // Alone, an unknown command is still a request: the command layer refuses it by name.
  EXPECT_EQ(request_line({"frobnicate"}), R"({"command":"frobnicate"})");
}

TEST(ControlArguments, NoCommandIsRefused) {
  EXPECT_EQ(error_of({}), "no command (sipline ctl --help)");
}

TEST(ControlArguments, StringParamsAreReadAsWordsAndTheTokenIsKept) {
  EXPECT_EQ(named_line(with_text("dtmf", "123 4", "x")),
            R"({"command":"dtmf","params":{"keys":"123","id":4},"token":"x"})");
  EXPECT_EQ(with_named_params(with_text("dtmf", "123 4", "x"))->params_text, std::nullopt);
  EXPECT_EQ(named_line(with_text("dial", " \tsip:bob@x  \t 2 ")),
            R"({"command":"dial","params":{"uri":"sip:bob@x","account":2}})");
  EXPECT_EQ(named_line(with_text("answer", "")), R"({"command":"answer"})");
  EXPECT_EQ(with_named_params(with_text("hangup", "1 2")).error(),
            "hangup: unexpected argument '2'");
}

TEST(ControlArguments, ARequestWithoutStringParamsComesBackUnchanged) {
  const ControlRequest request{
      "dial", {{"uri", control_string("sip:bob@x y")}, {"account", control_string("1")}}, "t"};
  EXPECT_TRUE(with_named_params(request) == request);
  const ControlRequest bare{"answer", {}, ""};
  EXPECT_TRUE(with_named_params(bare) == bare);
}

}  // namespace
}  // namespace sipline::app

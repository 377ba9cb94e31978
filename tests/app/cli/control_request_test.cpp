// Control socket request lines: what is read from good ones, what is written back, and the
// reason and byte position of every way a line is refused.
#include "app/cli/control_request.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sipline::app {
namespace {

using namespace std::string_literals;
using ::testing::HasSubstr;
using Kind = ControlValue::Kind;

ControlRequest parsed(std::string_view line) {
  auto request = parse_control_request(line);
  EXPECT_TRUE(request.has_value())
      << line << ": " << request.error().reason << " at " << request.error().position;
  return request.value_or(ControlRequest{});
}

ControlRequestError refused(std::string_view line) {
  auto request = parse_control_request(line);
  EXPECT_FALSE(request.has_value()) << line;
  return request.has_value() ? ControlRequestError{} : request.error();
}

struct Refusal {
  std::string line;
  std::string reason;
  std::size_t position;
};

void expect_refusals(const std::vector<Refusal>& cases) {
  for (const auto& [line, reason, position] : cases) {
    SCOPED_TRACE(line);
    const ControlRequestError error = refused(line);
    EXPECT_THAT(error.reason, HasSubstr(reason));
    EXPECT_EQ(error.position, position);
  }
}

// `{"command":"x","params":{"a":` + value + `}}`: the value starts at byte 29.
std::string with_param(std::string_view value) {
  return R"({"command":"x","params":{"a":)" + std::string(value) + "}}";
}

TEST(ControlRequestParse, DialWithParamsAndAStringToken) {
  const ControlRequest request =
      parsed(R"({"command":"dial","params":{"uri":"sip:bob@pbx","account":1},"token":"abc"})");
  EXPECT_EQ(request.command, "dial");
  EXPECT_EQ(request.token, "abc");
  ASSERT_EQ(request.params.size(), 2U);
  EXPECT_EQ(request.params[0].first, "uri");
  EXPECT_EQ(request.params[0].second, control_string("sip:bob@pbx"));
  EXPECT_EQ(request.params[1].first, "account");
  EXPECT_EQ(request.params[1].second, control_number(1));
}

TEST(ControlRequestParse, EveryKindOfParamAndArraysOfScalars) {
  const ControlRequest request =
      parsed(R"({"command":"conference","params":{"calls":[1,"2",true,null,-1.5e+3],"hold":false,)"
             R"("on":true,"none":null,"gain":-0.25E2,"empty":[]}})");
  ASSERT_EQ(request.params.size(), 6U);
  const ControlValue* calls = request.param("calls");
  ASSERT_NE(calls, nullptr);
  EXPECT_EQ(calls->kind, Kind::kArray);
  ASSERT_EQ(calls->items.size(), 5U);
  EXPECT_EQ(calls->items[0], control_number(1));
  EXPECT_EQ(calls->items[1], control_string("2"));
  EXPECT_EQ(calls->items[2], control_bool(true));
  EXPECT_EQ(calls->items[3].kind, Kind::kNull);
  EXPECT_EQ(calls->items[4].kind, Kind::kNumber);
  EXPECT_EQ(calls->items[4].text, "-1.5e+3");  // the literal as written
  EXPECT_EQ(*request.param("hold"), control_bool(false));
  EXPECT_EQ(*request.param("on"), control_bool(true));
  EXPECT_EQ(request.param("none")->kind, Kind::kNull);
  EXPECT_EQ(request.param("gain")->text, "-0.25E2");
  EXPECT_EQ(request.param("empty")->kind, Kind::kArray);
  EXPECT_TRUE(request.param("empty")->items.empty());
  EXPECT_EQ(request.param("Hold"), nullptr);  // names are exact
  EXPECT_EQ(request.param("hol"), nullptr);
}

TEST(ControlRequestParse, EscapesDecodeToUtf8) {
  const ControlRequest request = parsed(
      R"({"command":"message","params":{"text":"caf\u00e9 \ud83d\ude00 \"q\" \\ \/ \b\f\n\r\t",)"
      "\"raw\":\"caf\xC3\xA9 \xF0\x9F\x98\x80 \x7F\"}}");
  EXPECT_EQ(request.param("text")->text, "caf\xC3\xA9 \xF0\x9F\x98\x80 \"q\" \\ / \b\f\n\r\t");
  EXPECT_EQ(request.param("raw")->text, "caf\xC3\xA9 \xF0\x9F\x98\x80 \x7F");
  // An escaped NUL is data (RFC 8259 §7); the command layer refuses it where it matters.
  EXPECT_EQ(parsed(with_param(R"("a\u0000b")")).param("a")->text, "a\0b"s);
}

TEST(ControlRequestParse, AnEscapedNewlineIsOneRequestWithANewlineInside) {
  const ControlRequest request = parsed(R"({"command":"dial","params":{"uri":"sip:a\nquit"}})");
  EXPECT_EQ(request.command, "dial");
  ASSERT_EQ(request.params.size(), 1U);
  EXPECT_EQ(request.param("uri")->text, "sip:a\nquit");
}

TEST(ControlRequestParse, TokenAsANumberIsKeptAsWritten) {
  EXPECT_EQ(parsed(R"({"command":"answer","token":42})").token, "42");
  EXPECT_EQ(parsed(R"({"token":-0.5E+2,"command":"answer"})").token, "-0.5E+2");
  EXPECT_EQ(parsed(R"({"command":"answer"})").token, "");
}

TEST(ControlRequestParse, BlanksAroundAndBetweenTokens) {
  const ControlRequest request =
      parsed(" \t{ \"command\" : \"hold\" ,\t\"params\" : { \"call\" : 2 } } \r");
  EXPECT_EQ(request.command, "hold");
  EXPECT_EQ(request.param("call")->as_unsigned(), 2U);
  EXPECT_TRUE(parsed(R"({"command":"hold","params":{}})").params.empty());
}

TEST(ControlRequestParse, LimitsThemselvesAreAllowed) {
  std::string params;
  for (std::size_t i = 0; i < kMaxParams; ++i) {
    params += (i > 0 ? ",\"p" : "\"p") + std::to_string(i) + "\":" + std::to_string(i);
  }
  EXPECT_EQ(parsed(R"({"command":"x","params":{)" + params + "}}").params.size(), kMaxParams);
  std::string items = "[0";
  for (std::size_t i = 1; i < kMaxArrayItems; ++i) {
    items += ",0";
  }
  EXPECT_EQ(parsed(with_param(items + "]")).param("a")->items.size(), kMaxArrayItems);
  const std::string longest(kMaxString, 'a');
  EXPECT_EQ(parsed(with_param('"' + longest + '"')).param("a")->text, longest);
  EXPECT_EQ(parsed(R"({"command":")" + std::string(64, 'c') + "\"}").command.size(), 64U);
  EXPECT_EQ(parsed(with_param(std::string(32, '1'))).param("a")->text.size(), 32U);
}

TEST(ControlRequestErrors, NotAnObjectOrTextAfterIt) {
  expect_refusals({
      {"", "expected a JSON object", 0},
      {R"([1])", "expected a JSON object", 0},
      {R"(  "x")", "expected a JSON object", 2},
      {R"({"command":"x"} x)", "unexpected text after the object", 16},
      {R"({"command":"x"}{})", "unexpected text after the object", 15},
      {R"({"command":"x")", "expected ',' or '}'", 14},
      {R"({"command" "x"})", "expected ':' after a key", 11},
      {R"({"command":"x",})", "expected a key", 15},
      {R"({command:"x"})", "expected a key", 1},
      {"{\"command\":\"x\",\n\"token\":1}", "expected a key", 15},  // a line holds no LF
  });
}

TEST(ControlRequestErrors, CommandParamsAndTokenKeys) {
  expect_refusals({
      {R"({})", "missing \"command\"", 1},
      {R"({"params":{}})", "missing \"command\"", 12},
      {R"({"command":1})", "\"command\" must be a string", 11},
      {R"({"command":""})", "\"command\" is empty", 11},
      {R"({"command":")" + std::string(65, 'c') + "\"}", "longer than 64 bytes", 11},
      {R"({"command":"x","verb":1})", "unknown key 'verb'", 15},
      {R"({"command":"x","command":"y"})", "duplicate key 'command'", 15},
      {R"({"command":"x","params":[]})", "\"params\" must be an object or a string", 24},
      {R"({"command":"x","token":true})", "\"token\" must be a string or a number", 23},
      {R"({"command":"x","token":{}})", "\"token\" must be a string or a number", 23},
  });
}

TEST(ControlRequestParse, StringParamsAreKeptAsTextAsBaresipSendsThem) {
  const ControlRequest request = parsed(R"({"command":"dial","params":"sip:bob@x","token":"t"})");
  EXPECT_EQ(request.command, "dial");
  EXPECT_TRUE(request.params.empty());
  EXPECT_EQ(request.params_text, "sip:bob@x");
  EXPECT_EQ(request.token, "t");
  EXPECT_EQ(parsed(R"({"command":"message","params":"sip:b@x caf\u00e9 \"hi\""})").params_text,
            "sip:b@x caf\xC3\xA9 \"hi\"");
  EXPECT_EQ(parsed(R"({"command":"answer","params":""})").params_text, "");
  EXPECT_EQ(parsed(R"({"command":"answer","params":{}})").params_text, std::nullopt);
  EXPECT_EQ(parsed(R"({"command":"answer"})").params_text, std::nullopt);
}

TEST(ControlRequestErrors, StringParamsKeepTheStringRulesAndParamsIsReadOnce) {
  expect_refusals({
      {R"({"command":"x","params":"a","params":{}})", "duplicate key 'params'", 28},
      {R"({"command":"x","params":{},"params":"a"})", "duplicate key 'params'", 27},
      {R"({"command":"x","params":"a\x"})", "invalid escape", 26},
      {"{\"command\":\"x\",\"params\":\"\xC0\xAF\"}", "invalid UTF-8: overlong", 25},
      {R"({"command":"x","params":")" + std::string(kMaxString + 1, 'a') + "\"}",
       "string longer than 4096", 25 + kMaxString},
      {R"({"command":"x","params":[]})", "\"params\" must be an object or a string", 24},
      {R"({"command":"x","params":["a"]})", "\"params\" must be an object or a string", 24},
      {R"({"command":"x","params":1})", "\"params\" must be an object or a string", 24},
      {R"({"command":"x","params":null})", "\"params\" must be an object or a string", 24},
  });
}

TEST(ControlRequestErrors, ParamsDuplicatesNestingAndLimits) {
  std::string params;
  for (std::size_t i = 0; i <= kMaxParams; ++i) {
    params += (i > 0 ? ",\"p" : "\"p") + std::to_string(i) + "\":" + std::to_string(i);
  }
  const std::string too_many = R"({"command":"x","params":{)" + params + "}}";
  std::string items = "[0";
  for (std::size_t i = 1; i <= kMaxArrayItems; ++i) {
    items += ",0";
  }
  expect_refusals({
      {R"({"command":"x","params":{"a":1,"a":2}})", "duplicate key 'a'", 31},
      {with_param("{}"), "nesting too deep", 29},
      {with_param("[[1]]"), "nesting too deep", 30},
      {with_param("[1,{}]"), "nesting too deep", 32},
      {too_many, "too many params (at most 32)", too_many.find("\"p32\"")},
      {with_param(items + "]"), "too many array items (at most 32)", 30 + 2 * kMaxArrayItems},
      {with_param('"' + std::string(kMaxString + 1, 'a') + '"'), "string longer than 4096",
       30 + kMaxString},
      {with_param("[1 2]"), "expected ',' or ']'", 32},
      {with_param("[1,]"), "expected a value", 32},
      {with_param("nul"), "expected a value", 29},
  });
}

TEST(ControlRequestErrors, Numbers) {
  expect_refusals({
      {with_param("-"), "invalid number", 30},
      {with_param("1."), "invalid number", 31},
      {with_param("1e+"), "invalid number", 32},
      {with_param(".5"), "expected a value", 29},
      {with_param("+1"), "expected a value", 29},
      {with_param("01"), "expected ',' or '}'", 30},  // RFC 8259 §6: no leading zero
      {with_param(std::string(33, '1')), "number longer than 32 characters", 29 + 32},
  });
}

TEST(ControlRequestErrors, StringsControlCharactersAndEscapes) {
  expect_refusals({
      {"{\"command\":\"a\tb\"}", "control character", 13},
      {"{\"command\":\"a\nb\"}", "control character", 13},
      {"{\"command\":\"a\0b\"}"s, "control character", 13},
      {R"({"command":"x)", "unterminated string", 13},
      {R"({"command":"x\)", "unterminated string", 14},
      {R"({"command":"\x"})", "invalid escape", 12},
      {R"({"command":"\U0041"})", "invalid escape", 12},
      {R"({"command":"\u12G4"})", "expected four hex digits", 12},
      {R"({"command":"\u12"})", "expected four hex digits", 12},
      {R"({"command":"\uD800"})", "lone surrogate", 12},
      {R"({"command":"\uDC00x"})", "lone surrogate", 12},
      {R"({"command":"\uD800\u0041"})", "lone surrogate", 12},
      {R"({"command":"\uD800\uD800"})", "lone surrogate", 12},
      {R"({"command":"x\uD83D\uDE0"})", "expected four hex digits", 19},
  });
}

TEST(ControlRequestErrors, InvalidUtf8IsRefusedWhereItStarts) {
  expect_refusals({
      {"{\"command\":\"\x80\"}", "invalid UTF-8: continuation byte", 12},
      {"{\"command\":\"ab\xC0\x80\"}", "invalid UTF-8: overlong", 14},
      {"{\"command\":\"\xE0\x80\xAF\"}", "invalid UTF-8: overlong", 12},
      {"{\"command\":\"\xE2\x82\"}", "invalid UTF-8: truncated", 12},
      {"{\"command\":\"\xE2\x82", "invalid UTF-8: truncated", 12},
      {"{\"command\":\"\xED\xA0\x80\"}", "invalid UTF-8: encoded surrogate", 12},
      {"{\"command\":\"\xF4\x90\x80\x80\"}", "invalid UTF-8: past U+10FFFF", 12},
      {"{\"command\":\"\xFF\"}", "invalid UTF-8: byte that starts no sequence", 12},
      {"{\"\xC3(\":1}", "invalid UTF-8: truncated", 2},
  });
}

TEST(ControlRequestErrors, NulBytesOutsideStrings) {
  expect_refusals({
      {"\0{\"command\":\"x\"}"s, "expected a JSON object", 0},
      {"{\0\"command\":\"x\"}"s, "expected a key", 1},
      {"{\"command\"\0:\"x\"}"s, "expected ':'", 10},
      {"{\"command\":\"x\"}\0"s, "unexpected text after the object", 15},
  });
}

TEST(ControlRequestErrors, CarryTheTokenWhenItWasReadBeforeTheError) {
  EXPECT_EQ(refused(R"({"token":"abc","command":1})").token, "abc");
  EXPECT_EQ(refused(R"({"token":7,"command":"x"} junk)").token, "7");
  EXPECT_EQ(refused(R"({"command":1,"token":"abc"})").token, "");
  EXPECT_EQ(refused(R"({"command":"x","token":"ab)").token, "");
}

TEST(ControlRequestErrors, AMebibyteLineIsReadInOnePassAndBounded) {
  const std::size_t mebibyte = std::size_t{1} << 20;
  expect_refusals({
      {std::string(mebibyte, '['), "expected a JSON object", 0},
      {with_param(std::string(mebibyte, '[')), "nesting too deep", 30},
      {with_param('"' + std::string(mebibyte, 'a') + '"'), "string longer", 30 + kMaxString},
      {with_param(std::string(mebibyte, '7')), "number longer", 29 + 32},
      {R"({"command":"x"})" + std::string(mebibyte, ' ') + "x", "unexpected text", 15 + mebibyte},
  });
  EXPECT_EQ(parsed(R"({"command":"x"})" + std::string(mebibyte, ' ')).command, "x");
}

TEST(ControlRequestJson, WritesCommandParamsAndTokenInOrder) {
  ControlRequest request;
  request.command = "dial";
  request.params = {{"uri", control_string("sip:bob@pbx \"q\"\n")},
                    {"account", control_number(1)},
                    {"video", control_bool(false)},
                    {"calls", ControlValue{Kind::kArray, false, "", {control_number(2), {}}}}};
  request.token = "t1";
  EXPECT_EQ(control_request_json(request),
            R"({"command":"dial","params":{"uri":"sip:bob@pbx \"q\"\u000a","account":1,)"
            R"("video":false,"calls":[2,null]},"token":"t1"})");
  EXPECT_EQ(parse_control_request(control_request_json(request)), request);
  EXPECT_EQ(control_request_json(ControlRequest{"answer", {}, ""}), R"({"command":"answer"})");
}

TEST(ControlRequestJson, ParsedRequestsRoundTrip) {
  for (const std::string line : {
           R"({"command":"dial","params":{"uri":"sip:bob@pbx","account":1},"token":"abc"})",
           R"({"command":"dtmf","params":{"call":"2","keys":"12#*"}})",
           R"({"command":"conference","params":{"calls":[1,2,3],"hold":true}})",
           R"({"command":"message","params":{"text":"caf\u00e9 \ud83d\ude00 \u0000\u001f\u007f"}})",
           R"({"command":"x","params":{"n":-1.5e-3,"z":null,"a":[]},"token":""})",
       }) {
    SCOPED_TRACE(line);
    const ControlRequest request = parsed(line);
    EXPECT_EQ(parse_control_request(control_request_json(request)), request);
  }
}

TEST(ControlRequestJson, StringParamsAreWrittenBackAsAString) {
  for (const std::string line : {
           R"({"command":"dial","params":"sip:bob@x","token":"t"})",
           R"({"command":"dtmf","params":"123 4"})",
           R"({"command":"answer","params":""})",
           R"({"command":"message","params":"sip:b@x \"q\" \\ \u000a"})",
       }) {
    SCOPED_TRACE(line);
    const ControlRequest request = parsed(line);
    EXPECT_EQ(control_request_json(request), line);
    EXPECT_EQ(parse_control_request(control_request_json(request)), request);
  }
  ControlRequest request{"dial", {}, "t", "sip:bob@x"};
  EXPECT_EQ(control_request_json(request),
            R"({"command":"dial","params":"sip:bob@x","token":"t"})");
}

TEST(ControlRequestJson, ANumericTokenComesBackAsTheSameTextInAString) {
  const ControlRequest request = parsed(R"({"command":"answer","token":42})");
  EXPECT_EQ(control_request_json(request), R"({"command":"answer","token":"42"})");
  EXPECT_EQ(parse_control_request(control_request_json(request)), request);
}

TEST(ControlRequestUnsigned, DigitsAsNumberOrString) {
  EXPECT_EQ(control_number(0).as_unsigned(), 0U);
  EXPECT_EQ(parsed(with_param("4294967295")).param("a")->as_unsigned(), 4294967295U);
  EXPECT_EQ(parsed(with_param("4294967296")).param("a")->as_unsigned(), std::nullopt);
  EXPECT_EQ(parsed(with_param("-1")).param("a")->as_unsigned(), std::nullopt);
  EXPECT_EQ(parsed(with_param("-0")).param("a")->as_unsigned(), std::nullopt);
  EXPECT_EQ(parsed(with_param("1.0")).param("a")->as_unsigned(), std::nullopt);
  EXPECT_EQ(parsed(with_param("1e3")).param("a")->as_unsigned(), std::nullopt);
  EXPECT_EQ(control_string("3").as_unsigned(), 3U);
  EXPECT_EQ(control_string("0000000042").as_unsigned(), 42U);
  EXPECT_EQ(control_string("4294967295").as_unsigned(), 4294967295U);
  EXPECT_EQ(control_string("4294967296").as_unsigned(), std::nullopt);
  EXPECT_EQ(control_string("00000000042").as_unsigned(), std::nullopt);  // 11 digits
  EXPECT_EQ(control_string("").as_unsigned(), std::nullopt);
  EXPECT_EQ(control_string(" 3").as_unsigned(), std::nullopt);
  EXPECT_EQ(control_string("+3").as_unsigned(), std::nullopt);
  EXPECT_EQ(control_string("3a").as_unsigned(), std::nullopt);
  EXPECT_EQ(control_bool(true).as_unsigned(), std::nullopt);
  EXPECT_EQ(ControlValue{}.as_unsigned(), std::nullopt);
  EXPECT_EQ(parsed(with_param("[1]")).param("a")->as_unsigned(), std::nullopt);
}

}  // namespace
}  // namespace sipline::app

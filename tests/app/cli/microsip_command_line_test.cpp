// MicroSIP's command line read as control requests: each option and msip: verb, the dial
// targets as MicroSIP cleans them, lines that combine options, and the lines refused.
#include "app/cli/microsip_command_line.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace sipline::app {
namespace {

// The requests a line asks for, as the JSON lines the launcher would send; or its error.
std::vector<std::string> requests_of(std::string_view line) {
  const auto launch = parse_microsip_command_line(line);
  if (!launch) {
    return {"error: " + launch.error()};
  }
  std::vector<std::string> lines;
  for (const ControlRequest& request : launch->requests) {
    lines.push_back(control_request_json(request));
  }
  return lines;
}

std::string request_of(std::string_view line) {
  const std::vector<std::string> lines = requests_of(line);
  return lines.size() == 1 ? lines.front() : "not one request";
}

std::string error_of(std::string_view line) {
  const auto launch = parse_microsip_command_line(line);
  return launch ? "no error" : launch.error();
}

bool starts_instance(std::string_view line) {
  const auto launch = parse_microsip_command_line(line);
  EXPECT_TRUE(launch) << line;
  return launch && launch->starts_instance;
}

TEST(MicrosipCommandLine, AnEmptyLineStartsThePhoneAndAsksNothing) {
  for (const std::string_view line : {"", "   ", " \t\r\n", "\"\""}) {
    const auto launch = parse_microsip_command_line(line);
    ASSERT_TRUE(launch) << line;
    EXPECT_TRUE(launch->requests.empty());
    EXPECT_TRUE(launch->starts_instance);
    EXPECT_FALSE(launch->minimized);
  }
}

TEST(MicrosipCommandLine, ANumberIsDialledAndNumberTextSendsAMessage) {
  EXPECT_EQ(request_of("1002"), R"({"command":"dial","params":{"uri":"1002"}})");
  EXPECT_EQ(request_of("  1002 \r\n"), R"({"command":"dial","params":{"uri":"1002"}})");
  // Post-dial keys stay in the uri: the phone splits them off at the comma.
  EXPECT_EQ(request_of("1002,123#"), R"({"command":"dial","params":{"uri":"1002,123#"}})");
  EXPECT_EQ(request_of("1002 hello there"),
            R"({"command":"message","params":{"uri":"1002","text":"hello there"}})");
  EXPECT_EQ(request_of("sip:bob@pbx  call  me /answer "),
            R"({"command":"message","params":{"uri":"sip:bob@pbx","text":"call  me /answer"}})");
  EXPECT_EQ(request_of("\"1002\""), R"({"command":"dial","params":{"uri":"1002"}})");
}

TEST(MicrosipCommandLine, DialTargetsLoseTheirPrefixesAsMicrosipStripsThem) {
  EXPECT_EQ(microsip_dial_target("tel:1002"), "1002");
  EXPECT_EQ(microsip_dial_target("TEL:1002"), "1002");
  EXPECT_EQ(microsip_dial_target("sip:1002"), "1002");
  EXPECT_EQ(microsip_dial_target("callto:1002"), "1002");
  EXPECT_EQ(microsip_dial_target("CallTo://1002/"), "1002");
  EXPECT_EQ(microsip_dial_target("dialpad:1002"), "1002");
  EXPECT_EQ(microsip_dial_target("dial://1002/"), "1002");
  EXPECT_EQ(microsip_dial_target("1002"), "1002");
  EXPECT_EQ(microsip_dial_target("bob@pbx"), "bob@pbx");  // the phone chooses sip: or sips:
  EXPECT_EQ(microsip_dial_target("sip:"), "");
}

TEST(MicrosipCommandLine, AnAddressWithAHostIsDialledAsTheSipUriWritten) {
  EXPECT_EQ(microsip_dial_target("sip:bob@127.0.0.1:5070"), "sip:bob@127.0.0.1:5070");
  EXPECT_EQ(microsip_dial_target("SIP:bob@127.0.0.1:5070"), "sip:bob@127.0.0.1:5070");
  EXPECT_EQ(microsip_dial_target("callto://bob@127.0.0.1:5070/"), "sip:bob@127.0.0.1:5070");
  EXPECT_EQ(microsip_dial_target("sip://bob@127.0.0.1:5070/"), "sip:bob@127.0.0.1:5070");
  EXPECT_EQ(microsip_dial_target("dialpad:bob@pbx;transport=tcp"), "sip:bob@pbx;transport=tcp");
  EXPECT_EQ(microsip_dial_target("callto:sip:bob@pbx"), "sip:bob@pbx");
  EXPECT_EQ(request_of("callto://bob@127.0.0.1:5070/"),
            R"({"command":"dial","params":{"uri":"sip:bob@127.0.0.1:5070"}})");
}

TEST(MicrosipCommandLine, SipsIsKeptSoTheCallGoesOverTls) {
  EXPECT_EQ(microsip_dial_target("sips:bob@pbx.example.com"), "sips:bob@pbx.example.com");
  EXPECT_EQ(microsip_dial_target("SIPS://bob@pbx.example.com/"), "SIPS:bob@pbx.example.com");
  EXPECT_EQ(microsip_dial_target("sips:1002"), "sips:1002");
}

TEST(MicrosipCommandLine, TelNumbersLoseTheirVisualSeparatorsButKeepThePlus) {
  EXPECT_EQ(microsip_dial_target("tel:+1-555-(010).0199"), "+15550100199");
  EXPECT_EQ(microsip_dial_target("tel://+1-555-0100/"), "+15550100");
  EXPECT_EQ(microsip_dial_target("tel:%2B1%20555%200100"), "+15550100");
  EXPECT_EQ(microsip_dial_target("tel:+1-555-0100;ext=22;phone-context=example.com"), "+15550100");
  EXPECT_EQ(microsip_dial_target("tel:1002,12#"), "1002,12#");
  // Only tel: numbers: elsewhere a '-' or '.' belongs to the name.
  EXPECT_EQ(microsip_dial_target("sip:first.last@pbx"), "sip:first.last@pbx");
  EXPECT_EQ(microsip_dial_target("555-0100"), "555-0100");
}

TEST(MicrosipCommandLine, OnlyPercent20AndPercent2BAreDecoded) {
  EXPECT_EQ(microsip_dial_target("%2B15550100"), "+15550100");
  EXPECT_EQ(microsip_dial_target("%2b15550100"), "+15550100");
  EXPECT_EQ(microsip_dial_target("sip:john%20smith@pbx"), "sip:john smith@pbx");
  EXPECT_EQ(microsip_dial_target("sip:bob%40x@pbx%3A5060"), "sip:bob%40x@pbx%3A5060");
  EXPECT_EQ(microsip_dial_target("100%2"), "100%2");
  EXPECT_EQ(request_of("sip:%2B15550100@pbx"),
            R"({"command":"dial","params":{"uri":"sip:+15550100@pbx"}})");
}

TEST(MicrosipCommandLine, SlashCommandsInAnyCase) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"/answer", R"({"command":"answer"})"},
      {"/ANSWER", R"({"command":"answer"})"},
      {"-answer", R"({"command":"answer"})"},
      {"/hangupall", R"({"command":"hangupall","params":{"keep_incoming":true}})"},
      {"/HangUpAll", R"({"command":"hangupall","params":{"keep_incoming":true}})"},
      {"-hangup", R"({"command":"hangupall","params":{"keep_incoming":true}})"},
      {"/hangupincoming", R"({"command":"hangupincoming"})"},
      {"/hangupcalling", R"({"command":"hangupcalling"})"},
      {"/dtmf:123#*,ABCDabcd", R"({"command":"dtmf","params":{"keys":"123#*,ABCDabcd"}})"},
      {"/DTMF:5", R"({"command":"dtmf","params":{"keys":"5"}})"},
      {"/transfer:1003", R"({"command":"transfer","params":{"target":"1003"}})"},
      {"/transfer:tel:+1-555-0100", R"({"command":"transfer","params":{"target":"+15550100"}})"},
      {"/account:2", R"({"command":"account","params":{"index":2}})"},
      {"/account:0", R"({"command":"account","params":{"index":0}})"},
      {"/password:s3:cr3t", R"({"command":"password","params":{"password":"s3:cr3t"}})"},
      {"/exit", R"({"command":"quit"})"},
      {"/Exit", R"({"command":"quit"})"},
      {"-exit", R"({"command":"quit"})"}};
  for (const auto& [line, json] : cases) {
    EXPECT_EQ(request_of(line), json) << line;
  }
}

TEST(MicrosipCommandLine, MsipVerbsInAnyCase) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"msip:minimize", R"({"command":"minimize"})"},
      {"msip:answer", R"({"command":"answer"})"},
      {"MSIP:Answer", R"({"command":"answer"})"},
      {"msip:hangupall", R"({"command":"hangupall","params":{"keep_incoming":true}})"},
      {"msip:hold", R"({"command":"hold","params":{"toggle":true}})"},
      {"msip:transfer_1003", R"({"command":"transfer","params":{"target":"1003"}})"},
      {"msip:TRANSFER_Bob@pbx", R"({"command":"transfer","params":{"target":"Bob@pbx"}})"},
      {"msip:micmute", R"({"command":"mute","params":{"device":"microphone","on":true}})"},
      {"msip:micunmute", R"({"command":"mute","params":{"device":"microphone","on":false}})"},
      {"msip:speakmute", R"({"command":"mute","params":{"device":"speaker","on":true}})"},
      {"msip:speakunmute", R"({"command":"mute","params":{"device":"speaker","on":false}})"},
      {"msip:micmuteclick", R"({"command":"mute","params":{"device":"microphone"}})"},
      {"msip:speakmuteclick", R"({"command":"mute","params":{"device":"speaker"}})"},
      {"msip:micup", R"({"command":"volume","params":{"device":"microphone","step":"up"}})"},
      {"msip:micdown", R"({"command":"volume","params":{"device":"microphone","step":"down"}})"},
      {"msip:speakup", R"({"command":"volume","params":{"device":"speaker","step":"up"}})"},
      {"msip:SpeakDown", R"({"command":"volume","params":{"device":"speaker","step":"down"}})"}};
  for (const auto& [line, json] : cases) {
    EXPECT_EQ(request_of(line), json) << line;
  }
}

TEST(MicrosipCommandLine, OptionsCombineInTheOrderWritten) {
  EXPECT_EQ(requests_of("/account:2 sip:1002@pbx"),
            (std::vector<std::string>{R"({"command":"account","params":{"index":2}})",
                                      R"({"command":"dial","params":{"uri":"sip:1002@pbx"}})"}));
  EXPECT_EQ(
      requests_of("/account:3 /password:pw 1002 hi"),
      (std::vector<std::string>{R"({"command":"account","params":{"index":3}})",
                                R"({"command":"password","params":{"password":"pw"}})",
                                R"({"command":"message","params":{"uri":"1002","text":"hi"}})"}));
  EXPECT_EQ(requests_of("/answer   /dtmf:1 msip:hold"),
            (std::vector<std::string>{R"({"command":"answer"})",
                                      R"({"command":"dtmf","params":{"keys":"1"}})",
                                      R"({"command":"hold","params":{"toggle":true}})"}));
  const auto minimized = parse_microsip_command_line("/minimized 1002");
  ASSERT_TRUE(minimized);
  EXPECT_TRUE(minimized->minimized);
  EXPECT_EQ(requests_of("/minimized 1002"),
            (std::vector<std::string>{R"({"command":"dial","params":{"uri":"1002"}})"}));
  const auto alone = parse_microsip_command_line("/MINIMIZED");
  ASSERT_TRUE(alone);
  EXPECT_TRUE(alone->minimized);
  EXPECT_TRUE(alone->requests.empty());
}

TEST(MicrosipCommandLine, OnlyADialOrAMessageOrSettingsStartThePhone) {
  EXPECT_TRUE(starts_instance("1002"));
  EXPECT_TRUE(starts_instance("1002 hello"));
  EXPECT_TRUE(starts_instance("/account:1"));
  EXPECT_TRUE(starts_instance("/password:x"));
  EXPECT_TRUE(starts_instance("/minimized"));
  EXPECT_TRUE(starts_instance("/account:1 /password:x /minimized"));
  EXPECT_TRUE(starts_instance("/answer 1002"));
  for (const std::string_view line :
       {"/answer", "-answer", "/hangupall", "-hangup", "/hangupincoming", "/hangupcalling",
        "/dtmf:1", "/transfer:1003", "/exit", "-exit", "msip:answer", "msip:minimize",
        "msip:transfer_1003", "msip:micup", "/account:2 /answer", "/minimized msip:hold"}) {
    EXPECT_FALSE(starts_instance(line)) << line;
  }
}

TEST(MicrosipCommandLine, UnknownCommandsAndVerbsAreNamed) {
  EXPECT_TRUE(error_of("/frob").starts_with("unknown command '/frob' (/answer /hangupall"));
  EXPECT_TRUE(error_of("/Frob:1 1002").starts_with("unknown command '/Frob' ("));
  EXPECT_TRUE(error_of("-hidden").starts_with("unknown command '-hidden' ("));
  EXPECT_TRUE(error_of("msip:frob").starts_with("unknown msip: verb 'frob' (minimize answer"));
  EXPECT_TRUE(error_of("msip:").starts_with("unknown msip: verb '' ("));
  EXPECT_EQ(error_of("/answer:1"), "/answer takes no value");
  EXPECT_EQ(error_of("/account"), "/account needs a value: /account:VALUE");
}

TEST(MicrosipCommandLine, BadValuesAreRefused) {
  EXPECT_EQ(error_of("/dtmf:"), "/dtmf: needs digits (0-9 * # A-D), not ''");
  EXPECT_EQ(error_of("/dtmf:12x"), "/dtmf: needs digits (0-9 * # A-D), not '12x'");
  EXPECT_EQ(error_of("/dtmf:1E"), "/dtmf: needs digits (0-9 * # A-D), not '1E'");
  EXPECT_EQ(error_of("/account:abc"), "/account: needs an account number 0-99, not 'abc'");
  EXPECT_EQ(error_of("/account:100"), "/account: needs an account number 0-99, not '100'");
  EXPECT_EQ(error_of("/account:"), "/account: needs an account number 0-99, not ''");
  EXPECT_EQ(error_of("/account:-1"), "/account: needs an account number 0-99, not '-1'");
  EXPECT_EQ(error_of("/transfer:"), "transfer needs a number to transfer to");
  EXPECT_EQ(error_of("msip:transfer_"), "transfer needs a number to transfer to");
  EXPECT_EQ(error_of("sip://"), "nothing to dial in 'sip://'");
  EXPECT_EQ(error_of("tel:;ext=1 hello"), "nothing to dial in 'tel:;ext=1'");
}

TEST(MicrosipCommandLine, ControlCharactersAndBadUtf8AreRefused) {
  EXPECT_EQ(error_of("1002\x1b[2J"), "control character 0x1B on the command line");
  EXPECT_EQ(error_of("1002 hi\tthere"), "control character 0x09 on the command line");
  EXPECT_EQ(error_of(std::string_view("10\0 02", 6)), "control character 0x00 on the command line");
  EXPECT_EQ(error_of("1002 \x7f"), "control character 0x7F on the command line");
  EXPECT_EQ(error_of("1002 caf\xe9"), "the command line is not valid UTF-8");
  EXPECT_EQ(error_of("1002 \xc0\xaf"), "the command line is not valid UTF-8");      // overlong
  EXPECT_EQ(error_of("1002 \xed\xa0\x80"), "the command line is not valid UTF-8");  // surrogate
  EXPECT_EQ(request_of("1002 caf\xc3\xa9 \xf0\x9f\x93\x9e"),
            "{\"command\":\"message\",\"params\":{\"uri\":\"1002\",\"text\":\"caf\xc3\xa9 "
            "\xf0\x9f\x93\x9e\"}}");
}

TEST(MicrosipCommandLine, WorkIsBounded) {
  EXPECT_EQ(error_of(std::string(64 * 1024 + 1, '1')),
            "the command line is longer than 65536 bytes");
  EXPECT_EQ(error_of("1002 " + std::string(kMaxString + 1, 'x')),
            "message text is longer than 4096 bytes");
  std::string answers;
  for (int i = 0; i < 32; ++i) {
    answers += "/answer ";
  }
  const auto most = parse_microsip_command_line(answers);
  ASSERT_TRUE(most);
  EXPECT_EQ(most->requests.size(), 32U);
  EXPECT_EQ(error_of(answers + "/answer"), "more than 32 requests on one command line");
}

}  // namespace
}  // namespace sipline::app

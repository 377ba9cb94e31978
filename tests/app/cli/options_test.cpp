#include "app/cli/options.hpp"

#include <array>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

namespace sipline::app {
namespace {

TEST(ParseOptions, NoArgumentsRunsThePhone) {
  const auto options = parse_options({});
  ASSERT_TRUE(options);
  EXPECT_EQ(options->mode, Options::Mode::kRun);
}

TEST(ParseOptions, HelpAndVersionInLongAndShortForm) {
  for (const std::string_view arg : {"--help", "-h"}) {
    const std::array args{arg};
    EXPECT_EQ(parse_options(args)->mode, Options::Mode::kHelp) << arg;
  }
  for (const std::string_view arg : {"--version", "-V"}) {
    const std::array args{arg};
    EXPECT_EQ(parse_options(args)->mode, Options::Mode::kVersion) << arg;
  }
}

TEST(ParseOptions, ListAudio) {
  const std::array<std::string_view, 1> args{"--list-audio"};
  EXPECT_EQ(parse_options(args)->mode, Options::Mode::kListAudio);
}

TEST(ParseOptions, AnUnknownOptionIsNamedInTheError) {
  const std::array<std::string_view, 2> args{"--help", "--frobnicate"};
  const auto options = parse_options(args);
  ASSERT_FALSE(options);
  EXPECT_EQ(options.error().message, "unknown option '--frobnicate'");
}

TEST(ParseOptions, WhatIsNotAnOptionIsMicrosipsCommandLineInOrder) {
  const std::array<std::string_view, 6> args{"/account:2",          "--config", "work.ini",
                                             "sip:bob@example.com", "-answer",  "hello"};
  const auto options = parse_options(args);
  ASSERT_TRUE(options);
  EXPECT_EQ(options->config_file, "work.ini");
  EXPECT_EQ(options->command_line,
            (std::vector<std::string>{"/account:2", "sip:bob@example.com", "-answer", "hello"}));
  // A single dash is an option unless it is one of MicroSIP's three spellings.
  const std::array<std::string_view, 1> dash{"-x"};
  EXPECT_EQ(parse_options(dash).error().message, "unknown option '-x'");
}

TEST(ParseOptions, CtlTakesTheRestAsItsOwn) {
  const std::array<std::string_view, 4> args{"ctl", "--control-socket", "/tmp/s", "calls"};
  const auto options = parse_options(args);
  ASSERT_TRUE(options);
  EXPECT_EQ(options->mode, Options::Mode::kControl);
  EXPECT_EQ(options->command_line,
            (std::vector<std::string>{"--control-socket", "/tmp/s", "calls"}));
  const std::array<std::string_view, 2> later{"--auto-answer", "ctl"};
  EXPECT_EQ(parse_options(later)->command_line, (std::vector<std::string>{"ctl"}));
}

TEST(UsageText, ListsEveryOption) {
  EXPECT_NE(usage_text().find("--help"), std::string_view::npos);
  EXPECT_NE(usage_text().find("--version"), std::string_view::npos);
  EXPECT_NE(usage_text().find("--codecs LIST"), std::string_view::npos);
  EXPECT_TRUE(version_text().starts_with("sipline "));
}

}  // namespace
}  // namespace sipline::app

namespace sipline::app {
namespace {

TEST(ParseOptions, ListenAutoAnswerAudioDialAndUser) {
  const std::array<std::string_view, 9> args{
      "--listen",   "127.0.0.1:5070",         "--auto-answer", "--audio=file:in.wav:out.wav",
      "--dial",     "sip:bob@127.0.0.1:5062", "--user",        "alice",
      "--sip-trace"};
  const auto options = parse_options(args);
  ASSERT_TRUE(options) << options.error().message;
  EXPECT_EQ(options->listen_address, "127.0.0.1");
  EXPECT_EQ(options->listen_port, 5070);
  EXPECT_TRUE(options->auto_answer);
  EXPECT_TRUE(options->sip_trace);
  EXPECT_EQ(options->audio, "file:in.wav:out.wav");
  EXPECT_EQ(options->dial, "sip:bob@127.0.0.1:5062");
  EXPECT_EQ(options->user, "alice");
}

// --codecs takes MicroSIP's audioCodecs syntax, commas or spaces between entries; codecs not
// built are left out and said at start-up.
TEST(ParseOptions, CodecsInTheUsersOrderAndWhatIsNotBuiltAsANote) {
  const std::array<std::string_view, 2> args{"--codecs", "PCMA,G722/16000/1 GSM/8000/1"};
  const auto options = parse_options(args);
  ASSERT_TRUE(options) << options.error().message;
  ASSERT_EQ(options->codecs.size(), 3U);
  EXPECT_EQ(options->codecs[0].name, "PCMA");
  EXPECT_EQ(options->codecs[1].name, "G722");
  EXPECT_EQ(options->codecs[1].clock_rate, 8000U);
  EXPECT_EQ(options->codecs[2].name, "telephone-event");
  EXPECT_EQ(options->notes,
            std::vector<std::string>{"--codecs GSM/8000/1: not built yet (ignored)"});
  EXPECT_TRUE(options->was_given("--codecs"));
  const std::array<std::string_view, 1> equals{"--codecs=opus"};
  EXPECT_EQ(parse_options(equals)->codecs.front().name, "opus");
  EXPECT_TRUE(parse_options(equals)->notes.empty());
}

TEST(ParseOptions, MidCallOffers) {
  const std::array<std::string_view, 2> update{"--mid-call-offers", "Update"};
  EXPECT_TRUE(parse_options(update).value().offers_by_update);
  const std::array<std::string_view, 1> reinvite{"--mid-call-offers=reinvite"};
  EXPECT_FALSE(parse_options(reinvite).value().offers_by_update);
  const std::array<std::string_view, 2> bad{"--mid-call-offers", "prack"};
  ASSERT_FALSE(parse_options(bad));
  EXPECT_EQ(parse_options(bad).error().message,
            "--mid-call-offers: needs reinvite or update, got 'prack'");
  EXPECT_NE(usage_text().find("--mid-call-offers"), std::string_view::npos);
}

TEST(ParseOptions, DtmfMethod) {
  const std::array<std::string_view, 2> info{"--dtmf-method", "INFO"};
  EXPECT_EQ(parse_options(info).value().dtmf_method, DtmfMethod::kSipInfo);
  const std::array<std::string_view, 1> two{"--dtmf-method=2"};
  EXPECT_EQ(parse_options(two).value().dtmf_method, DtmfMethod::kRtpEvent);
  const std::array<std::string_view, 2> bad{"--dtmf-method", "sms"};
  ASSERT_FALSE(parse_options(bad));
  EXPECT_EQ(parse_options(bad).error().message,
            "--dtmf-method: needs 0 auto, 1 inband, 2 rfc4733 or 3 info, got 'sms'");
  EXPECT_NE(usage_text().find("dtmf [ID] KEYS"), std::string_view::npos);
}

TEST(ParseOptions, ListenForms) {
  for (const auto& [text, address, port] :
       {std::tuple{"0.0.0.0", "0.0.0.0", 0}, std::tuple{":5080", "127.0.0.1", 5080},
        std::tuple{"[::1]:5090", "::1", 5090}}) {
    const std::array<std::string_view, 2> args{"--listen", text};
    const auto options = parse_options(args);
    ASSERT_TRUE(options) << text;
    EXPECT_EQ(options->listen_address, address);
    EXPECT_EQ(options->listen_port, port);
  }
}

TEST(ParseOptions, BadValuesNameTheOptionAndTheValue) {
  for (const auto& [args, expected] :
       std::vector<std::pair<std::vector<std::string_view>, std::string>>{
           {{"--listen", "127.0.0.1:70000"},
            "--listen needs ADDRESS[:PORT] with a port of 1-65535, got '127.0.0.1:70000'"},
           {{"--listen"}, "--listen needs ADDRESS[:PORT] with a port of 1-65535, got ''"},
           {{"--audio", "speakers"},
            "--audio needs auto, null, default or file:IN.wav:OUT.wav, got 'speakers'"},
           {{"--audio=file:only.wav"},
            "--audio needs auto, null, default or file:IN.wav:OUT.wav, got 'file:only.wav'"},
           {{"--dial"}, "--dial needs a SIP address"},
           {{"--account", "alice@192.0.2.1"},
            "--account needs sip:user@registrar[:port], got 'alice@192.0.2.1'"},
           {{"--account", "tel:+15551234"},
            "--account needs sip:user@registrar[:port], got 'tel:+15551234'"},
           {{"--codecs"}, "--codecs needs a list such as 'opus PCMU'"},
           {{"--codecs", "PCMU,foo"},
            "--codecs: 'foo' at byte 5: unknown codec (sipline has opus, G722, PCMU, PCMA, "
            "speex)"},
           {{"--codecs=GSM"},
            "--codecs: no codec sipline has built (opus, G722, PCMU, PCMA, speex) is in the "
            "list: GSM is not built yet"},
       }) {
    const auto options = parse_options(args);
    ASSERT_FALSE(options);
    EXPECT_EQ(options.error().message, expected);
  }
}

}  // namespace
}  // namespace sipline::app

namespace sipline::app {
namespace {

// sips: is taken here, to be refused by apply_options with its own reason (no TLS yet) rather
// than as a malformed address.
TEST(ParseOptions, ASipsAccountReachesTheCheckThatNamesTls) {
  const std::array<std::string_view, 2> args{"--account", "sips:alice@192.0.2.1"};
  const auto options = parse_options(args);
  ASSERT_TRUE(options) << options.error().message;
  EXPECT_EQ(options->account, "sips:alice@192.0.2.1");
}

}  // namespace
}  // namespace sipline::app

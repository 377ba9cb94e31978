// The user's codec list: MicroSIP's audioCodecs syntax into the codecs we offer, in order; what
// is not built comes back by name; bad input is refused naming the entry and where it is.
#include "app/core/codec_choice.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace sipline::app {
namespace {

// "name/clock/channels:pt" for each codec, pt "-" when dynamic: one string to compare.
std::vector<std::string> described(const std::vector<sdp::CodecSpec>& codecs) {
  std::vector<std::string> out;
  for (const sdp::CodecSpec& codec : codecs) {
    out.push_back(codec.name + "/" + std::to_string(codec.clock_rate) + "/" +
                  std::to_string(codec.channels) + ":" +
                  (codec.payload_type ? std::to_string(*codec.payload_type) : "-"));
  }
  return out;
}

TEST(CodecChoice, MicroSipsDefaultListIsTodaysOffer) {
  const auto choice = parse_codec_choice("opus/48000/2 G722/16000/1 PCMU/8000/1 PCMA/8000/1");
  ASSERT_TRUE(choice) << choice.error();
  EXPECT_EQ(described(choice->codecs), described(default_audio_codecs()));
  EXPECT_EQ(choice->codecs.front().fmtp, "useinbandfec=1");
  EXPECT_TRUE(choice->unbuilt.empty());
  EXPECT_EQ(described(default_audio_codecs()),
            (std::vector<std::string>{"opus/48000/2:111", "G722/8000/1:9", "PCMU/8000/1:0",
                                      "PCMA/8000/1:8", "telephone-event/8000/1:101"}));
  EXPECT_EQ(default_audio_codecs().front().fmtp, "useinbandfec=1");
  EXPECT_EQ(default_audio_codecs().back().fmtp, "0-16");
}

TEST(CodecChoice, TheUsersOrderIsKeptAndTelephoneEventComesLast) {
  const auto choice = parse_codec_choice("PCMA/8000/1 opus/48000/2");
  ASSERT_TRUE(choice) << choice.error();
  EXPECT_EQ(described(choice->codecs),
            (std::vector<std::string>{"PCMA/8000/1:8", "opus/48000/2:111",
                                      "telephone-event/8000/1:101"}));
  EXPECT_EQ(choice->codecs[1].fmtp, "useinbandfec=1");  // opus as offered today
}

TEST(CodecChoice, G722IsTakenAtPjsipsRateAndAtItsRtpClock) {
  // RFC 3551 §4.5.2: G.722 samples at 16 kHz but its RTP clock (and SDP rate) is 8000.
  for (const std::string_view text : {"G722/16000/1", "G722/8000/1", "G722/16000", "G722"}) {
    const auto choice = parse_codec_choice(text);
    ASSERT_TRUE(choice) << text << ": " << choice.error();
    EXPECT_EQ(described(choice->codecs),
              (std::vector<std::string>{"G722/8000/1:9", "telephone-event/8000/1:101"}))
        << text;
  }
}

TEST(CodecChoice, NamesAreCaseInsensitiveAndRateAndChannelsOptional) {
  const auto choice = parse_codec_choice("pcmu OPUS g722/16000 Pcma/8000");
  ASSERT_TRUE(choice) << choice.error();
  EXPECT_EQ(described(choice->codecs),
            (std::vector<std::string>{"PCMU/8000/1:0", "opus/48000/2:111", "G722/8000/1:9",
                                      "PCMA/8000/1:8", "telephone-event/8000/1:101"}));
}

TEST(CodecChoice, CommasTabsAndRepeatedSeparatorsSplitEntries) {
  const auto choice = parse_codec_choice(" PCMU,opus ,\tG722,, ");
  ASSERT_TRUE(choice) << choice.error();
  EXPECT_EQ(described(choice->codecs),
            (std::vector<std::string>{"PCMU/8000/1:0", "opus/48000/2:111", "G722/8000/1:9",
                                      "telephone-event/8000/1:101"}));
}

TEST(CodecChoice, DuplicatesKeepTheFirst) {
  const auto choice = parse_codec_choice("PCMU opus/48000/2 pcmu/8000/1 G722/8000 G722/16000/1");
  ASSERT_TRUE(choice) << choice.error();
  EXPECT_EQ(described(choice->codecs),
            (std::vector<std::string>{"PCMU/8000/1:0", "opus/48000/2:111", "G722/8000/1:9",
                                      "telephone-event/8000/1:101"}));
}

TEST(CodecChoice, SpeexAtEachRateBuiltAndAloneAsBoth) {
  const auto alone = parse_codec_choice("speex PCMU");
  ASSERT_TRUE(alone) << alone.error();
  EXPECT_EQ(described(alone->codecs),
            (std::vector<std::string>{"speex/16000/1:-", "speex/8000/1:-", "PCMU/8000/1:0",
                                      "telephone-event/8000/1:101"}));
  const auto narrow = parse_codec_choice("speex/8000/1");
  ASSERT_TRUE(narrow) << narrow.error();
  EXPECT_EQ(described(narrow->codecs),
            (std::vector<std::string>{"speex/8000/1:-", "telephone-event/8000/1:101"}));
}

TEST(CodecChoice, CodecsNotBuiltComeBackAsWrittenOnceEach) {
  const auto choice = parse_codec_choice(
      "opus/48000/2 GSM/8000/1 G729/8000/1 speex/32000/1 iLBC/8000/1 AMR/8000/1 G7221/16000/1 "
      "SILK/16000/1 PCMU/8000/1 gsm/8000/1 GSM/8000/1");
  ASSERT_TRUE(choice) << choice.error();
  EXPECT_EQ(described(choice->codecs),
            (std::vector<std::string>{"opus/48000/2:111", "PCMU/8000/1:0",
                                      "telephone-event/8000/1:101"}));
  EXPECT_EQ(choice->unbuilt, (std::vector<std::string>{"GSM/8000/1", "G729/8000/1", "speex/32000/1",
                                                       "iLBC/8000/1", "AMR/8000/1", "G7221/16000/1",
                                                       "SILK/16000/1", "gsm/8000/1"}));
}

TEST(CodecChoice, TelephoneEventNamedChangesNothing) {
  const auto choice = parse_codec_choice("telephone-event/8000 PCMA");
  ASSERT_TRUE(choice) << choice.error();
  EXPECT_EQ(described(choice->codecs),
            (std::vector<std::string>{"PCMA/8000/1:8", "telephone-event/8000/1:101"}));
}

TEST(CodecChoice, AListWithNoBuiltCodecIsRefusedNamingWhatWasAsked) {
  EXPECT_EQ(parse_codec_choice("GSM/8000/1 G729/8000/1").error(),
            "no codec sipline has built (opus, G722, PCMU, PCMA, speex) is in the list: "
            "GSM/8000/1, G729/8000/1 are not built yet");
  EXPECT_EQ(parse_codec_choice("").error(),
            "no audio codec given (sipline has opus, G722, PCMU, PCMA, speex)");
  EXPECT_EQ(parse_codec_choice(" , ").error(),
            "no audio codec given (sipline has opus, G722, PCMU, PCMA, speex)");
  EXPECT_EQ(parse_codec_choice("telephone-event").error(),
            "no audio codec given (sipline has opus, G722, PCMU, PCMA, speex)");
}

TEST(CodecChoice, BadEntriesAreNamedWithTheirByteOffsetAndReason) {
  const std::vector<std::pair<std::string_view, std::string_view>> cases = {
      {"opus foo/8000",
       "'foo/8000' at byte 5: unknown codec (sipline has opus, G722, PCMU, "
       "PCMA, speex)"},
      {"PCMU/16000", "'PCMU/16000' at byte 0: PCMU runs at 8000 Hz"},
      {"opus/8000/2", "'opus/8000/2' at byte 0: opus runs at 48000 Hz"},
      {"G722/32000",
       "'G722/32000' at byte 0: G722 runs at 16000 Hz (8000 in SDP, RFC 3551 §4.5.2)"},
      {"speex/11025", "'speex/11025' at byte 0: speex runs at 8000 or 16000 Hz here"},
      {"PCMA/8000/2", "'PCMA/8000/2' at byte 0: PCMA is mono (channels 1)"},
      {"opus/48000/6", "'opus/48000/6' at byte 0: opus has 1 or 2 channels"},
      {"PCMU/", "'PCMU/' at byte 0: the rate must be a number of Hz"},
      {"PCMU/abc", "'PCMU/abc' at byte 0: the rate must be a number of Hz"},
      {"PCMU/0", "'PCMU/0' at byte 0: the rate must be a number of Hz"},
      {"PCMU/99999999999", "'PCMU/99999999999' at byte 0: the rate must be a number of Hz"},
      {"PCMU/8000/", "'PCMU/8000/' at byte 0: the channels must be a number (NAME/RATE/CHANNELS)"},
      {"PCMU/8000/1/1",
       "'PCMU/8000/1/1' at byte 0: the channels must be a number (NAME/RATE/CHANNELS)"},
      {"PCMU /8000", "'/8000' at byte 5: expected NAME[/RATE[/CHANNELS]]"},
      {"PCMU;rm", "'PCMU;rm' at byte 0: expected NAME[/RATE[/CHANNELS]]"},
      {"PCMU\x01", "a control character (0x01) at byte 4"},
      {"telephone-event/16000",
       "'telephone-event/16000' at byte 0: telephone-event runs at 8000 "
       "Hz here"},
  };
  for (const auto& [text, reason] : cases) {
    const auto choice = parse_codec_choice(text);
    ASSERT_FALSE(choice) << text;
    EXPECT_EQ(choice.error(), reason) << text;
  }
}

TEST(CodecChoice, ControlCharactersAreRefusedWithoutQuotingThem) {
  // Found by codec_choice_fuzzer: the entry "PU/1600\n00" came back inside a two-line error.
  EXPECT_EQ(parse_codec_choice("PU/1600\n00").error(), "a control character (0x0A) at byte 7");
  EXPECT_EQ(parse_codec_choice(std::string("PCMU\0", 5)).error(),
            "a control character (0x00) at byte 4");
  EXPECT_EQ(parse_codec_choice("PCMU\x7F").error(), "a control character (0x7F) at byte 4");
  EXPECT_TRUE(parse_codec_choice("PCMU\tPCMA"));  // a tab separates, as a space does
}

TEST(CodecChoice, OverLongInputAndTooManyEntriesAreRefused) {
  const CodecChoiceLimits limits{.max_bytes = 40, .max_entries = 3};
  EXPECT_EQ(parse_codec_choice(std::string(41, ' '), limits).error(), "longer than 40 bytes");
  EXPECT_TRUE(parse_codec_choice(std::string(36, ' ') + "PCMU", limits));
  EXPECT_EQ(parse_codec_choice("PCMU PCMA PCMU G722", limits).error(),
            "'G722' at byte 15: more than 3 codecs");
  // The default limits: MicroSIP's longest list fits; a megabyte does not.
  EXPECT_EQ(parse_codec_choice(std::string(1 << 20, 'x')).error(), "longer than 1024 bytes");
  std::string many;
  for (int i = 0; i < 40; ++i) {
    many += "PCMU ";
  }
  EXPECT_EQ(parse_codec_choice(many).error(), "'PCMU' at byte 160: more than 32 codecs");
}

}  // namespace
}  // namespace sipline::app

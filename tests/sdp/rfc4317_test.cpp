// RFC 4317's offer/answer examples and RFC 3264 §10's, exchange by exchange: for every offer, the
// answerer is given what the RFC's answerer accepted (codecs, ports, hold), and our answer must
// take and refuse the same streams with the same codecs, payload types and directions; then the
// offerer's side takes the RFC's answer to the RFC's offer.
#include <string>

#include <gtest/gtest.h>

#include "base/random.hpp"
#include "sdp/answer.hpp"
#include "sdp/codec_match.hpp"
#include "sdp/offer.hpp"
#include "sdp/parser.hpp"
#include "tests/support/rfc4317_examples.hpp"
#include "tests/support/rfc_messages.hpp"
#include "tests/support/shared_files.hpp"

namespace sipline::sdp {
namespace {

Session parsed(const std::string& text, const std::string& what) {
  auto session = parse_session(text);
  EXPECT_TRUE(session) << what << ": " << fmt::format("{}", session.error());
  return session ? *session : Session{};
}

std::vector<std::string> codec_names(const Media& media) {
  std::vector<std::string> names;
  for (const std::string& format : media.formats) {
    const auto codec = codec_of(media, format);
    names.push_back(codec ? codec->name : "?");
  }
  return names;
}

// What the RFC's answerer accepted, as our capabilities: per accepted stream one entry with its
// port and the codecs it listed; its hold state from the directions it answered with.
std::pair<LocalCapabilities, Direction> answerer_of(const Session& offer, const Session& answer) {
  LocalCapabilities local;
  Direction wanted = Direction::kSendRecv;
  for (std::size_t i = 0; i < answer.media.size(); ++i) {
    const Media& answered = answer.media[i];
    if (answered.port == 0) {
      continue;
    }
    LocalMedia entry;
    entry.media = answered.media;
    entry.port = answered.port;
    entry.rtcp_mux = false;
    for (const std::string& format : answered.formats) {
      if (const auto codec = codec_of(answered, format)) {
        entry.codecs.push_back(CodecSpec{codec->name, codec->clock_rate, codec->channels, {}, {}});
      }
    }
    local.media.push_back(entry);
    const Direction offered =
        i < offer.media.size() ? offer.direction_for(offer.media[i]) : Direction::kSendRecv;
    const Direction given = answer.direction_for(answered);
    if (given == Direction::kSendOnly && offered == Direction::kSendRecv) {
      wanted = Direction::kSendOnly;  // the answerer puts the call on hold
    }
  }
  return {local, wanted};
}

// Directions where the RFC's example answer contradicts RFC 3264 itself.
bool rfc_example_contradicts_3264(const std::string& label, std::size_t stream) {
  // §3.2 second answer: a sendonly offer answered sendrecv (§6.1 requires recvonly or inactive).
  // §5.2: an offer on c=0.0.0.0 (RFC 2543 hold), which we answer recvonly: we must not send.
  return (label == "3.2 second" && stream == 0) || label == "5.2 first";
}

void check_exchange(const std::string& label, const std::string& offer_text,
                    const std::string& answer_text) {
  SCOPED_TRACE(label);
  const Session offer = parsed(offer_text, label + " offer");
  const Session rfc_answer = parsed(answer_text, label + " answer");
  auto [local, wanted] = answerer_of(offer, rfc_answer);
  SeededRandom random(4317);
  const auto ours = make_answer(offer, local, AnswerContext{Origin{}, wanted, nullptr}, random);
  ASSERT_TRUE(ours) << fmt::format("{}", ours.error());
  ASSERT_EQ(ours->description.media.size(), rfc_answer.media.size());
  for (std::size_t i = 0; i < rfc_answer.media.size(); ++i) {
    SCOPED_TRACE("stream " + std::to_string(i));
    const Media& mine = ours->description.media[i];
    const Media& theirs = rfc_answer.media[i];
    EXPECT_EQ(mine.media, theirs.media);
    EXPECT_EQ(mine.port, theirs.port);
    EXPECT_EQ(ours->negotiated.streams[i].active, theirs.port != 0);
    if (theirs.port == 0) {
      continue;
    }
    // The codecs the RFC's answerer listed that were offered, in the offer's order.
    std::vector<std::string> expected;
    for (const std::string& name : codec_names(offer.media[i])) {
      for (const std::string& listed : codec_names(theirs)) {
        if (name == listed) {
          expected.push_back(name);
        }
      }
    }
    EXPECT_EQ(codec_names(mine), expected);
    EXPECT_EQ(mine.formats.size(), expected.size());
    for (const std::string& format : mine.formats) {  // payload types mirrored from the offer
      EXPECT_NE(std::find(offer.media[i].formats.begin(), offer.media[i].formats.end(), format),
                offer.media[i].formats.end());
    }
    if (!rfc_example_contradicts_3264(label, i)) {
      EXPECT_EQ(ours->description.direction_for(mine), rfc_answer.direction_for(theirs));
    }
  }
  // The offerer's side: the RFC's answer to the RFC's offer.
  LocalCapabilities offerer;
  const auto negotiated = accept_answer(offer, rfc_answer, offerer);
  ASSERT_TRUE(negotiated) << fmt::format("{}", negotiated.error());
  for (std::size_t i = 0; i < rfc_answer.media.size(); ++i) {
    const NegotiatedStream& stream = negotiated->streams[i];
    EXPECT_EQ(stream.active, rfc_answer.media[i].port != 0 && offer.media[i].port != 0);
    if (stream.active) {
      EXPECT_EQ(stream.remote_rtp_port, rfc_answer.media[i].port);
      EXPECT_FALSE(stream.codecs.empty() && !stream.telephone_event);
    }
  }
}

TEST(Rfc4317, EveryExampleExchange) {
  const auto examples = test::rfc4317_examples();
  ASSERT_EQ(examples.size(), 16U);
  for (const auto& example : examples) {
    check_exchange(example.section + " first", example.offer, example.answer);
    if (!example.second_offer.empty()) {
      check_exchange(example.section + " second", example.second_offer, example.second_answer);
    }
  }
}

TEST(Rfc4317, ChangedDynamicPayloadTypeIsFollowedWhenSending) {
  // §2.3: the answer calls iLBC 99 where the offer said 97: we send 99, receive 97.
  const auto examples = test::rfc4317_examples();
  const auto& example = examples[2];
  ASSERT_EQ(example.section, "2.3");
  const auto negotiated =
      accept_answer(parsed(example.offer, "offer"), parsed(example.answer, "answer"), {});
  ASSERT_TRUE(negotiated);
  ASSERT_EQ(negotiated->streams[0].codecs.size(), 1U);
  EXPECT_EQ(negotiated->streams[0].codecs[0].name, "iLBC");
  EXPECT_EQ(negotiated->streams[0].codecs[0].send_pt, 99);
  EXPECT_EQ(negotiated->streams[0].codecs[0].receive_pt, 97);
}

TEST(Rfc4317, NullConnectionInAnAnswerStopsUsSending) {
  // §5.3: Bob answers on c=0.0.0.0; Alice must not send to it.
  const auto examples = test::rfc4317_examples();
  const auto& example = examples.back();
  ASSERT_EQ(example.section, "5.3");
  const auto negotiated =
      accept_answer(parsed(example.offer, "offer"), parsed(example.answer, "answer"), {});
  ASSERT_TRUE(negotiated);
  EXPECT_FALSE(negotiated->streams[0].sends());
  EXPECT_TRUE(negotiated->streams[0].receives());
}

// RFC 3264 §10: the SDP blocks of its two examples, in order of appearance.
std::vector<std::string> rfc3264_examples() {
  std::vector<std::string> blocks;
  std::string current;
  bool in_examples = false;
  for (const std::string& line : test::rfc_lines_without_page_breaks(
           test::read_file(test::shared_dir() / "rfc" / "rfc3264.txt"))) {
    if (line.starts_with("10 Example Offer/Answer Exchanges")) {
      in_examples = true;
    } else if (line.starts_with("11 Security Considerations")) {
      break;
    }
    if (!in_examples) {
      continue;
    }
    if (line.size() > 4 && line.starts_with("   ") && line[3] >= 'a' && line[3] <= 'z' &&
        line[4] == '=') {
      current += line.substr(3) + "\r\n";
    } else if (!current.empty()) {
      blocks.push_back(current);
      current.clear();
    }
  }
  return blocks;
}

TEST(Rfc3264, Section10Examples) {
  const auto blocks = rfc3264_examples();
  ASSERT_EQ(blocks.size(), 8U);
  check_exchange("10.1 first", blocks[0], blocks[1]);
  check_exchange("10.1 second", blocks[2], blocks[3]);
  check_exchange("10.2 first", blocks[4], blocks[5]);
  check_exchange("10.2 second", blocks[6], blocks[7]);
}

}  // namespace
}  // namespace sipline::sdp

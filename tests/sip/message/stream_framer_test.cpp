#include "sip/message/stream_framer.hpp"

#include <string>

#include <gtest/gtest.h>

#include "sip/message/parser.hpp"

namespace sipline::sip {
namespace {

using Kind = StreamFramer::Kind;

std::string message(std::string_view body = "", std::string_view call_id = "1") {
  return "OPTIONS sip:bob@biloxi.com SIP/2.0\r\n"
         "Via: SIP/2.0/TCP pc33.atlanta.com;branch=z9hG4bKhjhs8ass877\r\n"
         "Call-ID: " +
         std::string(call_id) +
         "\r\n"
         "CSeq: 1 OPTIONS\r\n"
         "Content-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
}

TEST(StreamFramer, TwoMessagesInOneRead) {
  StreamFramer framer;
  const std::string first = message("hello", "a");
  const std::string second = message("", "b");
  ASSERT_TRUE(framer.push(first + second));
  const auto one = framer.next();
  ASSERT_EQ(one.kind, Kind::kMessage);
  EXPECT_EQ(one.bytes, first);
  const auto two = framer.next();
  ASSERT_EQ(two.kind, Kind::kMessage);
  EXPECT_EQ(two.bytes, second);
  EXPECT_EQ(framer.next().kind, Kind::kNeedMore);
  EXPECT_EQ(framer.buffered(), 0U);
}

TEST(StreamFramer, OneMessageOneByteAtATime) {
  StreamFramer framer;
  const std::string whole = message("v=0\r\nbody with \r\n\r\n inside");
  for (std::size_t i = 0; i + 1 < whole.size(); ++i) {
    ASSERT_TRUE(framer.push(whole.substr(i, 1)));
    ASSERT_EQ(framer.next().kind, Kind::kNeedMore) << i;
  }
  ASSERT_TRUE(framer.push(whole.substr(whole.size() - 1)));
  const auto frame = framer.next();
  ASSERT_EQ(frame.kind, Kind::kMessage);
  EXPECT_EQ(frame.bytes, whole);
  ParseOptions options;
  options.stream = true;
  EXPECT_TRUE(parse_message(frame.bytes, options));
}

TEST(StreamFramer, KeepAlivesPingAndPong) {
  // RFC 5626 §3.5.1: CRLF CRLF is a ping, a lone CRLF the pong.
  StreamFramer framer;
  ASSERT_TRUE(framer.push("\r\n\r\n\r\n" + message()));
  EXPECT_EQ(framer.next().kind, Kind::kPing);
  EXPECT_EQ(framer.next().kind, Kind::kPong);
  EXPECT_EQ(framer.next().kind, Kind::kMessage);
  ASSERT_TRUE(framer.push("\r\n"));
  EXPECT_EQ(framer.next().kind, Kind::kPong);
}

TEST(StreamFramer, ContentLengthIsMandatoryAndUnambiguous) {
  const std::string no_length = "OPTIONS sip:a@b SIP/2.0\r\nCall-ID: 1\r\n\r\n";
  const std::string twice = "OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 13\r\nl: 5\r\n\r\n12345";
  const std::string negative = "OPTIONS sip:a@b SIP/2.0\r\nContent-Length: -999\r\n\r\n";
  for (const auto& [bytes, reason] :
       {std::pair{no_length, "Content-Length required on a stream"},
        std::pair{twice, "duplicate Content-Length"}, std::pair{negative, "bad Content-Length"}}) {
    StreamFramer framer;
    ASSERT_TRUE(framer.push(bytes));
    const auto frame = framer.next();
    ASSERT_EQ(frame.kind, Kind::kBad) << bytes;
    EXPECT_EQ(frame.error.reason, reason);
    EXPECT_EQ(framer.next().kind, Kind::kBad);  // broken for good
  }
}

TEST(StreamFramer, FoldedAndCompactContentLength) {
  StreamFramer framer;
  ASSERT_TRUE(framer.push("OPTIONS sip:a@b SIP/2.0\r\nl:\r\n  3\r\n\r\nabc"));
  const auto frame = framer.next();
  ASSERT_EQ(frame.kind, Kind::kMessage);
  EXPECT_TRUE(frame.bytes.ends_with("abc"));
}

TEST(StreamFramer, AHugeHeaderSectionClosesTheConnection) {
  StreamFramer framer(65536);
  const std::string line = "X-Filler: " + std::string(1000, 'x') + "\r\n";
  bool closed = false;
  ASSERT_TRUE(framer.push("OPTIONS sip:a@b SIP/2.0\r\n"));
  for (int i = 0; i < 1100 && !closed; ++i) {  // up to 1.1 MB of header section
    if (!framer.push(line)) {
      closed = true;
      break;
    }
    const auto frame = framer.next();
    closed = frame.kind == Kind::kBad;
  }
  EXPECT_TRUE(closed);
  EXPECT_LE(framer.buffered(), 2U * 65536U);
}

TEST(StreamFramer, ADeclaredBodyBeyondTheLimitIsRefusedAtOnce) {
  StreamFramer framer(1000);
  ASSERT_TRUE(framer.push("OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 100000\r\n\r\n"));
  const auto frame = framer.next();
  ASSERT_EQ(frame.kind, Kind::kBad);
  EXPECT_EQ(frame.error.code, Errc::kTooLarge);
}

TEST(StreamFramer, ClerrWaitsForMoreData) {
  // RFC 4475 §3.1.2.2 over a stream: Content-Length larger than what came; wait (the transport's
  // idle timeout closes the connection).
  StreamFramer framer;
  ASSERT_TRUE(framer.push("OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 9999\r\n\r\nshort"));
  EXPECT_EQ(framer.next().kind, Kind::kNeedMore);
}

TEST(StreamFramer, PushRefusesAnUndrainedFlood) {
  StreamFramer framer(100);
  ASSERT_TRUE(framer.push(std::string(150, 'a')));
  EXPECT_FALSE(framer.push(std::string(100, 'a')));
}

}  // namespace
}  // namespace sipline::sip

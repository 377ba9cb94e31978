#include "rtp/packet/rtp_packet.hpp"

#include <array>

#include <gtest/gtest.h>

#include "tests/rtp/bytes_helper.hpp"

namespace sipline::rtp {
namespace {

using test::hex;

TEST(RtpPacket, ParsesTheFixedHeader) {
  const auto bytes = hex("80 e0 1234 0000a0b0 deadbeef  01020304");
  const auto packet = parse_rtp(bytes);
  ASSERT_TRUE(packet);
  EXPECT_TRUE(packet->marker);
  EXPECT_EQ(packet->payload_type, 96);
  EXPECT_EQ(packet->sequence, 0x1234);
  EXPECT_EQ(packet->timestamp, 0xA0B0U);
  EXPECT_EQ(packet->ssrc, 0xDEADBEEFU);
  EXPECT_EQ(packet->payload.size(), 4U);
  EXPECT_FALSE(packet->extension);
}

TEST(RtpPacket, CsrcsExtensionAndPadding) {
  // V=2 P X CC=2; one-byte extension with two elements and padding; 3 octets of padding.
  const auto bytes =
      hex("b2 00 0001 00000002 00000003 aaaaaaaa bbbbbbbb "
          "bede 0002 10 ff 21 0102 00 00 00 "
          "cafe 000003");
  const auto packet = parse_rtp(bytes);
  ASSERT_TRUE(packet) << fmt::format("{}", packet.error());
  EXPECT_EQ(packet->csrc_count, 2);
  EXPECT_EQ(packet->csrc(1), 0xBBBBBBBBU);
  ASSERT_TRUE(packet->extension);
  EXPECT_TRUE(packet->extension->is_one_byte());
  std::vector<ExtensionElement> elements;
  ASSERT_TRUE(for_each_extension_element(*packet->extension,
                                         [&](ExtensionElement e) { elements.push_back(e); }));
  ASSERT_EQ(elements.size(), 2U);
  EXPECT_EQ(elements[0].id, 1);
  EXPECT_EQ(elements[0].data.size(), 1U);
  EXPECT_EQ(elements[1].id, 2);
  EXPECT_EQ(elements[1].data.size(), 2U);
  EXPECT_EQ(packet->padding, 3);
  EXPECT_EQ(packet->payload.size(), 2U);
}

TEST(RtpPacket, TwoByteExtensionElements) {
  const auto bytes = hex("90 00 0001 00000002 00000003 1000 0002 05 03 aabbcc 00 00 00 dd");
  const auto packet = parse_rtp(bytes);
  ASSERT_TRUE(packet);
  ASSERT_TRUE(packet->extension->is_two_byte());
  std::vector<ExtensionElement> elements;
  ASSERT_TRUE(for_each_extension_element(*packet->extension,
                                         [&](ExtensionElement e) { elements.push_back(e); }));
  ASSERT_EQ(elements.size(), 1U);
  EXPECT_EQ(elements[0].id, 5);
  EXPECT_EQ(elements[0].data.size(), 3U);
}

// The hostile inputs of issue 7, one by one.
TEST(RtpPacket, HostileHeaders) {
  EXPECT_EQ(parse_rtp(hex("80 00 0001 00000002 000000")).error().code,
            Errc::kTruncated);  // 11 bytes
  EXPECT_EQ(parse_rtp(hex("40 00 0001 00000002 00000003")).error().code,
            Errc::kUnsupported);  // V=1
  EXPECT_EQ(parse_rtp(hex("8f 00 0001 00000002 00000003")).error().reason,
            "CSRC list past the end");
  EXPECT_EQ(parse_rtp(hex("90 00 0001 00000002 00000003 bede ffff 00000000")).error().reason,
            "header extension past the end");
  EXPECT_EQ(parse_rtp(hex("90 00 0001 00000002 00000003 be")).error().reason,
            "header extension past the end");
  EXPECT_EQ(parse_rtp(hex("a0 00 0001 00000002 00000003 aabb 00")).error().reason,
            "bad RTP padding");
  EXPECT_EQ(parse_rtp(hex("a0 00 0001 00000002 00000003 aabb 09")).error().reason,
            "bad RTP padding");
  EXPECT_TRUE(parse_rtp(hex("a0 00 0001 00000002 00000003 aabb 03")));  // padding = all payload
}

TEST(RtpPacket, ParsingIntoAReusedPacketOverwritesEveryField) {
  const auto rich = hex("b1 e0 0001 00000002 00000003 aaaaaaaa bede 0001 10ff0000 cafe 000003");
  const auto plain = hex("80 08 0002 00000004 00000005 d5d5");
  RtpPacket packet;
  ASSERT_TRUE(parse_rtp_into(rich, packet));
  ASSERT_TRUE(packet.extension);
  EXPECT_EQ(packet.padding, 3);
  EXPECT_TRUE(packet.marker);
  ASSERT_TRUE(parse_rtp_into(plain, packet));
  EXPECT_FALSE(packet.extension);
  EXPECT_EQ(packet.padding, 0);
  EXPECT_EQ(packet.csrc_count, 0);
  EXPECT_TRUE(packet.csrc_bytes.empty());
  EXPECT_FALSE(packet.marker);
  EXPECT_EQ(packet.payload_type, 8);
  EXPECT_EQ(packet.sequence, 2);
  EXPECT_EQ(packet.payload.size(), 2U);
  EXPECT_EQ(parse_rtp_into(hex("80"), packet).error().code, Errc::kTruncated);
}

TEST(RtpPacket, ExtensionElementsPastTheEndFail) {
  const auto one =
      hex("90 00 0001 00000002 00000003 bede 0001 1f 00 00 00");  // says 2 bytes of data
  const auto packet = parse_rtp(one);
  ASSERT_TRUE(packet);
  EXPECT_FALSE(for_each_extension_element(*packet->extension, [](ExtensionElement) {}));
  const auto unknown = hex("90 00 0001 00000002 00000003 abcd 0001 00000000");
  EXPECT_EQ(for_each_extension_element(*parse_rtp(unknown)->extension, [](ExtensionElement) {})
                .error()
                .code,
            Errc::kUnsupported);
}

TEST(RtpPacket, WriteThenParse) {
  std::array<std::byte, 64> buffer{};
  const std::array<std::byte, 3> payload{std::byte{1}, std::byte{2}, std::byte{3}};
  const std::array<std::uint32_t, 2> csrcs{7, 8};
  const auto size = write_rtp({true, 111, 65535, 0xFFFFFFFF, 42}, payload, buffer, csrcs);
  ASSERT_TRUE(size);
  EXPECT_EQ(*size, 12U + 8U + 3U);
  const auto packet = parse_rtp(Bytes(buffer).first(*size));
  ASSERT_TRUE(packet);
  EXPECT_TRUE(packet->marker);
  EXPECT_EQ(packet->payload_type, 111);
  EXPECT_EQ(packet->sequence, 65535);
  EXPECT_EQ(packet->timestamp, 0xFFFFFFFFU);
  EXPECT_EQ(packet->csrc(0), 7U);
  EXPECT_EQ(packet->payload.size(), 3U);
  EXPECT_FALSE(write_rtp({false, 128, 0, 0, 0}, payload, buffer));
  std::array<std::byte, 10> small{};
  EXPECT_EQ(write_rtp({}, payload, small).error().code, Errc::kTooLarge);
}

}  // namespace
}  // namespace sipline::rtp

#include "rtp/rtcp/rtcp_writer.hpp"

#include <array>

#include <gtest/gtest.h>

namespace sipline::rtp {
namespace {

TEST(RtcpWriter, CompoundRoundTrip) {
  std::array<std::byte, 1500> buffer{};
  RtcpWriter writer(buffer);
  const ReportBlock block{0x11111111, ReportBlockData{25, -3, 70000, 80}, 0x12345678, 0x00010000};
  const SenderInfo info{0x0000000A80000000ULL, 160000, 500, 80000};
  ASSERT_TRUE(writer.sender_report(0xCAFE, info, std::array{block}));
  ASSERT_TRUE(writer.sdes_cname(0xCAFE, "alice@192.0.2.1"));
  VoipMetrics metrics;
  metrics.ssrc = 0x11111111;
  metrics.loss_rate = 12;
  metrics.r_factor = 90;
  metrics.mos_lq = 43;
  metrics.jb_nominal_ms = 40;
  ASSERT_TRUE(writer.xr_voip_metrics(0xCAFE, metrics));
  const std::array<std::uint32_t, 1> leaving{0xCAFE};
  ASSERT_TRUE(writer.bye(leaving, "hangup"));
  EXPECT_EQ(writer.written().size() % 4, 0U);

  const auto packets = parse_rtcp_compound(writer.written());
  ASSERT_TRUE(packets) << fmt::format("{}", packets.error());
  ASSERT_EQ(packets->size(), 4U);
  const auto& sr = std::get<SenderReport>((*packets)[0]);
  EXPECT_EQ(sr.ssrc, 0xCAFEU);
  EXPECT_EQ(sr.info, info);
  ASSERT_EQ(sr.blocks.size(), 1U);
  EXPECT_EQ(sr.blocks[0], block);  // the negative cumulative loss survives its 24 bits
  const auto& sdes = std::get<SourceDescription>((*packets)[1]);
  EXPECT_EQ(sdes.cname(0xCAFE), "alice@192.0.2.1");
  EXPECT_FALSE(sdes.cname(1));
  const auto& xr = std::get<ExtendedReport>((*packets)[2]);
  ASSERT_EQ(xr.voip_metrics.size(), 1U);
  EXPECT_EQ(xr.voip_metrics[0], metrics);
  const auto& bye = std::get<Bye>((*packets)[3]);
  EXPECT_EQ(bye.ssrcs, (std::vector<std::uint32_t>{0xCAFE}));
  EXPECT_EQ(bye.reason, "hangup");
}

TEST(RtcpWriter, ReceiverReportAndApp) {
  std::array<std::byte, 256> buffer{};
  RtcpWriter writer(buffer);
  ASSERT_TRUE(writer.receiver_report(7, {}));
  const std::array<std::byte, 4> data{std::byte{1}, std::byte{2}, std::byte{3}, std::byte{4}};
  ASSERT_TRUE(writer.app(3, 7, "sipl", data));
  EXPECT_FALSE(writer.app(3, 7, "toolong", data));
  const auto packets = parse_rtcp_compound(writer.written());
  ASSERT_TRUE(packets);
  const auto& app = std::get<App>((*packets)[1]);
  EXPECT_EQ(app.subtype, 3);
  EXPECT_EQ(std::string(app.name.data(), 4), "sipl");
  EXPECT_EQ(app.data.size(), 4U);
}

TEST(RtcpWriter, RefusesToOverflowItsBuffer) {
  std::array<std::byte, 40> buffer{};
  RtcpWriter writer(buffer);
  std::vector<ReportBlock> many(5);
  EXPECT_EQ(writer.receiver_report(1, many).error().code, Errc::kTooLarge);
  std::array<std::byte, 256> big{};
  RtcpWriter counted(big);
  std::vector<ReportBlock> too_many(32);
  EXPECT_FALSE(counted.receiver_report(1, too_many));
}

}  // namespace
}  // namespace sipline::rtp

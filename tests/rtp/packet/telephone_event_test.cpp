#include "rtp/packet/telephone_event.hpp"

#include <array>
#include <set>

#include <gtest/gtest.h>

namespace sipline::rtp {
namespace {

TEST(TelephoneEvent, PayloadRoundTrip) {
  std::array<std::byte, 4> buffer{};
  const TelephoneEvent event{11, true, 10, 1600};  // '#', end, -10 dBm0, 200 ms at 8 kHz
  write_telephone_event(event, buffer);
  EXPECT_EQ(buffer[0], std::byte{11});
  EXPECT_EQ(buffer[1], std::byte{0x8A});
  EXPECT_EQ(parse_telephone_event(buffer).value(), event);
  EXPECT_FALSE(parse_telephone_event(Bytes(buffer).first(3)));
}

TEST(TelephoneEvent, SequenceForOneKeyPress) {
  // RFC 4733 §2.5.1: 200 ms at 8 kHz in 20 ms packets: marker first, the same timestamp
  // throughout, durations 160, 320 … then the final duration three times with E.
  const auto packets = telephone_event_packets(5, 200, 1000, 8000, 20);
  ASSERT_EQ(packets.size(), 9U + 3U);
  EXPECT_TRUE(packets[0].marker);
  EXPECT_EQ(packets[0].event.duration, 160);
  for (std::size_t i = 1; i < packets.size(); ++i) {
    EXPECT_FALSE(packets[i].marker) << i;
    EXPECT_EQ(packets[i].timestamp, 1000U);
  }
  EXPECT_EQ(packets[8].event.duration, 1440);
  for (std::size_t i = 9; i < 12; ++i) {
    EXPECT_TRUE(packets[i].event.end);
    EXPECT_EQ(packets[i].event.duration, 1600);
  }
}

TEST(TelephoneEvent, LongEventsContinueInSegments) {
  // 10 s at 8 kHz = 80000 ticks > 0xFFFF: a second segment at start + 65535.
  const auto packets = telephone_event_packets(1, 10000, 0, 8000, 20);
  std::set<std::uint32_t> timestamps;
  for (const auto& packet : packets) {
    timestamps.insert(packet.timestamp);
  }
  EXPECT_EQ(timestamps, (std::set<std::uint32_t>{0, 65535}));
  EXPECT_EQ(packets.back().event.duration, 80000 - 65535);
  EXPECT_TRUE(packets.back().event.end);
}

TEST(TelephoneEvent, ReceiverReportsEachKeyOnceDespiteRepeatedEnds) {
  TelephoneEventReceiver receiver;
  std::vector<TelephoneEventReceiver::Report> reports;
  for (const auto& packet : telephone_event_packets(5, 100, 1000, 8000)) {
    if (auto report = receiver.on_packet(packet.timestamp, packet.event)) {
      reports.push_back(*report);
    }
  }
  for (const auto& packet : telephone_event_packets(9, 100, 3000, 8000)) {
    if (auto report = receiver.on_packet(packet.timestamp, packet.event)) {
      reports.push_back(*report);
    }
  }
  ASSERT_EQ(reports.size(), 4U);
  EXPECT_TRUE(reports[0].started);
  EXPECT_EQ(reports[0].event, 5);
  EXPECT_FALSE(reports[1].started);
  EXPECT_EQ(reports[1].duration, 800);
  EXPECT_EQ(reports[3].event, 9);
  // Each key's first report, and only that one, is marked first.
  EXPECT_TRUE(reports[0].first);
  EXPECT_FALSE(reports[1].first);
  EXPECT_TRUE(reports[2].first);
  EXPECT_FALSE(reports[3].first);
}

TEST(TelephoneEvent, EventsNameTheirKeys) {
  EXPECT_EQ(dtmf_key(0), '0');
  EXPECT_EQ(dtmf_key(9), '9');
  EXPECT_EQ(dtmf_key(10), '*');
  EXPECT_EQ(dtmf_key(11), '#');
  EXPECT_EQ(dtmf_key(15), 'D');
  EXPECT_EQ(dtmf_key(16), '\0');  // a tone, not a key
}

TEST(TelephoneEvent, ALoneEndPacketStillReportsTheKey) {
  TelephoneEventReceiver receiver;
  const auto report = receiver.on_packet(500, TelephoneEvent{3, true, 10, 800});
  ASSERT_TRUE(report);
  EXPECT_EQ(report->event, 3);
  EXPECT_FALSE(report->started);
  EXPECT_TRUE(report->first);  // the key's only report: it must count
  EXPECT_FALSE(receiver.on_packet(500, TelephoneEvent{3, true, 10, 800}));
}

}  // namespace
}  // namespace sipline::rtp

#include "rtp/jitter/packet_store.hpp"

#include <array>

#include <gtest/gtest.h>

namespace sipline::rtp {
namespace {

StoredPacket at(std::int64_t timestamp) {
  return {timestamp, 160, static_cast<std::uint16_t>(timestamp), 0, false, {}};
}

TEST(PacketStore, KeepsTimestampOrderAndCopiesPayloads) {
  PacketStore store(4, 8);
  std::array<std::byte, 3> payload{std::byte{1}, std::byte{2}, std::byte{3}};
  EXPECT_EQ(store.add(at(320), payload), PacketStore::Added::kStored);
  EXPECT_EQ(store.add(at(0), payload), PacketStore::Added::kStored);
  payload[0] = std::byte{9};  // the store has its own copy
  EXPECT_EQ(store.add(at(160), payload), PacketStore::Added::kStored);
  ASSERT_EQ(store.size(), 3U);
  EXPECT_EQ(store.front().timestamp, 0);
  EXPECT_EQ(store.front().payload[0], std::byte{1});
  EXPECT_EQ(store.at(1).payload[0], std::byte{9});
  EXPECT_EQ(store.back().timestamp, 320);
  store.pop_front();
  EXPECT_EQ(store.front().timestamp, 160);
}

TEST(PacketStore, RefusesDuplicatesOverflowAndOversizedPayloads) {
  PacketStore store(2, 8);
  const std::array<std::byte, 9> big{};
  EXPECT_EQ(store.add(at(0), {}), PacketStore::Added::kStored);
  EXPECT_EQ(store.add(at(0), {}), PacketStore::Added::kDuplicate);
  EXPECT_EQ(store.add(at(160), {}), PacketStore::Added::kStored);
  EXPECT_EQ(store.add(at(320), {}), PacketStore::Added::kFull);
  EXPECT_EQ(store.add(at(480), big), PacketStore::Added::kTooLarge);
  store.clear();
  EXPECT_TRUE(store.empty());
  EXPECT_EQ(store.add(at(320), {}), PacketStore::Added::kStored);
}

}  // namespace
}  // namespace sipline::rtp

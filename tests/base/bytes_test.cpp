#include "base/bytes.hpp"

#include <array>

#include <gtest/gtest.h>

namespace sipline {
namespace {

constexpr std::array<std::byte, 11> kWire{std::byte{0x80}, std::byte{0x00}, std::byte{0x12},
                                          std::byte{0x34}, std::byte{0xDE}, std::byte{0xAD},
                                          std::byte{0xBE}, std::byte{0xEF}, std::byte{0x01},
                                          std::byte{0x02}, std::byte{0x03}};

TEST(ByteReader, ReadsBigEndianIntegers) {
  ByteReader reader(kWire);
  EXPECT_EQ(reader.u8().value(), 0x80);
  EXPECT_EQ(reader.u8().value(), 0x00);
  EXPECT_EQ(reader.u16().value(), 0x1234);
  EXPECT_EQ(reader.u32().value(), 0xDEADBEEFU);
  EXPECT_EQ(reader.u24().value(), 0x010203U);
  EXPECT_TRUE(reader.empty());
}

TEST(ByteReader, ReadsSixtyFourBits) {
  ByteReader reader(kWire);
  EXPECT_EQ(reader.u64().value(), 0x80001234DEADBEEFULL);
  EXPECT_EQ(reader.remaining(), 3U);
}

TEST(ByteReader, AnOverrunFailsAtTheCurrentOffsetAndConsumesNothing) {
  ByteReader reader(Bytes(kWire).first(5));
  ASSERT_TRUE(reader.u16());
  const auto wide = reader.u32();
  ASSERT_FALSE(wide);
  EXPECT_EQ(wide.error(), (Error{Errc::kTruncated, "read past the end", 2}));
  EXPECT_EQ(reader.offset(), 2U);
  EXPECT_EQ(reader.u24().value(), 0x1234DEU);
  EXPECT_FALSE(reader.u8());
}

TEST(ByteReader, TakeAndSkipAreBounded) {
  ByteReader reader(kWire);
  ASSERT_TRUE(reader.skip(4));
  const auto taken = reader.take(4);
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->size(), 4U);
  EXPECT_EQ((*taken)[0], std::byte{0xDE});
  EXPECT_FALSE(reader.take(4));
  EXPECT_FALSE(reader.skip(SIZE_MAX));
  EXPECT_EQ(reader.rest().size(), 3U);
}

TEST(ByteReader, EmptyInputIsSafe) {
  ByteReader reader(Bytes{});
  EXPECT_FALSE(reader.u8());
  EXPECT_TRUE(reader.take(0));
  EXPECT_TRUE(reader.rest().empty());
}

TEST(ByteWriter, WritesBigEndianAndRoundTrips) {
  std::array<std::byte, 18> buffer{};
  ByteWriter writer(buffer);
  ASSERT_TRUE(writer.u8(0x80));
  ASSERT_TRUE(writer.u16(0x1234));
  ASSERT_TRUE(writer.u24(0xABCDEF));
  ASSERT_TRUE(writer.u32(0xDEADBEEF));
  ASSERT_TRUE(writer.u64(0x0102030405060708ULL));
  EXPECT_EQ(writer.remaining(), 0U);
  ByteReader reader(writer.written());
  EXPECT_EQ(reader.u8().value(), 0x80);
  EXPECT_EQ(reader.u16().value(), 0x1234);
  EXPECT_EQ(reader.u24().value(), 0xABCDEFU);
  EXPECT_EQ(reader.u32().value(), 0xDEADBEEFU);
  EXPECT_EQ(reader.u64().value(), 0x0102030405060708ULL);
}

TEST(ByteWriter, RefusesToOverflowItsBufferAndWritesNothing) {
  std::array<std::byte, 3> buffer{};
  ByteWriter writer(buffer);
  ASSERT_TRUE(writer.u16(0xFFFF));
  EXPECT_EQ(writer.u16(1).error().code, Errc::kTooLarge);
  EXPECT_EQ(writer.size(), 2U);
  EXPECT_EQ(writer.bytes(kWire).error().code, Errc::kTooLarge);
  EXPECT_EQ(writer.zeros(2).error().code, Errc::kTooLarge);
  ASSERT_TRUE(writer.zeros(1));
  EXPECT_EQ(writer.written().size(), 3U);
  EXPECT_EQ(buffer[2], std::byte{0});
}

TEST(ByteWriter, RejectsValuesWiderThanTwentyFourBits) {
  std::array<std::byte, 3> buffer{};
  ByteWriter writer(buffer);
  EXPECT_EQ(writer.u24(0x1000000).error().code, Errc::kOverflow);
  EXPECT_EQ(writer.size(), 0U);
}

TEST(ByteWriter, PatchesOnlyWhatWasWritten) {
  std::array<std::byte, 4> buffer{};
  ByteWriter writer(buffer);
  ASSERT_TRUE(writer.u16(0));
  ASSERT_TRUE(writer.u8(7));
  ASSERT_TRUE(writer.patch_u16(0, 0xBEEF));
  EXPECT_EQ(buffer[0], std::byte{0xBE});
  EXPECT_EQ(buffer[1], std::byte{0xEF});
  EXPECT_FALSE(writer.patch_u16(2, 1));  // byte 3 was never written
}

TEST(Bytes, TextAndBytesViewTheSameMemory) {
  constexpr std::string_view kText = "SIP/2.0";
  const Bytes bytes = as_bytes(kText);
  EXPECT_EQ(bytes.size(), kText.size());
  EXPECT_EQ(as_text(bytes), kText);
  EXPECT_EQ(static_cast<const void*>(bytes.data()), static_cast<const void*>(kText.data()));
}

}  // namespace
}  // namespace sipline

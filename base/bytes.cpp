// ByteReader and ByteWriter.
#include "base/bytes.hpp"

#include <algorithm>
#include <cstring>

namespace sipline {
namespace {

// GCC 12's std::expected has no transform(): narrow a read by hand.
template <class T>
Result<T> narrow(Result<std::uint64_t> value) noexcept {
  if (!value) {
    return std::unexpected(value.error());
  }
  return static_cast<T>(*value);
}

}  // namespace

Result<std::uint64_t> ByteReader::big_endian(std::size_t width) noexcept {
  if (remaining() < width) {
    return fail(Errc::kTruncated, "read past the end", offset_);
  }
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < width; ++i) {
    value = (value << 8) | std::to_integer<std::uint64_t>(bytes_[offset_ + i]);
  }
  offset_ += width;
  return value;
}

Result<std::uint8_t> ByteReader::u8() noexcept { return narrow<std::uint8_t>(big_endian(1)); }
Result<std::uint16_t> ByteReader::u16() noexcept { return narrow<std::uint16_t>(big_endian(2)); }
Result<std::uint32_t> ByteReader::u24() noexcept { return narrow<std::uint32_t>(big_endian(3)); }
Result<std::uint32_t> ByteReader::u32() noexcept { return narrow<std::uint32_t>(big_endian(4)); }
Result<std::uint64_t> ByteReader::u64() noexcept { return big_endian(8); }

Result<Bytes> ByteReader::take(std::size_t count) noexcept {
  if (remaining() < count) {
    return fail(Errc::kTruncated, "read past the end", offset_);
  }
  const Bytes out = bytes_.subspan(offset_, count);
  offset_ += count;
  return out;
}

Result<void> ByteReader::skip(std::size_t count) noexcept {
  const Result<Bytes> skipped = take(count);
  if (!skipped) {
    return std::unexpected(skipped.error());
  }
  return {};
}

Result<void> ByteWriter::big_endian(std::uint64_t value, std::size_t width) noexcept {
  if (remaining() < width) {
    return fail(Errc::kTooLarge, "write past the end of the buffer", size_);
  }
  for (std::size_t i = 0; i < width; ++i) {
    const std::size_t shift = 8 * (width - 1 - i);
    buffer_[size_ + i] = static_cast<std::byte>((value >> shift) & 0xFF);
  }
  size_ += width;
  return {};
}

Result<void> ByteWriter::u8(std::uint8_t value) noexcept { return big_endian(value, 1); }
Result<void> ByteWriter::u16(std::uint16_t value) noexcept { return big_endian(value, 2); }

Result<void> ByteWriter::u24(std::uint32_t value) noexcept {
  if (value > 0xFFFFFF) {
    return fail(Errc::kOverflow, "value does not fit 24 bits", size_);
  }
  return big_endian(value, 3);
}

Result<void> ByteWriter::u32(std::uint32_t value) noexcept { return big_endian(value, 4); }
Result<void> ByteWriter::u64(std::uint64_t value) noexcept { return big_endian(value, 8); }

Result<void> ByteWriter::bytes(Bytes data) noexcept {
  if (remaining() < data.size()) {
    return fail(Errc::kTooLarge, "write past the end of the buffer", size_);
  }
  if (!data.empty()) {
    std::memcpy(buffer_.data() + size_, data.data(), data.size());
  }
  size_ += data.size();
  return {};
}

Result<void> ByteWriter::zeros(std::size_t count) noexcept {
  if (remaining() < count) {
    return fail(Errc::kTooLarge, "write past the end of the buffer", size_);
  }
  std::fill_n(buffer_.begin() + static_cast<std::ptrdiff_t>(size_), count, std::byte{0});
  size_ += count;
  return {};
}

}  // namespace sipline

namespace sipline {

Result<void> ByteWriter::patch_u16(std::size_t offset, std::uint16_t value) noexcept {
  if (offset + 2 > size_) {
    return fail(Errc::kInvalidArgument, "patch outside the written bytes", offset);
  }
  buffer_[offset] = static_cast<std::byte>(value >> 8);
  buffer_[offset + 1] = static_cast<std::byte>(value);
  return {};
}

}  // namespace sipline

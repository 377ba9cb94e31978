// Byte views and bounds-checked big-endian cursors for binary wire formats (RTP, RTCP, STUN).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "base/result.hpp"

namespace sipline {

using Bytes = std::span<const std::byte>;
using MutableBytes = std::span<std::byte>;

[[nodiscard]] inline Bytes as_bytes(std::string_view text) noexcept {
  return {reinterpret_cast<const std::byte*>(text.data()), text.size()};
}

[[nodiscard]] inline std::string_view as_text(Bytes bytes) noexcept {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

// Reads network-order integers from a byte view. Every read is checked against the end; a read
// that would overrun fails with kTruncated at the current offset and consumes nothing.
class ByteReader {
 public:
  explicit ByteReader(Bytes bytes) noexcept : bytes_(bytes) {}

  [[nodiscard]] std::size_t offset() const noexcept { return offset_; }
  [[nodiscard]] std::size_t remaining() const noexcept { return bytes_.size() - offset_; }
  [[nodiscard]] bool empty() const noexcept { return remaining() == 0; }
  // Everything not yet read; reading it does not advance the cursor.
  [[nodiscard]] Bytes rest() const noexcept { return bytes_.subspan(offset_); }

  [[nodiscard]] Result<std::uint8_t> u8() noexcept;
  [[nodiscard]] Result<std::uint16_t> u16() noexcept;
  [[nodiscard]] Result<std::uint32_t> u24() noexcept;
  [[nodiscard]] Result<std::uint32_t> u32() noexcept;
  [[nodiscard]] Result<std::uint64_t> u64() noexcept;
  [[nodiscard]] Result<Bytes> take(std::size_t count) noexcept;
  [[nodiscard]] Result<void> skip(std::size_t count) noexcept;

 private:
  [[nodiscard]] Result<std::uint64_t> big_endian(std::size_t width) noexcept;

  Bytes bytes_;
  std::size_t offset_ = 0;
};

// Writes network-order integers into a caller-owned buffer. A write that does not fit fails with
// kTooLarge and writes nothing, so a packet builder never runs past its buffer.
class ByteWriter {
 public:
  explicit ByteWriter(MutableBytes buffer) noexcept : buffer_(buffer) {}

  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] std::size_t remaining() const noexcept { return buffer_.size() - size_; }
  [[nodiscard]] Bytes written() const noexcept { return Bytes(buffer_).first(size_); }

  [[nodiscard]] Result<void> u8(std::uint8_t value) noexcept;
  [[nodiscard]] Result<void> u16(std::uint16_t value) noexcept;
  [[nodiscard]] Result<void> u24(std::uint32_t value) noexcept;
  [[nodiscard]] Result<void> u32(std::uint32_t value) noexcept;
  [[nodiscard]] Result<void> u64(std::uint64_t value) noexcept;
  [[nodiscard]] Result<void> bytes(Bytes data) noexcept;
  [[nodiscard]] Result<void> zeros(std::size_t count) noexcept;
  // Overwrites two bytes already written at `offset` (a length field filled in at the end).
  [[nodiscard]] Result<void> patch_u16(std::size_t offset, std::uint16_t value) noexcept;

 private:
  [[nodiscard]] Result<void> big_endian(std::uint64_t value, std::size_t width) noexcept;

  MutableBytes buffer_;
  std::size_t size_ = 0;
};

}  // namespace sipline

// The packets a jitter buffer holds: a fixed number of slots with their payloads copied into
// storage reserved up front, kept in timestamp order. Nothing is allocated after construction,
// whatever arrives.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "base/bytes.hpp"

namespace sipline::rtp {

struct StoredPacket {
  std::int64_t timestamp = 0;  // extended (unwrapped) RTP timestamp
  std::uint32_t span = 0;      // timestamp units of media it carries
  std::uint16_t sequence = 0;
  std::uint8_t payload_type = 0;
  bool marker = false;
  Bytes payload;  // into the store; valid until the packet is removed
};

class PacketStore {
 public:
  PacketStore(std::size_t capacity, std::size_t max_payload);

  enum class Added : std::uint8_t { kStored, kDuplicate, kFull, kTooLarge };
  Added add(const StoredPacket& packet, Bytes payload) noexcept;

  [[nodiscard]] bool empty() const noexcept { return order_.empty(); }
  [[nodiscard]] std::size_t size() const noexcept { return order_.size(); }
  [[nodiscard]] std::size_t capacity() const noexcept { return slots_.size(); }
  // The packet with the smallest timestamp; the store must not be empty.
  [[nodiscard]] const StoredPacket& front() const noexcept { return slots_[order_.front()]; }
  [[nodiscard]] const StoredPacket& back() const noexcept { return slots_[order_.back()]; }
  [[nodiscard]] const StoredPacket& at(std::size_t i) const noexcept { return slots_[order_[i]]; }
  void pop_front() noexcept;
  void clear() noexcept;

 private:
  std::vector<StoredPacket> slots_;
  std::unique_ptr<std::byte[]> payloads_;  // capacity · max_payload bytes, one run per slot
  std::vector<std::size_t> free_;          // slot indices not in use
  std::vector<std::size_t> order_;         // slot indices in use, by timestamp
  std::size_t max_payload_;
};

}  // namespace sipline::rtp

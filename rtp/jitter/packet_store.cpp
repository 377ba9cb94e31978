// Fixed-capacity, timestamp-ordered packet storage.
#include "rtp/jitter/packet_store.hpp"

#include <algorithm>
#include <cstring>

namespace sipline::rtp {

PacketStore::PacketStore(std::size_t capacity, std::size_t max_payload)
    : slots_(capacity),
      // Not zeroed: a slot's bytes are read only after a packet was written there, and a call's
      // 192 KB (128 slots of 1500 bytes) stay untouched pages until packets need them.
      payloads_(std::make_unique_for_overwrite<std::byte[]>(capacity * max_payload)),
      max_payload_(max_payload) {
  free_.reserve(capacity);
  order_.reserve(capacity);
  clear();
}

void PacketStore::clear() noexcept {
  order_.clear();
  free_.clear();
  for (std::size_t i = slots_.size(); i > 0; --i) {
    free_.push_back(i - 1);
  }
}

PacketStore::Added PacketStore::add(const StoredPacket& packet, Bytes payload) noexcept {
  if (payload.size() > max_payload_) {
    return Added::kTooLarge;
  }
  // Packets almost always arrive in order: search from the back.
  std::size_t position = order_.size();
  while (position > 0 && slots_[order_[position - 1]].timestamp >= packet.timestamp) {
    if (slots_[order_[position - 1]].timestamp == packet.timestamp) {
      return Added::kDuplicate;
    }
    --position;
  }
  if (free_.empty()) {
    return Added::kFull;
  }
  const std::size_t slot = free_.back();
  free_.pop_back();
  std::byte* storage = payloads_.get() + slot * max_payload_;
  if (!payload.empty()) {
    std::memcpy(storage, payload.data(), payload.size());
  }
  slots_[slot] = packet;
  slots_[slot].payload = Bytes(storage, payload.size());
  order_.insert(order_.begin() + static_cast<std::ptrdiff_t>(position),
                slot);  // within reserved capacity
  return Added::kStored;
}

void PacketStore::pop_front() noexcept {
  free_.push_back(order_.front());
  order_.erase(order_.begin());
}

}  // namespace sipline::rtp

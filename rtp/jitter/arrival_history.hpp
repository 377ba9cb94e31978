// How late each packet is compared with the fastest packet of the last two seconds — the
// delay a jitter buffer has to absorb (NetEq's PacketArrivalHistory idea).
//
// A packet's transit is its arrival time minus its media time (RTP timestamp in µs); transit
// holds the unknown clock offset and the network delay. Its relative delay is its transit minus
// the smallest transit in a sliding window of media time: never negative, zero for the fastest
// packet. Taking the minimum over a sliding window rather than over all time absorbs clock drift
// between sender and receiver (±100 ppm moves transit by 0.2 ms in 2 s) and lets a route change
// that lowers the delay take effect at once.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace sipline::rtp {

class ArrivalHistory {
 public:
  static constexpr std::int64_t kDefaultWindowUs = 2'000'000;

  explicit ArrivalHistory(std::int64_t window_us = kDefaultWindowUs) noexcept
      : window_us_(window_us) {}

  // Records a packet (media time and arrival, both µs) and returns its relative delay in µs.
  std::int64_t on_packet(std::int64_t media_us, std::int64_t arrival_us) noexcept;

  // The smallest transit in the window; meaningful once a packet was recorded.
  [[nodiscard]] std::int64_t min_transit_us() const noexcept { return ring_[head_].transit_us; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  void reset() noexcept { size_ = 0; }

 private:
  struct Entry {
    std::int64_t media_us;
    std::int64_t transit_us;
  };
  // A monotonic queue: transits increase from head to tail, so the head is the window's
  // minimum. Bounded: past kCapacity entries the oldest goes, whatever the packet rate.
  static constexpr std::size_t kCapacity = 512;

  [[nodiscard]] std::size_t index(std::size_t i) const noexcept { return (head_ + i) % kCapacity; }

  std::int64_t window_us_;
  std::int64_t newest_media_us_ = 0;
  std::array<Entry, kCapacity> ring_{};
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace sipline::rtp

// Burst and gap statistics for the RTCP XR VoIP Metrics block (RFC 3611 §4.7.2).
//
// A burst is the longest run of packets that starts and ends with a lost or discarded packet and
// holds no Gmin consecutive good packets; everything else is gap. Appendix A.2 offers a Markov
// estimate for implementations that cannot see every packet, but the field definitions ask for
// actual values when they are available, and here they are: this counter classifies each packet
// exactly, in O(1) per packet. A lone loss with fewer than Gmin good packets on either side
// belongs to its gap, as in the example of §4.7.2 (and as A.2's c14 counts it).
#pragma once

#include <cstdint>

namespace sipline::rtp {

class BurstGapCounter {
 public:
  explicit BurstGapCounter(std::uint32_t gmin = 16) noexcept : gmin_(gmin) {}

  void on_received() noexcept {
    ++packets_;
    ++run_;
  }
  void on_lost() noexcept { on_event(true); }
  void on_discarded() noexcept { on_event(false); }

  // The §4.7.2 fields, as 8-bit fractions of 256 and mean durations in milliseconds.
  struct Metrics {
    std::uint8_t loss_rate = 0;
    std::uint8_t discard_rate = 0;
    std::uint8_t burst_density = 0;
    std::uint8_t gap_density = 0;
    std::uint16_t burst_duration_ms = 0;
    std::uint16_t gap_duration_ms = 0;
  };
  // The metrics since reception began, with `packet_ms` of audio per packet. A burst still open
  // counts as a burst; the good packets after it as the final gap (reception ends the gap).
  [[nodiscard]] Metrics metrics(double packet_ms) const noexcept;

 private:
  struct Totals {
    std::uint64_t bursts = 0;
    std::uint64_t burst_packets = 0;
    std::uint64_t burst_losses = 0;  // lost or discarded inside bursts
    std::uint64_t gaps = 0;
    std::uint64_t burst_end = 0;  // index of the first packet after the latest burst
  };

  void on_event(bool lost) noexcept;
  // Books the open chain of losses as a burst when it holds two or more.
  void close_chain(Totals& totals) const noexcept;

  std::uint32_t gmin_;
  std::uint64_t packets_ = 0;  // every packet expected so far
  std::uint64_t lost_ = 0;
  std::uint64_t discarded_ = 0;
  std::uint64_t run_ = 0;            // good packets since the latest loss
  std::uint64_t chain_start_ = 0;    // index of the first loss of the open chain
  std::uint64_t chain_packets_ = 0;  // from that loss to the latest one, inclusive
  std::uint64_t chain_losses_ = 0;
  Totals totals_;
};

}  // namespace sipline::rtp

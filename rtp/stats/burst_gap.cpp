// Exact burst/gap classification (RFC 3611 §4.7.2).
#include "rtp/stats/burst_gap.hpp"

#include <algorithm>

namespace sipline::rtp {
namespace {

std::uint8_t fraction_256(std::uint64_t count, std::uint64_t total) noexcept {
  return total == 0 ? 0
                    : static_cast<std::uint8_t>(std::min<std::uint64_t>(255, 256 * count / total));
}

std::uint16_t mean_ms(std::uint64_t packets, std::uint64_t periods, double packet_ms) noexcept {
  if (periods == 0) {
    return 0;
  }
  const double mean = static_cast<double>(packets) * packet_ms / static_cast<double>(periods);
  return static_cast<std::uint16_t>(std::clamp(mean, 0.0, 65535.0));
}

}  // namespace

void BurstGapCounter::close_chain(Totals& totals) const noexcept {
  if (chain_losses_ < 2) {
    return;  // a lone loss stays in its gap
  }
  if (chain_start_ > totals.burst_end) {
    ++totals.gaps;  // good packets came between the previous burst and this one
  }
  ++totals.bursts;
  totals.burst_packets += chain_packets_;
  totals.burst_losses += chain_losses_;
  totals.burst_end = chain_start_ + chain_packets_;
}

void BurstGapCounter::on_event(bool lost) noexcept {
  (lost ? lost_ : discarded_)++;
  if (chain_losses_ > 0 && run_ < gmin_) {
    chain_packets_ += run_ + 1;  // fewer than Gmin good packets: the chain goes on
    ++chain_losses_;
  } else {
    close_chain(totals_);
    chain_start_ = packets_;
    chain_packets_ = 1;
    chain_losses_ = 1;
  }
  ++packets_;
  run_ = 0;
}

BurstGapCounter::Metrics BurstGapCounter::metrics(double packet_ms) const noexcept {
  Totals totals = totals_;
  close_chain(totals);
  if (packets_ > totals.burst_end) {
    ++totals.gaps;  // the gap that reception is in now
  }
  const std::uint64_t gap_packets = packets_ - totals.burst_packets;
  const std::uint64_t gap_losses = lost_ + discarded_ - totals.burst_losses;
  Metrics out;
  out.loss_rate = fraction_256(lost_, packets_);
  out.discard_rate = fraction_256(discarded_, packets_);
  out.burst_density = fraction_256(totals.burst_losses, totals.burst_packets);
  out.gap_density = fraction_256(gap_losses, gap_packets);
  out.burst_duration_ms = mean_ms(totals.burst_packets, totals.bursts, packet_ms);
  out.gap_duration_ms = mean_ms(gap_packets, totals.gaps, packet_ms);
  return out;
}

}  // namespace sipline::rtp

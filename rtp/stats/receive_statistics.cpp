// RFC 3550 Appendix A.1, A.3 and A.8.
#include "rtp/stats/receive_statistics.hpp"

#include <algorithm>
#include <cmath>

namespace sipline::rtp {
namespace {
constexpr std::uint32_t kSeqMod = 1U << 16;
}

void ReceiveStatistics::init_sequence(std::uint16_t sequence) noexcept {
  base_seq_ = sequence;
  max_seq_ = sequence;
  bad_seq_ = kSeqMod + 1;
  cycles_ = 0;
  received_ = 0;
  received_prior_ = 0;
  expected_prior_ = 0;
}

ReceiveStatistics::Verdict ReceiveStatistics::on_packet(std::uint16_t sequence,
                                                        std::uint32_t rtp_timestamp,
                                                        TimePoint arrival) noexcept {
  if (!started_) {
    // A.1: a new source starts on probation.
    init_sequence(sequence);
    max_seq_ = static_cast<std::uint16_t>(sequence - 1);
    probation_ = kMinSequential;
    started_ = true;
  }
  const auto delta = static_cast<std::uint16_t>(sequence - max_seq_);
  if (probation_ > 0) {
    if (sequence == static_cast<std::uint16_t>(max_seq_ + 1)) {
      --probation_;
      max_seq_ = sequence;
      if (probation_ == 0) {
        init_sequence(sequence);
        ++received_;
        update_jitter(rtp_timestamp, arrival);
        return Verdict::kAccepted;
      }
    } else {
      probation_ = kMinSequential - 1;
      max_seq_ = sequence;
    }
    return Verdict::kProbation;
  }
  if (delta < kMaxDropout) {
    // In order, with an allowed gap.
    if (sequence < max_seq_) {
      cycles_ += kSeqMod;  // wrapped around
    }
    max_seq_ = sequence;
  } else if (delta <= kSeqMod - kMaxMisorder) {
    // A very large jump.
    if (sequence == bad_seq_) {
      // Two sequential packets: the other side restarted without telling us.
      init_sequence(sequence);
      ++restarts_;
    } else {
      bad_seq_ = (sequence + 1U) & (kSeqMod - 1);
      return Verdict::kBadJump;
    }
  } else {
    // A duplicate or reordered packet: counted, as A.1 counts it.
  }
  ++received_;
  update_jitter(rtp_timestamp, arrival);
  return Verdict::kAccepted;
}

void ReceiveStatistics::update_jitter(std::uint32_t rtp_timestamp, TimePoint arrival) noexcept {
  if (clock_rate_ == 0) {
    return;
  }
  // A.8: transit = arrival − timestamp, both in timestamp units; J += (|D| − J) / 16.
  const std::int64_t micros = arrival.time_since_epoch().count();
  const std::int64_t arrival_units = micros * static_cast<std::int64_t>(clock_rate_) / 1'000'000;
  const std::int64_t transit =
      static_cast<std::int32_t>(static_cast<std::uint32_t>(arrival_units) - rtp_timestamp);
  if (transit_) {
    const double d = static_cast<double>(
        std::llabs(static_cast<std::int32_t>(static_cast<std::uint32_t>(transit - *transit_))));
    jitter_ += (d - jitter_) / 16.0;
  }
  transit_ = transit;
}

std::uint32_t ReceiveStatistics::expected() const noexcept {
  return valid() ? extended_highest() - base_seq_ + 1 : 0;
}

std::int64_t ReceiveStatistics::lost() const noexcept {
  return static_cast<std::int64_t>(expected()) - static_cast<std::int64_t>(received_);
}

Duration ReceiveStatistics::jitter_duration() const noexcept {
  return clock_rate_ == 0 ? Duration{}
                          : Duration{static_cast<std::int64_t>(jitter_ * 1e6 / clock_rate_)};
}

ReportBlockData ReceiveStatistics::take_report() noexcept {
  ReportBlockData block;
  block.extended_highest = extended_highest();
  // A.3: the cumulative loss is a signed 24-bit field.
  block.cumulative_lost =
      static_cast<std::int32_t>(std::clamp<std::int64_t>(lost(), -0x800000, 0x7FFFFF));
  const std::uint32_t expected_now = expected();
  const std::uint32_t expected_interval = expected_now - expected_prior_;
  const std::int64_t received_interval = static_cast<std::int64_t>(received_ - received_prior_);
  const std::int64_t lost_interval =
      static_cast<std::int64_t>(expected_interval) - received_interval;
  expected_prior_ = expected_now;
  received_prior_ = received_;
  if (expected_interval != 0 && lost_interval > 0) {
    block.fraction_lost = static_cast<std::uint8_t>(
        std::min<std::int64_t>((lost_interval << 8) / expected_interval, 255));
  }
  block.jitter = static_cast<std::uint32_t>(jitter_);
  return block;
}

}  // namespace sipline::rtp

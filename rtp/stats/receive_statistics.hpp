// What a receiver knows about one RTP source (RFC 3550 Appendix A.1, A.3, A.8): the sequence
// state with probation and wrap-around, loss, interarrival jitter, and the report block it
// sends back. Pure: arrival times come in with each packet.
#pragma once

#include <cstdint>
#include <optional>

#include "base/clock.hpp"

namespace sipline::rtp {

// RFC 3550 A.1's constants.
inline constexpr int kMinSequential = 2;  // packets in sequence before a source is valid
inline constexpr int kMaxDropout = 3000;  // a jump ahead beyond this restarts the sequence
inline constexpr int kMaxMisorder = 100;  // packets this far back are old duplicates

struct ReportBlockData {
  std::uint8_t fraction_lost = 0;      // since the last report, in 1/256
  std::int32_t cumulative_lost = 0;    // clamped to 24 signed bits
  std::uint32_t extended_highest = 0;  // cycles · 2^16 + highest sequence
  std::uint32_t jitter = 0;            // in timestamp units

  friend bool operator==(const ReportBlockData&, const ReportBlockData&) = default;
};

class ReceiveStatistics {
 public:
  enum class Verdict : std::uint8_t {
    kAccepted,   // counts, and its payload is worth playing
    kProbation,  // counts toward validating a new source (A.1 probation)
    kBadJump,    // a large jump: held until the next packet confirms it (A.1 bad_seq)
  };

  explicit ReceiveStatistics(std::uint32_t clock_rate) noexcept : clock_rate_(clock_rate) {}

  // One packet: its sequence number, RTP timestamp and arrival time.
  Verdict on_packet(std::uint16_t sequence, std::uint32_t rtp_timestamp,
                    TimePoint arrival) noexcept;

  [[nodiscard]] bool valid() const noexcept { return probation_ == 0 && started_; }
  [[nodiscard]] std::uint32_t extended_highest() const noexcept { return cycles_ + max_seq_; }
  [[nodiscard]] std::uint32_t expected() const noexcept;
  [[nodiscard]] std::uint64_t received() const noexcept { return received_; }
  [[nodiscard]] std::int64_t lost() const noexcept;
  // Interarrival jitter (A.8) in timestamp units, and in microseconds.
  [[nodiscard]] double jitter() const noexcept { return jitter_; }
  [[nodiscard]] Duration jitter_duration() const noexcept;
  [[nodiscard]] std::uint64_t restarts() const noexcept { return restarts_; }

  // The numbers of a report block (A.3): fraction lost over the interval since the previous
  // call, which starts a new interval.
  [[nodiscard]] ReportBlockData take_report() noexcept;

 private:
  void init_sequence(std::uint16_t sequence) noexcept;
  void update_jitter(std::uint32_t rtp_timestamp, TimePoint arrival) noexcept;

  std::uint32_t clock_rate_;
  bool started_ = false;
  std::uint16_t max_seq_ = 0;
  std::uint32_t cycles_ = 0;  // shifted count of sequence number cycles
  std::uint32_t base_seq_ = 0;
  std::uint32_t bad_seq_ = 0x10001;  // RTP_SEQ_MOD + 1: no bad sequence pending
  int probation_ = kMinSequential;
  std::uint64_t received_ = 0;
  std::uint32_t expected_prior_ = 0;
  std::uint64_t received_prior_ = 0;
  std::optional<std::int64_t> transit_;
  double jitter_ = 0;
  std::uint64_t restarts_ = 0;
};

}  // namespace sipline::rtp

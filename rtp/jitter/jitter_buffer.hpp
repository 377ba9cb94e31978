// The jitter buffer's core: packets in, one playout decision per request out (NetEq's shape).
// Sans-I/O and codec-agnostic: the caller says how much media each packet carries (its span)
// and how much decoded audio it still holds; `media/` decodes, conceals and time-stretches.
//
//   insert(packet, now) ──► PacketStore ──► next_decision(now, buffered)
//          │                                   │
//          └─► ArrivalHistory ─► DelayTarget ──┘  Normal | Accelerate | PreemptiveExpand |
//                                                 Expand | Merge | Silence | None
//
// The playout position P is the timestamp of the next media to fetch. When the packet at P is
// missing, the caller conceals (Expand) and P stays: a late packet is still played when it
// comes (Merge), the delay having grown by what was concealed; once the concealment has covered
// a gap up to a later packet, the missing ones count as lost and playout goes on from there.
// Delay is held near the target by stretching decoded audio: pulls come every frame, so the
// margin a packet has before its pull (its slack) moves in whole frames, and the audio the
// caller still holds adds to the delay. The best point is the smallest slack that covers the
// target with next to nothing held; Accelerate and PreemptiveExpand walk towards it, at most one
// stretch per `stretch_interval`.
#pragma once

#include <cstdint>
#include <optional>

#include "base/bytes.hpp"
#include "base/clock.hpp"
#include "rtp/jitter/arrival_history.hpp"
#include "rtp/jitter/delay_target.hpp"
#include "rtp/jitter/packet_store.hpp"

namespace sipline::rtp {

struct JitterBufferConfig {
  std::uint32_t clock_rate = 8000;  // RTP timestamp units per second
  std::uint32_t frame_span = 160;   // timestamp units per pull (20 ms at 8 kHz)
  std::size_t capacity = 128;       // packets
  std::size_t max_payload = 1500;   // bytes a packet may carry
  DelayTargetConfig target{};
  std::int64_t initial_target_us = 40'000;   // held until the first delay interval is learnt
  std::int64_t margin_us = 0;                // audio kept in hand beyond the pull's needs
  std::int64_t accelerate_above_us = 5'000;  // hysteresis before removing audio
  std::int64_t step_down_above_us = 5'000;   // slack to spare before giving up a whole frame
  std::int64_t stretch_interval_us = 40'000;
  std::int64_t flush_above_us = 500'000;  // delay over target beyond which packets are dropped
};

struct JitterPacket {
  std::uint32_t ssrc = 0;
  std::uint16_t sequence = 0;
  std::uint32_t timestamp = 0;
  std::uint32_t span = 0;  // timestamp units of media in the payload (the caller knows the codec)
  std::uint8_t payload_type = 0;
  bool marker = false;
  Bytes payload;
};

enum class InsertResult : std::uint8_t {
  kStored,
  kDuplicate,
  kLate,      // its time has passed: counted as late loss
  kTooLarge,  // payload above max_payload
  kForeign,   // another SSRC, not (yet) switched to
  kFlushed,   // stored after the buffer was emptied (overflow, SSRC change, timestamp jump)
};

enum class Operation : std::uint8_t {
  kNone,              // the caller holds a frame already
  kSilence,           // nothing received yet: play `amount` of silence
  kNormal,            // decode `packet`
  kAccelerate,        // decode `packet`, then remove about `amount` by time-stretching
  kPreemptiveExpand,  // decode `packet`, then add about `amount` by time-stretching
  kExpand,            // nothing to play: conceal `amount`
  kMerge,             // decode `packet` after concealment, blending into it
};

struct Decision {
  Operation operation = Operation::kNone;
  std::optional<StoredPacket> packet;  // its payload stays valid until the next call
  std::int64_t amount = 0;             // timestamp units (see Operation)
  std::uint32_t skipped = 0;           // packets given up as lost before `packet`
  // Expand: a later packet is here and the one at P is not (lost, or overtaken), rather than
  // nothing at all (the stream is late: the packet will most likely still come).
  bool missing = false;
};

struct JitterStatistics {
  std::uint64_t received = 0;
  std::uint64_t duplicates = 0;
  std::uint64_t late = 0;     // arrived after their time had passed (late loss)
  std::uint64_t lost = 0;     // never arrived before playout moved past them (by sequence number)
  std::uint64_t flushed = 0;  // dropped to bring the delay down or on a reset
  std::uint64_t foreign = 0;  // from an SSRC not switched to
  std::uint64_t resets = 0;
  std::int64_t target_delay_us = 0;
  std::int64_t current_delay_us = 0;  // playout delay over the fastest recent packet
  std::int64_t max_target_delay_us = 0;
};

class JitterBuffer {
 public:
  explicit JitterBuffer(const JitterBufferConfig& config);

  InsertResult insert(const JitterPacket& packet, TimePoint now) noexcept;
  // `buffered`: decoded media the caller holds and has not played, in timestamp units.
  [[nodiscard]] Decision next_decision(TimePoint now, std::int64_t buffered) noexcept;

  [[nodiscard]] const JitterStatistics& statistics() const noexcept { return stats_; }
  [[nodiscard]] const JitterBufferConfig& config() const noexcept { return config_; }

 private:
  [[nodiscard]] std::int64_t to_us(std::int64_t timestamp_units) const noexcept;
  [[nodiscard]] std::int64_t to_units(std::int64_t us) const noexcept;
  [[nodiscard]] std::int64_t extend(std::uint32_t timestamp) const noexcept;
  [[nodiscard]] bool accept_source(const JitterPacket& packet, std::int64_t now_us) noexcept;
  void reset(std::uint32_t ssrc) noexcept;
  void drop_played() noexcept;
  [[nodiscard]] Decision play(Operation operation, std::int64_t now_us,
                              std::int64_t buffered) noexcept;
  [[nodiscard]] Decision conceal(std::int64_t wanted, bool missing) noexcept;

  JitterBufferConfig config_;
  PacketStore store_;
  ArrivalHistory history_;
  DelayTarget target_;
  JitterStatistics stats_;

  bool has_source_ = false;
  std::uint32_t ssrc_ = 0;
  std::int64_t last_arrival_us_ = 0;
  std::uint32_t candidate_ssrc_ = 0;
  std::uint32_t candidate_count_ = 0;

  std::int64_t reference_ = 0;       // last extended timestamp seen, for unwrapping
  bool playing_ = false;             // P is set
  std::int64_t position_ = 0;        // P: the next timestamp to fetch
  std::int64_t concealed_ = 0;       // timestamp units concealed since the last packet played
  std::uint16_t last_sequence_ = 0;  // of the packet played last
  bool has_played_ = false;
  std::int64_t last_stretch_us_ = 0;
  bool stretched_ = false;
};

}  // namespace sipline::rtp

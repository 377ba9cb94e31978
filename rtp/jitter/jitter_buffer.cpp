// Jitter buffer decisions: source and timestamp bookkeeping, late and lost packets, the delay
// control loop.
#include "rtp/jitter/jitter_buffer.hpp"

#include <algorithm>

#include "rtp/packet/sequence.hpp"

namespace sipline::rtp {
namespace {

constexpr std::int64_t kTimestampJumpSeconds = 10;  // further than this from P restarts playout
constexpr std::uint32_t kSwitchAfterPackets = 2;    // consecutive packets of a new SSRC
constexpr std::int64_t kQuietFrames = 3;            // or silence of the old one for this long

std::int64_t micros(TimePoint t) noexcept { return t.time_since_epoch().count(); }

std::int64_t ceil_div(std::int64_t a, std::int64_t b) noexcept {
  return a >= 0 ? (a + b - 1) / b : -((-a) / b);
}

}  // namespace

JitterBuffer::JitterBuffer(const JitterBufferConfig& config)
    : config_(config), store_(config.capacity, config.max_payload), target_(config.target) {
  target_.reset();
}

std::int64_t JitterBuffer::to_us(std::int64_t units) const noexcept {
  return units * 1'000'000 / static_cast<std::int64_t>(config_.clock_rate);
}

std::int64_t JitterBuffer::to_units(std::int64_t us) const noexcept {
  return us * static_cast<std::int64_t>(config_.clock_rate) / 1'000'000;
}

std::int64_t JitterBuffer::extend(std::uint32_t timestamp) const noexcept {
  const auto delta = static_cast<std::int32_t>(timestamp - static_cast<std::uint32_t>(reference_));
  return reference_ + delta;
}

void JitterBuffer::reset(std::uint32_t ssrc) noexcept {
  stats_.flushed += store_.size();
  store_.clear();
  history_.reset();
  ssrc_ = ssrc;
  candidate_count_ = 0;
  playing_ = false;
  has_played_ = false;
  concealed_ = 0;
  ++stats_.resets;
  // The delay target is kept: a new source usually takes the same path.
}

bool JitterBuffer::accept_source(const JitterPacket& packet, std::int64_t now_us) noexcept {
  if (!has_source_) {
    has_source_ = true;
    ssrc_ = packet.ssrc;
    reference_ = (std::int64_t{1} << 32) + packet.timestamp;  // room to unwrap backwards
    return true;
  }
  if (packet.ssrc == ssrc_) {
    candidate_count_ = 0;
    return true;
  }
  // Another source: a stray packet must not flush the call's audio, a real switch (re-INVITE,
  // a forked answer, a media server taking over) must not wait long.
  if (packet.ssrc == candidate_ssrc_) {
    ++candidate_count_;
  } else {
    candidate_ssrc_ = packet.ssrc;
    candidate_count_ = 1;
  }
  const bool quiet = now_us - last_arrival_us_ >= kQuietFrames * to_us(config_.frame_span);
  if (candidate_count_ < kSwitchAfterPackets && !quiet) {
    return false;
  }
  reset(packet.ssrc);
  reference_ = (std::int64_t{1} << 32) + packet.timestamp;
  return true;
}

InsertResult JitterBuffer::insert(const JitterPacket& packet, TimePoint now) noexcept {
  const std::int64_t now_us = micros(now);
  const std::uint64_t resets_before = stats_.resets;
  if (!accept_source(packet, now_us)) {
    ++stats_.foreign;
    return InsertResult::kForeign;
  }
  ++stats_.received;
  last_arrival_us_ = now_us;
  std::int64_t timestamp = extend(packet.timestamp);
  const std::int64_t jump = kTimestampJumpSeconds * config_.clock_rate;
  if (playing_ && (timestamp > position_ + jump || timestamp < position_ - jump)) {
    // The sender restarted its clock without a new SSRC: start over from this packet.
    reset(ssrc_);
    reference_ = (std::int64_t{1} << 32) + packet.timestamp;
    timestamp = extend(packet.timestamp);
  }
  reference_ = timestamp;
  // Late packets still teach the delay estimate: they are why the target must grow.
  const std::int64_t relative = history_.on_packet(to_us(timestamp), now_us);
  target_.on_delay(relative, now_us);
  stats_.target_delay_us = target_.target_us();
  stats_.max_target_delay_us = std::max(stats_.max_target_delay_us, stats_.target_delay_us);
  if (playing_ && timestamp < position_) {
    ++stats_.late;
    return InsertResult::kLate;
  }
  StoredPacket stored{timestamp,           packet.span,   packet.sequence,
                      packet.payload_type, packet.marker, {}};
  auto added = store_.add(stored, packet.payload);
  if (added == PacketStore::Added::kFull) {
    // Far more than any sane delay is queued: start again from this packet.
    reset(ssrc_);
    added = store_.add(stored, packet.payload);
  }
  switch (added) {
    case PacketStore::Added::kDuplicate:
      ++stats_.duplicates;
      return InsertResult::kDuplicate;
    case PacketStore::Added::kTooLarge:
      return InsertResult::kTooLarge;
    case PacketStore::Added::kStored:
    case PacketStore::Added::kFull:
      break;
  }
  return stats_.resets != resets_before ? InsertResult::kFlushed : InsertResult::kStored;
}

Decision JitterBuffer::conceal(std::int64_t wanted, bool missing) noexcept {
  concealed_ += wanted;
  return Decision{Operation::kExpand, std::nullopt, wanted, 0, missing};
}

Decision JitterBuffer::next_decision(TimePoint now, std::int64_t buffered) noexcept {
  const std::int64_t now_us = micros(now);
  const std::int64_t frame = config_.frame_span;
  if (buffered >= frame) {
    return {};
  }
  const std::int64_t wanted = frame - buffered;
  if (!playing_) {
    if (store_.empty()) {
      return Decision{Operation::kSilence, std::nullopt, wanted, 0};
    }
    // Start when the first packet has waited out the target (a prefetch of silence).
    position_ = store_.front().timestamp;
    const std::int64_t slack = now_us - to_us(position_) - history_.min_transit_us();
    const std::int64_t target = std::max(target_.target_us(), config_.initial_target_us);
    if (slack < target) {
      return Decision{Operation::kSilence, std::nullopt, wanted, 0};
    }
    playing_ = true;
    concealed_ = 0;
    return play(Operation::kNormal, now_us, buffered);
  }
  if (store_.empty()) {
    return conceal(wanted, false);
  }
  const StoredPacket& front = store_.front();
  if (front.timestamp > position_) {
    const std::int64_t gap = front.timestamp - position_;
    if (concealed_ < gap) {
      return conceal(std::min(wanted, gap - concealed_), true);
    }
    // The concealment has covered the missing packets: they are lost. Sequence numbers count
    // them (a timestamp gap may be silence the sender did not send, RFC 3551 §4.1).
    const int distance = has_played_ ? sequence_distance(front.sequence, last_sequence_) - 1 : 0;
    const auto missing = static_cast<std::uint32_t>(std::max(distance, 0));
    stats_.lost += missing;
    position_ = front.timestamp;
    Decision decision = play(Operation::kMerge, now_us, buffered);
    decision.skipped = missing;
    return decision;
  }
  return play(concealed_ > 0 ? Operation::kMerge : Operation::kNormal, now_us, buffered);
}

Decision JitterBuffer::play(Operation operation, std::int64_t now_us,
                            std::int64_t buffered) noexcept {
  const std::int64_t frame_us = to_us(config_.frame_span);
  const std::int64_t held_us = to_us(buffered);
  const std::int64_t target = target_.target_us();
  // The packet at P is needed now: how long after the fastest possible arrival.
  std::int64_t slack = now_us - to_us(position_) - history_.min_transit_us();
  // Far too much queued (a delay step that ended, a burst): drop whole packets.
  while (slack - target > config_.flush_above_us && store_.size() > 1) {
    position_ = store_.at(1).timestamp;
    store_.pop_front();
    ++stats_.flushed;
    slack = now_us - to_us(position_) - history_.min_transit_us();
  }
  // Slack moves in whole frames; the audio held adds to the delay without adding slack.
  std::int64_t frames = 0;  // frames of slack to gain (> 0) or give up (< 0)
  if (slack < target) {
    frames = ceil_div(target - slack, frame_us);
  } else if (slack - frame_us >= target + config_.step_down_above_us) {
    frames = -((slack - target - config_.step_down_above_us) / frame_us);
  }
  const std::int64_t excess_us = held_us - frames * frame_us - config_.margin_us;
  stats_.current_delay_us = slack + held_us;
  Decision decision{operation, store_.front(), 0, 0};
  const bool may_stretch = !stretched_ || now_us - last_stretch_us_ >= config_.stretch_interval_us;
  if (may_stretch) {
    if (excess_us > config_.accelerate_above_us) {
      decision.operation = Operation::kAccelerate;
      decision.amount = to_units(excess_us);
    } else if (excess_us < 0) {
      decision.operation = Operation::kPreemptiveExpand;
      decision.amount = to_units(-excess_us);
    }
    if (decision.operation != operation) {
      stretched_ = true;
      last_stretch_us_ = now_us;
    }
  }
  position_ = decision.packet->timestamp + decision.packet->span;
  last_sequence_ = decision.packet->sequence;
  has_played_ = true;
  concealed_ = 0;
  store_.pop_front();  // the payload stays in its slot until a later insert reuses it
  return decision;
}

}  // namespace sipline::rtp

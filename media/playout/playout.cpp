// The playout loop.
#include "media/playout/playout.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "media/playout/pitch.hpp"

namespace sipline::media {
namespace {
constexpr std::uint32_t kHistoryMs = 40;    // enough for two 15 ms pitch periods
constexpr std::uint32_t kUnplayedMs = 480;  // a 120 ms packet, stretching, and a frame
}  // namespace

Playout::Playout(rtp::JitterBuffer& buffer, AudioDecoder& decoder, const PlayoutConfig& config)
    : buffer_(buffer),
      decoder_(decoder),
      config_(config),
      concealment_(decoder.sample_rate()),
      samples_per_unit_(std::max<std::uint32_t>(1, decoder.samples_per_timestamp())),
      samples_(static_cast<std::size_t>(decoder.sample_rate()) * (kHistoryMs + kUnplayedMs) / 1000 +
               config.frame_samples),
      decoded_(static_cast<std::size_t>(decoder.sample_rate()) * 120 / 1000) {}

std::span<const std::int16_t> Playout::history() const noexcept {
  return std::span<const std::int16_t>(samples_).first(size_);
}

void Playout::conceal(std::size_t samples, bool missing) {
  if (!codec_concealing_ && !concealment_.active()) {
    // The decoder's own concealment stands in for a lost packet: the decoder then knows a frame
    // is gone. A late one it must never hear of (the packet will still be decoded, and its
    // state would have a made-up frame in between): the playout's own repetition of the last
    // pitch periods covers the wait, as it does for codecs without concealment.
    codec_run_ = missing && decoder_.has_concealment();
    // A new run: the period it will continue, if the audio before it has a clear one.
    run_pitch_ = recent_pitch(history(), decoder_.sample_rate());
    run_period_ = run_pitch_.correlation >= config_.stretch.min_correlation ? run_pitch_.lag : 0;
    run_samples_ = 0;
    ++stats_.expands;
  }
  if (codec_run_) {
    // Whole steps: a codec pads the rest of a step with silence, a gap in the middle of a tone.
    const std::size_t step = std::max<std::size_t>(1, decoder_.concealment_step());
    samples = (samples + step - 1) / step * step;
  }
  samples = std::min(samples, samples_.size() - size_);
  const std::span<std::int16_t> out = std::span(samples_).subspan(size_, samples);
  if (codec_run_) {
    codec_concealing_ = true;
    decoder_.conceal(out);
  } else {
    if (!concealment_.active()) {
      concealment_.start(history(), run_pitch_);
    }
    concealment_.generate(out);
  }
  size_ += samples;
  run_samples_ += samples;
  stats_.concealed_samples += samples;
}

std::size_t Playout::merge_offset() const noexcept {
  // The concealment went on run_samples_ past the last sample played and ends part-way into a
  // period; the packet starts right after that last sample. Its audio from the same point in
  // the period on joins without a phase jump (NetEq's merge aligns the same way): on a steady
  // tone a jump of half a period would cancel the tone around it.
  return run_period_ == 0 ? 0 : run_samples_ % run_period_;
}

void Playout::comfort_noise(std::size_t samples) {
  samples = std::min(samples, samples_.size() - size_);
  // Uniform noise with the asked RMS (its peak is √3 times the RMS); white: the spectral
  // coefficients a CN packet may carry are not used.
  const double peak = comfort_noise_rms_ * 1.7320508;
  for (std::size_t i = 0; i < samples; ++i) {
    noise_state_ = noise_state_ * 1664525U + 1013904223U;
    const double unit = static_cast<double>(noise_state_ >> 8) / 8388608.0 - 1.0;
    samples_[size_ + i] = static_cast<std::int16_t>(std::clamp(unit * peak, -32768.0, 32767.0));
  }
  size_ += samples;
  stats_.comfort_noise_samples += samples;
}

void Playout::decode(const rtp::Decision& decision) {
  const rtp::StoredPacket& packet = *decision.packet;
  if (static_cast<int>(packet.payload_type) == config_.comfort_noise_payload_type) {
    // RFC 3389 §3: the first octet is the noise level in −dBov (127: silence).
    const int level = packet.payload.empty() ? 127 : std::to_integer<int>(packet.payload[0]) & 0x7F;
    comfort_noise_rms_ = level >= 127 ? 0.0 : 32767.0 * std::pow(10.0, -level / 20.0);
    in_comfort_noise_ = true;
    concealment_.stop();
    if (played_hook_) {
      played_hook_(packet, size_ - played_);
    }
    comfort_noise(static_cast<std::size_t>(packet.span) * samples_per_unit_);
    return;
  }
  in_comfort_noise_ = false;
  const auto decoded = decoder_.decode(packet.payload, decoded_);
  if (!decoded) {
    ++stats_.decode_errors;
    conceal(static_cast<std::size_t>(packet.span) * samples_per_unit_, true);
    return;
  }
  std::size_t n = std::min(*decoded, samples_.size() - size_);
  std::span<std::int16_t> audio = std::span(decoded_).first(n);
  if (concealment_.active() || codec_concealing_) {
    const std::size_t skip = merge_offset();
    if (skip < n) {
      audio = audio.subspan(skip);
      n -= skip;
      stats_.aligned_samples += skip;
    }
  }
  if (concealment_.active()) {
    concealment_.merge_into(audio);
    ++stats_.merges;
  } else if (codec_concealing_) {
    ++stats_.merges;  // the codec's decoder blends its concealment into the packet itself
  }
  codec_concealing_ = false;
  std::copy(audio.begin(), audio.end(), samples_.begin() + static_cast<std::ptrdiff_t>(size_));
  const std::size_t offset = size_ - played_;
  size_ += n;
  std::ptrdiff_t change = 0;
  const auto wanted =
      static_cast<std::size_t>(std::max<std::int64_t>(0, decision.amount)) * samples_per_unit_;
  // Stretches work inside this packet's audio only: where earlier packets' audio begins, as the
  // hook reported it, stays true, and this packet's audio still begins at `offset`.
  const std::span<std::int16_t> packet_audio = std::span(samples_).subspan(played_ + offset);
  if (decision.operation == rtp::Operation::kAccelerate) {
    change = accelerate(packet_audio.first(n), wanted, decoder_.sample_rate(), config_.stretch);
    if (change != 0) {
      ++stats_.accelerates;
      stats_.removed_samples += static_cast<std::uint64_t>(-change);
    }
  } else if (decision.operation == rtp::Operation::kPreemptiveExpand) {
    change = preemptive_expand(packet_audio, n, wanted, decoder_.sample_rate(), config_.stretch);
    if (change != 0) {
      ++stats_.preemptive_expands;
      stats_.inserted_samples += static_cast<std::uint64_t>(change);
    }
  }
  size_ = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(size_) + change);
  if (played_hook_) {
    played_hook_(packet, offset);
  }
}

void Playout::consume(std::span<std::int16_t> out) {
  std::copy_n(samples_.begin() + static_cast<std::ptrdiff_t>(played_), out.size(), out.begin());
  played_ += out.size();
  stats_.played_samples += out.size();
  concealment_.observe(out);
  ++stats_.frames;
  // Keep kHistoryMs of played audio for concealment; move the rest to the front.
  const std::size_t keep = static_cast<std::size_t>(decoder_.sample_rate()) * kHistoryMs / 1000;
  if (played_ > keep) {
    const std::size_t drop = played_ - keep;
    std::memmove(samples_.data(), samples_.data() + drop, (size_ - drop) * sizeof(std::int16_t));
    size_ -= drop;
    played_ -= drop;
  }
}

void Playout::pull(TimePoint now, std::span<std::int16_t> out) {
  const std::size_t frame = out.size();
  // Each decision adds audio; a handful always covers one frame. The bound guards the loop.
  for (int round = 0; round < 16 && size_ - played_ < frame; ++round) {
    const std::size_t held = size_ - played_;
    const rtp::Decision decision =
        buffer_.next_decision(now, static_cast<std::int64_t>(held / samples_per_unit_));
    const auto amount =
        static_cast<std::size_t>(std::max<std::int64_t>(0, decision.amount)) * samples_per_unit_;
    switch (decision.operation) {
      case rtp::Operation::kNone:
        round = 16;
        break;
      case rtp::Operation::kSilence: {
        const std::size_t n = std::min(amount, samples_.size() - size_);
        std::fill_n(samples_.begin() + static_cast<std::ptrdiff_t>(size_), n, std::int16_t{0});
        size_ += n;
        stats_.silence_samples += n;
        concealment_.stop();
        codec_concealing_ = false;
        break;
      }
      case rtp::Operation::kExpand:
        if (in_comfort_noise_) {
          comfort_noise(amount);  // the sender is silent on purpose
        } else {
          conceal(amount, decision.missing);
        }
        break;
      case rtp::Operation::kNormal:
      case rtp::Operation::kAccelerate:
      case rtp::Operation::kPreemptiveExpand:
      case rtp::Operation::kMerge:
        decode(decision);
        break;
    }
  }
  if (size_ - played_ < frame) {
    conceal(frame - (size_ - played_), false);
  }
  consume(out);
}

}  // namespace sipline::media

// Capture → resample → encode → RTP → SRTP.
#include "media/pipeline/send_stream.hpp"

#include <algorithm>
#include <array>

namespace sipline::media {
namespace {
constexpr std::size_t kMaxPayload = 1200;  // below any path MTU with IP/UDP/RTP/SRTP headers
constexpr std::size_t kMaxPacket = 1500;

Duration samples_to_duration(std::size_t samples, std::uint32_t rate) {
  return Duration{static_cast<std::int64_t>(samples * 1'000'000 / rate)};
}
}  // namespace

Result<std::unique_ptr<SendStream>> SendStream::create(std::unique_ptr<AudioEncoder> encoder,
                                                       std::uint32_t input_rate,
                                                       const SendStreamConfig& config) {
  if (encoder == nullptr || input_rate == 0) {
    return fail(Errc::kInvalidArgument, "send stream needs an encoder and an input rate", 0);
  }
  if (config.ptime_ms < 10 || config.ptime_ms > 120 || config.ptime_ms % 10 != 0) {
    return fail(Errc::kInvalidArgument, "ptime must be 10 … 120 ms in steps of 10",
                config.ptime_ms);
  }
  std::unique_ptr<Resampler> resampler;
  if (input_rate != encoder->sample_rate()) {
    auto made = Resampler::create(input_rate, encoder->sample_rate(), Resampler::kVoipQuality,
                                  config.resamplers);
    if (!made) {
      return std::unexpected(made.error());
    }
    resampler = std::move(*made);
  }
  return std::unique_ptr<SendStream>(
      new SendStream(std::move(encoder), std::move(resampler), input_rate, config));
}

SendStream::SendStream(std::unique_ptr<AudioEncoder> encoder, std::unique_ptr<Resampler> resampler,
                       std::uint32_t input_rate, const SendStreamConfig& config)
    : encoder_(std::move(encoder)),
      resampler_(std::move(resampler)),
      input_rate_(input_rate),
      config_(config),
      clock_rate_(encoder_->sample_rate() / encoder_->samples_per_timestamp()),
      packet_samples_(encoder_->sample_rate() * config.ptime_ms / 1000),
      packet_units_(
          static_cast<std::uint32_t>(packet_samples_ / encoder_->samples_per_timestamp())),
      resampled_(encoder_->sample_rate() / 10 + 64),  // 100 ms per send() call at most
      pending_(packet_samples_),
      payload_(kMaxPayload),
      packet_(kMaxPacket),
      sequence_(config.first_sequence),
      timestamp_(config.first_timestamp),
      toned_(std::max<std::size_t>(input_rate / 20, 1)),
      stats_(clock_rate_) {}

void SendStream::send(std::span<const std::int16_t> audio, TimePoint now) noexcept {
  // In slices short enough for the resampling buffer.
  const std::size_t slice = std::max<std::size_t>(input_rate_ / 20, 1);
  for (std::size_t at = 0; at < audio.size(); at += slice) {
    auto in = audio.subspan(at, std::min(slice, audio.size() - at));
    if (tone_left_ > 0) {  // in-band DTMF: the tone, then the microphone again
      const std::size_t toned = std::min(in.size(), tone_left_);
      std::ranges::copy(in, toned_.begin());
      tone_->generate(std::span(toned_).first(toned));
      tone_left_ -= toned;
      in = std::span<const std::int16_t>(toned_).first(in.size());
    }
    std::span<const std::int16_t> codec_rate = in;
    if (resampler_ != nullptr) {
      const auto done = resampler_->process(in, resampled_);
      codec_rate = std::span<const std::int16_t>(resampled_).first(done.produced);
    }
    while (!codec_rate.empty()) {
      const std::size_t n = std::min(codec_rate.size(), packet_samples_ - pending_size_);
      std::copy_n(codec_rate.begin(), n,
                  pending_.begin() + static_cast<std::ptrdiff_t>(pending_size_));
      pending_size_ += n;
      codec_rate = codec_rate.subspan(n);
      if (pending_size_ == packet_samples_) {
        send_packet(now);
        pending_size_ = 0;
      }
    }
  }
}

void SendStream::send_packet(TimePoint now) noexcept {
  if (!events_.empty()) {  // RFC 4733 §2.5.1: the event replaces the audio
    const rtp::TelephoneEventPacket event = events_.front();
    events_.pop_front();
    std::array<std::byte, rtp::kTelephoneEventBytes> body{};
    rtp::write_telephone_event(event.event, body);
    emit({event.marker, static_cast<std::uint8_t>(config_.telephone_event_payload_type), sequence_,
          event.timestamp, config_.ssrc},
         body, now);
    talkspurt_ = true;
    timestamp_ += packet_units_;
    return;
  }
  const auto encoded = encoder_->encode(pending_, payload_);
  if (!encoded) {
    ++encode_errors_;
  } else if (*encoded == 0) {
    talkspurt_ = true;  // discontinuous transmission: nothing this time, a marker next time
  } else {
    emit({talkspurt_, config_.payload_type, sequence_, timestamp_, config_.ssrc},
         Bytes(payload_).first(*encoded), now);
    talkspurt_ = false;
  }
  timestamp_ += packet_units_;
}

void SendStream::emit(const rtp::RtpHeaderFields& header, Bytes payload, TimePoint now) noexcept {
  auto size = rtp::write_rtp(header, payload, packet_);
  if (!size) {
    ++encode_errors_;
    return;
  }
  ++sequence_;
  ++packets_;
  stats_.on_sent(header.timestamp, payload.size(), now);
  if (sink_) {
    sink_(Bytes(packet_).first(*size), now);
  }
}

Result<void> SendStream::send_dtmf(std::uint8_t event, std::uint32_t duration_ms) {
  if (config_.telephone_event_payload_type < 0) {
    return fail(Errc::kBadState, "no telephone-event payload type was negotiated", 0);
  }
  if (event > 15) {
    return fail(Errc::kInvalidArgument, "DTMF events are 0 … 15", event);
  }
  // The event starts where the next packet would: after those already queued.
  const auto start = timestamp_ + static_cast<std::uint32_t>(events_.size()) * packet_units_;
  for (const auto& packet :
       rtp::telephone_event_packets(event, duration_ms, start, clock_rate_, config_.ptime_ms)) {
    events_.push_back(packet);
  }
  return {};
}

Result<void> SendStream::send_tone(char key, std::uint32_t duration_ms) {
  if (!dtmf_frequencies(key)) {
    return fail(Errc::kInvalidArgument, "not a DTMF key (0-9 * # A-D)", 0);
  }
  tone_.emplace(input_rate_, key);
  tone_left_ = static_cast<std::size_t>(input_rate_) * duration_ms / 1000;
  return {};
}

SendLatency SendStream::latency() const noexcept {
  const std::uint32_t codec_rate = encoder_->sample_rate();
  return {
      resampler_ != nullptr ? samples_to_duration(resampler_->latency(), input_rate_) : Duration{0},
      samples_to_duration(encoder_->algorithmic_delay(), codec_rate),
      Duration{static_cast<std::int64_t>(config_.ptime_ms) * 1000}};
}

}  // namespace sipline::media

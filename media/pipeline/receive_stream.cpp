// SRTP → RTP → jitter buffer → playout → resample.
#include "media/pipeline/receive_stream.hpp"

#include <algorithm>

namespace sipline::media {

Result<std::unique_ptr<ReceiveStream>> ReceiveStream::create(std::unique_ptr<AudioDecoder> decoder,
                                                             std::uint32_t output_rate,
                                                             const ReceiveStreamConfig& config) {
  if (decoder == nullptr || output_rate == 0 || output_rate % 1000 != 0) {
    return fail(Errc::kInvalidArgument, "receive stream needs a decoder and a kHz output rate", 0);
  }
  if (config.pull_ms == 0 || config.pull_ms > 20 || config.ptime_ms == 0 || config.ptime_ms > 120) {
    return fail(Errc::kInvalidArgument, "pull of 1 … 20 ms and ptime of 1 … 120 ms", 0);
  }
  std::unique_ptr<Resampler> resampler;
  if (output_rate != decoder->sample_rate()) {
    auto made = Resampler::create(decoder->sample_rate(), output_rate, Resampler::kVoipQuality,
                                  config.resamplers);
    if (!made) {
      return std::unexpected(made.error());
    }
    resampler = std::move(*made);
  }
  return std::unique_ptr<ReceiveStream>(
      new ReceiveStream(std::move(decoder), std::move(resampler), output_rate, config));
}

namespace {
rtp::JitterBufferConfig jitter_config(const AudioDecoder& decoder, std::uint32_t pull_ms) {
  rtp::JitterBufferConfig config;
  config.clock_rate = decoder.sample_rate() / decoder.samples_per_timestamp();
  config.frame_span = config.clock_rate * pull_ms / 1000;
  return config;
}
PlayoutConfig playout_config(const AudioDecoder& decoder, const ReceiveStreamConfig& config) {
  PlayoutConfig playout;
  playout.frame_samples = decoder.sample_rate() * config.pull_ms / 1000;
  playout.comfort_noise_payload_type = config.comfort_noise_payload_type;
  return playout;
}
}  // namespace

ReceiveStream::ReceiveStream(std::unique_ptr<AudioDecoder> decoder,
                             std::unique_ptr<Resampler> resampler, std::uint32_t output_rate,
                             const ReceiveStreamConfig& config)
    : decoder_(std::move(decoder)),
      resampler_(std::move(resampler)),
      config_(config),
      clock_rate_(decoder_->sample_rate() / decoder_->samples_per_timestamp()),
      codec_frame_(decoder_->sample_rate() * config.pull_ms / 1000),
      output_frame_(output_rate * config.pull_ms / 1000),
      buffer_(jitter_config(*decoder_, config.pull_ms)),
      playout_(buffer_, *decoder_, playout_config(*decoder_, config)),
      stats_(clock_rate_),
      decoded_(codec_frame_) {
  playout_.on_played([this](const rtp::StoredPacket& packet, std::size_t offset) {
    on_packet_played(packet, offset);
  });
}

void ReceiveStream::on_packet_played(const rtp::StoredPacket& packet, std::size_t offset) noexcept {
  // A stretch that came with this packet was made at the play position: packets that have not
  // started move with it; in the one playing, the samples not yet played do.
  const PlayoutStatistics& stats = playout_.statistics();
  const auto net = static_cast<std::int64_t>(stats.inserted_samples) -
                   static_cast<std::int64_t>(stats.removed_samples);
  const std::int64_t change = net - stretch_total_;
  stretch_total_ = net;
  if (change != 0) {
    for (std::size_t i = 0; i < segment_count_; ++i) {
      Segment& segment = segments_[i];
      if (segment.start >= position_) {
        segment.start += change;
      } else if (i + 1 == segment_count_ || segments_[i + 1].start > position_) {
        segment.stretched += change;
      }
    }
  }
  if (segment_count_ == segments_.size()) {  // the oldest has long been played
    std::move(segments_.begin() + 1, segments_.end(), segments_.begin());
    --segment_count_;
  }
  const std::uint32_t rate = decoder_->sample_rate();
  const auto at = pulling_at_ + Duration{static_cast<std::int64_t>(offset * 1'000'000 / rate)};
  const auto& arrival = arrivals_[packet.sequence % arrivals_.size()];
  const Duration delay = arrival.timestamp == static_cast<std::uint32_t>(packet.timestamp)
                             ? at - arrival.at
                             : Duration{0};
  segments_[segment_count_++] = {packet.sequence, position_ + static_cast<std::int64_t>(offset),
                                 delay, 0};
}

void ReceiveStream::remember_arrival(std::uint16_t sequence, std::uint32_t timestamp,
                                     TimePoint now) noexcept {
  // By sequence number: timestamps step by the packet size, which may share factors with the
  // table's size (960 % 64 == 0) and then collide on every packet.
  arrivals_[sequence % arrivals_.size()] = {timestamp, now};
}

void ReceiveStream::receive(MutableBytes datagram, TimePoint now) noexcept {
  ++counters_.datagrams;
  if (!rtp::parse_rtp_into(Bytes(datagram), packet_)) {
    ++counters_.malformed;
    return;
  }
  const bool audio = packet_.payload_type == config_.payload_type;
  const bool event = packet_.payload_type == config_.telephone_event_payload_type;
  const bool noise = packet_.payload_type == config_.comfort_noise_payload_type;
  if (!audio && !event && !noise) {
    ++counters_.unknown_payload;
    return;
  }
  stats_.on_packet(packet_.sequence, packet_.timestamp, now);
  remote_ssrc_ = packet_.ssrc;
  if (event) {
    const auto parsed = rtp::parse_telephone_event(packet_.payload);
    if (!parsed) {
      ++counters_.malformed;
      return;
    }
    ++counters_.telephone_events;
    if (const auto report = events_.on_packet(packet_.timestamp, *parsed); report && dtmf_sink_) {
      dtmf_sink_(*report);
    }
    return;
  }
  std::size_t samples = audio ? decoder_->samples_in(packet_.payload) : 0;
  if (samples == 0) {
    samples = decoder_->sample_rate() * config_.ptime_ms / 1000;
  }
  const rtp::JitterPacket jitter{
      packet_.ssrc,         packet_.sequence,
      packet_.timestamp,    static_cast<std::uint32_t>(samples / decoder_->samples_per_timestamp()),
      packet_.payload_type, packet_.marker,
      packet_.payload};
  const auto inserted = buffer_.insert(jitter, now);
  if (inserted == rtp::InsertResult::kStored || inserted == rtp::InsertResult::kFlushed) {
    remember_arrival(packet_.sequence, packet_.timestamp, now);
  }
}

void ReceiveStream::play(TimePoint now, std::span<std::int16_t> out) noexcept {
  pulling_at_ = now;
  if (resampler_ == nullptr) {
    const auto frame = out.first(std::min(out.size(), codec_frame_));
    playout_.pull(now, frame);
    position_ += static_cast<std::int64_t>(codec_frame_);
    listen_for_tones(frame);
    return;
  }
  playout_.pull(now, decoded_);
  position_ += static_cast<std::int64_t>(codec_frame_);
  listen_for_tones(decoded_);
  const auto done = resampler_->process(decoded_, out);
  // Kilohertz rates in a whole number of milliseconds: the resampler gives exactly a frame.
  std::fill(out.begin() + static_cast<std::ptrdiff_t>(done.produced), out.end(), std::int16_t{0});
}

void ReceiveStream::listen_for_tones(std::span<const std::int16_t> decoded) noexcept {
  if (!tone_detector_ || counters_.telephone_events > 0) {
    return;
  }
  if (const auto key = tone_detector_->feed(decoded)) {
    tone_sink_(*key);
  }
}

ReceiveLatency ReceiveStream::latency() const noexcept {
  ReceiveLatency latency;
  // The packet holding the last sample played.
  for (std::size_t i = segment_count_; i-- > 0;) {
    const Segment& segment = segments_[i];
    if (segment.start < position_) {
      latency.sequence = segment.sequence;
      latency.jitter_buffer =
          segment.delay_at_start + Duration{segment.stretched * 1'000'000 /
                                            static_cast<std::int64_t>(decoder_->sample_rate())};
      latency.playing = true;
      break;
    }
  }
  if (resampler_ != nullptr) {
    latency.resampler = Duration{
        static_cast<std::int64_t>(resampler_->latency() * 1'000'000 / decoder_->sample_rate())};
  }
  return latency;
}

}  // namespace sipline::media

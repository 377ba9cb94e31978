// The receiving half of a call's audio: RTP (or SRTP) datagrams in, speaker audio at the device
// rate out. Unprotects, parses, keeps RFC 3550 statistics, hands RFC 4733 events to their
// receiver and audio to the jitter buffer; each play() pulls one short frame through the playout
// (decode, conceal, stretch) and resamples it to the device rate. Sans-I/O and allocation-free
// after construction; hostile datagrams are counted and dropped.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "base/bytes.hpp"
#include "base/clock.hpp"
#include "base/result.hpp"
#include "media/codec/audio_decoder.hpp"
#include "media/dsp/resampler.hpp"
#include "media/dtmf/dtmf_tones.hpp"
#include "media/playout/playout.hpp"
#include "rtp/jitter/jitter_buffer.hpp"
#include "rtp/packet/rtp_packet.hpp"
#include "rtp/packet/telephone_event.hpp"
#include "rtp/rtcp/rtcp_session.hpp"
#include "rtp/stats/receive_statistics.hpp"

namespace sipline::media {

struct ReceiveStreamConfig {
  std::uint8_t payload_type = 0;
  std::int16_t telephone_event_payload_type = -1;  // RFC 4733 (-1: none negotiated)
  std::int16_t comfort_noise_payload_type = -1;    // RFC 3389 (-1: none negotiated)
  std::uint32_t ptime_ms = 20;          // assumed for payloads whose length the codec cannot tell
  std::uint32_t pull_ms = 5;            // one play() call; 5 ms is the jitter buffer's design point
  ResamplerPool* resamplers = nullptr;  // where the resampler comes from and goes back to
};

struct ReceiveCounters {
  std::uint64_t datagrams = 0;
  std::uint64_t malformed = 0;        // not RTP
  std::uint64_t unknown_payload = 0;  // a payload type not negotiated
  std::uint64_t telephone_events = 0;
};

// Where a received sample's delay comes from, after the network: for the last sample play()
// gave out, the packet it came from, and how long after that packet's arrival it was played
// beyond its place in the packet — the time in the jitter buffer, grown or shrunk by every
// time-stretch applied to the audio before it was played.
struct ReceiveLatency {
  Duration jitter_buffer{0};
  Duration resampler{0};       // the codec-to-device resampler's filter
  std::uint16_t sequence = 0;  // the packet
  bool playing = false;        // false before the first packet is played
};

class ReceiveStream {
 public:
  using DtmfSink = std::function<void(const rtp::TelephoneEventReceiver::Report&)>;

  [[nodiscard]] static Result<std::unique_ptr<ReceiveStream>> create(
      std::unique_ptr<AudioDecoder> decoder, std::uint32_t output_rate,
      const ReceiveStreamConfig& config);

  using ToneSink = std::function<void(char key)>;

  void on_dtmf(DtmfSink sink) { dtmf_sink_ = std::move(sink); }
  // In-band DTMF: keys heard as tones in the decoded audio (ITU-T Q.24 limits), once each; none
  // once the peer sends RFC 4733 events (they replace its tones, RFC 4733 §2.5.1).
  void on_tone(ToneSink sink) {
    tone_sink_ = std::move(sink);
    tone_detector_.emplace(decoder_->sample_rate());
  }
  // One RTP datagram, in the clear (SRTP is the socket's side's: app/core/call_srtp).
  void receive(MutableBytes datagram, TimePoint now) noexcept;
  // The speaker audio due at `now`: exactly frame_samples() at output_rate.
  void play(TimePoint now, std::span<std::int16_t> out) noexcept;

  [[nodiscard]] std::size_t frame_samples() const noexcept { return output_frame_; }
  // The decoder's rate: the playout statistics count samples at it.
  [[nodiscard]] std::uint32_t codec_sample_rate() const noexcept { return decoder_->sample_rate(); }
  [[nodiscard]] ReceiveLatency latency() const noexcept;
  [[nodiscard]] const ReceiveCounters& counters() const noexcept { return counters_; }
  [[nodiscard]] const rtp::ReceiveStatistics& statistics() const noexcept { return stats_; }
  // The peer's source for an RTCP report block (its statistics start a new interval each
  // report); no statistics before the source is valid (RFC 3550 A.1).
  [[nodiscard]] rtp::ReceivedSource rtcp_source() noexcept {
    return {stats_.valid() ? &stats_ : nullptr, remote_ssrc_};
  }
  [[nodiscard]] const rtp::JitterStatistics& jitter_statistics() const noexcept {
    return buffer_.statistics();
  }
  [[nodiscard]] const PlayoutStatistics& playout_statistics() const noexcept {
    return playout_.statistics();
  }

 private:
  ReceiveStream(std::unique_ptr<AudioDecoder> decoder, std::unique_ptr<Resampler> resampler,
                std::uint32_t output_rate, const ReceiveStreamConfig& config);
  void remember_arrival(std::uint16_t sequence, std::uint32_t timestamp, TimePoint now) noexcept;
  void on_packet_played(const rtp::StoredPacket& packet, std::size_t offset) noexcept;
  void listen_for_tones(std::span<const std::int16_t> decoded) noexcept;  // at the codec rate

  std::unique_ptr<AudioDecoder> decoder_;
  std::unique_ptr<Resampler> resampler_;  // null when the rates match
  ReceiveStreamConfig config_;
  std::uint32_t clock_rate_;
  std::size_t codec_frame_;   // samples per pull at the codec rate
  std::size_t output_frame_;  // samples per pull at the output rate
  rtp::JitterBuffer buffer_;
  Playout playout_;
  rtp::ReceiveStatistics stats_;
  std::uint32_t remote_ssrc_ = 0;  // of the newest packet the statistics counted
  rtp::TelephoneEventReceiver events_;
  rtp::RtpPacket packet_;
  std::vector<std::int16_t> decoded_;
  DtmfSink dtmf_sink_;
  ToneSink tone_sink_;
  std::optional<DtmfDetector> tone_detector_;  // with a tone sink
  ReceiveCounters counters_;
  // Arrival times of recent packets, to measure each one's stay in the buffer.
  struct Arrival {
    std::int64_t timestamp = -1;
    TimePoint at{};
  };
  std::array<Arrival, 64> arrivals_{};
  // The packets whose audio is queued or playing, oldest first: where each starts in the
  // stream of samples played (codec rate), its delay at that point, and the time-stretch applied
  // inside it since then (stretches happen at the play position and move everything after it).
  struct Segment {
    std::uint16_t sequence = 0;
    std::int64_t start = 0;
    Duration delay_at_start{0};
    std::int64_t stretched = 0;  // samples
  };
  std::array<Segment, 16> segments_{};
  std::size_t segment_count_ = 0;
  std::int64_t position_ = 0;       // samples played before the pull in progress
  std::int64_t stretch_total_ = 0;  // inserted − removed, as of the last packet played
  TimePoint pulling_at_{};
};

}  // namespace sipline::media

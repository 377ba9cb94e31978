// The sending half of a call's audio: microphone frames at the device rate in, RTP (or SRTP)
// packets out. Resamples to the codec's rate, gathers one ptime, encodes, packetizes (RFC 3550
// §5.1: sequence + 1 per packet, timestamp + samples per ptime whether sent or not, the marker on
// the first packet of a talkspurt, RFC 3551 §4.1), and sends RFC 4733 key presses in place of
// audio while they last. Sans-I/O: packets go to a sink the caller supplies; allocation-free
// after construction except when a key press is queued.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "base/bytes.hpp"
#include "base/clock.hpp"
#include "base/result.hpp"
#include "media/codec/audio_encoder.hpp"
#include "media/dsp/resampler.hpp"
#include "media/dtmf/dtmf_tones.hpp"
#include "rtp/packet/rtp_packet.hpp"
#include "rtp/packet/telephone_event.hpp"
#include "rtp/stats/send_statistics.hpp"

namespace sipline::media {

struct SendStreamConfig {
  std::uint8_t payload_type = 0;
  std::uint32_t ptime_ms = 20;
  std::uint32_t ssrc = 0;
  std::uint16_t first_sequence = 0;                // random per RFC 3550 §5.1: the caller draws it
  std::uint32_t first_timestamp = 0;               // likewise
  std::int16_t telephone_event_payload_type = -1;  // RFC 4733 (-1: none negotiated)
  ResamplerPool* resamplers = nullptr;  // where the resampler comes from and goes back to
};

// Where a sent sample's delay comes from, before the network.
struct SendLatency {
  Duration resampler{0};      // the device-to-codec resampler's filter
  Duration codec{0};          // encoder + decoder look-ahead
  Duration packetization{0};  // the first sample of a packet waits one ptime
  [[nodiscard]] Duration total() const noexcept { return resampler + codec + packetization; }
};

class SendStream {
 public:
  using PacketSink = std::function<void(Bytes packet, TimePoint now)>;

  // `input_rate`: the rate send() gets audio at. Packets leave in the clear: SRTP is the
  // socket's side's (app/core/call_srtp), with SRTCP and new keys mid-call.
  [[nodiscard]] static Result<std::unique_ptr<SendStream>> create(
      std::unique_ptr<AudioEncoder> encoder, std::uint32_t input_rate,
      const SendStreamConfig& config);

  void on_packet(PacketSink sink) { sink_ = std::move(sink); }
  // Microphone audio at input_rate, any length; sends a packet each time a ptime is full.
  void send(std::span<const std::int16_t> audio, TimePoint now) noexcept;
  // Queues an RFC 4733 key press (event 0–15) of `duration_ms`; fails when no telephone-event
  // payload type was negotiated.
  [[nodiscard]] Result<void> send_dtmf(std::uint8_t event, std::uint32_t duration_ms);

  // In-band DTMF (ITU-T Q.23): `key`'s two tones replace the microphone's audio for
  // `duration_ms`, from the next send() on. Fails for what is not a key (0-9 * # A-D).
  [[nodiscard]] Result<void> send_tone(char key, std::uint32_t duration_ms);

  [[nodiscard]] SendLatency latency() const noexcept;
  [[nodiscard]] const rtp::SendStatistics& statistics() const noexcept { return stats_; }
  [[nodiscard]] std::uint64_t packets_sent() const noexcept { return packets_; }
  [[nodiscard]] std::uint64_t encode_errors() const noexcept { return encode_errors_; }
  [[nodiscard]] std::uint32_t rtp_clock_rate() const noexcept { return clock_rate_; }

 private:
  SendStream(std::unique_ptr<AudioEncoder> encoder, std::unique_ptr<Resampler> resampler,
             std::uint32_t input_rate, const SendStreamConfig& config);
  void send_packet(TimePoint now) noexcept;
  void emit(const rtp::RtpHeaderFields& header, Bytes payload, TimePoint now) noexcept;

  std::unique_ptr<AudioEncoder> encoder_;
  std::unique_ptr<Resampler> resampler_;  // null when the rates match
  std::uint32_t input_rate_;
  SendStreamConfig config_;
  std::uint32_t clock_rate_;    // RTP timestamp units per second
  std::size_t packet_samples_;  // codec-rate samples per ptime
  std::uint32_t packet_units_;  // the same in RTP timestamp units
  std::vector<std::int16_t> resampled_;
  std::vector<std::int16_t> pending_;  // codec-rate samples gathered toward the next packet
  std::size_t pending_size_ = 0;
  std::vector<std::byte> payload_;
  std::vector<std::byte> packet_;
  std::uint16_t sequence_;
  std::uint32_t timestamp_;
  bool talkspurt_ = true;  // the next audio packet starts one (marker)
  std::deque<rtp::TelephoneEventPacket> events_;
  std::optional<DtmfGenerator> tone_;  // in-band DTMF, for tone_left_ more input samples
  std::size_t tone_left_ = 0;
  std::vector<std::int16_t> toned_;  // a slice of input with the tone in it
  PacketSink sink_;
  rtp::SendStatistics stats_;
  std::uint64_t packets_ = 0;
  std::uint64_t encode_errors_ = 0;
};

}  // namespace sipline::media

// Playout: turns the jitter buffer's decisions into one frame of audio per pull — decode,
// conceal, merge, and stretch time to hold the delay the buffer asks for. Allocation-free after
// construction. RFC 3389 comfort noise is generated at the level its packet gives, fills the
// gap a sender leaves after it (discontinuous transmission) without counting as concealment,
// and is never stretched. Telephone events (RFC 4733) do not come here: the stream hands them
// to its TelephoneEventReceiver.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "base/clock.hpp"
#include "media/codec/audio_decoder.hpp"
#include "media/playout/concealment.hpp"
#include "media/playout/pitch.hpp"
#include "media/playout/time_stretch.hpp"
#include "rtp/jitter/jitter_buffer.hpp"

namespace sipline::media {

struct PlayoutStatistics {
  std::uint64_t frames = 0;
  std::uint64_t played_samples = 0;         // every sample handed out
  std::uint64_t silence_samples = 0;        // before the first packet (or after a reset)
  std::uint64_t concealed_samples = 0;      // made up for missing packets
  std::uint64_t comfort_noise_samples = 0;  // RFC 3389 CN, and the silence a sender left after it
  std::uint64_t inserted_samples = 0;       // by preemptive expansion
  std::uint64_t removed_samples = 0;        // by acceleration
  std::uint64_t aligned_samples = 0;        // skipped so a packet joins a concealment in phase
  std::uint64_t expands = 0;                // concealment events (a run counts once)
  std::uint64_t merges = 0;
  std::uint64_t accelerates = 0;  // stretches that changed the length
  std::uint64_t preemptive_expands = 0;
  std::uint64_t decode_errors = 0;
};

struct PlayoutConfig {
  std::size_t frame_samples = 160;  // one pull
  StretchConfig stretch{};
  std::int16_t comfort_noise_payload_type = -1;  // RFC 3389 CN, never stretched (-1: none)
};

class Playout {
 public:
  // Called for each packet decoded, with the sample offset from the start of the frame being
  // pulled where its audio begins: benchmarks and tests measure playout delay with it.
  using PlayedHook = std::function<void(const rtp::StoredPacket&, std::size_t offset)>;

  Playout(rtp::JitterBuffer& buffer, AudioDecoder& decoder, const PlayoutConfig& config);

  // Fills `out` (frame_samples) with the audio due at `now`.
  void pull(TimePoint now, std::span<std::int16_t> out);

  void on_played(PlayedHook hook) { played_hook_ = std::move(hook); }
  [[nodiscard]] const PlayoutStatistics& statistics() const noexcept { return stats_; }

 private:
  void decode(const rtp::Decision& decision);
  // `missing`: a later packet is here (see rtp::Decision), so this is more likely a loss.
  void conceal(std::size_t samples, bool missing);
  // How much of a packet that ends a concealment to skip so it joins the concealment in phase.
  [[nodiscard]] std::size_t merge_offset() const noexcept;
  void comfort_noise(std::size_t samples);
  [[nodiscard]] std::span<const std::int16_t> history() const noexcept;
  void consume(std::span<std::int16_t> out);

  rtp::JitterBuffer& buffer_;
  AudioDecoder& decoder_;
  PlayoutConfig config_;
  Concealment concealment_;
  std::uint32_t samples_per_unit_;
  // [0, played_) is history kept for concealment; [played_, size_) is audio not yet played.
  std::vector<std::int16_t> samples_;
  std::size_t played_ = 0;
  std::size_t size_ = 0;
  std::vector<std::int16_t> decoded_;  // one packet's audio
  PlayedHook played_hook_;
  PlayoutStatistics stats_;
  bool codec_concealing_ = false;  // a run of the decoder's own concealment is going on
  bool codec_run_ = false;         // the run going on is the decoder's
  // The run of concealment going on: the pitch period it continues (0: none found) and the
  // samples it has made.
  Pitch run_pitch_;  // searched once, for the alignment and for the concealment itself
  std::size_t run_period_ = 0;
  std::size_t run_samples_ = 0;
  bool in_comfort_noise_ = false;  // the last packet was CN: gaps are the sender's silence
  double comfort_noise_rms_ = 0;
  std::uint32_t noise_state_ = 0x2545F491;
};

}  // namespace sipline::media

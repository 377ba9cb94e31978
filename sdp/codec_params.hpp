// Codec parameters carried in SDP that the media layer needs typed: the fmtp parameter list
// (RFC 8866 §6.15, "name=value" separated by ';'), Opus's (RFC 7587 §6.1) turned into encoder
// settings for what the peer asked to receive, and the audio rate behind an RTP clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "sdp/negotiated.hpp"

namespace sipline::sdp {

struct FormatParameter {
  std::string_view name;
  std::string_view value;  // "" for a flag without '='
};

// Parameters longer than this list are not real codec parameters.
inline constexpr std::size_t kMaxFormatParameters = 32;

// "a=fmtp" parameters: "maxplaybackrate=16000; stereo=1" → {maxplaybackrate, 16000}, {stereo, 1}.
// White space around ';' and '=' is dropped; empty entries are skipped.
[[nodiscard]] Result<std::vector<FormatParameter>> parse_format_parameters(std::string_view fmtp);

// How to encode Opus for a peer, from the fmtp it sent (its receive preferences, RFC 7587 §6.1
// and §7.1); out-of-range values fall back to the defaults, as the RFC asks.
struct OpusSendConfig {
  std::uint32_t max_playback_rate = 48000;           // encode no wider than this (8000..48000)
  std::optional<std::uint32_t> max_average_bitrate;  // bit/s, 6000..510000
  bool stereo = false;                               // the peer prefers stereo
  bool constant_bitrate = false;
  bool inband_fec = false;  // the peer can use in-band FEC
  bool dtx = false;         // the peer prefers DTX
  friend bool operator==(const OpusSendConfig&, const OpusSendConfig&) = default;
};
[[nodiscard]] OpusSendConfig opus_send_config(std::string_view peer_fmtp);

// The fmtp we write for Opus to tell the peer what we want to receive.
struct OpusReceivePreferences {
  std::uint32_t max_playback_rate = 48000;
  std::uint32_t max_capture_rate = 48000;  // sprop-maxcapturerate: what we send at most
  std::optional<std::uint32_t> max_average_bitrate;
  bool stereo = false;
  bool inband_fec = true;
  bool dtx = false;
};
[[nodiscard]] std::string opus_fmtp(const OpusReceivePreferences& preferences);

// The audio sample rate of a codec: its RTP clock, except G.722, whose clock is 8000 but whose
// audio is 16 kHz (RFC 3551 §4.5.2).
[[nodiscard]] std::uint32_t audio_sample_rate(const CodecBinding& codec) noexcept;

}  // namespace sipline::sdp

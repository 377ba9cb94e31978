// The RTCP XR VoIP Metrics block (RFC 3611 §4.7): the call-quality numbers a user sees — loss and
// discard, burst and gap (§4.7.2, counted by rtp/stats/burst_gap), delays, jitter buffer, and the
// ITU-T G.107 E-model's R factor and MOS.
#pragma once

#include <cstddef>
#include <cstdint>

#include "base/bytes.hpp"
#include "base/result.hpp"

namespace sipline::rtp {

inline constexpr std::uint8_t kXrVoipMetricsType = 7;
inline constexpr std::size_t kVoipMetricsBytes =
    32;                                            // the block after its 4-byte header (length 8)
inline constexpr std::uint8_t kUnavailable = 127;  // R factor and MOS fields: "not available"

struct VoipMetrics {
  std::uint32_t ssrc = 0;
  std::uint8_t loss_rate = 0;     // fraction · 256, lost
  std::uint8_t discard_rate = 0;  // fraction · 256, arrived too late to play
  std::uint8_t burst_density = 0;
  std::uint8_t gap_density = 0;
  std::uint16_t burst_duration_ms = 0;
  std::uint16_t gap_duration_ms = 0;
  std::uint16_t round_trip_delay_ms = 0;
  std::uint16_t end_system_delay_ms = 0;
  std::int8_t signal_level = 127;  // dBm0; 127: unavailable
  std::int8_t noise_level = 127;
  std::uint8_t rerl = 127;  // residual echo return loss, dB
  std::uint8_t gmin = 16;
  std::uint8_t r_factor = kUnavailable;
  std::uint8_t ext_r_factor = kUnavailable;
  std::uint8_t mos_lq = kUnavailable;  // MOS · 10
  std::uint8_t mos_cq = kUnavailable;
  std::uint8_t rx_config = 0;
  std::uint16_t jb_nominal_ms = 0;
  std::uint16_t jb_maximum_ms = 0;
  std::uint16_t jb_abs_max_ms = 0;
  friend bool operator==(const VoipMetrics&, const VoipMetrics&) = default;
};

[[nodiscard]] Result<VoipMetrics> parse_voip_metrics(Bytes contents) noexcept;
[[nodiscard]] Result<void> write_voip_metrics(const VoipMetrics& metrics, ByteWriter& out) noexcept;

// ITU-T G.107 E-model, simplified as usual for VoIP: R = 93.2 − Id − Ie,eff with the default
// values of every other parameter. Id from the one-way delay Ta (ms): 0.024·Ta + 0.11·(Ta − 177.3)
// above 177.3 ms. Ie,eff = Ie + (95 − Ie)·Ppl / (Ppl/BurstR + Bpl) from the codec's Ie and Bpl
// (ITU-T G.113 Appendix I) and the packet loss percentage.
struct EModelInput {
  double one_way_delay_ms = 0;
  double packet_loss_percent = 0;
  double burst_ratio = 1;   // 1: random loss
  double codec_ie = 0;      // G.711: 0
  double codec_bpl = 25.1;  // G.711 with PLC (Appendix I)
};
[[nodiscard]] double r_factor(const EModelInput& input, bool include_delay = true) noexcept;
// G.107 Annex B: MOS from R, 1 … 4.5.
[[nodiscard]] double mos_from_r(double r) noexcept;

}  // namespace sipline::rtp

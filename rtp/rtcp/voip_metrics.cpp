// VoIP metrics: block format and E-model.
#include "rtp/rtcp/voip_metrics.hpp"

#include <algorithm>

namespace sipline::rtp {

Result<VoipMetrics> parse_voip_metrics(Bytes contents) noexcept {
  if (contents.size() < kVoipMetricsBytes) {
    return fail(Errc::kTruncated, "VoIP metrics block too short", contents.size());
  }
  ByteReader in(contents);
  VoipMetrics m;
  m.ssrc = *in.u32();
  m.loss_rate = *in.u8();
  m.discard_rate = *in.u8();
  m.burst_density = *in.u8();
  m.gap_density = *in.u8();
  m.burst_duration_ms = *in.u16();
  m.gap_duration_ms = *in.u16();
  m.round_trip_delay_ms = *in.u16();
  m.end_system_delay_ms = *in.u16();
  m.signal_level = static_cast<std::int8_t>(*in.u8());
  m.noise_level = static_cast<std::int8_t>(*in.u8());
  m.rerl = *in.u8();
  m.gmin = *in.u8();
  m.r_factor = *in.u8();
  m.ext_r_factor = *in.u8();
  m.mos_lq = *in.u8();
  m.mos_cq = *in.u8();
  m.rx_config = *in.u8();
  (void)in.u8();  // reserved
  m.jb_nominal_ms = *in.u16();
  m.jb_maximum_ms = *in.u16();
  m.jb_abs_max_ms = *in.u16();
  return m;
}

Result<void> write_voip_metrics(const VoipMetrics& m, ByteWriter& out) noexcept {
  if (out.remaining() < 4 + kVoipMetricsBytes) {
    return fail(Errc::kTooLarge, "no room for the VoIP metrics block", out.size());
  }
  // Block header: type 7, reserved, length 8 (words after the header, RFC 3611 §4.7).
  (void)out.u8(kXrVoipMetricsType);
  (void)out.u8(0);
  (void)out.u16(8);
  (void)out.u32(m.ssrc);
  for (const std::uint8_t byte : {m.loss_rate, m.discard_rate, m.burst_density, m.gap_density}) {
    (void)out.u8(byte);
  }
  for (const std::uint16_t word :
       {m.burst_duration_ms, m.gap_duration_ms, m.round_trip_delay_ms, m.end_system_delay_ms}) {
    (void)out.u16(word);
  }
  for (const std::uint8_t byte :
       {static_cast<std::uint8_t>(m.signal_level), static_cast<std::uint8_t>(m.noise_level), m.rerl,
        m.gmin, m.r_factor, m.ext_r_factor, m.mos_lq, m.mos_cq, m.rx_config, std::uint8_t{0}}) {
    (void)out.u8(byte);
  }
  for (const std::uint16_t word : {m.jb_nominal_ms, m.jb_maximum_ms, m.jb_abs_max_ms}) {
    (void)out.u16(word);
  }
  return {};
}

double r_factor(const EModelInput& input, bool include_delay) noexcept {
  const double ta = input.one_way_delay_ms;
  const double id = include_delay ? 0.024 * ta + (ta > 177.3 ? 0.11 * (ta - 177.3) : 0.0) : 0.0;
  const double ppl = std::max(0.0, input.packet_loss_percent);
  const double burst_r = std::max(1.0, input.burst_ratio);
  const double ie_eff =
      input.codec_ie + (95 - input.codec_ie) * ppl / (ppl / burst_r + input.codec_bpl);
  return std::clamp(93.2 - id - ie_eff, 0.0, 100.0);
}

double mos_from_r(double r) noexcept {
  if (r <= 0) {
    return 1.0;
  }
  if (r >= 100) {
    return 4.5;
  }
  return 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6;
}

}  // namespace sipline::rtp

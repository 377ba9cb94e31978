// Jitter buffer fields of the VoIP Metrics block.
#include "rtp/jitter/jitter_metrics.hpp"

#include <algorithm>

namespace sipline::rtp {
namespace {
std::uint16_t to_ms(std::int64_t us) noexcept {
  return static_cast<std::uint16_t>(std::clamp<std::int64_t>(us / 1000, 0, 65535));
}
}  // namespace

void report_jitter_buffer(const JitterBufferConfig& config, const JitterStatistics& stats,
                          bool standard_plc, VoipMetrics& metrics) noexcept {
  // §4.7.1: discards are packets that came too late to be played (duplicates excluded).
  metrics.discard_rate = stats.received == 0 ? 0
                                             : static_cast<std::uint8_t>(std::min<std::uint64_t>(
                                                   255, 256 * stats.late / stats.received));
  const unsigned plc = standard_plc ? 3U : 2U;
  const unsigned adaptive = 3U;
  metrics.rx_config = static_cast<std::uint8_t>((plc << 6) | (adaptive << 4) | kJitterBufferRate);
  metrics.jb_nominal_ms = to_ms(stats.target_delay_us);
  metrics.jb_maximum_ms = to_ms(std::max(stats.current_delay_us, stats.target_delay_us));
  metrics.jb_abs_max_ms = to_ms(config.target.maximum_us);
}

}  // namespace sipline::rtp

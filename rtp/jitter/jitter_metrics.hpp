// What the jitter buffer reports in an RTCP XR VoIP Metrics block (RFC 3611 §4.7.1, §4.7.6,
// §4.7.7): its discard rate, its receiver configuration and its delays.
#pragma once

#include "rtp/jitter/jitter_buffer.hpp"
#include "rtp/rtcp/voip_metrics.hpp"

namespace sipline::rtp {

// The adjustment-rate J of §4.7.6: a 30 → 100 ms jitter step is followed within about half a
// second (the target rises at once; preemptive expansion needs a few stretches), so
// adjustment time ≈ 2·J·frame gives J = 12 for 20 ms frames.
inline constexpr std::uint8_t kJitterBufferRate = 12;

// `standard_plc`: concealment by the playout (PLC = 11), else the codec's own (enhanced, 10).
void report_jitter_buffer(const JitterBufferConfig& config, const JitterStatistics& stats,
                          bool standard_plc, VoipMetrics& metrics) noexcept;

}  // namespace sipline::rtp

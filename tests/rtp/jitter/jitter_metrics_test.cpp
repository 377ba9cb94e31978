#include "rtp/jitter/jitter_metrics.hpp"

#include <gtest/gtest.h>

namespace sipline::rtp {
namespace {

TEST(JitterMetrics, FillsTheVoipMetricsJitterBufferFields) {
  JitterBufferConfig config;
  config.target.maximum_us = 500'000;
  JitterStatistics stats;
  stats.received = 1000;
  stats.late = 10;
  stats.target_delay_us = 42'700;
  stats.current_delay_us = 61'000;
  VoipMetrics metrics;
  report_jitter_buffer(config, stats, true, metrics);
  EXPECT_EQ(metrics.discard_rate, 2);                      // 10/1000 · 256 = 2.56
  EXPECT_EQ(metrics.rx_config, 0xF0 | kJitterBufferRate);  // PLC 11, JBA 11, J
  EXPECT_EQ(metrics.jb_nominal_ms, 42);
  EXPECT_EQ(metrics.jb_maximum_ms, 61);
  EXPECT_EQ(metrics.jb_abs_max_ms, 500);
  report_jitter_buffer(config, JitterStatistics{}, false, metrics);
  EXPECT_EQ(metrics.discard_rate, 0);
  EXPECT_EQ(metrics.rx_config >> 6, 2);
}

}  // namespace
}  // namespace sipline::rtp

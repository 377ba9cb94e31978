// The received-audio line counts only what happened after the settling.
#include "app/core/call_audio_summary.hpp"

#include <string_view>

#include <gtest/gtest.h>

namespace sipline::app {
namespace {

TEST(CallAudioSummary, CountsOnlyWhatHappenedAfterTheSettling) {
  CallAudioCounts counts;
  counts.jitter.received = 250;
  counts.jitter.lost = 2;
  counts.jitter.late = 1;
  counts.jitter.current_delay_us = 23'900;
  counts.codec_rate = 8000;
  media::PlayoutStatistics settled;
  settled.accelerates = 3;  // the start's stretches
  settled.removed_samples = 240;
  counts.settled = settled;
  counts.playout = settled;
  counts.playout.expands = 2;
  counts.playout.concealed_samples = 160;
  counts.playout.preemptive_expands = 1;
  counts.playout.inserted_samples = 40;
  counts.device_missing_samples = 480;
  EXPECT_EQ(describe_call_audio(7, counts),
            "call 7 audio: 250 packets, 2 lost, 1 late; after settling: 2 concealments (20 ms), "
            "1 stretches (+5/-0 ms), 10 ms device underrun; delay 23 ms");
}

TEST(CallAudioSummary, SaysWhenTheAudioNeverSettled) {
  CallAudioCounts counts;
  counts.jitter.received = 3;
  EXPECT_EQ(describe_call_audio(1, counts),
            "call 1 audio: 3 packets, 0 lost, 0 late; never settled");
}

TEST(CallAudioSummary, NamesWhenTheFirstRepairCame) {
  CallAudioCounts counts;
  counts.jitter.received = 250;
  counts.settled = media::PlayoutStatistics{};
  counts.playout.expands = 1;
  counts.playout.concealed_samples = 160;
  counts.first_repair_ms = 820;
  EXPECT_EQ(describe_call_audio(1, counts),
            "call 1 audio: 250 packets, 0 lost, 0 late; after settling: 1 concealments (20 ms), "
            "0 stretches (+0/-0 ms), 0 ms device underrun; delay 0 ms; first repair 820 ms after "
            "the first packet");
}

// 20 ms frames: the clock starts with the first packet and the audio settles at 500 ms.
TEST(CallAudioWatch, SettlesHalfASecondAfterTheFirstPacket) {
  CallAudioWatch watch(20);
  media::PlayoutStatistics playout;
  for (int i = 0; i < 10; ++i) {
    watch.on_frame(playout, 0, false);  // nothing received yet: the clock has not started
  }
  EXPECT_FALSE(watch.counts(playout, 0).settled);
  for (int i = 0; i < 24; ++i) {
    playout.accelerates += 1;  // the start's stretches
    watch.on_frame(playout, 96, true);
  }
  EXPECT_FALSE(watch.counts(playout, 96).settled);
  watch.on_frame(playout, 96, true);  // frame 25: 500 ms
  const CallAudioCounts settled = watch.counts(playout, 96);
  ASSERT_TRUE(settled.settled);
  EXPECT_EQ(settled.settled->accelerates, 24U);
  EXPECT_EQ(settled.device_missing_samples, 0U);
  EXPECT_FALSE(settled.first_repair_ms);
}

TEST(CallAudioWatch, TheFirstRepairAfterTheSettlingIsTimed) {
  for (const char* kind : {"concealment", "accelerate", "expand", "device"}) {
    SCOPED_TRACE(kind);
    CallAudioWatch watch(20);
    media::PlayoutStatistics playout;
    std::uint64_t missing = 0;
    for (int i = 0; i < 40; ++i) {
      watch.on_frame(playout, missing, true);
    }
    const std::string_view what = kind;
    if (what == "concealment") {
      playout.expands = 1;
    } else if (what == "accelerate") {
      playout.accelerates = 1;
    } else if (what == "expand") {
      playout.preemptive_expands = 1;
    } else {
      missing = 480;
    }
    watch.on_frame(playout, missing, true);  // frame 41: 820 ms
    playout.expands += 1;
    watch.on_frame(playout, missing + 10, true);  // a later one does not move the first
    const CallAudioCounts counts = watch.counts(playout, missing + 10);
    EXPECT_EQ(counts.first_repair_ms, 820U);
    EXPECT_EQ(counts.device_missing_samples, missing + 10);
  }
}

}  // namespace
}  // namespace sipline::app

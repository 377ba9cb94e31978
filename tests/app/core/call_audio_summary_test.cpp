// The received-audio line counts only what happened after the settling.
#include "app/core/call_audio_summary.hpp"

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

}  // namespace
}  // namespace sipline::app

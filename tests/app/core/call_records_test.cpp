// Call summaries: put together from the phone's events and the media's last statistics, in
// whichever order they come; complete at the end when no media ran.
#include "app/core/call_records.hpp"

#include <gtest/gtest.h>

namespace sipline::app {
namespace {

using namespace std::chrono_literals;

const CallRef kOut{1, CallDirection::kOutgoing, "sip:bob@127.0.0.1:5062", "sip:bob@127.0.0.1:5062",
                   ""};
const CallRef kIn{2, CallDirection::kIncoming, "\"Al\" <sip:al@127.0.0.1>", "sip:al@127.0.0.1",
                  "Al"};

TEST(CallRecords, ACallWithMediaIsCompleteWhenItsStatisticsCome) {
  CallRecords records;
  const TimePoint t0{};
  EXPECT_FALSE(records.on_event(event::CallOutgoing{kOut}, t0));
  EXPECT_FALSE(records.on_event(event::CallProgress{kOut, 180}, t0 + 100ms));
  records.on_media_started(kOut.id);
  EXPECT_FALSE(records.on_event(event::CallConfirmed{kOut, "PCMU/8000"}, t0 + 1500ms));
  EXPECT_FALSE(records.waiting_for_media());  // still talking: nothing to wait for
  EXPECT_FALSE(records.on_event(event::CallEnded{kOut, 200, true}, t0 + 5500ms));
  EXPECT_EQ(records.open(), 1U);
  EXPECT_TRUE(records.waiting_for_media());  // a quitting phone waits for this
  CallStatistics statistics;
  statistics.packets_sent = 200;
  const auto summary = records.on_media_stopped(kOut.id, statistics);
  ASSERT_TRUE(summary);
  EXPECT_EQ(summary->call.id, kOut.id);
  EXPECT_EQ(summary->codec, "PCMU/8000");
  EXPECT_EQ(summary->setup, 1500ms);
  EXPECT_EQ(summary->talk, 4000ms);
  EXPECT_EQ(summary->status, 200);
  EXPECT_TRUE(summary->by_peer);
  ASSERT_TRUE(summary->media);
  EXPECT_EQ(summary->media->packets_sent, 200U);
  EXPECT_EQ(records.open(), 0U);
  EXPECT_FALSE(records.waiting_for_media());
  EXPECT_FALSE(records.on_media_stopped(kOut.id, statistics));  // told once
}

TEST(CallRecords, ACallWithoutMediaIsCompleteAtItsEnd) {
  CallRecords records;
  const TimePoint t0{};
  (void)records.on_event(event::CallIncoming{kIn}, t0);
  const auto summary = records.on_event(event::CallEnded{kIn, 487, true}, t0 + 3s);
  ASSERT_TRUE(summary);
  EXPECT_EQ(summary->status, 487);
  EXPECT_EQ(summary->setup, 0ms);  // never confirmed
  EXPECT_EQ(summary->talk, 0ms);
  EXPECT_FALSE(summary->media);
  EXPECT_EQ(summary->call.display_name, "Al");
}

TEST(CallRecords, StatisticsBeforeTheEndWaitForItAndNoMediaAfterAllIsNull) {
  CallRecords records;
  const TimePoint t0{};
  (void)records.on_event(event::CallOutgoing{kOut}, t0);
  (void)records.on_event(event::CallEarlyMedia{kOut, "opus/48000"}, t0 + 1s);
  records.on_media_started(kOut.id);
  EXPECT_FALSE(records.on_media_stopped(kOut.id, std::nullopt));  // the media never ran
  const auto summary = records.on_event(event::CallEnded{kOut, 486, true}, t0 + 2s);
  ASSERT_TRUE(summary);
  EXPECT_EQ(summary->codec, "opus/48000");
  EXPECT_FALSE(summary->media);
}

TEST(CallRecords, AMovedCodecIsTheOneRecordedAndStrangersAreIgnored) {
  CallRecords records;
  const TimePoint t0{};
  (void)records.on_event(event::CallOutgoing{kOut}, t0);
  (void)records.on_event(event::CallConfirmed{kOut, "opus/48000"}, t0);
  (void)records.on_event(event::CallMediaChanged{kOut, "PCMA/8000", "127.0.0.1:4000"}, t0);
  EXPECT_FALSE(records.on_event(event::CallEnded{kIn, 200, false}, t0));  // never began
  EXPECT_FALSE(records.on_media_stopped(9, CallStatistics{}));
  const auto summary = records.on_event(event::CallEnded{kOut, 200, false}, t0 + 1s);
  ASSERT_TRUE(summary);
  EXPECT_EQ(summary->codec, "PCMA/8000");
  EXPECT_FALSE(summary->by_peer);
}

}  // namespace
}  // namespace sipline::app

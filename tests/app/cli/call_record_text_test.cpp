// The console's `stats` line and the --cdr JSON line, with hostile names escaped.
#include "app/cli/call_record_text.hpp"

#include <gtest/gtest.h>

namespace sipline::app {
namespace {

using namespace std::chrono_literals;

CallStatistics some_statistics() {
  CallStatistics s;
  s.codec = "PCMU/8000";
  s.rtcp_mux = true;
  s.packets_sent = 250;
  s.packets_received = 249;
  s.packets_lost = 1;
  s.loss_percent = 0.4;
  s.jitter = 300us;
  s.jitter_buffer = 40ms;
  s.round_trip = 400us;
  s.mos = 4.4;
  s.rtcp_sent = 2;
  s.rtcp_received = 3;
  return s;
}

TEST(StatisticsText, OneLineWithThePeersViewWhenItCame) {
  CallStatistics s = some_statistics();
  EXPECT_EQ(statistics_text(1, s),
            "call 1 PCMU/8000 rtcp-mux: sent 250, received 249, lost 1 (0.4 %), jitter 0.3 ms, "
            "buffer 40 ms, rtt 0.4 ms, MOS 4.40; no report from the peer yet");
  s.round_trip.reset();
  s.peer_packets_lost = 2;
  s.peer_loss_percent = 0.8;
  s.peer_jitter = 1500us;
  s.peer_mos = 4.1;
  EXPECT_EQ(statistics_text(7, s),
            "call 7 PCMU/8000 rtcp-mux: sent 250, received 249, lost 1 (0.4 %), jitter 0.3 ms, "
            "buffer 40 ms, rtt unknown, MOS 4.40; peer: lost 2 (0.8 %), jitter 1.5 ms, MOS 4.1");
}

TEST(CallRecordJson, EveryFieldOnOneLine) {
  event::CallSummary summary;
  summary.call = {4, CallDirection::kIncoming, "\"Bob\" <sip:bob@h>", "sip:bob@h", "Bob"};
  summary.codec = "PCMU/8000";
  summary.setup = 12ms;
  summary.talk = 4012ms;
  summary.status = 200;
  summary.by_peer = true;
  summary.media = some_statistics();
  const auto at = std::chrono::sys_days{std::chrono::year{2026} / 12 / 6} + 8h + 1min + 2s + 5ms;
  EXPECT_EQ(call_record_json(summary, at),
            R"({"call":4,"direction":"incoming","remote":"\"Bob\" <sip:bob@h>",)"
            R"("remote_uri":"sip:bob@h","display_name":"Bob","end":"2026-12-06T08:01:02.005Z",)"
            R"("codec":"PCMU/8000","setup_ms":12,"duration_ms":4012,"status":200,)"
            R"("ended_by":"peer","media":{"rtcp_mux":true,"packets_sent":250,)"
            R"("packets_received":249,"packets_lost":1,"loss_percent":0.40,"jitter_ms":0.3,)"
            R"("jitter_buffer_ms":40.0,"rtt_ms":0.4,"mos":4.40,"peer_packets_lost":null,)"
            R"("peer_loss_percent":null,"peer_jitter_ms":null,"peer_mos":null,"rtcp_sent":2,)"
            R"("rtcp_received":3}})");
  summary.media.reset();
  summary.by_peer = false;
  const std::string no_media = call_record_json(summary, at);
  EXPECT_TRUE(no_media.ends_with(R"("ended_by":"us","media":null})")) << no_media;
}

TEST(JsonEscape, HostileNamesStayInsideTheirString) {
  EXPECT_EQ(json_escape("plain"), "plain");
  EXPECT_EQ(json_escape("a\"b\\c"), "a\\\"b\\\\c");
  EXPECT_EQ(json_escape(std::string_view("x\n\r\t\0y", 6)), "x\\u000a\\u000d\\u0009\\u0000y");
  EXPECT_EQ(json_escape("\x7f"), "\\u007f");
  EXPECT_EQ(json_escape("Zo\xc3\xab \xe2\x82\xac"), "Zo\xc3\xab \xe2\x82\xac");  // valid UTF-8 kept
  EXPECT_EQ(json_escape("\xff"), "\xEF\xBF\xBD");                                // not UTF-8
  EXPECT_EQ(json_escape("\xc0\xaf"), "\xEF\xBF\xBD\xEF\xBF\xBD");                // overlong '/'
  EXPECT_EQ(json_escape("\xed\xa0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(json_escape("\xe2\x82"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // cut short
}

}  // namespace
}  // namespace sipline::app

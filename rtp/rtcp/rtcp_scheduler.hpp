// When to send RTCP (RFC 3550 §6.3, Appendix A.7): the randomised interval from the session's
// size and bandwidth, timer reconsideration, reverse reconsideration on BYE. A pure core: the
// driver tells it what was sent and received with `now`, arms a timer at next_deadline(), and
// asks on_timer(now) whether to send.
#pragma once

#include <cstddef>

#include "base/clock.hpp"
#include "base/random.hpp"

namespace sipline::rtp {

struct RtcpIntervalInput {
  double members = 2;
  double senders = 1;
  double rtcp_bandwidth = 400;  // bytes per second: 5 % of the session bandwidth
  bool we_sent = true;
  double average_rtcp_size = 100;  // bytes, including UDP and IP headers
  bool initial = false;
};

// A.7's rtcp_interval(): seconds until the next report, randomised over [0.5, 1.5] of the
// deterministic interval and divided by e − 3/2 to compensate for timer reconsideration.
[[nodiscard]] double rtcp_interval_seconds(const RtcpIntervalInput& input, Random& random) noexcept;

class RtcpScheduler {
 public:
  RtcpScheduler(double rtcp_bandwidth, TimePoint now, Random& random);

  [[nodiscard]] TimePoint next_deadline() const noexcept { return next_; }
  // §6.3.6: at the deadline, recompute the interval from the state now; send if the new
  // deadline has passed, else wait for it. Returns true when a report is due now.
  [[nodiscard]] bool on_timer(TimePoint now);
  // After sending a compound of `bytes` (with UDP/IP overhead).
  void on_sent(std::size_t bytes, TimePoint now);
  void on_received(std::size_t bytes) noexcept;
  void set_members(std::size_t members, std::size_t senders, bool we_sent) noexcept;
  // §6.3.4: reverse reconsideration when members leave; pulls the next report in.
  void on_members_left(std::size_t members, TimePoint now) noexcept;

 private:
  [[nodiscard]] Duration interval();

  Random& random_;
  RtcpIntervalInput input_;
  TimePoint previous_;           // tp
  TimePoint next_;               // tn
  double previous_members_ = 2;  // pmembers
};

}  // namespace sipline::rtp

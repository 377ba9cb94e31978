// RFC 3550 A.7 and §6.3.
#include "rtp/rtcp/rtcp_scheduler.hpp"

#include <algorithm>

namespace sipline::rtp {
namespace {

constexpr double kMinTime = 5.0;            // RTCP_MIN_TIME
constexpr double kSenderFraction = 0.25;    // RTCP_SENDER_BW_FRACTION
constexpr double kReceiverFraction = 0.75;  // RTCP_RCVR_BW_FRACTION
constexpr double kCompensation = 2.71828 - 1.5;

Duration seconds(double value) { return Duration{static_cast<std::int64_t>(value * 1e6)}; }

}  // namespace

double rtcp_interval_seconds(const RtcpIntervalInput& input, Random& random) noexcept {
  const double min_time = input.initial ? kMinTime / 2 : kMinTime;
  double n = input.members;
  double bandwidth = input.rtcp_bandwidth;
  if (input.senders <= input.members * kSenderFraction) {
    if (input.we_sent) {
      bandwidth *= kSenderFraction;
      n = input.senders;
    } else {
      bandwidth *= kReceiverFraction;
      n -= input.senders;
    }
  }
  double t = bandwidth > 0 ? input.average_rtcp_size * n / bandwidth : min_time;
  t = std::max(t, min_time);
  t *= random.unit() + 0.5;
  return t / kCompensation;
}

RtcpScheduler::RtcpScheduler(double rtcp_bandwidth, TimePoint now, Random& random)
    : random_(random), previous_(now) {
  input_.rtcp_bandwidth = rtcp_bandwidth;
  input_.initial = true;
  next_ = now + interval();
}

Duration RtcpScheduler::interval() { return seconds(rtcp_interval_seconds(input_, random_)); }

bool RtcpScheduler::on_timer(TimePoint now) {
  if (now < next_) {
    return false;
  }
  const TimePoint reconsidered = previous_ + interval();
  if (reconsidered <= now) {
    return true;  // the driver sends, then calls on_sent()
  }
  next_ = reconsidered;
  return false;
}

void RtcpScheduler::on_sent(std::size_t bytes, TimePoint now) {
  input_.average_rtcp_size = static_cast<double>(bytes) / 16 + input_.average_rtcp_size * 15 / 16;
  input_.initial = false;
  previous_ = now;
  next_ = now + interval();
  previous_members_ = input_.members;
}

void RtcpScheduler::on_received(std::size_t bytes) noexcept {
  input_.average_rtcp_size = static_cast<double>(bytes) / 16 + input_.average_rtcp_size * 15 / 16;
}

void RtcpScheduler::set_members(std::size_t members, std::size_t senders, bool we_sent) noexcept {
  input_.members = static_cast<double>(std::max<std::size_t>(members, 1));
  input_.senders = static_cast<double>(senders);
  input_.we_sent = we_sent;
}

void RtcpScheduler::on_members_left(std::size_t members, TimePoint now) noexcept {
  const double left = static_cast<double>(std::max<std::size_t>(members, 1));
  if (left < previous_members_) {
    // tn = tc + (members/pmembers)·(tn − tc); tp = tc − (members/pmembers)·(tc − tp).
    const double ratio = left / previous_members_;
    next_ = now +
            Duration{static_cast<std::int64_t>(static_cast<double>((next_ - now).count()) * ratio)};
    previous_ =
        now -
        Duration{static_cast<std::int64_t>(static_cast<double>((now - previous_).count()) * ratio)};
    previous_members_ = left;
  }
  input_.members = left;
}

}  // namespace sipline::rtp

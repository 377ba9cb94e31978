// Session timers (RFC 4028) for one call: what our INVITE and our 2xx say, which side refreshes
// and when, learnt from each INVITE, re-INVITE or UPDATE exchange. Pure: messages in, header
// values and deadlines out; the INVITE session sends the refreshes and the BYE.
//
//   off ─2xx with Session-Expires (either way)─▶ running: we refresh at half the interval, or
//                                                the peer must before interval − min(32, ⅓·it)
//   running ─each refreshing 2xx─▶ running (interval and refresher as that exchange said)
//
// In a request from us "uac" means us; in a request from the peer it means the peer (§7.1).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/clock.hpp"
#include "sip/message/dialog_headers.hpp"
#include "sip/message/message.hpp"

namespace sipline::sip {

struct SessionTimerConfig {
  bool enabled = true;           // false: MicroSIP's disableSessionTimer=1
  std::uint32_t expires = 1800;  // what we ask for (RFC 4028 §4 recommends 1800 s)
  std::uint32_t min_se = 90;     // the shortest we accept (§5: at least 90 s)
};

// The Min-SE to answer `request` with in a 422 (§8.1.1): its Session-Expires is below ours.
[[nodiscard]] std::optional<std::uint32_t> session_interval_too_small(
    const Message& request, const SessionTimerConfig& config);

class SessionTimer {
 public:
  explicit SessionTimer(SessionTimerConfig config) noexcept : config_(config) {}

  [[nodiscard]] bool enabled() const noexcept { return config_.enabled; }
  // Session-Expires for a request of ours ("1800"): the interval asked for, or the one running.
  [[nodiscard]] std::string request_value() const;
  // Min-SE for a request of ours: after a 422, the value it asked for (§7.3); else none.
  [[nodiscard]] std::optional<std::string> min_se_value() const {
    return asked_ != 0 ? std::optional(std::to_string(asked_)) : std::nullopt;
  }
  // A 422 to our INVITE: the interval to ask for next (its Min-SE), or nullopt (give up).
  [[nodiscard]] std::optional<std::uint32_t> on_422(const Message& response);

  // The peer's INVITE, re-INVITE or UPDATE that we answer 2xx: the Session-Expires value for
  // that 2xx ("1800;refresher=uac"), empty for none, and whether it needs Require: timer.
  struct Answer {
    std::string session_expires;
    bool require_timer = false;
  };
  [[nodiscard]] Answer answer(const Message& request);
  // Our request's 2xx: the timer runs as it says (or stops when it says nothing).
  void on_2xx(const Message& response);

  [[nodiscard]] bool running() const noexcept { return interval_ != 0; }
  [[nodiscard]] bool we_refresh() const noexcept { return we_refresh_; }
  [[nodiscard]] std::uint32_t interval() const noexcept { return interval_; }
  // After an exchange at `now`: when we refresh (half the interval, §7.4), or when the session
  // has expired without the peer's refresh (§10: interval − min(32, interval/3)).
  [[nodiscard]] TimePoint due(TimePoint now) const noexcept;

 private:
  SessionTimerConfig config_;
  std::uint32_t asked_ = 0;     // what our next request asks for; 0: config_.expires
  std::uint32_t interval_ = 0;  // 0: not running
  bool we_refresh_ = false;
};

}  // namespace sipline::sip

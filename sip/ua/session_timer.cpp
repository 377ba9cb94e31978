// Session timers (RFC 4028): the negotiation of the interval and the refresher.
#include "sip/ua/session_timer.hpp"

#include <algorithm>
#include <chrono>

#include "sip/message/list_headers.hpp"

namespace sipline::sip {
namespace {

constexpr std::uint32_t kLongestInterval = 86400;  // a 422 asking for more is not followed

std::optional<SessionExpires> session_expires_of(const Message& message) {
  const auto value = message.header(HeaderId::kSessionExpires);
  if (!value) {
    return std::nullopt;
  }
  auto parsed = parse_session_expires(*value);
  return parsed ? std::optional(*parsed) : std::nullopt;
}

bool supports_timer(const Message& message) {
  for (const HeaderField& field : message.headers()) {
    if (field.id == HeaderId::kSupported && token_list_contains(field.value, "timer")) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::optional<std::uint32_t> session_interval_too_small(const Message& request,
                                                        const SessionTimerConfig& config) {
  const auto asked = session_expires_of(request);
  if (!config.enabled || !asked || asked->seconds >= config.min_se) {
    return std::nullopt;
  }
  return config.min_se;  // §8.1.1: 422 with our Min-SE
}

std::string SessionTimer::request_value() const {
  return std::to_string(running() ? interval_ : (asked_ != 0 ? asked_ : config_.expires));
}

std::optional<std::uint32_t> SessionTimer::on_422(const Message& response) {
  const auto value = response.header(HeaderId::kMinSE);
  const auto min_se = value ? parse_min_se(*value) : Result<std::uint32_t>(0U);
  const std::uint32_t current = asked_ != 0 ? asked_ : config_.expires;
  // §7.3: ask again with its Min-SE — once it is larger than what we asked, and sane.
  if (!config_.enabled || !min_se || *min_se <= current || *min_se > kLongestInterval) {
    return std::nullopt;
  }
  asked_ = *min_se;
  return asked_;
}

SessionTimer::Answer SessionTimer::answer(const Message& request) {
  if (!config_.enabled) {
    return {};
  }
  const bool peer_supports = supports_timer(request);
  const auto asked = session_expires_of(request);
  // §9: its interval (not below our Min-SE: a smaller one got 422), or ours when it asked none;
  // its refresher, or the sender when it can refresh, else us.
  std::uint32_t interval =
      asked ? std::max(asked->seconds, config_.min_se) : (running() ? interval_ : config_.expires);
  Refresher refresher = asked ? asked->refresher : Refresher::kUnspecified;
  if (refresher == Refresher::kUnspecified || (refresher == Refresher::kUac && !peer_supports)) {
    refresher = peer_supports ? Refresher::kUac : Refresher::kUas;
  }
  interval = std::min(interval, kLongestInterval);
  interval_ = interval;
  we_refresh_ = refresher == Refresher::kUas;  // the request was the peer's: uas is us
  return {std::to_string(interval) + (we_refresh_ ? ";refresher=uas" : ";refresher=uac"),
          refresher == Refresher::kUac};
}

void SessionTimer::on_2xx(const Message& response) {
  const auto granted = config_.enabled ? session_expires_of(response) : std::nullopt;
  if (!granted || granted->seconds == 0) {
    interval_ = 0;  // §7.2: the peer does not run a timer, and we need not
    we_refresh_ = false;
    return;
  }
  interval_ = std::min(granted->seconds, kLongestInterval);
  we_refresh_ = granted->refresher != Refresher::kUas;  // our request: uac is us
}

TimePoint SessionTimer::due(TimePoint now) const noexcept {
  const auto seconds = [](std::uint32_t s) { return std::chrono::seconds(s); };
  if (we_refresh_) {
    return now + seconds(interval_ / 2);  // §7.4: half the interval is recommended
  }
  return now + seconds(interval_ - std::min<std::uint32_t>(32, interval_ / 3));  // §10
}

}  // namespace sipline::sip

// Call summaries, put together.
#include "app/core/call_records.hpp"

#include <algorithm>
#include <type_traits>

namespace sipline::app {

std::optional<event::CallSummary> CallRecords::on_event(const PhoneEvent& any, TimePoint now) {
  return std::visit(
      [&](const auto& event) -> std::optional<event::CallSummary> {
        using Event = std::decay_t<decltype(event)>;
        if constexpr (std::is_same_v<Event, event::CallOutgoing> ||
                      std::is_same_v<Event, event::CallIncoming>) {
          Pending& pending = calls_[event.call.id];
          pending = Pending{};
          pending.summary.call = event.call;
          pending.created = now;
        } else if constexpr (std::is_same_v<Event, event::CallEarlyMedia> ||
                             std::is_same_v<Event, event::CallConfirmed> ||
                             std::is_same_v<Event, event::CallMediaChanged>) {
          const auto it = calls_.find(event.call.id);
          if (it == calls_.end()) {
            return std::nullopt;
          }
          if (!event.codec.empty()) {
            it->second.summary.codec = event.codec;
          }
          if constexpr (std::is_same_v<Event, event::CallConfirmed>) {
            it->second.confirmed = now;
          }
        } else if constexpr (std::is_same_v<Event, event::CallEnded>) {
          const auto it = calls_.find(event.call.id);
          if (it == calls_.end()) {
            return std::nullopt;
          }
          Pending& pending = it->second;
          pending.ended = true;
          pending.summary.status = event.status;
          pending.summary.by_peer = event.by_peer;
          if (pending.confirmed) {
            pending.summary.setup = *pending.confirmed - pending.created;
            pending.summary.talk = now - *pending.confirmed;
          }
          return complete(event.call.id);
        }
        return std::nullopt;
      },
      any);
}

void CallRecords::on_media_started(sip::CallId call) {
  if (const auto it = calls_.find(call); it != calls_.end()) {
    it->second.media = true;
  }
}

std::optional<event::CallSummary> CallRecords::on_media_stopped(
    sip::CallId call, std::optional<CallStatistics> statistics) {
  const auto it = calls_.find(call);
  if (it == calls_.end()) {
    return std::nullopt;
  }
  it->second.media_stopped = true;
  it->second.summary.media = std::move(statistics);
  return complete(call);
}

bool CallRecords::waiting_for_media() const noexcept {
  return std::ranges::any_of(calls_, [](const auto& entry) {
    const Pending& call = entry.second;
    return call.ended && call.media && !call.media_stopped;
  });
}

std::optional<event::CallSummary> CallRecords::complete(sip::CallId call) {
  const auto it = calls_.find(call);
  if (!it->second.ended || (it->second.media && !it->second.media_stopped)) {
    return std::nullopt;
  }
  event::CallSummary summary = std::move(it->second.summary);
  calls_.erase(it);
  return summary;
}

}  // namespace sipline::app

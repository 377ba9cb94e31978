// Puts each call's summary together (event::CallSummary): its times from the phone's events,
// its media statistics from the media engine once the media stopped. The two come apart — the
// media thread answers after the call has ended — so a call's summary is complete when both
// are in, or at its end when no media ran. Pure: the driver hands in events with `now`.
#pragma once

#include <map>
#include <optional>

#include "app/core/call_statistics.hpp"
#include "app/core/phone_events.hpp"
#include "base/clock.hpp"

namespace sipline::app {

class CallRecords {
 public:
  // Every event the phone emits; the summary of a call that ends without media.
  [[nodiscard]] std::optional<event::CallSummary> on_event(const PhoneEvent& event, TimePoint now);
  // The call's media started: its summary waits for on_media_stopped.
  void on_media_started(sip::CallId call);
  // The media engine's last statistics of the call (nullopt: its media never ran after all).
  [[nodiscard]] std::optional<event::CallSummary> on_media_stopped(
      sip::CallId call, std::optional<CallStatistics> statistics);
  [[nodiscard]] std::size_t open() const noexcept { return calls_.size(); }
  // A call has ended and its media's statistics are still to come.
  [[nodiscard]] bool waiting_for_media() const noexcept;

 private:
  struct Pending {
    event::CallSummary summary;
    TimePoint created{};
    std::optional<TimePoint> confirmed;
    bool ended = false;
    bool media = false;          // started, and not stopped yet
    bool media_stopped = false;  // its statistics are in
  };
  [[nodiscard]] std::optional<event::CallSummary> complete(sip::CallId call);

  std::map<sip::CallId, Pending> calls_;
};

}  // namespace sipline::app

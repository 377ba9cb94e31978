// What the four transaction state machines share: their action queue and the set of armed
// timers, so that a timer firing late, twice, or after the state moved on is ignored.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "sip/transaction/actions.hpp"

namespace sipline::sip {

class CoreSupport {
 public:
  [[nodiscard]] std::optional<Action> poll();

  void send(std::string bytes) { emit(action::Send{std::move(bytes)}); }
  void deliver(Message message) {
    emit(action::Deliver{std::make_unique<Message>(std::move(message))});
  }
  // Built in place: GCC 12 warns (wrongly) about moving a variant temporary into the deque.
  template <class T>
  void emit(T value) {
    queue_.emplace_back(std::in_place_type<T>, std::move(value));
  }

  void arm(TimerId id, TimePoint deadline);
  void disarm(TimerId id);
  void disarm_all();
  [[nodiscard]] bool armed(TimerId id) const noexcept;
  // A firing counts when the timer is armed and its deadline has come; it disarms the timer.
  [[nodiscard]] bool take_firing(TimerId id, TimePoint now);

  // Disarms every timer and queues Terminated (once).
  void terminate();
  [[nodiscard]] bool terminated() const noexcept { return terminated_; }

 private:
  // A vector, not a deque: libstdc++'s deque allocates 512 bytes even when empty, and a
  // transaction waiting out Timer J or L for 32 s should cost little.
  std::vector<Action> queue_;
  std::size_t head_ = 0;
  std::array<std::optional<TimePoint>, kTimerCount> deadlines_{};
  bool terminated_ = false;
};

}  // namespace sipline::sip

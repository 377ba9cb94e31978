// The shared action queue and timer set.
#include "sip/transaction/core_support.hpp"

namespace sipline::sip {

std::optional<Action> CoreSupport::poll() {
  if (head_ == queue_.size()) {
    return std::nullopt;
  }
  Action next = std::move(queue_[head_++]);
  if (head_ == queue_.size()) {
    queue_.clear();
    head_ = 0;
  }
  return next;
}

void CoreSupport::arm(TimerId id, TimePoint deadline) {
  deadlines_[static_cast<std::size_t>(id)] = deadline;
  emit(action::StartTimer{id, deadline});
}

void CoreSupport::disarm(TimerId id) {
  auto& deadline = deadlines_[static_cast<std::size_t>(id)];
  if (deadline) {
    deadline.reset();
    emit(action::CancelTimer{id});
  }
}

void CoreSupport::disarm_all() {
  for (std::size_t i = 0; i < kTimerCount; ++i) {
    disarm(static_cast<TimerId>(i));
  }
}

bool CoreSupport::armed(TimerId id) const noexcept {
  return deadlines_[static_cast<std::size_t>(id)].has_value();
}

bool CoreSupport::take_firing(TimerId id, TimePoint now) {
  auto& deadline = deadlines_[static_cast<std::size_t>(id)];
  if (!deadline || now < *deadline) {
    return false;
  }
  deadline.reset();
  return true;
}

void CoreSupport::terminate() {
  if (terminated_) {
    return;
  }
  disarm_all();
  terminated_ = true;
  emit(action::Terminated{});
}

}  // namespace sipline::sip

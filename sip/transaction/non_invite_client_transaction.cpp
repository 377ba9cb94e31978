// The non-INVITE client transaction.
#include "sip/transaction/non_invite_client_transaction.hpp"

#include <algorithm>

#include "sip/message/printer.hpp"

namespace sipline::sip {

NonInviteClientTransaction::NonInviteClientTransaction(Message request,
                                                       transport::TransportKind transport,
                                                       TimePoint now, const TimerConfig& timers)
    : bytes_(print(request)),
      reliable_(transport::is_reliable(transport)),
      timers_(timers),
      timer_e_interval_(timers.t1) {
  core_.send(bytes_);
  if (!reliable_) {
    core_.arm(TimerId::kE, now + timer_e_interval_);
  }
  core_.arm(TimerId::kF, now + timers_.sixty_four_t1());
}

void NonInviteClientTransaction::on_response(const Message& response, TimePoint now) {
  if (state_ != State::kTrying && state_ != State::kProceeding) {
    return;  // Completed absorbs retransmitted finals (§17.1.2.2)
  }
  core_.deliver(response);
  if (response.status_code() < 200) {
    state_ = State::kProceeding;
    return;
  }
  state_ = State::kCompleted;
  core_.disarm(TimerId::kE);
  core_.disarm(TimerId::kF);
  // §17.1.2.2: Timer K is T4 on unreliable transports, zero on reliable ones.
  if (reliable_) {
    state_ = State::kTerminated;
    core_.terminate();
  } else {
    core_.arm(TimerId::kK, now + timers_.t4);
  }
}

void NonInviteClientTransaction::on_timer(TimerId id, TimePoint now) {
  if (!core_.take_firing(id, now)) {
    return;
  }
  switch (id) {
    case TimerId::kE:
      // §17.1.2.2: doubling up to T2 while Trying; T2 once Proceeding.
      core_.send(bytes_);
      timer_e_interval_ =
          state_ == State::kProceeding ? timers_.t2 : std::min(2 * timer_e_interval_, timers_.t2);
      core_.arm(TimerId::kE, now + timer_e_interval_);
      return;
    case TimerId::kF:
      core_.emit(action::Timeout{});
      break;
    case TimerId::kK:
      break;
    default:
      return;
  }
  state_ = State::kTerminated;
  core_.terminate();
}

void NonInviteClientTransaction::on_transport_error(TimePoint) {
  if (state_ == State::kTerminated) {
    return;
  }
  core_.emit(action::TransportFailed{});
  state_ = State::kTerminated;
  core_.terminate();
}

}  // namespace sipline::sip

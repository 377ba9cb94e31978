// The non-INVITE server transaction.
#include "sip/transaction/non_invite_server_transaction.hpp"

#include "sip/message/printer.hpp"

namespace sipline::sip {

NonInviteServerTransaction::NonInviteServerTransaction(const Message& /*request*/,
                                                       transport::TransportKind transport,
                                                       const TimerConfig& timers)
    : reliable_(transport::is_reliable(transport)), timers_(timers) {}

void NonInviteServerTransaction::on_request(const Message&, TimePoint) {
  // §17.2.2: absorbed in Trying; the last response is replayed in Proceeding and Completed.
  if ((state_ == State::kProceeding || state_ == State::kCompleted) && !last_response_.empty()) {
    core_.send(last_response_);
  }
}

bool NonInviteServerTransaction::send_response(const Message& response, TimePoint now) {
  if (state_ != State::kTrying && state_ != State::kProceeding) {
    return false;
  }
  last_response_ = print(response);
  core_.send(last_response_);
  if (response.status_code() < 200) {
    state_ = State::kProceeding;
    return true;
  }
  state_ = State::kCompleted;
  if (reliable_) {
    state_ = State::kTerminated;
    core_.terminate();
  } else {
    core_.arm(TimerId::kJ, now + timers_.sixty_four_t1());
  }
  return true;
}

void NonInviteServerTransaction::on_timer(TimerId id, TimePoint now) {
  if (id == TimerId::kJ && core_.take_firing(id, now)) {
    state_ = State::kTerminated;
    core_.terminate();
  }
}

void NonInviteServerTransaction::on_transport_error(TimePoint) {
  if (state_ == State::kTerminated) {
    return;
  }
  core_.emit(action::TransportFailed{});
  state_ = State::kTerminated;
  core_.terminate();
}

}  // namespace sipline::sip

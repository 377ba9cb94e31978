// The INVITE client transaction.
#include "sip/transaction/invite_client_transaction.hpp"

#include "sip/message/printer.hpp"
#include "sip/transaction/ack_builder.hpp"

namespace sipline::sip {

InviteClientTransaction::InviteClientTransaction(Message invite, transport::TransportKind transport,
                                                 TimePoint now, const TimerConfig& timers)
    : invite_(std::make_unique<const Message>(std::move(invite))),
      bytes_(print(*invite_)),
      reliable_(transport::is_reliable(transport)),
      timers_(timers),
      timer_a_interval_(timers.t1) {
  core_.send(bytes_);
  // §17.1.1.2: Timer A only on unreliable transports; Timer B always.
  if (!reliable_) {
    core_.arm(TimerId::kA, now + timer_a_interval_);
  }
  core_.arm(TimerId::kB, now + timers_.sixty_four_t1());
}

void InviteClientTransaction::final_failure(const Message& response, TimePoint now) {
  ack_ = build_non2xx_ack(*invite_, response);
  if (!ack_.empty()) {
    core_.send(ack_);
  }
  core_.deliver(response);
  state_ = State::kCompleted;
  // §17.1.1.2: Timer D at least 32 s on unreliable transports, zero on reliable ones.
  if (reliable_) {
    core_.terminate();
    state_ = State::kTerminated;
  } else {
    core_.arm(TimerId::kD, now + timers_.d);
  }
}

void InviteClientTransaction::on_response(const Message& response, TimePoint now) {
  const int code = response.status_code();
  switch (state_) {
    case State::kCalling:
    case State::kProceeding:
      core_.disarm(TimerId::kA);
      core_.disarm(TimerId::kB);
      if (code < 200) {
        state_ = State::kProceeding;
        core_.deliver(response);
      } else if (code < 300) {
        // RFC 6026 §8.4: 2xx moves to Accepted; the TU sends the ACK.
        state_ = State::kAccepted;
        core_.deliver(response);
        core_.arm(TimerId::kM, now + timers_.sixty_four_t1());
      } else {
        final_failure(response, now);
      }
      return;
    case State::kAccepted:
      // RFC 6026 §8.4: 2xx retransmissions and forked 2xx still reach the TU.
      if (code >= 200 && code < 300) {
        core_.deliver(response);
      }
      return;
    case State::kCompleted:
      // §17.1.1.2: every retransmission of the final response is ACKed, not passed up.
      if (code >= 300 && !ack_.empty()) {
        core_.send(ack_);
      }
      return;
    case State::kTerminated:
      return;
  }
}

void InviteClientTransaction::on_timer(TimerId id, TimePoint now) {
  if (!core_.take_firing(id, now)) {
    return;  // stale, early or for another state
  }
  switch (id) {
    case TimerId::kA:
      // §17.1.1.2: retransmit and double the interval, with no cap (unlike Timer E).
      core_.send(bytes_);
      timer_a_interval_ *= 2;
      core_.arm(TimerId::kA, now + timer_a_interval_);
      return;
    case TimerId::kB:
      core_.emit(action::Timeout{});
      break;
    case TimerId::kD:
    case TimerId::kM:
      break;
    default:
      return;
  }
  state_ = State::kTerminated;
  core_.terminate();
}

void InviteClientTransaction::on_transport_error(TimePoint) {
  if (state_ == State::kTerminated) {
    return;
  }
  core_.emit(action::TransportFailed{});
  state_ = State::kTerminated;
  core_.terminate();
}

}  // namespace sipline::sip

// The INVITE server transaction.
#include "sip/transaction/invite_server_transaction.hpp"

#include <algorithm>

#include "sip/message/message_builder.hpp"
#include "sip/message/printer.hpp"

namespace sipline::sip {

std::string build_trying(const Message& invite) {
  MessageBuilder trying = MessageBuilder::response(100);
  for (const HeaderField& field : invite.headers()) {
    switch (field.id) {
      case HeaderId::kVia:
      case HeaderId::kFrom:
      case HeaderId::kTo:
      case HeaderId::kCallId:
      case HeaderId::kCSeq:
      case HeaderId::kTimestamp:
        trying.field(field.id, field.value);
        break;
      default:
        break;
    }
  }
  auto built = std::move(trying).build();
  return built ? print(*built) : std::string();
}

InviteServerTransaction::InviteServerTransaction(Message invite, transport::TransportKind transport,
                                                 TimePoint now, const TimerConfig& timers)
    : invite_(std::make_unique<const Message>(std::move(invite))),
      reliable_(transport::is_reliable(transport)),
      timers_(timers),
      timer_g_interval_(timers.t1) {
  // §17.2.1: a 100 Trying within 200 ms unless the TU answers first.
  core_.arm(TimerId::kTrying, now + timers_.trying);
}

void InviteServerTransaction::on_request(const Message& request, TimePoint now) {
  if (request.method() == Method::kAck) {
    if (state_ == State::kCompleted) {
      // §17.2.1: the ACK ends retransmissions; Timer I absorbs further ACKs (0 on reliable).
      core_.disarm(TimerId::kG);
      core_.disarm(TimerId::kH);
      state_ = State::kConfirmed;
      if (reliable_) {
        finish(now);
      } else {
        core_.arm(TimerId::kI, now + timers_.t4);
      }
    }
    return;  // an ACK in any other state is absorbed
  }
  // A retransmitted INVITE.
  if ((state_ == State::kProceeding || state_ == State::kCompleted) && !last_response_.empty()) {
    core_.send(last_response_);
  }
  // Accepted: absorbed (RFC 6026 §8.5); Confirmed: absorbed.
}

bool InviteServerTransaction::send_response(const Message& response, TimePoint now) {
  const int code = response.status_code();
  if (state_ == State::kAccepted && code >= 200 && code < 300) {
    core_.send(print(response));  // RFC 6026 §8.6: the TU's 2xx retransmissions pass through
    return true;
  }
  if (state_ != State::kProceeding) {
    return false;
  }
  core_.disarm(TimerId::kTrying);
  invite_.reset();
  if (response.to() != nullptr && !response.to()->tag.empty()) {
    to_tag_ = std::string(response.to()->tag);
  }
  last_response_ = print(response);
  core_.send(last_response_);
  if (code < 200) {
    return true;
  }
  if (code < 300) {
    state_ = State::kAccepted;  // RFC 6026 §8.5
    core_.arm(TimerId::kL, now + timers_.sixty_four_t1());
    return true;
  }
  state_ = State::kCompleted;
  if (!reliable_) {
    core_.arm(TimerId::kG, now + timer_g_interval_);
  }
  core_.arm(TimerId::kH, now + timers_.sixty_four_t1());
  return true;
}

void InviteServerTransaction::on_timer(TimerId id, TimePoint now) {
  if (!core_.take_firing(id, now)) {
    return;
  }
  switch (id) {
    case TimerId::kTrying:
      if (state_ == State::kProceeding && last_response_.empty()) {
        last_response_ = build_trying(*invite_);
        if (!last_response_.empty()) {
          core_.send(last_response_);
        }
      }
      return;
    case TimerId::kG:
      // §17.2.1: retransmit, doubling up to T2.
      core_.send(last_response_);
      timer_g_interval_ = std::min(2 * timer_g_interval_, timers_.t2);
      core_.arm(TimerId::kG, now + timer_g_interval_);
      return;
    case TimerId::kH:
      core_.emit(action::Timeout{});  // no ACK came
      finish(now);
      return;
    case TimerId::kI:
    case TimerId::kL:
      finish(now);
      return;
    default:
      return;
  }
}

void InviteServerTransaction::on_transport_error(TimePoint now) {
  if (state_ == State::kTerminated) {
    return;
  }
  core_.emit(action::TransportFailed{});
  finish(now);
}

void InviteServerTransaction::finish(TimePoint) {
  state_ = State::kTerminated;
  core_.terminate();
}

}  // namespace sipline::sip

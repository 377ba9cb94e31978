// RFC 3261 §17.1.1: the INVITE client transaction, with RFC 6026's Accepted state. Pure: no
// sockets, no clock, no threads; every input carries `now`, outputs are queued Actions.
//
//                     |INVITE from TU
//     Timer A fires   |INVITE sent          Timer B fires
//     resend INVITE   V                     or transport error
//      +-------- +-----------+ ----------------------------------+
//      |         |  Calling  |                                   |
//      +-------> +-----------+ ---------------------+            |
//                   |     |        2xx: to TU        |            |
//        1xx: to TU |     |                          V            |
//                   |     |  300-699: ACK,     +-----------+      |
//                   V     |  to TU             | Accepted  |<-+ 2xx: to TU
//      1xx      +-----------+                  +-----------+--+   (RFC 6026)
//      to TU +--|Proceeding |--2xx: to TU--------->|   Timer M    |
//            +->+-----------+                      |              |
//                   | 300-699: ACK, to TU          V              |
//                   V                                             |
//      300-699  +-----------+  Timer D              +-----------+ |
//      resend +-| Completed |---------------------->|Terminated |<+
//      ACK    +>+-----------+   (0 on TCP/TLS)      +-----------+
//
// Timer A: T1, doubling, UDP only. B: 64·T1, in Calling. D: 32 s on UDP, 0 on reliable
// transports. M: 64·T1. A transport error in any state ends the transaction.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "sip/message/message.hpp"
#include "sip/transaction/actions.hpp"
#include "sip/transaction/core_support.hpp"
#include "sip/transaction/timers.hpp"
#include "transport/transport_kind.hpp"

namespace sipline::sip {

class InviteClientTransaction {
 public:
  enum class State : std::uint8_t { kCalling, kProceeding, kCompleted, kAccepted, kTerminated };

  InviteClientTransaction(Message invite, transport::TransportKind transport, TimePoint now,
                          const TimerConfig& timers = {});

  void on_response(const Message& response, TimePoint now);
  void on_timer(TimerId id, TimePoint now);
  void on_transport_error(TimePoint now);
  [[nodiscard]] std::optional<Action> poll() { return core_.poll(); }

  [[nodiscard]] State state() const noexcept { return state_; }
  [[nodiscard]] const Message& request() const noexcept { return *invite_; }

 private:
  void final_failure(const Message& response, TimePoint now);

  std::unique_ptr<const Message> invite_;  // on the heap: entries of the table stay small
  std::string bytes_;                      // the INVITE as sent, for retransmissions
  bool reliable_;
  TimerConfig timers_;
  Duration timer_a_interval_;
  std::string ack_;  // the ACK for the final failure, resent for every retransmission of it
  State state_ = State::kCalling;
  CoreSupport core_;
};

}  // namespace sipline::sip

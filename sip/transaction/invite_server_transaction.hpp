// RFC 3261 §17.2.1: the INVITE server transaction, with RFC 6026's Accepted state. Pure:
// inputs carry `now`, outputs are queued Actions. The layer delivers the INVITE to the TU when
// it creates the transaction; responses come back through send_response().
//
//                               |INVITE
//                               |pass INV to TU, Timer Trying
//    INVITE           V         send 100 if TU won't in 200 ms
//    send response+-----------+
//        +--------|           |--------+ 101-199 from TU
//        |        |Proceeding |        | send response
//        +------->|           |<-------+
//                 |           |          Transport Err.
//                 |           |          Inform TU
//                 |           |--------------------------------->+
//                 +-----------+                                  |
//    300-699 from TU |     |2xx from TU                          |
//    send response   |     |send response                        |
//                    |     +------------------> +-----------+    |
//                    |        INVITE: absorb    | Accepted  |    |
//                    |        2xx from TU: send +-----------+    |
//                    |                  (6026)        | Timer L  |
//                    |                                V          |
//     INVITE         V          Timer G fires                    |
//     send response+-----------+ send response                   |
//          +-------|           |--------+                        |
//          |       | Completed |        |                        |
//          +------>|           |<-------+                        |
//                  +-----------+                                 |
//                    |     |                                     |
//                ACK |     | Timer H fires: inform TU            |
//                -   |     +-------------------------------------+
//                    V                                           |
//                  +-----------+                                 |
//                  | Confirmed | ACK: absorb                     |
//                  +-----------+                                 |
//                        | Timer I fires                         |
//                        V                                       |
//                  +-----------+                                 |
//                  |Terminated |<--------------------------------+
//                  +-----------+
//
// Timer G: T1 doubling, capped at T2, UDP only. H: 64·T1. I: T4 on UDP, 0 reliable.
// L: 64·T1. Trying: 200 ms.
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

class InviteServerTransaction {
 public:
  enum class State : std::uint8_t { kProceeding, kAccepted, kCompleted, kConfirmed, kTerminated };

  InviteServerTransaction(Message invite, transport::TransportKind transport, TimePoint now,
                          const TimerConfig& timers = {});

  // A request matching this transaction: a retransmitted INVITE, or the ACK for a non-2xx.
  void on_request(const Message& request, TimePoint now);
  // A response from the TU. Returns false (and sends nothing) when the state allows none, e.g. a
  // second final response.
  bool send_response(const Message& response, TimePoint now);
  void on_timer(TimerId id, TimePoint now);
  void on_transport_error(TimePoint now);
  [[nodiscard]] std::optional<Action> poll() { return core_.poll(); }

  [[nodiscard]] State state() const noexcept { return state_; }
  // The To tag of the responses sent so far ("" before the first tagged one): §9.2 wants the
  // 200 to a CANCEL of this INVITE to carry it too.
  [[nodiscard]] std::string_view to_tag() const noexcept { return to_tag_; }

 private:
  void finish(TimePoint now);

  // Only for a 100 Trying the TU did not send within 200 ms; dropped once it answers, so a
  // transaction waiting out Timer L holds little.
  std::unique_ptr<const Message> invite_;
  bool reliable_;
  TimerConfig timers_;
  Duration timer_g_interval_;
  std::string last_response_;  // the latest provisional, then the final, for retransmission
  std::string to_tag_;
  State state_ = State::kProceeding;
  CoreSupport core_;
};

// §8.2.6.1: the 100 Trying a UAS sends for an INVITE: its Via, From, To, Call-ID, CSeq and
// Timestamp, no To tag. Empty if those make no valid response.
[[nodiscard]] std::string build_trying(const Message& invite);

}  // namespace sipline::sip

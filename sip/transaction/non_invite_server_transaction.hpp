// RFC 3261 §17.2.2: the non-INVITE server transaction. Pure: inputs carry `now`, outputs are
// queued Actions. The layer delivers the request to the TU when it creates the transaction.
//
//                       |Request received
//                       |pass to TU
//                       V
//                 +-----------+
//                 |           |
//                 | Trying    |-------------+
//                 |           |             |
//                 +-----------+             |200-699 from TU
//                       |                   |send response
//                       |1xx from TU        |
//                       |send response      |
//                       |                   |
//    Request            V      1xx from TU  |
//    send response+-----------+send response|
//        +--------|           |--------+    |
//        |        | Proceeding|        |    |
//        +------->|           |<-------+    |
// +<--------------|           |             |
// |Trnsprt Err    +-----------+             |
// |Inform TU            |                   |
// |                     |                   |
// |                     |200-699 from TU    |
// |                     |send response      |
// |  Request            V                   |
// |  send response+-----------+             |
// |      +--------|           |             |
// |      |        | Completed |<------------+
// |      +------->|           |
// +<--------------|           |
// |Trnsprt Err    +-----------+
// |Inform TU            |
// |                     |Timer J fires
// |                     |-
// |                     |
// |                     V
// |               +-----------+
// +-------------->|Terminated |
//                 +-----------+
//
// Timer J: 64·T1 on UDP (replaying the final response to retransmissions), 0 on reliable.
#pragma once

#include <optional>
#include <string>

#include "sip/message/message.hpp"
#include "sip/transaction/actions.hpp"
#include "sip/transaction/core_support.hpp"
#include "sip/transaction/timers.hpp"
#include "transport/transport_kind.hpp"

namespace sipline::sip {

class NonInviteServerTransaction {
 public:
  enum class State : std::uint8_t { kTrying, kProceeding, kCompleted, kTerminated };

  // The request is not kept: the layer matches retransmissions by key and they are answered
  // with the last response, so a transaction waiting out Timer J holds only that.
  NonInviteServerTransaction(const Message& request, transport::TransportKind transport,
                             const TimerConfig& timers = {});

  void on_request(const Message& request, TimePoint now);  // a retransmission
  bool send_response(const Message& response, TimePoint now);
  void on_timer(TimerId id, TimePoint now);
  void on_transport_error(TimePoint now);
  [[nodiscard]] std::optional<Action> poll() { return core_.poll(); }

  [[nodiscard]] State state() const noexcept { return state_; }

 private:
  bool reliable_;
  TimerConfig timers_;
  std::string last_response_;
  State state_ = State::kTrying;
  CoreSupport core_;
};

}  // namespace sipline::sip

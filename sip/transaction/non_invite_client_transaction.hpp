// RFC 3261 §17.1.2: the non-INVITE client transaction. Pure: inputs carry `now`, outputs are
// queued Actions.
//
//                         |Request from TU
//                         |send request
//     Timer E             V
//     send request  +-----------+
//         +---------|           |-------------------+
//         |         |  Trying   |  Timer F          |
//         +-------->|           |  or transport err.|
//                   +-----------+  inform TU        |
//      200-699         |  |                         |
//      resp. to TU     |  |1xx                      |
//      +---------------+  |resp. to TU              |
//      |                  |                         |
//      |   Timer E        V       Timer F           |
//      |   send req +-----------+ or transport err. |
//      |  +---------|           | inform TU         |
//      |  |         |Proceeding |------------------>|
//      |  +-------->|           |-----+             |
//      |            +-----------+     |1xx          |
//      |              |      ^        |resp to TU   |
//      | 200-699      |      +--------+             |
//      | resp. to TU  |                             |
//      |              V                             |
//      |            +-----------+                   |
//      |            |           |                   |
//      |            | Completed |                   |
//      |            |           |                   |
//      |            +-----------+                   |
//      |              ^   |                         |
//      |              |   | Timer K                 |
//      +--------------+   | -                       |
//                         |                         |
//                         V                         |
//                   +-----------+                   |
//                   |Terminated |<------------------+
//                   +-----------+
//
// Timer E: T1 doubling, capped at T2; T2 in Proceeding; UDP only. F: 64·T1. K: T4 on UDP,
// zero on reliable transports.
#pragma once

#include <optional>
#include <string>

#include "sip/message/message.hpp"
#include "sip/transaction/actions.hpp"
#include "sip/transaction/core_support.hpp"
#include "sip/transaction/timers.hpp"
#include "transport/transport_kind.hpp"

namespace sipline::sip {

class NonInviteClientTransaction {
 public:
  enum class State : std::uint8_t { kTrying, kProceeding, kCompleted, kTerminated };

  NonInviteClientTransaction(Message request, transport::TransportKind transport, TimePoint now,
                             const TimerConfig& timers = {});

  void on_response(const Message& response, TimePoint now);
  void on_timer(TimerId id, TimePoint now);
  void on_transport_error(TimePoint now);
  [[nodiscard]] std::optional<Action> poll() { return core_.poll(); }

  [[nodiscard]] State state() const noexcept { return state_; }

 private:
  std::string bytes_;
  bool reliable_;
  TimerConfig timers_;
  Duration timer_e_interval_;
  State state_ = State::kTrying;
  CoreSupport core_;
};

}  // namespace sipline::sip

// What a transaction core asks of its driver and its transaction user. Cores queue these; the
// driver drains them with poll() after every input.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "base/clock.hpp"
#include "sip/message/message.hpp"
#include "sip/transaction/timers.hpp"

namespace sipline::sip {

// Messages travel boxed: a Message keeps its parsed headers inline (~2.8 KB), and every queued
// action, event and output would otherwise be that large, as would the capacity of the queues a
// transaction keeps while it waits out Timer J or L.
using MessagePtr = std::unique_ptr<Message>;

namespace action {
struct Send {  // pass these bytes to the transport (a request, a response, an ACK)
  std::string bytes;
};
struct StartTimer {  // (re)arm a timer at an absolute deadline
  TimerId id;
  TimePoint deadline;
};
struct CancelTimer {
  TimerId id;
};
struct Deliver {  // a response for the client TU, or (Accepted) a 2xx retransmission
  MessagePtr message;
};
struct Timeout {};          // Timer B, F or H: the request failed as a 408 would (§8.1.3.1)
struct TransportFailed {};  // the transport could not deliver (§17.1.4, §17.2.4)
struct Terminated {};       // the transaction is over: the driver may drop it
}  // namespace action

using Action = std::variant<action::Send, action::StartTimer, action::CancelTimer, action::Deliver,
                            action::Timeout, action::TransportFailed, action::Terminated>;

}  // namespace sipline::sip

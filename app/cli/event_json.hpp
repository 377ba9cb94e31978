// The phone's typed events as the control socket pushes them: one JSON object a line, in the
// shape of baresip's ctrl_tcp events so clients written for it read ours —
//   {"event":true,"class":"call","type":"CALL_INCOMING","id":1,"direction":"incoming",
//    "peeruri":"sip:bob@…","peername":"Bob","param":"…"}
// — with baresip's type names where it has one (CALL_INCOMING, CALL_RINGING, CALL_PROGRESS,
// CALL_ESTABLISHED, CALL_CLOSED, CALL_HOLD, CALL_RESUME, CALL_TRANSFER, CALL_TRANSFER_FAILED,
// CALL_REDIRECT, CALL_DTMF_START, REGISTERING, REGISTER_OK, REGISTER_FAIL, UNREGISTERING) and
// our own for the rest. Every string is escaped (json_escape): a caller's name is data.
#pragma once

#include <chrono>
#include <string>

#include "app/core/phone_events.hpp"

namespace sipline::app {

// The event's JSON line (no newline); "" for the events not pushed (SIP traces: --sip-trace
// prints them). `now`: the wall-clock time, for the end-of-call summary's "end".
[[nodiscard]] std::string event_json(const PhoneEvent& event,
                                     std::chrono::system_clock::time_point now);

}  // namespace sipline::app

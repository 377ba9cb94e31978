// What the phone tells its front ends: one typed event for each thing that happened to a call,
// an account or the phone. The console prints them (app/cli/event_text.hpp); event hooks and a
// control socket consume the same values. Each call event carries the whole CallRef, so a
// consumer keeps no state of its own to say which call, which way and with whom.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "app/core/call_statistics.hpp"
#include "app/core/dtmf.hpp"
#include "base/clock.hpp"
#include "sip/ua/ua_types.hpp"
#include "transport/flow.hpp"

namespace sipline::app {

enum class CallDirection : std::uint8_t { kIncoming, kOutgoing };

// A call as the phone sees it:
//
//   outgoing: calling ─1xx─▶ ringing (180) / progress (other 1xx) ─2xx─▶ confirmed ─┐
//   incoming: incoming ─(we ring)─▶ ringing ─answer, ACK─▶ confirmed ───────────────┤
//             any state ─ final failure, CANCEL, BYE ─▶ ended (the call is gone) ◀──┘
enum class PhoneCallState : std::uint8_t { kCalling, kIncoming, kRinging, kProgress, kConfirmed };

struct CallRef {
  sip::CallId id = 0;
  CallDirection direction = CallDirection::kOutgoing;
  std::string remote;        // as given: the peer's From value, or the URI we dialled
  std::string remote_uri;    // the URI alone
  std::string display_name;  // unquoted; "" when none
};

namespace event {
struct CallOutgoing {  // our INVITE went out
  CallRef call;
};
struct CallIncoming {  // an INVITE came
  CallRef call;
  // Who forwarded it to us (Diversion, History-Info): "sip:alice@pbx (no-answer)"; "" if none.
  std::string forwarded_by{};
};
// An incoming call rings here: its 180 went (it passed the rules that refuse or forward a call
// before it rings). MicroSIP's cmdCallRing.
struct CallRinging {
  CallRef call;
};
struct CallProgress {  // a provisional response to ours: 180 rings, others are progress
  CallRef call;
  int status = 0;
};
// Our INVITE failed at a server (a timeout 408, a transport error or a 503) before the call was
// answered, and went to the next server DNS gave for it (RFC 3263 §4.3).
struct CallRetried {
  CallRef call;
  int status = 0;
  transport::Flow to;
};
struct CallDtmf {  // the peer pressed a key (RFC 4733 events in its RTP, tones, or SIP INFO)
  CallRef call;
  char key = '0';  // 0-9 * # A-D
  DtmfVia via = DtmfVia::kRtpEvent;
};
struct DtmfNotSent {  // a key of ours could not go (the keys after it are dropped too)
  CallRef call;
  char key = '0';
  std::string reason;
};
// SIP MESSAGE (RFC 3428): a text the peer sent (outside any call, or in one), and the answer to
// one of ours (2xx: delivered).
struct MessageReceived {
  std::string from;          // the From value
  std::string from_uri;      // the URI alone
  std::string display_name;  // "" when none
  std::string text;
};
struct MessageAnswered {
  std::uint32_t id = 0;  // as send_message() gave it
  std::string to;        // the target's URI
  int status = 200;      // 408: no answer, 503: not sent
};
struct CallEarlyMedia {  // an answer in a 1xx: its media runs before the call is answered
  CallRef call;
  std::string codec;  // "PCMU/8000"
};
struct CallConfirmed {
  CallRef call;
  std::string codec;  // "" when no audio stream was agreed
};
struct CallEnded {
  CallRef call;
  int status = 0;  // the final status, 200 for a BYE, 487 when cancelled, 408 for a timeout
  bool by_peer = false;
};
// The call's record, once it has ended and its media (if any ran) has stopped: what a call
// detail record keeps (--cdr).
struct CallSummary {
  CallRef call;
  std::string codec;     // the last agreed; "" when none was
  Duration setup{0};     // from the INVITE to the call's confirmation (0: never confirmed)
  Duration talk{0};      // from the confirmation to the end
  int status = 0;        // as CallEnded
  bool by_peer = false;  // as CallEnded
  std::optional<CallStatistics> media;  // nullopt: no media ran
};
struct CallHeld {  // we hold the call now (by_peer: the peer holds it)
  CallRef call;
  bool by_peer = false;
};
struct CallResumed {  // off hold again (by_peer: the peer took it off)
  CallRef call;
  bool by_peer = false;
};
struct CallMediaChanged {  // a re-INVITE or UPDATE moved the media: a new address, port or codec
  CallRef call;
  std::string codec;   // "PCMU/8000"
  std::string remote;  // "192.0.2.7:40000": where our RTP goes now
};
struct CallOfferRefused {  // an offer inside the call was refused (by either side); unchanged
  CallRef call;
  int status = 0;  // 491 when the offers crossed
};
struct CallRejected {  // we refused an incoming call ourselves: no RTP port, no or a bad offer
  CallRef call;
  int status = 0;
  std::string reason;
};
struct CallAnswerUnusable {  // the peer's SDP answer could not be used: we hang up
  CallRef call;
  std::string reason;
};
struct AutoAnswerFailed {
  CallRef call;
  std::string reason;
};
// An incoming call will be answered automatically after `delay` (autoAnswerDelay, or the
// caller's own answer-after).
struct AutoAnswerWaiting {
  CallRef call;
  Duration delay{0};
};
// We sent an incoming call on to `target` with a 302 (forwarding, RFC 5806), at once or after
// it rang unanswered for forwardingDelay.
struct CallForwarded {
  CallRef call;
  std::string target;
  bool after_ringing = false;
};
// Our call got a 3xx naming `target`: it goes on as call `next` (0: once a lookup or the
// account's registration is done); an empty `target` with `reason`: not followed.
struct CallRedirected {
  CallRef call;
  int status = 0;
  std::string target;
  sip::CallId next = 0;
  std::string reason{};
};
// Transfer (RFC 3515). Ours: the REFER went to the peer of `call`, asking it to call `target`
// (attended: replacing our call `replacing`); then how it goes, `status` from the peer's
// answer to the REFER (a refusal, final) or from its NOTIFYs (180 ringing, 200 final: the
// transfer worked and our call is hung up).
struct CallTransferring {
  CallRef call;
  std::string target;
  sip::CallId replacing = 0;
};
struct CallTransferProgress {
  CallRef call;
  int status = 0;
  bool final = false;
  bool refused = false;  // the REFER itself was refused (405, 403 …)
};
// The peer of `call` asked us to call `target` (its REFER): we did, as call `next` (0: once a
// lookup or the account's registration is done, or not at all: `reason`).
struct CallReferred {
  CallRef call;
  std::string target;
  sip::CallId next = 0;
  std::string reason{};
};
// The incoming `call` replaces our call `replaced` (RFC 3891: an attended transfer's last step).
struct CallReplaced {
  CallRef call;
  sip::CallId replaced = 0;
};
// The local conference's members now, in call order (empty: it has ended).
struct ConferenceChanged {
  std::vector<sip::CallId> members;
};
// autoHangUpTime: the call was hung up after so long up.
struct CallTimeLimit {
  CallRef call;
  Duration limit{0};
};
struct DialWaiting {  // the account is registering for the first time: the call goes after
  std::string target;
  std::string account;
  std::string looking_up{};  // or: the callee's host is being looked up in DNS (RFC 3263)
};
struct DialFailed {  // a waiting dial could not be placed
  std::string target;
  std::string reason;
};
struct RegistrationChanged {
  std::size_t account = 0;  // 1-based, as [AccountN] counts
  std::string name;         // its label, or its address of record
  sip::RegistrationState state = sip::RegistrationState::kIdle;
  int status = 0;             // the response that caused it, 0 for none
  std::uint32_t expires = 0;  // granted, when registered
  std::string reason{};       // why it failed, when no response says it (its registrar not found)
};
struct MediaReport {  // a line from the media engine (a call's media, its audio summary …)
  std::string text;
};
struct SipTrace {  // --sip-trace: a message in or out
  bool outgoing = false;
  transport::Flow flow;
  std::string bytes;
};
struct TransportFailed {
  transport::Flow flow;
  std::string reason;
};
// What STUN said of where a NAT shows us (RFC 5389); `address` empty: nothing (`error` why).
struct PublicAddress {
  std::string address;
  std::uint16_t port = 0;
  std::string error;
};
}  // namespace event

using PhoneEvent =
    std::variant<event::CallOutgoing, event::CallIncoming, event::CallRinging, event::CallProgress,
                 event::CallRetried, event::CallEarlyMedia, event::CallConfirmed, event::CallDtmf,
                 event::DtmfNotSent, event::CallEnded, event::CallSummary, event::CallHeld,
                 event::CallResumed, event::CallMediaChanged, event::CallOfferRefused,
                 event::CallRejected, event::CallAnswerUnusable, event::AutoAnswerFailed,
                 event::AutoAnswerWaiting, event::CallForwarded, event::CallRedirected,
                 event::CallTimeLimit, event::CallTransferring, event::CallTransferProgress,
                 event::CallReferred, event::CallReplaced, event::ConferenceChanged,
                 event::DialWaiting, event::DialFailed, event::RegistrationChanged,
                 event::MediaReport, event::SipTrace, event::TransportFailed, event::PublicAddress,
                 event::MessageReceived, event::MessageAnswered>;

}  // namespace sipline::app

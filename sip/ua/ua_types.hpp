// What goes into and comes out of the user agent and its INVITE sessions: call ids, the timers
// it asks for, the bytes it sends and the call events it reports, the caller's identity and
// credentials, the registrations it keeps. Shared by user_agent.hpp and invite_session.hpp.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "base/clock.hpp"
#include "sip/message/message.hpp"
#include "sip/transaction/timers.hpp"
#include "sip/transaction/transaction_layer.hpp"
#include "sip/ua/registration.hpp"
#include "transport/flow.hpp"

namespace sipline::sip {

using CallId = std::uint32_t;
using RegistrationId = std::uint32_t;

// The states of an INVITE session (drawn in invite_session.hpp).
enum class CallState : std::uint8_t {
  kCalling,      // outgoing, no answer yet
  kEarly,        // outgoing, a 1xx came
  kIncoming,     // incoming, not answered
  kAnswering,    // incoming, 200 sent, waiting for the ACK
  kConfirmed,    // both sides agree: the call is up
  kTerminating,  // BYE or CANCEL sent
};

// How an offer of ours inside a confirmed call goes (reoffer()).
enum class OfferMethod : std::uint8_t {
  kInvite,  // a re-INVITE (RFC 3261 §14.1)
  kUpdate,  // an UPDATE (RFC 3311) when the peer allows it (Allow), else a re-INVITE
};

// Which timer fired: a transaction's, a call's 2xx retransmission (§13.3.1.4), a
// registration's refresh or retry (§10.2.4, RFC 5626 §4.5), or a call's wait after glare.
struct UaTimerKey {
  enum class Kind : std::uint8_t {
    kTransaction,
    kAnswerRetransmit,
    kRegistration,
    kOfferRetry,           // after a 491: when our offer may go again (§14.1)
    kSessionTimer,         // RFC 4028: our refresh is due, or the peer's is overdue
    kReliableProvisional,  // RFC 3262: our reliable 1xx again, until its PRACK
    kKeepAlive,            // RFC 5626 §4.4.1: a registration's flow is due a keep-alive (timer
                           // A) or, on a connection, the keep-alive's pong (timer B)
    // The phone core's own (app/core), one of each per call: its next DTMF key is due; a
    // ringing call is to be answered automatically, or forwarded (forwardingDelay); a
    // confirmed one is to be hung up (autoHangUpTime).
    kDtmf,
    kAutoAnswer,
    kForward,
    kAutoHangUp,
  };
  Kind kind = Kind::kTransaction;
  std::uint64_t id = 0;  // transaction, call or registration
  TimerId timer = TimerId::kA;
  friend auto operator<=>(const UaTimerKey&, const UaTimerKey&) = default;
};

struct UaTimerKeyHash {
  std::size_t operator()(const UaTimerKey& key) const noexcept {
    return std::hash<std::uint64_t>{}((key.id << 8U) ^
                                      (static_cast<std::uint64_t>(key.timer) << 1U) ^
                                      static_cast<std::uint64_t>(key.kind));
  }
};

namespace ua {
struct Send {
  transport::Flow to;
  std::string bytes;
};
struct SetTimer {
  UaTimerKey key;
  TimePoint at;
};
struct CancelTimer {
  UaTimerKey key;
};
// Close the connection `flow` travels on: a registration's keep-alive got no pong (RFC 5626
// §4.4.1). Its end comes back as on_flow_failed, which registers again on a new connection.
struct DropFlow {
  transport::Flow flow;
};
// A header of an incoming INVITE the application decides on: whether the caller asks to be
// answered automatically (X-AUTOANSWER, Call-Info, Alert-Info) and who forwarded the call to us
// (Diversion, RFC 5806; History-Info, RFC 7044).
struct CallHeader {
  std::string name;  // as written
  std::string value;
};
inline constexpr std::size_t kMaxCallHeaders = 16;  // the first ones; the rest are not read
struct IncomingCall {
  CallId call;
  std::string from;  // the From header value
  std::string to;
  std::string content_type;  // of the offer; empty when the INVITE had no body
  std::string offer;
  std::vector<CallHeader> headers;
  // RFC 3891: the INVITE replaces this call of ours (its Replaces named one of our confirmed
  // dialogs); 0: none.
  CallId replaces = 0;
};
struct CallProgress {  // outgoing: a provisional response
  CallId call;
  int status;
  std::string content_type;
  std::string body;  // early media SDP, if any
};
struct CallConfirmed {  // the call is up; for outgoing calls, the answer's body
  CallId call;
  std::string content_type;
  std::string body;
};
// Our INVITE failed at a server before the call was answered (a timeout, a transport error, a
// 503) and went again to the next of CallerIdentity::other_servers (RFC 3263 §4.3).
struct CallRetried {
  CallId call;
  int status;
  transport::Flow to;
};
struct CallEnded {
  CallId call;
  int status;  // the final status or 200 for a BYE; 408 for a timeout; 487 when cancelled
  bool by_peer;
  // Our INVITE's 3xx: the Contact URIs it names, best (highest q) first (RFC 3261 §8.1.3.4).
  std::vector<std::string> redirect_to = {};
};
inline constexpr std::size_t kMaxRedirectTargets = 8;
// A re-INVITE from the peer (RFC 3261 §14.2): its offer, or none when it asks for ours (RFC 3264
// §5: our offer then goes in the 200 and its answer comes in the ACK, as a SessionAnswer). The
// application answers with UserAgent::accept_offer() or refuse_offer(), before the next input.
struct SessionOffer {
  CallId call;
  std::string content_type;
  std::string offer;  // empty: the peer wants our offer
};
// The outcome of an offer of ours inside a call: the peer's answer (status 200: in the 2xx to
// our re-INVITE, or in the ACK to our offer in a 2xx), or its refusal (a 3xx–6xx, 408 for a
// timeout), which leaves the session as it was (§14.1). A 491 comes up as such: the offers
// crossed (glare).
struct SessionAnswer {
  CallId call;
  int status = 200;
  std::string content_type;
  std::string answer;
};
// Our offer got 491 (the peer's crossed it) and the random wait of §14.1 is over: an offer may
// go again (reoffer()), if the application still wants one.
struct OfferRetry {
  CallId call;
};
struct RegistrationChanged {  // a registration kept by add_registration() changed state
  RegistrationId registration;
  RegistrationState state;
  int status = 0;             // the response that caused it, 0 for none
  std::uint32_t expires = 0;  // granted, when registered
};
struct Response {  // the final response to a request sent with send_request()
  TransactionId transaction;
  std::shared_ptr<const Message> message;  // boxed (a Message is ~2.8 KB), shared: copyable
};
// INFO inside a call (RFC 6086): the peer's, with its body (answered 200 already); and the
// outcome of ours (a final status; 408 for no answer, and then the call ends, §12.2.1.2).
struct InfoReceived {
  CallId call;
  std::string content_type;
  std::string body;
};
struct InfoAnswered {
  CallId call;
  int status = 200;
};
// SIP MESSAGE (RFC 3428), outside calls: the peer's text (answered 200 already), and the final
// answer to ours (408 for none, 503 for a transport error).
struct PageReceived {
  std::string from;  // the From value
  std::string to;
  std::string content_type;
  std::string body;
};
struct PageAnswered {
  std::uint32_t page = 0;  // as send_page() gave it
  int status = 200;
};
// Transfer (RFC 3515; invite_session_refer.cpp). Ours: the final answer to our REFER (408 for
// none; `no_subscription`: a 2xx with Refer-Sub: false, RFC 4488: no NOTIFY will come), then each
// NOTIFY's message/sipfrag status (`final` once the subscription is terminated).
struct ReferAnswered {
  CallId call;
  int status = 202;
  bool no_subscription = false;
};
struct ReferNotified {
  CallId call;
  int status = 100;
  bool final = false;
};
// The peer's REFER, accepted 202: where it asks us to call (the Refer-To URI without its
// header part), the Replaces it carries (RFC 3891, unescaped; empty: none) and its Referred-By.
// The application reports progress with UserAgent::notify_refer().
struct ReferReceived {
  CallId call;
  std::string target;
  std::string replaces;
  std::string referred_by;
};
struct RequestFailed {  // that request timed out (408) or its transport failed (503)
  TransactionId transaction;
  int status;
};
}  // namespace ua

using UaOutput =
    std::variant<ua::Send, ua::SetTimer, ua::CancelTimer, ua::IncomingCall, ua::CallProgress,
                 ua::CallConfirmed, ua::CallRetried, ua::CallEnded, ua::SessionOffer,
                 ua::SessionAnswer, ua::OfferRetry, ua::RegistrationChanged, ua::Response,
                 ua::RequestFailed, ua::DropFlow, ua::InfoReceived, ua::InfoAnswered,
                 ua::PageReceived, ua::PageAnswered, ua::ReferAnswered, ua::ReferNotified,
                 ua::ReferReceived>;

// What the user agent may answer a 401/407 to its own INVITE (or BYE) with. Only challenges
// whose realm is `realm` — the one our registrar challenged us with — are answered: a callee or
// anyone else on the path asking for a digest in another realm would otherwise get our
// credentials worked into a response it can replay (the "digest leak"). Empty realm: none.
struct Credentials {
  std::string username;
  std::string password;
  std::string realm;
};

// Who places an outgoing call, when not the UA's defaults: a phone with several accounts calls
// from the one chosen, with that account's address, Contact and credentials.
struct CallerIdentity {
  std::string from;          // our URI in From ("sip:alice@example.com"); empty: local_uri
  std::string display_name;  // optional, quoted into From
  std::string contact;       // our Contact URI; empty: the configured one
  std::optional<Credentials> credentials;  // empty: those of set_credentials()
  // An outbound proxy's Route ("<sip:proxy.example.com;lr>", RFC 3261 §8.1.2): on the INVITE
  // (and its CANCEL); empty: none.
  std::string route{};
  // RFC 3263 §4.3: the servers to try in turn, after the one dial() was given, when the INVITE
  // times out there, cannot be sent there or gets a 503 (the same request, a new branch).
  std::vector<transport::Flow> other_servers{};
  // More header fields for the INVITE: Referred-By and Replaces when following a REFER.
  std::vector<ua::CallHeader> extra_headers{};
};

// A SIP MESSAGE of ours (RFC 3428): its text to `target`, sent to `to` (the account's registrar
// as outbound proxy, or the target's host), from `caller` (its address, display name, route and
// the credentials a challenge in its realm is answered with).
struct OutgoingPage {
  std::string target;  // Request-URI and To
  transport::Flow to;
  CallerIdentity caller;
  std::string text;  // text/plain;charset=UTF-8
};

}  // namespace sipline::sip

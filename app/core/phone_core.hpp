// The phone core, sans-I/O: the user agent, the accounts with their registrations, the calls
// with their SDP offer/answer, and which media each call should run. Datagrams, timer firings
// and the user's commands go in with `now`; bytes to send, timers to set, media to start or
// stop and typed PhoneEvents come out of poll(). No socket, thread or clock in here: the driver
// (phone.hpp) runs it on Asio, the unit tests on a virtual clock. RTP ports come from a
// PortSource: the driver binds a socket for each, the tests hand out numbers.
//
// Every entry point runs the user agent's outputs to the end once, in order; a reaction that
// commands the user agent (ringing, auto-answer, a hang-up after a bad answer, a waiting dial)
// only queues more outputs for the same run — nothing re-enters.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "app/core/phone_config.hpp"
#include "app/core/phone_events.hpp"
#include "base/random.hpp"
#include "base/result.hpp"
#include "sdp/negotiated.hpp"
#include "sip/ua/user_agent.hpp"

namespace sipline::app {

// RTP ports for calls. A reservation holds its port until the media that uses it starts (then
// the media owns it) or until release().
class PortSource {
 public:
  struct Reserved {
    std::uint32_t ticket = 0;
    std::uint16_t port = 0;
  };
  virtual ~PortSource() = default;
  [[nodiscard]] virtual Result<Reserved> reserve() = 0;
  virtual void release(std::uint32_t ticket) = 0;
};

namespace media_command {
struct Start {  // the call's media runs from now on this stream, on the reserved port
  sip::CallId call = 0;
  std::uint32_t port_ticket = 0;
  sdp::NegotiatedStream stream;
};
struct Update {  // the call's media goes on with this stream: a new address, codec or direction
  sip::CallId call = 0;
  sdp::NegotiatedStream stream;
  bool held = false;  // we hold the call: silence to the peer, nothing heard
};
struct Stop {
  sip::CallId call = 0;
};
// A key pressed into the call's audio: RFC 4733 events, or tones in the audio (in-band).
struct Dtmf {
  sip::CallId call = 0;
  char key = '0';
  DtmfVia via = DtmfVia::kRtpEvent;
};
// The call's audio recorded from now on (`on`), as a file named after `name`; or no longer.
struct Record {
  sip::CallId call = 0;
  bool on = true;
  RecordingName name;
};
// The call joins the local conference (`member`) or leaves it.
struct Conference {
  sip::CallId call = 0;
  bool member = true;
};
}  // namespace media_command

// A host name to find the servers of (RFC 3263): an account's registrar (then tell
// on_located) or the callee of a dial without an account (then tell on_dial_located).
struct LocateServers {
  std::size_t account = 0;  // 1-based; 0: a dial
  std::uint32_t dial = 0;   // the dial's ticket
  sip::LocateRequest request;
  sip::LocateSupport support;  // what the phone can use
};

// Ask the STUN server where a NAT shows our SIP port (then tell on_public_address).
struct FindPublicAddress {
  sip::LocateRequest server;  // its host and port (3478 unless given)
  sip::LocateSupport support;
};

using PhoneOutput =
    std::variant<sip::ua::Send, sip::ua::SetTimer, sip::ua::CancelTimer, sip::ua::DropFlow,
                 media_command::Start, media_command::Update, media_command::Stop,
                 media_command::Dtmf, media_command::Record, media_command::Conference,
                 LocateServers, FindPublicAddress, PhoneEvent>;

struct CallInfo {
  CallRef call;
  PhoneCallState state = PhoneCallState::kCalling;
  std::string codec;          // the negotiated send codec, once known
  bool held = false;          // we hold it
  bool held_by_peer = false;  // the peer holds it
};

struct AccountInfo {
  std::size_t index = 0;  // 1-based
  bool is_default = false;
  std::string name;
  sip::RegistrationState state = sip::RegistrationState::kIdle;
  std::uint32_t granted_expires = 0;
};

class PhoneCore {
 public:
  // `sip_port`: where the transport listens (it is in our Via and Contact).
  PhoneCore(PhoneConfig config, std::uint16_t sip_port, Random& random, PortSource& ports);
  ~PhoneCore();
  PhoneCore(const PhoneCore&) = delete;
  PhoneCore& operator=(const PhoneCore&) = delete;

  // Checks the accounts and starts registering them.
  [[nodiscard]] Result<void> start(TimePoint now);

  void on_message(const transport::Flow& from, std::string_view bytes, TimePoint now);
  void on_flow_failed(const transport::Flow& flow, TimePoint now);
  // The media heard the peer press `key` in call `call` (one report per key press).
  void on_media_dtmf(sip::CallId call, char key, DtmfVia via = DtmfVia::kRtpEvent);
  void on_pong(const transport::Flow& from, TimePoint now);
  void on_timer(const sip::UaTimerKey& key, TimePoint now);
  // The servers a LocateServers found, best first (none: `error` says why). The account
  // registers with the first; a timeout, a transport failure or a 503 moves it to the next
  // (RFC 3263 §4.3).
  void on_located(std::size_t account, const std::vector<sip::LocateTarget>& servers,
                  const std::string& error, TimePoint now);
  // What the STUN server said (an empty `address`: nothing, `error` says why). The accounts
  // register from then on: with that address and port in their Contacts (and the address in
  // calls' SDP) when there is one, else with ours.
  void on_public_address(const std::string& address, std::uint16_t port, const std::string& error,
                         TimePoint now);
  // A dial's callee: the call goes to the first server found (none: DialFailed says why).
  void on_dial_located(std::uint32_t dial, const std::vector<sip::LocateTarget>& servers,
                       const std::string& error, TimePoint now);

  // `target`: a sip: URI, user@host[:port], or a user at the default account's domain. The call
  // id, or 0 when the call waits for the account's first registration (DialWaiting says so).
  [[nodiscard]] Result<sip::CallId> dial(std::string_view target, TimePoint now);
  // The first ringing incoming call, or the one named.
  [[nodiscard]] Result<void> answer(std::optional<sip::CallId> call, TimePoint now);
  // Early media in that call before answering it: a 183 with our SDP answer (reliable when the
  // caller supports 100rel) and our audio to the caller; answer() then sends the same answer.
  [[nodiscard]] Result<void> early_media(std::optional<sip::CallId> call, TimePoint now);
  // Declines a ringing incoming call with 603.
  [[nodiscard]] Result<void> reject(std::optional<sip::CallId> call, TimePoint now);
  // The call named, or the newest one.
  [[nodiscard]] Result<void> hangup(std::optional<sip::CallId> call, TimePoint now);
  void hangup_all(TimePoint now);
  // Holds the call named, or the newest confirmed one not held (a re-INVITE with a=sendonly,
  // RFC 3264 §8.4); resume takes the call named, or the newest held one, off hold and holds
  // every other call. The outcome comes as CallHeld/CallResumed or CallOfferRefused.
  [[nodiscard]] Result<void> hold(std::optional<sip::CallId> call, TimePoint now);
  [[nodiscard]] Result<void> resume(std::optional<sip::CallId> call, TimePoint now);
  // Presses `keys` (parse_dtmf_keys) in the call named, or the newest confirmed one, by the
  // configured DtmfMethod: one key every 200 ms, a second for each ','; keys already waiting go
  // first. Fails when the call cannot take DTMF that way (DtmfNotSent tells of a later key).
  [[nodiscard]] Result<void> send_dtmf(std::optional<sip::CallId> call, std::string_view keys,
                                       TimePoint now);
  // A SIP MESSAGE (RFC 3428) with `text` to `target` (as dial() takes it): through the default
  // account (its digest answers a challenge), or straight to an IP address. Its id; the outcome
  // comes as MessageAnswered.
  [[nodiscard]] Result<std::uint32_t> send_message(std::string_view target, std::string_view text,
                                                   TimePoint now);
  // Blind transfer (RFC 3515): asks the peer of the call named (or the newest confirmed one) to
  // call `target` (as dial() takes it); CallTransferProgress tells how it goes, and our call is
  // hung up once the target answered.
  [[nodiscard]] Result<void> transfer(std::optional<sip::CallId> call, std::string_view target,
                                      TimePoint now);
  // Attended transfer: asks the peer of `call` to call the peer of `other` in its place (Refer-To
  // with Replaces naming `other`'s dialog, RFC 3891); both our calls end when it worked.
  [[nodiscard]] Result<void> attended_transfer(sip::CallId call, sip::CallId other, TimePoint now);
  // A local conference (MicroSIP's): the calls named (two or more, confirmed) join it — each
  // taken off hold, each hearing the others and us; more may join later. An empty `calls` ends
  // it: the calls go on, the newest talking and the others on hold. A member held stays out
  // of the mix until resumed; one that ends leaves it.
  [[nodiscard]] Result<void> conference(std::span<const sip::CallId> calls, TimePoint now);
  // Records the call named (or the newest confirmed one) from now on, or stops (`on` false);
  // it needs its media running.
  [[nodiscard]] Result<void> record(std::optional<sip::CallId> call, bool on, TimePoint now);
  // Do not disturb: every incoming call refused with 486 from now on (MicroSIP's DND button).
  void set_do_not_disturb(bool on) { config_.do_not_disturb = on; }
  [[nodiscard]] bool do_not_disturb() const { return config_.do_not_disturb; }
  // Auto-answer: every incoming call answered at once from now on (MicroSIP's AA button).
  void set_auto_answer(bool on) { config_.auto_answer = on; }
  [[nodiscard]] bool auto_answer() const { return config_.auto_answer; }
  // Forwarding: every incoming call sent on to PhoneConfig::forward_to from now on (MicroSIP's
  // FWD button). Fails when no forward_to is configured.
  [[nodiscard]] Result<void> set_forwarding(bool on);
  [[nodiscard]] bool forwarding() const { return config_.forwarding; }
  // The account dialled, messaged and forwarded from when none is named: 1-based, 0 for the
  // local account (calls by IP). Fails for an account that does not exist.
  [[nodiscard]] Result<void> set_default_account(std::size_t account);
  // The default account's password from now on (MicroSIP's /password:): it registers again
  // with it at once, unless it is not registering yet (its registrar being looked up).
  [[nodiscard]] Result<void> set_password(std::string password, TimePoint now);
  // Hangs up every call and unregisters every account; unregistering() says when that is done.
  void shutdown(TimePoint now);
  [[nodiscard]] bool unregistering() const;

  [[nodiscard]] std::optional<PhoneOutput> poll();
  // The name a TLS server at `to` must prove in its certificate (RFC 5922 §4.1): the host an
  // account's registrar or a dialled URI named. Empty when none is known: its address then.
  [[nodiscard]] std::string tls_server_name(const transport::Flow& to) const;
  [[nodiscard]] std::vector<CallInfo> calls() const;
  [[nodiscard]] std::vector<AccountInfo> accounts() const;

 private:
  struct Call;
  struct Line;
  // phone_core.cpp
  void run(TimePoint now);                 // the user agent's outputs, to the end
  void hang_up_every_call(TimePoint now);  // commands only: run() carries them out
  void emit(PhoneEvent event) { out_.emplace_back(std::move(event)); }
  // phone_core_calls.cpp
  // `found`: where the INVITE goes when DNS found it, best first (the others are tried in turn,
  // RFC 3263 §4.3); else the registrar, or the URI's IP address.
  // `extra`: more INVITE header fields (Referred-By, Replaces), when placed at once.
  [[nodiscard]] Result<sip::CallId> place_call(std::string_view target, TimePoint now,
                                               std::span<const sip::LocateTarget> found = {},
                                               std::vector<sip::ua::CallHeader> extra = {});
  // `target` as a whole URI: sip: (or sips: through a sips: account) added, and the account's
  // domain after a user name alone.
  [[nodiscard]] std::string complete_uri(std::string_view target, const Line* line) const;
  // `hold_others_first`: the user answers (the other calls go on hold); auto-answer does not.
  [[nodiscard]] Result<void> answer_call(Call& call, TimePoint now, bool hold_others_first);
  // Our SDP answer to the caller's offer, negotiated once and kept in the call; null: it could
  // not be, and the call was refused (CallRejected).
  // `refuse_malformed` false: an offer that does not parse is left for later (null, the call
  // not refused), as a call that rings must be until it is answered.
  [[nodiscard]] const std::string* our_answer(Call& call, TimePoint now,
                                              bool refuse_malformed = true);
  [[nodiscard]] Call* ringing_call(std::optional<sip::CallId> id) const;
  // The call named (in any state), or the newest confirmed one; null when there is none.
  [[nodiscard]] Call* named_or_newest_confirmed(std::optional<sip::CallId> id) const;
  [[nodiscard]] Call* find(sip::CallId id) const;
  [[nodiscard]] Result<std::uint16_t> reserve_rtp_port(Call& call);
  // Ours for a call through `line` (null: by IP): its SRTP policy, and the address its
  // Contact gives (the one the registrar saw us at, with allowRewrite) for the media.
  [[nodiscard]] sdp::LocalCapabilities capabilities(std::uint16_t rtp_port, const Line* line) const;
  [[nodiscard]] bool take_answer(Call& call, std::string_view body, TimePoint now);
  void start_media(Call& call);
  void on_incoming(const sip::ua::IncomingCall& incoming, TimePoint now);
  // Why a new incoming call (in calls_ already) is refused with 486 before it rings: do not
  // disturb, call waiting off, the call limit; nullopt: it may ring.
  [[nodiscard]] std::optional<std::string_view> incoming_refusal() const;
  // phone_core_incoming.cpp
  // The rules of a new incoming call (in calls_ already) before it rings: refusals, deny rules,
  // forwarding at once. False: it was refused or forwarded.
  [[nodiscard]] bool admit_incoming(Call& call, const sip::ua::IncomingCall& incoming,
                                    TimePoint now);
  // Once it rings: forwarding after a delay, automatic answers.
  void after_ringing(Call& call, const sip::ua::IncomingCall& incoming, TimePoint now);
  // Refuses the new call with 486 for `reason` (told as CallRejected); false, always.
  bool refuse(Call& call, std::string_view reason, TimePoint now);
  [[nodiscard]] Result<void> forward(Call& call, bool after_ringing, TimePoint now);
  void set_call_timer(Call& call, sip::UaTimerKey::Kind kind, TimePoint at);
  void cancel_call_timers(const Call& call);
  void on_call_timer(const sip::UaTimerKey& key, TimePoint now);  // not kDtmf
  // Our call got a 3xx with these targets: follow the best not tried yet (a loop limit).
  void follow_redirect(const Call& call, const sip::ua::CallEnded& ended, TimePoint now);
  void on_progress(const sip::ua::CallProgress& progress, TimePoint now);
  void on_confirmed(const sip::ua::CallConfirmed& confirmed, TimePoint now);
  void on_ended(const sip::ua::CallEnded& ended, TimePoint now);
  // phone_core_offers.cpp
  [[nodiscard]] Call* call_to_hold(std::optional<sip::CallId> id, bool held) const;
  [[nodiscard]] Result<void> set_hold(Call& call, bool hold, TimePoint now);
  void hold_others(sip::CallId talking, TimePoint now);
  void on_session_offer(const sip::ua::SessionOffer& offer, TimePoint now);
  void on_session_answer(const sip::ua::SessionAnswer& outcome, TimePoint now);
  void on_offer_retry(const sip::ua::OfferRetry& retry, TimePoint now);
  // The streams now agreed: the media follows, and hold changes are told.
  void apply_media(Call& call, const sdp::NegotiatedSession& negotiated);
  void remember_tls_name(const transport::Flow& to, std::string name);
  // What the phone's lookups (RFC 3263) may find: UDP, TCP and TLS, over the address family
  // it listens on (A records on IPv4, AAAA on IPv6).
  [[nodiscard]] sip::LocateSupport locate_support() const;
  // phone_core_dtmf.cpp
  // How the next key goes in `call` now; fails when it cannot go at all.
  [[nodiscard]] Result<DtmfVia> dtmf_way(const Call& call) const;
  // `keys` after those waiting; the first goes after `wait` (0: at once, when none wait).
  void queue_dtmf(Call& call, std::string_view keys, Duration wait, TimePoint now);
  void send_next_dtmf(sip::CallId id, TimePoint now);  // its timer fired
  void start_post_dial(Call& call, TimePoint now);     // the call is confirmed
  void on_info(const sip::ua::InfoReceived& info);
  void on_info_answered(const sip::ua::InfoAnswered& answered);
  // phone_core_messages.cpp
  void on_page(const sip::ua::PageReceived& page);
  void on_page_answered(const sip::ua::PageAnswered& answered);
  // phone_core_conference.cpp: a member ended; with one left, the conference is over.
  void leave_conference(sip::CallId gone);
  // phone_core_transfer.cpp
  [[nodiscard]] Result<void> send_refer(Call& call, std::string target, std::string refer_to,
                                        sip::CallId replacing, TimePoint now);
  void on_refer_answered(const sip::ua::ReferAnswered& answered, TimePoint now);
  void on_refer_notified(const sip::ua::ReferNotified& notified, TimePoint now);
  void on_refer_received(const sip::ua::ReferReceived& refer, TimePoint now);
  // A call placed for a REFER progressed (1xx), was confirmed, or ended: told to the referrer.
  void report_to_referrer(Call& call, int status, bool final, TimePoint now);
  // phone_core_accounts.cpp
  [[nodiscard]] Result<void> make_lines();
  void on_registration(const sip::ua::RegistrationChanged& change, TimePoint now);
  void register_with(Line& line, TimePoint now);  // line.servers[line.server]: commands only
  void look_up_registrar(Line& line);             // its registrar's servers (LocateServers)
  void begin_registering(TimePoint now);          // every account: register, or look up first
  [[nodiscard]] Line* default_line() const;
  // Our TLS listener's port, for Via and Contact over TLS; 0 when we take no TLS connections.
  [[nodiscard]] std::uint16_t tls_port() const noexcept {
    return config_.tls_certificate_file.empty() ? 0 : config_.tls_listen_port;
  }

  PhoneConfig config_;
  std::string host_port_;         // "127.0.0.1:5070": our Via's sent-by and Contact's host
  std::string port_text_;         // "5070"
  std::string public_address_;    // what STUN found for our SIP port's address (empty: none)
  bool finding_address_ = false;  // asked STUN, no answer yet
  Random& random_;
  PortSource& ports_;
  std::unique_ptr<sip::UserAgent> ua_;
  std::vector<std::unique_ptr<Line>> lines_;  // the accounts, in config order
  std::map<sip::CallId, std::unique_ptr<Call>> calls_;
  std::map<std::uint32_t, std::string> dials_looked_up_;  // by ticket: the target as dialled
  std::map<std::uint32_t, std::string> messages_sent_;    // by id: their targets, until answered
  // Redirect targets waiting for a lookup or a registration: the URIs tried before them (the
  // loop limit goes on with the call once placed).
  std::map<std::string, std::vector<std::string>, std::less<>> redirects_waiting_;
  // Dialled TLS servers by address and port: the host name the URI gave (tls_server_name).
  std::map<std::pair<std::string, std::uint16_t>, std::string> tls_names_;
  std::uint32_t next_dial_ = 1;
  std::deque<PhoneOutput> out_;
};

}  // namespace sipline::app

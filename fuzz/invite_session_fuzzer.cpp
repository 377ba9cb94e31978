// Fuzzes one InviteSession on its own — an incoming or an outgoing call from set-up to BYE, with
// offers both ways, PRACK, session timers, CANCEL, forks and failed requests — with no user agent
// and no transaction layer around it: a script of the peer's messages, the application's commands
// and time passing on a virtual clock. What the UA would filter first is filtered here too (a
// request it refuses with check_request, an in-dialog request of another dialog, a response that
// matches none of our requests); everything else reaches the session in any order, a transaction
// layer's absorbing of retransmissions included.
// Invariants: every message the session sends parses back and belongs to the call (its Call-ID),
// our requests in a dialog go with rising CSeq numbers (RFC 3261 §12.2.1.1), no timer is set in
// the past, the state moves only along the diagram in invite_session.hpp, the call ends once and
// is ended() exactly when it said so, is confirmed at most once, offers go one at a time, and
// timers never fire in an endless storm, and each INFO of ours is answered (InfoAnswered) once.
//
// Input: a script (fuzz/script.hpp); the lines after `%m` are a message from the peer, and bytes
// before the first command are one too, so a raw INVITE is a whole input. Placeholders as in
// fuzz/sent_values.hpp.
//   %m          a message from the peer follows (the first INVITE makes an incoming call)
//   %dial       we place the call (if no call exists yet)
//   %t MS       MS milliseconds pass; the session's timers fire in deadline order
//   %fail N     our latest request fails: 408 (N even) or 503 (N odd)
//   %ring  %progress  %answer  %hangup  %reject [STATUS]  %reoffer  %update  %accept
//   %refuse [STATUS]  %info  (%progress: a 183 with our answer, reliable if the caller supports
//               100rel; %info: a DTMF key by INFO)
//               (%update: our offer by UPDATE, which goes as a re-INVITE unless the peer allows it)
// fuzz/make_invite_session_seeds.py writes the seeds (fuzz/seeds/invite_session/).
#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/random.hpp"
#include "base/text.hpp"
#include "fuzz/check.hpp"
#include "fuzz/script.hpp"
#include "fuzz/sent_values.hpp"
#include "sip/message/parser.hpp"
#include "sip/message/printer.hpp"
#include "sip/message/request_checks.hpp"
#include "sip/ua/invite_session.hpp"

namespace {

using namespace sipline;
using namespace sipline::sip;
using sipline::fuzz::check;

constexpr CallId kCall = 1;
constexpr int kMaxFiringsPerStep = 10000;
constexpr std::string_view kOffer =
    "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
    "m=audio 4000 RTP/AVP 0\r\n";
const transport::Flow kPeer{transport::TransportKind::kUdp, "192.0.2.10", 5060, 0};

// What the UA lets through to a session (user_agent.cpp's capabilities).
constexpr std::array kAllowed{Method::kInvite,  Method::kAck,  Method::kCancel, Method::kBye,
                              Method::kOptions, Method::kInfo, Method::kUpdate, Method::kPrack};
constexpr std::array<std::string_view, 2> kSupported{"100rel", "timer"};
constexpr std::array<std::string_view, 1> kAccepted{"application/sdp"};
constexpr std::array<std::string_view, 2> kAcceptedInInfo{"application/dtmf-relay",
                                                          "application/dtmf"};

// Where the session's state may go next (invite_session.hpp's diagram); ended is always allowed.
bool may_move(CallState from, CallState to) {
  using enum CallState;
  if (from == to) {
    return true;
  }
  switch (from) {
    case kCalling:
      return to == kEarly || to == kConfirmed || to == kTerminating;
    case kEarly:
      return to == kCalling || to == kConfirmed || to == kTerminating;  // 401, 422
    case kIncoming:
      return to == kAnswering;
    case kAnswering:
      return to == kConfirmed || to == kTerminating;
    case kConfirmed:
      return to == kTerminating;
    case kTerminating:
      return false;
  }
  return false;
}

class Harness final : public SessionContext {
 public:
  void deliver(std::string_view text) {
    auto message = parse_message(fuzz::substitute(text, sent_));
    if (!message || message->vias().empty() || message->cseq() == nullptr ||
        message->call_id().empty() || message->from() == nullptr || message->to() == nullptr) {
      return;  // the transaction layer drops it
    }
    if (message->is_request()) {
      on_request(*message);
    } else {
      on_response(*message);
    }
    after_step();
  }
  void dial() {
    if (!session_) {
      auto call =
          InviteSession::outgoing(kCall, *this, "sip:bob@192.0.2.10:5060", kPeer, kOffer, {}, now_);
      if (call) {
        session_.emplace(std::move(*call));
      }
    }
    after_step();
  }
  void fail(std::string_view argument) {
    if (live() && last_request_ != 0) {
      const int status = parse_decimal<std::uint32_t>(argument).value_or(0) % 2 == 0 ? 408 : 503;
      session_->on_transaction_failed(last_request_, status, now_);
    }
    after_step();
  }
  void command(std::string_view verb, std::string_view argument) {
    if (!live()) {
      return;
    }
    // The last word is the status ("%reject 603", or "%reject 1 603" as the UA's seeds say).
    const std::string_view last = argument.substr(argument.rfind(' ') + 1);
    const int status = static_cast<int>(parse_decimal<std::uint16_t>(last).value_or(0));
    InviteSession& s = *session_;
    if (verb == "ring") {
      (void)s.ring(now_);
    } else if (verb == "answer") {
      (void)s.answer(kOffer, now_);
    } else if (verb == "progress") {
      (void)s.progress(kOffer, now_);
    } else if (verb == "hangup") {
      s.hangup(now_);
    } else if (verb == "reject") {
      (void)s.reject(status != 0 ? status : 486, now_);
    } else if (verb == "reoffer" || verb == "update") {
      const auto method = verb == "update" ? OfferMethod::kUpdate : OfferMethod::kInvite;
      if (s.reoffer(kOffer, now_, method)) {
        check(!ours_open_);
        ours_open_ = true;
      }
    } else if (verb == "accept") {
      if (s.accept_offer(kOffer, now_)) {
        check(theirs_open_.has_value());
        if (*theirs_open_) {  // it made no offer: ours went in the 200, the ACK answers
          check(!ours_open_);
          ours_open_ = true;
        }
        theirs_open_.reset();
      }
    } else if (verb == "info") {
      if (s.send_info("application/dtmf-relay", "Signal=5\r\nDuration=160\r\n", now_)) {
        check(confirmed_ && !ended_);
        ++infos_open_;
      }
    } else if (verb == "refuse") {
      if (s.refuse_offer(status != 0 ? status : 488, now_)) {
        check(theirs_open_.has_value());
        theirs_open_.reset();
      }
    }
    after_step();
  }
  void advance(Duration by) {
    const TimePoint until = now_ + by;
    for (int fired = 0; live(); ++fired) {
      check(fired < kMaxFiringsPerStep);
      auto next = timers_.begin();
      for (auto it = timers_.begin(); it != timers_.end(); ++it) {
        next = it->second < next->second ? it : next;
      }
      if (next == timers_.end() || next->second > until) {
        break;
      }
      now_ = std::max(now_, next->second);
      const UaTimerKey::Kind kind = next->first.kind;
      timers_.erase(next);
      switch (kind) {
        case UaTimerKey::Kind::kAnswerRetransmit:
          session_->on_answer_timer(now_);
          break;
        case UaTimerKey::Kind::kOfferRetry:
          session_->on_offer_retry_timer(now_);
          break;
        case UaTimerKey::Kind::kSessionTimer:
          session_->on_session_timer(now_);
          break;
        case UaTimerKey::Kind::kReliableProvisional:
          session_->on_reliable_1xx_timer(now_);
          break;
        default:
          check(false);  // a session sets no other timer
      }
      after_step();
    }
    now_ = until;
  }

  // SessionContext
  Result<TransactionId> send_request(CallId call, Message request, const transport::Flow& to,
                                     TimePoint) override {
    check(call == kCall || call == 0);
    check(to == kPeer);
    const TransactionId id = next_transaction_++;
    const Message sent = sent_back(print(request));
    if (sent.method() != Method::kAck && sent.method() != Method::kCancel) {
      // §12.2.1.1: each request in a dialog (by its To tag; "" before any) a higher CSeq.
      auto [last, first] = cseq_by_tag_.try_emplace(std::string(sent.to()->tag), 0);
      check(first || sent.cseq()->number > last->second);
      last->second = sent.cseq()->number;
    }
    if (call != 0) {  // the BYE to a fork is nobody's: its answer goes nowhere
      branch_[key(sent.vias()[0].branch, sent.method())] = {id, sent.method(), 0};
    }
    last_request_ = id;
    return id;
  }
  Result<Message> send_response(TransactionId, const Message& request, const ResponseParts& parts,
                                TimePoint) override {
    auto response = build_response(request, parts);
    if (response) {
      (void)sent_back(print(*response));
    }
    return response;
  }
  void respond(TransactionId transaction, const Message& request, int status,
               TimePoint now) override {
    (void)send_response(transaction, request, {.status = status, .to_tag = random_.token(10)}, now);
  }
  void emit(UaOutput output) override { outputs_.push_back(std::move(output)); }
  std::string via(transport::TransportKind kind) override {
    return via_value(transport::via_name(kind), "192.0.2.1:5060", random_.token(16));
  }
  std::string token(std::size_t size) override { return random_.token(size); }
  std::uint32_t random_below(std::uint32_t bound) override { return random_.uniform(bound); }
  const TimerConfig& timers() const override { return timers_config_; }
  const SessionTimerConfig& session_timers() const override { return session_timers_; }
  std::string_view local_uri() const override { return "sip:alice@192.0.2.1"; }
  std::string_view contact_uri() const override { return "sip:alice@192.0.2.1:5060"; }
  std::string_view user_agent() const override { return "sipline-fuzz"; }
  const std::optional<Credentials>& credentials() const override { return credentials_; }

 private:
  struct ClientTransaction {
    TransactionId id;
    Method method;
    int final_status;  // 0 until one came
  };

  // A client transaction is its branch and method (a CANCEL shares its INVITE's branch).
  static std::string key(std::string_view branch, Method method) {
    return std::string(branch) + ' ' + std::string(to_string(method));
  }

  [[nodiscard]] bool live() const { return session_.has_value() && !session_->ended(); }

  // What we sent, parsed back: it must parse and belong to the call.
  Message sent_back(const std::string& text) {
    auto message = parse_message(text);
    check(message.has_value());
    check(call_id_.empty() || message->call_id() == call_id_);
    call_id_ = std::string(message->call_id());
    fuzz::remember_sent(*message, sent_);
    return std::move(*message);
  }

  void on_request(const Message& request) {
    const UasCapabilities capabilities{kAllowed, kSupported,
                                       request.method() == Method::kInfo
                                           ? std::span<const std::string_view>(kAcceptedInInfo)
                                           : std::span<const std::string_view>(kAccepted)};
    if (check_request(request, capabilities)) {
      return;  // the UA answers it
    }
    const TransactionId id = next_transaction_++;
    if (!session_) {
      if (request.method() == Method::kInvite && request.to()->tag.empty() &&
          !session_interval_too_small(request, session_timers_)) {
        if (auto call = InviteSession::incoming(kCall, *this, id, request, kPeer)) {
          session_.emplace(std::move(*call));
          peer_invites_[std::string(request.vias()[0].branch)] = id;
        }
      }
      return;
    }
    if (!live()) {
      return;
    }
    if (request.method() == Method::kCancel) {
      const auto invite = peer_invites_.find(std::string(request.vias()[0].branch));
      if (invite != peer_invites_.end()) {
        session_->on_cancel(invite->second, now_);
      }
      return;
    }
    if (!session_->in_dialog(request)) {
      return;  // the UA answers 481 (or makes a new call of a new INVITE)
    }
    switch (request.method()) {
      case Method::kInvite:
        peer_invites_[std::string(request.vias()[0].branch)] = id;
        [[fallthrough]];
      case Method::kUpdate:
        session_->on_offer_request(id, request, now_);
        break;
      case Method::kAck:
        session_->on_ack(request, now_);
        break;
      case Method::kBye:
        session_->on_bye(id, request, now_);
        break;
      case Method::kPrack:
        session_->on_prack(id, request, now_);
        break;
      default:
        session_->on_other_request(id, request, now_);
        break;
    }
  }

  // As the transaction layer would pass it on: by its branch to our request; after a final
  // response only an INVITE's 2xx again (RFC 6026); to no request of ours, a 2xx to an INVITE.
  void on_response(const Message& response) {
    if (!live()) {
      return;
    }
    const int status = response.status_code();
    const auto found = branch_.find(key(response.vias()[0].branch, response.cseq()->method));
    if (found == branch_.end()) {
      if (response.cseq()->method == Method::kInvite && status >= 200 && status < 300) {
        session_->on_late_2xx(response, now_);
      }
      return;
    }
    ClientTransaction& transaction = found->second;
    const bool ok = status >= 200 && status < 300;
    if (transaction.final_status != 0 &&
        !(transaction.method == Method::kInvite && ok && transaction.final_status < 300)) {
      return;
    }
    if (status >= 200) {
      transaction.final_status = status;
    }
    if (transaction.method == Method::kInvite) {
      session_->on_invite_response(transaction.id, response, now_);
    } else if (transaction.method == Method::kUpdate) {
      session_->on_update_response(response, now_);
    } else if (transaction.method == Method::kInfo && status >= 200) {
      session_->on_info_response(transaction.id, response, now_);
    } else if (transaction.method == Method::kBye && status >= 200) {
      session_->on_bye_response(response, now_);
    }
  }

  void after_step() {
    for (UaOutput& output : outputs_) {
      if (const auto* send = std::get_if<ua::Send>(&output)) {
        check(send->to == kPeer);
        (void)sent_back(send->bytes);
      } else if (const auto* set = std::get_if<ua::SetTimer>(&output)) {
        check(set->at >= now_ && set->key.id == kCall);
        timers_[set->key] = set->at;
      } else if (const auto* cancel = std::get_if<ua::CancelTimer>(&output)) {
        timers_.erase(cancel->key);
      } else if (std::holds_alternative<ua::IncomingCall>(output)) {
        check(session_.has_value() && !session_->outgoing() && !ended_);
      } else if (std::holds_alternative<ua::CallConfirmed>(output)) {
        check(!ended_ && !confirmed_);
        confirmed_ = true;
      } else if (std::holds_alternative<ua::CallEnded>(output)) {
        check(!ended_);
        ended_ = true;
      } else if (const auto* offer = std::get_if<ua::SessionOffer>(&output)) {
        check(confirmed_ && !ended_ && !ours_open_);  // crossing ours: 491, not up here
        theirs_open_ = offer->offer.empty();
      } else if (std::holds_alternative<ua::SessionAnswer>(output)) {
        check(ours_open_);
        ours_open_ = false;
      } else if (std::holds_alternative<ua::InfoAnswered>(output)) {
        check(infos_open_ > 0);
        --infos_open_;
      } else if (const auto* info = std::get_if<ua::InfoReceived>(&output)) {
        check(!info->body.empty() && !ended_);
      }
    }
    outputs_.clear();
    if (!session_) {
      return;
    }
    check(session_->ended() == ended_);
    const CallState state = session_->state();
    check(!state_ || may_move(*state_, state));  // a new session starts where it starts
    const bool outgoing_state = state == CallState::kCalling || state == CallState::kEarly;
    const bool incoming_state = state == CallState::kIncoming || state == CallState::kAnswering;
    check(session_->outgoing() ? !incoming_state : !outgoing_state);
    check(!confirmed_ || ended_ || state == CallState::kConfirmed ||
          state == CallState::kTerminating);
    state_ = state;
  }

  SeededRandom random_{1};
  TimerConfig timers_config_{};
  SessionTimerConfig session_timers_{};
  std::optional<Credentials> credentials_ = Credentials{"alice", "secret", "example.com"};
  std::optional<InviteSession> session_;
  TimePoint now_{};
  std::vector<UaOutput> outputs_;
  std::map<UaTimerKey, TimePoint> timers_;
  TransactionId next_transaction_ = 1;
  TransactionId last_request_ = 0;
  std::map<std::string, ClientTransaction> branch_;  // our requests by key()
  std::map<std::string, TransactionId> peer_invites_;
  std::map<std::string, std::uint32_t> cseq_by_tag_;
  std::string call_id_;
  fuzz::SentValues sent_;
  std::optional<CallState> state_;  // as the last step left it
  bool confirmed_ = false;
  bool ended_ = false;
  bool ours_open_ = false;           // an offer of ours waits for its SessionAnswer
  int infos_open_ = 0;               // INFOs of ours waiting for their InfoAnswered
  std::optional<bool> theirs_open_;  // the peer's offer waits (true: it was empty)
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Harness harness;
  fuzz::run_script(
      std::string_view(reinterpret_cast<const char*>(data), size),
      [&](std::string_view datagram) { harness.deliver(datagram); },
      [&](std::string_view verb, std::string_view argument) {
        if (verb == "t") {
          harness.advance(fuzz::script_duration(argument));
        } else if (verb == "dial") {
          harness.dial();
        } else if (verb == "fail") {
          harness.fail(argument);
        } else if (verb != "m") {
          harness.command(verb, argument);
        }
      });
  return 0;
}

// Fuzzes the user agent core as a whole — dialogs, INVITE sessions both ways, CANCEL, BYE, ACK,
// OPTIONS, the registrations it keeps and the transaction layer under them — with a script of
// datagrams from three peers, the application's commands and time passing on a virtual clock.
// Invariants: every message we send parses (save the stateless answer to bytes that did not, which
// copies the peer's broken lines), goes to a real port, no timer is set in the past, a call ends at
// most once and is gone once ended, is confirmed at most once and never after it ended, the call
// table stays within max_calls, a registration change names a registration we added and agrees with
// its client's state, offers inside a call go one at a time (the peer's only in a confirmed call,
// an answer only to an offer of ours), each MESSAGE of ours is answered once, and timers never fire
// in an endless storm.
//
// Input: a script (fuzz/script.hpp): '%' lines are commands, the lines after `%m` or `%req` a
// datagram. Bytes before the first command are one datagram from flow 0, so a raw SIP message
// is a whole input.
//   %m F            a datagram from flow F follows (0, 1: UDP peers; 2: a TCP peer)
//   %req F          a request we send ourselves with send_request() to flow F follows
//   %t MS           MS milliseconds pass; due timers fire in deadline order
//   %dial F         we call sip:bob@<flow F's address> over flow F, offering SDP
//   %ring [C]  %progress [C]  %answer [C]  %hangup [C]  %reject [C] [STATUS]
//                   C: a call id (default: the latest call dialled or offered to us)
//   %fail F         the transport says flow F failed
//   %pong F         a keep-alive's answer came on flow F (RFC 5626 §4.4.1)
//   %cred REALM     our credentials, for challenges in REALM
//   %reg F          a registration through flow F is added and started (at most three)
//   %unreg [R]      registration R (default: the latest) is stopped
//   %page F [REALM]  a SIP MESSAGE of ours to flow F (credentials for REALM, when given)
//   %reoffer [C]  %accept [C]  %refuse [C] [STATUS]
//                   an offer of ours in call C; the answer to the peer's open offer (ours,
//                   when it made none); its refusal
// In datagrams, placeholders ({via}, {tag} …, fuzz/sent_values.hpp) take the values of what we
// sent last, so a peer can answer our own requests without guessing random branches and tags.
// fuzz/make_user_agent_seeds.py writes the seeds (fuzz/seeds/user_agent/) in this format.
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>

#include "base/random.hpp"
#include "base/text.hpp"
#include "fuzz/check.hpp"
#include "fuzz/script.hpp"
#include "fuzz/sent_values.hpp"
#include "sip/message/parser.hpp"
#include "sip/ua/user_agent.hpp"

namespace {

using namespace sipline;
using namespace sipline::sip;

constexpr std::size_t kMaxCalls = 4;
constexpr std::size_t kMaxTransactions = 32;
constexpr int kMaxFiringsPerStep = 10000;  // far more than any real flow: a storm is a bug
constexpr const char* kOffer =
    "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
    "m=audio 4000 RTP/AVP 0\r\n";

using sipline::fuzz::check;
using sipline::fuzz::SentValues;
using sipline::fuzz::substitute;

const transport::Flow kFlows[] = {
    {transport::TransportKind::kUdp, "192.0.2.10", 5060, 0},
    {transport::TransportKind::kUdp, "2001:db8::20", 5080, 0},
    {transport::TransportKind::kTcp, "192.0.2.30", 40000, 7},
};

const transport::Flow& flow_of(std::string_view argument) {
  const auto n = parse_decimal<std::uint32_t>(argument);
  return kFlows[n.value_or(0) % std::size(kFlows)];
}

class Harness {
 public:
  Harness() : ua_(config(), random_) {}

  void deliver(const transport::Flow& from, std::string_view text) {
    ua_.on_message(from, substitute(text, sent_), now_);
    drain();
  }
  void send_request(const transport::Flow& to, std::string_view text) {
    if (auto request = parse_message(substitute(text, sent_))) {
      (void)ua_.send_request(std::move(*request), to, now_);
    }
    drain();
  }
  void dial(const transport::Flow& to) {
    const std::string host = to.remote_address.find(':') != std::string::npos
                                 ? "[" + to.remote_address + "]"
                                 : to.remote_address;
    const auto call =
        ua_.dial("sip:bob@" + host + ":" + std::to_string(to.remote_port), to, kOffer, now_);
    if (call) {
      latest_ = *call;
    }
    drain();
  }
  void command(std::string_view verb, std::string_view argument) {
    const std::size_t space = argument.find(' ');
    const auto id = parse_decimal<CallId>(argument.substr(0, space));
    const CallId call = id.value_or(latest_);
    if (verb == "ring") {
      (void)ua_.ring(call, now_);
    } else if (verb == "answer") {
      (void)ua_.answer(call, kOffer, now_);
    } else if (verb == "progress") {
      (void)ua_.progress(call, kOffer, now_);
    } else if (verb == "hangup") {
      (void)ua_.hangup(call, now_);
    } else if (verb == "reoffer") {
      if (ua_.reoffer(call, kOffer, now_)) {
        check(ours_open_.insert(call).second);
      }
    } else if (verb == "accept") {
      const auto offer = theirs_open_.find(call);
      if (ua_.accept_offer(call, kOffer, now_)) {
        check(offer != theirs_open_.end());
        if (offer->second) {  // it made no offer: ours went in the 200, the ACK answers
          check(ours_open_.insert(call).second);
        }
        theirs_open_.erase(call);
      }
    } else if (verb == "refuse") {
      const std::uint32_t status =
          space == std::string_view::npos
              ? 488U
              : parse_decimal<std::uint16_t>(argument.substr(space + 1)).value_or(488);
      if (ua_.refuse_offer(call, static_cast<int>(status), now_)) {
        check(theirs_open_.erase(call) == 1);
      }
    } else if (verb == "reject") {
      const std::uint32_t status =
          space == std::string_view::npos
              ? 486U
              : parse_decimal<std::uint16_t>(argument.substr(space + 1)).value_or(486);
      (void)ua_.reject(call, static_cast<int>(status), now_);
    } else if (verb == "fail") {
      ua_.on_flow_failed(flow_of(argument), now_);
    } else if (verb == "pong") {
      ua_.on_pong(flow_of(argument));
    } else if (verb == "cred") {
      ua_.set_credentials({"alice", "secret", std::string(argument)});
    } else if (verb == "reg" && registrations_ < 3) {
      RegistrationConfig c;
      c.registrar = "sip:example.com";
      c.aor = "sip:alice@example.com";
      c.password = "secret";
      c.contact = "sip:alice@192.0.2.1:5060";
      c.sent_by = "192.0.2.1:5060";
      c.expires = 60;
      const RegistrationId added = ua_.add_registration(std::move(c), flow_of(argument));
      registrations_ = added;
      check(ua_.start_registration(added, now_).has_value());
    } else if (verb == "page") {
      OutgoingPage page{"sip:bob@example.com", flow_of(argument.substr(0, space)), CallerIdentity{},
                        "hello"};
      if (space != std::string_view::npos) {
        page.caller.credentials =
            Credentials{"alice", "secret", std::string(argument.substr(space + 1))};
      }
      if (const auto sent = ua_.send_page(std::move(page), now_)) {
        check(pages_open_.insert(*sent).second);
      }
    } else if (verb == "unreg") {
      (void)ua_.stop_registration(parse_decimal<RegistrationId>(argument).value_or(registrations_),
                                  now_);
    }
    drain();
  }
  // Time passes; the timers the UA asked for fire in deadline order.
  void advance(Duration by) {
    const TimePoint until = now_ + by;
    for (int fired = 0;; ++fired) {
      check(fired < kMaxFiringsPerStep);
      auto next = timers_.end();
      for (auto it = timers_.begin(); it != timers_.end(); ++it) {
        if (next == timers_.end() || it->second < next->second) {
          next = it;
        }
      }
      if (next == timers_.end() || next->second > until) {
        break;
      }
      now_ = std::max(now_, next->second);
      const UaTimerKey key = next->first;
      timers_.erase(next);
      ua_.on_timer(key, now_);
      drain();
    }
    now_ = until;
  }

 private:
  static UserAgentConfig config() {
    UserAgentConfig c;
    c.local_uri = "sip:alice@192.0.2.1";
    c.contact = "sip:alice@192.0.2.1:5060";
    c.via_sent_by = "192.0.2.1:5060";
    c.max_calls = kMaxCalls;
    c.max_transactions = kMaxTransactions;
    return c;
  }

  // SIPLINE_FUZZ_TRACE=1: what the user agent does, one line each, to check what a seed reaches.
  void trace(const UaOutput& output) const {
    static const bool enabled = std::getenv("SIPLINE_FUZZ_TRACE") != nullptr;
    if (!enabled) {
      return;
    }
    const double at = std::chrono::duration<double>(now_.time_since_epoch()).count();
    if (const auto* send = std::get_if<ua::Send>(&output)) {
      std::fprintf(stderr, "%9.3f send to %s:%u  %.*s\n", at, send->to.remote_address.c_str(),
                   send->to.remote_port, static_cast<int>(send->bytes.find('\r')),
                   send->bytes.c_str());
    } else if (const auto* ended = std::get_if<ua::CallEnded>(&output)) {
      std::fprintf(stderr, "%9.3f call %u ended %d\n", at, ended->call, ended->status);
    } else if (std::holds_alternative<ua::SetTimer>(output) ||
               std::holds_alternative<ua::CancelTimer>(output)) {
      return;
    } else {
      std::fprintf(stderr, "%9.3f event %zu\n", at, output.index());
    }
  }

  void on_send(const ua::Send& send) {
    check(send.to.remote_port != 0 && !send.to.remote_address.empty());
    if (send.bytes == "\r\n\r\n") {
      return;  // a registration's keep-alive (RFC 5626 §4.4.1)
    }
    const auto message =
        parse_message(send.bytes, {.stream = send.to.kind != transport::TransportKind::kUdp});
    if (!message) {
      // Only the stateless answer to unparsable bytes may carry lines we cannot parse (the
      // peer's own, copied so it can match the answer): a response, one header section.
      check(send.bytes.starts_with("SIP/2.0 4") || send.bytes.starts_with("SIP/2.0 5"));
      check(send.bytes.find("\r\n\r\n") == send.bytes.size() - 4);
      return;
    }
    fuzz::remember_sent(*message, sent_);
  }

  void drain() {
    while (auto output = ua_.poll()) {
      trace(*output);
      if (const auto* send = std::get_if<ua::Send>(&*output)) {
        on_send(*send);
      } else if (const auto* set = std::get_if<ua::SetTimer>(&*output)) {
        check(set->at >= now_);
        timers_[set->key] = set->at;
      } else if (const auto* cancel = std::get_if<ua::CancelTimer>(&*output)) {
        timers_.erase(cancel->key);
      } else if (const auto* incoming = std::get_if<ua::IncomingCall>(&*output)) {
        check(!ended_.contains(incoming->call));
        latest_ = incoming->call;
      } else if (const auto* confirmed = std::get_if<ua::CallConfirmed>(&*output)) {
        check(!ended_.contains(confirmed->call));
        check(confirmed_.insert(confirmed->call).second);  // once: a 2xx again is no new call
      } else if (const auto* ended = std::get_if<ua::CallEnded>(&*output)) {
        check(ended_.insert(ended->call).second);  // once
      } else if (const auto* offer = std::get_if<ua::SessionOffer>(&*output)) {
        check(confirmed_.contains(offer->call) && !ended_.contains(offer->call));
        check(!ours_open_.contains(offer->call));          // crossing ours: 491, not up here
        theirs_open_[offer->call] = offer->offer.empty();  // (a CANCEL may have closed the last)
        latest_ = offer->call;
      } else if (const auto* answer = std::get_if<ua::SessionAnswer>(&*output)) {
        check(ours_open_.erase(answer->call) == 1);
      } else if (const auto* page = std::get_if<ua::PageAnswered>(&*output)) {
        check(pages_open_.erase(page->page) == 1);  // once, and only ours
      } else if (const auto* changed = std::get_if<ua::RegistrationChanged>(&*output)) {
        const RegistrationClient* client = ua_.registration(changed->registration);
        check(client != nullptr && changed->registration <= registrations_);
        changed_[changed->registration] = changed->state;
      }
    }
    for (const CallId call : ended_) {
      check(!ua_.call_state(call));  // an ended call is gone
    }
    check(ua_.call_count() <= kMaxCalls);
    for (const auto& [id, state] : changed_) {
      check(ua_.registration(id)->state() == state);  // the last change told the truth
    }
  }

  SeededRandom random_{1};
  UserAgent ua_;
  TimePoint now_{};
  std::map<UaTimerKey, TimePoint> timers_;
  std::set<CallId> confirmed_;
  std::set<CallId> ended_;
  std::set<CallId> ours_open_;          // an offer of ours waits for its SessionAnswer
  std::set<std::uint32_t> pages_open_;  // MESSAGEs of ours waiting for their PageAnswered
  std::map<CallId, bool> theirs_open_;  // the peer's SessionOffer waits (true: it was empty)
  CallId latest_ = 1;
  RegistrationId registrations_ = 0;                     // added so far; the latest's id
  std::map<RegistrationId, RegistrationState> changed_;  // the last change reported of each
  SentValues sent_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Harness harness;
  // Where the datagram being collected goes once the next command (or the end) comes.
  enum class Pending { kDeliver, kSend } pending = Pending::kDeliver;
  const transport::Flow* flow = &kFlows[0];
  fuzz::run_script(
      std::string_view(reinterpret_cast<const char*>(data), size),
      [&](std::string_view datagram) {
        if (pending == Pending::kDeliver) {
          harness.deliver(*flow, datagram);
        } else {
          harness.send_request(*flow, datagram);
        }
      },
      [&](std::string_view verb, std::string_view argument) {
        if (verb == "m" || verb == "req") {
          pending = verb == "m" ? Pending::kDeliver : Pending::kSend;
          flow = &flow_of(argument);
        } else if (verb == "t") {
          harness.advance(fuzz::script_duration(argument));
        } else if (verb == "dial") {
          harness.dial(flow_of(argument));
        } else {
          harness.command(verb, argument);
        }
      });
  return 0;
}

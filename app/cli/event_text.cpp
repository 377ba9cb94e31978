// One line per phone event, for the console and scripts reading sipline's standard output.
#include "app/cli/event_text.hpp"

#include <array>
#include <chrono>
#include <iterator>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/ip_text.hpp"
#include "sdp/crypto.hpp"

namespace sipline::app {
namespace {

// " PCMU/8000" after an event, or nothing while no codec is known.
std::string codec_suffix(const std::string& codec) { return codec.empty() ? "" : " " + codec; }

// A text someone else wrote, kept on one line: line breaks written as \n and \r, other control
// characters as \xHH, and at most kMaxShown bytes of it (then "…").
std::string one_line(std::string_view text) {
  constexpr std::size_t kMaxShown = 2000;
  std::string out;
  for (const char c : text.substr(0, kMaxShown)) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (byte < 0x20 || byte == 0x7F) {
      out += fmt::format("\\x{:02X}", byte);
    } else {
      out += c;
    }
  }
  if (text.size() > kMaxShown) {
    out += "…";
  }
  return out;
}

struct Words {
  std::string operator()(const event::CallOutgoing& e) const {
    return fmt::format("call {} calling {}", e.call.id, e.call.remote);
  }
  std::string operator()(const event::CallIncoming& e) const {
    if (!e.forwarded_by.empty()) {
      return fmt::format("call {} incoming from {}, forwarded by {}", e.call.id, e.call.remote,
                         e.forwarded_by);
    }
    return fmt::format("call {} incoming from {}", e.call.id, e.call.remote);
  }
  // "incoming" said it: a line per ring would only repeat it.
  std::string operator()(const event::CallRinging&) const { return {}; }
  std::string operator()(const event::CallProgress& e) const {
    return fmt::format("call {} {} ({})", e.call.id, e.status == 180 ? "ringing" : "progress",
                       e.status);
  }
  std::string operator()(const event::CallRetried& e) const {
    return fmt::format("call {} failed at a server ({}): trying the next, {} {}:{}", e.call.id,
                       e.status, transport::via_name(e.to.kind), sip_host(e.to.remote_address),
                       e.to.remote_port);
  }
  std::string operator()(const event::CallDtmf& e) const {
    constexpr std::array<std::string_view, 3> kVia{"", " (in-band)", " (SIP INFO)"};
    return fmt::format("call {} dtmf {}{}", e.call.id, e.key,
                       kVia.at(static_cast<std::size_t>(e.via)));
  }
  std::string operator()(const event::DtmfNotSent& e) const {
    return fmt::format("call {} dtmf {} not sent: {}", e.call.id, e.key, e.reason);
  }
  std::string operator()(const event::CallEarlyMedia& e) const {
    return fmt::format("call {} early media{}", e.call.id, codec_suffix(e.codec));
  }
  std::string operator()(const event::CallConfirmed& e) const {
    return fmt::format("call {} confirmed{}", e.call.id, codec_suffix(e.codec));
  }
  std::string operator()(const event::CallEnded& e) const {
    return fmt::format("call {} ended {}{}", e.call.id, e.status, e.by_peer ? " by peer" : "");
  }
  // The summary goes to --cdr; its audio line (MediaReport) has told the console already.
  std::string operator()(const event::CallSummary&) const { return {}; }
  std::string operator()(const event::CallHeld& e) const {
    return fmt::format("call {} {}", e.call.id, e.by_peer ? "held by peer" : "on hold");
  }
  std::string operator()(const event::CallResumed& e) const {
    return fmt::format("call {} {}", e.call.id, e.by_peer ? "resumed by peer" : "resumed");
  }
  std::string operator()(const event::CallMediaChanged& e) const {
    return fmt::format("call {} media moved to {}{}", e.call.id, e.remote, codec_suffix(e.codec));
  }
  std::string operator()(const event::CallOfferRefused& e) const {
    return fmt::format("call {} offer refused {}{}", e.call.id, e.status,
                       e.status == 491 ? " (offers crossed: sent again after a pause)" : "");
  }
  std::string operator()(const event::CallRejected& e) const {
    return fmt::format("call {} rejected {}: {}", e.call.id, e.status, e.reason);
  }
  std::string operator()(const event::CallAnswerUnusable& e) const {
    return fmt::format("call {}: unusable SDP answer ({}); hanging up", e.call.id, e.reason);
  }
  std::string operator()(const event::AutoAnswerFailed& e) const {
    return fmt::format("call {} not answered: {}", e.call.id, e.reason);
  }
  std::string operator()(const event::AutoAnswerWaiting& e) const {
    return fmt::format("call {} will be answered automatically in {} ms", e.call.id,
                       std::chrono::duration_cast<std::chrono::milliseconds>(e.delay).count());
  }
  std::string operator()(const event::CallForwarded& e) const {
    return fmt::format("call {} forwarded to {} (302{})", e.call.id, e.target,
                       e.after_ringing ? ", not answered in time" : "");
  }
  std::string operator()(const event::CallRedirected& e) const {
    if (e.target.empty()) {
      return fmt::format("call {} redirected ({}), not followed: {}", e.call.id, e.status,
                         e.reason);
    }
    if (e.next == 0) {
      return fmt::format("call {} redirected ({}) to {}: placed once it can go", e.call.id,
                         e.status, e.target);
    }
    return fmt::format("call {} redirected ({}) to {}: now call {}", e.call.id, e.status, e.target,
                       e.next);
  }
  std::string operator()(const event::CallTransferring& e) const {
    if (e.replacing != 0) {
      return fmt::format("call {} transferring to {} (replacing call {})", e.call.id, e.target,
                         e.replacing);
    }
    return fmt::format("call {} transferring to {}", e.call.id, e.target);
  }
  std::string operator()(const event::CallTransferProgress& e) const {
    if (e.refused) {
      return fmt::format("call {} transfer refused {}", e.call.id, e.status);
    }
    if (!e.final) {
      return fmt::format("call {} transfer: {}", e.call.id, e.status);
    }
    return e.status < 300 ? fmt::format("call {} transferred ({})", e.call.id, e.status)
                          : fmt::format("call {} transfer failed {}", e.call.id, e.status);
  }
  std::string operator()(const event::CallReferred& e) const {
    if (e.next == 0) {
      return fmt::format("call {}: the peer asks us to call {}; not placed: {}", e.call.id,
                         e.target, e.reason);
    }
    return fmt::format("call {}: the peer transfers us to {}: now call {}", e.call.id, e.target,
                       e.next);
  }
  std::string operator()(const event::CallReplaced& e) const {
    return fmt::format("call {} replaces call {}", e.call.id, e.replaced);
  }
  std::string operator()(const event::ConferenceChanged& e) const {
    if (e.members.empty()) {
      return "conference ended";
    }
    return fmt::format("conference: calls {}", fmt::join(e.members, ", "));
  }
  std::string operator()(const event::CallTimeLimit& e) const {
    return fmt::format("call {} hung up after {} s up (autoHangUpTime)", e.call.id,
                       std::chrono::duration_cast<std::chrono::seconds>(e.limit).count());
  }
  std::string operator()(const event::DialWaiting& e) const {
    if (!e.looking_up.empty()) {
      return fmt::format("dial {}: looking up {}", e.target, e.looking_up);
    }
    return fmt::format("dial {}: waiting for the registration of {}", e.target, e.account);
  }
  std::string operator()(const event::DialFailed& e) const {
    return fmt::format("dial {} failed: {}", e.target, e.reason);
  }
  std::string operator()(const event::RegistrationChanged& e) const {
    std::string text = fmt::format("registration {}: {}", e.name, sip::to_string(e.state));
    if (e.state == sip::RegistrationState::kRegistered) {
      text += fmt::format(" ({} s)", e.expires);
    } else if (e.status != 0) {
      text += fmt::format(" ({})", e.status);
    }
    if (!e.reason.empty()) {
      text += ": " + e.reason;
    }
    return text;
  }
  std::string operator()(const event::MediaReport& e) const { return e.text; }
  std::string operator()(const event::SipTrace& e) const {
    // SDES keys (a=crypto … inline:) are secret: never in a trace (RFC 4568 §8.1).
    return fmt::format("{} {}:{}\n{}", e.outgoing ? ">>>" : "<<<", e.flow.remote_address,
                       e.flow.remote_port, sdp::redact_crypto_keys(e.bytes));
  }
  std::string operator()(const event::MessageReceived& e) const {
    std::string_view text = e.text;  // without the line break a sender may end it with
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
      text.remove_suffix(1);
    }
    return fmt::format("message from {}: {}", e.from, one_line(text));
  }
  std::string operator()(const event::MessageAnswered& e) const {
    return fmt::format("message {} to {}: {} ({})", e.id, e.to,
                       e.status < 300 ? "delivered" : "failed", e.status);
  }
  std::string operator()(const event::PublicAddress& e) const {
    return e.address.empty()
               ? fmt::format("stun: no public address ({}): using our own", e.error)
               : fmt::format("stun: public address {}:{}", sip_host(e.address), e.port);
  }
  std::string operator()(const event::TransportFailed& e) const {
    return fmt::format("sip: sending to {}:{} failed: {}", e.flow.remote_address,
                       e.flow.remote_port, e.reason);
  }
};

}  // namespace

std::string event_text(const PhoneEvent& event) { return std::visit(Words{}, event); }

std::string_view to_string(PhoneCallState state) noexcept {
  switch (state) {
    case PhoneCallState::kCalling:
      return "calling";
    case PhoneCallState::kIncoming:
      return "incoming";
    case PhoneCallState::kRinging:
      return "ringing";
    case PhoneCallState::kProgress:
      return "progress";
    case PhoneCallState::kConfirmed:
      return "confirmed";
  }
  return "calling";
}

std::string calls_text(const std::vector<CallInfo>& calls) {
  if (calls.empty()) {
    return "no calls";
  }
  std::string text;
  for (const CallInfo& info : calls) {
    fmt::format_to(std::back_inserter(text), "{}call {} {} {} {}{}", text.empty() ? "" : "\n",
                   info.call.id, info.call.direction == CallDirection::kOutgoing ? "to" : "from",
                   info.call.remote, to_string(info.state), codec_suffix(info.codec));
    if (info.held || info.held_by_peer) {
      text += info.held && info.held_by_peer ? " (on hold, held by peer)"
              : info.held                    ? " (on hold)"
                                             : " (held by peer)";
    }
  }
  return text;
}

std::string accounts_text(const std::vector<AccountInfo>& accounts) {
  if (accounts.empty()) {
    return "no account: calling by IP only (--account sip:user@registrar or --config FILE)";
  }
  std::string text;
  for (const AccountInfo& account : accounts) {
    fmt::format_to(std::back_inserter(text), "{}{}{} {}: {}", text.empty() ? "" : "\n",
                   account.index, account.is_default ? "*" : "", account.name,
                   sip::to_string(account.state));
    if (account.state == sip::RegistrationState::kRegistered) {
      fmt::format_to(std::back_inserter(text), " ({} s)", account.granted_expires);
    }
  }
  return text;
}

}  // namespace sipline::app

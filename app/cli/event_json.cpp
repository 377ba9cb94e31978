// Each PhoneEvent as one JSON line for the control socket (event_json.hpp says the shape).
#include "app/cli/event_json.hpp"

#include <array>
#include <concepts>
#include <iterator>
#include <string_view>

#include <fmt/format.h>

#include "app/cli/call_record_text.hpp"
#include "base/ip_text.hpp"

namespace sipline::app {
namespace {

// `"key":"value"` with the value escaped.
std::string field(std::string_view key, std::string_view value) {
  return fmt::format(",\"{}\":\"{}\"", key, json_escape(value));
}

std::string field(std::string_view key, std::integral auto value) {
  return fmt::format(",\"{}\":{}", key, value);
}

std::string flag(std::string_view key, bool value) {
  return fmt::format(",\"{}\":{}", key, value ? "true" : "false");
}

std::string head(std::string_view kind, std::string_view type) {
  return fmt::format("{{\"event\":true,\"class\":\"{}\",\"type\":\"{}\"", kind, type);
}

// A call event: the call's id, direction and peer, then `param` and any fields after it.
std::string call(std::string_view type, const CallRef& ref, std::string_view param = {},
                 std::string_view rest = {}) {
  return head("call", type) + field("id", ref.id) +
         field("direction", ref.direction == CallDirection::kIncoming ? "incoming" : "outgoing") +
         field("peeruri", ref.remote_uri) + field("peername", ref.display_name) +
         field("param", param) + std::string(rest) + "}";
}

std::string_view registration_type(sip::RegistrationState state) {
  switch (state) {
    case sip::RegistrationState::kRegistering:
      return "REGISTERING";
    case sip::RegistrationState::kRegistered:
      return "REGISTER_OK";
    case sip::RegistrationState::kWaiting:
    case sip::RegistrationState::kFailed:
      return "REGISTER_FAIL";
    case sip::RegistrationState::kUnregistering:
      return "UNREGISTERING";
    default:
      return "UNREGISTERED";
  }
}

struct Json {
  std::chrono::system_clock::time_point now;

  std::string operator()(const event::CallOutgoing& e) const {
    return call("CALL_OUTGOING", e.call);
  }
  std::string operator()(const event::CallIncoming& e) const {
    return call("CALL_INCOMING", e.call, e.forwarded_by);
  }
  // baresip says nothing more when its incoming call rings: CALL_INCOMING is that.
  std::string operator()(const event::CallRinging&) const { return {}; }
  std::string operator()(const event::CallProgress& e) const {
    return call(e.status == 180 ? "CALL_RINGING" : "CALL_PROGRESS", e.call,
                std::to_string(e.status), field("status", e.status));
  }
  std::string operator()(const event::CallRetried& e) const {
    return call(
        "CALL_RETRIED", e.call, std::to_string(e.status),
        field("status", e.status) +
            field("to", fmt::format("{}:{}", sip_host(e.to.remote_address), e.to.remote_port)));
  }
  std::string operator()(const event::CallEarlyMedia& e) const {
    return call("CALL_EARLY_MEDIA", e.call, e.codec);
  }
  std::string operator()(const event::CallConfirmed& e) const {
    return call("CALL_ESTABLISHED", e.call, e.codec);
  }
  std::string operator()(const event::CallDtmf& e) const {
    constexpr std::array<std::string_view, 3> kVia{"rfc4733", "inband", "info"};
    return call("CALL_DTMF_START", e.call, std::string(1, e.key),
                field("via", kVia.at(static_cast<std::size_t>(e.via))));
  }
  std::string operator()(const event::DtmfNotSent& e) const {
    return call("CALL_DTMF_FAILED", e.call, std::string(1, e.key), field("reason", e.reason));
  }
  std::string operator()(const event::CallEnded& e) const {
    return call("CALL_CLOSED", e.call, std::to_string(e.status),
                field("status", e.status) + field("ended_by", e.by_peer ? "peer" : "us"));
  }
  std::string operator()(const event::CallSummary& e) const {
    // The end-of-call statistics: the record --cdr writes, whole.
    return call("CALL_SUMMARY", e.call, {}, ",\"summary\":" + call_record_json(e, now));
  }
  std::string operator()(const event::CallHeld& e) const {
    return call("CALL_HOLD", e.call, e.by_peer ? "peer" : "us", flag("by_peer", e.by_peer));
  }
  std::string operator()(const event::CallResumed& e) const {
    return call("CALL_RESUME", e.call, e.by_peer ? "peer" : "us", flag("by_peer", e.by_peer));
  }
  std::string operator()(const event::CallMediaChanged& e) const {
    return call("CALL_MEDIA_CHANGED", e.call, e.codec, field("remote", e.remote));
  }
  std::string operator()(const event::CallOfferRefused& e) const {
    return call("CALL_OFFER_REFUSED", e.call, std::to_string(e.status), field("status", e.status));
  }
  std::string operator()(const event::CallRejected& e) const {
    return call("CALL_REJECTED", e.call, e.reason, field("status", e.status));
  }
  std::string operator()(const event::CallAnswerUnusable& e) const {
    return call("CALL_ANSWER_UNUSABLE", e.call, e.reason);
  }
  std::string operator()(const event::AutoAnswerFailed& e) const {
    return call("AUTO_ANSWER_FAILED", e.call, e.reason);
  }
  std::string operator()(const event::AutoAnswerWaiting& e) const {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(e.delay).count();
    return call("AUTO_ANSWER_WAITING", e.call, std::to_string(ms), field("delay_ms", ms));
  }
  std::string operator()(const event::CallForwarded& e) const {
    return call("CALL_FORWARDED", e.call, e.target, flag("after_ringing", e.after_ringing));
  }
  std::string operator()(const event::CallRedirected& e) const {
    return call("CALL_REDIRECT", e.call, e.target,
                field("status", e.status) + field("next", e.next) + field("reason", e.reason));
  }
  std::string operator()(const event::CallTimeLimit& e) const {
    const auto s = std::chrono::duration_cast<std::chrono::seconds>(e.limit).count();
    return call("CALL_TIME_LIMIT", e.call, std::to_string(s));
  }
  std::string operator()(const event::CallTransferring& e) const {
    return call("CALL_TRANSFERRING", e.call, e.target, field("replacing", e.replacing));
  }
  std::string operator()(const event::CallTransferProgress& e) const {
    const bool failed = e.refused || (e.final && e.status >= 300);
    return call(failed ? "CALL_TRANSFER_FAILED" : "CALL_TRANSFER_PROGRESS", e.call,
                std::to_string(e.status), field("status", e.status) + flag("final", e.final));
  }
  std::string operator()(const event::CallReferred& e) const {
    // baresip's CALL_TRANSFER: the peer asked us to call `target`.
    return call("CALL_TRANSFER", e.call, e.target,
                field("next", e.next) + field("reason", e.reason));
  }
  std::string operator()(const event::CallReplaced& e) const {
    return call("CALL_REPLACED", e.call, std::to_string(e.replaced), field("replaced", e.replaced));
  }
  std::string operator()(const event::ConferenceChanged& e) const {
    std::string members;
    for (const sip::CallId id : e.members) {
      fmt::format_to(std::back_inserter(members), "{}{}", members.empty() ? "" : ",", id);
    }
    return head("conference", "CONFERENCE_CHANGED") + ",\"members\":[" + members + "]}";
  }
  std::string operator()(const event::DialWaiting& e) const {
    return head("call", "DIAL_WAITING") + field("param", e.target) + field("account", e.account) +
           field("looking_up", e.looking_up) + "}";
  }
  std::string operator()(const event::DialFailed& e) const {
    return head("call", "DIAL_FAILED") + field("param", e.target) + field("reason", e.reason) + "}";
  }
  std::string operator()(const event::RegistrationChanged& e) const {
    return head("register", registration_type(e.state)) + field("account", e.account) +
           field("accountaor", e.name) + field("param", std::to_string(e.status)) +
           field("status", e.status) + field("expires", e.expires) + field("reason", e.reason) +
           "}";
  }
  std::string operator()(const event::MediaReport& e) const {
    return head("media", "MEDIA_REPORT") + field("param", e.text) + "}";
  }
  std::string operator()(const event::SipTrace&) const { return {}; }
  std::string operator()(const event::TransportFailed& e) const {
    return head("transport", "TRANSPORT_FAILED") +
           field("param",
                 fmt::format("{}:{}", sip_host(e.flow.remote_address), e.flow.remote_port)) +
           field("reason", e.reason) + "}";
  }
  std::string operator()(const event::PublicAddress& e) const {
    return head("other", "PUBLIC_ADDRESS") + field("param", e.address) + field("port", e.port) +
           field("reason", e.error) + "}";
  }
  std::string operator()(const event::MessageReceived& e) const {
    return head("message", "MESSAGE_RECEIVED") + field("peeruri", e.from_uri) +
           field("peername", e.display_name) + field("param", e.text) + "}";
  }
  std::string operator()(const event::MessageAnswered& e) const {
    return head("message", "MESSAGE_ANSWERED") + field("id", e.id) + field("peeruri", e.to) +
           field("param", std::to_string(e.status)) + field("status", e.status) + "}";
  }
};

}  // namespace

std::string event_json(const PhoneEvent& event, std::chrono::system_clock::time_point now) {
  return std::visit(Json{now}, event);
}

}  // namespace sipline::app

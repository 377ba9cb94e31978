// Inside the PhoneCore: one call (its SDP negotiator, RTP port, state) and one account at work
// (its registration kept by the user agent, the credentials its realm allows, dials waiting for
// it). Shared by phone_core*.cpp only.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "app/core/phone_core.hpp"
#include "sdp/negotiator.hpp"
#include "sip/message/uri.hpp"

namespace sipline::app {

// The first active audio stream with a codec: the one a phone call runs on.
inline const sdp::NegotiatedStream* audio_stream(const sdp::NegotiatedSession& negotiated) {
  for (const auto& stream : negotiated.streams) {
    if (stream.active && stream.media == "audio" && !stream.codecs.empty()) {
      return &stream;
    }
  }
  return nullptr;
}

// "PCMU/8000": the codec we send with.
inline std::string send_codec(const sdp::NegotiatedSession& negotiated) {
  const sdp::NegotiatedStream* stream = audio_stream(negotiated);
  return stream == nullptr
             ? std::string()
             : fmt::format("{}/{}", stream->codecs.front().name, stream->codecs.front().clock_rate);
}

// The bit of one of the core's own call timers in Call::call_timers.
[[nodiscard]] constexpr std::uint8_t call_timer_bit(sip::UaTimerKey::Kind kind) {
  using Kind = sip::UaTimerKey::Kind;
  static_assert(static_cast<unsigned>(Kind::kAutoHangUp) - static_cast<unsigned>(Kind::kDtmf) < 8);
  return static_cast<std::uint8_t>(
      1U << (static_cast<unsigned>(kind) - static_cast<unsigned>(Kind::kDtmf)));
}

struct PhoneCore::Call {
  CallRef ref;
  PhoneCallState state = PhoneCallState::kCalling;
  std::unique_ptr<sdp::Negotiator> negotiator;
  std::optional<std::uint32_t> port_ticket;  // the reserved RTP port, until the media takes it
  sdp::NegotiatedSession negotiated;         // from our answer, or from the peer's
  bool media_started = false;
  std::string codec;
  std::string offer;        // theirs, for an incoming call
  std::string answer_sent;  // ours to it, once negotiated (in a 183, then in the 200)
  bool answered = false;
  bool answer_received = false;  // ours was the offer: the answer came (in a 1xx, 2xx or ACK)
  // Inside the confirmed call (phone_core_offers.cpp): an offer of ours open (a hold, a resume,
  // ours in a 2xx); we hold the call; the peer holds it (it takes no audio from us).
  bool offer_open = false;
  bool held = false;
  bool held_by_peer = false;
  std::optional<bool> retry_hold;  // a hold (true) or resume that met glare, to send again
  // DTMF (phone_core_dtmf.cpp): keys and pauses still to go, one each time the call's kDtmf
  // timer fires; the post-dial digits of its dial string, sent once it is confirmed.
  std::string dtmf_waiting;
  std::string post_dial;
  char info_key = '\0';  // the key of our last INFO, for a refusal to name
  // The core's own timers of this call that are set (kDtmf, kAutoAnswer, kForward, kAutoHangUp:
  // one bit each, set_call_timer); the To URI an incoming call came for (our Diversion names
  // it); for a call placed after a 3xx, the URIs tried before (the loop limit).
  std::uint8_t call_timers = 0;
  [[nodiscard]] bool timer_set(sip::UaTimerKey::Kind kind) const {
    return (call_timers & call_timer_bit(kind)) != 0;
  }
  void timer_fired(sip::UaTimerKey::Kind kind) {
    call_timers &= static_cast<std::uint8_t>(~call_timer_bit(kind));
  }
  std::string called_uri;
  std::vector<std::string> redirected_from;
  // phone_core_transfer.cpp: our REFER's target while the transfer runs; for a call we placed
  // because the peer of another call referred us, that call (its NOTIFYs, then its end).
  std::string transfer_target;
  std::optional<sip::CallId> referred_by_call;
  bool recording = false;      // phone_core_recording.cpp: its audio is being recorded
  bool in_conference = false;  // phone_core_conference.cpp: a member of the local conference
};

// What a call or a message goes over: through an account, its registrar's transport, which must
// be TLS for a sips: target (RFC 3261 §26.2.2, every hop secure); by IP, what the URI says
// (sips: TLS, a transport= parameter, else UDP). phone_core_dial.cpp.
[[nodiscard]] Result<transport::TransportKind> call_transport(
    const sip::Uri& uri, const transport::Flow* through_registrar);

// Straight to the host of `uri` over `kind`: its port, else 5060 (5061 for TLS, RFC 3261 §19.1.2).
[[nodiscard]] inline transport::Flow flow_to_host(const sip::Uri& uri,
                                                  transport::TransportKind kind) {
  const bool tls = kind == transport::TransportKind::kTls;
  return {kind, std::string(uri.host.address()),
          uri.host.port != 0 ? uri.host.port : (tls ? std::uint16_t{5061} : std::uint16_t{5060}),
          0};
}

[[nodiscard]] inline transport::Flow flow_to(const sip::LocateTarget& server) {
  return {server.transport, server.address, server.port, 0};
}

struct PhoneCore::Line {
  std::size_t index = 0;  // 1-based, as [AccountN] and accountId count
  AccountConfig config;
  AccountAddresses where;
  std::string contact;  // our Contact URI for this account
  sip::RegistrationId registration_id = 0;
  const sip::RegistrationClient* registration = nullptr;  // the user agent's, for its state
  // Set once registered: challenges to our calls are answered in this realm only.
  std::optional<sip::Credentials> credentials;
  std::vector<std::string> pending_dials;  // dialled before the first registration finished
  bool locating = false;                   // its registrar's servers are being looked up
  std::vector<sip::LocateTarget> servers;  // found for its registrar, best first
  std::size_t server = 0;                  // the one registered with
  bool not_found = false;                  // its registrar's lookup found no server
  bool waiting_for_address = false;        // STUN has not answered yet: not registering

  [[nodiscard]] std::string name() const { return config.label.empty() ? where.aor : config.label; }
  // A sips: account: its Contact and the calls dialled by user name are sips: too.
  [[nodiscard]] bool sips() const { return where.aor.starts_with("sips:"); }
  // Our Contact for this account at `host_port` (RFC 3261 §8.1.1.8: sips: for a sips: one).
  [[nodiscard]] std::string contact_at(const std::string& host_port) const {
    return (sips() ? "sips:" : "sip:") + where.user + "@" + host_port;
  }
  // Registering for the first time: calls wait, so that the registrar knows us and a challenge
  // to the INVITE can be answered in its realm.
  [[nodiscard]] bool coming_up() const {
    return waiting_for_address || locating ||
           (registration->state() == sip::RegistrationState::kRegistering &&
            registration->granted_expires() == 0);
  }
  // Where our media is reached on calls through it: the host of its Contact (the address the
  // registrar saw, with allowRewrite), else `listen_address`.
  [[nodiscard]] std::string media_address(const std::string& listen_address) const {
    const auto uri = sip::parse_uri(contact);
    return uri && uri->is_sip() ? std::string(uri->host.address()) : listen_address;
  }
  [[nodiscard]] sip::CallerIdentity caller() const {
    return {where.aor, config.display_name, contact, credentials, where.route};
  }
  // What the user agent keeps registered for this account (phone_core_accounts.cpp).
  [[nodiscard]] sip::RegistrationConfig registration_config(const std::string& host_port,
                                                            const std::string& user_agent) const;
};

}  // namespace sipline::app

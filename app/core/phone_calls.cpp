// The phone's calls: RTP ports and SDP, dialling, answering, rejecting and hanging up, and what
// the user agent says of each call.
#include <fmt/format.h>

#include "app/core/codec_choice.hpp"
#include "app/core/phone_call.hpp"
#include "app/core/phone_line.hpp"
#include "base/text.hpp"
#include "sdp/parser.hpp"
#include "sdp/printer.hpp"
#include "sip/message/uri.hpp"

namespace sipline::app {
namespace {

// The first active audio stream with a codec: the one a phone call runs on.
const sdp::NegotiatedStream* audio_stream(const sdp::NegotiatedSession& negotiated) {
  for (const auto& stream : negotiated.streams) {
    if (stream.active && stream.media == "audio" && !stream.codecs.empty()) {
      return &stream;
    }
  }
  return nullptr;
}

// "PCMU/8000": the codec we send with.
std::string send_codec(const sdp::NegotiatedSession& negotiated) {
  const sdp::NegotiatedStream* stream = audio_stream(negotiated);
  return stream == nullptr
             ? std::string()
             : fmt::format("{}/{}", stream->codecs.front().name, stream->codecs.front().clock_rate);
}

// What a call can reach today: sip: over UDP, to an IP address unless the account's registrar
// routes it (it resolves names and picks transports for the hops after it).
Result<void> can_call(const sip::Uri& uri, bool through_registrar) {
  if (uri.scheme == sip::Scheme::kSips) {
    // RFC 3261 §26.2.2: sips asks for TLS on every hop; calls go over UDP.
    return fail(Errc::kUnsupported, "sips: needs TLS, which calls do not use yet (dial sip:)");
  }
  if (through_registrar) {
    return {};
  }
  if (const auto transport = uri.param("transport"); transport && !iequals(*transport, "udp")) {
    return fail(Errc::kUnsupported, "calls over TCP or TLS are not built yet (UDP only)");
  }
  if (uri.host.kind == sip::HostKind::kName) {
    return fail(Errc::kUnsupported,
                "the callee is a host name and DNS is not built yet: dial its IP address");
  }
  return {};
}

// " PCMU/8000" after an event, or nothing while no codec is known.
std::string codec_suffix(const std::string& codec) { return codec.empty() ? "" : " " + codec; }

}  // namespace

Result<std::uint16_t> Phone::reserve_rtp_port(Call& call) {
  if (!config_.media) {
    return std::uint16_t{9};  // the discard port: no stream will run (RFC 863)
  }
  auto port = media_->reserve_port();
  if (!port) {
    return std::unexpected(port.error());
  }
  call.rtp = std::move(*port);
  return call.rtp.port;
}

void Phone::start_media(Call& call, const sdp::NegotiatedSession& negotiated) {
  call.codec = send_codec(negotiated);
  if (!config_.media) {
    return;
  }
  if (const sdp::NegotiatedStream* stream = audio_stream(negotiated)) {
    media_->start_call(call.id, call.rtp, *stream);
    call.media_started = true;
  }
}

sdp::LocalCapabilities Phone::capabilities(std::uint16_t rtp_port) const {
  sdp::LocalCapabilities local;
  local.username = config_.user;
  local.address = config_.listen_address;
  sdp::LocalMedia audio;
  audio.port = rtp_port;
  if (config_.codecs.empty()) {
    audio.codecs = default_audio_codecs();
  } else {
    // The user chose and ordered them: the answer keeps only these, and in that order
    // (RFC 3264 §6.1 lets the answerer list its preference first).
    audio.codecs = config_.codecs;
    local.order = sdp::CodecOrder::kOurs;
  }
  local.media.push_back(std::move(audio));
  return local;
}

void Phone::on_incoming(const sip::ua::IncomingCall& incoming) {
  auto call = std::make_unique<Call>();
  call->id = incoming.call;
  call->peer = incoming.from;
  call->state = "incoming";
  const auto port = reserve_rtp_port(*call);
  if (!port) {
    (void)ua_->reject(incoming.call, 500, now());
    report(fmt::format("call {} rejected: {}", incoming.call, port.error().reason));
    pump();
    return;
  }
  call->negotiator = std::make_unique<sdp::Negotiator>(capabilities(*port), random_);
  call->offer = incoming.offer;
  report(fmt::format("call {} incoming from {}", incoming.call, incoming.from));
  const sip::CallId id = incoming.call;
  calls_.emplace(id, std::move(call));
  if (incoming.offer.empty()) {
    // No offer in the INVITE: ours would go in the 200 (RFC 3264 §5); not supported yet.
    (void)ua_->reject(id, 488, now());
    report(fmt::format("call {} rejected: no SDP offer", id));
    pump();
    return;
  }
  (void)ua_->ring(id, now());
  calls_[id]->state = "ringing";
  pump();
  if (config_.auto_answer) {
    if (auto answered = answer(id); !answered) {
      report(fmt::format("call {} not answered: {}", id, answered.error().reason));
    }
  }
}

// The first incoming call not answered yet, or the one named.
Phone::Call* Phone::ringing_call(std::optional<sip::CallId> id) const {
  for (const auto& [call_id, candidate] : calls_) {
    if (!candidate->outgoing && !candidate->answered && (!id || *id == call_id)) {
      return candidate.get();
    }
  }
  return nullptr;
}

Result<void> Phone::reject(std::optional<sip::CallId> id) {
  Call* call = ringing_call(id);
  if (call == nullptr) {
    return fail(Errc::kNotFound, "no ringing call to reject", id.value_or(0));
  }
  call->answered = true;  // it will not be answered now
  auto done = ua_->reject(call->id, 603, now());
  pump();
  return done;
}

Result<void> Phone::answer(std::optional<sip::CallId> id) {
  Call* call = ringing_call(id);
  if (call == nullptr) {
    return fail(Errc::kNotFound, "no ringing call to answer", id.value_or(0));
  }
  call->answered = true;
  const auto offer = sdp::parse_session(call->offer);
  auto answer = offer ? call->negotiator->receive_offer(*offer)
                      : Result<sdp::Answer>(std::unexpected(offer.error()));
  if (!answer) {
    const int status = sdp::status_for_negotiation_error(answer.error());
    (void)ua_->reject(call->id, status, now());
    report(fmt::format("call {} rejected {}: {}", call->id, status, answer.error().reason));
    pump();
    return {};
  }
  call->negotiated = answer->negotiated;
  call->codec = send_codec(call->negotiated);
  auto sent = ua_->answer(call->id, sdp::print(answer->description), now());
  pump();
  return sent;
}

Result<sip::CallId> Phone::dial(std::string_view target) {
  Line* line = default_line();
  std::string uri(target);
  if (!iequals(target.substr(0, 4), "sip:") && !iequals(target.substr(0, 5), "sips:")) {
    uri = "sip:" + uri;
  }
  // "bob" with an account: bob at the account's domain.
  if (line != nullptr && uri.find('@') == std::string::npos) {
    uri += "@" + line->where.domain;
  }
  auto parsed = sip::parse_uri(uri);
  if (!parsed || !parsed->is_sip()) {
    return fail(Errc::kInvalidArgument, "not a SIP address (try sip:user@host:port)", 0);
  }
  if (auto reachable = can_call(*parsed, line != nullptr); !reachable) {
    return std::unexpected(reachable.error());
  }
  if (line != nullptr && line->coming_up()) {
    // The call goes out once the account is registered. 0: not placed yet.
    line->pending_dials.emplace_back(target);
    report(fmt::format("dial {}: waiting for the registration of {}", target, line->name()));
    return sip::CallId{0};
  }
  // With an account the registrar is our outbound proxy; without, call by IP: straight to the
  // host of the URI.
  transport::Flow to{transport::TransportKind::kUdp, std::string(parsed->host.address()),
                     parsed->host.port != 0 ? parsed->host.port : std::uint16_t{5060}, 0};
  if (line != nullptr) {
    to = line->where.registrar;
  }
  auto call = std::make_unique<Call>();
  call->outgoing = true;
  call->peer = uri;
  call->state = "calling";
  const auto port = reserve_rtp_port(*call);
  if (!port) {
    return std::unexpected(port.error());
  }
  call->negotiator = std::make_unique<sdp::Negotiator>(capabilities(*port), random_);
  const std::string offer = sdp::print(call->negotiator->create_offer());
  auto id =
      ua_->dial(uri, to, offer, now(), line != nullptr ? line->caller() : sip::CallerIdentity{});
  if (!id) {
    return id;
  }
  call->id = *id;
  calls_.emplace(*id, std::move(call));
  report(fmt::format("call {} calling {}", *id, uri));
  pump();
  return id;
}

// RFC 3261 §13.2.1: the first session description in a response to our INVITE is the answer,
// even in an unreliable 183, and later ones are ignored. An answer in a provisional response
// starts the media at once: early media (ring-back tones, announcements, an IVR asking for
// digits), heard before — or instead of — an answer.
void Phone::on_progress(const sip::ua::CallProgress& progress) {
  const auto it = calls_.find(progress.call);
  if (it == calls_.end()) {
    return;
  }
  Call& call = *it->second;
  call.state = progress.status == 180 ? "ringing" : "progress";
  report(fmt::format("call {} {} ({})", progress.call, call.state, progress.status));
  if (progress.body.empty() || call.media_started || call.answer_received ||
      progress.content_type != "application/sdp") {
    return;
  }
  if (!take_answer(call, progress.body)) {
    return;
  }
  start_media(call, call.negotiated);
  report(fmt::format("call {} early media{}", call.id, codec_suffix(call.codec)));
}

bool Phone::take_answer(Call& call, std::string_view body) {
  const auto answer = sdp::parse_session(body);
  auto negotiated = answer ? call.negotiator->receive_answer(*answer)
                           : Result<sdp::NegotiatedSession>(std::unexpected(answer.error()));
  if (!negotiated) {
    report(fmt::format("call {}: unusable SDP answer ({}); hanging up", call.id,
                       negotiated.error().reason));
    (void)ua_->hangup(call.id, now());
    pump();
    return false;
  }
  call.negotiated = *negotiated;
  call.answer_received = true;
  return true;
}

void Phone::on_confirmed(const sip::ua::CallConfirmed& confirmed) {
  const auto it = calls_.find(confirmed.call);
  if (it == calls_.end()) {
    return;
  }
  Call& call = *it->second;
  if (call.outgoing && !call.answer_received && !take_answer(call, confirmed.body)) {
    return;
  }
  if (!call.media_started) {  // else early media goes on as the call's media
    start_media(call, call.negotiated);
  }
  call.state = "confirmed";
  report(fmt::format("call {} confirmed{}", call.id, codec_suffix(call.codec)));
}

void Phone::on_ended(const sip::ua::CallEnded& ended) {
  report(
      fmt::format("call {} ended {}{}", ended.call, ended.status, ended.by_peer ? " by peer" : ""));
  if (const auto it = calls_.find(ended.call); it != calls_.end() && it->second->media_started) {
    media_->stop_call(ended.call);
  }
  calls_.erase(ended.call);
}

Result<void> Phone::hangup(std::optional<sip::CallId> id) {
  if (!id) {
    if (calls_.empty()) {
      return fail(Errc::kNotFound, "no call to hang up", 0);
    }
    id = calls_.rbegin()->first;
  }
  auto done = ua_->hangup(*id, now());
  pump();
  return done;
}

void Phone::hangup_all() {
  std::vector<sip::CallId> ids;
  for (const auto& [id, call] : calls_) {
    ids.push_back(id);
  }
  for (const sip::CallId id : ids) {
    (void)ua_->hangup(id, now());
  }
  pump();
}

std::vector<CallInfo> Phone::calls() const {
  std::vector<CallInfo> out;
  for (const auto& [id, call] : calls_) {
    out.push_back({id, call->outgoing, call->peer, call->state, call->codec});
  }
  return out;
}

}  // namespace sipline::app

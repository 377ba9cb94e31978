// The phone core on Boost.Asio.
#include "app/core/phone.hpp"

#include <boost/asio/post.hpp>
#include <fmt/format.h>

#include "app/core/codec_choice.hpp"
#include "app/core/phone_line.hpp"
#include "base/ip_text.hpp"
#include "base/text.hpp"
#include "sdp/parser.hpp"
#include "sdp/printer.hpp"
#include "sip/message/stream_framer.hpp"
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

struct Phone::Call {
  sip::CallId id = 0;
  bool outgoing = false;
  std::string peer;
  std::string state = "new";
  std::unique_ptr<sdp::Negotiator> negotiator;
  RtpPort rtp;                        // reserved for the media stream
  sdp::NegotiatedSession negotiated;  // an incoming call's, from our answer
  bool media_started = false;
  std::string codec;
  std::string offer;  // theirs, for an incoming call
  bool answered = false;
  bool answer_received = false;  // outgoing: the peer's SDP answer came (in a 1xx or the 2xx)
};

Phone::Phone(boost::asio::io_context& io, PhoneConfig config, EventSink sink)
    : io_(io), config_(std::move(config)), sink_(std::move(sink)) {}

Phone::~Phone() = default;

TimePoint Phone::now() const { return clock_.now(); }

void Phone::report(std::string_view line) const {
  if (sink_) {
    sink_(line);
  }
}

Result<std::uint16_t> Phone::start() {
  if (is_ipv6_address(config_.listen_address)) {
    // Via and Contact would carry "::1:5070", which peers cannot parse (RFC 3261 §25.1 wants
    // the reference in brackets): refused until IPv6 is built.
    return fail(Errc::kInvalidArgument, "listening on IPv6 is not built yet: use an IPv4 address");
  }
  // Media first: a missing sound card is the most likely thing to fail, with its own reason.
  auto media = MediaEngine::start(
      {config_.audio, config_.listen_address},
      [this](std::string line) { boost::asio::post(io_, [this, line] { report(line); }); });
  if (!media) {
    return std::unexpected(media.error());
  }
  media_ = std::move(*media);
  transport_ = std::make_unique<transport::AsioTransport>(
      io_, *this, [] { return std::make_unique<sip::StreamFramer>(); });
  auto port = transport_->listen(transport::TransportKind::kUdp, config_.listen_address,
                                 config_.listen_port);
  if (!port) {
    return port;
  }
  port_ = *port;
  sip::UserAgentConfig ua;
  const std::string host_port = fmt::format("{}:{}", config_.listen_address, port_);
  ua.local_uri = fmt::format("sip:{}@{}", config_.user, host_port);
  ua.contact = ua.local_uri;
  ua.via_sent_by = host_port;
  ua.user_agent = config_.user_agent;
  if (auto accounts = make_lines(host_port); !accounts) {
    return std::unexpected(accounts.error());
  }
  if (const Line* line = default_line()) {
    ua.local_uri = line->where.aor;  // incoming calls and requests outside calls: its identity
    ua.contact = line->contact;
  }
  ua_ = std::make_unique<sip::UserAgent>(ua, random_);
  register_all();
  return port_;
}

void Phone::on_message(const transport::Flow& from, std::string_view bytes) {
  if (config_.sip_trace) {
    report(fmt::format("<<< {}:{}\n{}", from.remote_address, from.remote_port, bytes));
  }
  ua_->on_message(from, bytes, now());
  pump();
}

void Phone::on_flow_failed(const transport::Flow& flow, const Error& error) {
  report(fmt::format("sip: sending to {}:{} failed: {}", flow.remote_address, flow.remote_port,
                     error.reason));
  ua_->on_flow_failed(flow, now());
  pump();
}

void Phone::arm(const sip::UaTimerKey& key, TimePoint at) {
  sip_timers_.set(key, at);
  schedule_sip_timer();
}

// The Asio timer wakes at the earliest deadline; moving it only when an earlier one comes keeps
// the kernel's timer untouched for the 32 s Timers J and L that nearly every call arms.
void Phone::schedule_sip_timer() {
  const auto next = sip_timers_.next();
  if (!next || (sip_timer_at_ && *sip_timer_at_ <= *next)) {
    return;
  }
  if (!sip_timer_) {
    sip_timer_ = std::make_unique<boost::asio::steady_timer>(io_);
  }
  sip_timer_at_ = *next;
  sip_timer_->expires_at(std::chrono::time_point_cast<std::chrono::steady_clock::duration>(*next));
  sip_timer_->async_wait([this](const boost::system::error_code& error) {
    if (!error) {  // an error: moved to an earlier deadline (that wait is the live one)
      sip_timer_at_.reset();
      fire_sip_timers();
    }
  });
}

void Phone::fire_sip_timers() {
  const TimePoint fired = now();
  while (auto key = sip_timers_.pop_due(fired)) {
    ua_->on_timer(*key, fired);
    pump();
  }
  schedule_sip_timer();
}

void Phone::pump() {
  while (auto output = ua_->poll()) {
    if (auto* send = std::get_if<sip::ua::Send>(&*output)) {
      if (config_.sip_trace) {
        report(fmt::format(">>> {}:{}\n{}", send->to.remote_address, send->to.remote_port,
                           send->bytes));
      }
      transport_->send(send->to, std::move(send->bytes));
    } else if (auto* set = std::get_if<sip::ua::SetTimer>(&*output)) {
      arm(set->key, set->at);
    } else if (auto* cancel = std::get_if<sip::ua::CancelTimer>(&*output)) {
      sip_timers_.cancel(cancel->key);  // the Asio timer may wake for nothing: harmless
    } else if (auto* incoming = std::get_if<sip::ua::IncomingCall>(&*output)) {
      on_incoming(*incoming);
    } else if (auto* progress = std::get_if<sip::ua::CallProgress>(&*output)) {
      on_progress(*progress);
    } else if (auto* confirmed = std::get_if<sip::ua::CallConfirmed>(&*output)) {
      on_confirmed(*confirmed);
    } else if (auto* ended = std::get_if<sip::ua::CallEnded>(&*output)) {
      on_ended(*ended);
    } else if (auto* response = std::get_if<sip::ua::Response>(&*output)) {
      if (Line* line = line_of_transaction(response->transaction)) {
        line->registration->on_response(*response->message, now());
        pump_registration(*line);
      }
    } else if (auto* failed = std::get_if<sip::ua::RequestFailed>(&*output)) {
      if (Line* line = line_of_transaction(failed->transaction)) {
        line->registration->on_failure(now(), failed->status);
        pump_registration(*line);
      }
    }
  }
}

void Phone::shutdown(std::function<void()> done) {
  hangup_all();
  const bool waiting = unregister_all();
  on_shutdown_ = std::move(done);
  if (!waiting) {
    // Give the BYEs a moment on the wire.
    shutdown_timer_ = std::make_unique<boost::asio::steady_timer>(io_);
    shutdown_timer_->expires_after(std::chrono::milliseconds(300));
    shutdown_timer_->async_wait([this](auto) { finish_shutdown(); });
    return;
  }
  shutdown_timer_ = std::make_unique<boost::asio::steady_timer>(io_);
  shutdown_timer_->expires_after(std::chrono::seconds(2));
  shutdown_timer_->async_wait([this](const boost::system::error_code& error) {
    if (!error) {
      finish_shutdown();
    }
  });
}

void Phone::finish_shutdown() {
  if (auto done = std::exchange(on_shutdown_, nullptr)) {
    done();
  }
}

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

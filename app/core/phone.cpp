// The phone's driver: the PhoneCore on Asio, with the media engine and the SIP transport.
#include "app/core/phone.hpp"

#include <boost/asio/post.hpp>

#include "base/ip_text.hpp"
#include "sip/message/stream_framer.hpp"

namespace sipline::app {
namespace {

boost::asio::steady_timer::time_point asio_time(TimePoint at) {
  return std::chrono::time_point_cast<std::chrono::steady_clock::duration>(at);
}

}  // namespace

Phone::Phone(boost::asio::io_context& io, PhoneConfig config, const Clock& clock, EventSink sink)
    : io_(io),
      config_(std::move(config)),
      clock_(clock),
      sink_(std::move(sink)),
      sip_timer_(io),
      shutdown_timer_(io),
      stun_timer_(io) {
  if (!sink_) {
    sink_ = [](const PhoneEvent&) {};
  }
}

Phone::~Phone() = default;

Result<std::uint16_t> Phone::start() {
  // Media first: a missing sound card is the most likely thing to fail, with its own reason.
  auto media = MediaEngine::start(
      {config_.audio, config_.listen_address}, clock_, [this](std::vector<MediaNews> news) {
        boost::asio::post(io_, [this, news = std::move(news)] { on_media_news(news); });
      });
  if (!media) {
    return std::unexpected(media.error());
  }
  media_ = std::move(*media);
  auto port = listen();
  if (!port) {
    return port;
  }
  port_ = *port;
  PortSource& ports = *this;  // a private base: converted here, where it is accessible
  core_ = std::make_unique<PhoneCore>(config_, port_, random_, ports);
  if (auto started = core_->start(now()); !started) {
    core_.reset();  // half made: nothing may use it
    return std::unexpected(started.error());
  }
  carry_out();
  return port_;
}

void Phone::on_message(const transport::Flow& from, std::string_view bytes) {
  // STUN shares the SIP socket (RFC 5389 §7.2.1): told apart by its first bits and cookie.
  if (from.kind == transport::TransportKind::kUdp && transport::looks_like_stun(bytes)) {
    (void)take_stun_response(bytes);
    return;
  }
  if (config_.sip_trace) {
    sink_(event::SipTrace{false, from, std::string(bytes)});
  }
  core_->on_message(from, bytes, now());
  carry_out();
}

void Phone::on_flow_failed(const transport::Flow& flow, const Error& error) {
  sink_(event::TransportFailed{flow, std::string(error.reason)});
  core_->on_flow_failed(flow, now());
  carry_out();
}

void Phone::on_pong(const transport::Flow& from) {
  core_->on_pong(from, now());
  carry_out();
}

void Phone::carry_out() {
  while (auto output = core_->poll()) {
    if (auto* send = std::get_if<sip::ua::Send>(&*output)) {
      if (config_.sip_trace) {
        sink_(event::SipTrace{true, send->to, send->bytes});
      }
      // A TLS connection to open verifies the name the account or the URI gave.
      const bool opens_tls =
          send->to.kind == transport::TransportKind::kTls && send->to.connection == 0;
      transport_->send(send->to, std::move(send->bytes),
                       opens_tls ? core_->tls_server_name(send->to) : std::string());
    } else if (auto* set = std::get_if<sip::ua::SetTimer>(&*output)) {
      sip_timers_.set(set->key, set->at);
    } else if (auto* cancel = std::get_if<sip::ua::CancelTimer>(&*output)) {
      sip_timers_.cancel(cancel->key);  // the Asio timer may wake for nothing: harmless
    } else if (auto* drop = std::get_if<sip::ua::DropFlow>(&*output)) {
      transport_->drop(drop->flow, Error{Errc::kTimeout, "no answer to a keep-alive in 10 s", 0});
    } else if (auto* start = std::get_if<media_command::Start>(&*output)) {
      if (const auto port = ports_.find(start->port_ticket); port != ports_.end()) {
        media_->start_call(start->call, std::move(port->second), start->stream);
        ports_.erase(port);
        records_.on_media_started(start->call);
      }
    } else if (auto* update = std::get_if<media_command::Update>(&*output)) {
      media_->update_call(update->call, update->stream, update->held);
    } else if (auto* dtmf = std::get_if<media_command::Dtmf>(&*output)) {
      media_->send_dtmf(dtmf->call, dtmf->key, dtmf->via);
    } else if (auto* recording = std::get_if<media_command::Record>(&*output)) {
      record(*recording);
    } else if (auto* member = std::get_if<media_command::Conference>(&*output)) {
      media_->set_conference(member->call, member->member);
    } else if (auto* stop = std::get_if<media_command::Stop>(&*output)) {
      // Its last statistics come from the media thread: the call's summary waits for them.
      media_->stop_call(stop->call);
    } else if (auto* locate = std::get_if<LocateServers>(&*output)) {
      locate_servers(*locate);
    } else if (auto* find = std::get_if<FindPublicAddress>(&*output)) {
      find_public_address(*find);
    } else if (auto* event = std::get_if<PhoneEvent>(&*output)) {
      emit(*event);
    }
  }
  schedule_sip_timer();
  finish_shutdown_if_done();
}

void Phone::emit(const PhoneEvent& event) {
  sink_(event);
  if (auto summary = records_.on_event(event, now())) {
    sink_(*summary);
  }
}

// The Asio timer wakes at the earliest deadline; moving it only when an earlier one comes keeps
// the kernel's timer untouched for the 32 s Timers J and L that nearly every call arms.
void Phone::schedule_sip_timer() {
  const auto next = sip_timers_.next();
  if (!next || (sip_timer_at_ && *sip_timer_at_ <= *next)) {
    return;
  }
  sip_timer_at_ = *next;
  sip_timer_.expires_at(asio_time(*next));
  sip_timer_.async_wait([this](const boost::system::error_code& error) {
    if (!error) {  // an error: moved to an earlier deadline (that wait is the live one)
      sip_timer_at_.reset();
      fire_sip_timers();
    }
  });
}

void Phone::fire_sip_timers() {
  const TimePoint fired = now();
  while (auto key = sip_timers_.pop_due(fired)) {
    core_->on_timer(*key, fired);
    carry_out();
  }
  schedule_sip_timer();
}

Result<sip::CallId> Phone::dial(std::string_view target) {
  auto call = core_->dial(target, now());
  carry_out();
  return call;
}

Result<void> Phone::on_call(CallVerb verb, std::optional<sip::CallId> call) {
  auto done = (core_.get()->*verb)(call, now());
  carry_out();
  return done;
}

Result<void> Phone::answer(std::optional<sip::CallId> call) {
  return on_call(&PhoneCore::answer, call);
}

Result<void> Phone::early_media(std::optional<sip::CallId> call) {
  return on_call(&PhoneCore::early_media, call);
}

Result<void> Phone::reject(std::optional<sip::CallId> call) {
  return on_call(&PhoneCore::reject, call);
}

Result<void> Phone::hangup(std::optional<sip::CallId> call) {
  return on_call(&PhoneCore::hangup, call);
}

Result<void> Phone::hold(std::optional<sip::CallId> call) {
  return on_call(&PhoneCore::hold, call);
}

Result<void> Phone::resume(std::optional<sip::CallId> call) {
  return on_call(&PhoneCore::resume, call);
}

Result<std::uint32_t> Phone::send_message(std::string_view target, std::string_view text) {
  auto sent = core_->send_message(target, text, now());
  carry_out();
  return sent;
}

Result<void> Phone::send_dtmf(std::optional<sip::CallId> call, std::string_view keys) {
  auto sent = core_->send_dtmf(call, keys, now());
  carry_out();
  return sent;
}

Result<void> Phone::conference(std::span<const sip::CallId> calls) {
  auto done = core_->conference(calls, now());
  carry_out();
  return done;
}

Result<void> Phone::record(std::optional<sip::CallId> call, bool on) {
  auto done = core_->record(call, on, now());
  carry_out();
  return done;
}

Result<void> Phone::transfer(std::optional<sip::CallId> call, std::string_view target) {
  auto sent = core_->transfer(call, target, now());
  carry_out();
  return sent;
}

Result<void> Phone::attended_transfer(sip::CallId call, sip::CallId other) {
  auto sent = core_->attended_transfer(call, other, now());
  carry_out();
  return sent;
}

Result<void> Phone::set_password(std::string password) {
  auto done = core_->set_password(std::move(password), now());
  carry_out();
  return done;
}

void Phone::set_audio_levels(const AudioLevels& levels) {
  levels_ = levels;
  if (media_) {
    media_->set_levels(levels);
  }
}

void Phone::hangup_all() {
  core_->hangup_all(now());
  carry_out();
}

std::vector<CallInfo> Phone::calls() const { return core_->calls(); }

std::vector<AccountInfo> Phone::accounts() const { return core_->accounts(); }

std::map<std::uint32_t, CallStatistics> Phone::statistics() const { return media_->statistics(); }

void Phone::shutdown(std::function<void()> done) {
  core_->shutdown(now());
  const bool waiting = core_->unregistering();
  on_shutdown_ = std::move(done);
  // Registrars to answer: at most two seconds. Nothing registered: a moment for the BYEs on the
  // wire.
  shutdown_grace_ = !waiting;
  shutdown_timer_.expires_after(waiting ? std::chrono::milliseconds(2000)
                                        : std::chrono::milliseconds(300));
  shutdown_timer_.async_wait([this](const boost::system::error_code& error) {
    if (!error) {
      finish_shutdown();
    }
  });
  carry_out();
}

void Phone::finish_shutdown_if_done() {
  if (on_shutdown_ && !shutdown_grace_ && !core_->unregistering() &&
      !records_.waiting_for_media()) {
    finish_shutdown();
  }
}

void Phone::finish_shutdown() {
  shutdown_timer_.cancel();
  if (auto done = std::exchange(on_shutdown_, nullptr)) {
    done();
  }
}

}  // namespace sipline::app

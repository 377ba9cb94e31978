// The phone core on Boost.Asio: the transport, the SIP timers, the user agent's outputs and the
// way out. Calls are in phone_calls.cpp, accounts in phone_accounts.cpp.
#include "app/core/phone.hpp"

#include <boost/asio/post.hpp>
#include <fmt/format.h>

#include "app/core/phone_call.hpp"
#include "app/core/phone_line.hpp"
#include "base/ip_text.hpp"
#include "sip/message/stream_framer.hpp"

namespace sipline::app {

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

}  // namespace sipline::app

// The phone core: the user agent's inputs and outputs, hanging up and the way out. Calls are in
// phone_core_calls.cpp, hold and offers inside calls in phone_core_offers.cpp, accounts in
// phone_core_accounts.cpp.
#include "app/core/phone_core.hpp"

#include <algorithm>
#include <utility>

#include "app/core/phone_core_parts.hpp"
#include "app/core/server_location.hpp"
#include "base/ip_text.hpp"

namespace sipline::app {

PhoneCore::PhoneCore(PhoneConfig config, std::uint16_t sip_port, Random& random, PortSource& ports)
    : config_(std::move(config)),
      host_port_(sip_host(config_.listen_address) + ":" + std::to_string(sip_port)),
      port_text_(std::to_string(sip_port)),
      random_(random),
      ports_(ports) {}

PhoneCore::~PhoneCore() = default;

Result<void> PhoneCore::start(TimePoint now) {
  if (auto lines = make_lines(); !lines) {
    return lines;
  }
  if (config_.forwarding) {
    if (auto forwarding = set_forwarding(true); !forwarding) {
      return forwarding;  // no target to send calls on to
    }
  }
  sip::UserAgentConfig ua;
  ua.local_uri = "sip:" + config_.user + "@" + host_port_;
  ua.contact = ua.local_uri;
  ua.via_sent_by = host_port_;
  ua.tls_port = tls_port();
  ua.udp_request_limit = config_.udp_request_limit;
  ua.user_agent = config_.user_agent;
  ua.session_timers.enabled = !config_.disable_session_timer;
  if (const Line* line = default_line()) {
    ua.local_uri = line->where.aor;  // incoming calls and requests outside calls: its identity
    ua.contact = line->contact;
    ua.session_timers.enabled = !line->config.disable_session_timer;
  }
  ua_ = std::make_unique<sip::UserAgent>(ua, random_);
  for (const auto& line : lines_) {
    sip::RegistrationConfig registration =
        line->registration_config(host_port_, config_.user_agent);
    registration.tls_port = ua.tls_port;
    line->registration_id = ua_->add_registration(std::move(registration), line->where.registrar);
    line->registration = ua_->registration(line->registration_id);
  }
  if (!config_.stun_server.empty()) {
    // Where a NAT shows us first (RFC 5389): the accounts register once STUN has answered.
    for (const auto& line : lines_) {
      line->waiting_for_address = true;
    }
    finding_address_ = true;
    const auto server = stun_server_request(config_.stun_server);
    out_.emplace_back(FindPublicAddress{server.value_or(sip::LocateRequest{}), locate_support()});
    run(now);
    return {};
  }
  begin_registering(now);
  run(now);
  return {};
}

void PhoneCore::begin_registering(TimePoint now) {
  for (const auto& line : lines_) {
    line->waiting_for_address = false;
    if (line->where.registrar_to_locate) {
      look_up_registrar(*line);  // registers once on_located says where
      continue;
    }
    (void)ua_->start_registration(line->registration_id, now);  // it exists: cannot fail
  }
}

void PhoneCore::on_public_address(const std::string& address, std::uint16_t port,
                                  const std::string& error, TimePoint now) {
  if (!std::exchange(finding_address_, false)) {
    return;  // answered already, or never asked
  }
  if (address.empty()) {
    emit(event::PublicAddress{"", 0, error});
  } else {
    public_address_ = address;
    const std::string host_port = sip_host(address) + ":" + std::to_string(port);
    emit(event::PublicAddress{address, port, ""});
    for (const auto& line : lines_) {
      if (!line->config.public_address.empty()) {
        continue;  // its publicAddr says
      }
      line->contact = line->contact_at(host_port);
      (void)ua_->set_registration_contact(line->registration_id, line->contact);
    }
    const Line* line = default_line();
    ua_->set_contact(line != nullptr ? line->contact : "sip:" + config_.user + "@" + host_port);
  }
  begin_registering(now);
  run(now);
}

void PhoneCore::on_message(const transport::Flow& from, std::string_view bytes, TimePoint now) {
  ua_->on_message(from, bytes, now);
  run(now);
}

void PhoneCore::on_flow_failed(const transport::Flow& flow, TimePoint now) {
  ua_->on_flow_failed(flow, now);
  run(now);
}

void PhoneCore::on_pong(const transport::Flow& from, TimePoint now) {
  ua_->on_pong(from);
  run(now);
}

void PhoneCore::on_timer(const sip::UaTimerKey& key, TimePoint now) {
  using Kind = sip::UaTimerKey::Kind;
  if (key.kind == Kind::kDtmf) {
    send_next_dtmf(static_cast<sip::CallId>(key.id), now);
  } else if (key.kind == Kind::kAutoAnswer || key.kind == Kind::kForward ||
             key.kind == Kind::kAutoHangUp) {
    on_call_timer(key, now);
  } else {
    ua_->on_timer(key, now);
  }
  run(now);
}

std::optional<PhoneOutput> PhoneCore::poll() {
  if (out_.empty()) {
    return std::nullopt;
  }
  PhoneOutput next = std::move(out_.front());
  out_.pop_front();
  return next;
}

sip::LocateSupport PhoneCore::locate_support() const {
  const bool v6 = is_ipv6_address(config_.listen_address);
  return {.ipv4 = !v6, .ipv6 = v6};
}

std::string PhoneCore::tls_server_name(const transport::Flow& to) const {
  for (const auto& line : lines_) {
    if (transport::travels_on(line->where.registrar, to)) {
      return line->where.tls_name;
    }
  }
  const auto found = tls_names_.find({to.remote_address, to.remote_port});
  return found == tls_names_.end() ? std::string() : found->second;
}

void PhoneCore::remember_tls_name(const transport::Flow& to, std::string name) {
  constexpr std::size_t kMaxNames = 256;  // the user dials them: a bound all the same
  if (tls_names_.size() >= kMaxNames) {
    tls_names_.clear();
  }
  tls_names_[{to.remote_address, to.remote_port}] = std::move(name);
}

void PhoneCore::run(TimePoint now) {
  while (auto output = ua_->poll()) {
    if (auto* send = std::get_if<sip::ua::Send>(&*output)) {
      out_.emplace_back(std::move(*send));
    } else if (auto* set = std::get_if<sip::ua::SetTimer>(&*output)) {
      out_.emplace_back(*set);
    } else if (auto* cancel = std::get_if<sip::ua::CancelTimer>(&*output)) {
      out_.emplace_back(*cancel);
    } else if (auto* drop = std::get_if<sip::ua::DropFlow>(&*output)) {
      out_.emplace_back(std::move(*drop));
    } else if (auto* incoming = std::get_if<sip::ua::IncomingCall>(&*output)) {
      on_incoming(*incoming, now);
    } else if (auto* progress = std::get_if<sip::ua::CallProgress>(&*output)) {
      on_progress(*progress, now);
    } else if (auto* retried = std::get_if<sip::ua::CallRetried>(&*output)) {
      if (Call* call = find(retried->call)) {
        emit(event::CallRetried{call->ref, retried->status, retried->to});
      }
    } else if (auto* confirmed = std::get_if<sip::ua::CallConfirmed>(&*output)) {
      on_confirmed(*confirmed, now);
    } else if (auto* ended = std::get_if<sip::ua::CallEnded>(&*output)) {
      on_ended(*ended, now);
    } else if (auto* offer = std::get_if<sip::ua::SessionOffer>(&*output)) {
      on_session_offer(*offer, now);
    } else if (auto* answer = std::get_if<sip::ua::SessionAnswer>(&*output)) {
      on_session_answer(*answer, now);
    } else if (auto* retry = std::get_if<sip::ua::OfferRetry>(&*output)) {
      on_offer_retry(*retry, now);
    } else if (auto* change = std::get_if<sip::ua::RegistrationChanged>(&*output)) {
      on_registration(*change, now);
    } else if (auto* info = std::get_if<sip::ua::InfoReceived>(&*output)) {
      on_info(*info);
    } else if (auto* info_answered = std::get_if<sip::ua::InfoAnswered>(&*output)) {
      on_info_answered(*info_answered);
    } else if (auto* page = std::get_if<sip::ua::PageReceived>(&*output)) {
      on_page(*page);
    } else if (auto* page_answered = std::get_if<sip::ua::PageAnswered>(&*output)) {
      on_page_answered(*page_answered);
    } else if (auto* refer_answered = std::get_if<sip::ua::ReferAnswered>(&*output)) {
      on_refer_answered(*refer_answered, now);
    } else if (auto* notified = std::get_if<sip::ua::ReferNotified>(&*output)) {
      on_refer_notified(*notified, now);
    } else if (auto* refer = std::get_if<sip::ua::ReferReceived>(&*output)) {
      on_refer_received(*refer, now);
    }
    // ua::Response and ua::RequestFailed: the core sends no request of its own outside calls.
  }
}

Result<void> PhoneCore::hangup(std::optional<sip::CallId> id, TimePoint now) {
  if (!id) {
    if (calls_.empty()) {
      return fail(Errc::kNotFound, "no call to hang up", 0);
    }
    id = calls_.rbegin()->first;
  }
  auto done = ua_->hangup(*id, now);
  run(now);
  return done;
}

void PhoneCore::hang_up_every_call(TimePoint now) {
  for (const auto& [id, call] : calls_) {
    (void)ua_->hangup(id, now);  // the calls end when run() hears of it, not here
  }
}

void PhoneCore::hangup_all(TimePoint now) {
  hang_up_every_call(now);
  run(now);
}

void PhoneCore::shutdown(TimePoint now) {
  hang_up_every_call(now);
  // Every line, whatever its state: one waiting to retry must not register again on the way
  // out.
  for (const auto& line : lines_) {
    (void)ua_->stop_registration(line->registration_id, now);
    line->locating = false;  // a lookup still running registers nothing when it ends
  }
  dials_looked_up_.clear();  // nor does it place a call
  run(now);
}

bool PhoneCore::unregistering() const {
  return std::ranges::any_of(lines_, [](const auto& line) {
    return line->registration->state() == sip::RegistrationState::kUnregistering;
  });
}

std::vector<CallInfo> PhoneCore::calls() const {
  std::vector<CallInfo> out;
  for (const auto& [id, call] : calls_) {
    out.push_back({call->ref, call->state, call->codec, call->held, call->held_by_peer});
  }
  return out;
}

}  // namespace sipline::app

// The phone's accounts: checked at the start, registered through the user agent, their state
// reported as typed events; dials waiting for an account's first registration go out once it
// is settled either way.
#include <algorithm>
#include <utility>

#include "app/core/phone_core_parts.hpp"
#include "base/ip_text.hpp"

namespace sipline::app {

sip::RegistrationConfig PhoneCore::Line::registration_config(const std::string& host_port,
                                                             const std::string& user_agent) const {
  sip::RegistrationConfig out;
  out.registrar = where.registrar_uri;
  out.aor = where.aor;
  out.display_name = config.display_name;
  out.username = config.auth_username;
  out.password = config.password;
  out.contact = contact;
  out.instance_id = config.instance_id;
  out.sent_by = host_port;  // the transport follows the registrar's flow
  out.expires = config.expires;
  out.user_agent = user_agent;
  out.keep_alive_s = config.keep_alive_s;
  out.allow_rewrite = config.allow_rewrite;
  out.route = where.route;
  return out;
}

Result<void> PhoneCore::make_lines() {
  // The front end checks accounts with resolve_account() first, to name what is wrong; here
  // the reason must be a fixed text.
  if (!config_.accounts.empty() && config_.default_account > config_.accounts.size()) {
    return fail(Errc::kInvalidArgument, "the default account does not exist", 0);
  }
  for (std::size_t i = 0; i < config_.accounts.size(); ++i) {
    const AccountConfig& account = config_.accounts[i];
    auto where = resolve_account(account);
    if (!where) {
      return fail(Errc::kInvalidArgument, "an account is not valid (see resolve_account)", 0);
    }
    auto line = std::make_unique<Line>();
    line->index = i + 1;
    line->config = account;
    line->where = std::move(*where);
    // publicAddr: peers reach us there (a NAT forwarding our port), not at our own address.
    const std::string host_port = account.public_address.empty()
                                      ? host_port_
                                      : sip_host(account.public_address) + ":" + port_text_;
    line->contact = line->contact_at(host_port);
    lines_.push_back(std::move(line));
  }
  return {};
}

Result<void> PhoneCore::set_default_account(std::size_t account) {
  if (account > lines_.size()) {
    return fail(Errc::kInvalidArgument, "no such account (0 is the local account, calls by IP)");
  }
  config_.default_account = account;
  return {};
}

Result<void> PhoneCore::set_password(std::string password, TimePoint now) {
  Line* line = default_line();
  if (line == nullptr) {
    return fail(Errc::kBadState, "the default account is the local one (calls by IP): no password");
  }
  line->config.password = password;
  (void)ua_->set_registration_password(line->registration_id, std::move(password));
  if (line->registration->state() != sip::RegistrationState::kIdle) {
    (void)ua_->start_registration(line->registration_id, now);  // it exists: cannot fail
    run(now);
  }
  return {};
}

PhoneCore::Line* PhoneCore::default_line() const {
  return config_.default_account == 0 || config_.default_account > lines_.size()
             ? nullptr
             : lines_[config_.default_account - 1].get();
}

void PhoneCore::look_up_registrar(Line& line) {
  line.not_found = false;
  line.locating = true;
  out_.emplace_back(LocateServers{.account = line.index,
                                  .request = *line.where.registrar_to_locate,
                                  .support = locate_support()});
}

void PhoneCore::on_located(std::size_t account, const std::vector<sip::LocateTarget>& servers,
                           const std::string& error, TimePoint now) {
  if (account == 0 || account > lines_.size() || !lines_[account - 1]->locating) {
    return;
  }
  Line& line = *lines_[account - 1];
  line.locating = false;
  line.servers = servers;
  line.server = 0;
  if (servers.empty()) {
    line.not_found = true;
    const std::string reason = "its registrar was not found: " + error;
    emit(event::RegistrationChanged{line.index, line.name(), sip::RegistrationState::kFailed, 0, 0,
                                    reason});
    for (const std::string& target : std::exchange(line.pending_dials, {})) {
      emit(event::DialFailed{target, reason});
    }
    return;
  }
  register_with(line, now);
  run(now);
}

// The account's registrar (and outbound proxy) from now on: servers[server].
void PhoneCore::register_with(Line& line, TimePoint now) {
  line.where.registrar = flow_to(line.servers[line.server]);
  (void)ua_->move_registration(line.registration_id, line.where.registrar, now);  // it exists
}

void PhoneCore::on_registration(const sip::ua::RegistrationChanged& change, TimePoint now) {
  const auto found = std::ranges::find_if(
      lines_, [&](const auto& line) { return line->registration_id == change.registration; });
  if (found == lines_.end()) {
    return;
  }
  Line& line = **found;
  emit(event::RegistrationChanged{line.index, line.name(), change.state, change.status,
                                  change.expires});
  // RFC 3263 §4.3: a timeout, a transport failure or a 503 — the next server, at once.
  const bool server_failed = change.status == 408 || change.status == 503;
  if (change.state == sip::RegistrationState::kWaiting && server_failed &&
      line.servers.size() > 1) {
    if (line.server + 1 < line.servers.size()) {
      ++line.server;
      register_with(line, now);
      return;  // the waiting calls wait for the next server
    }
    // Every server failed in turn: the retry after the backoff starts again at the first.
    line.server = 0;
    line.where.registrar = flow_to(line.servers.front());
    (void)ua_->retarget_registration(line.registration_id, line.where.registrar);
  }
  if (change.state == sip::RegistrationState::kRegistered) {
    // Calls from this account may now answer challenges in the realm its registrar used, and
    // no other; the default account's also cover incoming calls.
    line.credentials = sip::Credentials{line.registration->username(), line.config.password,
                                        line.registration->realm()};
    line.contact = line.registration->contact();  // rewritten to what the registrar saw
    if (&line == default_line()) {
      ua_->set_credentials(*line.credentials);
      ua_->set_contact(line.contact);
    }
  }
  // Registered, refused, or failed for now (a timeout, a 503: retried later): the waiting calls
  // go out now rather than minutes later.
  if (change.state == sip::RegistrationState::kRegistered ||
      change.state == sip::RegistrationState::kFailed ||
      change.state == sip::RegistrationState::kWaiting) {
    for (const std::string& target : std::exchange(line.pending_dials, {})) {
      if (const auto call = place_call(target, now); !call) {
        emit(event::DialFailed{target, std::string(call.error().reason)});
      }
    }
  }
}

std::vector<AccountInfo> PhoneCore::accounts() const {
  std::vector<AccountInfo> out;
  for (const auto& line : lines_) {
    out.push_back({line->index, line.get() == default_line(), line->name(),
                   line->registration->state(), line->registration->granted_expires()});
  }
  return out;
}

}  // namespace sipline::app

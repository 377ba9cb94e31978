// The phone's accounts: each registered with its own client and timer, unregistered on the
// way out; calls and `reg` look them up here.
#include <fmt/format.h>

#include "app/core/phone_line.hpp"

namespace sipline::app {

Result<void> Phone::make_lines(const std::string& host_port) {
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
    line->contact = fmt::format("sip:{}@{}", line->where.user, host_port);
    sip::RegistrationConfig registration;
    registration.registrar = line->where.registrar_uri;
    registration.aor = line->where.aor;
    registration.display_name = account.display_name;
    registration.username = account.auth_username;
    registration.password = account.password;
    registration.contact = line->contact;
    registration.instance_id = account.instance_id;
    registration.via = "SIP/2.0/UDP " + host_port + ";rport";  // the client adds the branch
    registration.expires = account.expires;
    registration.user_agent = config_.user_agent;
    line->registration = std::make_unique<sip::RegistrationClient>(registration, random_);
    line->timer = std::make_unique<boost::asio::steady_timer>(io_);
    lines_.push_back(std::move(line));
  }
  return {};
}

void Phone::register_all() {
  for (const auto& line : lines_) {
    line->registration->start(now());
    pump_registration(*line);
  }
}

Phone::Line* Phone::default_line() const {
  return config_.default_account == 0 || config_.default_account > lines_.size()
             ? nullptr
             : lines_[config_.default_account - 1].get();
}

Phone::Line* Phone::line_of_transaction(sip::TransactionId transaction) const {
  for (const auto& line : lines_) {
    if (line->transaction != 0 && line->transaction == transaction) {
      return line.get();
    }
  }
  return nullptr;
}

void Phone::pump_registration(Line& line) {
  while (auto output = line.registration->poll()) {
    if (auto* send = std::get_if<sip::registration::Send>(&*output)) {
      auto transaction = ua_->send_request(std::move(send->request), line.where.registrar, now());
      line.transaction = transaction.value_or(0);
      if (!transaction) {
        line.registration->on_failure(now());
      }
      pump();
    } else if (auto* timer = std::get_if<sip::registration::SetTimer>(&*output)) {
      line.timer->cancel();
      if (timer->at != TimePoint::max()) {
        line.timer->expires_at(
            std::chrono::time_point_cast<std::chrono::steady_clock::duration>(timer->at));
        line.timer->async_wait([this, &line](const boost::system::error_code& error) {
          if (!error) {
            line.registration->on_timer(now());
            pump_registration(line);
          }
        });
      }
    } else if (auto* state = std::get_if<sip::registration::StateChanged>(&*output)) {
      on_registration_state(line, *state);
    }
  }
}

void Phone::on_registration_state(Line& line, const sip::registration::StateChanged& state) {
  std::string text = fmt::format("registration {}: {}", line.name(), sip::to_string(state.state));
  if (state.state == sip::RegistrationState::kRegistered) {
    text += fmt::format(" ({} s)", state.expires);
  } else if (state.status != 0) {
    text += fmt::format(" ({})", state.status);
  }
  report(text);
  if (state.state == sip::RegistrationState::kRegistered) {
    // Calls from this account may now answer challenges in the realm its registrar used, and
    // no other; the default account's also cover incoming calls.
    line.credentials = sip::Credentials{line.registration->username(), line.config.password,
                                        line.registration->realm()};
    if (&line == default_line()) {
      ua_->set_credentials(*line.credentials);
    }
  }
  // Registered, refused, or failed for now (a timeout, a 503: retried later): the waiting calls
  // go out now rather than minutes later.
  if (state.state == sip::RegistrationState::kRegistered ||
      state.state == sip::RegistrationState::kFailed ||
      state.state == sip::RegistrationState::kWaiting) {
    for (const std::string& target : std::exchange(line.pending_dials, {})) {
      if (const auto call = dial(target); !call) {
        report(fmt::format("dial {} failed: {}", target, call.error().reason));
      }
    }
  }
  if (on_shutdown_ && !unregistering()) {
    finish_shutdown();
  }
}

bool Phone::unregister_all() {
  // Every line, whatever its state: one waiting to retry must not register again on the way
  // out. The caller sets on_shutdown_ only afterwards, so a line finishing at once does not
  // end the shutdown before the others were stopped.
  for (const auto& line : lines_) {
    line->registration->stop(now());
    pump_registration(*line);
  }
  return unregistering();
}

bool Phone::unregistering() const {
  return std::ranges::any_of(lines_, [](const auto& line) {
    return line->registration->state() == sip::RegistrationState::kUnregistering;
  });
}

std::string Phone::registration_status() const {
  if (lines_.empty()) {
    return "no account: calling by IP only (--account sip:user@registrar or --config FILE)";
  }
  std::string text;
  for (const auto& line : lines_) {
    const auto state = line->registration->state();
    fmt::format_to(std::back_inserter(text), "{}{}{} {}: {}", text.empty() ? "" : "\n", line->index,
                   line.get() == default_line() ? "*" : "", line->name(), sip::to_string(state));
    if (state == sip::RegistrationState::kRegistered) {
      fmt::format_to(std::back_inserter(text), " ({} s)", line->registration->granted_expires());
    }
  }
  return text;
}

}  // namespace sipline::app

// Inside the Phone: an account at work — its registration client and timer, the REGISTER in
// flight, the credentials its registrar's realm allows, and dials waiting for it to be up.
// Shared by phone.cpp and phone_accounts.cpp only.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/steady_timer.hpp>

#include "app/core/phone.hpp"

namespace sipline::app {

struct Phone::Line {
  std::size_t index = 0;  // 1-based, as [AccountN] and accountId count
  AccountConfig config;
  AccountAddresses where;
  std::string contact;  // our Contact URI for this account
  std::unique_ptr<sip::RegistrationClient> registration;
  std::unique_ptr<boost::asio::steady_timer> timer;
  sip::TransactionId transaction = 0;  // the REGISTER in flight
  // Set once registered: challenges to our calls are answered in this realm only.
  std::optional<sip::Credentials> credentials;
  std::vector<std::string> pending_dials;  // dialled before the first registration finished

  [[nodiscard]] std::string name() const { return config.label.empty() ? where.aor : config.label; }
  // Registering for the first time: calls wait, so that the registrar knows us and a challenge
  // to the INVITE can be answered in its realm.
  [[nodiscard]] bool coming_up() const {
    return registration->state() == sip::RegistrationState::kRegistering &&
           registration->granted_expires() == 0;
  }
  [[nodiscard]] sip::CallerIdentity caller() const {
    return {where.aor, config.display_name, contact, credentials};
  }
};

}  // namespace sipline::app

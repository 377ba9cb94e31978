// Inside the PhoneCore: one call (its SDP negotiator, RTP port, state) and one account at work
// (its registration kept by the user agent, the credentials its realm allows, dials waiting for
// it). Shared by phone_core*.cpp only.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/core/phone_core.hpp"
#include "sdp/negotiator.hpp"

namespace sipline::app {

struct PhoneCore::Call {
  CallRef ref;
  PhoneCallState state = PhoneCallState::kCalling;
  std::unique_ptr<sdp::Negotiator> negotiator;
  std::optional<std::uint32_t> port_ticket;  // the reserved RTP port, until the media takes it
  sdp::NegotiatedSession negotiated;         // from our answer, or from the peer's
  bool media_started = false;
  std::string codec;
  std::string offer;  // theirs, for an incoming call
  bool answered = false;
  bool answer_received = false;  // outgoing: the peer's SDP answer came (in a 1xx or the 2xx)
};

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
  // What the user agent keeps registered for this account (phone_core_accounts.cpp).
  [[nodiscard]] sip::RegistrationConfig registration_config(const std::string& host_port,
                                                            const std::string& user_agent) const;
};

}  // namespace sipline::app

// The registrations a user agent keeps (RFC 3261 §10.2): each RegistrationClient's REGISTERs run
// as client transactions of this UA, its refresh and retry timer is one of this UA's timers, and
// its state changes leave as ua::RegistrationChanged — one timer queue and one output stream for
// the driver, whatever it runs.
#include "sip/ua/user_agent.hpp"
#include "sip/ua/user_agent_impl.hpp"

namespace sipline::sip {

RegistrationId UserAgent::add_registration(RegistrationConfig config,
                                           const transport::Flow& registrar) {
  const RegistrationId id = impl_->next_registration++;
  config.transport = registrar.kind;  // a registration goes over its registrar's transport
  impl_->registrations.emplace(
      id, Impl::Binding{RegistrationClient(std::move(config), impl_->random), registrar, 0});
  return id;
}

Result<void> UserAgent::start_registration(RegistrationId registration, TimePoint now) {
  return impl_->command(registration, &RegistrationClient::start, now);
}

Result<void> UserAgent::move_registration(RegistrationId registration,
                                          const transport::Flow& registrar, TimePoint now) {
  const auto it = impl_->registrations.find(registration);
  if (it == impl_->registrations.end()) {
    return fail(Errc::kNotFound, "no such registration", 0);
  }
  it->second.registrar = registrar;
  it->second.client.use_transport(registrar.kind);
  impl_->emit(ua::CancelTimer{{UaTimerKey::Kind::kRegistration, registration, TimerId::kA}});
  return start_registration(registration, now);
}

Result<void> UserAgent::retarget_registration(RegistrationId registration,
                                              const transport::Flow& registrar) {
  const auto it = impl_->registrations.find(registration);
  if (it == impl_->registrations.end()) {
    return fail(Errc::kNotFound, "no such registration", 0);
  }
  it->second.registrar = registrar;
  it->second.client.use_transport(registrar.kind);
  return {};
}

Result<void> UserAgent::set_registration_contact(RegistrationId registration, std::string contact) {
  const auto it = impl_->registrations.find(registration);
  if (it == impl_->registrations.end()) {
    return fail(Errc::kNotFound, "no such registration", 0);
  }
  it->second.client.set_contact(std::move(contact));
  return {};
}

Result<void> UserAgent::set_registration_password(RegistrationId registration,
                                                  std::string password) {
  const auto it = impl_->registrations.find(registration);
  if (it == impl_->registrations.end()) {
    return fail(Errc::kNotFound, "no such registration", 0);
  }
  it->second.client.set_password(std::move(password));
  return {};
}

Result<void> UserAgent::stop_registration(RegistrationId registration, TimePoint now) {
  return impl_->command(registration, &RegistrationClient::stop, now);
}

Result<void> UserAgent::Impl::command(RegistrationId id,
                                      void (RegistrationClient::*verb)(TimePoint), TimePoint now) {
  const auto it = registrations.find(id);
  if (it == registrations.end()) {
    return fail(Errc::kNotFound, "no such registration", 0);
  }
  (it->second.client.*verb)(now);
  pump(id, it->second, now);
  drain(now);
  return {};
}

const RegistrationClient* UserAgent::registration(RegistrationId registration) const {
  const auto it = impl_->registrations.find(registration);
  return it == impl_->registrations.end() ? nullptr : &it->second.client;
}

void UserAgent::Impl::pump(RegistrationId id, Binding& binding, TimePoint now) {
  const UaTimerKey key{UaTimerKey::Kind::kRegistration, id, TimerId::kA};
  while (auto output = binding.client.poll()) {
    if (auto* send = std::get_if<registration::Send>(&*output)) {
      auto transaction = layer.send_request(std::move(send->request), binding.registrar, now);
      if (!transaction) {
        binding.transaction = 0;
        binding.client.on_failure(now, 503);  // more outputs: the loop runs them
        continue;
      }
      binding.transaction = *transaction;
      registration_of_transaction[*transaction] = id;
    } else if (auto* timer = std::get_if<registration::SetTimer>(&*output)) {
      if (timer->at == TimePoint::max()) {
        emit(ua::CancelTimer{key});
      } else {
        emit(ua::SetTimer{key, timer->at});
      }
    } else if (auto* state = std::get_if<registration::StateChanged>(&*output)) {
      keep_alive(id, binding, state->state, now);
      emit(ua::RegistrationChanged{id, state->state, state->status, state->expires});
    }
  }
}

namespace {

Duration keep_alive_interval(const RegistrationClient& client, transport::TransportKind kind) {
  const std::uint32_t seconds =
      client.keep_alive_s().value_or(transport::is_reliable(kind) ? kReliableKeepAliveS : 0);
  return Duration{static_cast<std::int64_t>(seconds) * 1'000'000};
}

}  // namespace

void UserAgent::Impl::keep_alive(RegistrationId id, Binding& binding, RegistrationState state,
                                 TimePoint now) {
  const UaTimerKey key{UaTimerKey::Kind::kKeepAlive, id, TimerId::kA};
  // Registered, or refreshing a binding that holds: the flow is in use. Otherwise none.
  const bool bound =
      state == RegistrationState::kRegistered ||
      (state == RegistrationState::kRegistering && binding.client.granted_expires() != 0);
  const Duration interval = keep_alive_interval(binding.client, binding.registrar.kind);
  if (bound && interval > Duration::zero() && !binding.keeping_alive) {
    binding.keeping_alive = true;
    emit(ua::SetTimer{key, now + interval});
  } else if (!bound && binding.keeping_alive) {
    binding.keeping_alive = false;
    emit(ua::CancelTimer{key});
    stop_awaiting_pong(id, binding, binding.registrar);
  }
}

void UserAgent::Impl::stop_awaiting_pong(RegistrationId id, Binding& binding,
                                         const transport::Flow& on) {
  if (binding.awaiting_pong && transport::travels_on(binding.registrar, on)) {
    binding.awaiting_pong = false;
    emit(ua::CancelTimer{{UaTimerKey::Kind::kKeepAlive, id, TimerId::kB}});
  }
}

void UserAgent::Impl::on_keep_alive_timer(RegistrationId id, TimePoint now) {
  const auto it = registrations.find(id);
  if (it == registrations.end() || !it->second.keeping_alive) {
    return;
  }
  Binding& binding = it->second;
  // A double CRLF: on a connection, the server answers with one CRLF (§4.4.1); on UDP it keeps
  // the NAT's mapping open and is dropped (RFC 3261 §7.5 lets CRLFs precede a message).
  emit(ua::Send{binding.registrar, "\r\n\r\n"});
  emit(ua::SetTimer{{UaTimerKey::Kind::kKeepAlive, id, TimerId::kA},
                    now + keep_alive_interval(binding.client, binding.registrar.kind)});
  // On a connection the answer is due within 10 s; one still awaited keeps its deadline.
  if (transport::is_reliable(binding.registrar.kind) && !binding.awaiting_pong) {
    binding.awaiting_pong = true;
    emit(ua::SetTimer{{UaTimerKey::Kind::kKeepAlive, id, TimerId::kB},
                      now + Duration{static_cast<std::int64_t>(kPongWaitS) * 1'000'000}});
  }
}

void UserAgent::Impl::on_pong_timer(RegistrationId id) {
  const auto it = registrations.find(id);
  if (it == registrations.end() || !it->second.awaiting_pong) {
    return;
  }
  // §4.4.1: the flow has failed. Closing its connection reports that back (on_flow_failed),
  // and the binding registers again over a new one.
  it->second.awaiting_pong = false;
  emit(ua::DropFlow{it->second.registrar});
}

void UserAgent::Impl::on_registration_timer(RegistrationId id, TimePoint now) {
  const auto it = registrations.find(id);
  if (it != registrations.end()) {
    it->second.client.on_timer(now);
    pump(id, it->second, now);
  }
}

// Only the answer to the REGISTER in flight counts: a late final response of an earlier one
// (its transaction still open) would otherwise be taken for the current binding's.
UserAgent::Impl::Binding* UserAgent::Impl::binding_waiting_on(TransactionId transaction,
                                                              RegistrationId& id) {
  const auto owner = registration_of_transaction.find(transaction);
  if (owner == registration_of_transaction.end()) {
    return nullptr;
  }
  id = owner->second;
  registration_of_transaction.erase(owner);
  Binding& binding = registrations.at(id);
  if (binding.transaction != transaction) {
    return nullptr;
  }
  binding.transaction = 0;
  return &binding;
}

bool UserAgent::Impl::on_register_response(TransactionId transaction, const Message& response,
                                           TimePoint now) {
  if (!registration_of_transaction.contains(transaction)) {
    return false;
  }
  if (response.status_code() < 200) {
    return true;  // provisional: the transaction's business
  }
  RegistrationId id = 0;
  if (Binding* binding = binding_waiting_on(transaction, id)) {
    binding->client.on_response(response, now);
    pump(id, *binding, now);
  }
  return true;
}

bool UserAgent::Impl::on_register_failed(TransactionId transaction, int status, TimePoint now) {
  if (!registration_of_transaction.contains(transaction)) {
    return false;
  }
  RegistrationId id = 0;
  if (Binding* binding = binding_waiting_on(transaction, id)) {
    binding->client.on_failure(now, status);
    pump(id, *binding, now);
  }
  return true;
}

}  // namespace sipline::sip

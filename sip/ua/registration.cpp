// RFC 3261 §10.2 registration with digest, 423 and RFC 5626 §4.5 backoff.
#include "sip/ua/registration.hpp"

#include <algorithm>
#include <vector>

#include "base/ip_text.hpp"
#include "base/text.hpp"
#include "sip/message/escape.hpp"
#include "sip/message/message_builder.hpp"
#include "sip/message/scalar_headers.hpp"
#include "sip/message/status_headers.hpp"
#include "sip/message/uri.hpp"
#include "sip/ua/local_contact.hpp"

namespace sipline::sip {
namespace {

constexpr int kMaxChallengesInARow = 3;       // a stale nonce renewed twice, then give up
constexpr std::uint32_t kBaseBackoffS = 30;   // RFC 5626 §4.5 base-time (no flow works)
constexpr std::uint32_t kMaxBackoffS = 1800;  // max-time
constexpr std::uint32_t kMaxExpires = 0x7FFFFFFF;

// Expires, Min-Expires and a Contact's expires are delta-seconds (RFC 3261 §20.19).
std::optional<std::uint32_t> seconds_in(std::string_view text) {
  const auto value = parse_delta_seconds(text);
  return value ? std::optional(*value) : std::nullopt;
}

// Refresh well before expiry: halfway for short bindings, ten minutes early for long ones.
std::uint32_t refresh_after(std::uint32_t expires) {
  return expires > 1200 ? expires - 600 : std::max<std::uint32_t>(expires / 2, 1);
}

Duration seconds(std::uint32_t s) { return Duration{static_cast<std::int64_t>(s) * 1'000'000}; }

}  // namespace

std::string_view to_string(RegistrationState state) noexcept {
  switch (state) {
    case RegistrationState::kIdle:
      return "idle";
    case RegistrationState::kRegistering:
      return "registering";
    case RegistrationState::kRegistered:
      return "registered";
    case RegistrationState::kWaiting:
      return "waiting to retry";
    case RegistrationState::kUnregistering:
      return "unregistering";
    case RegistrationState::kUnregistered:
      return "unregistered";
    case RegistrationState::kFailed:
      return "failed";
  }
  return "idle";
}

RegistrationClient::RegistrationClient(RegistrationConfig config, Random& random)
    : config_(std::move(config)),
      random_(random),
      call_id_(random_.token(24)),
      from_tag_(random_.token(12)),
      expires_(config_.expires) {
  if (config_.username.empty()) {
    if (auto aor = parse_uri(config_.aor)) {
      config_.username = aor->user_decoded();
    }
  }
}

std::optional<RegistrationOutput> RegistrationClient::poll() {
  if (out_.empty()) {
    return std::nullopt;
  }
  RegistrationOutput next = std::move(out_.front());
  out_.pop_front();
  return next;
}

void RegistrationClient::set_state(RegistrationState state, int status) {
  state_ = state;
  out_.emplace_back(registration::StateChanged{state, status, granted_});
}

void RegistrationClient::start(TimePoint now) {
  unregistering_ = false;
  challenges_in_a_row_ = 0;
  failures_ = 0;
  set_state(RegistrationState::kRegistering, 0);
  send_register(now, expires_);
}

void RegistrationClient::stop(TimePoint now) {
  const bool bound =
      state_ == RegistrationState::kRegistered || state_ == RegistrationState::kRegistering;
  out_.emplace_back(registration::SetTimer{TimePoint::max()});
  if (!bound) {
    set_state(RegistrationState::kUnregistered, 0);
    return;
  }
  unregistering_ = true;
  challenges_in_a_row_ = 0;
  set_state(RegistrationState::kUnregistering, 0);
  send_register(now, 0);
}

void RegistrationClient::send_register(TimePoint /*now*/, std::uint32_t expires) {
  ++cseq_;
  const std::string display =
      config_.display_name.empty() ? std::string() : quote_string(config_.display_name) + " ";
  const std::string expires_text = std::to_string(expires);
  MessageBuilder request = MessageBuilder::request(Method::kRegister, config_.registrar);
  const std::string contact = contact_over(config_.contact, config_.transport, config_.tls_port);
  request
      .field(HeaderId::kVia,
             via_value(transport::via_name(config_.transport),
                       sent_by_over(config_.sent_by, config_.transport, config_.tls_port),
                       random_.token(16)))
      .field(HeaderId::kMaxForwards, "70")
      .field(HeaderId::kFrom, {display, "<", config_.aor, ">;tag=", from_tag_})
      .field(HeaderId::kTo, {display, "<", config_.aor, ">"})
      .field(HeaderId::kCallId, call_id_)
      .cseq(cseq_, Method::kRegister)
      .field(HeaderId::kContact,
             {"<", contact, ">", config_.instance_id.empty() ? "" : ";+sip.instance=\"<",
              config_.instance_id, config_.instance_id.empty() ? "" : ">\""})
      .field(HeaderId::kExpires, expires_text)
      .field(HeaderId::kAllow, "INVITE, ACK, CANCEL, BYE, OPTIONS")
      .field(HeaderId::kUserAgent, config_.user_agent);
  if (!config_.route.empty()) {
    request.field(HeaderId::kRoute, config_.route);  // through the outbound proxy (§8.1.2)
  }
  if (!replaced_contact_.empty()) {
    // RFC 3261 §10.2.2: the Contact we registered before the rewrite, removed.
    request.field(HeaderId::kContact, {"<", replaced_contact_, ">;expires=0"});
    replaced_contact_.clear();
  }
  if (challenge_) {
    ++nonce_count_;
    request.field(proxy_challenge_ ? HeaderId::kProxyAuthorization : HeaderId::kAuthorization,
                  digest_credentials(*challenge_, {"REGISTER", config_.registrar, config_.username,
                                                   config_.password, cnonce_, nonce_count_}));
  }
  auto built = std::move(request).build();
  if (!built) {
    // The configuration makes no valid REGISTER (a bad registrar or address): retrying cannot
    // help, so the line fails at once instead of timing out.
    out_.emplace_back(registration::SetTimer{TimePoint::max()});
    set_state(RegistrationState::kFailed, 0);
    return;
  }
  out_.emplace_back(registration::Send{std::move(*built)});
}

bool RegistrationClient::take_challenge(const Message& response) {
  proxy_challenge_ = response.status_code() == 407;
  const HeaderId id = proxy_challenge_ ? HeaderId::kProxyAuthenticate : HeaderId::kWwwAuthenticate;
  std::vector<std::string_view> values;
  for (const HeaderField& field : response.headers()) {
    if (field.id == id) {
      values.push_back(field.value);
    }
  }
  auto challenge = choose_digest_challenge(values);
  if (!challenge) {
    return false;
  }
  if (!config_.realm.empty() && challenge->realm != config_.realm) {
    return false;  // never hand our credentials to another realm
  }
  // A second challenge without stale=true after we answered one: the password is wrong.
  if ((challenges_in_a_row_ > 0 && !challenge->stale) ||
      challenges_in_a_row_ >= kMaxChallengesInARow) {
    return false;
  }
  ++challenges_in_a_row_;
  challenge_ = std::move(*challenge);
  nonce_count_ = 0;
  cnonce_ = random_.token(16);
  return true;
}

bool RegistrationClient::rewrite_contact(const Message& response) {
  if (response.vias().empty()) {
    return false;
  }
  const Via& via = response.vias().front();
  if (via.received.empty() && via.rport == 0) {
    return false;  // the registrar said nothing of where it saw us
  }
  const auto ours = parse_uri(config_.contact);
  if (!ours || !ours->is_sip()) {
    return false;
  }
  const std::string_view host = via.received.empty() ? ours->host.host : via.received;
  const std::uint16_t port =
      via.rport != 0 ? via.rport : (ours->host.port != 0 ? ours->host.port : std::uint16_t{5060});
  const std::string seen = sip_host(host);  // received is an IPv6 address unbracketed
  if (iequals(seen, ours->host.host) && port == ours->host.port) {
    return false;
  }
  std::string rewritten = ours->scheme == Scheme::kSips ? "sips:" : "sip:";
  if (ours->has_user) {
    rewritten += std::string(ours->user) + "@";
  }
  rewritten += seen + ":" + std::to_string(port);
  replaced_contact_ = contact_over(config_.contact, config_.transport, config_.tls_port);
  config_.contact = std::move(rewritten);
  return true;
}

std::uint32_t RegistrationClient::expires_granted(const Message& response) const {
  const std::string ours_text = contact_over(config_.contact, config_.transport, config_.tls_port);
  const auto ours = parse_uri(ours_text);
  for (const NameAddr& contact : response.contacts()) {
    if (ours && uri_equivalent(contact.uri, *ours) && contact.expires) {
      if (const auto value = seconds_in(*contact.expires)) {
        return *value;
      }
    }
  }
  if (const auto header = response.header(HeaderId::kExpires)) {
    if (const auto value = seconds_in(*header)) {
      return *value;
    }
  }
  return expires_;
}

void RegistrationClient::fail_and_retry(TimePoint now, int status,
                                        std::optional<std::uint32_t> retry_after) {
  granted_ = 0;
  ++failures_;
  std::uint32_t wait = 0;
  if (retry_after) {
    wait = std::max<std::uint32_t>(*retry_after, 1);
  } else {
    // RFC 5626 §4.5: min(max-time, base-time · 2^(failures−1)), then a random 50–100 % of it.
    const int doublings = std::min(failures_ - 1, 16);
    const std::uint32_t ceiling = std::min<std::uint32_t>(kMaxBackoffS, kBaseBackoffS << doublings);
    wait = ceiling / 2 + random_.uniform(ceiling / 2 + 1);
  }
  set_state(RegistrationState::kWaiting, status);
  out_.emplace_back(registration::SetTimer{now + seconds(wait)});
}

void RegistrationClient::on_response(const Message& response, TimePoint now) {
  const bool waiting_for_answer =
      state_ == RegistrationState::kRegistering || state_ == RegistrationState::kUnregistering;
  if (!waiting_for_answer || !response.is_response() || response.cseq() == nullptr ||
      response.cseq()->number != cseq_ || response.call_id() != call_id_) {
    return;  // stray or stale: an earlier REGISTER's answer
  }
  const int status = response.status_code();
  if (status < 200) {
    return;
  }
  if (status < 300) {
    challenges_in_a_row_ = 0;
    failures_ = 0;
    if (unregistering_) {
      granted_ = 0;
      set_state(RegistrationState::kUnregistered, status);
      return;
    }
    if (config_.allow_rewrite && rewrite_contact(response)) {
      send_register(now, expires_);  // the binding behind the NAT, in place of the other
      return;
    }
    granted_ = std::min(expires_granted(response), kMaxExpires);
    if (granted_ == 0) {  // the registrar kept no binding for us
      fail_and_retry(now, status, std::nullopt);
      return;
    }
    set_state(RegistrationState::kRegistered, status);
    out_.emplace_back(registration::SetTimer{now + seconds(refresh_after(granted_))});
    return;
  }
  if (status == 401 || status == 407) {
    if (take_challenge(response)) {
      send_register(now, unregistering_ ? 0 : expires_);
      return;
    }
    challenge_.reset();
    granted_ = 0;
    out_.emplace_back(registration::SetTimer{TimePoint::max()});
    set_state(unregistering_ ? RegistrationState::kUnregistered : RegistrationState::kFailed,
              status);
    return;
  }
  if (status == 423 && !unregistering_) {
    // RFC 3261 §10.2.8: ask again with at least Min-Expires.
    const auto header = response.header(HeaderId::kMinExpires);
    const auto minimum = header ? seconds_in(*header) : std::nullopt;
    if (minimum && *minimum > expires_ && *minimum <= kMaxExpires) {
      expires_ = *minimum;
      send_register(now, expires_);
      return;
    }
  }
  if (unregistering_) {
    set_state(RegistrationState::kUnregistered, status);
    return;
  }
  std::optional<std::uint32_t> retry_after;
  if (const auto header = response.header(HeaderId::kRetryAfter)) {
    if (const auto parsed = parse_retry_after(*header)) {
      retry_after = parsed->seconds;
    }
  }
  fail_and_retry(now, status, retry_after);
}

void RegistrationClient::on_failure(TimePoint now, int status) {
  if (state_ == RegistrationState::kUnregistering) {
    set_state(RegistrationState::kUnregistered, status);
    return;
  }
  if (state_ == RegistrationState::kRegistering) {
    fail_and_retry(now, status, std::nullopt);
  }
}

void RegistrationClient::on_timer(TimePoint now) {
  if (state_ == RegistrationState::kRegistered || state_ == RegistrationState::kWaiting) {
    challenges_in_a_row_ = 0;
    set_state(RegistrationState::kRegistering, 0);
    send_register(now, expires_);
  }
}

}  // namespace sipline::sip

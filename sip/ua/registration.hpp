// The registration client (RFC 3261 §10.2, RFC 5626 §4.5): keeps one Contact bound at a
// registrar. Sans-I/O: start/stop, responses and timer firings go in with `now`; REGISTER
// requests to send, the one timer to set and state changes come out of poll(). The caller runs
// each REGISTER as a non-INVITE client transaction and hands back its final response (or
// timeout). A configuration that makes no valid REGISTER fails the line at once.
//
//   idle ─start─▶ registering ─2xx─▶ registered ─refresh timer─▶ registering …
//                   │  401/407: answer the challenge (once per nonce; stale=true renews it)
//                   │  423: raise Expires to Min-Expires
//                   └─ failure/timeout ─▶ waiting (backoff, RFC 5626 §4.5) ─timer─▶ registering
//   stop ─▶ unregistering (Expires: 0) ─▶ unregistered
//   allow_rewrite: a 2xx whose Via says the registrar saw us elsewhere ─▶ registering again at
//   once, with that address as our Contact and the old one removed
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <variant>

#include "base/clock.hpp"
#include "base/random.hpp"
#include "sip/message/message.hpp"
#include "sip/ua/digest.hpp"
#include "transport/transport_kind.hpp"

namespace sipline::sip {

struct RegistrationConfig {
  std::string registrar;     // Request-URI: "sip:example.com"
  std::string aor;           // address of record, in From and To: "sip:alice@example.com"
  std::string display_name;  // optional
  std::string username;      // for digest; the AoR's user when empty
  std::string password;
  std::string realm;           // answer challenges of this realm only; empty: the first one seen
  std::string contact;         // our Contact URI: "sip:alice@192.0.2.1:5060"
  std::string instance_id;     // RFC 5626 +sip.instance ("urn:uuid:…"); empty: none
  std::string sent_by;         // our Via's: "192.0.2.1:5060"
  std::uint16_t tls_port = 0;  // our TLS listener's, for Via and Contact over TLS; 0: none
  // What the REGISTERs go over: in their Via, and named in the Contact (contact_over).
  transport::TransportKind transport = transport::TransportKind::kUdp;
  std::uint32_t expires = 3600;
  std::string user_agent = "sipline";
  // Keep-alives on the registrar's flow while registered (RFC 5626 §4.4.1: CRLF CRLF), every
  // so many seconds; 0: none. Unset: kReliableKeepAliveS on TCP and TLS (servers close idle
  // connections, and the registrar reaches us only on ours), none on UDP.
  std::optional<std::uint32_t> keep_alive_s{};
  // MicroSIP's allowRewrite: when the registrar saw us at another address (the received and
  // rport of its answer's Via, RFC 3581: a NAT), register that address as our Contact at once,
  // removing the old one, and use it in calls.
  bool allow_rewrite = false;
  std::string route;  // an outbound proxy's Route ("<sip:proxy;lr>", §8.1.2); empty: none
};

inline constexpr std::uint32_t kPongWaitS = 10;  // RFC 5626 §4.4.1: no pong by then, flow dead
inline constexpr std::uint32_t kReliableKeepAliveS = 90;  // §4.4.1 asks for 95–120 s; under
                                                          // Kamailio's idle limit of 120 s

enum class RegistrationState : std::uint8_t {
  kIdle,
  kRegistering,
  kRegistered,
  kWaiting,  // a failure: retrying after a backoff
  kUnregistering,
  kUnregistered,
  kFailed,  // credentials refused: no retry until start() again
};

[[nodiscard]] std::string_view to_string(RegistrationState state) noexcept;

namespace registration {
struct Send {
  Message request;  // a REGISTER, to run as a non-INVITE client transaction
};
struct SetTimer {  // replaces any earlier timer
  TimePoint at;
};
struct StateChanged {
  RegistrationState state;
  int status = 0;             // the response that caused it, 0 for none
  std::uint32_t expires = 0;  // granted, when registered
};
}  // namespace registration

using RegistrationOutput =
    std::variant<registration::Send, registration::SetTimer, registration::StateChanged>;

class RegistrationClient {
 public:
  RegistrationClient(RegistrationConfig config, Random& random);

  void start(TimePoint now);
  void stop(TimePoint now);
  // The final response to the last REGISTER sent (1xx are the transaction's business).
  void on_response(const Message& response, TimePoint now);
  // The last REGISTER's transaction timed out (408) or its transport failed (503): `status` is
  // what StateChanged reports.
  void on_failure(TimePoint now, int status = 408);
  void on_timer(TimePoint now);
  // The REGISTERs from now on go over `kind` (the registrar's server changed, RFC 3263 §4.3).
  void use_transport(transport::TransportKind kind) noexcept { config_.transport = kind; }

  [[nodiscard]] std::optional<RegistrationOutput> poll();
  [[nodiscard]] RegistrationState state() const noexcept { return state_; }
  [[nodiscard]] std::uint32_t granted_expires() const noexcept { return granted_; }
  [[nodiscard]] const std::string& call_id() const noexcept { return call_id_; }
  // The realm our registrar challenged us in ("" when it never did): the one realm whose
  // challenges to our other requests may be answered.
  [[nodiscard]] std::string realm() const { return challenge_ ? challenge_->realm : ""; }
  [[nodiscard]] const std::string& username() const noexcept { return config_.username; }
  // Registers `contact` from the next REGISTER on (STUN found where a NAT shows us).
  void set_contact(std::string contact) { config_.contact = std::move(contact); }
  // The password digest answers use from the next challenge on (MicroSIP's /password:).
  void set_password(std::string password) { config_.password = std::move(password); }
  // Our Contact URI as registered now (with allow_rewrite, the address the registrar saw).
  [[nodiscard]] const std::string& contact() const noexcept { return config_.contact; }
  [[nodiscard]] std::optional<std::uint32_t> keep_alive_s() const noexcept {
    return config_.keep_alive_s;
  }

 private:
  void send_register(TimePoint now, std::uint32_t expires);
  void set_state(RegistrationState state, int status);
  void fail_and_retry(TimePoint now, int status, std::optional<std::uint32_t> retry_after);
  [[nodiscard]] bool take_challenge(const Message& response);
  // allow_rewrite: the address the registrar saw differs from our Contact's — adopted, and
  // the old Contact kept to be removed by the next REGISTER. False when nothing changed.
  [[nodiscard]] bool rewrite_contact(const Message& response);
  [[nodiscard]] std::uint32_t expires_granted(const Message& response) const;

  RegistrationConfig config_;
  Random& random_;
  RegistrationState state_ = RegistrationState::kIdle;
  std::string call_id_;
  std::string from_tag_;
  std::uint32_t cseq_ = 0;
  std::uint32_t expires_;  // what we ask for (raised by 423)
  std::uint32_t granted_ = 0;
  bool unregistering_ = false;
  // The last challenge, answered again on later REGISTERs with a rising nonce count.
  std::optional<DigestChallenge> challenge_;
  bool proxy_challenge_ = false;
  std::uint32_t nonce_count_ = 0;
  std::string cnonce_;
  int challenges_in_a_row_ = 0;
  int failures_ = 0;              // consecutive, for the backoff
  std::string replaced_contact_;  // rewritten away: removed (expires=0) by the next REGISTER
  std::deque<RegistrationOutput> out_;
};

}  // namespace sipline::sip

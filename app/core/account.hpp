// A SIP account: the address of record we register and call from, and the registrar (also our
// outbound proxy) that serves it. The phone holds any number of them besides the local account,
// which needs no server: calls by IP go from sip:USER@LISTEN-ADDRESS straight to the callee.
#pragma once

#include <cstdint>
#include <expected>
#include <string>

#include "sdp/capabilities.hpp"
#include "sip/locate/server_locator.hpp"
#include "transport/flow.hpp"
#include "transport/transport_kind.hpp"

namespace sipline::app {

struct AccountConfig {
  std::string aor;  // "sip:alice@example.com" (MicroSIP: username@domain)
  std::string
      registrar;  // "pbx.example.com[:port]" or an IP (MicroSIP: server); empty: the AoR's host
  std::string password;
  std::string auth_username;  // digest username when it is not the AoR's user (MicroSIP authID)
  std::string display_name;
  std::string instance_id;  // RFC 5626 +sip.instance ("urn:uuid:…"); empty: none
  std::uint32_t expires = 600;
  std::string label;                   // how `reg` names it; empty: the AoR
  bool disable_session_timer = false;  // MicroSIP's disableSessionTimer: no RFC 4028 timers
  // What registration and calls go over (MicroSIP's transport=); none: what DNS says (RFC
  // 3263), else UDP — TLS for a sips: account.
  std::optional<transport::TransportKind> transport;
  // Keep-alives to the registrar every so many seconds (MicroSIP's keepAlive); 0: none; unset:
  // every 90 s on TCP and TLS, none on UDP (sip::RegistrationConfig::keep_alive_s).
  std::optional<std::uint32_t> keep_alive_s;
  // SRTP on its calls (MicroSIP's SRTP=): off, optional (offered, plain RTP taken too) or
  // mandatory (RTP/SAVP only; a plain offer gets 488).
  sdp::SrtpPolicy srtp = sdp::SrtpPolicy::kOff;
  // MicroSIP's allowRewrite: register, and call from, the address the registrar saw us at
  // (Via received/rport, RFC 3581) when it is not ours — a NAT between.
  bool allow_rewrite = false;
  // MicroSIP's publicAddr: the address (IP) peers reach us at — a NAT's, forwarded to us — put
  // in the Contact and SDP of its registration and calls instead of ours; empty: ours.
  std::string public_address;
  // MicroSIP's proxy: an outbound proxy ("proxy.example.com[:port]" or an IP) that every request
  // goes through, with a loose Route (RFC 3261 §8.1.2, §16.12); empty: the registrar is ours.
  std::string proxy;
};

// What an account's text comes to, checked once when the phone starts.
struct AccountAddresses {
  std::string aor;            // normalised: "sip:alice@example.com" (or sips:)
  std::string user;           // "alice", escapes as written in the AoR
  std::string domain;         // "example.com" or "example.com:5070": where "dial bob" goes
  std::string registrar_uri;  // Request-URI of REGISTER (§10.2): "sip:example.com"
  // Where our requests go: to the registrar's address and port, or the outbound proxy's (once
  // located; registrar_to_locate is then the proxy's lookup).
  transport::Flow registrar;
  // The name the registrar's TLS certificate must carry: its host as configured (RFC 5922 §4.1,
  // the domain, not what DNS made of it).
  std::string tls_name;
  // A registrar named by host name: where it is comes from DNS (RFC 3263) when the phone starts.
  std::optional<sip::LocateRequest> registrar_to_locate;
  std::string route;  // the outbound proxy's Route, "<sip:proxy.example.com;lr>"; empty: none
};

// Fails with a reason naming what is wrong: not sip:user@host, sips: over UDP or TCP, a bad
// port, an instance id that is not a URN.
[[nodiscard]] std::expected<AccountAddresses, std::string> resolve_account(
    const AccountConfig& account);

}  // namespace sipline::app

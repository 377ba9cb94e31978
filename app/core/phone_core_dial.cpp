// The phone's dialling: where a call goes (an account's registrar or outbound proxy, a host
// looked up by DNS, or an address), over which transport, from which identity.
#include "app/core/phone_core_parts.hpp"
#include "base/text.hpp"
#include "sdp/printer.hpp"
#include "sip/message/uri.hpp"
#include "sip/transaction/target_transport.hpp"

namespace sipline::app {

Result<transport::TransportKind> call_transport(const sip::Uri& uri,
                                                const transport::Flow* through_registrar) {
  if (through_registrar != nullptr) {
    if (uri.scheme == sip::Scheme::kSips &&
        through_registrar->kind != transport::TransportKind::kTls) {
      return fail(Errc::kUnsupported,
                  "a sips: call needs TLS to the registrar (the account's transport=tls)");
    }
    return through_registrar->kind;
  }
  auto kind = sip::transport_for_uri(uri, transport::TransportKind::kUdp);
  if (!kind) {
    return fail(Errc::kUnsupported, "the URI's transport is not supported (udp, tcp, tls)");
  }
  return kind;
}

std::string PhoneCore::complete_uri(std::string_view target, const Line* line) const {
  std::string uri(target);
  if (!iequals(target.substr(0, 4), "sip:") && !iequals(target.substr(0, 5), "sips:")) {
    // "bob" from a sips: account is sips:bob@its domain, secure end to end like the account.
    uri = (line != nullptr && line->sips() ? "sips:" : "sip:") + uri;
  }
  // "bob" with an account: bob at the account's domain.
  if (line != nullptr && uri.find('@') == std::string::npos) {
    uri += "@" + line->where.domain;
  }
  return uri;
}

void PhoneCore::on_dial_located(std::uint32_t dial, const std::vector<sip::LocateTarget>& servers,
                                const std::string& error, TimePoint now) {
  const auto found = dials_looked_up_.find(dial);
  if (found == dials_looked_up_.end()) {
    return;
  }
  const std::string target = std::move(found->second);
  dials_looked_up_.erase(found);
  if (servers.empty()) {
    emit(event::DialFailed{target, "its host was not found: " + error});
    return;
  }
  if (const auto call = place_call(target, now, servers); !call) {
    emit(event::DialFailed{target, std::string(call.error().reason)});
  }
  run(now);
}

Result<sip::CallId> PhoneCore::dial(std::string_view target, TimePoint now) {
  auto call = place_call(target, now);
  run(now);
  return call;
}

Result<sip::CallId> PhoneCore::place_call(std::string_view target, TimePoint now,
                                          std::span<const sip::LocateTarget> found,
                                          std::vector<sip::ua::CallHeader> extra) {
  Line* line = default_line();
  // "1002,1234#": 1234# goes as DTMF once the call is confirmed. The whole of `target` waits
  // for a lookup or a registration; the split is made again when the call goes.
  const auto [number, post_dial] = split_post_dial(target);
  const std::string uri = complete_uri(number, line);
  auto parsed = sip::parse_uri(uri);
  if (!parsed || !parsed->is_sip()) {
    return fail(Errc::kInvalidArgument, "not a SIP address (try sip:user@host:port)", 0);
  }
  if (line != nullptr && line->not_found && line->where.registrar_to_locate) {
    // Its registrar was not found (DNS down when the phone started?): looked up again now,
    // and the call waits for the registration like any first one.
    look_up_registrar(*line);
  }
  // Through an account: its registrar's transport, known once the account is up.
  const auto kind = call_transport(*parsed, line != nullptr ? &line->where.registrar : nullptr);
  if (!kind && (line == nullptr || !line->coming_up())) {
    return std::unexpected(kind.error());
  }
  if (line == nullptr && found.empty() && parsed->host.kind == sip::HostKind::kName) {
    // Without an account, its host is looked up (RFC 3263); the call goes then. 0: not yet.
    const std::uint32_t ticket = next_dial_++;
    dials_looked_up_.emplace(ticket, std::string(target));
    sip::LocateRequest request{.host = std::string(parsed->host.host),
                               .sips = parsed->scheme == sip::Scheme::kSips};
    if (parsed->host.port != 0) {
      request.port = parsed->host.port;
    }
    if (parsed->param("transport")) {
      request.transport = *kind;
    }
    out_.emplace_back(
        LocateServers{.dial = ticket, .request = request, .support = locate_support()});
    emit(event::DialWaiting{std::string(target), "", request.host});
    return sip::CallId{0};
  }
  if (line != nullptr && line->coming_up()) {
    // The call goes out once the account is registered. 0: not placed yet.
    line->pending_dials.emplace_back(target);
    emit(event::DialWaiting{std::string(target), line->name()});
    return sip::CallId{0};
  }
  // With an account the registrar is our outbound proxy; without, call by IP: straight to the
  // host of the URI (RFC 3261 §19.1.2: 5061 for TLS).
  transport::Flow to = flow_to_host(*parsed, *kind);
  // RFC 3263 §4.3: should that server fail the INVITE, the others DNS gave, in their order.
  sip::CallerIdentity caller = line != nullptr ? line->caller() : sip::CallerIdentity{};
  caller.extra_headers = std::move(extra);
  std::span<const sip::LocateTarget> others;
  if (!found.empty()) {
    to = flow_to(found.front());
    others = found.subspan(1);
  } else if (line != nullptr) {
    to = line->where.registrar;
    if (line->server < line->servers.size()) {
      others = std::span(line->servers).subspan(line->server + 1);
    }
  }
  for (const sip::LocateTarget& server : others) {
    caller.other_servers.push_back(flow_to(server));
  }
  // RFC 5922 §4.1: the server's certificate must carry the host we dialled, or the account's.
  const std::string tls_name =
      line != nullptr ? line->where.tls_name : std::string(parsed->host.address());
  for (std::size_t hop = 0; hop <= caller.other_servers.size(); ++hop) {
    const transport::Flow& server = hop == 0 ? to : caller.other_servers[hop - 1];
    if (server.kind == transport::TransportKind::kTls) {
      remember_tls_name(server, tls_name);
    }
  }
  auto owned = std::make_unique<Call>();
  Call& call = *owned;
  call.ref = {0, CallDirection::kOutgoing, uri, uri, ""};
  call.post_dial = post_dial;
  const auto port = reserve_rtp_port(call);
  if (!port) {
    return std::unexpected(port.error());
  }
  call.negotiator = std::make_unique<sdp::Negotiator>(capabilities(*port, line), random_);
  const std::string offer = sdp::print(call.negotiator->create_offer());
  auto id = ua_->dial(uri, to, offer, now, caller);
  if (!id) {
    if (call.port_ticket) {
      ports_.release(*call.port_ticket);
    }
    return id;
  }
  call.ref.id = *id;
  if (const auto waiting = redirects_waiting_.find(target); waiting != redirects_waiting_.end()) {
    call.redirected_from = std::move(waiting->second);  // a 3xx's target, placed at last
    redirects_waiting_.erase(waiting);
  }
  calls_.emplace(*id, std::move(owned));
  emit(event::CallOutgoing{call.ref});
  return id;
}

}  // namespace sipline::app

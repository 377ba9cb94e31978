// RFC 3263 §4: transport, address and port for a SIP or SIPS URI.
#include "sip/locate/server_locator.hpp"

#include <algorithm>
#include <tuple>
#include <utility>

#include "base/ip_text.hpp"
#include "base/text.hpp"
#include "sip/locate/srv_order.hpp"

namespace sipline::sip {
namespace {

using transport::DnsAnswer;
using transport::DnsFailure;
using transport::DnsQuestion;
using transport::DnsType;
using transport::TransportKind;

// DNS names compare without case (RFC 4343); the root's dot is dropped.
std::string lower_name(std::string_view name) {
  while (name.ends_with('.')) {
    name.remove_suffix(1);
  }
  return to_lower_copy(name);
}

bool is_numeric(std::string_view host) { return is_ipv4_address(host) || is_ipv6_address(host); }

std::uint16_t default_port(TransportKind kind) { return kind == TransportKind::kTls ? 5061 : 5060; }

// RFC 3263 §4.1's NAPTR services (case-insensitive, RFC 3403 §4.1).
std::optional<TransportKind> naptr_transport(std::string_view service, bool sips) {
  if (iequals(service, "SIPS+D2T")) {
    return TransportKind::kTls;
  }
  if (sips) {
    return std::nullopt;  // a SIPS URI keeps only SIPS services
  }
  if (iequals(service, "SIP+D2U")) {
    return TransportKind::kUdp;
  }
  if (iequals(service, "SIP+D2T")) {
    return TransportKind::kTcp;
  }
  return std::nullopt;  // SCTP, WebSocket …
}

bool has_flag_s(std::string_view flags) {
  return flags.find_first_of("sS") != std::string_view::npos;
}

}  // namespace

ServerLocator::ServerLocator(LocateRequest request, LocateSupport support, Random& random)
    : request_(std::move(request)), support_(support), random_(random) {
  const bool numeric = is_numeric(request_.host);
  if (!numeric) {
    request_.host = lower_name(request_.host);
  }
  if (request_.sips && request_.transport == TransportKind::kTcp) {
    request_.transport = TransportKind::kTls;  // sips: over TCP is TLS (RFC 3261 §26.2.2)
  }
  if (request_.sips && request_.transport == TransportKind::kUdp) {
    finish("a sips: URI cannot go over UDP");
    return;
  }
  if (request_.transport && !supports(*request_.transport)) {
    finish("the transport its URI asks for is not available here");
    return;
  }
  const TransportKind fallback = default_transport();
  if (numeric) {
    if (!supports(fallback)) {
      finish("its transport is not available here");
      return;
    }
    targets_.push_back(
        {fallback, request_.host, request_.port.value_or(default_port(fallback)), request_.host});
    finish();
  } else if (request_.port) {
    ask_addresses_of_host(fallback, *request_.port);  // §4.2: a port given: no SRV
  } else if (request_.transport) {
    ask_srv({{srv_name(*request_.transport), *request_.transport}});
  } else {
    step_ = Step::kNaptr;
    ask({request_.host, DnsType::kNaptr});
  }
}

std::vector<DnsQuestion> ServerLocator::questions() {
  std::vector<DnsQuestion> out;
  for (; handed_out_ < pending_.size(); ++handed_out_) {
    out.push_back(pending_[handed_out_].question);
  }
  return out;
}

void ServerLocator::on_answer(const DnsQuestion& question, const DnsAnswer& answer) {
  const auto it = std::ranges::find_if(pending_, [&](const Pending& pending) {
    return !pending.answer && pending.question == question;
  });
  if (finished() || it == pending_.end() ||
      static_cast<std::size_t>(it - pending_.begin()) >= handed_out_) {
    return;
  }
  it->answer = answer;
  if (answer.failure == DnsFailure::kUnreachable && unreachable_.empty()) {
    unreachable_ = answer.reason.empty() ? "no answer" : answer.reason;
  }
  if (all_answered()) {
    advance();
  }
}

void ServerLocator::ask(DnsQuestion question) {
  if (std::ranges::none_of(pending_, [&](const Pending& p) { return p.question == question; })) {
    pending_.push_back({std::move(question), std::nullopt});
  }
}

bool ServerLocator::all_answered() const {
  return std::ranges::all_of(pending_,
                             [](const Pending& pending) { return pending.answer.has_value(); });
}

void ServerLocator::advance() {
  switch (step_) {
    case Step::kNaptr:
      after_naptr(*pending_.front().answer);
      break;
    case Step::kSrv:
      after_srv();
      break;
    case Step::kAddresses:
      after_addresses();
      break;
    case Step::kFinished:
      break;
  }
}

bool ServerLocator::nothing_answered() const {
  return std::ranges::all_of(pending_, [](const Pending& pending) {
    return pending.answer->failure == DnsFailure::kUnreachable;
  });
}

void ServerLocator::after_naptr(const DnsAnswer& answer) {
  if (answer.failure == DnsFailure::kUnreachable) {
    // The server did not answer: asking it more (SRV, then A) would only wait as long again.
    finish("DNS did not answer (" + unreachable_ + ")");
    return;
  }
  std::vector<std::pair<const transport::NaptrRecord*, TransportKind>> usable;
  for (const auto& record : answer.naptr) {
    const auto kind = naptr_transport(record.service, request_.sips);
    if (kind && supports(*kind) && has_flag_s(record.flags) && !record.replacement.empty()) {
      usable.emplace_back(&record, *kind);
    }
  }
  std::ranges::sort(usable, {}, [](const auto& entry) {
    const transport::NaptrRecord& record = *entry.first;
    return std::tie(record.order, record.preference, record.service, record.replacement);
  });
  std::vector<Srv> names;
  for (const auto& [record, kind] : usable) {
    names.push_back({lower_name(record->replacement), kind});
  }
  if (!names.empty()) {
    ask_srv(std::move(names));
    return;
  }
  // §4.1: no NAPTR records (or none we can use): an SRV query for each transport we support.
  for (const TransportKind kind : {TransportKind::kUdp, TransportKind::kTcp, TransportKind::kTls}) {
    if (supports(kind) && (!request_.sips || kind == TransportKind::kTls)) {
      names.push_back({srv_name(kind), kind});
    }
  }
  ask_srv(std::move(names));
}

void ServerLocator::begin_step(Step step) {
  step_ = step;
  pending_.clear();
  handed_out_ = 0;
}

void ServerLocator::ask_addresses(const std::string& name) {
  if (support_.ipv4) {
    ask({name, DnsType::kA});
  }
  if (support_.ipv6) {
    ask({name, DnsType::kAaaa});
  }
}

void ServerLocator::ask_srv(std::vector<Srv> names) {
  begin_step(Step::kSrv);
  srv_names_ = std::move(names);
  for (const Srv& srv : srv_names_) {
    ask({srv.name, DnsType::kSrv});
  }
  if (pending_.empty()) {
    finish("no transport it offers is available here");
  }
}

void ServerLocator::after_srv() {
  if (nothing_answered()) {
    finish("DNS did not answer (" + unreachable_ + ")");
    return;
  }
  destinations_.clear();
  bool declined = false;  // an SRV answer of "." alone: no SIP service at this domain
  for (const Srv& srv : srv_names_) {
    const auto it = std::ranges::find_if(pending_, [&](const Pending& pending) {
      return pending.question.name == srv.name && pending.question.type == DnsType::kSrv;
    });
    std::vector<transport::SrvRecord> records;
    for (const auto& record : it->answer->srv) {
      if (!record.target.empty() && record.target != ".") {  // ".": decidedly not available
        records.push_back(record);
      }
    }
    declined = declined || (records.empty() && !it->answer->srv.empty());
    for (auto& record : srv_order(std::move(records), random_)) {
      destinations_.push_back({srv.transport, record.port, lower_name(record.target)});
    }
  }
  if (destinations_.empty() && declined) {
    finish("its DNS says it offers no SIP service (SRV target \".\")");
    return;
  }
  if (destinations_.empty()) {
    // §4.2: no SRV records: the host's addresses, the default port of the transport chosen.
    const TransportKind kind = default_transport();
    if (!supports(kind)) {
      finish("it has no SRV records and its default transport is not available here");
      return;
    }
    ask_addresses_of_host(kind, default_port(kind));
    return;
  }
  begin_step(Step::kAddresses);
  for (const Destination& destination : destinations_) {
    if (!is_numeric(destination.server_name)) {  // a numeric SRV target (not allowed, but seen)
      ask_addresses(destination.server_name);
    }
  }
  if (pending_.empty()) {
    after_addresses();
  }
}

void ServerLocator::ask_addresses_of_host(TransportKind transport, std::uint16_t port) {
  if (!supports(transport)) {
    finish("its transport is not available here");
    return;
  }
  begin_step(Step::kAddresses);
  destinations_ = {{transport, port, request_.host}};
  ask_addresses(request_.host);
  if (pending_.empty()) {
    finish("no address family is enabled");
  }
}

void ServerLocator::after_addresses() {
  for (const Destination& destination : destinations_) {
    if (is_numeric(destination.server_name)) {
      targets_.push_back({destination.transport, destination.server_name, destination.port,
                          destination.server_name});
      continue;
    }
    for (const DnsType type : {DnsType::kA, DnsType::kAaaa}) {
      const auto it = std::ranges::find_if(pending_, [&](const Pending& pending) {
        return pending.question.type == type && pending.question.name == destination.server_name;
      });
      if (it == pending_.end()) {
        continue;
      }
      for (const std::string& address : it->answer->addresses) {
        LocateTarget target{destination.transport, address, destination.port,
                            destination.server_name};
        if (std::ranges::find(targets_, target) == targets_.end()) {
          targets_.push_back(std::move(target));
        }
      }
    }
  }
  if (targets_.empty()) {
    finish(unreachable_.empty() ? "DNS has no SIP server or address for it"
                                : "DNS did not answer (" + unreachable_ + ")");
    return;
  }
  finish();
}

bool ServerLocator::supports(TransportKind kind) const noexcept {
  switch (kind) {
    case TransportKind::kUdp:
      return support_.udp;
    case TransportKind::kTcp:
      return support_.tcp;
    case TransportKind::kTls:
      return support_.tls;
  }
  return false;
}

std::string ServerLocator::srv_name(TransportKind kind) const {
  // §4.2: "_sips" for SIPS URIs and for TLS; "_sip" otherwise. TLS runs over TCP.
  const bool secure = request_.sips || kind == TransportKind::kTls;
  return std::string(secure ? "_sips." : "_sip.") +
         (kind == TransportKind::kUdp ? "_udp." : "_tcp.") + request_.host;
}

TransportKind ServerLocator::default_transport() const noexcept {
  // §4.1: the URI's transport; else UDP for sip:, TLS (over TCP) for sips:.
  return request_.transport.value_or(request_.sips ? TransportKind::kTls : TransportKind::kUdp);
}

void ServerLocator::finish(std::string error) {
  begin_step(Step::kFinished);
  error_ = std::move(error);
}

}  // namespace sipline::sip

// Via stamping and response routing.
#include "sip/transaction/via_routing.hpp"

#include <fmt/format.h>

#include "base/ip_text.hpp"
#include "base/text.hpp"
#include "sip/message/edit.hpp"

namespace sipline::sip {
namespace {

// The top Via with received= and rport=… set, every other parameter kept.
std::string stamped_via(const Via& via, const transport::Flow& from, bool add_received) {
  std::string out = fmt::format("{}/{}/{} {}", via.protocol_name, via.protocol_version,
                                via.transport, via.sent_by.host);
  if (via.sent_by.port != 0) {
    out += fmt::format(":{}", via.sent_by.port);
  }
  for (const Param& param : via.params) {
    if (iequals(param.name, "received") || iequals(param.name, "rport")) {
      continue;
    }
    out += fmt::format(";{}", param.name);
    if (param.has_value) {
      out += fmt::format("={}", param.value);
    }
  }
  if (add_received) {
    out += fmt::format(";received={}", from.remote_address);
  }
  if (via.has_rport) {
    out += fmt::format(";rport={}", from.remote_port);
  }
  return out;
}

}  // namespace

Result<Message> stamp_received(const Message& request, const transport::Flow& from) {
  if (request.vias().empty()) {
    return fail(Errc::kMalformed, "request without Via", 0);
  }
  const Via& top = request.vias().front();
  // §18.2.1: compare the address, not the text: a host name never equals the source address.
  const bool add_received = top.sent_by.address() != from.remote_address;
  // A received= the client wrote itself is no measurement of ours: left in place it would send
  // our response wherever the client names (a reflector), so the Via is rewritten without it.
  if (!add_received && !top.has_rport && top.received.empty()) {
    return request;
  }
  // The first Via field may carry several entries: replace only the first one.
  std::size_t index = 0;
  while (request.headers()[index].id != HeaderId::kVia) {
    ++index;
  }
  const std::string_view field = request.headers()[index].value;
  const std::size_t rest =
      static_cast<std::size_t>(top.text.data() - field.data()) + top.text.size();
  const std::string value = stamped_via(top, from, add_received) + std::string(field.substr(rest));
  return with_field_value(request, index, value);
}

transport::Flow response_destination(const Message& request, const transport::Flow& arrived_on) {
  if (transport::is_reliable(arrived_on.kind) || request.vias().empty()) {
    return arrived_on;
  }
  const Via& top = request.vias().front();
  transport::Flow to{arrived_on.kind, std::string(top.sent_by.address()), 5060, 0};
  if (!top.maddr.empty()) {
    to.remote_address = std::string(top.maddr);
    to.remote_port = top.sent_by.port != 0 ? top.sent_by.port : 5060;
    return to;
  }
  if (!top.received.empty()) {
    std::string_view received = top.received;
    if (received.size() > 2 && received.front() == '[') {
      received = received.substr(1, received.size() - 2);
    }
    to.remote_address = std::string(received);
  }
  if (top.rport != 0) {
    to.remote_port = top.rport;
  } else if (top.sent_by.port != 0) {
    to.remote_port = top.sent_by.port;
  }
  return to;
}

}  // namespace sipline::sip

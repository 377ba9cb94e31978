// Via parsing.
#include "sip/message/via.hpp"

#include "base/text.hpp"

namespace sipline::sip {
namespace {

// The via-params the stack reads (RFC 3261 §20.42, RFC 3581), checked as they are scanned.
Result<void> take_via_param(Via& via, const Param& param) {
  const std::string_view name = param.name;
  if (iequals(name, "branch")) {
    if (!via.branch.empty() || !is_token(param.value)) {
      return fail(Errc::kMalformed, "bad Via branch", 0);
    }
    via.branch = param.value;
  } else if (iequals(name, "received")) {
    if (!classify_host(param.value)) {
      return fail(Errc::kMalformed, "bad Via received", 0);
    }
    via.received = param.value;
  } else if (iequals(name, "rport")) {
    via.has_rport = true;
    if (param.has_value) {
      const auto port = parse_decimal<std::uint16_t>(param.value);
      if (!port || *port == 0) {
        return fail(Errc::kMalformed, "bad Via rport", 0);
      }
      via.rport = *port;
    }
  } else if (iequals(name, "maddr")) {
    if (!classify_host(param.value)) {
      return fail(Errc::kMalformed, "bad Via maddr", 0);
    }
    via.maddr = param.value;
  } else if (iequals(name, "ttl")) {
    const auto ttl = parse_decimal<std::uint8_t>(param.value);
    if (!ttl) {
      return fail(Errc::kMalformed, "bad Via ttl", 0);
    }
    via.ttl = *ttl;
  }
  return {};
}

}  // namespace

Result<void> parse_via_into(Scanner& scanner, Via& via) {
  via = Via{};
  scanner.skip_sws();
  const std::size_t start = scanner.pos();
  via.protocol_name = scanner.token();
  if (via.protocol_name.empty() || !scanner.separator('/')) {
    return scanner.error("bad Via protocol");
  }
  via.protocol_version = scanner.token();
  if (via.protocol_version.empty() || !scanner.separator('/')) {
    return scanner.error("bad Via protocol version");
  }
  via.transport = scanner.token();
  if (via.transport.empty()) {
    return scanner.error("bad Via transport");
  }
  const std::size_t before_space = scanner.pos();
  scanner.skip_sws();
  if (scanner.pos() == before_space) {
    return scanner.error("Via without sent-by");
  }
  std::size_t consumed = 0;
  const auto sent_by = parse_hostport_prefix(scanner.rest(), &consumed);
  if (!sent_by) {
    return shifted(sent_by.error(), scanner.pos());
  }
  via.sent_by = *sent_by;
  scanner.advance(consumed);
  // RFC 3261 §25.1 writes sent-by = host [ COLON port ] with white space around the colon;
  // parse_hostport_prefix took the common form, so only the spaced form is left to handle.
  if (via.sent_by.port == 0) {
    Scanner probe = scanner;
    if (probe.separator(':')) {
      const std::string_view digits = probe.take(chars::kToken);
      const auto port = parse_decimal<std::uint16_t>(digits);
      if (!port || *port == 0 || digits.size() > 5) {
        return probe.error("bad Via port");
      }
      via.sent_by.port = *port;
      scanner = probe;
    }
  }
  const auto params = scan_header_params(
      scanner, [&via](const Param& param) { return take_via_param(via, param); });
  if (!params) {
    return std::unexpected(params.error());
  }
  via.params = *params;
  via.text = scanner.slice(start);
  return {};
}

Result<Via> parse_via(Scanner& scanner) {
  Result<Via> via(std::in_place);
  if (auto parsed = parse_via_into(scanner, *via); !parsed) {
    via = std::unexpected(parsed.error());
  }
  return via;
}

}  // namespace sipline::sip

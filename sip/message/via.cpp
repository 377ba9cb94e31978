// Via parsing.
#include "sip/message/via.hpp"

#include "base/text.hpp"

namespace sipline::sip {
namespace {

Result<void> read_via_params(Via& via) {
  bool seen_branch = false;
  for (const Param& param : via.params) {
    if (iequals(param.name, "branch")) {
      if (seen_branch || !is_token(param.value)) {
        return fail(Errc::kMalformed, "bad Via branch", 0);
      }
      seen_branch = true;
      via.branch = param.value;
    } else if (iequals(param.name, "received")) {
      if (!classify_host(param.value)) {
        return fail(Errc::kMalformed, "bad Via received", 0);
      }
      via.received = param.value;
    } else if (iequals(param.name, "rport")) {
      via.has_rport = true;
      if (param.has_value) {
        const auto port = parse_decimal<std::uint16_t>(param.value);
        if (!port || *port == 0) {
          return fail(Errc::kMalformed, "bad Via rport", 0);
        }
        via.rport = *port;
      }
    } else if (iequals(param.name, "maddr")) {
      if (!classify_host(param.value)) {
        return fail(Errc::kMalformed, "bad Via maddr", 0);
      }
      via.maddr = param.value;
    } else if (iequals(param.name, "ttl")) {
      const auto ttl = parse_decimal<std::uint8_t>(param.value);
      if (!ttl) {
        return fail(Errc::kMalformed, "bad Via ttl", 0);
      }
      via.ttl = *ttl;
    }
  }
  return {};
}

}  // namespace

Result<Via> parse_via(Scanner& scanner) {
  Via via;
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
  const auto params = scan_header_params(scanner);
  if (!params) {
    return std::unexpected(params.error());
  }
  via.params = *params;
  if (const auto checked = read_via_params(via); !checked) {
    const std::size_t params_at =
        static_cast<std::size_t>(via.params.text().data() - scanner.text().data());
    return shifted(checked.error(), params_at);
  }
  via.text = scanner.slice(start);
  return via;
}

}  // namespace sipline::sip

// name-addr / addr-spec parsing.
#include "sip/message/name_addr.hpp"

#include "base/text.hpp"

namespace sipline::sip {
namespace {

// display-name = *(token LWS) / quoted-string, then LAQUOT. Returns true and the display name
// when the scanner is at a display name (or directly at '<'); false when it holds an addr-spec.
Result<bool> scan_display_name(Scanner& scanner, std::string_view& display) {
  if (scanner.peek() == '"') {
    const auto quoted = scanner.quoted_string();
    if (!quoted) {
      return std::unexpected(quoted.error());
    }
    display = *quoted;
    scanner.skip_sws();
    if (scanner.peek() != '<') {
      return scanner.error("expected '<' after the display name");
    }
    return true;
  }
  if (scanner.peek() == '<') {
    return true;
  }
  // Tokens separated by white space, then '<' (RFC 4475 §3.1.1.6: no space before '<' is
  // accepted too); anything else means there is no display name.
  Scanner probe = scanner;
  const std::size_t start = probe.pos();
  std::size_t end = start;
  while (true) {
    if (probe.token().empty()) {
      break;
    }
    end = probe.pos();
    probe.skip_sws();
  }
  if (end == start || probe.peek() != '<') {
    return false;
  }
  display = scanner.text().substr(start, end - start);
  scanner = probe;
  return true;
}

}  // namespace

std::string NameAddr::display_name_decoded() const {
  if (!display_name.empty() && display_name.front() == '"') {
    return unquote(display_name);
  }
  return std::string(display_name);
}

bool is_qvalue(std::string_view text) noexcept {
  // qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
  if (text.empty() || (text[0] != '0' && text[0] != '1')) {
    return false;
  }
  if (text.size() == 1) {
    return true;
  }
  if (text[1] != '.' || text.size() > 5) {
    return false;
  }
  for (const char c : text.substr(2)) {
    if (text[0] == '1' ? c != '0' : !is_digit(c)) {
      return false;
    }
  }
  return true;
}

Result<void> parse_name_addr_into(Scanner& scanner, NameAddr& out, AddressForm form) {
  out = NameAddr{};
  scanner.skip_sws();
  const std::size_t start = scanner.pos();
  const auto named = scan_display_name(scanner, out.display_name);
  if (!named) {
    return std::unexpected(named.error());
  }
  if (*named) {
    scanner.consume('<');
    const std::size_t uri_start = scanner.pos();
    const std::size_t close = scanner.rest().find('>');
    if (close == std::string_view::npos) {
      return scanner.error("'<' without '>'");
    }
    if (auto uri = parse_uri_into(scanner.rest().substr(0, close), out.uri); !uri) {
      return shifted(uri.error(), uri_start);
    }
    out.bracketed = true;
    scanner.advance(close + 1);
  } else {
    if (form == AddressForm::kBracketedOnly) {
      return scanner.error("address must be enclosed in '<' '>'");
    }
    const std::size_t uri_start = scanner.pos();
    const std::size_t end = scanner.rest().find_first_of(";,? \t");
    if (auto uri = parse_uri_into(scanner.rest().substr(0, end), out.uri); !uri) {
      return shifted(uri.error(), uri_start);
    }
    scanner.advance(out.uri.text.size());
    if (scanner.peek() == '?') {
      return scanner.error("URI with headers must be enclosed in '<' '>'");
    }
  }
  const auto params = scan_header_params(scanner, [&out](const Param& param) -> Result<void> {
    if (iequals(param.name, "tag")) {
      if (!out.tag.empty() || !is_token(param.value)) {
        return fail(Errc::kMalformed, "bad tag", 0);
      }
      out.tag = param.value;
    } else if (iequals(param.name, "q")) {
      out.q = param.value;
    } else if (iequals(param.name, "expires")) {
      out.expires = param.value;
    }
    return {};
  });
  if (!params) {
    return std::unexpected(params.error());
  }
  out.params = *params;
  out.text = scanner.slice(start);
  return {};
}

Result<NameAddr> parse_name_addr(Scanner& scanner, AddressForm form) {
  Result<NameAddr> out(std::in_place);
  if (auto parsed = parse_name_addr_into(scanner, *out, form); !parsed) {
    out = std::unexpected(parsed.error());
  }
  return out;
}

Result<void> parse_single_address_into(std::string_view value, NameAddr& out) {
  Scanner scanner(value);
  if (auto parsed = parse_name_addr_into(scanner, out, AddressForm::kAny); !parsed) {
    return parsed;
  }
  scanner.skip_sws();
  if (!scanner.at_end()) {
    return scanner.error("unexpected text after the address");
  }
  return {};
}

Result<NameAddr> parse_single_address(std::string_view value) {
  Result<NameAddr> out(std::in_place);
  if (auto parsed = parse_single_address_into(value, *out); !parsed) {
    out = std::unexpected(parsed.error());
  }
  return out;
}

}  // namespace sipline::sip

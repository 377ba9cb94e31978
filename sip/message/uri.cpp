// URI parsing: sip/sips, tel and generic absolute URIs.
#include "sip/message/uri.hpp"

#include "base/text.hpp"
#include "sip/message/char_class.hpp"
#include "sip/message/escape.hpp"
#include "sip/message/scanner.hpp"

namespace sipline::sip {
namespace {

// RFC 3261 §19.1.1: "?" header *( "&" header ), header = hname "=" hvalue.
Result<std::string_view> scan_uri_headers(Scanner& scanner) {
  if (!scanner.consume('?')) {
    return std::string_view{};
  }
  const std::size_t start = scanner.pos();
  do {
    const auto name = scan_escaped(scanner, chars::kHnv, "bad URI header escape");
    if (!name) {
      return name;
    }
    if (name->empty() || !scanner.consume('=')) {
      return scanner.error("bad URI header");
    }
    const auto value = scan_escaped(scanner, chars::kHnv, "bad URI header escape");
    if (!value) {
      return value;
    }
  } while (scanner.consume('&'));
  return scanner.slice(start);
}

Result<void> parse_sip(Scanner& scanner, Uri& uri) {
  // userinfo ends at the first '@': user, password, params and headers cannot hold a raw '@'.
  const std::size_t at = scanner.rest().find('@');
  if (at != std::string_view::npos) {
    const std::size_t user_start = scanner.pos();
    const auto user = scan_escaped(scanner, chars::kUser, "bad escape in user");
    if (!user) {
      return std::unexpected(user.error());
    }
    if (user->empty()) {
      return scanner.error("empty user part");
    }
    uri.user = *user;
    uri.has_user = true;
    if (scanner.consume(':')) {
      const auto password = scan_escaped(scanner, chars::kPassword, "bad escape in password");
      if (!password) {
        return std::unexpected(password.error());
      }
      uri.password = *password;
      uri.has_password = true;
    }
    if (scanner.pos() != user_start + at || !scanner.consume('@')) {
      return scanner.error("bad character in user part");
    }
  }
  std::size_t consumed = 0;
  const auto host = parse_hostport_prefix(scanner.rest(), &consumed);
  if (!host) {
    return shifted(host.error(), scanner.pos());
  }
  uri.host = *host;
  scanner.advance(consumed);
  const auto params = scan_uri_params(scanner);
  if (!params) {
    return std::unexpected(params.error());
  }
  uri.params = *params;
  const auto headers = scan_uri_headers(scanner);
  if (!headers) {
    return std::unexpected(headers.error());
  }
  uri.headers = *headers;
  return {};
}

// RFC 3966: global numbers "+" 1*phonedigit, local numbers 1*phonedigit-hex, each with
// visual separators; parameters follow. Local numbers without phone-context are accepted, as
// users type them.
Result<void> parse_tel(Scanner& scanner, Uri& uri) {
  const std::size_t start = scanner.pos();
  const bool global = scanner.consume('+');
  const std::string_view digits = scanner.take(chars::kPhone);
  bool has_digit = false;
  for (const char c : digits) {
    if (c == '+') {
      return scanner.error("'+' inside a telephone number");
    }
    has_digit = has_digit || is_hex_digit(c) || c == '*' || c == '#';
    if (global && !is_digit(c) && c != '-' && c != '.' && c != '(' && c != ')') {
      return scanner.error("bad character in a global telephone number");
    }
  }
  if (!has_digit) {
    return scanner.error("telephone number without digits");
  }
  uri.user = scanner.slice(start);
  uri.has_user = true;
  const auto params = scan_uri_params(scanner);
  if (!params) {
    return std::unexpected(params.error());
  }
  uri.params = *params;
  return {};
}

// absoluteURI = scheme ":" ( hier-part / opaque-part ): every character uric or escaped.
Result<void> parse_other(Scanner& scanner) {
  if (scanner.at_end()) {
    return scanner.error("empty URI after the scheme");
  }
  const auto rest = scan_escaped(scanner, chars::kUric, "bad escape in URI");
  if (!rest) {
    return std::unexpected(rest.error());
  }
  return {};
}

}  // namespace

std::string Uri::user_decoded() const { return unescape(user); }
std::string Uri::password_decoded() const { return unescape(password); }

Result<void> parse_uri_into(std::string_view text, Uri& uri) noexcept {
  if (text.size() > kMaxUriBytes) {
    return fail(Errc::kTooLarge, kReasonUriTooLong, 0);
  }
  uri = Uri{};
  uri.text = text;
  Scanner scanner(text);
  if (!is_alpha(scanner.peek())) {
    return scanner.error("URI does not start with a scheme");
  }
  uri.scheme_name = scanner.take(chars::kScheme);
  if (!scanner.consume(':')) {
    return scanner.error("URI scheme without ':'");
  }
  Result<void> body;
  if (iequals(uri.scheme_name, "sip")) {
    uri.scheme = Scheme::kSip;
    body = parse_sip(scanner, uri);
  } else if (iequals(uri.scheme_name, "sips")) {
    uri.scheme = Scheme::kSips;
    body = parse_sip(scanner, uri);
  } else if (iequals(uri.scheme_name, "tel")) {
    uri.scheme = Scheme::kTel;
    body = parse_tel(scanner, uri);
  } else {
    uri.scheme = Scheme::kOther;
    body = parse_other(scanner);
  }
  if (!body) {
    return body;
  }
  if (!scanner.at_end()) {
    return scanner.error("unexpected character in URI");
  }
  return {};
}

Result<Uri> parse_uri(std::string_view text) noexcept {
  Result<Uri> uri(std::in_place);
  if (auto parsed = parse_uri_into(text, *uri); !parsed) {
    uri = std::unexpected(parsed.error());
  }
  return uri;
}

}  // namespace sipline::sip

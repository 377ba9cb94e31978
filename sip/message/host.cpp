// Host and port validation: IPv4 dotted quads, IPv6 text forms, DNS names.
#include "sip/message/host.hpp"

#include "base/text.hpp"
#include "sip/message/char_class.hpp"

namespace sipline::sip {

Result<HostKind> classify_host(std::string_view text) noexcept {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
    if (is_ipv6_address(text.substr(1, text.size() - 2))) {
      return HostKind::kIpv6;
    }
    return fail(Errc::kMalformed, "bad IPv6 reference", 0);
  }
  if (is_ipv4_address(text)) {
    return HostKind::kIpv4;
  }
  if (is_ipv6_address(text)) {
    return HostKind::kIpv6;
  }
  if (is_hostname(text)) {
    return HostKind::kName;
  }
  return fail(Errc::kMalformed, "bad host", 0);
}

namespace {

// hostname / IPv4address at the start of `text`, in one pass: labels of 1..63 alphanumerics or
// '-' (not at either end), an optional trailing dot, and a top label starting with a letter;
// or four decimal labels of at most three digits and 255. Returns the length scanned.
Result<std::size_t> scan_name_or_ipv4(std::string_view text, HostKind& kind) noexcept {
  std::size_t labels = 0;
  std::size_t numeric_labels = 0;
  bool octets_fit = true;     // every numeric label has 1..3 digits and is at most 255
  bool label_numeric = true;  // the current label holds digits only
  unsigned label_value = 0;
  std::size_t label_start = 0;
  char top_first = '\0';
  std::size_t i = 0;
  for (;; ++i) {
    const char c = i < text.size() ? text[i] : '\0';
    if (c != '.' && is(c, chars::kHostName)) {
      label_numeric = label_numeric && is_digit(c);
      label_value = label_value * 10 + static_cast<unsigned>(c - '0');
      continue;
    }
    const std::size_t size = i - label_start;
    if (c != '.' && size == 0 && labels > 0) {
      break;  // "example.com." ends in a dot
    }
    if (size == 0 || size > kMaxHostLabel || text[label_start] == '-' || text[i - 1] == '-') {
      return fail(Errc::kMalformed, i == 0 ? "missing host" : "bad host", label_start);
    }
    ++labels;
    top_first = text[label_start];
    if (label_numeric) {
      ++numeric_labels;
      octets_fit = octets_fit && size <= 3 && label_value <= 255;
    }
    if (c != '.') {
      break;
    }
    label_start = i + 1;
    label_numeric = true;
    label_value = 0;
  }
  if (i > kMaxHostName) {
    return fail(Errc::kMalformed, "host name too long", 0);
  }
  if (is_alpha(top_first)) {
    kind = HostKind::kName;
    return i;
  }
  if (labels == 4 && numeric_labels == 4 && octets_fit && text[i - 1] != '.') {
    kind = HostKind::kIpv4;
    return i;
  }
  return fail(Errc::kMalformed, "bad host", 0);
}

}  // namespace

Result<HostPort> parse_hostport_prefix(std::string_view text, std::size_t* consumed) noexcept {
  HostPort out;
  std::size_t i = 0;
  if (!text.empty() && text.front() == '[') {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos) {
      return fail(Errc::kMalformed, "IPv6 reference without ']'", 0);
    }
    if (!is_ipv6_address(text.substr(1, close - 1))) {
      return fail(Errc::kMalformed, "bad IPv6 reference", 1);
    }
    out.kind = HostKind::kIpv6;
    i = close + 1;
  } else {
    const auto scanned = scan_name_or_ipv4(text, out.kind);
    if (!scanned) {
      return std::unexpected(scanned.error());
    }
    i = *scanned;
  }
  out.host = text.substr(0, i);
  if (i < text.size() && text[i] == ':') {
    const std::size_t port_start = ++i;
    while (i < text.size() && is_digit(text[i])) {
      ++i;
    }
    const auto port = parse_decimal<std::uint16_t>(text.substr(port_start, i - port_start));
    if (!port || *port == 0 || i - port_start > 5) {
      return fail(Errc::kMalformed, "bad port", port_start);
    }
    out.port = *port;
  }
  *consumed = i;
  return out;
}

}  // namespace sipline::sip

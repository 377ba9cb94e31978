// IP address and host name validation.
#include "base/ip_text.hpp"

#include "base/text.hpp"

namespace sipline {
namespace {

constexpr bool is_hostname_char(char c) noexcept { return is_alnum(c) || c == '-'; }

}  // namespace

bool is_ipv4_address(std::string_view text) noexcept {
  int parts = 0;
  std::size_t i = 0;
  while (parts < 4) {
    std::size_t digits = 0;
    unsigned value = 0;
    while (i < text.size() && is_digit(text[i]) && digits < 4) {
      value = value * 10 + static_cast<unsigned>(text[i] - '0');
      ++i;
      ++digits;
    }
    if (digits == 0 || digits > 3 || value > 255) {
      return false;
    }
    ++parts;
    if (parts < 4) {
      if (i >= text.size() || text[i] != '.') {
        return false;
      }
      ++i;
    }
  }
  return i == text.size();
}

bool is_ipv6_address(std::string_view text) noexcept {
  // Count 16-bit groups on each side of an optional "::"; an IPv4 tail counts as two groups.
  if (text.size() < 2 || text.size() > 45) {
    return false;
  }
  int groups = 0;
  bool compressed = false;
  std::size_t i = 0;
  if (text.starts_with("::")) {
    compressed = true;
    i = 2;
    if (i == text.size()) {
      return true;
    }
  } else if (text.front() == ':') {
    return false;
  }
  while (i < text.size()) {
    std::size_t digits = 0;
    const std::size_t group_start = i;
    while (i < text.size() && is_hex_digit(text[i]) && digits <= 4) {
      ++i;
      ++digits;
    }
    if (i < text.size() && text[i] == '.') {
      // An IPv4 tail: must be the last thing, and leave room for two groups.
      if (!is_ipv4_address(text.substr(group_start))) {
        return false;
      }
      groups += 2;
      i = text.size();
      break;
    }
    if (digits == 0 || digits > 4) {
      return false;
    }
    ++groups;
    if (i == text.size()) {
      break;
    }
    if (text[i] != ':') {
      return false;
    }
    ++i;
    if (i < text.size() && text[i] == ':') {
      if (compressed) {
        return false;  // a second "::"
      }
      compressed = true;
      ++i;
      if (i == text.size()) {
        break;
      }
    } else if (i == text.size()) {
      return false;  // a trailing single ':'
    }
  }
  return compressed ? groups <= 7 : groups == 8;
}

bool is_hostname(std::string_view text) noexcept {
  if (text.empty() || text.size() > kMaxHostName) {
    return false;
  }
  if (text.back() == '.') {
    text.remove_suffix(1);
    if (text.empty()) {
      return false;
    }
  }
  std::size_t label_start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != '.') {
      if (!is_hostname_char(text[i])) {
        return false;
      }
      continue;
    }
    const std::string_view label = text.substr(label_start, i - label_start);
    if (label.empty() || label.size() > kMaxHostLabel || label.front() == '-' ||
        label.back() == '-') {
      return false;
    }
    if (i == text.size() && !is_alpha(label.front())) {
      return false;  // toplabel starts with ALPHA, which also rules out bad dotted quads
    }
    label_start = i + 1;
  }
  return true;
}

std::string sip_host(std::string_view address) {
  return is_ipv6_address(address) ? "[" + std::string(address) + "]" : std::string(address);
}

}  // namespace sipline

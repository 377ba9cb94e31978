// %-escape validation, decoding and normalisation.
#include "sip/message/escape.hpp"

#include "base/text.hpp"
#include "sip/message/char_class.hpp"
#include "sip/message/scanner.hpp"

namespace sipline::sip {
namespace {

char decode_pair(char high, char low) {
  return static_cast<char>(hex_value(high) * 16 + hex_value(low));
}

bool escape_at(std::string_view text, std::size_t i) {
  return text[i] == '%' && i + 2 < text.size() && is_hex_digit(text[i + 1]) &&
         is_hex_digit(text[i + 2]);
}

}  // namespace

Result<std::string_view> scan_escaped(Scanner& scanner, std::uint16_t mask, std::string_view what) {
  const std::string_view text = scanner.text();
  const std::size_t start = scanner.pos();
  std::size_t i = start;
  while (i < text.size()) {
    const char c = text[i];
    if (is(c, mask)) {
      ++i;
    } else if (c == '%') {
      if (i + 2 >= text.size() || !is_hex_digit(text[i + 1]) || !is_hex_digit(text[i + 2])) {
        return fail(Errc::kMalformed, what, i);
      }
      i += 3;
    } else {
      break;
    }
  }
  scanner.reset(i);
  return text.substr(start, i - start);
}

bool valid_escaped(std::string_view text, std::uint16_t mask) noexcept {
  Scanner scanner(text);
  return scan_escaped(scanner, mask, {}).has_value() && scanner.at_end();
}

std::string unescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (escape_at(text, i)) {
      out.push_back(decode_pair(text[i + 1], text[i + 2]));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

std::string normalize_escapes(std::string_view text) {
  static constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!escape_at(text, i)) {
      out.push_back(text[i]);
      continue;
    }
    const char decoded = decode_pair(text[i + 1], text[i + 2]);
    if (is(decoded, chars::kReserved) || decoded == '%') {
      const auto byte = static_cast<unsigned char>(decoded);
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0x0F]);
    } else {
      out.push_back(decoded);
    }
    i += 2;
  }
  return out;
}

std::string quote_string(std::string_view value) {
  std::string out = "\"";
  for (const char c : value) {
    const auto octet = static_cast<unsigned char>(c);
    if ((octet < 0x20 && c != '\t') || octet == 0x7F) {
      continue;
    }
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace sipline::sip

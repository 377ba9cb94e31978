// SDP lexical helpers.
#include "sdp/fields.hpp"

namespace sipline::sdp {

std::vector<std::string_view> split_fields(std::string_view text, std::size_t max_fields) {
  std::vector<std::string_view> fields;
  std::size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && text[pos] == ' ') {
      ++pos;
    }
    if (pos >= text.size()) {
      break;
    }
    if (fields.size() + 1 == max_fields) {
      fields.push_back(text.substr(pos));
      break;
    }
    const std::size_t end = text.find(' ', pos);
    fields.push_back(text.substr(pos, end - pos));
    pos = end == std::string_view::npos ? text.size() : end;
  }
  return fields;
}

bool is_token_text(std::string_view text) noexcept {
  if (text.empty()) {
    return false;
  }
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte >= 0x7F ||
        std::string_view("()<>@,;:\"/[]?={}").find(c) != std::string_view::npos) {
      return false;
    }
  }
  return true;
}

Result<std::uint8_t> parse_payload_type(std::string_view text) noexcept {
  const auto value = parse_decimal<std::uint32_t>(text);
  if (!value || *value > 127) {
    return fail(Errc::kMalformed, "bad payload type", 0);
  }
  return static_cast<std::uint8_t>(*value);
}

}  // namespace sipline::sdp

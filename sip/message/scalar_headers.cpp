// CSeq, Max-Forwards, Call-ID and delta-seconds.
#include "sip/message/scalar_headers.hpp"

#include <limits>

#include "base/text.hpp"
#include "sip/message/char_class.hpp"

namespace sipline::sip {

Result<CSeq> parse_cseq(std::string_view value) noexcept {
  std::size_t i = 0;
  while (i < value.size() && is_digit(value[i])) {
    ++i;
  }
  const auto number = parse_decimal<std::uint32_t>(value.substr(0, i));
  if (!number) {
    return fail(number.error().code, i == 0 ? "CSeq without a number" : "CSeq number too large", 0);
  }
  const std::size_t digits_end = i;
  while (i < value.size() && is_wsp(value[i])) {
    ++i;
  }
  const std::string_view method = value.substr(i);
  if (i == digits_end || !is_token(method)) {
    return fail(Errc::kMalformed, "bad CSeq method", i);
  }
  return CSeq{*number, method_from(method), method};
}

Result<std::uint8_t> parse_max_forwards(std::string_view value) noexcept {
  const auto hops = parse_decimal<std::uint8_t>(value);
  if (!hops) {
    return fail(Errc::kMalformed, "bad Max-Forwards", hops.error().offset);
  }
  return *hops;
}

Result<std::string_view> parse_call_id(std::string_view value) noexcept {
  const std::size_t at = value.find('@');
  const std::string_view local = value.substr(0, at);
  if (local.empty() || !all_of(local, chars::kWord)) {
    return fail(Errc::kMalformed, "bad Call-ID", 0);
  }
  if (at != std::string_view::npos) {
    const std::string_view host = value.substr(at + 1);
    if (host.empty() || !all_of(host, chars::kWord)) {
      return fail(Errc::kMalformed, "bad Call-ID", at + 1);
    }
  }
  return value;
}

Result<std::uint32_t> parse_delta_seconds(std::string_view value) noexcept {
  const auto seconds = parse_decimal<std::uint32_t>(value);
  if (seconds) {
    return *seconds;
  }
  if (seconds.error().code == Errc::kOverflow) {
    return std::numeric_limits<std::uint32_t>::max();
  }
  return fail(Errc::kMalformed, "bad delta-seconds", seconds.error().offset);
}

Result<std::uint32_t> parse_sequence_number(std::string_view value) noexcept {
  const auto number = parse_decimal<std::uint32_t>(value);
  if (!number || *number == 0) {
    return fail(number ? Errc::kMalformed : number.error().code, "bad sequence number", 0);
  }
  return *number;
}

}  // namespace sipline::sip

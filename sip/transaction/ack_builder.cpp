// The non-2xx ACK.
#include "sip/transaction/ack_builder.hpp"

#include <iterator>

#include <fmt/format.h>

namespace sipline::sip {

std::string build_non2xx_ack(const Message& invite, const Message& response) {
  std::string out;
  auto it = std::back_inserter(out);
  fmt::format_to(it, "ACK {} SIP/2.0\r\n", invite.request_uri().text);
  if (!invite.vias().empty()) {
    fmt::format_to(it, "Via: {}\r\n", invite.vias().front().text);
  }
  fmt::format_to(it, "Max-Forwards: {}\r\n", unsigned{invite.max_forwards().value_or(70)});
  for (const HeaderField& field : invite.headers()) {
    if (field.id == HeaderId::kFrom || field.id == HeaderId::kCallId ||
        field.id == HeaderId::kRoute) {
      fmt::format_to(it, "{}: {}\r\n", canonical_name(field.id), field.value);
    }
  }
  if (const auto to = response.header(HeaderId::kTo)) {
    fmt::format_to(it, "To: {}\r\n", *to);
  }
  const std::uint32_t number = invite.cseq() != nullptr ? invite.cseq()->number : 0;
  fmt::format_to(it, "CSeq: {} ACK\r\nContent-Length: 0\r\n\r\n", number);
  return out;
}

}  // namespace sipline::sip

// Fuzzes the STUN Binding response parser (transport/stun_message): any datagram on the SIP
// socket that looks like STUN reaches it. It never reads outside the input, and what it accepts
// holds together: a success response names an address and only as text of an IP address; the
// transaction id is the input's; a request it built is STUN by its own test.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <arpa/inet.h>

#include "check.hpp"
#include "transport/stun_message.hpp"

using sipline::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto parsed = sipline::transport::parse_stun_response(bytes);
  if (parsed) {
    check(sipline::transport::looks_like_stun(bytes));
    check(!parsed->success || !parsed->mapped_address.empty());
    if (!parsed->mapped_address.empty()) {
      unsigned char address[16];
      const bool v4 = ::inet_pton(AF_INET, parsed->mapped_address.c_str(), address) == 1;
      const bool v6 = ::inet_pton(AF_INET6, parsed->mapped_address.c_str(), address) == 1;
      check(v4 || v6);
    }
    for (std::size_t i = 0; i < parsed->id.size(); ++i) {
      check(parsed->id[i] == data[8 + i]);
    }
    check(parsed->error_code >= 0 && parsed->error_code <= 7 * 100 + 255);
  } else {
    check(parsed.error().offset <= size);
  }
  sipline::transport::StunTransactionId id{};
  for (std::size_t i = 0; i < id.size() && i < size; ++i) {
    id[i] = data[i];
  }
  check(sipline::transport::looks_like_stun(sipline::transport::stun_binding_request(id)));
  return 0;
}

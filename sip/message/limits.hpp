// Bounds on what the message layer accepts: every one of them turns hostile input into an
// error instead of a crash or unbounded memory.
#pragma once

#include <cstddef>

namespace sipline::sip {

struct Limits {
  // One message, header section and body: a UDP datagram is at most 65,507 octets; on a
  // stream this is where a 1 MiB header section stops growing memory.
  std::size_t max_message_bytes = 65536;
  std::size_t max_header_fields = 256;
  // One header field after unfolding; a 256 KiB header line is refused.
  std::size_t max_field_bytes = 16384;
  // Via entries: one per hop, and Max-Forwards starts at 70 (RFC 3261 §8.1.1.6).
  std::size_t max_vias = 70;
  std::size_t max_contacts = 64;
};

}  // namespace sipline::sip

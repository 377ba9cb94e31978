// The messages every SIP parser in the benchmark parses, byte for byte the same.
#pragma once

#include <string>
#include <vector>

namespace sipline::bench {

struct BenchMessage {
  std::string name;
  std::string bytes;
};

// BENCH.md §3's 691-byte INVITE with a 221-byte SDP body.
[[nodiscard]] const std::string& invite_with_sdp();
// A REGISTER answering a digest challenge.
[[nodiscard]] const std::string& register_with_authorization();
// A 200 OK to an INVITE that crossed three proxies: three Via, three Record-Route.
[[nodiscard]] const std::string& ok_with_routes();
// The valid messages of RFC 4475 (§3.1.1), from ../shared/corpora.
[[nodiscard]] std::vector<BenchMessage> rfc4475_valid();

}  // namespace sipline::bench

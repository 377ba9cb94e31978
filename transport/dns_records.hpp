// What a DNS lookup asks and answers, as the SIP server locator (RFC 3263) needs it: NAPTR
// (RFC 3403), SRV (RFC 2782) and address records. The resolver that fills them (c-ares, in
// transport/dns/) and the pure parts above it share these types and nothing else.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sipline::transport {

enum class DnsType : std::uint8_t { kNaptr, kSrv, kA, kAaaa };

struct DnsQuestion {
  std::string name{};  // lower case, no trailing dot
  DnsType type = DnsType::kA;
  friend auto operator<=>(const DnsQuestion&, const DnsQuestion&) = default;
};

struct NaptrRecord {
  std::uint16_t order = 0;
  std::uint16_t preference = 0;
  std::string flags;    // "s": the replacement names SRV records
  std::string service;  // "SIP+D2U", "SIPS+D2T" …
  std::string regexp;
  std::string replacement;
  friend bool operator==(const NaptrRecord&, const NaptrRecord&) = default;
};

struct SrvRecord {
  std::uint16_t priority = 0;
  std::uint16_t weight = 0;
  std::uint16_t port = 0;
  std::string target;  // "." (or empty): the service is decidedly not there (RFC 2782)
  friend bool operator==(const SrvRecord&, const SrvRecord&) = default;
};

enum class DnsFailure : std::uint8_t {
  kNoRecords,    // NXDOMAIN, or the name has no records of the type: an answer, cacheable
  kUnreachable,  // no server answered, or it failed (timeout, SERVFAIL, REFUSED): try later
};

struct DnsAnswer {
  std::vector<NaptrRecord> naptr{};      // DnsType::kNaptr
  std::vector<SrvRecord> srv{};          // DnsType::kSrv
  std::vector<std::string> addresses{};  // kA / kAaaa: numeric, as text
  std::uint32_t ttl = 0;                 // seconds: the smallest of the records'
  std::optional<DnsFailure> failure{};
  std::string reason{};  // with a failure: the resolver's words ("timeout", "NXDOMAIN" …)
  friend bool operator==(const DnsAnswer&, const DnsAnswer&) = default;
};

}  // namespace sipline::transport

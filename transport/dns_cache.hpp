// Answers kept for their TTL, so a re-REGISTER or the next call to the same provider asks the
// DNS nothing (c-ares 1.18 keeps nothing). Answers without records are kept kNegativeFor (RFC
// 2308 would take the SOA's minimum, which the resolver does not hand over); a server that did
// not answer is not remembered at all. Pure: `now` comes in.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>

#include "base/clock.hpp"
#include "transport/dns_records.hpp"

namespace sipline::transport {

class DnsCache {
 public:
  static constexpr std::chrono::seconds kNegativeFor{30};
  static constexpr std::chrono::seconds kLongestKept{86400};  // a TTL of years is a day here
  static constexpr std::size_t kMostEntries = 1024;

  [[nodiscard]] std::optional<DnsAnswer> find(const DnsQuestion& question, TimePoint now) const;
  void store(const DnsQuestion& question, const DnsAnswer& answer, TimePoint now);
  [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }

 private:
  struct Entry {
    DnsAnswer answer;
    TimePoint expires;
  };
  void make_room(TimePoint now);

  std::map<DnsQuestion, Entry> entries_;
};

}  // namespace sipline::transport

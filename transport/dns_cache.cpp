// DNS answers kept for their TTL.
#include "transport/dns_cache.hpp"

#include <algorithm>

namespace sipline::transport {

std::optional<DnsAnswer> DnsCache::find(const DnsQuestion& question, TimePoint now) const {
  const auto it = entries_.find(question);
  if (it == entries_.end() || now >= it->second.expires) {
    return std::nullopt;
  }
  return it->second.answer;
}

void DnsCache::store(const DnsQuestion& question, const DnsAnswer& answer, TimePoint now) {
  std::chrono::seconds keep{0};
  if (!answer.failure) {
    keep = std::min<std::chrono::seconds>(std::chrono::seconds{answer.ttl}, kLongestKept);
  } else if (*answer.failure == DnsFailure::kNoRecords) {
    keep = kNegativeFor;
  }
  if (keep.count() == 0) {
    entries_.erase(question);  // TTL 0 (RFC 1035 §3.2.1: use once) or no answer: not kept
    return;
  }
  if (!entries_.contains(question)) {
    make_room(now);
  }
  entries_.insert_or_assign(question, Entry{answer, now + keep});
}

void DnsCache::make_room(TimePoint now) {
  std::erase_if(entries_, [now](const auto& entry) { return now >= entry.second.expires; });
  while (entries_.size() >= kMostEntries) {
    // Still full of live answers: the one that expires first goes.
    const auto soonest = std::ranges::min_element(
        entries_, {}, [](const auto& entry) { return entry.second.expires; });
    entries_.erase(soonest);
  }
}

}  // namespace sipline::transport

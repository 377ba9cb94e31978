// DNS answers kept for their TTL: found before it runs out and not after; answers without
// records kept 30 s; a server that did not answer, or a TTL of 0, not kept; bounded in size.
#include "transport/dns_cache.hpp"

#include <string>

#include <gtest/gtest.h>

namespace sipline::transport {
namespace {

using namespace std::chrono_literals;

const TimePoint kNow{std::chrono::seconds(5000)};
const DnsQuestion kHost{"pbx.test", DnsType::kA};

DnsAnswer address(std::uint32_t ttl) { return {.addresses = {"192.0.2.1"}, .ttl = ttl}; }

TEST(DnsCache, KeepsAnAnswerForItsTtl) {
  DnsCache cache;
  cache.store(kHost, address(300), kNow);
  ASSERT_TRUE(cache.find(kHost, kNow + 299s));
  EXPECT_EQ(cache.find(kHost, kNow + 299s)->addresses.front(), "192.0.2.1");
  EXPECT_FALSE(cache.find(kHost, kNow + 300s));
  EXPECT_FALSE(cache.find({"pbx.test", DnsType::kAaaa}, kNow));  // another type, another question
}

TEST(DnsCache, NoRecordsKeptBrieflyNoAnswerAndTtlZeroNotAtAll) {
  DnsCache cache;
  cache.store(kHost, {.failure = DnsFailure::kNoRecords}, kNow);
  EXPECT_TRUE(cache.find(kHost, kNow + DnsCache::kNegativeFor - 1s));
  EXPECT_FALSE(cache.find(kHost, kNow + DnsCache::kNegativeFor));

  cache.store(kHost, address(300), kNow);
  cache.store(kHost, {.failure = DnsFailure::kUnreachable, .reason = "timeout"}, kNow);
  EXPECT_FALSE(cache.find(kHost, kNow));  // what it knew is not trusted over a failure either
  cache.store(kHost, address(0), kNow);
  EXPECT_FALSE(cache.find(kHost, kNow));
  EXPECT_EQ(cache.size(), 0U);
}

TEST(DnsCache, AHugeTtlIsADay) {
  DnsCache cache;
  cache.store(kHost, address(0xffffffffU), kNow);
  EXPECT_TRUE(cache.find(kHost, kNow + DnsCache::kLongestKept - 1s));
  EXPECT_FALSE(cache.find(kHost, kNow + DnsCache::kLongestKept));
}

TEST(DnsCache, FullDropsTheExpiredThenTheSoonestToExpire) {
  DnsCache cache;
  for (std::size_t n = 0; n < DnsCache::kMostEntries; ++n) {
    // Entry 0 lives 100 s, the others 1000 s or more.
    cache.store({"h" + std::to_string(n), DnsType::kA},
                address(n == 0 ? 100U : 1000U + static_cast<std::uint32_t>(n)), kNow);
  }
  EXPECT_EQ(cache.size(), DnsCache::kMostEntries);
  cache.store({"new", DnsType::kA}, address(600), kNow);
  EXPECT_EQ(cache.size(), DnsCache::kMostEntries);
  EXPECT_FALSE(cache.find({"h0", DnsType::kA}, kNow));
  EXPECT_TRUE(cache.find({"h1", DnsType::kA}, kNow));
  EXPECT_TRUE(cache.find({"new", DnsType::kA}, kNow));
}

}  // namespace
}  // namespace sipline::transport

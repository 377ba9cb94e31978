// The smallest answer TTL of a raw DNS response: the question skipped, answers with full names
// and with compression pointers read, and a response cut anywhere refused rather than read past.
#include "transport/dns_ttl.hpp"

#include <vector>

#include <gtest/gtest.h>

namespace sipline::transport {
namespace {

void put16(std::vector<std::uint8_t>& out, unsigned value) {
  out.push_back(static_cast<std::uint8_t>(value >> 8));
  out.push_back(static_cast<std::uint8_t>(value));
}

void put_name(std::vector<std::uint8_t>& out, std::initializer_list<const char*> labels) {
  for (const char* label : labels) {
    const std::string text(label);
    out.push_back(static_cast<std::uint8_t>(text.size()));
    out.insert(out.end(), text.begin(), text.end());
  }
  out.push_back(0);
}

void put_answer(std::vector<std::uint8_t>& out, std::uint32_t ttl, bool pointer) {
  if (pointer) {
    put16(out, 0xC00C);  // the question's name, at offset 12
  } else {
    put_name(out, {"_sip", "_udp", "pbx", "test"});
  }
  put16(out, 33);  // SRV
  put16(out, 1);   // IN
  put16(out, ttl >> 16);
  put16(out, ttl & 0xFFFF);
  put16(out, 6 + 5);  // priority, weight, port, then the target "a.b" (a 5-octet name)
  put16(out, 10);
  put16(out, 60);
  put16(out, 5060);
  put_name(out, {"a", "b"});
}

// A response to an SRV question with answers of these TTLs.
std::vector<std::uint8_t> response(std::initializer_list<std::uint32_t> ttls) {
  std::vector<std::uint8_t> out;
  put16(out, 0x1234);  // id
  put16(out, 0x8180);  // a response, no error
  put16(out, 1);       // one question
  put16(out, static_cast<unsigned>(ttls.size()));
  put16(out, 0);
  put16(out, 0);
  put_name(out, {"_sip", "_udp", "pbx", "test"});
  put16(out, 33);
  put16(out, 1);
  bool pointer = false;
  for (const std::uint32_t ttl : ttls) {
    put_answer(out, ttl, pointer);
    pointer = !pointer;
  }
  return out;
}

TEST(DnsTtl, TheSmallestOfTheAnswers) {
  EXPECT_EQ(smallest_answer_ttl(response({300, 60, 3600})), 60U);
  EXPECT_EQ(smallest_answer_ttl(response({86400})), 86400U);
  EXPECT_EQ(smallest_answer_ttl(response({})), std::nullopt);  // no answers: no TTL
}

TEST(DnsTtl, ATtlWithTheTopBitSetIsZero) {
  EXPECT_EQ(smallest_answer_ttl(response({0x80000000U, 300})), 0U);
}

TEST(DnsTtl, ACutResponseIsRefusedAtEveryLength) {
  const auto whole = response({300, 60});
  for (std::size_t length = 0; length < whole.size(); ++length) {
    EXPECT_EQ(smallest_answer_ttl(std::span(whole).first(length)), std::nullopt) << length;
  }
  auto lying = whole;
  lying[7] = 3;  // three answers announced, two there
  EXPECT_EQ(smallest_answer_ttl(lying), std::nullopt);
}

}  // namespace
}  // namespace sipline::transport

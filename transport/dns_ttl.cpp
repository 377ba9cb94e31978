// RFC 1035 §4.1 walk over a response's question and answer sections.
#include "transport/dns_ttl.hpp"

#include <algorithm>
#include <cstddef>

namespace sipline::transport {
namespace {

constexpr std::size_t kHeader = 12;

std::uint32_t read16(std::span<const std::uint8_t> bytes, std::size_t at) noexcept {
  return (std::uint32_t{bytes[at]} << 8) | bytes[at + 1];
}

// Past a name at `at` (§4.1.4: labels ending in a zero octet or in a two-octet pointer);
// nullopt when it runs off the end or uses a reserved label type.
std::optional<std::size_t> skip_name(std::span<const std::uint8_t> bytes, std::size_t at) noexcept {
  while (at < bytes.size()) {
    const std::uint8_t length = bytes[at];
    if (length == 0) {
      return at + 1;
    }
    if ((length & 0xC0) == 0xC0) {
      return at + 2 <= bytes.size() ? std::optional<std::size_t>(at + 2) : std::nullopt;
    }
    if ((length & 0xC0) != 0) {
      return std::nullopt;  // 01 and 10 label types (RFC 6891 …): not in answers we ask for
    }
    at += 1 + std::size_t{length};
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::uint32_t> smallest_answer_ttl(std::span<const std::uint8_t> response) noexcept {
  if (response.size() < kHeader) {
    return std::nullopt;
  }
  const std::uint32_t questions = read16(response, 4);
  const std::uint32_t answers = read16(response, 6);
  std::size_t at = kHeader;
  for (std::uint32_t n = 0; n < questions; ++n) {
    const auto next = skip_name(response, at);
    if (!next || *next + 4 > response.size()) {
      return std::nullopt;
    }
    at = *next + 4;  // QTYPE, QCLASS
  }
  std::optional<std::uint32_t> smallest;
  for (std::uint32_t n = 0; n < answers; ++n) {
    const auto next = skip_name(response, at);
    if (!next || *next + 10 > response.size()) {
      return std::nullopt;
    }
    at = *next;
    const std::uint32_t ttl = (read16(response, at + 4) << 16) | read16(response, at + 6);
    const std::size_t data = read16(response, at + 8);
    if (at + 10 + data > response.size()) {
      return std::nullopt;
    }
    // §2.3.4: a TTL is a positive 31-bit value; one with the top bit set is read as 0
    // (RFC 2181 §8).
    const std::uint32_t usable = ttl > 0x7FFFFFFFU ? 0 : ttl;
    smallest = std::min(smallest.value_or(usable), usable);
    at += 10 + data;
  }
  return smallest;
}

}  // namespace sipline::transport

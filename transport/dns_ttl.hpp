// The smallest TTL among a DNS response's answer records (RFC 1035 §4.1). c-ares 1.18 parses
// NAPTR and SRV records without their TTLs; the cache needs them, so this walks the raw
// response for them. The response is the network's: every length is checked, compression
// pointers are followed nowhere (a name is only skipped), and a malformed one gives nullopt.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

namespace sipline::transport {

[[nodiscard]] std::optional<std::uint32_t> smallest_answer_ttl(
    std::span<const std::uint8_t> response) noexcept;

}  // namespace sipline::transport

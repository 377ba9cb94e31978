// STUN Binding messages (RFC 5389 §6, §15).
#include "transport/stun_message.hpp"

#include <arpa/inet.h>

namespace sipline::transport {
namespace {

constexpr std::uint16_t kBindingRequest = 0x0001;
constexpr std::uint16_t kBindingSuccess = 0x0101;
constexpr std::uint16_t kBindingError = 0x0111;
constexpr std::uint16_t kMappedAddress = 0x0001;
constexpr std::uint16_t kXorMappedAddress = 0x0020;
constexpr std::uint16_t kErrorCode = 0x0009;
constexpr std::size_t kHeaderBytes = 20;
constexpr int kMaxAttributes = 64;  // a response of ours carries three or four

std::uint16_t read16(std::string_view bytes, std::size_t at) {
  return static_cast<std::uint16_t>((static_cast<unsigned char>(bytes[at]) << 8) |
                                    static_cast<unsigned char>(bytes[at + 1]));
}

std::uint32_t read32(std::string_view bytes, std::size_t at) {
  return (static_cast<std::uint32_t>(read16(bytes, at)) << 16) | read16(bytes, at + 2);
}

void put16(std::string& out, std::uint16_t value) {
  out.push_back(static_cast<char>(value >> 8));
  out.push_back(static_cast<char>(value & 0xFF));
}

// §15.1, §15.2: family, port and address, XORed with the cookie (and the transaction id, for
// IPv6) when `xored`. Writes the address as text into `response`.
Result<void> read_address(std::string_view value, bool xored, const StunTransactionId& id,
                          std::size_t at, StunResponse& response) {
  if (value.size() < 4) {
    return fail(Errc::kTruncated, "address attribute too short", at);
  }
  const auto family = static_cast<unsigned char>(value[1]);
  const std::size_t length = family == 0x01 ? 4 : family == 0x02 ? 16 : 0;
  if (length == 0) {
    return fail(Errc::kMalformed, "unknown address family", at + 1);
  }
  if (value.size() != 4 + length) {
    return fail(Errc::kMalformed, "address attribute of the wrong length", at);
  }
  std::uint16_t port = read16(value, 2);
  std::array<unsigned char, 16> address{};
  for (std::size_t i = 0; i < length; ++i) {
    address[i] = static_cast<unsigned char>(value[4 + i]);
  }
  if (xored) {
    port ^= static_cast<std::uint16_t>(kStunMagicCookie >> 16);
    std::array<unsigned char, 16> mask{0x21, 0x12, 0xA4, 0x42};
    for (std::size_t i = 0; i < id.size(); ++i) {
      mask[4 + i] = id[i];
    }
    for (std::size_t i = 0; i < length; ++i) {
      address[i] ^= mask[i];
    }
  }
  std::array<char, INET6_ADDRSTRLEN> text{};
  if (::inet_ntop(length == 4 ? AF_INET : AF_INET6, address.data(), text.data(),
                  static_cast<socklen_t>(text.size())) == nullptr) {
    return fail(Errc::kMalformed, "unprintable address", at);
  }
  response.mapped_address = text.data();
  response.mapped_port = port;
  return {};
}

}  // namespace

std::string stun_binding_request(const StunTransactionId& id) {
  std::string out;
  out.reserve(kHeaderBytes);
  put16(out, kBindingRequest);
  put16(out, 0);  // no attributes
  put16(out, static_cast<std::uint16_t>(kStunMagicCookie >> 16));
  put16(out, static_cast<std::uint16_t>(kStunMagicCookie & 0xFFFF));
  for (const std::uint8_t octet : id) {
    out.push_back(static_cast<char>(octet));
  }
  return out;
}

bool looks_like_stun(std::string_view bytes) noexcept {
  return bytes.size() >= kHeaderBytes && (static_cast<unsigned char>(bytes[0]) & 0xC0) == 0 &&
         read32(bytes, 4) == kStunMagicCookie;
}

Result<StunResponse> parse_stun_response(std::string_view bytes) {
  if (bytes.size() < kHeaderBytes) {
    return fail(Errc::kTruncated, "shorter than a STUN header", bytes.size());
  }
  if (!looks_like_stun(bytes)) {
    return fail(Errc::kMalformed, "not STUN (no magic cookie)", 0);
  }
  const std::uint16_t type = read16(bytes, 0);
  if (type != kBindingSuccess && type != kBindingError) {
    return fail(Errc::kUnsupported, "not a Binding response", 0);
  }
  const std::uint16_t length = read16(bytes, 2);
  if (length % 4 != 0 || kHeaderBytes + length != bytes.size()) {
    return fail(Errc::kMalformed, "message length does not match the datagram", 2);
  }
  StunResponse response;
  response.success = type == kBindingSuccess;
  for (std::size_t i = 0; i < response.id.size(); ++i) {
    response.id[i] = static_cast<std::uint8_t>(bytes[8 + i]);
  }
  bool xor_seen = false;
  std::size_t at = kHeaderBytes;
  for (int count = 0; at < bytes.size(); ++count) {
    if (count == kMaxAttributes) {
      return fail(Errc::kTooLarge, "too many attributes", at);
    }
    if (bytes.size() - at < 4) {
      return fail(Errc::kTruncated, "truncated attribute header", at);
    }
    const std::uint16_t attribute = read16(bytes, at);
    const std::uint16_t size = read16(bytes, at + 2);
    const std::size_t padded = (static_cast<std::size_t>(size) + 3) & ~std::size_t{3};
    if (bytes.size() - at - 4 < padded) {
      return fail(Errc::kTruncated, "attribute runs past the end", at);
    }
    const std::string_view value = bytes.substr(at + 4, size);
    if (attribute == kXorMappedAddress) {
      if (auto read = read_address(value, true, response.id, at + 4, response); !read) {
        return std::unexpected(read.error());
      }
      xor_seen = true;
    } else if (attribute == kMappedAddress && !xor_seen) {  // RFC 3489 servers: plain
      if (auto read = read_address(value, false, response.id, at + 4, response); !read) {
        return std::unexpected(read.error());
      }
    } else if (attribute == kErrorCode) {
      if (value.size() < 4) {
        return fail(Errc::kTruncated, "ERROR-CODE too short", at);
      }
      response.error_code = (static_cast<unsigned char>(value[2]) & 0x07) * 100 +
                            static_cast<unsigned char>(value[3]);
    }
    at += 4 + padded;  // others (SOFTWARE, FINGERPRINT, MESSAGE-INTEGRITY …) say nothing we use
  }
  if (response.success && response.mapped_address.empty()) {
    return fail(Errc::kMalformed, "a success response without a mapped address", kHeaderBytes);
  }
  return response;
}

}  // namespace sipline::transport

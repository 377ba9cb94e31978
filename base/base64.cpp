// Base64 encoding and strict decoding.
#include "base/base64.hpp"

#include <array>

namespace sipline {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<std::int8_t, 256> build_values() {
  std::array<std::int8_t, 256> values{};
  values.fill(-1);
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
    values[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::int8_t>(i);
  }
  return values;
}

constexpr std::array<std::int8_t, 256> kValues = build_values();

}  // namespace

std::string encode_base64(Bytes data) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    const auto word = (std::to_integer<std::uint32_t>(data[i]) << 16) |
                      (std::to_integer<std::uint32_t>(data[i + 1]) << 8) |
                      std::to_integer<std::uint32_t>(data[i + 2]);
    out.push_back(kAlphabet[(word >> 18) & 63]);
    out.push_back(kAlphabet[(word >> 12) & 63]);
    out.push_back(kAlphabet[(word >> 6) & 63]);
    out.push_back(kAlphabet[word & 63]);
  }
  const std::size_t rest = data.size() - i;
  if (rest > 0) {
    std::uint32_t word = std::to_integer<std::uint32_t>(data[i]) << 16;
    if (rest == 2) {
      word |= std::to_integer<std::uint32_t>(data[i + 1]) << 8;
    }
    out.push_back(kAlphabet[(word >> 18) & 63]);
    out.push_back(kAlphabet[(word >> 12) & 63]);
    out.push_back(rest == 2 ? kAlphabet[(word >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

Result<std::vector<std::byte>> decode_base64(std::string_view text) {
  std::size_t padding = 0;
  while (!text.empty() && text.back() == '=' && padding < 2) {
    text.remove_suffix(1);
    ++padding;
  }
  if (text.size() % 4 == 1) {
    return fail(Errc::kMalformed, "bad base64 length", text.size());
  }
  if (padding > 0 && (text.size() + padding) % 4 != 0) {
    return fail(Errc::kMalformed, "bad base64 padding", text.size());
  }
  std::vector<std::byte> out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t word = 0;
  int bits = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const std::int8_t value = kValues[static_cast<unsigned char>(text[i])];
    if (value < 0) {
      return fail(Errc::kMalformed, "bad base64 character", i);
    }
    word = (word << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::byte>((word >> bits) & 0xFF));
    }
  }
  return out;
}

}  // namespace sipline

// Base64 (RFC 4648 §4) for SDES keys and digest nonces: encoding, and strict decoding that
// refuses anything outside the alphabet instead of skipping it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.hpp"
#include "base/result.hpp"

namespace sipline {

[[nodiscard]] std::string encode_base64(Bytes data);

// Padding is optional ("QUJD" and "QUI" and "QUI=" all decode); characters outside the
// alphabet, padding in the middle, or a length of 4n+1 are errors with their offset.
[[nodiscard]] Result<std::vector<std::byte>> decode_base64(std::string_view text);

}  // namespace sipline

// Hex to bytes for packet tests.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "base/text.hpp"

namespace sipline::rtp::test {

inline std::vector<std::byte> hex(std::string_view text) {
  std::vector<std::byte> out;
  int high = -1;
  for (const char c : text) {
    if (!is_hex_digit(c)) {
      continue;  // spaces and separators
    }
    if (high < 0) {
      high = hex_value(c);
    } else {
      out.push_back(static_cast<std::byte>(high * 16 + hex_value(c)));
      high = -1;
    }
  }
  return out;
}

}  // namespace sipline::rtp::test

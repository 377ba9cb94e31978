// One fuzz input cut into N parts at lines "--" ("\n--\n"), the last part taking the rest (so
// it may hold anything, a separator included); missing parts are empty.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace sipline::fuzz {

inline constexpr std::string_view kPartSeparator = "\n--\n";

template <std::size_t N>
[[nodiscard]] std::array<std::string_view, N> input_parts(std::string_view input) {
  std::array<std::string_view, N> parts{};
  for (std::size_t i = 0; i < N; ++i) {
    const std::size_t separator = i + 1 < N ? input.find(kPartSeparator) : input.npos;
    parts[i] = input.substr(0, separator);
    if (separator == input.npos) {
      break;
    }
    input.remove_prefix(separator + kPartSeparator.size());
  }
  return parts;
}

}  // namespace sipline::fuzz

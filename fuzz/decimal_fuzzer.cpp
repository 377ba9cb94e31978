// Differential fuzzer: parse_decimal agrees with std::from_chars on every input, for three widths.
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <system_error>

#include "base/text.hpp"

namespace {

template <class T>
void check(std::string_view text) {
  const auto ours = sipline::parse_decimal<T>(text);
  const bool all_digits =
      !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
  if (!all_digits) {
    if (ours) {
      std::abort();  // accepted something that is not 1*DIGIT
    }
    return;
  }
  T reference = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), reference);
  if (error == std::errc::result_out_of_range) {
    if (ours || ours.error().code != sipline::Errc::kOverflow) {
      std::abort();  // wrapped or misreported an overflow
    }
    return;
  }
  if (!ours || *ours != reference || end != text.data() + text.size()) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check<std::uint16_t>(text);
  check<std::uint32_t>(text);
  check<std::uint64_t>(text);
  return 0;
}

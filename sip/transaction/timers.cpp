// Timer names.
#include "sip/transaction/timers.hpp"

#include <array>

namespace sipline::sip {

std::string_view to_string(TimerId id) noexcept {
  static constexpr std::array<std::string_view, kTimerCount> kNames{
      "A", "B", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "Trying"};
  const auto index = static_cast<std::size_t>(id);
  return index < kNames.size() ? kNames[index] : "?";
}

}  // namespace sipline::sip

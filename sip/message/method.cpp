// Method names.
#include "sip/message/method.hpp"

#include <array>

namespace sipline::sip {
namespace {

constexpr std::array<std::string_view, 15> kMethodNames{
    "",          "INVITE", "ACK",     "BYE",  "CANCEL", "OPTIONS", "REGISTER", "PRACK",
    "SUBSCRIBE", "NOTIFY", "PUBLISH", "INFO", "REFER",  "MESSAGE", "UPDATE"};

}  // namespace

Method method_from(std::string_view name) noexcept {
  for (std::size_t i = 1; i < kMethodNames.size(); ++i) {
    if (kMethodNames[i] == name) {
      return static_cast<Method>(i);
    }
  }
  return Method::kUnknown;
}

std::string_view to_string(Method method) noexcept {
  const auto index = static_cast<std::size_t>(method);
  return index < kMethodNames.size() ? kMethodNames[index] : std::string_view{};
}

}  // namespace sipline::sip

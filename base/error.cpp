// Names of the error classes, as shown in logs and diagnostics.
#include "base/error.hpp"

namespace sipline {

std::string_view to_string(Errc code) noexcept {
  switch (code) {
    case Errc::kMalformed:
      return "malformed";
    case Errc::kTruncated:
      return "truncated";
    case Errc::kTooLarge:
      return "too large";
    case Errc::kOverflow:
      return "overflow";
    case Errc::kUnsupported:
      return "unsupported";
    case Errc::kInvalidArgument:
      return "invalid argument";
    case Errc::kNotFound:
      return "not found";
    case Errc::kBadState:
      return "bad state";
    case Errc::kIo:
      return "i/o error";
    case Errc::kTimeout:
      return "timeout";
    case Errc::kCrypto:
      return "crypto";
  }
  return "unknown";
}

}  // namespace sipline

// Fuzzes URI parsing and comparison: an accepted URI re-parses from its own text to the same
// components, is equivalent to itself, and decodes without crashing.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/check.hpp"
#include "sip/message/name_addr.hpp"
#include "sip/message/uri.hpp"

namespace {
using sipline::fuzz::check;
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sipline::sip;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)parse_single_address(text);
  const auto uri = parse_uri(text);
  if (!uri) {
    check(uri.error().offset <= size);
    return 0;
  }
  check(uri->text == text);
  check(uri_equivalent(*uri, *uri));
  (void)uri->user_decoded();
  (void)uri->password_decoded();
  for (const Param& param : uri->params) {
    check(!param.name.empty());
  }
  // Split the input in two and compare the halves too: exercises every comparison branch.
  const auto half = parse_uri(text.substr(0, size / 2));
  if (half) {
    check(uri_equivalent(*uri, *half) == uri_equivalent(*half, *uri));
  }
  return 0;
}

// Fuzzes the SDP parser: whatever it accepts prints to text that parses to an equal description
// and prints the same again.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "sdp/parser.hpp"
#include "sdp/printer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sipline::sdp;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto session = parse_session(text);
  if (!session) {
    if (session.error().offset > size) {
      std::abort();
    }
    return 0;
  }
  const std::string printed = print(*session);
  const auto reparsed = parse_session(printed);
  if (!reparsed || *reparsed != *session || print(*reparsed) != printed) {
    std::abort();
  }
  return 0;
}

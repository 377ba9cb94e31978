// Fuzzes stream framing: the input is fed in chunks whose sizes come from its first bytes;
// every frame is bounded, and every message frame is handed to the parser in stream mode.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sip/message/parser.hpp"
#include "sip/message/stream_framer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sipline::sip;
  if (size < 2) {
    return 0;
  }
  const std::size_t chunk = 1 + data[0] % 64;
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  StreamFramer framer(4096);
  ParseOptions options;
  options.stream = true;
  while (!bytes.empty()) {
    const std::string_view piece = bytes.substr(0, chunk);
    bytes.remove_prefix(piece.size());
    if (!framer.push(piece)) {
      return 0;
    }
    while (true) {
      const auto frame = framer.next();
      if (frame.kind == StreamFramer::Kind::kNeedMore || frame.kind == StreamFramer::Kind::kBad) {
        break;
      }
      if (frame.bytes.size() > 4096) {
        std::abort();
      }
      if (frame.kind == StreamFramer::Kind::kMessage) {
        (void)parse_message(frame.bytes, options);
      }
    }
    if (framer.buffered() > 2 * 4096) {
      std::abort();
    }
  }
  return 0;
}

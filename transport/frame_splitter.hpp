// The seam between stream transports and the protocol that frames messages on them: a
// connection pushes what it reads and takes whole frames. SIP's StreamFramer implements it
// (sip/message/stream_framer.hpp); the transport knows no SIP.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

#include "base/result.hpp"

namespace sipline::transport {

class FrameSplitter {
 public:
  enum class Kind : std::uint8_t {
    kNeedMore,  // no whole frame buffered yet
    kMessage,   // `bytes` is one message
    kPing,      // a keep-alive to answer with the pong bytes (RFC 5626 §3.5.1: CRLF)
    kPong,      // the answer to our keep-alive
    kBad,       // the stream cannot be framed any more: close the connection
  };
  struct Frame {
    Kind kind = Kind::kNeedMore;
    std::string_view bytes;  // valid until the next push()
    Error error{};
  };

  virtual ~FrameSplitter() = default;
  // Fails (kTooLarge) when the reader would buffer more than its bound.
  [[nodiscard]] virtual Result<void> push(std::string_view bytes) = 0;
  [[nodiscard]] virtual Frame next() = 0;
};

using FrameSplitterFactory = std::function<std::unique_ptr<FrameSplitter>()>;

}  // namespace sipline::transport

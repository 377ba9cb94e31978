// Cutting SIP messages out of a byte stream (TCP, TLS): RFC 3261 §18.3 (Content-Length is
// mandatory on streams) and RFC 5626 §3.5.1 keep-alives (CRLF CRLF ping, CRLF pong).
//
// Sans-I/O: the transport pushes what it read and takes frames until it gets kNeedMore. A kBad
// frame means the stream can no longer be framed: the connection must be closed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "sip/message/limits.hpp"
#include "transport/frame_splitter.hpp"

namespace sipline::sip {

// kMessage frames are one message each: start line, headers and exactly Content-Length octets.
// kPing is CRLF CRLF (answer CRLF); kPong a lone CRLF; after kBad every call returns kBad.
class StreamFramer final : public transport::FrameSplitter {
 public:
  explicit StreamFramer(std::size_t max_message_bytes = Limits{}.max_message_bytes);

  // Appends bytes read from the stream. Fails with kTooLarge when more than two messages' worth
  // would be buffered without being taken: the reader is not draining frames.
  [[nodiscard]] Result<void> push(std::string_view bytes) override;
  [[nodiscard]] Frame next() override;

  [[nodiscard]] std::size_t buffered() const noexcept { return buffer_.size() - consumed_; }

 private:
  [[nodiscard]] Frame bad(Errc code, std::string_view reason);
  // Content-Length of the header section `headers` (CRLF CRLF included).
  [[nodiscard]] Result<std::size_t> content_length(std::string_view headers) const;

  std::size_t max_message_bytes_;
  std::string buffer_;
  std::size_t consumed_ = 0;      // bytes of buffer_ already handed out as frames
  std::size_t scanned_ = 0;       // buffer_ offset up to which no CRLF CRLF was found
  std::size_t header_bytes_ = 0;  // > 0 once the pending message's header section is known
  std::size_t body_bytes_ = 0;
  bool broken_ = false;
  Error error_{};
};

}  // namespace sipline::sip

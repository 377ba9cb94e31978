// The stream framer.
#include "sip/message/stream_framer.hpp"

#include "base/text.hpp"
#include "sip/message/char_class.hpp"
#include "sip/message/header_name.hpp"

namespace sipline::sip {

StreamFramer::StreamFramer(std::size_t max_message_bytes) : max_message_bytes_(max_message_bytes) {}

Result<void> StreamFramer::push(std::string_view bytes) {
  if (consumed_ > 0) {
    // Frames handed out so far may be dropped now: their views end with this push.
    buffer_.erase(0, consumed_);
    scanned_ = scanned_ > consumed_ ? scanned_ - consumed_ : 0;
    consumed_ = 0;
  }
  if (buffer_.size() + bytes.size() > 2 * max_message_bytes_) {
    return fail(Errc::kTooLarge, "stream buffer full", buffer_.size());
  }
  buffer_.append(bytes);
  return {};
}

StreamFramer::Frame StreamFramer::bad(Errc code, std::string_view reason) {
  broken_ = true;
  error_ = Error{code, reason, static_cast<std::uint32_t>(consumed_)};
  return Frame{Kind::kBad, {}, error_};
}

Result<std::size_t> StreamFramer::content_length(std::string_view headers) const {
  // Header fields, unfolding continuation lines; the start line is skipped.
  std::size_t pos = headers.find("\r\n") + 2;
  bool found = false;
  std::size_t length = 0;
  while (pos < headers.size()) {
    std::size_t end = headers.find("\r\n", pos);
    while (end + 2 < headers.size() && is_wsp(headers[end + 2])) {
      end = headers.find("\r\n", end + 2);
    }
    const std::string_view field = headers.substr(pos, end - pos);
    pos = end + 2;
    const std::size_t colon = field.find(':');
    if (field.empty() || colon == std::string_view::npos) {
      continue;  // the empty line, or a malformed field the parser will refuse
    }
    if (header_id(trim_wsp(field.substr(0, colon))) != HeaderId::kContentLength) {
      continue;
    }
    std::string value(trim_wsp(field.substr(colon + 1)));
    std::erase_if(value, [](char c) { return is_wsp(c) || c == '\r' || c == '\n'; });
    const auto parsed = parse_decimal<std::uint32_t>(value);
    if (!parsed || found) {
      return fail(Errc::kMalformed, found ? "duplicate Content-Length" : "bad Content-Length", 0);
    }
    found = true;
    length = *parsed;
  }
  if (!found) {
    return fail(Errc::kMalformed, "Content-Length required on a stream", 0);
  }
  return length;
}

StreamFramer::Frame StreamFramer::next() {
  if (broken_) {
    return Frame{Kind::kBad, {}, error_};
  }
  const std::string_view pending = std::string_view(buffer_).substr(consumed_);
  if (header_bytes_ == 0) {
    if (pending.starts_with("\r\n\r\n")) {
      consumed_ += 4;
      scanned_ = consumed_;
      return Frame{Kind::kPing, pending.substr(0, 4), {}};
    }
    if (pending.starts_with("\r\n")) {
      consumed_ += 2;
      scanned_ = consumed_;
      return Frame{Kind::kPong, pending.substr(0, 2), {}};
    }
    // Resume the search where the last one stopped, minus a partial CRLF CRLF.
    const std::size_t from = scanned_ > consumed_ + 3 ? scanned_ - consumed_ - 3 : 0;
    const std::size_t end = pending.find("\r\n\r\n", from);
    if (end == std::string_view::npos) {
      scanned_ = buffer_.size();
      if (pending.size() > max_message_bytes_) {
        return bad(Errc::kTooLarge, "header section too large");
      }
      return Frame{};
    }
    header_bytes_ = end + 4;
    const auto length = content_length(pending.substr(0, header_bytes_));
    if (!length) {
      return bad(length.error().code, length.error().reason);
    }
    body_bytes_ = *length;
    if (header_bytes_ + body_bytes_ > max_message_bytes_) {
      return bad(Errc::kTooLarge, "message too large");
    }
  }
  const std::size_t total = header_bytes_ + body_bytes_;
  if (pending.size() < total) {
    return Frame{};
  }
  consumed_ += total;
  scanned_ = consumed_;
  header_bytes_ = 0;
  body_bytes_ = 0;
  return Frame{Kind::kMessage, pending.substr(0, total), {}};
}

}  // namespace sipline::sip

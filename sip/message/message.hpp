// The SIP message as a value (RFC 3261 §7): a request or a response, its header fields in
// order, the typed headers every layer needs, and the body.
//
// A Message owns its bytes; every string_view it hands out points into them and stays valid
// as long as the Message lives, across moves. A copy owns bytes of its own and is equal to its
// source. A message made by MessageBuilder holds its canonical print: printing it copies bytes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include <boost/container/small_vector.hpp>

#include "sip/message/header_name.hpp"
#include "sip/message/media_type.hpp"
#include "sip/message/method.hpp"
#include "sip/message/name_addr.hpp"
#include "sip/message/scalar_headers.hpp"
#include "sip/message/uri.hpp"
#include "sip/message/via.hpp"

namespace sipline::sip {

struct HeaderField {
  HeaderId id = HeaderId::kUnknown;
  std::string_view name;   // as written: compact or full, any case
  std::string_view value;  // unfolded (CRLF + WSP became spaces) and trimmed
};

class Message {
 public:
  Message() = default;
  Message(Message&&) noexcept = default;
  Message& operator=(Message&&) noexcept = default;
  Message(const Message& other);
  Message& operator=(const Message& other);
  ~Message() = default;

  [[nodiscard]] bool is_request() const noexcept { return is_request_; }
  [[nodiscard]] bool is_response() const noexcept { return !is_request_; }

  // Requests: the method of the Request-Line. Responses: the method of their CSeq.
  [[nodiscard]] Method method() const noexcept { return method_; }
  [[nodiscard]] std::string_view method_text() const noexcept { return method_text_; }
  [[nodiscard]] const Uri& request_uri() const noexcept { return request_uri_; }
  [[nodiscard]] int status_code() const noexcept { return status_code_; }
  [[nodiscard]] std::string_view reason_phrase() const noexcept { return reason_phrase_; }

  // Every header field in order, except Content-Length, which follows from the body.
  [[nodiscard]] std::span<const HeaderField> headers() const noexcept {
    return {headers_.data(), headers_.size()};
  }
  // The first field with this id or name (case-insensitive, compact forms included).
  [[nodiscard]] std::optional<std::string_view> header(HeaderId id) const noexcept;
  [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const noexcept;
  [[nodiscard]] std::size_t count(HeaderId id) const noexcept;

  // The typed headers, validated when the message was parsed.
  [[nodiscard]] std::span<const Via> vias() const noexcept { return {vias_.data(), vias_.size()}; }
  [[nodiscard]] const NameAddr* from() const noexcept { return from_ ? &*from_ : nullptr; }
  [[nodiscard]] const NameAddr* to() const noexcept { return to_ ? &*to_ : nullptr; }
  [[nodiscard]] std::string_view call_id() const noexcept { return call_id_; }
  [[nodiscard]] const CSeq* cseq() const noexcept { return cseq_ ? &*cseq_ : nullptr; }
  [[nodiscard]] std::optional<std::uint8_t> max_forwards() const noexcept { return max_forwards_; }
  [[nodiscard]] std::span<const NameAddr> contacts() const noexcept {
    return {contacts_.data(), contacts_.size()};
  }
  [[nodiscard]] bool contact_is_star() const noexcept { return contact_star_; }
  [[nodiscard]] const MediaType* content_type() const noexcept {
    return content_type_ ? &*content_type_ : nullptr;
  }
  [[nodiscard]] std::string_view body() const noexcept { return body_; }

  // The bytes, when they are the canonical print (built by MessageBuilder, or a copy of such a
  // message); nullopt for a parsed message, whose bytes are as they came.
  [[nodiscard]] std::optional<std::string_view> canonical_text() const noexcept {
    return canonical_ && bytes_
               ? std::optional<std::string_view>(std::string_view(bytes_.get(), size_))
               : std::nullopt;
  }

  // Same start line, same header fields in the same order (names compared case-insensitively,
  // values exactly), same body.
  friend bool operator==(const Message& a, const Message& b) noexcept;

 private:
  friend class MessageBuilder;
  friend struct MessageParser;
  friend struct CoreIndexer;
  // A copy without a re-parse: the same bytes, every view moved onto them. False when a view
  // lies outside the bytes (then the copy is parsed from the print).
  [[nodiscard]] bool copy_views_from(const Message& other);

  std::unique_ptr<char[]> bytes_;
  std::size_t size_ = 0;

  bool is_request_ = true;
  Method method_ = Method::kUnknown;
  std::string_view method_text_;
  Uri request_uri_;
  int status_code_ = 0;
  std::string_view reason_phrase_;

  boost::container::small_vector<HeaderField, 24> headers_;
  boost::container::small_vector<Via, 4> vias_;  // a request after three proxies
  std::optional<NameAddr> from_;
  std::optional<NameAddr> to_;
  std::string_view call_id_;
  std::optional<CSeq> cseq_;
  std::optional<std::uint8_t> max_forwards_;
  boost::container::small_vector<NameAddr, 1> contacts_;
  bool contact_star_ = false;
  std::optional<MediaType> content_type_;
  std::string_view body_;
  bool canonical_ = false;
};

}  // namespace sipline::sip

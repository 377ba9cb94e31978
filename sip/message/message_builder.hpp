// Building the messages we send as Message values (RFC 3261 §7): a start line, header fields in
// order, a body. The builder writes the canonical print as it goes and indexes it by position,
// so a built message is never printed as text and parsed back; the transaction layer prints it
// once, by copying those bytes.
//
// Values are ours or the user's (a dial target, a display name): anything that would break the
// framing — a CR, LF or other control character, a bad Request-URI — makes build() fail with
// the field and the position, never a message with an injected header.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <boost/container/small_vector.hpp>

#include "base/result.hpp"
#include "sip/message/core_headers.hpp"
#include "sip/message/header_name.hpp"
#include "sip/message/limits.hpp"
#include "sip/message/message.hpp"
#include "sip/message/method.hpp"

namespace sipline::sip {

// A header field beyond those a builder of ours writes itself: {"Subject", "dtmf"}.
struct ExtraHeader {
  std::string_view name;
  std::string_view value;
};

class MessageBuilder {
 public:
  [[nodiscard]] static MessageBuilder request(Method method, std::string_view request_uri);
  // "" reason: the RFC's phrase for the status ("Unknown" when it has none).
  [[nodiscard]] static MessageBuilder response(int status, std::string_view reason = {});

  // One header field; a known name is written in its full canonical form.
  MessageBuilder& field(HeaderId id, std::string_view value);
  MessageBuilder& field(std::string_view name, std::string_view value);
  // A value written from pieces ("<", uri, ">;tag=", tag) without a temporary string.
  MessageBuilder& field(HeaderId id, std::initializer_list<std::string_view> pieces);
  MessageBuilder& fields(std::span<const ExtraHeader> extra);
  // `field`, one of source.headers(), copied as it stands (a response's Via, From, Call-ID and
  // CSeq): its typed value is taken from `source` rather than parsed again. `source` must
  // outlive build().
  MessageBuilder& copied_field(const Message& source, const HeaderField& field);
  // CSeq: number and method (§8.1.1.5).
  MessageBuilder& cseq(std::uint32_t number, Method method);
  // Content-Type (when the body is not empty) and the body; Content-Length follows from it.
  MessageBuilder& body(std::string_view content_type, std::string_view body);

  [[nodiscard]] Result<Message> build(const Limits& limits = {}) &&;
  // The same from a copy: for a chain of field() calls, which yields an lvalue.
  [[nodiscard]] Result<Message> build(const Limits& limits = {}) const& {
    return MessageBuilder(*this).build(limits);
  }

 private:
  struct Span {
    HeaderId id;
    std::uint32_t name_at;
    std::uint32_t name_size;
    std::uint32_t value_at;
    std::uint32_t value_size;
    CopiedField copied;  // source null: written here
  };

  MessageBuilder() = default;
  void start_field(HeaderId id, std::string_view name);
  void end_field(std::size_t value_at);
  void refuse(std::string_view reason, std::size_t at);  // `reason`: a literal

  std::string text_;  // the canonical print of the start line and the fields so far
  bool is_request_ = true;
  Method method_ = Method::kUnknown;
  std::uint32_t method_size_ = 0;  // the method name at text_[0 …)
  std::uint32_t uri_at_ = 0;       // requests: the Request-URI
  std::uint32_t uri_size_ = 0;
  int status_ = 0;
  std::uint32_t reason_at_ = 0;  // responses: the reason phrase
  std::uint32_t reason_size_ = 0;
  boost::container::small_vector<Span, 24> fields_;
  std::string_view content_type_;
  std::string body_;
  std::optional<Error> error_;  // the first refused piece
};

// The Via value of a request we send (RFC 3261 §8.1.1.7, §18.2.1 rport from RFC 3581):
// "SIP/2.0/UDP host:port;branch=z9hG4bK…;rport".
[[nodiscard]] std::string via_value(std::string_view transport, std::string_view sent_by,
                                    std::string_view branch_suffix);

}  // namespace sipline::sip

// The typed index of a message: the headers every layer reads (Via, From, To, Call-ID, CSeq,
// Max-Forwards, Contact, Content-Type), parsed and validated once per message.
#pragma once

#include <span>
#include <string_view>

#include "base/result.hpp"
#include "sip/message/header_name.hpp"
#include "sip/message/limits.hpp"

namespace sipline::sip {

class Message;

[[nodiscard]] constexpr bool is_core_header(HeaderId id) noexcept {
  switch (id) {
    case HeaderId::kVia:
    case HeaderId::kFrom:
    case HeaderId::kTo:
    case HeaderId::kCallId:
    case HeaderId::kCSeq:
    case HeaderId::kMaxForwards:
    case HeaderId::kContact:
    case HeaderId::kContentType:
      return true;
    default:
      return false;
  }
}

// (Re)builds the typed fields from the message's header fields. Fails on the first malformed
// core header, a duplicated single-valued one (RFC 4475 §3.3.8), or a request whose CSeq
// method differs from its Request-Line (RFC 4475 §3.1.2.17).
// A field of a message being built that was copied as it stands from `source`, a message
// already indexed (MessageBuilder::copied_field): its typed value is moved over from `source`
// instead of parsed again. `value` is the field's value in `source`.
struct CopiedField {
  const Message* source = nullptr;  // null: the field was written, not copied
  std::string_view value;
};

// `copied`: empty, or one entry per header field of `message`.
[[nodiscard]] Result<void> index_core_headers(Message& message, const Limits& limits,
                                              std::span<const CopiedField> copied = {});

}  // namespace sipline::sip

// Message: header lookup, copying and equality.
#include "sip/message/message.hpp"

#include <cstdlib>

#include "base/text.hpp"
#include "sip/message/parser.hpp"
#include "sip/message/printer.hpp"

namespace sipline::sip {

Message::Message(const Message& other) : Message() { *this = other; }

Message& Message::operator=(const Message& other) {
  if (this == &other) {
    return *this;
  }
  if (other.bytes_ == nullptr) {
    *this = Message();
    return *this;
  }
  // Every message the parser accepted prints to text it accepts again; anything else is a bug
  // in this layer, not bad input.
  ParseOptions options;
  options.limits.max_message_bytes = SIZE_MAX;
  options.limits.max_header_fields = SIZE_MAX;
  options.limits.max_field_bytes = SIZE_MAX;
  options.limits.max_vias = SIZE_MAX;
  options.limits.max_contacts = SIZE_MAX;
  auto copy = parse_message(print(other), options);
  if (!copy) {
    std::abort();
  }
  *this = std::move(*copy);
  return *this;
}

std::optional<std::string_view> Message::header(HeaderId id) const noexcept {
  for (const HeaderField& field : headers_) {
    if (field.id == id) {
      return field.value;
    }
  }
  return std::nullopt;
}

std::optional<std::string_view> Message::header(std::string_view name) const noexcept {
  const HeaderId id = header_id(name);
  if (id != HeaderId::kUnknown) {
    return header(id);
  }
  for (const HeaderField& field : headers_) {
    if (field.id == HeaderId::kUnknown && iequals(field.name, name)) {
      return field.value;
    }
  }
  return std::nullopt;
}

std::size_t Message::count(HeaderId id) const noexcept {
  std::size_t n = 0;
  for (const HeaderField& field : headers_) {
    n += field.id == id ? 1 : 0;
  }
  return n;
}

bool operator==(const Message& a, const Message& b) noexcept {
  if (a.is_request_ != b.is_request_ || a.body_ != b.body_ ||
      a.headers_.size() != b.headers_.size()) {
    return false;
  }
  if (a.is_request_ ? (a.method_text_ != b.method_text_ || a.request_uri_ != b.request_uri_)
                    : (a.status_code_ != b.status_code_ || a.reason_phrase_ != b.reason_phrase_)) {
    return false;
  }
  for (std::size_t i = 0; i < a.headers_.size(); ++i) {
    const HeaderField& x = a.headers_[i];
    const HeaderField& y = b.headers_[i];
    if (x.id != y.id || x.value != y.value ||
        (x.id == HeaderId::kUnknown && !iequals(x.name, y.name))) {
      return false;
    }
  }
  return true;
}

}  // namespace sipline::sip

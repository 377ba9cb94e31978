// Message: header lookup, copying and equality.
#include "sip/message/message.hpp"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>

#include "base/text.hpp"
#include "sip/message/core_headers.hpp"
#include "sip/message/parser.hpp"
#include "sip/message/printer.hpp"

namespace sipline::sip {

Message::Message(const Message& other) : Message() { *this = other; }

namespace {

// Limits that never refuse: a copy holds what its source already held.
Limits unlimited() {
  Limits limits;
  limits.max_message_bytes = SIZE_MAX;
  limits.max_header_fields = SIZE_MAX;
  limits.max_field_bytes = SIZE_MAX;
  limits.max_vias = SIZE_MAX;
  limits.max_contacts = SIZE_MAX;
  return limits;
}

}  // namespace

bool Message::copy_views_from(const Message& other) {
  bytes_ = std::make_unique_for_overwrite<char[]>(other.size_);
  size_ = other.size_;
  std::memcpy(bytes_.get(), other.bytes_.get(), size_);
  const char* from = other.bytes_.get();
  const char* to = bytes_.get();
  bool inside = true;
  const auto moved = [&](std::string_view view) -> std::string_view {
    if (view.data() == nullptr) {
      return {};
    }
    // std::less: a total order even for pointers into unrelated objects.
    const std::less<const char*> before;
    if (before(view.data(), from) || before(from + size_, view.data() + view.size())) {
      inside = false;
      return {};
    }
    return {to + (view.data() - from), view.size()};
  };
  is_request_ = other.is_request_;
  method_ = other.method_;
  method_text_ = moved(other.method_text_);
  status_code_ = other.status_code_;
  reason_phrase_ = moved(other.reason_phrase_);
  headers_.clear();
  for (const HeaderField& field : other.headers_) {
    headers_.push_back({field.id, moved(field.name), moved(field.value)});
  }
  body_ = moved(other.body_);
  canonical_ = other.canonical_;
  if (is_request_ && !parse_uri_into(moved(other.request_uri_.text), request_uri_)) {
    return false;
  }
  // The typed headers are views too: indexed again from the moved fields.
  return inside && index_core_headers(*this, unlimited());
}

Message& Message::operator=(const Message& other) {
  if (this == &other) {
    return *this;
  }
  if (other.bytes_ == nullptr) {
    *this = Message();
    return *this;
  }
  Message copy;
  if (copy.copy_views_from(other)) {
    *this = std::move(copy);
    return *this;
  }
  // Every message the parser accepted prints to text it accepts again; anything else is a bug
  // in this layer, not bad input.
  ParseOptions options;
  options.limits = unlimited();
  auto parsed = parse_message(print(other), options);
  if (!parsed) {
    std::abort();
  }
  *this = std::move(*parsed);
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

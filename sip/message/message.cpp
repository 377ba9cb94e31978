// Message: header lookup, copying and equality.
#include "sip/message/message.hpp"

#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "base/text.hpp"
#include "sip/message/parser.hpp"
#include "sip/message/printer.hpp"
#include "sip/message/view_mover.hpp"

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

#if UINTPTR_MAX == UINT64_MAX
static_assert(sizeof(Message) == 2800, "a new Message member: copy (and move its views) below");
#endif

bool Message::copy_views_from(const Message& other) {
  bytes_ = std::make_unique_for_overwrite<char[]>(other.size_);
  size_ = other.size_;
  if (size_ != 0) {
    std::memcpy(bytes_.get(), other.bytes_.get(), size_);
  }
  // Every view, the typed headers' too, moves to the same offset in the new bytes: nothing is
  // parsed again (a copy of an INVITE is kept by each call).
  ViewMover mover(other.bytes_.get(), size_, bytes_.get());
  const auto take = [&mover](auto& mine, const auto& theirs) {
    mine = theirs;
    mover.move(mine);
  };
  is_request_ = other.is_request_;
  method_ = other.method_;
  take(method_text_, other.method_text_);
  take(request_uri_, other.request_uri_);
  status_code_ = other.status_code_;
  take(reason_phrase_, other.reason_phrase_);
  take(headers_, other.headers_);
  take(vias_, other.vias_);
  take(from_, other.from_);
  take(to_, other.to_);
  take(call_id_, other.call_id_);
  take(cseq_, other.cseq_);
  max_forwards_ = other.max_forwards_;
  take(contacts_, other.contacts_);
  contact_star_ = other.contact_star_;
  take(content_type_, other.content_type_);
  take(body_, other.body_);
  canonical_ = other.canonical_;
  return mover.ok();
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

// The message builder.
#include "sip/message/message_builder.hpp"

#include <cstdint>
#include <cstring>
#include <memory>

#include "base/text.hpp"
#include "sip/message/char_class.hpp"
#include "sip/message/core_headers.hpp"
#include "sip/message/parser.hpp"
#include "sip/message/reason_phrase.hpp"

namespace sipline::sip {
namespace {

// Whether any of eight bytes may be a control character: a byte below 0x20 (the tab too) or
// 0x7F always sets its high bit here, so a word that sets none holds none (a borrow only
// follows a byte already found). Eight bytes a step instead of one: every header value of
// every message sent passes here.
bool may_hold_control(std::uint64_t word) noexcept {
  constexpr std::uint64_t kOnes = 0x0101010101010101U;
  constexpr std::uint64_t kHighs = 0x8080808080808080U;
  const std::uint64_t below_space = (word - kOnes * 0x20U) & ~word & kHighs;
  const std::uint64_t del = word ^ (kOnes * 0x7FU);
  return (below_space | ((del - kOnes) & ~del & kHighs)) != 0;
}

bool may_hold_control(std::string_view value) noexcept {
  std::size_t i = 0;
  for (; i + 8 <= value.size(); i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, value.data() + i, 8);
    if (may_hold_control(word)) {
      return true;
    }
  }
  for (; i < value.size(); ++i) {
    const auto byte = static_cast<unsigned char>(value[i]);
    if (byte < 0x20 || byte == 0x7F) {
      return true;
    }
  }
  return false;
}

// A header value may hold no CR or LF anywhere (they would end the field and let the rest
// become a header of its own); other control characters only as quoted pairs inside a quoted
// string (RFC 3261 §25.1), the rule the parser applies. The position of the first offender.
std::optional<std::size_t> bad_value_char(std::string_view value) {
  if (!may_hold_control(value)) {
    return std::nullopt;  // nearly every value: no CR, LF or other control character at all
  }
  bool quoted = false;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto byte = static_cast<unsigned char>(value[i]);
    if (byte == '\r' || byte == '\n') {
      return i;
    }
    if (byte == '"') {
      quoted = !quoted;
    } else if (byte == '\\' && quoted && i + 1 < value.size()) {
      const char next = value[i + 1];
      if (next == '\r' || next == '\n') {
        return i + 1;
      }
      ++i;
    } else if ((byte < 0x20 && byte != '\t') || byte == 0x7F) {
      return i;
    }
  }
  return std::nullopt;
}

}  // namespace

MessageBuilder MessageBuilder::request(Method method, std::string_view request_uri) {
  MessageBuilder builder;
  const std::string_view name = to_string(method);
  if (method == Method::kUnknown || name.empty()) {
    builder.refuse("no method to build a request with", 0);
  }
  builder.method_ = method;
  builder.text_.reserve(512);
  builder.text_.append(name);
  builder.method_size_ = static_cast<std::uint32_t>(name.size());
  builder.text_.push_back(' ');
  builder.uri_at_ = static_cast<std::uint32_t>(builder.text_.size());
  builder.text_.append(request_uri);
  builder.uri_size_ = static_cast<std::uint32_t>(request_uri.size());
  builder.text_.append(" SIP/2.0\r\n");
  return builder;
}

MessageBuilder MessageBuilder::response(int status, std::string_view reason) {
  MessageBuilder builder;
  builder.is_request_ = false;
  if (status < 100 || status > 699) {
    builder.refuse("status outside 100–699", 0);
    status = 500;
  }
  if (reason.empty()) {
    reason = default_reason(status);
  }
  if (reason.empty()) {
    reason = "Unknown";
  }
  builder.status_ = status;
  builder.text_.reserve(512);
  builder.text_.append("SIP/2.0 ");
  append_decimal(builder.text_, static_cast<std::uint64_t>(status));
  builder.text_.push_back(' ');
  builder.reason_at_ = static_cast<std::uint32_t>(builder.text_.size());
  builder.text_.append(reason);
  builder.reason_size_ = static_cast<std::uint32_t>(reason.size());
  builder.text_.append("\r\n");
  for (const char c : reason) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\t') || byte == 0x7F) {
      builder.refuse("control character in the reason phrase", builder.reason_at_);
      break;
    }
  }
  return builder;
}

void MessageBuilder::refuse(std::string_view reason, std::size_t at) {
  if (!error_) {
    error_ = Error{Errc::kInvalidArgument, reason, static_cast<std::uint32_t>(at)};
  }
}

void MessageBuilder::start_field(HeaderId id, std::string_view name) {
  fields_.push_back({id,
                     static_cast<std::uint32_t>(text_.size()),
                     static_cast<std::uint32_t>(name.size()),
                     0,
                     0,
                     {}});
  text_.append(name);
  text_.append(": ");
  fields_.back().value_at = static_cast<std::uint32_t>(text_.size());
}

void MessageBuilder::end_field(std::size_t value_at) {
  Span& span = fields_.back();
  span.value_size = static_cast<std::uint32_t>(text_.size() - value_at);
  const std::string_view value(text_.data() + value_at, span.value_size);
  // The parser trims blanks around a value: a value with them would not print the same.
  if (!value.empty() && (is_wsp(value.front()) || is_wsp(value.back()))) {
    refuse("blank around a header value", value_at);
  } else if (const auto bad = bad_value_char(value)) {
    refuse("control character in a header value", value_at + *bad);
  }
  text_.append("\r\n");
}

MessageBuilder& MessageBuilder::field(HeaderId id, std::string_view value) {
  return field(id, {value});
}

MessageBuilder& MessageBuilder::field(HeaderId id, std::initializer_list<std::string_view> pieces) {
  if (id == HeaderId::kUnknown || id == HeaderId::kContentLength) {
    refuse(id == HeaderId::kUnknown ? "a header without a name" : "Content-Length is computed",
           text_.size());
    return *this;
  }
  start_field(id, canonical_name(id));
  const std::size_t value_at = text_.size();
  for (const std::string_view piece : pieces) {
    text_.append(piece);
  }
  end_field(value_at);
  return *this;
}

MessageBuilder& MessageBuilder::field(std::string_view name, std::string_view value) {
  const HeaderId id = header_id(name);
  if (id != HeaderId::kUnknown) {
    return field(id, value);
  }
  if (!is_token(name)) {
    refuse("bad header name", text_.size());
    return *this;
  }
  start_field(HeaderId::kUnknown, name);
  const std::size_t value_at = text_.size();
  text_.append(value);
  end_field(value_at);
  return *this;
}

MessageBuilder& MessageBuilder::copied_field(const Message& source, const HeaderField& field) {
  if (field.id == HeaderId::kUnknown) {
    return this->field(field.name, field.value);
  }
  const std::size_t count = fields_.size();
  this->field(field.id, field.value);  // checked as any value: a parsed one passes
  if (fields_.size() > count) {
    fields_.back().copied = {&source, field.value};
  }
  return *this;
}

MessageBuilder& MessageBuilder::fields(std::span<const ExtraHeader> extra) {
  for (const ExtraHeader& header : extra) {
    field(header.name, header.value);
  }
  return *this;
}

MessageBuilder& MessageBuilder::cseq(std::uint32_t number, Method method) {
  std::string value;
  append_decimal(value, number);
  value.push_back(' ');
  value.append(to_string(method));
  return field(HeaderId::kCSeq, value);
}

MessageBuilder& MessageBuilder::body(std::string_view content_type, std::string_view body) {
  if (!body.empty()) {
    field(HeaderId::kContentType, content_type);
  }
  body_.assign(body);
  return *this;
}

Result<Message> MessageBuilder::build(const Limits& limits) && {
  if (error_) {
    return std::unexpected(*error_);
  }
  if (fields_.size() > limits.max_header_fields) {
    return fail(Errc::kTooLarge, "too many header fields", text_.size());
  }
  text_.append("Content-Length: ");
  append_decimal(text_, body_.size());
  text_.append("\r\n\r\n");
  const std::size_t body_at = text_.size();
  text_.append(body_);
  if (text_.size() > limits.max_message_bytes) {
    return fail(Errc::kTooLarge, kReasonMessageTooLarge, limits.max_message_bytes);
  }
  // Built in place, as the parser does: a Message is a few kilobytes of inline storage.
  Result<Message> result(std::in_place);
  Message& message = *result;
  message.bytes_ = std::make_unique_for_overwrite<char[]>(text_.size());
  message.size_ = text_.size();
  std::memcpy(message.bytes_.get(), text_.data(), text_.size());
  const char* base = message.bytes_.get();
  const auto at = [base](std::size_t offset, std::size_t size) {
    return std::string_view(base + offset, size);
  };
  message.is_request_ = is_request_;
  if (is_request_) {
    message.method_ = method_;
    message.method_text_ = at(0, method_size_);
    if (auto uri = parse_uri_into(at(uri_at_, uri_size_), message.request_uri_);
        !uri || (message.request_uri_.is_sip() && !message.request_uri_.headers.empty())) {
      result = fail(Errc::kInvalidArgument, "bad Request-URI", uri_at_);
      return result;
    }
  } else {
    message.status_code_ = status_;
    message.reason_phrase_ = at(reason_at_, reason_size_);
  }
  boost::container::small_vector<CopiedField, 24> copied;
  for (const Span& span : fields_) {
    message.headers_.push_back(
        {span.id, at(span.name_at, span.name_size), at(span.value_at, span.value_size)});
    copied.push_back(span.copied);
  }
  message.body_ = at(body_at, body_.size());
  message.canonical_ = true;
  if (auto indexed = index_core_headers(message, limits, {copied.data(), copied.size()});
      !indexed) {
    result = std::unexpected(indexed.error());
  }
  return result;  // one object on every path, so it is returned without a copy
}

std::string via_value(std::string_view transport, std::string_view sent_by,
                      std::string_view branch_suffix) {
  std::string out;
  out.reserve(48 + sent_by.size() + branch_suffix.size());
  out.append("SIP/2.0/");
  out.append(transport);
  out.push_back(' ');
  out.append(sent_by);
  out.append(";branch=z9hG4bK");
  out.append(branch_suffix);
  out.append(";rport");
  return out;
}

}  // namespace sipline::sip

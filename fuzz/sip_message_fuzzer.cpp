// Fuzzes the SIP message parser: whatever it accepts must print to text that parses to an
// equal message and prints the same again (the round-trip property), copy to an equal message
// with the same typed headers, and survive every on-demand typed-header parser.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "fuzz/check.hpp"
#include "sip/message/auth_headers.hpp"
#include "sip/message/dialog_headers.hpp"
#include "sip/message/list_headers.hpp"
#include "sip/message/parser.hpp"
#include "sip/message/printer.hpp"
#include "sip/message/status_headers.hpp"

namespace {

using sipline::fuzz::check;

// Every typed parser on every value: none may crash, whatever the header.
void read_typed_headers(const sipline::sip::Message& message) {
  using namespace sipline::sip;
  for (const HeaderField& field : message.headers()) {
    const std::string_view value = field.value;
    (void)parse_token_list(value);
    (void)parse_address_list(value, AddressForm::kAny);
    (void)parse_address_list(value, AddressForm::kBracketedOnly);
    (void)parse_uri_info_list(value);
    (void)parse_accept(value);
    if (const auto auth = parse_auth_header(value)) {
      for (const auto& param : auth->params) {
        (void)auth->param(param.name);
      }
    }
    (void)parse_event(value);
    (void)parse_subscription_state(value);
    (void)parse_replaces(value);
    (void)parse_session_expires(value);
    (void)parse_min_se(value);
    (void)parse_rack(value);
    (void)parse_retry_after(value);
    (void)parse_warnings(value);
    (void)parse_reasons(value);
    (void)parse_delta_seconds(value);
  }
  for (const NameAddr& contact : message.contacts()) {
    (void)contact.display_name_decoded();
    (void)contact.uri.user_decoded();
  }
}

// The typed headers of a copy read the same as the source's. The copy checked is a copy of a
// copy whose middle one is gone: a view left pointing into it is a use after free under ASan.
void check_copy(const sipline::sip::Message& message) {
  using namespace sipline::sip;
  auto middle = std::make_unique<Message>(message);
  const Message copy = *middle;
  middle.reset();
  check(copy == message);
  const auto same_uri = [](const Uri& a, const Uri& b) {
    check(a.text == b.text && a.scheme_name == b.scheme_name && a.user == b.user &&
          a.password == b.password && a.host == b.host && a.params == b.params &&
          a.headers == b.headers);
  };
  const auto same_address = [&](const NameAddr& a, const NameAddr& b) {
    same_uri(a.uri, b.uri);
    check(a.text == b.text && a.display_name == b.display_name && a.params == b.params &&
          a.tag == b.tag && a.q == b.q && a.expires == b.expires);
  };
  if (message.is_request()) {
    same_uri(copy.request_uri(), message.request_uri());
  }
  check(copy.vias().size() == message.vias().size());
  for (std::size_t i = 0; i < copy.vias().size(); ++i) {
    const Via& a = copy.vias()[i];
    const Via& b = message.vias()[i];
    check(a.text == b.text && a.protocol_name == b.protocol_name &&
          a.protocol_version == b.protocol_version && a.transport == b.transport &&
          a.sent_by == b.sent_by && a.params == b.params && a.branch == b.branch &&
          a.received == b.received && a.maddr == b.maddr && a.rport == b.rport && a.ttl == b.ttl);
  }
  check((copy.from() != nullptr) == (message.from() != nullptr));
  if (copy.from() != nullptr) {
    same_address(*copy.from(), *message.from());
  }
  check((copy.to() != nullptr) == (message.to() != nullptr));
  if (copy.to() != nullptr) {
    same_address(*copy.to(), *message.to());
  }
  check(copy.contacts().size() == message.contacts().size());
  for (std::size_t i = 0; i < copy.contacts().size(); ++i) {
    same_address(copy.contacts()[i], message.contacts()[i]);
  }
  check(copy.call_id() == message.call_id());
  check((copy.cseq() == nullptr) == (message.cseq() == nullptr));
  if (copy.cseq() != nullptr) {
    check(*copy.cseq() == *message.cseq());
  }
  check((copy.content_type() == nullptr) == (message.content_type() == nullptr));
  if (copy.content_type() != nullptr) {
    const MediaType& a = *copy.content_type();
    const MediaType& b = *message.content_type();
    check(a.type == b.type && a.subtype == b.subtype && a.params == b.params);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sipline::sip;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (const bool stream : {false, true}) {
    ParseOptions options;
    options.stream = stream;
    const auto message = parse_message(bytes, options);
    if (!message) {
      check(message.error().offset <= size);
      continue;
    }
    const std::string printed = print(*message);
    const auto reparsed = parse_message(printed, options);
    check(reparsed.has_value());
    check(*reparsed == *message);
    check(print(*reparsed) == printed);
    check_copy(*message);
    read_typed_headers(*message);
  }
  return 0;
}

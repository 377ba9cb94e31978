// Fuzzes the SIP message parser: whatever it accepts must print to text that parses to an
// equal message and prints the same again (the round-trip property), copy to an equal message,
// and survive every on-demand typed-header parser.
#include <cstddef>
#include <cstdint>
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
    const Message copy = *message;
    check(copy == *message);
    read_typed_headers(*message);
  }
  return 0;
}

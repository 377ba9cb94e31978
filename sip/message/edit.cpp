// Message edits by print and re-parse.
#include "sip/message/edit.hpp"

#include <string>

#include "sip/message/parser.hpp"
#include "sip/message/printer.hpp"

namespace sipline::sip {

Result<Message> with_field_value(const Message& message, std::size_t index,
                                 std::string_view value) {
  if (index >= message.headers().size()) {
    return fail(Errc::kInvalidArgument, "no such header field", 0);
  }
  if (value.find_first_of("\r\n") != std::string_view::npos) {
    return fail(Errc::kInvalidArgument, "line break in a header value", 0);
  }
  std::string text;
  print_to(message, text, index, value);
  return parse_message(text);
}

}  // namespace sipline::sip

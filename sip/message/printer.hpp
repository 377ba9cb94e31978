// Printing a message in canonical form: the start line rebuilt from its parts, each header field
// on one line as "Name: value" (full names for the headers the stack knows), Content-Length
// computed from the body, CRLF line ends. parse(print(m)) == m for every parsed message.
#pragma once

#include <string>

#include "sip/message/message.hpp"

namespace sipline::sip {

// Appends the canonical form of `message` to `out`.
void print_to(const Message& message, std::string& out);

// The same, with header field `index` printed as `value` instead (see edit.hpp).
void print_to(const Message& message, std::string& out, std::size_t index, std::string_view value);

[[nodiscard]] std::string print(const Message& message);

}  // namespace sipline::sip

// Editing a message: a Message's views point into bytes it owns, so an edit prints the message
// with the change and parses the result. A few microseconds; used off the hot path (a Via
// stamped on arrival, a header the user agent rewrites).
#pragma once

#include <cstddef>
#include <string_view>

#include "base/result.hpp"
#include "sip/message/message.hpp"

namespace sipline::sip {

// The same message with header field `index` (as in headers()) holding `value`. Fails if the
// new value makes the message invalid (e.g. a bad Via).
[[nodiscard]] Result<Message> with_field_value(const Message& message, std::size_t index,
                                               std::string_view value);

}  // namespace sipline::sip

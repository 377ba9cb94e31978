// SIP messages lifted from RFC text (RFC 3261 §24, RFC 3665 flows) for round-trip tests.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sipline::test {

struct RfcMessage {
  std::string label;  // "F3 INVITE atlanta.com proxy -> biloxi.com proxy"
  std::string bytes;  // CRLF line ends, Content-Length set to the body actually present
};

// The lines of an RFC with page footers and headers (and the blank lines around them) removed.
[[nodiscard]] std::vector<std::string> rfc_lines_without_page_breaks(std::string_view rfc_text);

// Finds every message that follows a flow label ("F<n> ...") in an RFC: page breaks are
// removed, the indentation of the start line is stripped from every line, and Content-Length
// is recomputed, since RFC text does not keep body bytes exact.
[[nodiscard]] std::vector<RfcMessage> extract_rfc_messages(std::string_view rfc_text);

}  // namespace sipline::test

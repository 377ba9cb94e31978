// A request too large for UDP, with its top Via moved to TCP.
#include "sip/transaction/oversize_request.hpp"

#include <string>
#include <string_view>

#include "base/text.hpp"
#include "sip/message/parser.hpp"
#include "sip/message/printer.hpp"

namespace sipline::sip {
namespace {

// Where "UDP" stands in the first Via field ("Via:" or compact "v:") of the header section of
// `text`; npos when there is none.
std::size_t top_via_udp(std::string_view text) {
  const std::size_t header_end = text.find("\r\n\r\n");
  std::size_t line = text.find("\r\n");  // past the start line
  while (line != std::string_view::npos && line < header_end) {
    line += 2;
    const std::size_t end = text.find("\r\n", line);
    const std::string_view field = text.substr(line, end - line);
    const std::size_t colon = field.find(':');
    std::string_view name = field.substr(0, colon);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) {
      name.remove_suffix(1);
    }
    if (colon != std::string_view::npos && (iequals(name, "Via") || iequals(name, "v"))) {
      // "SIP / 2.0 / UDP host…" (§25.1 sent-protocol, LWS around the slashes): the transport
      // follows the second slash.
      const std::size_t first = field.find('/', colon);
      const std::size_t second =
          first == std::string_view::npos ? first : field.find('/', first + 1);
      if (second != std::string_view::npos) {
        std::size_t start = second + 1;
        while (start < field.size() && (field[start] == ' ' || field[start] == '\t')) {
          ++start;
        }
        if (iequals(field.substr(start, 3), "UDP")) {
          return line + start;
        }
      }
      return std::string_view::npos;  // the top Via is not UDP's
    }
    line = end;
  }
  return std::string_view::npos;
}

}  // namespace

std::optional<Message> moved_to_tcp(const Message& request, std::size_t limit) {
  const auto canonical = request.canonical_text();
  std::string text = canonical ? std::string() : print(request);
  if ((canonical ? canonical->size() : text.size()) <= limit) {
    return std::nullopt;
  }
  if (canonical) {
    text = std::string(*canonical);
  }
  const std::size_t udp = top_via_udp(text);
  if (udp == std::string::npos) {
    return std::nullopt;
  }
  text.replace(udp, 3, "TCP");
  auto moved = parse_message(text);
  if (!moved) {
    return std::nullopt;
  }
  return std::move(*moved);
}

}  // namespace sipline::sip

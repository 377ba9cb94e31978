// The offer/answer examples of RFC 4317, read from the RFC text in ../shared/rfc.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sipline::test {

struct OfferAnswerExample {
  std::string section;  // "2.1"
  std::string title;    // "Audio and Video 1"
  std::string offer;    // CRLF line ends
  std::string answer;
  std::string second_offer;  // "" when the example has one exchange
  std::string second_answer;
};

// Every example section of the RFC (2.1 … 5.3), each with its SDP blocks.
[[nodiscard]] std::vector<OfferAnswerExample> rfc4317_examples();

}  // namespace sipline::test

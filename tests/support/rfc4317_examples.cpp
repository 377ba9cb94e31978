// Extraction of the RFC 4317 examples.
#include "tests/support/rfc4317_examples.hpp"

#include <regex>

#include "tests/support/rfc_messages.hpp"
#include "tests/support/shared_files.hpp"

namespace sipline::test {

std::vector<OfferAnswerExample> rfc4317_examples() {
  static const std::regex kSection(R"(^(\d+\.\d+)\.\s+(.*\S)\s*$)");
  static const std::regex kBlock(R"(^\s*\[(Offer|Answer|Second-Offer|Second-Answer)\]\s*$)");
  static const std::regex kSdpLine(R"(^\s+([a-z]=.*)$)");
  const auto lines = rfc_lines_without_page_breaks(read_file(shared_dir() / "rfc" / "rfc4317.txt"));
  std::vector<OfferAnswerExample> examples;
  std::string* block = nullptr;
  for (const std::string& line : lines) {
    std::smatch match;
    if (std::regex_match(line, match, kSection)) {
      examples.push_back({match[1].str(), match[2].str(), {}, {}, {}, {}});
      block = nullptr;
    } else if (!examples.empty() && std::regex_match(line, match, kBlock)) {
      OfferAnswerExample& example = examples.back();
      const std::string kind = match[1].str();
      block = kind == "Offer"          ? &example.offer
              : kind == "Answer"       ? &example.answer
              : kind == "Second-Offer" ? &example.second_offer
                                       : &example.second_answer;
    } else if (block != nullptr && std::regex_match(line, match, kSdpLine)) {
      *block += match[1].str() + "\r\n";
    }
  }
  std::erase_if(examples, [](const OfferAnswerExample& e) { return e.offer.empty(); });
  return examples;
}

}  // namespace sipline::test

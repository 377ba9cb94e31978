// Extraction of example messages from RFC text.
#include "tests/support/rfc_messages.hpp"

#include <regex>

namespace sipline::test {
namespace {

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = text.find('\n', start);
    std::string line(text.substr(start, end == std::string_view::npos ? text.npos : end - start));
    std::erase(line, '\f');
    std::erase(line, '\r');
    lines.push_back(std::move(line));
    if (end == std::string_view::npos) {
      break;
    }
    start = end + 1;
  }
  return lines;
}

bool blank(const std::string& line) { return line.find_first_not_of(' ') == std::string::npos; }

std::size_t indent_of(const std::string& line) {
  const std::size_t first = line.find_first_not_of(' ');
  return first == std::string::npos ? line.size() : first;
}

// Drops each page footer ("... [Page N]") and the following page header ("RFC NNNN ...")
// together with the blank lines around them.
std::vector<std::string> remove_page_breaks(const std::vector<std::string>& lines) {
  static const std::regex kFooter(R"(.*\[Page \d+\]\s*$)");
  static const std::regex kHeader(R"(^RFC \d+ .*)");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!std::regex_match(lines[i], kFooter)) {
      out.push_back(lines[i]);
      continue;
    }
    while (!out.empty() && blank(out.back())) {
      out.pop_back();
    }
    std::size_t j = i + 1;
    while (j < lines.size() && blank(lines[j])) {
      ++j;
    }
    if (j < lines.size() && std::regex_match(lines[j], kHeader)) {
      ++j;
    }
    while (j < lines.size() && blank(lines[j])) {
      ++j;
    }
    // Keep one blank line only when the text on both sides was separated by one anyway:
    // a message split across pages continues directly.
    i = j - 1;
  }
  return out;
}

std::string assemble(const std::vector<std::string>& lines, std::size_t indent) {
  std::string headers;
  std::string body;
  bool in_body = false;
  for (const std::string& raw : lines) {
    const std::string line = raw.size() >= indent ? raw.substr(indent) : std::string();
    if (!in_body && line.empty()) {
      in_body = true;
      continue;
    }
    (in_body ? body : headers) += line + "\r\n";
  }
  static const std::regex kContentLength(R"((^|\r\n)(Content-Length|l)[ \t]*:[ \t]*\d+)",
                                         std::regex::icase);
  headers = std::regex_replace(headers, kContentLength,
                               "$1Content-Length: " + std::to_string(body.size()));
  return headers + "\r\n" + body;
}

}  // namespace

std::vector<std::string> rfc_lines_without_page_breaks(std::string_view rfc_text) {
  return remove_page_breaks(split_lines(rfc_text));
}

std::vector<RfcMessage> extract_rfc_messages(std::string_view rfc_text) {
  static const std::regex kLabel(R"(^\s*(F\d+ .*\S)\s*$)");
  static const std::regex kStartLine(R"(^ *(SIP/2\.0 +\d{3}( .*)?|[A-Z]+ \S+ SIP/2\.0)$)");
  static const std::regex kHeaderLine(R"(^([A-Za-z0-9!%*_+`'~.-]+ *:.*|[ \t].*)$)");
  static const std::regex kBodyLine(R"(^([a-z]=.*|\(.*\))$)");
  const std::vector<std::string> lines = rfc_lines_without_page_breaks(rfc_text);
  std::vector<RfcMessage> messages;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::smatch label;
    if (!std::regex_match(lines[i], label, kLabel)) {
      continue;
    }
    std::size_t j = i + 1;
    while (j < lines.size() && blank(lines[j])) {
      ++j;
    }
    if (j >= lines.size() || !std::regex_match(lines[j], kStartLine)) {
      continue;
    }
    const std::size_t indent = indent_of(lines[j]);
    std::vector<std::string> body{lines[j]};
    bool in_body = false;
    for (++j; j < lines.size(); ++j) {
      const std::string& line = lines[j];
      // A label, text left of the message, or text after a blank line at another
      // indentation (prose around a message set flush left) ends the message.
      // So does a line that is neither a header field, a continuation nor body text: the
      // comments and prose that follow a message across a page break.
      const bool after_blank = blank(body.back());
      in_body = in_body || after_blank;
      if (std::regex_match(line, kLabel) ||
          (!blank(line) &&
           (indent_of(line) < indent || (after_blank && indent_of(line) != indent) ||
            !std::regex_match(line.substr(indent), in_body ? kBodyLine : kHeaderLine)))) {
        break;
      }
      body.push_back(line);
    }
    while (!body.empty() && blank(body.back())) {
      body.pop_back();
    }
    messages.push_back({label[1].str(), assemble(body, indent)});
    i = j - 1;
  }
  return messages;
}

}  // namespace sipline::test

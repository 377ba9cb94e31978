// The lexical layer of JSON (RFC 8259) over one line: blanks, punctuation, literal words,
// numbers kept as written, and strings decoded — escapes, surrogate pairs, UTF-8 checked. A
// cursor, not a parser: which value may come where is the caller's grammar (control_request).
// It never throws: a read that fails records a reason and a byte position and returns false,
// and the caller stops there. Every read consumes at least one byte or stops at a limit, so
// the work is linear in the line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sipline::app {

struct JsonLimits {
  std::size_t max_string = 0;  // bytes, once decoded
  std::size_t max_number = 0;  // characters, as written
};

struct JsonError {
  std::string reason;        // "unterminated string"
  std::size_t position = 0;  // byte offset in the line, at most its length
};

class JsonLexer {
 public:
  JsonLexer(std::string_view line, JsonLimits limits) : line_(line), limits_(limits) {}

  [[nodiscard]] std::size_t position() const { return at_; }
  [[nodiscard]] bool at_end() const { return at_ >= line_.size(); }
  [[nodiscard]] bool next_is(char c) const { return at_ < line_.size() && line_[at_] == c; }
  [[nodiscard]] bool next_is_digit() const;

  // Consumes `c`, or `word` ("true"), when it comes next.
  bool skip(char c);
  bool skip_word(std::string_view word);

  // RFC 8259 §2 also allows LF between tokens; a request is one line, so a line that holds one
  // is not a request, and the framing and the reader agree on where requests end.
  void skip_blanks();

  // RFC 8259 §7, the opening quote next: the string decoded into `out` (replacing it).
  [[nodiscard]] bool string(std::string& out);

  // RFC 8259 §6, a '-' or a digit next: the number's text as written into `out`.
  [[nodiscard]] bool number(std::string& out);

  // Records why the line is refused and where (clamped to the line); false, for `return`.
  bool refuse(std::string reason, std::size_t position);
  [[nodiscard]] const JsonError& error() const { return error_; }

 private:
  bool escape(std::string& out);
  bool unicode_escape(std::string& out, std::size_t start);
  bool hex4(char32_t& value);
  bool digits();

  std::string_view line_;
  JsonLimits limits_;
  std::size_t at_ = 0;
  JsonError error_;
};

}  // namespace sipline::app

// Parameter lists: URI parameters (";transport=tcp;lr") and header parameters
// (" ; tag = 98asjd8 ; q=0.5"), kept as the validated text and read on demand.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "base/result.hpp"
#include "sip/message/char_class.hpp"
#include "sip/message/scanner.hpp"

namespace sipline::sip {

struct Param {
  std::string_view name;
  std::string_view value;  // as written; quoted values keep their quotes
  bool has_value = false;
};

// A view of validated parameter text, starting at its first ';' (or empty). Iteration
// re-scans the text: lists are short and most are never read.
class ParamList {
 public:
  class Iterator {
   public:
    using value_type = Param;
    using difference_type = std::ptrdiff_t;
    Iterator() = default;
    Iterator(std::string_view text, std::size_t pos) : text_(text), pos_(pos) { load(); }
    const Param& operator*() const { return current_; }
    const Param* operator->() const { return &current_; }
    Iterator& operator++() {
      pos_ = next_;
      load();
      return *this;
    }
    Iterator operator++(int) {
      Iterator before = *this;
      ++*this;
      return before;
    }
    friend bool operator==(const Iterator& a, const Iterator& b) { return a.pos_ == b.pos_; }

   private:
    void load();
    std::string_view text_;
    std::size_t pos_ = 0;
    std::size_t next_ = 0;
    Param current_;
  };

  constexpr ParamList() = default;
  explicit constexpr ParamList(std::string_view text) : text_(text) {}

  [[nodiscard]] std::string_view text() const noexcept { return text_; }
  [[nodiscard]] bool empty() const noexcept { return text_.empty(); }
  [[nodiscard]] Iterator begin() const { return {text_, 0}; }
  [[nodiscard]] Iterator end() const { return {text_, text_.size()}; }

  // The first parameter named `name` (case-insensitive): its value, "" when it has none.
  [[nodiscard]] std::optional<std::string_view> find(std::string_view name) const;
  [[nodiscard]] bool contains(std::string_view name) const { return find(name).has_value(); }
  [[nodiscard]] std::size_t size() const;

  friend bool operator==(const ParamList& a, const ParamList& b) { return a.text_ == b.text_; }

 private:
  std::string_view text_;
};

// Characters of an unquoted gen-value: token, or host (IPv6 brackets and colons included).
[[nodiscard]] constexpr bool is_gen_value_char(char c) noexcept {
  return is(c, chars::kToken) || c == ':' || c == '[' || c == ']';
}

// Header parameters: *( SEMI generic-param ), generic-param = token [ EQUAL gen-value ],
// gen-value = token / host / quoted-string (RFC 3261 §25.1). Consumes from the scanner and
// returns the text from the first ';' to the end of the last parameter. `visit(param)` sees each
// parameter as it is scanned and may refuse it: its error is reported at the parameter.
template <class Visitor>
[[nodiscard]] Result<ParamList> scan_header_params(Scanner& scanner, Visitor&& visit) {
  const std::size_t before = scanner.pos();
  scanner.skip_sws();
  const std::size_t start = scanner.pos();
  std::size_t end = before;
  while (scanner.separator(';')) {
    const std::size_t param_start = scanner.pos();
    Param param{scanner.token(), {}, false};
    if (param.name.empty()) {
      return scanner.error("empty parameter name");
    }
    end = scanner.pos();
    if (scanner.separator('=')) {
      const std::size_t value_start = scanner.pos();
      if (scanner.peek() == '"') {
        const auto quoted = scanner.quoted_string();
        if (!quoted) {
          return std::unexpected(quoted.error());
        }
      } else {
        while (!scanner.at_end() && is_gen_value_char(scanner.peek())) {
          scanner.advance();
        }
        if (scanner.pos() == value_start) {
          return scanner.error("empty parameter value");
        }
      }
      param.value = scanner.slice(value_start);
      param.has_value = true;
      end = scanner.pos();
    }
    if (Result<void> accepted = visit(param); !accepted) {
      return fail(accepted.error().code, accepted.error().reason, param_start);
    }
  }
  // Leave trailing white space for the caller; the list ends at its last parameter.
  scanner.reset(end);
  if (end == before) {
    return ParamList{};
  }
  return ParamList{scanner.text().substr(start, end - start)};
}

[[nodiscard]] inline Result<ParamList> scan_header_params(Scanner& scanner) {
  return scan_header_params(scanner, [](const Param&) -> Result<void> { return {}; });
}

// URI parameters a URI may carry; more is hostile, not a real URI.
inline constexpr std::size_t kMaxUriParams = 32;

// URI parameters: *( ";" pname [ "=" pvalue ] ) with paramchar or escapes, no white space, no
// name twice (%-escapes decoded, case ignored), at most kMaxUriParams.
[[nodiscard]] Result<ParamList> scan_uri_params(Scanner& scanner);

}  // namespace sipline::sip

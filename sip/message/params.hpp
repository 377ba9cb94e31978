// Parameter lists: URI parameters (";transport=tcp;lr") and header parameters
// (" ; tag = 98asjd8 ; q=0.5"), kept as the validated text and read on demand.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "base/result.hpp"
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

// Header parameters: *( SEMI generic-param ), generic-param = token [ EQUAL gen-value ],
// gen-value = token / host / quoted-string (RFC 3261 §25.1). Consumes from the scanner and
// returns the text from the first ';' to the end of the last parameter.
[[nodiscard]] Result<ParamList> scan_header_params(Scanner& scanner);

// URI parameters: *( ";" pname [ "=" pvalue ] ) with paramchar or escapes, no white space.
[[nodiscard]] Result<ParamList> scan_uri_params(Scanner& scanner);

}  // namespace sipline::sip

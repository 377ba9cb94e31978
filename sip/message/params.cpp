// Parameter list validation and iteration.
#include "sip/message/params.hpp"

#include "base/text.hpp"
#include "sip/message/char_class.hpp"
#include "sip/message/escape.hpp"

namespace sipline::sip {
namespace {

std::size_t skip_wsp(std::string_view text, std::size_t i) {
  while (i < text.size() && is_wsp(text[i])) {
    ++i;
  }
  return i;
}

}  // namespace

void ParamList::Iterator::load() {
  // Validated text: [SWS] ";" SWS name [SWS "=" SWS value] ... Quoted values may hold ';'.
  std::size_t i = skip_wsp(text_, pos_);
  if (i >= text_.size()) {
    pos_ = next_ = text_.size();
    return;
  }
  i = skip_wsp(text_, i + 1);  // the ';'
  const std::size_t name_start = i;
  while (i < text_.size() && text_[i] != '=' && text_[i] != ';' && !is_wsp(text_[i])) {
    ++i;
  }
  current_ = Param{text_.substr(name_start, i - name_start), {}, false};
  i = skip_wsp(text_, i);
  if (i < text_.size() && text_[i] == '=') {
    i = skip_wsp(text_, i + 1);
    const std::size_t value_start = i;
    if (i < text_.size() && text_[i] == '"') {
      for (++i; i < text_.size() && text_[i] != '"'; ++i) {
        if (text_[i] == '\\') {
          ++i;
        }
      }
      i = i < text_.size() ? i + 1 : text_.size();
    } else {
      while (i < text_.size() && text_[i] != ';' && !is_wsp(text_[i])) {
        ++i;
      }
    }
    current_.value = text_.substr(value_start, i - value_start);
    current_.has_value = true;
  }
  next_ = i;
}

std::optional<std::string_view> ParamList::find(std::string_view name) const {
  for (const Param& param : *this) {
    if (iequals(param.name, name)) {
      return param.value;
    }
  }
  return std::nullopt;
}

std::size_t ParamList::size() const {
  std::size_t count = 0;
  for (auto it = begin(); it != end(); ++it) {
    ++count;
  }
  return count;
}

Result<ParamList> scan_uri_params(Scanner& scanner) {
  const std::size_t start = scanner.pos();
  while (scanner.consume(';')) {
    const std::size_t name_start = scanner.pos();
    while (!scanner.at_end() && (is(scanner.peek(), chars::kParam) || scanner.peek() == '%')) {
      scanner.advance();
    }
    const std::string_view name = scanner.slice(name_start);
    if (name.empty() || !valid_escaped(name, chars::kParam)) {
      return fail(Errc::kMalformed, "bad URI parameter name", name_start);
    }
    if (scanner.consume('=')) {
      const std::size_t value_start = scanner.pos();
      while (!scanner.at_end() && (is(scanner.peek(), chars::kParam) || scanner.peek() == '%')) {
        scanner.advance();
      }
      const std::string_view value = scanner.slice(value_start);
      if (value.empty() || !valid_escaped(value, chars::kParam)) {
        return fail(Errc::kMalformed, "bad URI parameter value", value_start);
      }
    }
  }
  return ParamList{scanner.slice(start)};
}

}  // namespace sipline::sip

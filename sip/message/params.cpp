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

// Names equal once %-escapes are decoded, ignoring case: "lr" and "%6C%52" are one name.
bool same_escaped_name(std::string_view a, std::string_view b) {
  std::size_t i = 0;
  std::size_t j = 0;
  const auto next = [](std::string_view text, std::size_t& k) {
    if (text[k] == '%' && k + 2 < text.size()) {
      const char c = static_cast<char>(hex_value(text[k + 1]) * 16 + hex_value(text[k + 2]));
      k += 3;
      return to_lower(c);
    }
    return to_lower(text[k++]);
  };
  while (i < a.size() && j < b.size()) {
    if (next(a, i) != next(b, j)) {
      return false;
    }
  }
  return i == a.size() && j == b.size();
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
  std::size_t count = 0;
  while (scanner.consume(';')) {
    const std::size_t name_start = scanner.pos();
    const auto name_scanned = scan_escaped(scanner, chars::kParam, "bad URI parameter name");
    if (!name_scanned || name_scanned->empty()) {
      return fail(Errc::kMalformed, "bad URI parameter name", name_start);
    }
    const std::string_view name = *name_scanned;
    if (count == kMaxUriParams) {
      return fail(Errc::kTooLarge, "too many URI parameters", name_start);
    }
    // A name given twice ("transport=udp;transport=tcp") has no meaning we could pick. The
    // earlier names are re-read from the text: lists are short, and this costs no storage.
    ++count;
    std::string_view earlier = scanner.text().substr(start, name_start - 1 - start);
    while (!earlier.empty()) {
      earlier.remove_prefix(1);  // ';'
      const std::size_t end = earlier.find(';');
      const std::string_view one = earlier.substr(0, end);
      if (same_escaped_name(one.substr(0, one.find('=')), name)) {
        return fail(Errc::kMalformed, "duplicate URI parameter", name_start);
      }
      earlier = end == std::string_view::npos ? std::string_view{} : earlier.substr(end);
    }
    if (scanner.consume('=')) {
      const std::size_t value_start = scanner.pos();
      const auto value = scan_escaped(scanner, chars::kParam, "bad URI parameter value");
      if (!value || value->empty()) {
        return fail(Errc::kMalformed, "bad URI parameter value", value_start);
      }
    }
  }
  return ParamList{scanner.slice(start)};
}

}  // namespace sipline::sip

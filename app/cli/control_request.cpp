// A control request line read as strict, bounded JSON (RFC 8259), and written back.
#include "app/cli/control_request.hpp"

#include <algorithm>
#include <string>
#include <tuple>
#include <utility>

#include "app/cli/call_record_text.hpp"
#include "base/text.hpp"

namespace sipline::app {
namespace {

constexpr std::size_t kMaxCommand = 64;
constexpr std::size_t kMaxNumber = 32;

// The sequence at `text[i]` (a byte >= 0x80): its length, or why it is not UTF-8.
struct Utf8Sequence {
  std::size_t length = 0;
  const char* problem = nullptr;
};

// RFC 3629 §3, which RFC 8259 §8.1 requires: no overlong forms, no UTF-16 surrogates
// (U+D800…U+DFFF), nothing past U+10FFFF. `json_escape` has its own yes/no check; the reader
// says which rule a byte broke, since the answer goes back to whoever sent it.
Utf8Sequence utf8_sequence(std::string_view text, std::size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  std::size_t length = 0;
  std::uint32_t minimum = 0;
  std::uint32_t value = 0;
  if ((lead & 0xC0) == 0x80) {
    return {0, "invalid UTF-8: continuation byte without a lead byte"};
  }
  if ((lead & 0xE0) == 0xC0) {
    length = 2, minimum = 0x80, value = lead & 0x1Fu;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, minimum = 0x800, value = lead & 0x0Fu;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, minimum = 0x10000, value = lead & 0x07u;
  } else {
    return {0, "invalid UTF-8: byte that starts no sequence"};
  }
  for (std::size_t k = 1; k < length; ++k) {
    if (i + k >= text.size() || (static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) {
      return {0, "invalid UTF-8: truncated sequence"};
    }
    value = (value << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3Fu);
  }
  if (value < minimum) {
    return {0, "invalid UTF-8: overlong encoding"};
  }
  if (value >= 0xD800 && value <= 0xDFFF) {
    return {0, "invalid UTF-8: encoded surrogate"};
  }
  if (value > 0x10FFFF) {
    return {0, "invalid UTF-8: past U+10FFFF"};
  }
  return {length, nullptr};
}

// RFC 3629 §3: the code point's bits, highest first, in a lead byte that says how many
// continuation bytes (10xxxxxx, six bits each) follow.
void append_utf8(std::string& out, std::uint32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
    return;
  }
  const unsigned continuations = code_point < 0x800 ? 1 : code_point < 0x10000 ? 2 : 3;
  constexpr std::uint32_t kLead[] = {0, 0xC0, 0xE0, 0xF0};
  out += static_cast<char>(kLead[continuations] | (code_point >> (6 * continuations)));
  for (unsigned k = continuations; k-- > 0;) {
    out += static_cast<char>(0x80 | ((code_point >> (6 * k)) & 0x3F));
  }
}

std::string quoted(std::string_view text) { return '"' + json_escape(text) + '"'; }

// A reader over the whole line. Its depth is fixed by its shape — request object, params
// object, array of scalars — so it never recurses, and every loop consumes at least one byte
// or stops at a limit: the work is linear in the line whatever the line holds.
class Reader {
 public:
  explicit Reader(std::string_view line) : line_(line) {}

  std::expected<ControlRequest, ControlRequestError> read() {
    if (!request()) {
      return std::unexpected(std::move(error_));
    }
    return std::move(request_);
  }

 private:
  bool request() {
    skip_blanks();
    if (!next_is('{')) {
      return refuse("expected a JSON object", at_);
    }
    if (!object([this](const std::string& key, std::size_t key_at) {
          return top_member(key, key_at);
        })) {
      return false;
    }
    if (!has_command_) {
      return refuse("missing \"command\"", at_ - 1);
    }
    skip_blanks();
    if (at_ < line_.size()) {
      return refuse("unexpected text after the object", at_);
    }
    return true;
  }

  bool top_member(const std::string& key, std::size_t key_at) {
    bool* seen = key == "command"  ? &has_command_
                 : key == "params" ? &has_params_
                 : key == "token"  ? &has_token_
                                   : nullptr;
    if (seen == nullptr) {
      return refuse("unknown key '" + key + "'", key_at);
    }
    if (*seen) {
      return refuse("duplicate key '" + key + "'", key_at);
    }
    *seen = true;
    if (key == "command") {
      return command();
    }
    if (key == "params") {
      return params();
    }
    return token();
  }

  bool command() {
    const std::size_t value_at = at_;
    if (!next_is('"')) {
      return refuse("\"command\" must be a string", at_);
    }
    if (!string(request_.command)) {
      return false;
    }
    if (request_.command.empty()) {
      return refuse("\"command\" is empty", value_at);
    }
    if (request_.command.size() > kMaxCommand) {
      return refuse("\"command\" is longer than 64 bytes", value_at);
    }
    return true;
  }

  // Set only once read whole, so an error carries a token only when it is the real one.
  bool token() {
    if (!next_is('"') && !next_is('-') && !next_is_digit()) {
      return refuse("\"token\" must be a string or a number", at_);
    }
    std::string token;
    if (!(next_is('"') ? string(token) : number(token))) {
      return false;
    }
    request_.token = std::move(token);
    return true;
  }

  bool params() {
    if (next_is('"')) {  // baresip's form: the argument line as one string
      std::string text;
      if (!string(text)) {
        return false;
      }
      request_.params_text = std::move(text);
      return true;
    }
    if (!next_is('{')) {
      return refuse("\"params\" must be an object or a string", at_);
    }
    return object([this](const std::string& name, std::size_t name_at) {
      auto& params = request_.params;
      if (std::ranges::any_of(params, [&name](const auto& param) { return param.first == name; })) {
        return refuse("duplicate key '" + name + "'", name_at);
      }
      if (params.size() == kMaxParams) {
        return refuse("too many params (at most 32)", name_at);
      }
      ControlValue value;
      if (next_is('{')) {
        return refuse("nesting too deep: a param is a scalar or an array of scalars", at_);
      }
      if (!(next_is('[') ? array(value) : scalar(value))) {
        return false;
      }
      params.emplace_back(name, std::move(value));
      return true;
    });
  }

  bool array(ControlValue& value) {
    value.kind = ControlValue::Kind::kArray;
    return list(']', [this, &value] {
      if (next_is('[') || next_is('{')) {
        return refuse("nesting too deep: an array holds scalars only", at_);
      }
      if (value.items.size() == kMaxArrayItems) {
        return refuse("too many array items (at most 32)", at_);
      }
      ControlValue item;
      if (!scalar(item)) {
        return false;
      }
      value.items.push_back(std::move(item));
      return true;
    });
  }

  // RFC 8259 §4: members are `string ':' value`; `on_member(key, key_at)` reads the value.
  template <class OnMember>
  bool object(OnMember on_member) {
    return list('}', [this, &on_member] {
      const std::size_t key_at = at_;
      if (!next_is('"')) {
        return refuse("expected a key (a string)", at_);
      }
      std::string key;
      if (!string(key)) {
        return false;
      }
      skip_blanks();
      if (!skip(':')) {
        return refuse("expected ':' after a key", at_);
      }
      skip_blanks();
      return on_member(key, key_at);
    });
  }

  // RFC 8259 §4, §5: an opening bracket (at at_), items separated by ',', no trailing comma.
  template <class OnItem>
  bool list(char close, OnItem on_item) {
    ++at_;
    skip_blanks();
    if (skip(close)) {
      return true;
    }
    for (;;) {
      skip_blanks();
      if (!on_item()) {
        return false;
      }
      skip_blanks();
      if (skip(close)) {
        return true;
      }
      if (!skip(',')) {
        return refuse(close == '}' ? "expected ',' or '}'" : "expected ',' or ']'", at_);
      }
    }
  }

  bool scalar(ControlValue& value) {
    if (next_is('"')) {
      value.kind = ControlValue::Kind::kString;
      return string(value.text);
    }
    if (next_is('-') || next_is_digit()) {
      value.kind = ControlValue::Kind::kNumber;
      return number(value.text);
    }
    for (const auto& [word, kind, boolean] : {std::tuple{"null", ControlValue::Kind::kNull, false},
                                              {"true", ControlValue::Kind::kBool, true},
                                              {"false", ControlValue::Kind::kBool, false}}) {
      if (line_.substr(at_).starts_with(word)) {
        at_ += std::string_view(word).size();
        value.kind = kind;
        value.boolean = boolean;
        return true;
      }
    }
    return refuse("expected a value", at_);
  }

  // RFC 8259 §6: number = [ minus ] int [ frac ] [ exp ], int = zero / ( digit1-9 *DIGIT ).
  bool number(std::string& out) {
    const std::size_t start = at_;
    skip('-');
    if (!skip('0') && !digits()) {
      return refuse("invalid number: expected a digit", at_);
    }
    if (skip('.') && !digits()) {
      return refuse("invalid number: expected a digit after '.'", at_);
    }
    if (skip('e') || skip('E')) {
      if (!skip('+')) {
        skip('-');
      }
      if (!digits()) {
        return refuse("invalid number: expected a digit in the exponent", at_);
      }
    }
    if (at_ - start > kMaxNumber) {
      return refuse("number longer than 32 characters", start + kMaxNumber);
    }
    out.assign(line_.substr(start, at_ - start));
    return true;
  }

  // RFC 8259 §7. A raw control character must be escaped; an escaped one is data.
  bool string(std::string& out) {
    ++at_;
    for (;;) {
      if (at_ >= line_.size()) {
        return refuse("unterminated string", at_);
      }
      const std::size_t here = at_;
      const auto byte = static_cast<unsigned char>(line_[at_]);
      if (skip('"')) {
        return true;
      }
      if (byte == '\\') {
        if (!escape(out)) {
          return false;
        }
      } else if (byte < 0x20) {
        return refuse("control character in a string (it must be escaped)", at_);
      } else if (byte < 0x80) {
        out += static_cast<char>(byte);
        ++at_;
      } else {
        const Utf8Sequence sequence = utf8_sequence(line_, at_);
        if (sequence.problem != nullptr) {
          return refuse(sequence.problem, at_);
        }
        out.append(line_.substr(at_, sequence.length));
        at_ += sequence.length;
      }
      if (out.size() > kMaxString) {
        return refuse("string longer than 4096 bytes", here);
      }
    }
  }

  bool escape(std::string& out) {
    const std::size_t start = at_;
    if (start + 1 >= line_.size()) {
      return refuse("unterminated string", line_.size());
    }
    at_ += 2;
    const char escaped = line_[start + 1];
    if (escaped == 'u') {
      return unicode_escape(out, start);
    }
    // RFC 8259 §7: the two-character escapes, and what each stands for.
    constexpr std::string_view kEscapes = "\"\\/bfnrt";
    constexpr std::string_view kMeanings = "\"\\/\b\f\n\r\t";
    const std::size_t which = kEscapes.find(escaped);
    if (which == std::string_view::npos) {
      return refuse("invalid escape (RFC 8259 §7 allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u)",
                    start);
    }
    out += kMeanings[which];
    return true;
  }

  // RFC 8259 §7: a character past the BMP is a UTF-16 surrogate pair, "\uD834\uDD1E"; half of
  // a pair alone is no character and could not be written back as UTF-8.
  bool unicode_escape(std::string& out, std::size_t start) {
    std::uint32_t unit = 0;
    if (!hex4(unit)) {
      return refuse("invalid \\u escape: expected four hex digits", start);
    }
    if (unit >= 0xDC00 && unit <= 0xDFFF) {
      return refuse("lone surrogate in a \\u escape", start);
    }
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      if (!line_.substr(at_).starts_with("\\u")) {
        return refuse("lone surrogate in a \\u escape", start);
      }
      const std::size_t low_at = at_;
      at_ += 2;
      std::uint32_t low = 0;
      if (!hex4(low)) {
        return refuse("invalid \\u escape: expected four hex digits", low_at);
      }
      if (low < 0xDC00 || low > 0xDFFF) {
        return refuse("lone surrogate in a \\u escape", start);
      }
      unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
    }
    append_utf8(out, unit);
    return true;
  }

  bool hex4(std::uint32_t& value) {
    if (line_.size() - at_ < 4) {
      return false;
    }
    for (std::size_t k = 0; k < 4; ++k, ++at_) {
      if (!is_hex_digit(line_[at_])) {
        return false;
      }
      value = value * 16 + static_cast<std::uint32_t>(hex_value(line_[at_]));
    }
    return true;
  }

  bool digits() {
    const std::size_t start = at_;
    while (next_is_digit()) {
      ++at_;
    }
    return at_ > start;
  }

  // RFC 8259 §2 also allows LF between tokens; a request is one line, so a line that holds one
  // is not a request, and the framing and the reader agree on where requests end.
  void skip_blanks() {
    while (next_is(' ') || next_is('\t') || next_is('\r')) {
      ++at_;
    }
  }

  // Consumes `c` when it comes next.
  bool skip(char c) {
    if (!next_is(c)) {
      return false;
    }
    ++at_;
    return true;
  }

  [[nodiscard]] bool next_is(char c) const { return at_ < line_.size() && line_[at_] == c; }
  [[nodiscard]] bool next_is_digit() const { return at_ < line_.size() && is_digit(line_[at_]); }

  bool refuse(std::string reason, std::size_t position) {
    error_ = {std::move(reason), std::min(position, line_.size()), request_.token};
    return false;
  }

  std::string_view line_;
  std::size_t at_ = 0;
  ControlRequest request_;
  ControlRequestError error_;
  bool has_command_ = false;
  bool has_params_ = false;
  bool has_token_ = false;
};

}  // namespace

std::optional<std::uint32_t> ControlValue::as_unsigned() const {
  // A string stands for a number only as plain digits, at most as many as 4294967295 has.
  const bool is_candidate =
      kind == Kind::kNumber || (kind == Kind::kString && !text.empty() && text.size() <= 10);
  if (!is_candidate) {
    return std::nullopt;
  }
  const auto value = parse_decimal<std::uint32_t>(text);  // no sign, fraction or exponent
  if (!value) {
    return std::nullopt;
  }
  return *value;
}

const ControlValue* ControlRequest::param(std::string_view name) const {
  const auto found =
      std::ranges::find_if(params, [name](const auto& param) { return param.first == name; });
  return found == params.end() ? nullptr : &found->second;
}

std::expected<ControlRequest, ControlRequestError> parse_control_request(std::string_view line) {
  return Reader(line).read();
}

std::string control_value_json(const ControlValue& value) {
  switch (value.kind) {
    case ControlValue::Kind::kNull:
      return "null";
    case ControlValue::Kind::kBool:
      return value.boolean ? "true" : "false";
    case ControlValue::Kind::kNumber:
      return value.text;
    case ControlValue::Kind::kString:
      return quoted(value.text);
    case ControlValue::Kind::kArray: {
      std::string out = "[";
      for (std::size_t i = 0; i < value.items.size(); ++i) {
        out += (i > 0 ? "," : "") + control_value_json(value.items[i]);
      }
      return out + ']';
    }
  }
  return "null";
}

std::string control_request_json(const ControlRequest& request) {
  std::string out = "{\"command\":" + quoted(request.command);
  if (!request.params.empty()) {
    out += ",\"params\":{";
    for (std::size_t i = 0; i < request.params.size(); ++i) {
      const auto& [name, value] = request.params[i];
      out += (i > 0 ? "," : "") + quoted(name) + ':' + control_value_json(value);
    }
    out += '}';
  } else if (request.params_text) {
    out += ",\"params\":" + quoted(*request.params_text);
  }
  if (!request.token.empty()) {
    out += ",\"token\":" + quoted(request.token);
  }
  return out + '}';
}

ControlValue control_string(std::string_view text) {
  return {ControlValue::Kind::kString, false, std::string(text), {}};
}

ControlValue control_number(std::uint32_t number) {
  return {ControlValue::Kind::kNumber, false, std::to_string(number), {}};
}

ControlValue control_bool(bool value) { return {ControlValue::Kind::kBool, value, "", {}}; }

}  // namespace sipline::app

// A control request line read as strict, bounded JSON (RFC 8259), and written back.
#include "app/cli/control_request.hpp"

#include <algorithm>
#include <string>
#include <tuple>
#include <utility>

#include "app/cli/call_record_text.hpp"
#include "app/cli/json_lexer.hpp"
#include "base/text.hpp"

namespace sipline::app {
namespace {

constexpr std::size_t kMaxCommand = 64;
constexpr std::size_t kMaxNumber = 32;

std::string quoted(std::string_view text) { return '"' + json_escape(text) + '"'; }

// A reader over the whole line. Its depth is fixed by its shape — request object, params
// object, array of scalars — so it never recurses, and every loop consumes at least one byte
// or stops at a limit: the work is linear in the line whatever the line holds.
class Reader {
 public:
  explicit Reader(std::string_view line) : json_(line, {kMaxString, kMaxNumber}) {}

  // The token read before an error goes with it: it is set only once read whole, and nothing
  // is read after an error.
  std::expected<ControlRequest, ControlRequestError> read() {
    if (!request()) {
      return std::unexpected(
          ControlRequestError{json_.error().reason, json_.error().position, request_.token});
    }
    return std::move(request_);
  }

 private:
  bool request() {
    json_.skip_blanks();
    if (!json_.next_is('{')) {
      return refuse("expected a JSON object");
    }
    if (!object([this](const std::string& key, std::size_t key_at) {
          return top_member(key, key_at);
        })) {
      return false;
    }
    if (!has_command_) {
      return refuse("missing \"command\"", json_.position() - 1);
    }
    json_.skip_blanks();
    if (!json_.at_end()) {
      return refuse("unexpected text after the object");
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
    const std::size_t value_at = json_.position();
    if (!json_.next_is('"')) {
      return refuse("\"command\" must be a string");
    }
    if (!json_.string(request_.command)) {
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
    if (!json_.next_is('"') && !json_.next_is('-') && !json_.next_is_digit()) {
      return refuse("\"token\" must be a string or a number");
    }
    std::string token;
    if (!(json_.next_is('"') ? json_.string(token) : json_.number(token))) {
      return false;
    }
    request_.token = std::move(token);
    return true;
  }

  bool params() {
    if (json_.next_is('"')) {  // baresip's form: the argument line as one string
      std::string text;
      if (!json_.string(text)) {
        return false;
      }
      request_.params_text = std::move(text);
      return true;
    }
    if (!json_.next_is('{')) {
      return refuse("\"params\" must be an object or a string");
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
      if (json_.next_is('{')) {
        return refuse("nesting too deep: a param is a scalar or an array of scalars");
      }
      if (!(json_.next_is('[') ? array(value) : scalar(value))) {
        return false;
      }
      params.emplace_back(name, std::move(value));
      return true;
    });
  }

  bool array(ControlValue& value) {
    value.kind = ControlValue::Kind::kArray;
    return list('[', ']', [this, &value] {
      if (json_.next_is('[') || json_.next_is('{')) {
        return refuse("nesting too deep: an array holds scalars only");
      }
      if (value.items.size() == kMaxArrayItems) {
        return refuse("too many array items (at most 32)");
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
    return list('{', '}', [this, &on_member] {
      const std::size_t key_at = json_.position();
      if (!json_.next_is('"')) {
        return refuse("expected a key (a string)");
      }
      std::string key;
      if (!json_.string(key)) {
        return false;
      }
      json_.skip_blanks();
      if (!json_.skip(':')) {
        return refuse("expected ':' after a key");
      }
      json_.skip_blanks();
      return on_member(key, key_at);
    });
  }

  // RFC 8259 §4, §5: an opening bracket (next), items separated by ',', no trailing comma.
  template <class OnItem>
  bool list(char open, char close, OnItem on_item) {
    json_.skip(open);
    json_.skip_blanks();
    if (json_.skip(close)) {
      return true;
    }
    for (;;) {
      json_.skip_blanks();
      if (!on_item()) {
        return false;
      }
      json_.skip_blanks();
      if (json_.skip(close)) {
        return true;
      }
      if (!json_.skip(',')) {
        return refuse(close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
      }
    }
  }

  bool scalar(ControlValue& value) {
    if (json_.next_is('"')) {
      value.kind = ControlValue::Kind::kString;
      return json_.string(value.text);
    }
    if (json_.next_is('-') || json_.next_is_digit()) {
      value.kind = ControlValue::Kind::kNumber;
      return json_.number(value.text);
    }
    for (const auto& [word, kind, boolean] : {std::tuple{"null", ControlValue::Kind::kNull, false},
                                              {"true", ControlValue::Kind::kBool, true},
                                              {"false", ControlValue::Kind::kBool, false}}) {
      if (json_.skip_word(word)) {
        value.kind = kind;
        value.boolean = boolean;
        return true;
      }
    }
    return refuse("expected a value");
  }

  bool refuse(std::string reason, std::size_t position) {
    return json_.refuse(std::move(reason), position);
  }
  bool refuse(std::string reason) { return refuse(std::move(reason), json_.position()); }

  JsonLexer json_;
  ControlRequest request_;
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

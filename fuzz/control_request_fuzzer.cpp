// Fuzzes the control socket's request reader on arbitrary lines: never a crash; an error has a
// reason and a position inside the line; a request it accepts keeps every limit, holds only
// valid UTF-8, and reads the same when written back (control_request_json) and when the line
// is padded with blanks.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "app/cli/control_request.hpp"
#include "fuzz/check.hpp"

namespace {

using sipline::app::control_request_json;
using sipline::app::ControlRequest;
using sipline::app::ControlValue;
using sipline::app::kMaxArrayItems;
using sipline::app::kMaxParams;
using sipline::app::kMaxString;
using sipline::app::parse_control_request;

using sipline::fuzz::check;

// Unicode 15 §3.9 Table 3-7 (well-formed UTF-8 byte sequences), row by row: a different
// formulation from the reader's decode-then-compare, so the two cannot share a mistake.
bool is_utf8(std::string_view text) {
  struct Row {
    unsigned first_low, first_high, second_low, second_high;
    std::size_t length;
  };
  constexpr Row kRows[] = {
      {0x00, 0x7F, 0, 0, 1},       {0xC2, 0xDF, 0x80, 0xBF, 2}, {0xE0, 0xE0, 0xA0, 0xBF, 3},
      {0xE1, 0xEC, 0x80, 0xBF, 3}, {0xED, 0xED, 0x80, 0x9F, 3}, {0xEE, 0xEF, 0x80, 0xBF, 3},
      {0xF0, 0xF0, 0x90, 0xBF, 4}, {0xF1, 0xF3, 0x80, 0xBF, 4}, {0xF4, 0xF4, 0x80, 0x8F, 4},
  };
  const auto at = [text](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  for (std::size_t i = 0; i < text.size();) {
    const Row* row = nullptr;
    for (const Row& candidate : kRows) {
      if (at(i) >= candidate.first_low && at(i) <= candidate.first_high) {
        row = &candidate;
      }
    }
    if (row == nullptr || i + row->length > text.size()) {
      return false;
    }
    if (row->length > 1 && (at(i + 1) < row->second_low || at(i + 1) > row->second_high)) {
      return false;
    }
    for (std::size_t k = 2; k < row->length; ++k) {
      if (at(i + k) < 0x80 || at(i + k) > 0xBF) {
        return false;
      }
    }
    i += row->length;
  }
  return true;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_number_text(std::string_view text) {
  return !text.empty() && text.size() <= 32 && (text.front() == '-' || is_digit(text.front())) &&
         text.find_first_not_of("0123456789+-.eE") == std::string_view::npos;
}

void check_scalar(const ControlValue& value) {
  check(value.kind != ControlValue::Kind::kArray);
  if (value.kind == ControlValue::Kind::kString) {
    check(value.text.size() <= kMaxString && is_utf8(value.text));
  } else if (value.kind == ControlValue::Kind::kNumber) {
    check(is_number_text(value.text));
  } else {
    check(value.text.empty());
  }
}

void check_limits(const ControlRequest& request) {
  check(!request.command.empty() && request.command.size() <= 64 && is_utf8(request.command));
  check(request.token.size() <= kMaxString && is_utf8(request.token));
  check(request.params.size() <= kMaxParams);
  if (request.params_text) {  // baresip's string params: then no named ones
    check(request.params.empty() && request.params_text->size() <= kMaxString &&
          is_utf8(*request.params_text));
  }
  for (std::size_t i = 0; i < request.params.size(); ++i) {
    const auto& [name, value] = request.params[i];
    check(name.size() <= kMaxString && is_utf8(name));
    check(request.param(name) == &value);  // names are unique: the first is this one
    if (value.kind == ControlValue::Kind::kArray) {
      check(value.items.size() <= kMaxArrayItems);
      for (const ControlValue& item : value.items) {
        check_scalar(item);
      }
    } else {
      check_scalar(value);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  const auto request = parse_control_request(line);
  const auto padded = parse_control_request(" \t" + std::string(line) + "\r ");
  check(request.has_value() == padded.has_value());
  if (!request) {
    check(!request.error().reason.empty() && request.error().position <= line.size());
    check(request.error().token.size() <= kMaxString && is_utf8(request.error().token));
    // An error found inside the line is found again, two bytes on. One found at its end is not
    // compared: the padding goes on where the line stopped (a final '\' escapes the CR).
    if (request.error().position < line.size()) {
      check(padded.error().reason == request.error().reason &&
            padded.error().position == request.error().position + 2);
    }
    return 0;
  }
  check(*padded == *request);
  check_limits(*request);

  // The token is written as a string whatever it was read as, so the request comes back equal
  // and the written line is a fixed point from the first writing on.
  const std::string written = control_request_json(*request);
  const auto again = parse_control_request(written);
  check(again.has_value() && *again == *request);
  check(control_request_json(*again) == written);
  return 0;
}

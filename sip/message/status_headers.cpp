// Retry-After, Warning and Reason.
#include "sip/message/status_headers.hpp"

#include "base/text.hpp"
#include "sip/message/scalar_headers.hpp"
#include "sip/message/scanner.hpp"

namespace sipline::sip {
namespace {

// comment = LPAREN *(ctext / quoted-pair / comment) RPAREN, nested at most 8 deep.
Result<std::string_view> scan_comment(Scanner& scanner) {
  const std::size_t start = scanner.pos();
  int depth = 0;
  while (!scanner.at_end()) {
    const char c = scanner.peek();
    scanner.advance();
    if (c == '\\') {
      scanner.advance();
    } else if (c == '(') {
      if (++depth > 8) {
        return scanner.error("comment nested too deep");
      }
    } else if (c == ')') {
      if (--depth == 0) {
        return scanner.slice(start);
      }
    }
  }
  return fail(Errc::kMalformed, "unterminated comment", start);
}

}  // namespace

Result<RetryAfter> parse_retry_after(std::string_view value) {
  RetryAfter out;
  Scanner scanner(value);
  scanner.skip_sws();
  const auto seconds = parse_delta_seconds(scanner.take(chars::kToken));
  if (!seconds) {
    return std::unexpected(seconds.error());
  }
  out.seconds = *seconds;
  scanner.skip_sws();
  if (scanner.peek() == '(') {
    const auto comment = scan_comment(scanner);
    if (!comment) {
      return std::unexpected(comment.error());
    }
    out.comment = *comment;
  }
  const auto params = scan_header_params(scanner, [&out](const Param& param) -> Result<void> {
    if (iequals(param.name, "duration")) {
      const auto duration = parse_delta_seconds(param.value);
      if (!duration) {
        return std::unexpected(duration.error());
      }
      out.duration = *duration;
    }
    return {};
  });
  if (!params) {
    return std::unexpected(params.error());
  }
  out.params = *params;
  scanner.skip_sws();
  if (!scanner.at_end()) {
    return scanner.error("unexpected text in Retry-After");
  }
  return out;
}

Result<std::vector<Warning>> parse_warnings(std::string_view value) {
  std::vector<Warning> warnings;
  auto parsed = parse_list(value, [&warnings](Scanner& scanner) -> Result<void> {
    // warning-value = warn-code SP warn-agent SP warn-text
    const std::string_view code = scanner.take(chars::kToken);
    if (code.size() != 3 || !is_digit(code[0]) || !is_digit(code[1]) || !is_digit(code[2])) {
      return scanner.error("warn-code must be three digits");
    }
    if (!scanner.consume(' ')) {
      return scanner.error("bad Warning");
    }
    const std::size_t agent_start = scanner.pos();
    while (!scanner.at_end() && scanner.peek() != ' ') {
      scanner.advance();
    }
    const std::string_view agent = scanner.slice(agent_start);
    if (agent.empty() || !scanner.consume(' ')) {
      return scanner.error("bad warn-agent");
    }
    const auto text = scanner.quoted_string();
    if (!text) {
      return std::unexpected(text.error());
    }
    warnings.push_back(
        {static_cast<std::uint16_t>(parse_decimal<std::uint16_t>(code).value()), agent, *text});
    return {};
  });
  if (!parsed) {
    return std::unexpected(parsed.error());
  }
  return warnings;
}

Result<std::vector<Reason>> parse_reasons(std::string_view value) {
  std::vector<Reason> reasons;
  auto parsed = parse_list(value, [&reasons](Scanner& scanner) -> Result<void> {
    Reason reason;
    reason.protocol = scanner.token();
    if (reason.protocol.empty()) {
      return scanner.error("missing Reason protocol");
    }
    const auto params = scan_header_params(scanner, [&reason](const Param& param) -> Result<void> {
      if (iequals(param.name, "cause")) {
        const auto cause = parse_decimal<std::uint16_t>(param.value);
        if (!cause) {
          return fail(Errc::kMalformed, "bad Reason cause", 0);
        }
        reason.cause = *cause;
      } else if (iequals(param.name, "text")) {
        reason.text = unquote(param.value);
      }
      return {};
    });
    if (!params) {
      return std::unexpected(params.error());
    }
    reason.params = *params;
    reasons.push_back(std::move(reason));
    return {};
  });
  if (!parsed) {
    return std::unexpected(parsed.error());
  }
  return reasons;
}

}  // namespace sipline::sip

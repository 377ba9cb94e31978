// Event, Subscription-State, Replaces, Session-Expires, Min-SE and RAck.
#include "sip/message/dialog_headers.hpp"

#include "base/text.hpp"
#include "sip/message/scalar_headers.hpp"
#include "sip/message/scanner.hpp"

namespace sipline::sip {
namespace {

// Call-ID characters: word and '@' (callid = word ["@" word]).
constexpr std::uint16_t kCallIdChars = chars::kWord;

// The value up to its first parameter, and the parameters after it; each param seen by `visit`.
template <class Visitor>
Result<ParamList> head_and_params(std::string_view value, std::string_view& head,
                                  std::uint16_t head_chars, Visitor&& visit) {
  Scanner scanner(value);
  scanner.skip_sws();
  const std::size_t head_start = scanner.pos();
  while (!scanner.at_end() && (is(scanner.peek(), head_chars) ||
                               (head_chars == kCallIdChars && scanner.peek() == '@'))) {
    scanner.advance();
  }
  head = scanner.slice(head_start);
  if (head.empty()) {
    return scanner.error("missing header value");
  }
  auto params = scan_header_params(scanner, std::forward<Visitor>(visit));
  if (!params) {
    return params;
  }
  scanner.skip_sws();
  if (!scanner.at_end()) {
    return scanner.error("unexpected text after the parameters");
  }
  return params;
}

constexpr auto kIgnore = [](const Param&) -> Result<void> { return {}; };

Result<std::uint32_t> delta_param(const Param& param) {
  if (!param.has_value) {
    return fail(Errc::kMalformed, "parameter needs a value", 0);
  }
  return parse_delta_seconds(param.value);
}

}  // namespace

Result<EventHeader> parse_event(std::string_view value) {
  EventHeader out;
  auto params = head_and_params(value, out.package, chars::kToken, [&out](const Param& param) {
    if (iequals(param.name, "id")) {
      out.id = param.value;
    }
    return Result<void>{};
  });
  if (!params) {
    return std::unexpected(params.error());
  }
  out.params = *params;
  return out;
}

Result<SubscriptionState> parse_subscription_state(std::string_view value) {
  SubscriptionState out;
  auto params =
      head_and_params(value, out.state, chars::kToken, [&out](const Param& param) -> Result<void> {
        if (iequals(param.name, "expires") || iequals(param.name, "retry-after")) {
          const auto seconds = delta_param(param);
          if (!seconds) {
            return std::unexpected(seconds.error());
          }
          (iequals(param.name, "expires") ? out.expires : out.retry_after) = *seconds;
        } else if (iequals(param.name, "reason")) {
          out.reason = param.value;
        }
        return {};
      });
  if (!params) {
    return std::unexpected(params.error());
  }
  out.params = *params;
  return out;
}

Result<Replaces> parse_replaces(std::string_view value) {
  Replaces out;
  auto params =
      head_and_params(value, out.call_id, kCallIdChars, [&out](const Param& param) -> Result<void> {
        if (iequals(param.name, "to-tag")) {
          out.to_tag = param.value;
        } else if (iequals(param.name, "from-tag")) {
          out.from_tag = param.value;
        } else if (iequals(param.name, "early-only")) {
          out.early_only = true;
        }
        return {};
      });
  if (!params) {
    return std::unexpected(params.error());
  }
  // RFC 3891: callid = word ["@" word]; the scan above stops at ';' and white space.
  if (!parse_call_id(out.call_id)) {
    return fail(Errc::kMalformed, "bad Replaces call-id", 0);
  }
  if (out.to_tag.empty() || out.from_tag.empty()) {
    return fail(Errc::kMalformed, "Replaces needs to-tag and from-tag", 0);
  }
  return out;
}

Result<SessionExpires> parse_session_expires(std::string_view value) {
  SessionExpires out;
  std::string_view digits;
  auto params =
      head_and_params(value, digits, chars::kToken, [&out](const Param& param) -> Result<void> {
        if (iequals(param.name, "refresher")) {
          if (iequals(param.value, "uac")) {
            out.refresher = Refresher::kUac;
          } else if (iequals(param.value, "uas")) {
            out.refresher = Refresher::kUas;
          } else {
            return fail(Errc::kMalformed, "bad refresher", 0);
          }
        }
        return {};
      });
  if (!params) {
    return std::unexpected(params.error());
  }
  const auto seconds = parse_delta_seconds(digits);
  if (!seconds) {
    return std::unexpected(seconds.error());
  }
  out.seconds = *seconds;
  return out;
}

Result<std::uint32_t> parse_min_se(std::string_view value) {
  std::string_view digits;
  auto params = head_and_params(value, digits, chars::kToken, kIgnore);
  if (!params) {
    return std::unexpected(params.error());
  }
  return parse_delta_seconds(digits);
}

Result<RAck> parse_rack(std::string_view value) {
  // RAck = response-num LWS CSeq-num LWS Method
  Scanner scanner(value);
  scanner.skip_sws();
  const auto rseq = parse_sequence_number(scanner.take(chars::kToken));
  if (!rseq) {
    return std::unexpected(rseq.error());
  }
  scanner.skip_sws();
  const auto cseq = parse_cseq(scanner.rest());
  if (!cseq) {
    return shifted(cseq.error(), scanner.pos());
  }
  return RAck{*rseq, cseq->number, cseq->method, cseq->method_text};
}

}  // namespace sipline::sip

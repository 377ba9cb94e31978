#include "app/core/incoming_policy.hpp"

#include <algorithm>
#include <chrono>

#include "base/text.hpp"
#include "sip/message/list_headers.hpp"

namespace sipline::app {
namespace {

using namespace std::chrono_literals;

constexpr Duration kMaxAutoAnswerDelay = 1h;
constexpr std::size_t kMaxPatternLength = 128;

bool is_header(const sip::ua::CallHeader& header, std::string_view name) {
  return iequals(header.name, name);
}

// Where `needle` (lower case) is in `text`, case-insensitively; npos when it is not.
std::size_t ifind(std::string_view text, std::string_view needle) {
  if (needle.size() > text.size()) {
    return std::string_view::npos;
  }
  for (std::size_t at = 0; at + needle.size() <= text.size(); ++at) {
    if (iequals(text.substr(at, needle.size()), needle)) {
      return at;
    }
  }
  return std::string_view::npos;
}

// An answer-after=N parameter's delay in `value`; nullopt without one (or with no number).
std::optional<Duration> answer_after(std::string_view value) {
  constexpr std::string_view kParam = "answer-after=";
  const std::size_t at = ifind(value, kParam);
  if (at == std::string_view::npos) {
    return std::nullopt;
  }
  std::string_view digits = value.substr(at + kParam.size());
  digits = digits.substr(0, std::min(digits.find_first_not_of("0123456789"), digits.size()));
  if (digits.empty()) {
    return std::nullopt;
  }
  if (digits.size() > 5) {
    return kMaxAutoAnswerDelay;
  }
  const auto seconds = parse_decimal<std::uint32_t>(digits);
  return std::min<Duration>(std::chrono::seconds(seconds.value_or(0)), kMaxAutoAnswerDelay);
}

// '*' any run, '?' one character; iterative with one backtrack point, so linear in practice.
bool wildcard_match(std::string_view pattern, std::string_view text) {
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star = std::string_view::npos;
  std::size_t resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

}  // namespace

std::optional<std::string_view> deny_reason(DenyIncoming rule, const CallParties& parties) {
  const bool other_user = parties.to_user != parties.our_user;
  const bool other_domain =
      parties.our_domain.empty() || !iequals(parties.to_host, parties.our_domain);
  const bool remote_domain =
      parties.our_domain.empty() || !iequals(parties.from_host, parties.our_domain);
  switch (rule) {
    case DenyIncoming::kNone:
      return std::nullopt;
    case DenyIncoming::kUser:
      return other_user ? std::optional<std::string_view>("the call is for another user")
                        : std::nullopt;
    case DenyIncoming::kDomain:
      return other_domain ? std::optional<std::string_view>("the call is for another domain")
                          : std::nullopt;
    case DenyIncoming::kUserDomain:
      if (other_user) {
        return "the call is for another user";
      }
      return other_domain ? std::optional<std::string_view>("the call is for another domain")
                          : std::nullopt;
    case DenyIncoming::kRemoteDomain:
      return remote_domain ? std::optional<std::string_view>("the caller is from another domain")
                           : std::nullopt;
    case DenyIncoming::kAll:
      return "incoming calls are refused (denyIncoming=all)";
  }
  return std::nullopt;
}

std::optional<Duration> requested_auto_answer(std::span<const sip::ua::CallHeader> headers) {
  for (const sip::ua::CallHeader& header : headers) {
    const std::string_view value = trim_wsp(header.value);
    if (is_header(header, "X-AUTOANSWER")) {
      if (iequals(value, "true") || value == "1") {
        return Duration::zero();
      }
    } else if (is_header(header, "Call-Info")) {
      if (const auto delay = answer_after(value)) {
        return delay;
      }
    } else if (is_header(header, "Alert-Info")) {
      if (const auto delay = answer_after(value)) {
        return delay;
      }
      for (const std::string_view asks : {"alert-autoanswer", "auto answer", "autoanswer"}) {
        if (ifind(value, asks) != std::string_view::npos) {
          return Duration::zero();
        }
      }
    }
  }
  return std::nullopt;
}

std::vector<std::string> split_number_patterns(std::string_view list) {
  std::vector<std::string> out;
  while (!list.empty() && out.size() < kMaxNumberPatterns) {
    const std::size_t end = std::min(list.find_first_of(";|"), list.size());
    const std::string_view pattern = trim_wsp(list.substr(0, end));
    if (!pattern.empty()) {
      out.emplace_back(pattern.substr(0, kMaxPatternLength));
    }
    list.remove_prefix(std::min(end + 1, list.size()));
  }
  return out;
}

bool number_matches(std::string_view number, std::span<const std::string> patterns) {
  return patterns.empty() || std::ranges::any_of(patterns, [number](const std::string& pattern) {
           return wildcard_match(pattern, number);
         });
}

std::string forwarded_by(std::span<const sip::ua::CallHeader> headers) {
  for (const std::string_view name : {"Diversion", "History-Info"}) {
    for (const sip::ua::CallHeader& header : headers) {
      if (!is_header(header, name)) {
        continue;
      }
      // The first element of the value: a header may list several (comma-separated).
      const auto addresses = sip::parse_address_list(header.value, sip::AddressForm::kAny);
      if (!addresses || addresses->empty()) {
        continue;
      }
      const sip::NameAddr& address = addresses->front();
      std::string out(address.uri.text);
      if (auto reason = address.params.find("reason"); reason && !reason->empty()) {
        if (reason->size() >= 2 && reason->front() == '"' && reason->back() == '"') {
          *reason = reason->substr(1, reason->size() - 2);
        }
        out += " (";
        out += *reason;
        out += ')';
      }
      return out;
    }
  }
  return {};
}

std::string diversion_value(std::string_view our_uri, bool after_ringing) {
  std::string out = "<";
  out += our_uri;
  out += after_ringing ? ">;reason=no-answer;counter=1" : ">;reason=unconditional;counter=1";
  return out;
}

}  // namespace sipline::app

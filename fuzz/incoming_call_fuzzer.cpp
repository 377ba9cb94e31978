// What an incoming INVITE or a 3xx to ours decides on, from arbitrary bytes: the auto-answer
// request headers, the Diversion / History-Info shown, autoAnswerNumber patterns, and a 3xx's
// redirect targets (the bytes parsed as a SIP message). Never a crash; every result bounded.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/core/incoming_policy.hpp"
#include "fuzz/check.hpp"
#include "sip/message/parser.hpp"
#include "sip/message/uri.hpp"
#include "sip/ua/redirect_targets.hpp"

using sipline::fuzz::check;
namespace app = sipline::app;
namespace sip = sipline::sip;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string value(text);
  for (const std::string_view name :
       {"X-AUTOANSWER", "Call-Info", "Alert-Info", "Diversion", "History-Info"}) {
    const std::vector<sip::ua::CallHeader> headers{{std::string(name), value}};
    if (const auto delay = app::requested_auto_answer(headers)) {
      check(*delay >= sipline::Duration::zero() && *delay <= std::chrono::hours(1));
    }
    const std::string by = app::forwarded_by(headers);
    check(by.size() <= value.size() + 3);  // the URI and " (reason)" are in the value
  }
  const auto patterns = app::split_number_patterns(text);
  check(patterns.size() <= app::kMaxNumberPatterns);
  for (const std::string& pattern : patterns) {
    check(!pattern.empty() && pattern.size() <= 128);
    check(pattern.find_first_of(";|") == std::string::npos);
  }
  (void)app::number_matches(text.substr(0, 256), patterns);
  if (const auto message = sip::parse_message(text); message && message->is_response()) {
    const auto targets = sip::redirect_targets(*message);
    check(targets.size() <= sip::ua::kMaxRedirectTargets);
    for (const std::string& target : targets) {
      const auto uri = sip::parse_uri(target);
      check(uri && uri->is_sip());
    }
  }
  return 0;
}

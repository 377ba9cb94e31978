// Fuzzes the event hooks' command lines and what a caller puts into them. The input is a command,
// a display name, a remote URI and a value, separated by lines "--" (the last part takes the
// rest). Never a crash; split_command gives 1 to 64 words, the same twice, and the same again
// from the words written back quoted; clean_hook_value gives valid UTF-8 without a control
// character (C0, DEL, C1) within its cap, is idempotent and leaves a clean short value alone;
// percent_encode gives only unreserved characters and %XX, and decodes back; hook_argv puts a
// whole-word placeholder's value in whole, keeps a word without one, ends a program with `last`
// and opens a URL as `opener URL`; the hooks a call fires carry no NUL, CR or LF the command did
// not have, and only SIPLINE_…=… environment entries with the display name cleaned.
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/cli/call_hooks.hpp"
#include "app/cli/hook_command.hpp"
#include "app/core/event_hooks.hpp"
#include "app/core/phone_events.hpp"
#include "base/utf8.hpp"
#include "fuzz/check.hpp"
#include "fuzz/input_parts.hpp"

namespace {

using sipline::app::CallDirection;
using sipline::app::CallHooks;
using sipline::app::CallRef;
using sipline::app::clean_hook_value;
using sipline::app::EventHooks;
using sipline::app::hook_argv;
using sipline::app::HookEvent;
using sipline::app::HookRun;
using sipline::app::HookValue;
using sipline::app::is_url_command;
using sipline::app::kMaxHookValue;
using sipline::app::percent_encode;
using sipline::app::PhoneEvent;
using sipline::app::split_command;

using sipline::fuzz::check;

namespace event = sipline::app::event;

constexpr std::string_view kOpener = "xdg-open";
constexpr std::string_view kUnreserved =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
constexpr std::string_view kUpperHex = "0123456789ABCDEF";

struct Parts {
  std::string_view command;
  std::string_view display_name;
  std::string_view remote_uri;
  std::string_view value;
};

Parts parts_of(std::string_view input) {
  const auto parts = sipline::fuzz::input_parts<4>(input);
  return {parts[0], parts[1], parts[2], parts[3]};
}

bool is_unreserved(char c) { return kUnreserved.find(c) != std::string_view::npos; }

bool has_nul_cr_lf(std::string_view text) {
  return text.find_first_of(std::string_view("\0\r\n", 3)) != std::string_view::npos;
}

bool has_control_byte(std::string_view text) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      return true;
    }
  }
  return false;
}

// C1 (U+0080…U+009F) is C2 80 … C2 9F in UTF-8; in valid UTF-8 a C2 byte always leads.
bool has_c1(std::string_view text) {
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    const auto second = static_cast<unsigned char>(text[i + 1]);
    if (static_cast<unsigned char>(text[i]) == 0xC2 && second >= 0x80 && second <= 0x9F) {
      return true;
    }
  }
  return false;
}

bool is_clean(std::string_view text) {
  return sipline::is_utf8(text) && !has_control_byte(text) && !has_c1(text);
}

void check_split(std::string_view command) {
  const auto words = split_command(command);
  check(split_command(command) == words);
  if (!words) {
    check(!words.error().empty());
    return;
  }
  check(!words->empty() && words->size() <= 64);
  check(command.size() <= 4096);
  // Each word written back inside "…" (\" and \\ escaped) splits to the same words.
  std::string quoted;
  for (const std::string& word : *words) {
    quoted += quoted.empty() ? "\"" : " \"";
    for (const char c : word) {
      if (c == '"' || c == '\\') {
        quoted += '\\';
      }
      quoted += c;
    }
    quoted += '"';
  }
  if (quoted.size() <= 4096) {
    check(split_command(quoted) == words);
  }
}

void check_clean(std::string_view text, std::size_t cap) {
  const std::string cleaned = clean_hook_value(text, cap);
  check(sipline::is_utf8(cleaned));
  check(!has_control_byte(cleaned));
  check(!has_c1(cleaned));
  check(cleaned.size() <= cap);
  check(clean_hook_value(cleaned, cap) == cleaned);
  if (is_clean(text) && text.size() <= cap) {
    check(cleaned == text);
  }
}

std::optional<std::string> percent_decode(std::string_view encoded) {
  std::string out;
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    if (is_unreserved(encoded[i])) {
      out += encoded[i];
      continue;
    }
    if (encoded[i] != '%' || encoded.size() - i < 3) {
      return std::nullopt;
    }
    const std::size_t high = kUpperHex.find(encoded[i + 1]);
    const std::size_t low = kUpperHex.find(encoded[i + 2]);
    if (high == std::string_view::npos || low == std::string_view::npos) {
      return std::nullopt;
    }
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

void check_percent_encode(std::string_view text) {
  const auto decoded = percent_decode(percent_encode(text));
  check(decoded.has_value() && *decoded == text);
}

// Every byte of `expanded` is in `word`, or is what percent_encode writes.
bool only_from(std::string_view expanded, std::string_view word) {
  for (const char c : expanded) {
    if (!is_unreserved(c) && c != '%' && word.find(c) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

void check_argv(const std::vector<std::string>& words, const std::vector<HookValue>& values,
                std::string_view last) {
  const auto argv = hook_argv(words, values, last, kOpener);
  const auto starts = [&](std::string_view scheme) {
    const std::string_view word = words.front();
    if (word.size() < scheme.size()) {
      return false;
    }
    for (std::size_t i = 0; i < scheme.size(); ++i) {
      const char c = word[i] >= 'A' && word[i] <= 'Z' ? static_cast<char>(word[i] + 32) : word[i];
      if (c != scheme[i]) {
        return false;
      }
    }
    return true;
  };
  const bool url = words.size() == 1 && (starts("http://") || starts("https://"));
  check(is_url_command(words) == url);
  if (url) {
    check(argv.size() == 2 && argv[0] == kOpener);
    check(only_from(argv[1], words[0]));
    if (words[0].find('{') == std::string::npos) {
      check(argv[1] == words[0]);
    }
    return;
  }
  check(argv.size() == words.size() + 1 && argv.back() == last);
  for (std::size_t i = 0; i < words.size(); ++i) {
    const HookValue* whole = nullptr;
    for (const HookValue& value : values) {
      if (words[i] == "{" + std::string(value.name) + "}") {
        whole = &value;
        break;
      }
    }
    if (whole != nullptr) {
      check(argv[i] == whole->value);
    } else {
      check(only_from(argv[i], words[i]));
      if (words[i].find('{') == std::string::npos) {
        check(argv[i] == words[i]);
      }
    }
  }
}

void check_runs(const std::vector<HookRun>& runs, HookEvent expected, std::string_view command,
                const CallRef& call) {
  check(runs.size() == 1 && runs[0].event == expected);
  const HookRun& run = runs[0];
  check(!run.argv.empty());
  for (const std::string& arg : run.argv) {
    check(has_nul_cr_lf(command) || !has_nul_cr_lf(arg));
  }
  const std::string display_name = "SIPLINE_DISPLAY_NAME=" + clean_hook_value(call.display_name);
  std::size_t display_names = 0;
  for (const std::string& entry : run.environment) {
    check(!has_nul_cr_lf(entry));
    check(entry.starts_with("SIPLINE_") && entry.find('=') != std::string::npos);
    if (entry.starts_with("SIPLINE_DISPLAY_NAME=")) {
      check(entry == display_name);
      ++display_names;
    }
  }
  check(display_names == 1);
}

void check_hooks(const Parts& parts) {
  EventHooks hooks;
  hooks.commands.fill(std::string(parts.command));
  const auto words = split_command(parts.command);
  const auto made = CallHooks::make(hooks, std::string(parts.value), std::string(kOpener));
  check(made.has_value() == (words.has_value() || parts.command.empty()));
  if (!made) {
    return;
  }
  check(made->any() == words.has_value());
  if (!words) {
    return;
  }
  CallRef call;
  call.id = static_cast<std::uint32_t>(parts.value.size());
  call.direction = CallDirection::kIncoming;
  call.remote = std::string(parts.remote_uri);
  call.remote_uri = std::string(parts.remote_uri);
  call.display_name = std::string(parts.display_name);
  constexpr std::int64_t kNow = 1'700'000'000;
  check_runs(made->on_event(PhoneEvent(event::CallIncoming{call}), kNow), HookEvent::kIncomingCall,
             parts.command, call);
  call.direction = CallDirection::kOutgoing;
  for (const int status : {486, 487}) {
    event::CallSummary summary;
    summary.call = call;
    summary.talk = std::chrono::seconds(parts.display_name.size());
    summary.status = status;
    check_runs(made->on_event(PhoneEvent(summary), kNow),
               status == 486 ? HookEvent::kCallBusy : HookEvent::kCallEnd, parts.command, call);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Parts parts = parts_of(std::string_view(reinterpret_cast<const char*>(data), size));
  check_split(parts.command);
  // A small cap from the input too, so that cuts inside a character are reached.
  const std::size_t small_cap = size == 0 ? 0 : data[0] % 32;
  for (const std::string_view text : {parts.display_name, parts.remote_uri, parts.value}) {
    check_clean(text, kMaxHookValue);
    check_clean(text, small_cap);
    check_percent_encode(text);
  }
  if (const auto words = split_command(parts.command)) {
    const std::string display_name(parts.display_name);
    const std::string remote_uri(parts.remote_uri);
    const std::string value(parts.value);
    const std::vector<HookValue> values = {
        {"callerid", display_name}, {"user", value},        {"number", value},
        {"domain", remote_uri},     {"name", display_name}, {"server", remote_uri},
        {"duration", "0"},          {"time", "1700000000"}, {"callid", "7"},
        {"direction", "incoming"},
    };
    check_argv(*words, values, parts.value);
  }
  check_hooks(parts);
  return 0;
}

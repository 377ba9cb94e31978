// MicroSIP's auto-answer, deny and forwarding rules, as far as sipline can honour them.
#include "app/cli/incoming_rules.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <utility>

namespace sipline::app {
namespace {

std::string_view value_of(const IniEntry* entry) {
  return entry != nullptr ? std::string_view(entry->value) : std::string_view();
}

bool one_of(std::string_view value, std::initializer_list<std::string_view> values) {
  return std::ranges::any_of(values, [value](std::string_view v) { return iequals(v, value); });
}

// The toolbar buttons' saved states and the two delays: checked whether or not a rule uses them.
struct Switches {
  bool aa = false;
  bool dnd = false;
  bool fwd = false;
};

std::expected<Switches, std::string> read_switches(const SectionReader& in,
                                                   const IncomingRules& rules) {
  Switches out;
  for (const auto& [entry, flag] :
       std::array{std::pair{rules.aa, &out.aa}, std::pair{rules.dnd, &out.dnd},
                  std::pair{rules.fwd, &out.fwd}}) {
    if (entry != nullptr) {
      if (auto read = in.flag(*entry, *flag); !read) {
        return std::unexpected(read.error());
      }
    }
  }
  for (const IniEntry* delay : {rules.auto_answer_delay, rules.forwarding_delay}) {
    std::uint32_t seconds = 0;
    if (delay != nullptr && !delay->value.empty()) {
      if (auto read = in.number<std::uint32_t>(*delay, 0, 3600, seconds); !read) {
        return std::unexpected(read.error());
      }
    }
  }
  return out;
}

// autoAnswer: MicroSIP's '' (no), button (the AA button), header (when the INVITE asks for it),
// all; and sipline's older 0 and 1.
std::expected<bool, std::string> read_auto_answer(const SectionReader& in,
                                                  const IncomingRules& rules, bool aa,
                                                  UnbuiltList& unbuilt) {
  const std::string_view mode =
      rules.auto_answer != nullptr ? value_of(rules.auto_answer) : std::string_view("button");
  bool on = false;
  if (one_of(mode, {"all", "1"})) {
    on = true;
  } else if (iequals(mode, "button")) {
    on = aa;
  } else if (iequals(mode, "header")) {
    unbuilt.push_back(
        {rules.auto_answer, "answering the calls that ask for it (X-AUTOANSWER, Call-Info)"});
  } else if (!one_of(mode, {"", "0"})) {
    return std::unexpected(
        in.error(*rules.auto_answer,
                 fmt::format("needs '' (no), button, header or all (or 0 or 1), got '{}'", mode)));
  }
  if (!on) {
    return false;  // the rules below only narrow or delay automatic answers
  }
  if (!value_of(rules.auto_answer_number).empty()) {
    // Answering every caller when only some may be: the microphone open to anyone.
    return std::unexpected(in.error(*rules.auto_answer_number,
                                    "answering only some callers automatically is not supported "
                                    "yet (every caller would be answered)"));
  }
  if (const auto delay = value_of(rules.auto_answer_delay); !delay.empty() && delay != "0") {
    unbuilt.push_back({rules.auto_answer_delay, "answering after a delay"});
  }
  if (!value_of(rules.auto_answer_calls).empty()) {
    unbuilt.push_back({rules.auto_answer_calls, "choosing which calls are answered automatically"});
  }
  return true;
}

// denyIncoming: '' takes every call; button refuses every call while the DND button is on (do
// not disturb: true); the others refuse some (486) and are not built.
std::expected<bool, std::string> read_deny(const SectionReader& in, const IncomingRules& rules,
                                           bool dnd) {
  const std::string_view mode =
      rules.deny_incoming != nullptr ? value_of(rules.deny_incoming) : std::string_view("button");
  if (mode.empty()) {
    return false;
  }
  if (iequals(mode, "button")) {
    return dnd;
  }
  if (one_of(mode, {"all", "user", "domain", "userdomain", "remotedomain", "rdomain", "address"})) {
    return std::unexpected(
        in.error(*rules.deny_incoming, "refusing incoming calls is not supported yet"));
  }
  return std::unexpected(
      in.error(*rules.deny_incoming,
               fmt::format("needs '' (no), button, user, domain, userdomain, remotedomain or all, "
                           "got '{}'",
                           mode)));
}

// forwarding: '' (no), button (the FWD button) or all, to forwardingNumber.
Applied read_forwarding(const SectionReader& in, const IncomingRules& rules, bool fwd,
                        UnbuiltList& unbuilt) {
  const std::string_view mode = value_of(rules.forwarding);
  if (!one_of(mode, {"", "button", "all"})) {
    return std::unexpected(
        in.error(*rules.forwarding, fmt::format("needs '' (no), button or all, got '{}'", mode)));
  }
  const std::string_view number = trim_wsp(value_of(rules.forwarding_number));
  if (number.empty()) {
    return {};
  }
  if (iequals(mode, "all")) {
    unbuilt.push_back({rules.forwarding, fmt::format("forwarding calls (to {})", number)});
  } else if (iequals(mode, "button") && fwd) {
    unbuilt.push_back({rules.fwd, fmt::format("forwarding calls (to {})", number)});
  }
  return {};
}

}  // namespace

bool IncomingRules::take(const IniEntry& entry) {
  for (const auto& [key, slot] : std::array{
           std::pair{"autoAnswer", &auto_answer},
           std::pair{"AA", &aa},
           std::pair{"autoAnswerDelay", &auto_answer_delay},
           std::pair{"autoAnswerNumber", &auto_answer_number},
           std::pair{"autoAnswerCalls", &auto_answer_calls},
           std::pair{"denyIncoming", &deny_incoming},
           std::pair{"DND", &dnd},
           std::pair{"forwarding", &forwarding},
           std::pair{"FWD", &fwd},
           std::pair{"forwardingNumber", &forwarding_number},
           std::pair{"forwardingDelay", &forwarding_delay},
       }) {
    if (iequals(entry.key, key)) {
      *slot = &entry;
      return true;
    }
  }
  return false;
}

std::expected<IncomingChoice, std::string> read_incoming_rules(const SectionReader& in,
                                                               const IncomingRules& rules,
                                                               UnbuiltList& unbuilt) {
  const auto switches = read_switches(in, rules);
  if (!switches) {
    return std::unexpected(switches.error());
  }
  const auto deny = read_deny(in, rules, switches->dnd);
  if (!deny) {
    return std::unexpected(deny.error());
  }
  if (auto forwarding = read_forwarding(in, rules, switches->fwd, unbuilt); !forwarding) {
    return std::unexpected(forwarding.error());
  }
  const auto auto_answer = read_auto_answer(in, rules, switches->aa, unbuilt);
  if (!auto_answer) {
    return std::unexpected(auto_answer.error());
  }
  return IncomingChoice{*auto_answer, *deny};
}

}  // namespace sipline::app

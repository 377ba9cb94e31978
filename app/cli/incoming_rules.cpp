// MicroSIP's auto-answer, deny and forwarding rules, into PhoneConfig.
#include "app/cli/incoming_rules.hpp"

#include <algorithm>
#include <array>
#include <chrono>
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
  std::uint32_t auto_answer_delay = 0;  // seconds
  std::uint32_t forwarding_delay = 0;
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
  for (const auto& [delay, seconds] :
       std::array{std::pair{rules.auto_answer_delay, &out.auto_answer_delay},
                  std::pair{rules.forwarding_delay, &out.forwarding_delay}}) {
    if (delay != nullptr && !delay->value.empty()) {
      if (auto read = in.number<std::uint32_t>(*delay, 0, 3600, *seconds); !read) {
        return std::unexpected(read.error());
      }
    }
  }
  return out;
}

// autoAnswer: MicroSIP's '' (no), button (the AA button), header (when the INVITE asks for it),
// all; and sipline's older 0 and 1. autoAnswerNumber narrows any of them to some callers,
// autoAnswerDelay lets the call ring first.
Applied read_auto_answer(const SectionReader& in, const IncomingRules& rules,
                         const Switches& switches, PhoneConfig& config, UnbuiltList& unbuilt) {
  const std::string_view mode =
      rules.auto_answer != nullptr ? value_of(rules.auto_answer) : std::string_view("button");
  if (one_of(mode, {"all", "1"})) {
    config.auto_answer = true;
  } else if (iequals(mode, "button")) {
    config.auto_answer = switches.aa;
  } else if (iequals(mode, "header")) {
    config.auto_answer_on_request = true;
  } else if (!one_of(mode, {"", "0"})) {
    return std::unexpected(
        in.error(*rules.auto_answer,
                 fmt::format("needs '' (no), button, header or all (or 0 or 1), got '{}'", mode)));
  }
  config.auto_answer_numbers = split_number_patterns(value_of(rules.auto_answer_number));
  config.auto_answer_delay = std::chrono::seconds(switches.auto_answer_delay);
  if (!value_of(rules.auto_answer_calls).empty() &&
      (config.auto_answer || config.auto_answer_on_request)) {
    unbuilt.push_back({rules.auto_answer_calls, "choosing which calls are answered automatically"});
  }
  return {};
}

// denyIncoming: '' takes every call; button refuses every call while the DND button is on (do
// not disturb); user, domain, userdomain, remotedomain and all refuse some or all (486).
Applied read_deny(const SectionReader& in, const IncomingRules& rules, bool dnd,
                  PhoneConfig& config) {
  const std::string_view mode =
      rules.deny_incoming != nullptr ? value_of(rules.deny_incoming) : std::string_view("button");
  if (mode.empty()) {
    return {};
  }
  if (iequals(mode, "button")) {
    config.do_not_disturb = dnd;
    return {};
  }
  for (const auto& [name, rule] : std::array{std::pair{"user", DenyIncoming::kUser},
                                             std::pair{"domain", DenyIncoming::kDomain},
                                             std::pair{"userdomain", DenyIncoming::kUserDomain},
                                             std::pair{"remotedomain", DenyIncoming::kRemoteDomain},
                                             std::pair{"all", DenyIncoming::kAll}}) {
    if (iequals(mode, name)) {
      config.deny_incoming = rule;
      return {};
    }
  }
  return std::unexpected(
      in.error(*rules.deny_incoming,
               fmt::format("needs '' (no), button, user, domain, userdomain, remotedomain or all, "
                           "got '{}'",
                           mode)));
}

// forwarding: '' (no), button (the FWD button) or all, to forwardingNumber after
// forwardingDelay seconds of ringing (0: at once). The number stays for `fwd on`.
Applied read_forwarding(const SectionReader& in, const IncomingRules& rules,
                        const Switches& switches, PhoneConfig& config) {
  const std::string_view mode = value_of(rules.forwarding);
  if (!one_of(mode, {"", "button", "all"})) {
    return std::unexpected(
        in.error(*rules.forwarding, fmt::format("needs '' (no), button or all, got '{}'", mode)));
  }
  config.forward_to = std::string(trim_wsp(value_of(rules.forwarding_number)));
  config.forward_delay = std::chrono::seconds(switches.forwarding_delay);
  // Without a number nothing is forwarded, as in MicroSIP (its FWD button can be on without).
  config.forwarding = !config.forward_to.empty() &&
                      (iequals(mode, "all") || (iequals(mode, "button") && switches.fwd));
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

Applied read_incoming_rules(const SectionReader& in, const IncomingRules& rules,
                            PhoneConfig& config, UnbuiltList& unbuilt) {
  const auto switches = read_switches(in, rules);
  if (!switches) {
    return std::unexpected(switches.error());
  }
  if (auto deny = read_deny(in, rules, switches->dnd, config); !deny) {
    return deny;
  }
  if (auto forwarding = read_forwarding(in, rules, *switches, config); !forwarding) {
    return forwarding;
  }
  return read_auto_answer(in, rules, *switches, config, unbuilt);
}

}  // namespace sipline::app

// MicroSIP's rules for incoming calls, read from [Settings] together. autoAnswer, denyIncoming
// and forwarding each name a mode ('' no, button, all …); in mode "button" the saved state of
// its toolbar button (AA, DND, FWD) decides, and a missing autoAnswer or denyIncoming means
// "button", as in MicroSIP. Every mode is built (PhoneConfig's incoming fields);
// autoAnswerCalls, whose meaning MicroSIP does not document, is named at start-up.
#pragma once

#include <expected>
#include <string>

#include "app/cli/section_reader.hpp"
#include "app/core/phone_config.hpp"

namespace sipline::app {

struct IncomingRules {
  const IniEntry* auto_answer = nullptr;  // '' | 0 | button | header | all | 1
  const IniEntry* aa = nullptr;           // the AA button: 0 | 1
  const IniEntry* auto_answer_delay = nullptr;
  const IniEntry* auto_answer_number = nullptr;  // callers answered automatically, ';' or '|'
  const IniEntry* auto_answer_calls = nullptr;
  const IniEntry* deny_incoming = nullptr;  // '' | button | user | domain | … | all
  const IniEntry* dnd = nullptr;            // the DND button: 0 | 1
  const IniEntry* forwarding = nullptr;     // '' | button | all
  const IniEntry* fwd = nullptr;            // the FWD button: 0 | 1
  const IniEntry* forwarding_number = nullptr;
  const IniEntry* forwarding_delay = nullptr;

  // Keeps `entry` if its key is one of these; false otherwise.
  bool take(const IniEntry& entry);
};

// What the rules decide, into `config`, or why the file is refused. A rule not built but
// harmless to ignore is added to `unbuilt`.
[[nodiscard]] Applied read_incoming_rules(const SectionReader& in, const IncomingRules& rules,
                                          PhoneConfig& config, UnbuiltList& unbuilt);

}  // namespace sipline::app

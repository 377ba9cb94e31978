// MicroSIP's rules for incoming calls, read from [Settings] together. autoAnswer, denyIncoming
// and forwarding each name a mode ('' no, button, all …); in mode "button" the saved state of
// its toolbar button (AA, DND, FWD) decides, and a missing autoAnswer or denyIncoming means
// "button", as in MicroSIP. sipline builds answering every call at once and do not disturb (DND
// with denyIncoming=button: every call refused 486). A rule that would keep callers out is refused
// until it is built (ignoring it would let them in, or answer them); one that would only make
// calls ring elsewhere or later is named at start-up.
#pragma once

#include <expected>
#include <string>

#include "app/cli/section_reader.hpp"

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

struct IncomingChoice {
  bool auto_answer = false;     // every call answered at once
  bool do_not_disturb = false;  // every call refused (486)
};

// What the rules decide, or why the file is refused. Rules not built but harmless to ignore are
// added to `unbuilt`.
[[nodiscard]] std::expected<IncomingChoice, std::string> read_incoming_rules(
    const SectionReader& in, const IncomingRules& rules, UnbuiltList& unbuilt);

}  // namespace sipline::app

// Reading one section of microsip.ini: values checked into their targets, and every error and
// start-up note as one line naming file, line, section and key.
#pragma once

#include <algorithm>
#include <array>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "app/cli/microsip_keys.hpp"
#include "base/ini.hpp"
#include "base/text.hpp"

namespace sipline::app {

using Applied = std::expected<void, std::string>;
// Lines said at start-up: settings the file asks for that sipline has not built (ignored).
using ConfigNotes = std::vector<std::string>;

// A setting not built, noted at the entry asking for it; said in the file's order once the
// section is read (rules read together would otherwise come last).
struct Unbuilt {
  const IniEntry* entry;
  std::string what;  // "recording calls"
};
using UnbuiltList = std::vector<Unbuilt>;

class SectionReader {
 public:
  SectionReader(std::string_view file, const IniSection& section)
      : file_(file), section_(section) {}

  // "FILE:LINE: [Section] key: reason"
  [[nodiscard]] std::string error(const IniEntry& entry, std::string_view reason) const {
    return fmt::format("{}:{}: [{}] {}: {}", file_, entry.line, section_.name, entry.key, reason);
  }
  // "FILE:LINE: [Section]: reason", about the section as a whole
  [[nodiscard]] std::string error(std::string_view reason) const {
    return fmt::format("{}:{}: [{}]: {}", file_, section_.line, section_.name, reason);
  }
  // Each as "FILE:LINE: [Section] key=value: WHAT is not built yet (ignored)", by line.
  void say(UnbuiltList unbuilt, ConfigNotes& notes) const {
    // Lines are unique within a section, so a plain sort is stable enough (libstdc++'s
    // stable_sort uses get_temporary_buffer, deprecated in C++23: clang's -Werror refuses it).
    std::ranges::sort(unbuilt, {}, [](const Unbuilt& u) { return u.entry->line; });
    for (const Unbuilt& u : unbuilt) {
      notes.push_back(fmt::format("{}:{}: [{}] {}={}: {} is not built yet (ignored)", file_,
                                  u.entry->line, section_.name, u.entry->key, u.entry->value,
                                  u.what));
    }
  }

  // "0" or "1", as MicroSIP writes them (empty: 0), into `out`.
  [[nodiscard]] Applied flag(const IniEntry& entry, bool& out) const {
    if (entry.value != "0" && !entry.value.empty() && entry.value != "1") {
      return std::unexpected(error(entry, fmt::format("needs 0 or 1, got '{}'", entry.value)));
    }
    out = entry.value == "1";
    return {};
  }

  // A decimal number in [low, high], into `out`.
  template <class T>
  [[nodiscard]] Applied number(const IniEntry& entry, T low, T high, T& out) const {
    const auto value = parse_decimal<T>(entry.value);
    if (!value || *value < low || *value > high) {
      return std::unexpected(error(
          entry, fmt::format("needs a number from {} to {}, got '{}'", low, high, entry.value)));
    }
    out = *value;
    return {};
  }

  // For settings sipline refuses until built: empty (or "0", "disabled") is the only value.
  [[nodiscard]] Applied off_only(const IniEntry& entry, std::string_view what) const {
    if (entry.value.empty() || entry.value == "0" || iequals(entry.value, "disabled")) {
      return {};
    }
    return std::unexpected(error(entry, fmt::format("{} is not supported yet", what)));
  }

  // A key of `table`: noted when its value asks for more than sipline does. False: not listed.
  template <std::size_t N>
  static bool not_built(const std::array<microsip::NotBuilt, N>& table, const IniEntry& entry,
                        UnbuiltList& unbuilt) {
    const microsip::NotBuilt* known = microsip::find(table, entry.key);
    if (known == nullptr) {
      return false;
    }
    if (!microsip::quiet(*known, entry.value)) {
      unbuilt.push_back({&entry, std::string(known->what)});
    }
    return true;
  }

  [[nodiscard]] const IniSection& section() const { return section_; }

 private:
  std::string_view file_;
  const IniSection& section_;
};

}  // namespace sipline::app

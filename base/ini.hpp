// INI text (the format of MicroSIP's microsip.ini): sections of key=value lines. Parsed whole,
// with every section, key and value kept with its line number, so that a bad value can be
// reported as "file:line: [Section] key: reason". Bad input is normal input: the parser never
// throws, and refuses what it cannot read unambiguously instead of guessing.
//
//   ; a comment        # also a comment        (whole lines only: values may hold ; and #)
//   [Account1]         section names and keys compare case-insensitively, as on Windows
//   server = pbx.example.com:5060              spaces around key and value are dropped,
//   displayName = "Alice Smith"                and one pair of double quotes around a value
#pragma once

#include <cstddef>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sipline {

struct IniEntry {
  std::string key;
  std::string value;
  std::size_t line = 0;  // 1-based
};

struct IniSection {
  std::string name;
  std::size_t line = 0;
  std::vector<IniEntry> entries;

  // The entry with this key (case-insensitive), if present.
  [[nodiscard]] const IniEntry* find(std::string_view key) const noexcept;
};

struct IniDocument {
  std::vector<IniSection> sections;

  [[nodiscard]] const IniSection* find(std::string_view name) const noexcept;
};

struct IniError {
  std::size_t line = 0;  // 1-based; 0 for the file as a whole
  std::string reason;
};

struct IniLimits {
  std::size_t max_bytes = 1U << 20U;  // a config file, not a database
  std::size_t max_line = 4096;
};

// UTF-16LE text (without its byte order mark) as UTF-8, as parse_ini reads it. Refused: an odd
// byte count and unpaired surrogates (line 0).
[[nodiscard]] std::expected<std::string, IniError> utf8_from_utf16le(std::string_view bytes);

// UTF-16LE text with its byte order mark (what MicroSIP writes on Windows) is read as UTF-8.
// Refused: a key before any section, a line that is neither a section, a key=value nor a
// comment, an empty key or section name, a section or key given twice (which one would win is
// a guess), NUL bytes, and input over the limits.
[[nodiscard]] std::expected<IniDocument, IniError> parse_ini(std::string_view text,
                                                             const IniLimits& limits = {});

}  // namespace sipline

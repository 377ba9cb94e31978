// Fuzzes setting one key of an ini file in place. The input is a section, a key, a value and the
// file's bytes, separated by lines "--" (the bytes take the rest, "--" lines too). Never a
// crash; a file parse_ini refuses is refused; a file it sets reads back with the key in the
// section holding exactly the value, every other section, key and value as they were (spelling
// too), nothing else added, and the same byte order mark; setting it again changes nothing, and
// a key that already held the value leaves the bytes as they were. In the text (decoded from
// UTF-16LE if need be) a key that was there changes its line alone and keeps that line's end;
// one that was not is inserted whole, its line ends those of the file's first line.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/ini.hpp"
#include "base/ini_edit.hpp"
#include "fuzz/check.hpp"
#include "fuzz/input_parts.hpp"

namespace {

using sipline::IniDocument;
using sipline::IniEntry;
using sipline::IniSection;
using sipline::parse_ini;
using sipline::set_ini_value;
using sipline::utf8_from_utf16le;

using sipline::fuzz::check;

constexpr std::string_view kUtf16Bom = "\xFF\xFE";
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

struct Parts {
  std::string_view section;
  std::string_view key;
  std::string_view value;
  std::string_view bytes;
};

Parts parts_of(std::string_view input) {
  const auto parts = sipline::fuzz::input_parts<4>(input);
  return {parts[0], parts[1], parts[2], parts[3]};
}

std::string_view bom_of(std::string_view bytes) {
  if (bytes.starts_with(kUtf16Bom)) {
    return kUtf16Bom;
  }
  return bytes.starts_with(kUtf8Bom) ? kUtf8Bom : std::string_view();
}

// The text parse_ini reads: after the byte order mark, decoded from UTF-16LE if it says so.
std::string text_of(std::string_view bytes) {
  const std::string_view bom = bom_of(bytes);
  if (bom != kUtf16Bom) {
    return std::string(bytes.substr(bom.size()));
  }
  const auto text = utf8_from_utf16le(bytes.substr(bom.size()));
  check(text.has_value());  // parse_ini read it
  return *text;
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  while (true) {
    const std::size_t lf = text.find('\n');
    lines.push_back(text.substr(0, lf));
    if (lf == std::string_view::npos) {
      return lines;
    }
    text.remove_prefix(lf + 1);
  }
}

std::size_t entries_in(const IniDocument& document) {
  std::size_t count = 0;
  for (const IniSection& section : document.sections) {
    count += section.entries.size();
  }
  return count;
}

// A key that was there: its line (1-based `number`) alone changes, and ends as it did.
void check_line_changed(std::string_view before, std::string_view after, std::size_t number) {
  const auto old_lines = lines_of(before);
  const auto new_lines = lines_of(after);
  check(old_lines.size() == new_lines.size());
  check(number >= 1 && number <= old_lines.size());
  for (std::size_t i = 0; i < old_lines.size(); ++i) {
    if (i + 1 == number) {
      check(old_lines[i].ends_with('\r') == new_lines[i].ends_with('\r'));
    } else {
      check(old_lines[i] == new_lines[i]);
    }
  }
}

// A key that was not: `after` is `before` with one piece inserted, at a line's start or at the
// end, holding one line end (two or three with a new section) and each of them the file's, but
// for an LF first in the piece, which ends the file's last line (after a CR of its own, maybe).
void check_line_inserted(std::string_view before, std::string_view after, bool is_utf16,
                         bool section_existed) {
  check(after.size() > before.size());
  std::size_t common = 0;
  while (common < before.size() && before[common] == after[common]) {
    ++common;
  }
  check(after.substr(after.size() - (before.size() - common)) == before.substr(common));
  check(common == before.size() || (common > 0 && after[common - 1] == '\n'));
  const std::string_view inserted = after.substr(common, after.size() - before.size());
  const std::size_t first_lf = before.find('\n');
  const bool crlf =
      first_lf == std::string_view::npos ? is_utf16 : first_lf > 0 && before[first_lf - 1] == '\r';
  std::size_t line_ends = 0;
  for (std::size_t i = 0; i < inserted.size(); ++i) {
    if (inserted[i] == '\n') {
      ++line_ends;
      check(i == 0 || (inserted[i - 1] == '\r') == crlf);
    }
  }
  if (section_existed) {
    check(line_ends == 1);
  } else {
    check(line_ends == (before.empty() || before.ends_with('\n') ? 2U : 3U));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto [section, key, value, bytes] =
      parts_of(std::string_view(reinterpret_cast<const char*>(data), size));
  const auto result = set_ini_value(bytes, section, key, value);
  const auto before = parse_ini(bytes);
  if (!before || !result) {
    check(before.has_value() || !result.has_value());
    check(result.has_value() || !result.error().reason.empty());
    return 0;
  }
  const auto after = parse_ini(*result);
  check(after.has_value());
  const IniSection* set_section = after->find(section);
  const IniEntry* set_entry = set_section == nullptr ? nullptr : set_section->find(key);
  check(set_entry != nullptr && set_entry->value == value);

  const IniSection* old_section = before->find(section);
  const IniEntry* old_entry = old_section == nullptr ? nullptr : old_section->find(key);
  for (const IniSection& was : before->sections) {
    const IniSection* now = after->find(was.name);
    check(now != nullptr && now->name == was.name);
    for (const IniEntry& entry : was.entries) {
      const IniEntry* kept = now->find(entry.key);
      check(kept != nullptr && kept->key == entry.key);
      check(&entry == old_entry || kept->value == entry.value);
    }
  }
  check(after->sections.size() == before->sections.size() + (old_section == nullptr ? 1 : 0));
  check(entries_in(*after) == entries_in(*before) + (old_entry == nullptr ? 1 : 0));
  check(bom_of(*result) == bom_of(bytes));

  const auto again = set_ini_value(*result, section, key, value);
  check(again.has_value() && *again == *result);
  if (old_entry != nullptr && old_entry->value == value) {
    check(*result == bytes);
  }

  const std::string old_text = text_of(bytes);
  const std::string new_text = text_of(*result);
  if (old_entry != nullptr) {
    check_line_changed(old_text, new_text, old_entry->line);
  } else {
    check_line_inserted(old_text, new_text, bom_of(bytes) == kUtf16Bom, old_section != nullptr);
  }
  return 0;
}

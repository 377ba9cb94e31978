// Setting one ini key in place: one line changes, every other byte and the encoding stay, and
// parse_ini reads back the new value with every other entry as it was.
#include "base/ini_edit.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "base/text.hpp"

namespace sipline {
namespace {

// UTF-8 to UTF-16LE with the BOM, written apart from the code under test so the two cannot share
// a mistake: the code point is assembled byte by byte from the lead byte's length.
std::string utf16_file(std::string_view utf8) {
  std::string out = "\xFF\xFE";
  const auto put = [&](unsigned unit) {
    out += static_cast<char>(unit % 256);
    out += static_cast<char>(unit / 256);
  };
  for (std::size_t i = 0; i < utf8.size();) {
    const unsigned lead = static_cast<unsigned char>(utf8[i]);
    std::size_t length = 1;
    unsigned code = lead;
    if (lead >= 0xF0) {
      length = 4;
      code = lead - 0xF0;
    } else if (lead >= 0xE0) {
      length = 3;
      code = lead - 0xE0;
    } else if (lead >= 0xC0) {
      length = 2;
      code = lead - 0xC0;
    }
    for (std::size_t k = 1; k < length; ++k) {
      code = code * 64 + (static_cast<unsigned char>(utf8[i + k]) - 0x80U);
    }
    i += length;
    if (code > 0xFFFF) {
      put(0xD800 + (code - 0x10000) / 1024);
      put(0xDC00 + (code - 0x10000) % 1024);
    } else {
      put(code);
    }
  }
  return out;
}

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t lf = std::min(text.find('\n', at), text.size() - 1);
    lines.emplace_back(text.substr(at, lf + 1 - at));  // with its line end, to compare it too
    at = lf + 1;
  }
  return lines;
}

// The one line, with its end, in which `after` differs from `before`; fails unless exactly one.
std::string only_changed_line(std::string_view before, std::string_view after) {
  const std::vector<std::string> old_lines = lines_of(before);
  const std::vector<std::string> new_lines = lines_of(after);
  EXPECT_EQ(old_lines.size(), new_lines.size());
  std::vector<std::string> changed;
  for (std::size_t i = 0; i < std::min(old_lines.size(), new_lines.size()); ++i) {
    if (old_lines[i] != new_lines[i]) {
      changed.push_back(new_lines[i]);
    }
  }
  EXPECT_EQ(changed.size(), 1U);
  return changed.empty() ? std::string() : changed.front();
}

// parse_ini reads `edited` as `original` with [section] key set to value and nothing else moved.
void expect_reads_back(std::string_view original, std::string_view edited, std::string_view section,
                       std::string_view key, std::string_view value) {
  const auto before = parse_ini(original);
  const auto after = parse_ini(edited);
  ASSERT_TRUE(before && after);
  ASSERT_NE(after->find(section), nullptr);
  ASSERT_NE(after->find(section)->find(key), nullptr);
  EXPECT_EQ(after->find(section)->find(key)->value, value);
  for (const IniSection& old_section : before->sections) {
    for (const IniEntry& entry : old_section.entries) {
      if (iequals(old_section.name, section) && iequals(entry.key, key)) {
        continue;
      }
      const IniEntry* kept = after->find(old_section.name)->find(entry.key);
      ASSERT_NE(kept, nullptr) << entry.key;
      EXPECT_EQ(kept->value, entry.value) << entry.key;
    }
  }
}

std::string set(std::string_view bytes, std::string_view section, std::string_view key,
                std::string_view value) {
  auto out = set_ini_value(bytes, section, key, value);
  EXPECT_TRUE(out) << out.error().line << ": " << out.error().reason;
  return out ? *out : std::string();
}

constexpr std::string_view kMicroSip =
    "; written by hand\n"
    "[Settings]\n"
    "accountId=1\n"
    "\n"
    "# unknown keys are kept\n"
    "futureOption = \"x y\"\n"
    "[Account1]\n"
    "  server =   old.example.com   \n"
    "password=a;b#c=d\n"
    "\n"
    "[Calls]\n";

TEST(IniEdit, RewritesOnlyTheKeysLineInAUtf8LfFile) {
  const std::string out = set(kMicroSip, "Account1", "server", "pbx.example.com:5060");
  EXPECT_EQ(only_changed_line(kMicroSip, out), "server=pbx.example.com:5060\n");
  expect_reads_back(kMicroSip, out, "Account1", "server", "pbx.example.com:5060");
}

TEST(IniEdit, KeepsEachLinesOwnEndInACrlfFile) {
  const std::string_view file = "[Settings]\r\naccountId=1\r\nautoAnswer=0\r\n";
  EXPECT_EQ(set(file, "Settings", "accountId", "2"),
            "[Settings]\r\naccountId=2\r\nautoAnswer=0\r\n");
  EXPECT_EQ(set("[A]\r\nk=1", "A", "k", "2"), "[A]\r\nk=2");  // a last line without an end
  EXPECT_EQ(set("\xEF\xBB\xBF[A]\nk=1\n", "A", "k", "2"), "\xEF\xBB\xBF[A]\nk=2\n");
}

TEST(IniEdit, AUtf16FileStaysUtf16WithItsBomAndKeepsCharactersPastTheBmp) {
  // U+1F600 in a comment is a surrogate pair in the file; it must come back unchanged.
  const std::string file = utf16_file(
      "; \xF0\x9F\x98\x80 MicroSIP\r\n"
      "[Settings]\r\n"
      "userAgent=old\r\n"
      "ringtone=T\xC3\xA9l\xC3\xA9phone\r\n");
  const std::string out = set(file, "Settings", "userAgent", "T\xC3\xA9l \xF0\x9F\x93\x9E");
  EXPECT_EQ(out, utf16_file("; \xF0\x9F\x98\x80 MicroSIP\r\n"
                            "[Settings]\r\n"
                            "userAgent=T\xC3\xA9l \xF0\x9F\x93\x9E\r\n"
                            "ringtone=T\xC3\xA9l\xC3\xA9phone\r\n"));
  expect_reads_back(file, out, "Settings", "userAgent", "T\xC3\xA9l \xF0\x9F\x93\x9E");
  EXPECT_EQ(set(file, "New", "k", "v"), file + utf16_file("[New]\r\nk=v\r\n").substr(2));
}

TEST(IniEdit, AKeyInAnotherCaseKeepsTheFilesSpelling) {
  EXPECT_EQ(set("[s]\naa=1\n", "S", "AA", "2"), "[s]\naa=2\n");
}

TEST(IniEdit, AnAbsentKeyGoesAfterTheSectionsLastKey) {
  const std::string_view file =
      "[A]\n"
      "a=1\n"
      "; between keys\n"
      "b=2\n"
      "\n"
      "; before the next section\n"
      "[B]\n"
      "x=1\n";
  const std::string out = set(file, "a", "c", "3");
  EXPECT_EQ(out,
            "[A]\n"
            "a=1\n"
            "; between keys\n"
            "b=2\n"
            "c=3\n"
            "\n"
            "; before the next section\n"
            "[B]\n"
            "x=1\n");
  expect_reads_back(file, out, "A", "c", "3");
  EXPECT_EQ(set("[A]\r\n; only a comment\r\n[B]\r\n", "A", "k", "v"),
            "[A]\r\nk=v\r\n; only a comment\r\n[B]\r\n");
  EXPECT_EQ(set("[A]\na=1", "A", "b", "2"), "[A]\na=1\nb=2");
}

TEST(IniEdit, AnAbsentSectionIsAppendedAtTheEnd) {
  EXPECT_EQ(set("[A]\r\na=1\r\n", "New", "k", "v"), "[A]\r\na=1\r\n[New]\r\nk=v\r\n");
  EXPECT_EQ(set("[A]\na=1", "New", "k", "v"), "[A]\na=1\n[New]\nk=v\n");
  EXPECT_EQ(set("", "New", "k", "v"), "[New]\nk=v\n");
}

// Found by ini_edit_fuzzer: a last line ending in a lone CR got a whole CRLF after it, and the
// CR left in "\r\r\n" became part of the line before's value.
TEST(IniEdit, ALastLineEndingInALoneCrGetsOnlyAnLf) {
  EXPECT_EQ(set("[s]\r\na=x\r", "s", "b", "1"), "[s]\r\na=x\r\nb=1");
  EXPECT_EQ(set("[s]\r\na=x\r", "t", "b", "1"), "[s]\r\na=x\r\n[t]\r\nb=1\r\n");
}

TEST(IniEdit, AnEqualValueLeavesTheBytesAlone) {
  const std::string_view file = "[A]\n  a =  \"1\"  \r\n";
  EXPECT_EQ(set(file, "A", "a", "1"), file);
}

TEST(IniEdit, AValueParseIniWouldChangeIsQuotedSoItReadsBack) {
  for (const std::string_view value : {" padded ", "\"quoted\"", "", "\"", "a\"b"}) {
    const std::string out = set("[A]\nk=1\nz=2\n", "A", "k", value);
    expect_reads_back("[A]\nk=1\nz=2\n", out, "A", "k", value);
  }
  EXPECT_EQ(set("[A]\nk=1\n", "A", "k", " x"), "[A]\nk=\" x\"\n");
}

TEST(IniEdit, RefusesLineBreaksNulAndInvalidUtf8) {
  const std::string_view file = "[A]\nk=1\n";
  EXPECT_EQ(set_ini_value(file, "A", "k", "a\r\nb").error().reason,
            "the value holds CR, LF or NUL");
  EXPECT_EQ(set_ini_value(file, "A", "k", "a\rb").error().reason, "the value holds CR, LF or NUL");
  EXPECT_EQ(set_ini_value(file, "A", "k", std::string_view("a\0b", 3)).error().reason,
            "the value holds CR, LF or NUL");
  EXPECT_EQ(set_ini_value(file, "A", "k\nx", "1").error().reason, "the key holds CR, LF or NUL");
  EXPECT_EQ(set_ini_value(file, "A", "k", "\xC3").error().reason, "the value is not valid UTF-8");
}

TEST(IniEdit, RefusesWhatParseIniRefuses) {
  const auto out = set_ini_value("[A]\nno equals sign\n", "A", "k", "v");
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().line, 2U);
  EXPECT_EQ(out.error().reason, "expected key=value, [Section] or a comment");
  EXPECT_FALSE(set_ini_value(std::string("\xFF\xFE\x00\xDC", 4), "A", "k", "v"));
}

TEST(IniEdit, RefusesAKeyOrSectionThatWouldNotReadBack) {
  for (const std::string_view key : {"a=b", ";a", " a", "[x", ""}) {
    EXPECT_FALSE(set_ini_value("[A]\n", "A", key, "v")) << key;
  }
  EXPECT_FALSE(set_ini_value("[A]\n", " B", "k", "v"));
  EXPECT_FALSE(set_ini_value("[A]\n", "", "k", "v"));
}

TEST(IniEdit, RefusesAResultOverTheSizeLimit) {
  std::string file = "[A]\nk=1\n";
  while (file.size() < IniLimits{}.max_bytes - 10) {
    file += "; " + std::string(80, 'x') + "\n";
  }
  file.resize(IniLimits{}.max_bytes - 1);
  file += "\n";
  EXPECT_EQ(set_ini_value(file, "A", "k", std::string(20, 'v')).error().reason,
            "the result would be larger than 1048576 bytes");
}

}  // namespace
}  // namespace sipline

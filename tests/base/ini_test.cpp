// The INI parser: MicroSIP's own file shape, comments, quotes and CRLF; and every refusal with
// its line number.
#include "base/ini.hpp"

#include <gtest/gtest.h>

namespace sipline {
namespace {

TEST(Ini, ReadsSectionsKeysAndValuesWithTheirLines) {
  const auto ini = parse_ini(
      "\xEF\xBB\xBF; written by hand\r\n"
      "[Settings]\r\n"
      "accountId=1\r\n"
      "  cmdCallStart =   \r\n"
      "\r\n"
      "# another comment\n"
      "[Account1]\n"
      "displayName = \"Alice Smith\"\n"
      "password=a;b#c=d\n");
  ASSERT_TRUE(ini) << ini.error().line << ": " << ini.error().reason;
  ASSERT_EQ(ini->sections.size(), 2U);
  const IniSection& settings = ini->sections[0];
  EXPECT_EQ(settings.name, "Settings");
  EXPECT_EQ(settings.line, 2U);
  ASSERT_EQ(settings.entries.size(), 2U);
  EXPECT_EQ(settings.entries[0].key, "accountId");
  EXPECT_EQ(settings.entries[0].value, "1");
  EXPECT_EQ(settings.entries[0].line, 3U);
  EXPECT_EQ(settings.entries[1].key, "cmdCallStart");
  EXPECT_EQ(settings.entries[1].value, "");
  const IniSection* account = ini->find("ACCOUNT1");  // case-insensitive, as on Windows
  ASSERT_NE(account, nullptr);
  EXPECT_EQ(account->find("displayname")->value, "Alice Smith");  // one pair of quotes dropped
  EXPECT_EQ(account->find("password")->value, "a;b#c=d");  // ; and # inside values are values
  EXPECT_EQ(account->find("password")->line, 9U);
  EXPECT_EQ(account->find("username"), nullptr);
  EXPECT_EQ(ini->find("Calls"), nullptr);
}

TEST(Ini, Utf16WithAByteOrderMarkAsMicroSipWritesIt) {
  // "[Settings]\r\nuserAgent=Téléphone 📞\r\n" in UTF-16LE: é is one unit, the emoji a pair.
  const std::u16string wide = u"[Settings]\r\nuserAgent=T\u00e9l\u00e9phone \U0001F4DE\r\n";
  std::string bytes = "\xFF\xFE";
  for (const char16_t unit : wide) {
    bytes += static_cast<char>(unit & 0xFFU);
    bytes += static_cast<char>(unit >> 8U);
  }
  const auto ini = parse_ini(bytes);
  ASSERT_TRUE(ini) << ini.error().reason;
  EXPECT_EQ(ini->find("Settings")->find("userAgent")->value,
            "T\xC3\xA9l\xC3\xA9phone \xF0\x9F\x93\x9E");
  EXPECT_EQ(parse_ini(std::string("\xFF\xFE[\0[", 5)).error().reason,
            "UTF-16 text with an odd number of bytes");
  EXPECT_EQ(parse_ini(std::string("\xFF\xFE\x00\xDC", 4)).error().reason,
            "not valid UTF-16 (a lone low surrogate)");
  EXPECT_EQ(parse_ini(std::string("\xFF\xFE\x00\xD8[\0", 6)).error().reason,
            "not valid UTF-16 (a lone high surrogate)");
}

TEST(Ini, AnEmptyFileIsAnEmptyDocument) {
  EXPECT_TRUE(parse_ini("")->sections.empty());
  EXPECT_TRUE(parse_ini("\n\n; only comments\n")->sections.empty());
}

TEST(Ini, RefusalsNameTheLine) {
  struct Case {
    const char* text;
    std::size_t line;
    const char* reason;
  };
  for (const Case& c : {
           Case{"key=value\n", 1, "key 'key' before any [Section]"},
           Case{"[A]\nno equals sign\n", 2, "expected key=value, [Section] or a comment"},
           Case{"[A]\n=value\n", 2, "empty key"},
           Case{"[A\n", 1, "a section header must end with ']'"},
           Case{"[ ]\n", 1, "empty section name"},
           Case{"[A]\n[B]\n[a]\n", 3, "section [a] given twice (first on line 1)"},
           Case{"[A]\nk=1\nK=2\n", 3, "[A] K given twice (first on line 2)"},
       }) {
    const auto ini = parse_ini(c.text);
    ASSERT_FALSE(ini) << c.text;
    EXPECT_EQ(ini.error().line, c.line) << c.text;
    EXPECT_EQ(ini.error().reason, c.reason) << c.text;
  }
}

TEST(Ini, HostileInputIsRefusedNotRead) {
  EXPECT_EQ(parse_ini(std::string_view("[A]\nk=\0\n", 7)).error().reason, "NUL byte");
  const std::string long_line = "[A]\nk=" + std::string(5000, 'x') + "\n";
  EXPECT_EQ(parse_ini(long_line).error().line, 2U);
  EXPECT_FALSE(parse_ini(std::string(2U << 20U, '\n')));  // over the 1 MiB bound
  EXPECT_TRUE(parse_ini(std::string(1000, '\n')));
}

}  // namespace
}  // namespace sipline

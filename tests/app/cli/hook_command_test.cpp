// A hook's command line: split once, caller data only ever whole or percent-encoded.
#include "app/cli/hook_command.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace sipline::app {
namespace {

using Words = std::vector<std::string>;

TEST(HookCommand, SplitsOnBlanksWithQuotesAndEscapes) {
  EXPECT_EQ(*split_command("notify.sh"), Words{"notify.sh"});
  EXPECT_EQ(*split_command("  /opt/crm/pop  --line\t1 "), (Words{"/opt/crm/pop", "--line", "1"}));
  EXPECT_EQ(*split_command("\"/opt/my crm/pop\" 'a \"b\"' x"),
            (Words{"/opt/my crm/pop", "a \"b\"", "x"}));
  EXPECT_EQ(*split_command(R"("say \"hi\" \\ now" my\ file C:\tools\pop.exe)"),
            (Words{R"(say "hi" \ now)", "my file", R"(C:\tools\pop.exe)"}));
  EXPECT_EQ(*split_command("pre'fix'\"ed\""), Words{"prefixed"});
  EXPECT_EQ(*split_command("''"), Words{""});
}

TEST(HookCommand, RefusesWhatCannotBeSplitUnambiguously) {
  EXPECT_EQ(split_command("\"/opt/pop").error(), "an unclosed \"");
  EXPECT_EQ(split_command("pop 'x").error(), "an unclosed '");
  EXPECT_EQ(split_command("   ").error(), "no command");
  EXPECT_EQ(split_command(std::string(4097, 'a')).error(), "a command over 4096 bytes");
  std::string many;
  for (int i = 0; i < 65; ++i) {
    many += "w ";
  }
  EXPECT_EQ(split_command(many).error(), "over 64 words");
}

TEST(HookCommand, CleanValueDropsControlsRepairsUtf8AndCaps) {
  EXPECT_EQ(clean_hook_value("alice"), "alice");
  EXPECT_EQ(clean_hook_value(std::string("a\0b\r\nc\x1B[31m\x7F", 12)), "abc[31m");
  EXPECT_EQ(clean_hook_value("\xC2\x85x\xC2\xA0"), "x\xC2\xA0");  // C1 NEL dropped, NBSP kept
  EXPECT_EQ(clean_hook_value("a\xFF"
                             "b\xC0\x80"),
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(clean_hook_value("Zoë", 3), "Zo");  // never half a character
  EXPECT_EQ(clean_hook_value(std::string(65536, 'x')).size(), kMaxHookValue);
}

TEST(HookCommand, PercentEncodesAllButUnreserved) {
  EXPECT_EQ(percent_encode("A-z_0.9~"), "A-z_0.9~");
  EXPECT_EQ(percent_encode("a b&c=d/é%"), "a%20b%26c%3Dd%2F%C3%A9%25");
}

TEST(HookCommand, PlaceholdersAreWholeWordsOrEncoded) {
  const std::vector<HookValue> values = {{"number", "$(id); rm -rf ~"}, {"callid", "7"}};
  EXPECT_EQ(hook_argv(*split_command("pop {number} --id={callid} {nope} {number"), values, "last",
                      "xdg-open"),
            (Words{"pop", "$(id); rm -rf ~", "--id=7", "{nope}", "{number", "last"}));
  EXPECT_EQ(hook_argv(*split_command("pop x{number}"), values, "-n", "xdg-open"),
            (Words{"pop", "x%24%28id%29%3B%20rm%20-rf%20~", "-n"}));
}

TEST(HookCommand, AUrlIsOpenedWithItsValuesEncoded) {
  const std::vector<HookValue> values = {{"number", "+1 555&x=1"}, {"name", "Zoë"}};
  const auto words = *split_command("https://crm.example.com/pop?n={number}&who={name}");
  EXPECT_TRUE(is_url_command(words));
  EXPECT_EQ(hook_argv(words, values, "1555", "xdg-open"),
            (Words{"xdg-open", "https://crm.example.com/pop?n=%2B1%20555%26x%3D1&who=Zo%C3%AB"}));
  EXPECT_EQ(hook_argv(*split_command("HTTP://h/{number}"), values, "1555", "open"),
            (Words{"open", "HTTP://h/%2B1%20555%26x%3D1"}));
  EXPECT_FALSE(is_url_command(*split_command("https://h/ x")));
  EXPECT_FALSE(is_url_command(*split_command("/usr/bin/http-pop")));
}

}  // namespace
}  // namespace sipline::app

// The pure parts of the desktop's URI handlers: Exec arguments quoted as the Desktop Entry
// Specification says, sipline.desktop's text, our entry taken out of a mimeapps.list, and the
// defaults recorded before registering read back.
#include <gtest/gtest.h>

#include "app/cli/desktop_entry.hpp"

namespace sipline::app {
namespace {

TEST(DesktopExecArgument, PlainPathStaysAsItIs) {
  EXPECT_EQ(desktop_exec_argument("/usr/local/bin/sipline"), "/usr/local/bin/sipline");
  EXPECT_EQ(desktop_exec_argument("/home/ann/phone-2.ini"), "/home/ann/phone-2.ini");
}

TEST(DesktopExecArgument, ReservedCharacterQuotesTheArgument) {
  EXPECT_EQ(desktop_exec_argument("/home/ann/My Phone/sipline"), "\"/home/ann/My Phone/sipline\"");
  EXPECT_EQ(desktop_exec_argument("/opt/a;b"), "\"/opt/a;b\"");
  EXPECT_EQ(desktop_exec_argument("/opt/it's"), "\"/opt/it's\"");
  EXPECT_EQ(desktop_exec_argument("~/x"), "\"~/x\"");
  EXPECT_EQ(desktop_exec_argument(""), "\"\"");
}

// The specification's own examples: a literal '$' in a quoted argument is "\\$" in the file, a
// literal '\' is "\\\\" (quoting escape, then the string type's escape of each '\').
TEST(DesktopExecArgument, EscapesInsideQuotesThenTheStringEscape) {
  EXPECT_EQ(desktop_exec_argument("/opt/$HOME"), R"("/opt/\\$HOME")");
  EXPECT_EQ(desktop_exec_argument(R"(/opt/a\b)"), R"("/opt/a\\\\b")");
  EXPECT_EQ(desktop_exec_argument(R"(/opt/say "hi")"), R"("/opt/say \\"hi\\"")");
  EXPECT_EQ(desktop_exec_argument("/opt/`id`"), R"("/opt/\\`id\\`")");
}

TEST(DesktopExecArgument, PercentIsDoubledQuotedOrNot) {
  EXPECT_EQ(desktop_exec_argument("/opt/100%"), "/opt/100%%");
  EXPECT_EQ(desktop_exec_argument("/opt/100% sure"), "\"/opt/100%% sure\"");
}

TEST(DesktopExecArgument, ControlCharacterCannotBeWritten) {
  EXPECT_EQ(desktop_exec_argument("/opt/a\nb"), std::nullopt);
  EXPECT_EQ(desktop_exec_argument("/opt/a\tb"), std::nullopt);
  EXPECT_EQ(desktop_exec_argument("/opt/a\x7f"), std::nullopt);
}

TEST(HandlerDesktopEntry, RunsTheProgramWithTheLinkAndNamesTheFourSchemes) {
  EXPECT_EQ(handler_desktop_entry("/usr/bin/sipline", ""),
            "[Desktop Entry]\nType=Application\nVersion=1.4\nName=sipline\n"
            "Comment=Call sip:, sips:, tel: and callto: links with the running sipline\n"
            "Exec=/usr/bin/sipline %u\n"
            "MimeType=x-scheme-handler/sip;x-scheme-handler/sips;x-scheme-handler/tel;"
            "x-scheme-handler/callto;\nNoDisplay=true\nTerminal=false\n");
}

TEST(HandlerDesktopEntry, ConfigFileFollowsQuotedWhenItMustBe) {
  const auto entry = handler_desktop_entry("/opt/sip line/sipline", "/home/ann/work.ini");
  ASSERT_TRUE(entry);
  EXPECT_NE(entry->find("\nExec=\"/opt/sip line/sipline\" --config /home/ann/work.ini %u\n"),
            std::string::npos)
      << *entry;
  EXPECT_EQ(handler_desktop_entry("/usr/bin/sipline", "/tmp/a\nb.ini"), std::nullopt);
  EXPECT_EQ(handler_desktop_entry("/usr/bin/sip\rline", ""), std::nullopt);
}

TEST(WithoutDefaultApplication, TakesOutOurLineAndKeepsEveryOther) {
  const std::string before =
      "# mine\n[Default Applications]\ntext/html=firefox.desktop\n"
      "x-scheme-handler/sip=sipline.desktop\nx-scheme-handler/sips=sipline.desktop\n\n"
      "[Added Associations]\nx-scheme-handler/sip=sipline.desktop;other.desktop;\n";
  EXPECT_EQ(without_default_application(before, "x-scheme-handler/sip", "sipline.desktop"),
            "# mine\n[Default Applications]\ntext/html=firefox.desktop\n"
            "x-scheme-handler/sips=sipline.desktop\n\n"
            "[Added Associations]\nx-scheme-handler/sip=sipline.desktop;other.desktop;\n");
}

TEST(WithoutDefaultApplication, TakesOurIdOutOfAList) {
  EXPECT_EQ(without_default_application(
                "[Default Applications]\nx-scheme-handler/tel = sipline.desktop;linphone.desktop;",
                "x-scheme-handler/tel", "sipline.desktop"),
            "[Default Applications]\nx-scheme-handler/tel=linphone.desktop;\n");
}

TEST(WithoutDefaultApplication, LeavesTheFileAloneWhenTheEntryIsAnothers) {
  const std::string text =
      "[Default Applications]\r\nx-scheme-handler/sip=other.desktop\r\n"
      "x-scheme-handler/sips=sipline.desktop.old\nx-scheme-handler/sipx=sipline.desktop";
  EXPECT_EQ(without_default_application(text, "x-scheme-handler/sip", "sipline.desktop"), text);
  EXPECT_EQ(without_default_application(text, "x-scheme-handler/sips", "sipline.desktop"), text);
  EXPECT_EQ(without_default_application("", "x-scheme-handler/sip", "sipline.desktop"), "");
}

TEST(RecordedDefault, ReadsTheLineOfTheMimeType) {
  const std::string state =
      "# What xdg-mime answered before sipline --register-uri-handlers\n"
      "x-scheme-handler/sip=other.desktop\nx-scheme-handler/sips=\nx-scheme-handler/tel=t.desktop";
  EXPECT_EQ(recorded_default(state, "x-scheme-handler/sip"), "other.desktop");
  EXPECT_EQ(recorded_default(state, "x-scheme-handler/sips"), "");
  EXPECT_EQ(recorded_default(state, "x-scheme-handler/tel"), "t.desktop");
  EXPECT_EQ(recorded_default(state, "x-scheme-handler/callto"), std::nullopt);
  EXPECT_EQ(recorded_default("", "x-scheme-handler/sip"), std::nullopt);
}

}  // namespace
}  // namespace sipline::app

// A real microsip.ini (tests/app/data/microsip.ini) loads, in UTF-8 and in UTF-16LE as MicroSIP
// stores it on Windows, and its switches (AA, FWD, DND) take effect; MicroSIP's encrypted
// passwords and its cmd… hooks are read as the issue-20 rules say.
#include <chrono>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "app/cli/config_file.hpp"

namespace sipline::app {
namespace {

// A microsip.ini as MicroSIP 3.21 writes it (tests/app/data/microsip.ini, hand-written from the
// keys and values MicroSIP saves; the password in plain text, as sipline needs it), in UTF-8 and
// as MicroSIP stores it on Windows: UTF-16LE with a byte order mark and CRLF line ends.
class RealMicroSipFile : public ::testing::TestWithParam<bool> {
 protected:
  static std::string text(bool utf16) {
    std::ifstream in(std::string(SIPLINE_APP_TEST_DATA) + "/microsip.ini", std::ios::binary);
    std::string utf8((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!utf16) {
      return utf8;
    }
    std::string out = "\xFF\xFE";  // the file is ASCII: one UTF-16 unit per byte
    for (const char c : utf8) {
      if (c == '\n') {
        out += std::string("\r\0", 2);
      }
      out += c;
      out += '\0';
    }
    return out;
  }
};

TEST_P(RealMicroSipFile, LoadsWithItsAccountsAndNamesWhatIsNotBuilt) {
  const std::string ini = text(GetParam());
  ASSERT_GT(ini.size(), 1000U);
  PhoneConfig config;
  const auto applied = apply_config_text("microsip.ini", ini, config);
  ASSERT_TRUE(applied) << applied.error();
  EXPECT_FALSE(config.auto_answer);  // autoAnswer=button with AA=0
  EXPECT_EQ(config.listen_port, 0);
  EXPECT_EQ(config.user_agent, "sipline");  // userAgent= empty: ours
  EXPECT_EQ(config.default_account, 1U);
  ASSERT_EQ(config.accounts.size(), 2U);
  EXPECT_EQ(config.accounts[0].aor, "sip:1001@pbx.example.com");
  EXPECT_EQ(config.accounts[0].registrar, "192.0.2.1");
  EXPECT_EQ(config.accounts[0].display_name, "Alice Smith");
  EXPECT_EQ(config.accounts[0].expires, 300U);
  EXPECT_EQ(config.accounts[1].aor, "sip:lab@192.0.2.2:5080");
  EXPECT_EQ(config.accounts[1].label, "Lab");
  // audioCodecs=opus/48000/2 G722/16000/1 PCMA/8000/1 PCMU/8000/1, in that order
  ASSERT_EQ(config.codecs.size(), 5U);
  EXPECT_EQ(config.codecs[0].name, "opus");
  EXPECT_EQ(config.codecs[1].name, "G722");
  EXPECT_EQ(config.codecs[2].name, "PCMA");
  EXPECT_EQ(config.codecs[3].name, "PCMU");
  EXPECT_EQ(config.accounts[0].keep_alive_s, 15U);  // keepAlive=15, both
  EXPECT_EQ(config.accounts[1].keep_alive_s, 15U);
  EXPECT_TRUE(applied->empty()) << applied->front();  // nothing it asks for is missing
}

TEST_P(RealMicroSipFile, ItsSwitchesAndRulesTakeEffect) {
  const auto with = [](std::string ini, std::string_view from, std::string_view to) {
    const auto at = ini.find(from);
    return at == std::string::npos ? std::string() : ini.replace(at, from.size(), to);
  };
  const std::string ini = text(false);
  PhoneConfig answering;  // the AA button pressed when MicroSIP saved the file
  ASSERT_TRUE(apply_config_text("m.ini", with(ini, "\nAA=0\n", "\nAA=1\n"), answering));
  EXPECT_TRUE(answering.auto_answer);
  PhoneConfig forwarding;  // the FWD button pressed, with forwarding=button to 1002
  const auto forwarded =
      apply_config_text("m.ini", with(ini, "\nFWD=0\n", "\nFWD=1\n"), forwarding);
  ASSERT_TRUE(forwarded);
  EXPECT_TRUE(forwarded->empty()) << forwarded->front();
  EXPECT_TRUE(forwarding.forwarding);
  EXPECT_EQ(forwarding.forward_to, "1002");
  PhoneConfig refusing;  // the DND button pressed: every call refused, as in MicroSIP
  ASSERT_TRUE(apply_config_text("m.ini", with(ini, "\nDND=0\n", "\nDND=1\n"), refusing));
  EXPECT_TRUE(refusing.do_not_disturb);
}

INSTANTIATE_TEST_SUITE_P(Utf8AndUtf16, RealMicroSipFile, ::testing::Bool());

// MicroSIP's remembered passwords are encrypted for the Windows user: said, never sent.
TEST(ConfigFile, AnEncryptedMicrosipPasswordIsNamedAndNotUsed) {
  PhoneConfig config;
  const auto applied = apply_config_text(
      "x.ini",
      "[Account1]\nserver=192.0.2.1\nusername=a\npassword=01000000D08C9DDF0115D1118C7A00C04F\n"
      "passwordSize=6\n[Account2]\nserver=192.0.2.1\nusername=b\npassword=plain\n"
      "passwordSize=0\n",
      config);
  ASSERT_TRUE(applied) << applied.error();
  EXPECT_EQ(*applied, (ConfigNotes{"x.ini:4: [Account1] password: MicroSIP's encrypted password "
                                   "cannot be read (passwordSize is set): the account registers "
                                   "without one; write it in plain text and remove passwordSize"}));
  EXPECT_EQ(config.accounts.at(0).password, "");
  EXPECT_EQ(config.accounts.at(1).password, "plain");
}

// MicroSIP's hooks are kept as written (split when run); a bad quote fails at start-up.
TEST(ConfigFile, HooksAreReadAndCheckedAtStart) {
  PhoneConfig config;
  const auto applied = apply_config_text("x.ini",
                                         "[Settings]\ncmdCallRing=\"/opt/my crm/pop\" {callid}\n"
                                         "CMDCALLEND=log.sh\ncmdIncomingCall=\ncmdCallBusy=  \n"
                                         "hookTimeout=3\n",
                                         config);
  ASSERT_TRUE(applied) << applied.error();
  EXPECT_TRUE(applied->empty());
  EXPECT_EQ(config.hooks.command(HookEvent::kCallRing), "\"/opt/my crm/pop\" {callid}");
  EXPECT_EQ(config.hooks.command(HookEvent::kCallEnd), "log.sh");
  EXPECT_EQ(config.hooks.command(HookEvent::kIncomingCall), "");
  EXPECT_EQ(config.hooks.command(HookEvent::kCallBusy), "");  // blank: none, not an error later
  EXPECT_EQ(config.hooks.timeout, std::chrono::seconds(3));

  PhoneConfig bad;
  EXPECT_EQ(apply_config_text("x.ini", "[Settings]\ncmdCallStart=\"/opt/pop\n", bad).error(),
            "x.ini:2: [Settings] cmdCallStart: an unclosed \"");
  EXPECT_EQ(apply_config_text("x.ini", "[Settings]\nhookTimeout=0\n", bad).error(),
            "x.ini:2: [Settings] hookTimeout: needs a number from 1 to 3600, got '0'");
}

}  // namespace
}  // namespace sipline::app

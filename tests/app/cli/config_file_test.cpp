// The ini file on a PhoneConfig: a MicroSIP file with its window keys loads; sipline's own keys;
// the command line on top; and each kind of mistake as one line naming file, line and key.
#include "app/cli/config_file.hpp"

#include <array>

#include <gtest/gtest.h>

namespace sipline::app {
namespace {

constexpr const char* kMicroSip =
    "[Settings]\r\n"
    "accountId=2\r\n"
    "autoAnswer=1\r\n"
    "sourcePort=5070\r\n"
    "mainX=965\r\n"
    "volumeOutput=100\r\n"
    "cmdCallStart=\r\n"
    "userAgent=desk phone\r\n"
    "[Account1]\r\n"
    "label=Office\r\n"
    "server=192.0.2.1\r\n"
    "proxy=\r\n"
    "domain=pbx.example.com\r\n"
    "username=alice\r\n"
    "password=secret\r\n"
    "authID=alice-auth\r\n"
    "displayName=Alice Smith\r\n"
    "transport=udp\r\n"
    "SRTP=\r\n"
    "ICE=0\r\n"
    "allowRewrite=1\r\n"
    "[Account2]\r\n"
    "server=192.0.2.2:5080\r\n"
    "username=bob\r\n"
    "registerRefresh=120\r\n"
    "instanceId=urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6\r\n"
    "[Calls]\r\n"
    "[Dialed]\r\n";

TEST(ConfigFile, AMicroSipFileLoadsWithItsAccounts) {
  PhoneConfig config;
  const auto applied = apply_config_text("microsip.ini", kMicroSip, config);
  ASSERT_TRUE(applied) << applied.error();
  EXPECT_EQ(config.listen_port, 5070);
  EXPECT_TRUE(config.auto_answer);
  EXPECT_EQ(config.user_agent, "desk phone");
  EXPECT_EQ(config.default_account, 2U);
  ASSERT_EQ(config.accounts.size(), 2U);
  const AccountConfig& office = config.accounts[0];
  EXPECT_EQ(office.aor, "sip:alice@pbx.example.com");
  EXPECT_EQ(office.registrar, "192.0.2.1");
  EXPECT_EQ(office.password, "secret");
  EXPECT_EQ(office.auth_username, "alice-auth");
  EXPECT_EQ(office.display_name, "Alice Smith");
  EXPECT_EQ(office.label, "Office");
  const AccountConfig& second = config.accounts[1];
  EXPECT_EQ(second.aor, "sip:bob@192.0.2.2:5080");  // no domain: the server's
  EXPECT_EQ(second.expires, 120U);
  EXPECT_EQ(second.instance_id, "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6");
}

TEST(ConfigFile, SiplineKeysAndTheDefaultAccount) {
  PhoneConfig config;
  ASSERT_TRUE(apply_config_text("a.ini",
                                "[Settings]\nlisten=192.0.2.10\naudio=null\nsipTrace=1\nuser=desk\n"
                                "[Account1]\nserver=127.0.0.1:5060\nusername=alice\n",
                                config));
  EXPECT_EQ(config.listen_address, "192.0.2.10");
  EXPECT_TRUE(config.sip_trace);
  EXPECT_EQ(config.user, "desk");
  EXPECT_EQ(config.default_account, 1U);  // no accountId: the first account
  PhoneConfig local;
  ASSERT_TRUE(apply_config_text("b.ini", "[Settings]\nautoAnswer=0\n", local));
  EXPECT_TRUE(local.accounts.empty());
  EXPECT_EQ(local.default_account, 0U);  // the local account: calls by IP
}

TEST(ConfigFile, EachMistakeIsOneLineNamingFileLineAndKey) {
  struct Case {
    const char* text;
    const char* error;
  };
  for (const Case& c : {
           Case{"[Settings]\nsourcePort=70000\n",
                "x.ini:2: [Settings] sourcePort: needs a number from 0 to 65535, got '70000'"},
           Case{"[Settings]\nautoAnswr=1\n", "x.ini:2: [Settings] autoAnswr: unknown key"},
           Case{"[Settings]\nautoAnswer=yes\n",
                "x.ini:2: [Settings] autoAnswer: needs 0 or 1, got 'yes'"},
           Case{"[Settings]\ncmdCallEnd=notify.sh\n",
                "x.ini:2: [Settings] cmdCallEnd: running a command on call events is not "
                "supported yet"},
           Case{"[Settings]\naudio=speakers\n",
                "x.ini:2: [Settings] audio: needs auto, null, default or file:IN.wav:OUT.wav, got "
                "'speakers'"},
           Case{"[Settings]\naccountId=3\n[Account1]\nserver=192.0.2.1\nusername=a\n",
                "x.ini:2: [Settings] accountId: there is no [Account3]"},
           Case{"[Account1]\nserver=192.0.2.1\n", "x.ini:1: [Account1]: username= is missing"},
           Case{"[Account1]\nusername=alice\n",
                "x.ini:1: [Account1]: server= (the registrar's address) is missing"},
           Case{"[Account1]\nserver=pbx.example.com\nusername=alice\n",
                "x.ini:1: [Account1]: the registrar 'pbx.example.com' is a host name; DNS is "
                "not supported yet, give its IP address (MicroSIP: server=, with domain= for "
                "the name)"},
           Case{"[Account1]\nserver=192.0.2.1\nusername=al ice\n",
                "x.ini:3: [Account1] username: not a SIP user name (letters, digits, "
                "-_.!~*'()&=+$,;?/): 'al ice'"},
           Case{"[Account1]\nserver=192.0.2.1\nusername=a\nSRTP=mandatory\n",
                "x.ini:4: [Account1] SRTP: SRTP on account calls is not supported yet"},
           Case{"[Account1]\nserver=192.0.2.1\nusername=a\nproxy=192.0.2.9\n",
                "x.ini:4: [Account1] proxy: an outbound proxy other than the registrar is not "
                "supported yet"},
           Case{"[Account1]\nserver=192.0.2.1\nusername=a\ninstanceId=\"<x>\"\n",
                "x.ini:1: [Account1]: the instance id must be a URN (urn:uuid:…), got '<x>'"},
           Case{"[Account2]\nserver=192.0.2.1\nusername=a\n",
                "x.ini:1: [Account2]: accounts are numbered 1, 2, 3 … in order; expected "
                "[Account1]"},
           Case{"[Phonebook]\n",
                "x.ini:1: [Phonebook]: unknown section (Settings, Account1 … "
                "expected)"},
           Case{"oops\n", "x.ini:1: expected key=value, [Section] or a comment"},
       }) {
    PhoneConfig config;
    const auto applied = apply_config_text("x.ini", c.text, config);
    ASSERT_FALSE(applied) << c.text;
    EXPECT_EQ(applied.error(), c.error);
    EXPECT_TRUE(config.accounts.empty()) << "a failed file changes nothing";
  }
}

TEST(ConfigFile, TheCommandLineOverridesOnlyWhatItNames) {
  PhoneConfig config;
  ASSERT_TRUE(apply_config_text("microsip.ini", kMicroSip, config));
  const std::array<std::string_view, 2> address_only{"--listen", "127.0.0.2"};
  ASSERT_TRUE(apply_options(*parse_options(address_only), config));
  EXPECT_EQ(config.listen_address, "127.0.0.2");
  EXPECT_EQ(config.listen_port, 5070);  // the file's sourcePort stays
  const std::array<std::string_view, 3> args{"--listen", ":6000", "--sip-trace"};
  const auto options = parse_options(args);
  ASSERT_TRUE(options);
  ASSERT_TRUE(apply_options(*options, config));
  EXPECT_EQ(config.listen_address, "127.0.0.2");  // ":6000" names the port only
  EXPECT_EQ(config.listen_port, 6000);
  EXPECT_TRUE(config.sip_trace);
  EXPECT_TRUE(config.auto_answer);        // from the file, not reset by the command line
  EXPECT_EQ(config.accounts.size(), 2U);  // --account not given: the file's accounts stay

  const std::array<std::string_view, 6> account{
      "--account",  "sip:carol@127.0.0.1:5062",
      "--password", "pw",
      "--instance", "urn:uuid:00000000-0000-1000-8000-000000000001"};
  ASSERT_TRUE(apply_options(*parse_options(account), config));
  ASSERT_EQ(config.accounts.size(), 1U);
  EXPECT_EQ(config.accounts[0].aor, "sip:carol@127.0.0.1:5062");
  EXPECT_EQ(config.accounts[0].instance_id, "urn:uuid:00000000-0000-1000-8000-000000000001");
  EXPECT_EQ(config.default_account, 1U);

  const std::array<std::string_view, 2> by_name{"--account", "sip:carol@pbx.example.com"};
  const auto refused = apply_options(*parse_options(by_name), config);
  ASSERT_FALSE(refused);
  EXPECT_TRUE(
      refused.error().starts_with("--account sip:carol@pbx.example.com: the registrar "
                                  "'pbx.example.com' is a host name"))
      << refused.error();
}

TEST(ConfigFile, AccountFlagsWithoutAnAccountAreRefused) {
  PhoneConfig config;
  const std::array<std::string_view, 2> args{"--password", "pw"};
  const auto refused = apply_options(*parse_options(args), config);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(),
            "--password belongs to --account (accounts from --config take theirs from the file)");
}

TEST(ConfigFile, MicroSipSettingsThatWouldChangeCallsAreRefusedByName) {
  for (const auto& [text, error] : std::vector<std::pair<std::string, std::string>>{
           {"[Settings]\nDND=1\n",
            "x.ini:2: [Settings] DND: refusing incoming calls is not "
            "supported yet"},
           {"[Settings]\nFWD=1\n",
            "x.ini:2: [Settings] FWD: call forwarding is not supported "
            "yet"},
           {"[Settings]\nenableSTUN=1\n",
            "x.ini:2: [Settings] enableSTUN: a STUN or DNS server "
            "is not supported yet"},
           {"[Settings]\nlisten=0.0.0.0\n",
            "x.ini:2: [Settings] listen: needs the address peers "
            "reach us at, not the unspecified one"},
           {"[Settings]\nlisten=host\n",
            "x.ini:2: [Settings] listen: needs an IP address (the "
            "port is sourcePort), got 'host'"},
           {"[Account1]\nserver=192.0.2.1\nusername=a\nhideCID=1\n",
            "x.ini:4: [Account1] hideCID: hiding the caller id is not supported yet"},
           {"[Account1]\nserver=192.0.2.1\nusername=a\ndialingPrefix=9\n",
            "x.ini:4: [Account1] dialingPrefix: rewriting dialled numbers is not supported yet"},
       }) {
    PhoneConfig config;
    const auto applied = apply_config_text("x.ini", text, config);
    ASSERT_FALSE(applied) << text;
    EXPECT_EQ(applied.error(), error);
  }
  PhoneConfig config;  // their "off" values, and the other keys MicroSIP writes, load
  ASSERT_TRUE(apply_config_text("x.ini",
                                "[Settings]\nDND=0\nFWD=0\nenableSTUN=0\nrport=1\n"
                                "rtpPortMin=10000\nvolumeRing=100\nuserAgent=Téléphone\n"
                                "[Account1]\nserver=192.0.2.1\nusername=a\nhideCID=0\n"
                                "dialingPrefix=\n[Shortcuts]\nnumber=1\n",
                                config));
  EXPECT_EQ(config.user_agent, "Téléphone");
}

TEST(ConfigFile, AMissingFileIsNamed) {
  PhoneConfig config;
  const auto applied = apply_config_file("/nonexistent/microsip.ini", config);
  ASSERT_FALSE(applied);
  EXPECT_EQ(applied.error(), "/nonexistent/microsip.ini: cannot read the file");
  const auto directory = apply_config_file("/tmp", config);  // opens, but cannot be read
  ASSERT_FALSE(directory);
  EXPECT_EQ(directory.error(), "/tmp: cannot read the file");
}

}  // namespace
}  // namespace sipline::app

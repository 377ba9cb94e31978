// The ini file on a PhoneConfig: a file as MicroSIP writes it loads; sipline's own keys; the
// command line on top; settings not built named one line each; and each kind of mistake as one
// line naming file, line and key.
#include "app/cli/config_file.hpp"

#include <array>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "app/core/server_location.hpp"

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
                                "dnsServer=127.0.0.1:5353\n"
                                "[Account1]\nserver=pbx.example.com\nusername=alice\n",
                                config));
  EXPECT_EQ(config.listen_address, "192.0.2.10");
  EXPECT_EQ(config.dns_server, "127.0.0.1:5353");
  EXPECT_EQ(config.accounts.at(0).registrar, "pbx.example.com");
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
                "x.ini:2: [Settings] autoAnswer: needs '' (no), button, header or all (or 0 or "
                "1), got 'yes'"},
           Case{"[Settings]\nAA=yes\n", "x.ini:2: [Settings] AA: needs 0 or 1, got 'yes'"},
           Case{"[Settings]\naudioCodecs=PCMU PCMU/16000\n",
                "x.ini:2: [Settings] audioCodecs: 'PCMU/16000' at byte 5: PCMU runs at 8000 Hz"},
           Case{"[Settings]\naudioCodecs=GSM/8000/1\n",
                "x.ini:2: [Settings] audioCodecs: no codec sipline has built (opus, G722, PCMU, "
                "PCMA, speex) is in the list: GSM/8000/1 is not built yet"},
           Case{"[Settings]\nautoAnswerDelay=soon\n",
                "x.ini:2: [Settings] autoAnswerDelay: needs a number from 0 to 3600, got 'soon'"},
           Case{"[Settings]\ndenyIncoming=strangers\n",
                "x.ini:2: [Settings] denyIncoming: needs '' (no), button, user, domain, "
                "userdomain, remotedomain or all, got 'strangers'"},
           Case{"[Settings]\nforwarding=busy\n",
                "x.ini:2: [Settings] forwarding: needs '' (no), button or all, got 'busy'"},
           Case{"[Settings]\naudio=speakers\n",
                "x.ini:2: [Settings] audio: needs auto, null, default or file:IN.wav:OUT.wav, got "
                "'speakers'"},
           Case{"[Settings]\naccountId=3\n[Account1]\nserver=192.0.2.1\nusername=a\n",
                "x.ini:2: [Settings] accountId: there is no [Account3]"},
           Case{"[Account1]\nserver=192.0.2.1\n", "x.ini:1: [Account1]: username= is missing"},
           Case{"[Account1]\nusername=alice\n",
                "x.ini:1: [Account1]: server= (the registrar's address) is missing"},
           Case{"[Settings]\ndnsServer=192.0.2.53:65536\n",
                "x.ini:2: [Settings] dnsServer: needs IP, IPv4:PORT or [IPv6]:PORT, got "
                "'192.0.2.53:65536'"},
           Case{"[Account1]\nserver=192.0.2.1\nusername=al ice\n",
                "x.ini:3: [Account1] username: not a SIP user name (letters, digits, "
                "-_.!~*'()&=+$,;?/): 'al ice'"},
           Case{"[Account1]\nserver=192.0.2.1\nusername=a\nSRTP=sometimes\n",
                "x.ini:4: [Account1] SRTP: needs off (or empty), optional or mandatory, got "
                "'sometimes'"},
           Case{"[Account0]\nSRTP=yes\n",
                "x.ini:2: [Account0] SRTP: needs off (or empty), optional or mandatory, got "
                "'yes'"},
           Case{"[Account0]\nfrobnicate=1\n", "x.ini:2: [Account0] frobnicate: unknown key"},
           Case{"[Account0]\ntransport=tls\n",
                "x.ini:2: [Account0] transport: 'tls' for calls by IP is not built: dial "
                "sip:USER@HOST;transport=tls"},
           Case{"[Settings]\ntlsVerify=maybe\n",
                "x.ini:2: [Settings] tlsVerify: needs 0 or 1, got 'maybe'"},
           Case{"[Account1]\nserver=192.0.2.1\nusername=a\nproxy=sip:x@192.0.2.9\n",
                "x.ini:1: [Account1]: the proxy must be HOST[:PORT], got 'sip:x@192.0.2.9'"},
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

  // A registrar by host name is looked up (RFC 3263), with the DNS server given.
  const std::array<std::string_view, 4> by_name{"--account", "sip:carol@pbx.example.com",
                                                "--dns-server", "[2001:db8::53]:5353"};
  ASSERT_TRUE(apply_options(*parse_options(by_name), config));
  EXPECT_EQ(config.accounts[0].aor, "sip:carol@pbx.example.com");
  EXPECT_EQ(config.dns_server, "[2001:db8::53]:5353");
  const std::array<std::string_view, 2> bad_server{"--dns-server", "ns.example.com"};
  EXPECT_FALSE(parse_options(bad_server));
}

TEST(ConfigFile, AccountFlagsWithoutAnAccountAreRefused) {
  PhoneConfig config;
  const std::array<std::string_view, 2> args{"--password", "pw"};
  const auto refused = apply_options(*parse_options(args), config);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(),
            "--password belongs to --account (accounts from --config take theirs from the file)");
}

TEST(ConfigFile, SettingsThatWouldLetCallersInOrShowWhatIsHiddenAreRefusedByName) {
  for (const auto& [text, error] : std::vector<std::pair<std::string, std::string>>{
           {"[Settings]\nautoHangUpTime=never\n",
            "x.ini:2: [Settings] autoHangUpTime: needs a number from 0 to 86400, got 'never'"},
           {"[Settings]\nlisten=0.0.0.0\n",
            "x.ini:2: [Settings] listen: needs the address peers "
            "reach us at, not the unspecified one"},
           {"[Settings]\nlisten=host\n",
            "x.ini:2: [Settings] listen: needs an IP address (the "
            "port is sourcePort), got 'host'"},
           {"[Account1]\nserver=192.0.2.1\nusername=a\nhideCID=1\n",
            "x.ini:4: [Account1] hideCID: hiding the caller id is not supported yet"},
           {"[Account1]\nserver=192.0.2.1\nusername=a\nhideCID=hard\n",
            "x.ini:4: [Account1] hideCID: hiding the caller id is not supported yet"},
           {"[Account1]\nserver=192.0.2.1\nusername=a\ndialingPrefix=9\n",
            "x.ini:4: [Account1] dialingPrefix: rewriting dialled numbers is not supported yet"},
           {"[Account0]\nproxy=192.0.2.9\n",
            "x.ini:2: [Account0] proxy: an outbound proxy for calls by IP is not supported yet"},
       }) {
    PhoneConfig config;
    const auto applied = apply_config_text("x.ini", text, config);
    ASSERT_FALSE(applied) << text;
    EXPECT_EQ(applied.error(), error);
  }
  PhoneConfig config;  // their "off" values, and the other keys MicroSIP writes, load in silence
  const auto applied =
      apply_config_text("x.ini",
                        "[Settings]\nDND=0\nFWD=1\nforwarding=button\nforwardingNumber=\n"
                        "denyIncoming=\nenableSTUN=0\nrport=1\nautoAnswer=button\n"
                        "autoAnswerNumber=100\nrtpPortMin=0\nvolumeRing=100\nuserAgent=Téléphone\n"
                        "cmdCallEnd=\"\"\nDTMFMethod=0\ncallWaiting=1\n"
                        "[Account1]\nserver=192.0.2.1\nusername=a\nhideCID=0\n"
                        "dialingPrefix=\nproxy=192.0.2.1\nSRTP=\nkeepAlive=0\n"
                        "disableSessionTimer=1\n[Shortcuts]\n0=Reception;100;call\n",
                        config);
  ASSERT_TRUE(applied) << applied.error();
  EXPECT_EQ(*applied, ConfigNotes{});
  EXPECT_EQ(config.user_agent, "Téléphone");
  EXPECT_FALSE(config.auto_answer);  // button, with AA off
  EXPECT_FALSE(config.forwarding);   // FWD on, but nowhere to forward to: as in MicroSIP
  EXPECT_TRUE(config.accounts[0].disable_session_timer);
}

TEST(ConfigFile, DisableSessionTimerIsReadPerAccountAndForCallsByIp) {
  PhoneConfig config;
  ASSERT_TRUE(apply_config_text("x.ini",
                                "[Account1]\nserver=192.0.2.1\nusername=a\ndisableSessionTimer=0\n"
                                "[Account0]\ndisableSessionTimer=1\n",
                                config));
  EXPECT_FALSE(config.accounts[0].disable_session_timer);
  EXPECT_TRUE(config.disable_session_timer);
  PhoneConfig bad;
  const auto refused = apply_config_text("x.ini", "[Account0]\ndisableSessionTimer=yes\n", bad);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), "x.ini:2: [Account0] disableSessionTimer: needs 0 or 1, got 'yes'");
}

TEST(ConfigFile, MidCallOffersByUpdateOrReinvite) {
  PhoneConfig config;
  ASSERT_TRUE(apply_config_text("x.ini", "[Settings]\nmidCallOffers=UPDATE\n", config));
  EXPECT_EQ(config.mid_call_offers, sip::OfferMethod::kUpdate);
  ASSERT_TRUE(apply_config_text("x.ini", "[Settings]\nmidCallOffers=reinvite\n", config));
  EXPECT_EQ(config.mid_call_offers, sip::OfferMethod::kInvite);
  const auto refused = apply_config_text("x.ini", "[Settings]\nmidCallOffers=info\n", config);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(),
            "x.ini:2: [Settings] midCallOffers: needs reinvite or update, got 'info'");
  // The command line wins over the file.
  const std::array<std::string_view, 2> args{"--mid-call-offers", "update"};
  ASSERT_TRUE(apply_options(parse_options(args).value(), config));
  EXPECT_EQ(config.mid_call_offers, sip::OfferMethod::kUpdate);
}

// Who may call: do not disturb (DND=1 with denyIncoming=button, its default, as MicroSIP saves
// its button), call waiting and the call limit.
TEST(ConfigFile, DoNotDisturbCallWaitingAndTheCallLimitAreRead) {
  PhoneConfig config;
  ASSERT_TRUE(apply_config_text("x.ini", "[Settings]\nDND=1\ncallWaiting=0\nmaxConcurrentCalls=3\n",
                                config));
  EXPECT_TRUE(config.do_not_disturb);
  EXPECT_FALSE(config.call_waiting);
  EXPECT_EQ(config.max_concurrent_calls, 3U);
  PhoneConfig deny_off;
  ASSERT_TRUE(apply_config_text("x.ini", "[Settings]\ndenyIncoming=\nDND=1\n", deny_off));
  EXPECT_FALSE(deny_off.do_not_disturb);  // the button does nothing without its rule
  PhoneConfig defaults;
  ASSERT_TRUE(apply_config_text("x.ini", "[Settings]\nDND=0\n", defaults));
  EXPECT_FALSE(defaults.do_not_disturb);
  EXPECT_TRUE(defaults.call_waiting);
  EXPECT_EQ(defaults.max_concurrent_calls, 0U);
  EXPECT_EQ(apply_config_text("x.ini", "[Settings]\nmaxConcurrentCalls=lots\n", defaults).error(),
            "x.ini:2: [Settings] maxConcurrentCalls: needs a number from 0 to 1000, got 'lots'");
}

// DTMFMethod, MicroSIP's numbers (or names); --dtmf-method wins.
TEST(ConfigFile, DtmfMethodIsRead) {
  PhoneConfig config;
  ASSERT_TRUE(apply_config_text("x.ini", "[Settings]\nDTMFMethod=3\n", config));
  EXPECT_EQ(config.dtmf_method, DtmfMethod::kSipInfo);
  ASSERT_TRUE(apply_config_text("x.ini", "[Settings]\nDTMFMethod=inband\n", config));
  EXPECT_EQ(config.dtmf_method, DtmfMethod::kInBand);
  const auto refused = apply_config_text("x.ini", "[Settings]\nDTMFMethod=4\n", config);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(),
            "x.ini:2: [Settings] DTMFMethod: needs 0 auto, 1 inband, 2 rfc4733 or 3 info, got "
            "'4'");
  const std::array<std::string_view, 2> args{"--dtmf-method", "rfc4733"};
  ASSERT_TRUE(apply_options(parse_options(args).value(), config));
  EXPECT_EQ(config.dtmf_method, DtmfMethod::kRtpEvent);
}

// Settings that would change calls in ways not built, but harmless to ignore, load and are
// named once each, with the value the file gave, in the file's order.
// audioCodecs orders the codecs; the ones MicroSIP has and sipline has not built are named in
// one line and left out; --codecs on the command line wins; empty is the default list.
TEST(ConfigFile, AudioCodecsChoosesTheOrderAndNamesCodecsNotBuilt) {
  PhoneConfig config;
  const auto applied = apply_config_text(
      "x.ini", "[Settings]\nVAD=0\naudioCodecs=PCMU/8000/1 GSM/8000/1 G722/16000/1 G729/8000/1\n",
      config);
  ASSERT_TRUE(applied) << applied.error();
  ASSERT_EQ(config.codecs.size(), 3U);
  EXPECT_EQ(config.codecs[0].name, "PCMU");
  EXPECT_EQ(config.codecs[1].name, "G722");
  EXPECT_EQ(config.codecs[2].name, "telephone-event");
  EXPECT_EQ(*applied, (ConfigNotes{"x.ini:3: [Settings] audioCodecs=PCMU/8000/1 GSM/8000/1 "
                                   "G722/16000/1 G729/8000/1: each of the codecs GSM/8000/1, "
                                   "G729/8000/1 is not built yet (ignored)"}));

  PhoneConfig one;
  EXPECT_EQ(*apply_config_text("x.ini", "[Settings]\naudioCodecs=opus iLBC/8000/1\n", one),
            (ConfigNotes{"x.ini:2: [Settings] audioCodecs=opus iLBC/8000/1: the codec "
                         "iLBC/8000/1 is not built yet (ignored)"}));

  const std::array<std::string_view, 2> args{"--codecs", "opus"};
  ASSERT_TRUE(apply_options(*parse_options(args), config));
  ASSERT_EQ(config.codecs.size(), 2U);
  EXPECT_EQ(config.codecs[0].name, "opus");
  const std::array<std::string_view, 1> other{"--sip-trace"};
  ASSERT_TRUE(apply_options(*parse_options(other), one));
  EXPECT_EQ(one.codecs.front().name, "opus");  // --codecs not given: the file's list stays

  PhoneConfig empty;
  ASSERT_TRUE(apply_config_text("x.ini", "[Settings]\naudioCodecs=\n", empty));
  EXPECT_TRUE(empty.codecs.empty());
}

TEST(ConfigFile, SettingsNotBuiltAreNamedOneLineEach) {
  PhoneConfig config;
  const auto applied = apply_config_text(
      "x.ini",
      "[Settings]\nopusStereo=1\nautoRecording=1\nAC=1\nforceCodec=1\n"
      "recordingPath=/tmp/rec\nrecordingFormat=MP3\n"
      "autoAnswerCalls=2\ncmdCallAnswerVideo=v.sh\nenableSTUN=0\nautoAnswer=all\n"
      "autoAnswerDelay=5\nforwarding=all\nforwardingNumber=1002\nVAD=1\n"
      "[Account1]\nserver=192.0.2.1\nusername=a\nkeepAlive=15\ndisableSessionTimer=0\n"
      "SRTP=optional\npublicAddr=198.51.100.7\n"
      "[Account0]\ndisplayName=Front desk\nICE=1\nkeepAlive=15\npublicAddr=198.51.100.8\n",
      config);
  ASSERT_TRUE(applied) << applied.error();
  EXPECT_TRUE(config.auto_answer);
  EXPECT_TRUE(config.auto_recording);
  EXPECT_EQ(config.recording_path, "/tmp/rec");
  EXPECT_EQ(config.recording_format, RecordingFormat::kMp3);
  EXPECT_EQ(config.accounts.at(0).public_address, "198.51.100.7");  // read: NAT'd accounts
  EXPECT_EQ(*applied,
            (ConfigNotes{
                "x.ini:2: [Settings] opusStereo=1: stereo Opus is not built yet (ignored)",
                "x.ini:4: [Settings] AC=1: joining new calls into a conference (the AC button) "
                "is not built yet (ignored)",
                "x.ini:5: [Settings] forceCodec=1: forcing the first codec is not built yet "
                "(ignored)",
                "x.ini:8: [Settings] autoAnswerCalls=2: choosing which calls are answered "
                "automatically is not built yet (ignored)",
                "x.ini:9: [Settings] cmdCallAnswerVideo=v.sh: running a command when a video "
                "call is answered (no video) is not built yet (ignored)",
                "x.ini:15: [Settings] VAD=1: silence suppression (VAD) is not built yet "
                "(ignored)",
                "x.ini:24: [Account0] displayName=Front desk: a display name on calls by IP is "
                "not built yet (ignored)",
                "x.ini:25: [Account0] ICE=1: using ICE is not built yet (ignored)",
                "x.ini:27: [Account0] publicAddr=198.51.100.8: a public address for calls by IP "
                "(NAT) is not built yet (ignored)",
            }));
}

// MicroSIP's auto-answer modes: all (and sipline's 1) answers every call; button follows the
// saved AA button, as does a file without autoAnswer (MicroSIP's default is button); header
// answers the calls whose INVITE asks.
TEST(ConfigFile, AutoAnswerModes) {
  for (const auto& [text, answers, on_request] : std::vector<std::tuple<std::string, bool, bool>>{
           {"[Settings]\nautoAnswer=all\n", true, false},
           {"[Settings]\nautoAnswer=1\n", true, false},
           {"[Settings]\nautoAnswer=0\nAA=1\n", false, false},
           {"[Settings]\nautoAnswer=\nAA=1\n", false, false},
           {"[Settings]\nautoAnswer=button\nAA=1\n", true, false},
           {"[Settings]\nAA=1\nautoAnswer=button\n", true, false},
           {"[Settings]\nautoAnswer=button\nAA=0\n", false, false},
           {"[Settings]\nAA=1\n", true, false},
           {"[Settings]\nautoAnswer=header\nAA=1\n", false, true},
           {"[Settings]\nautoAnswer=button\nAA=0\nautoAnswerDelay=9\nautoAnswerNumber=1\n", false,
            false},
       }) {
    PhoneConfig config;
    const auto applied = apply_config_text("x.ini", text, config);
    ASSERT_TRUE(applied) << text << applied.error();
    EXPECT_EQ(config.auto_answer, answers) << text;
    EXPECT_EQ(config.auto_answer_on_request, on_request) << text;
    EXPECT_TRUE(applied->empty()) << text << applied->front();
  }
}

// The rest of MicroSIP's incoming rules: a delay and a number list for automatic answers, the
// deny rules, forwarding with its delay, and autoHangUpTime.
TEST(ConfigFile, IncomingRulesAreRead) {
  PhoneConfig config;
  const auto applied = apply_config_text(
      "x.ini",
      "[Settings]\nautoAnswer=header\nautoAnswerDelay=3\nautoAnswerNumber= 10* ; 2?3|555\n"
      "denyIncoming=remotedomain\nforwarding=button\nFWD=1\nforwardingNumber=sip:1003@pbx\n"
      "forwardingDelay=20\nautoHangUpTime=90\n",
      config);
  ASSERT_TRUE(applied) << applied.error();
  EXPECT_TRUE(config.auto_answer_on_request);
  EXPECT_EQ(config.auto_answer_delay, std::chrono::seconds(3));
  EXPECT_EQ(config.auto_answer_numbers, (std::vector<std::string>{"10*", "2?3", "555"}));
  EXPECT_EQ(config.deny_incoming, DenyIncoming::kRemoteDomain);
  EXPECT_TRUE(config.forwarding);
  EXPECT_EQ(config.forward_to, "sip:1003@pbx");
  EXPECT_EQ(config.forward_delay, std::chrono::seconds(20));
  EXPECT_EQ(config.auto_hang_up, std::chrono::seconds(90));
  for (const auto& [value, rule] :
       std::vector<std::pair<std::string, DenyIncoming>>{{"user", DenyIncoming::kUser},
                                                         {"domain", DenyIncoming::kDomain},
                                                         {"userdomain", DenyIncoming::kUserDomain},
                                                         {"all", DenyIncoming::kAll},
                                                         {"", DenyIncoming::kNone},
                                                         {"button", DenyIncoming::kNone}}) {
    PhoneConfig deny;
    ASSERT_TRUE(apply_config_text("x.ini", "[Settings]\ndenyIncoming=" + value + "\n", deny));
    EXPECT_EQ(deny.deny_incoming, rule) << value;
  }
  PhoneConfig off;  // forwarding=button with the FWD button up: calls ring here
  ASSERT_TRUE(apply_config_text(
      "x.ini", "[Settings]\nforwarding=button\nFWD=0\nforwardingNumber=1003\n", off));
  EXPECT_FALSE(off.forwarding);
  EXPECT_EQ(off.forward_to, "1003");  // for `fwd on`
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

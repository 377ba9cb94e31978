// The ini file and the command line on the network settings: accounts that need TLS, each
// account's transport, sipline's TLS keys (the CA, verification, our own certificate, key and
// port), STUN, and the size above which requests leave UDP for TCP.
#include <array>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "app/cli/config_file.hpp"
#include "app/core/account.hpp"
#include "app/core/server_location.hpp"

namespace sipline::app {
namespace {

// An account the phone cannot serve is one clear line: sips: goes over TLS or not at all.
TEST(ConfigFile, AccountsThatNeedTlsAreRefusedInOneLine) {
  for (const auto& [account, error] : std::vector<std::pair<std::string_view, std::string>>{
           {"sips:alice@192.0.2.1",
            "--account sips:alice@192.0.2.1: a sips: account goes over TLS, not UDP"},
       }) {
    PhoneConfig config;
    const std::array<std::string_view, 4> args{"--account", account, "--transport", "udp"};
    const auto options = parse_options(args);
    ASSERT_TRUE(options) << options.error().message;
    const auto refused = apply_options(*options, config);
    ASSERT_FALSE(refused) << account;
    EXPECT_EQ(refused.error(), error);
    EXPECT_EQ(refused.error().find('\n'), std::string::npos);
  }
}

// MicroSIP's transport= per account (auto: what DNS says), sipline's TLS settings; the same
// from the command line.
TEST(ConfigFile, TransportsAndTlsSettingsAreRead) {
  PhoneConfig config;
  ASSERT_TRUE(apply_config_text("x.ini",
                                "[Settings]\ntlsCA=/etc/pbx-ca.pem\ntlsVerify=0\n"
                                "[Account1]\nserver=192.0.2.1\nusername=a\ntransport=tcp\n"
                                "SRTP=optional\n"
                                "[Account2]\nserver=192.0.2.1\nusername=b\ntransport=TLS\n"
                                "SRTP=mandatory\n"
                                "[Account3]\nserver=pbx.test\nusername=c\ntransport=auto\n"
                                "SRTP=\n[Account0]\nSRTP=Mandatory\n",
                                config));
  EXPECT_EQ(config.accounts[0].srtp, sdp::SrtpPolicy::kOptional);
  EXPECT_EQ(config.accounts[1].srtp, sdp::SrtpPolicy::kMandatory);
  EXPECT_EQ(config.accounts[2].srtp, sdp::SrtpPolicy::kOff);
  EXPECT_EQ(config.srtp, sdp::SrtpPolicy::kMandatory);  // calls by IP
  EXPECT_EQ(config.stun_server, "") << "no enableSTUN: STUN= alone is not used";
  PhoneConfig stun;
  ASSERT_TRUE(
      apply_config_text("x.ini", "[Settings]\nSTUN=stun.example.com:3479\nenableSTUN=1\n", stun));
  EXPECT_EQ(stun.stun_server, "stun.example.com:3479");
  const auto asked = stun_server_request(stun.stun_server);  // what the phone looks up
  ASSERT_TRUE(asked);
  EXPECT_EQ(asked->host, "stun.example.com");
  EXPECT_EQ(asked->port, 3479);
  EXPECT_EQ(stun_server_request("[2001:db8::3]")->host, "2001:db8::3");
  EXPECT_EQ(stun_server_request("[2001:db8::3]")->port, 3478);
  EXPECT_EQ(apply_config_text("x.ini", "[Settings]\nenableSTUN=1\nSTUN=\n", stun).error(),
            "x.ini:2: [Settings] enableSTUN: needs a STUN server (STUN=host[:port])");
  const std::array<std::string_view, 2> stun_option{"--stun", "203.0.113.10"};
  ASSERT_TRUE(apply_options(*parse_options(stun_option), stun));
  EXPECT_EQ(stun.stun_server, "203.0.113.10");
  const std::array<std::string_view, 2> bad_stun{"--stun", "user@stun"};
  EXPECT_EQ(parse_options(bad_stun).error().message, "--stun needs HOST[:PORT], got 'user@stun'");
  EXPECT_EQ(config.tls_ca_file, "/etc/pbx-ca.pem");
  EXPECT_FALSE(config.tls_verify);
  ASSERT_EQ(config.accounts.size(), 3U);
  EXPECT_EQ(config.accounts[0].transport, transport::TransportKind::kTcp);
  EXPECT_EQ(config.accounts[1].transport, transport::TransportKind::kTls);
  EXPECT_EQ(config.accounts[2].transport, std::nullopt);
  EXPECT_EQ(resolve_account(config.accounts[1])->registrar,
            (transport::Flow{transport::TransportKind::kTls, "192.0.2.1", 5061, 0}));

  const std::array<std::string_view, 6> args{
      "--account", "sips:alice@192.0.2.1:5071", "--tls-ca", "ca.pem", "--transport", "tls"};
  PhoneConfig from_options;
  ASSERT_TRUE(apply_options(*parse_options(args), from_options));
  EXPECT_EQ(from_options.tls_ca_file, "ca.pem");
  EXPECT_TRUE(from_options.tls_verify);
  const auto where = resolve_account(from_options.accounts.at(0));
  ASSERT_TRUE(where);
  EXPECT_EQ(where->aor, "sips:alice@192.0.2.1:5071");
  EXPECT_EQ(where->registrar_uri, "sips:192.0.2.1:5071");
  EXPECT_EQ(where->registrar,
            (transport::Flow{transport::TransportKind::kTls, "192.0.2.1", 5071, 0}));
  EXPECT_EQ(from_options.accounts.at(0).srtp, sdp::SrtpPolicy::kOff);
  const std::array<std::string_view, 4> srtp{"--account", "sip:a@192.0.2.1", "--srtp", "mandatory"};
  PhoneConfig secure;
  ASSERT_TRUE(apply_options(*parse_options(srtp), secure));
  EXPECT_EQ(secure.srtp, sdp::SrtpPolicy::kMandatory);
  EXPECT_EQ(secure.accounts.at(0).srtp, sdp::SrtpPolicy::kMandatory);
  const std::array<std::string_view, 2> bad_srtp{"--srtp", "maybe"};
  EXPECT_EQ(parse_options(bad_srtp).error().message,
            "--srtp: needs off (or empty), optional or mandatory, got 'maybe'");
  const std::array<std::string_view, 1> insecure{"--tls-no-verify"};
  ASSERT_TRUE(apply_options(*parse_options(insecure), from_options));
  EXPECT_FALSE(from_options.tls_verify);
  const std::array<std::string_view, 2> bad{"--transport", "sctp"};
  EXPECT_EQ(parse_options(bad).error().message, "--transport needs udp, tcp or tls, got 'sctp'");
  const std::array<std::string_view, 2> alone{"--transport", "tcp"};
  EXPECT_EQ(apply_options(*parse_options(alone), from_options).error(),
            "--transport belongs to --account (accounts from --config take theirs from the file)");
}

TEST(ConfigFile, OurTlsCertificateKeyAndPortAreReadAndGoTogether) {
  PhoneConfig config;
  ASSERT_TRUE(apply_config_text(
      "x.ini", "[Settings]\ntlsCert=/etc/me.pem\ntlsKey=/etc/me.key\ntlsPort=5071\n", config));
  EXPECT_EQ(config.tls_certificate_file, "/etc/me.pem");
  EXPECT_EQ(config.tls_private_key_file, "/etc/me.key");
  EXPECT_EQ(config.tls_listen_port, 5071);
  EXPECT_EQ(apply_config_text("x.ini", "[Settings]\ntlsPort=70000\n", config).error(),
            "x.ini:2: [Settings] tlsPort: needs a port, 0-65535, got '70000'");

  const std::array<std::string_view, 5> args{"--tls-cert", "c.pem", "--tls-key=k.pem", "--tls-port",
                                             "6061"};
  PhoneConfig from_options;
  ASSERT_TRUE(apply_options(*parse_options(args), from_options));
  EXPECT_EQ(from_options.tls_certificate_file, "c.pem");
  EXPECT_EQ(from_options.tls_private_key_file, "k.pem");
  EXPECT_EQ(from_options.tls_listen_port, 6061);
  const std::array<std::string_view, 2> alone{"--tls-cert", "c.pem"};
  PhoneConfig half;
  EXPECT_EQ(apply_options(*parse_options(alone), half).error(),
            "a TLS listener needs a certificate and its key together (--tls-cert and --tls-key, "
            "or tlsCert= and tlsKey=)");
  const std::array<std::string_view, 2> no_port{"--tls-port", "0"};
  EXPECT_EQ(parse_options(no_port).error().message, "--tls-port needs a port of 1-65535, got '0'");
  const std::array<std::string_view, 1> no_file{"--tls-key"};
  EXPECT_EQ(parse_options(no_file).error().message, "--tls-key needs a PEM file");
}

TEST(ConfigFile, TcpAboveMovesLargeRequestsOffUdp) {
  PhoneConfig config;
  EXPECT_EQ(config.udp_request_limit, 65507U);  // what no datagram carries
  ASSERT_TRUE(apply_config_text("x.ini", "[Settings]\ntcpAbove=1300\n", config));
  EXPECT_EQ(config.udp_request_limit, 1300U);
  EXPECT_EQ(apply_config_text("x.ini", "[Settings]\ntcpAbove=100\n", config).error(),
            "x.ini:2: [Settings] tcpAbove: needs 200-65507 bytes, got '100'");
  ASSERT_TRUE(apply_config_text("x.ini", "[Settings]\ntcpAbove=0\n", config));
  EXPECT_EQ(config.udp_request_limit, 65507U);  // 0: the default, as tlsPort=0 is
  const std::array<std::string_view, 2> args{"--tcp-above", "600"};
  ASSERT_TRUE(apply_options(*parse_options(args), config));
  EXPECT_EQ(config.udp_request_limit, 600U);
  const std::array<std::string_view, 2> bad{"--tcp-above", "70000"};
  EXPECT_EQ(parse_options(bad).error().message, "--tcp-above needs 200-65507 bytes, got '70000'");
}

}  // namespace
}  // namespace sipline::app

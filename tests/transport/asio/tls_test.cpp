// TLS over loopback with certificates made at test time: a good chain and name pass; a wrong
// name or address, an expired certificate, an untrusted self-signed one, and a TLS 1.0-only peer
// fail, each for its own reason.
#include <optional>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include "tests/support/test_certificates.hpp"
#include "tests/transport/asio/loopback.hpp"
#include "transport/asio/asio_transport.hpp"

namespace sipline::transport {
namespace {

using namespace test;
using namespace std::chrono_literals;
namespace asio = boost::asio;

class TlsTest : public ::testing::Test {
 protected:
  void start_server(const sipline::test::CertificateFiles& identity) {
    TlsSettings server_tls;
    server_tls.certificate_file = identity.certificate;
    server_tls.private_key_file = identity.private_key;
    server = std::make_unique<AsioTransport>(io, server_user, sip_framing(), TransportLimits{},
                                             server_tls);
    const auto port = server->listen(TransportKind::kTls, "127.0.0.1", 0);
    ASSERT_TRUE(port) << fmt::format("{}", port.error());
    server_port = *port;
    TlsSettings client_tls;
    client_tls.ca_file = pki.ca_file();
    client = std::make_unique<AsioTransport>(io, client_user, sip_framing(), TransportLimits{},
                                             client_tls);
  }

  // Sends one message and runs until the server has it or the client's flow failed; a hang
  // (neither) fails the test. Returns the client's failure, or nothing when the message arrived.
  std::optional<Error> exchange(std::string_view server_name) {
    client->send(Flow{TransportKind::kTls, "127.0.0.1", server_port, 0}, sip_message(),
                 server_name);
    const bool finished = run_until(
        io, [&] { return !server_user.received.empty() || !client_user.failures.empty(); });
    EXPECT_TRUE(finished) << "the message neither arrived nor failed";
    if (!client_user.failures.empty()) {
      EXPECT_TRUE(server_user.received.empty());
      return client_user.failures.front().second;
    }
    return std::nullopt;
  }

  // The client refused the server's certificate for the reason `why` names, and the message
  // never reached the server.
  void expect_refused(std::string_view server_name, std::string_view why) {
    const auto failure = exchange(server_name);
    ASSERT_TRUE(failure) << "the message arrived";
    EXPECT_EQ(failure->code, Errc::kCrypto);
    EXPECT_THAT(std::string(failure->reason), ::testing::HasSubstr(std::string(why)));
    EXPECT_TRUE(server_user.received.empty());
  }

  sipline::test::TestPki pki;
  asio::io_context io;
  Recorder server_user;
  Recorder client_user;
  std::unique_ptr<AsioTransport> server;
  std::unique_ptr<AsioTransport> client;
  std::uint16_t server_port = 0;
};

TEST_F(TlsTest, AGoodCertificatePasses) {
  start_server(pki.issue("good"));
  const auto failure = exchange("localhost");
  EXPECT_FALSE(failure) << fmt::format("{}", *failure);
  ASSERT_EQ(server_user.received.size(), 1U);
  EXPECT_EQ(server_user.received[0].bytes, sip_message());
}

TEST_F(TlsTest, TheAddressIsCheckedWhenNoNameIsGiven) {
  start_server(pki.issue("by-address"));
  const auto failure = exchange("");  // 127.0.0.1 is in the certificate's SAN
  EXPECT_FALSE(failure) << fmt::format("{}", *failure);
  EXPECT_EQ(server_user.received.size(), 1U);
}

TEST_F(TlsTest, AWrongHostIsRefused) {
  start_server(pki.issue("good"));
  expect_refused("wrong.example.com", "does not name the host");
}

TEST_F(TlsTest, AWrongAddressIsRefused) {
  sipline::test::LeafOptions elsewhere;
  elsewhere.ip_addresses = {"192.0.2.1"};
  start_server(pki.issue("elsewhere", elsewhere));
  expect_refused("", "does not name the address");
}

TEST_F(TlsTest, AnExpiredCertificateIsRefused) {
  sipline::test::LeafOptions expired;
  expired.valid_from_seconds = -7200;
  expired.valid_to_seconds = -3600;
  start_server(pki.issue("expired", expired));
  expect_refused("localhost", "has expired");
}

TEST_F(TlsTest, AnUntrustedSelfSignedCertificateIsRefused) {
  sipline::test::LeafOptions self_signed;
  self_signed.self_signed = true;
  start_server(pki.issue("self", self_signed));
  expect_refused("localhost", "self-signed and not trusted");
}

TEST_F(TlsTest, ATls10OnlyPeerIsRefused) {
  start_server(pki.issue("good"));
  asio::ssl::context old(asio::ssl::context::tls_client);
  SSL_CTX_set_min_proto_version(old.native_handle(), TLS1_VERSION);
  SSL_CTX_set_max_proto_version(old.native_handle(), TLS1_VERSION);
  SSL_CTX_set_security_level(old.native_handle(), 0);
  SSL_CTX_set_cipher_list(old.native_handle(), "DEFAULT:@SECLEVEL=0");
  asio::ssl::stream<asio::ip::tcp::socket> peer(io, old);
  boost::system::error_code error;
  peer.next_layer().connect({asio::ip::make_address("127.0.0.1"), server_port}, error);
  ASSERT_FALSE(error);
  bool finished = false;
  boost::system::error_code handshake;
  peer.async_handshake(asio::ssl::stream_base::client, [&](const boost::system::error_code& e) {
    handshake = e;
    finished = true;
  });
  ASSERT_TRUE(run_until(io, [&] { return finished; }));
  EXPECT_TRUE(handshake);  // refused
  ASSERT_TRUE(run_until(io, [&] { return !server_user.failures.empty(); }));
  EXPECT_EQ(server_user.failures[0].second.code, Errc::kCrypto);
}

TEST_F(TlsTest, AStalledHandshakeIsCutOff) {
  TlsSettings server_tls;
  const auto identity = pki.issue("good");
  server_tls.certificate_file = identity.certificate;
  server_tls.private_key_file = identity.private_key;
  TransportLimits limits;
  limits.handshake_timeout = std::chrono::seconds(1);
  AsioTransport slow(io, server_user, sip_framing(), limits, server_tls);
  const auto port = slow.listen(TransportKind::kTls, "127.0.0.1", 0);
  ASSERT_TRUE(port);
  asio::ip::tcp::socket loris(io);
  boost::system::error_code error;
  loris.connect({asio::ip::make_address("127.0.0.1"), *port}, error);  // and says nothing
  ASSERT_FALSE(error);
  ASSERT_TRUE(run_until(io, [&] { return slow.connection_count() == 1; }));
  ASSERT_TRUE(run_until(io, [&] { return slow.connection_count() == 0; }));  // after 1 s
  EXPECT_EQ(server_user.failures.at(0).second.code, Errc::kTimeout);
}

TEST(TlsSettings, AListenerNeedsACertificate) {
  asio::io_context io;
  Recorder user;
  AsioTransport transport(io, user, sip_framing());
  EXPECT_EQ(transport.listen(TransportKind::kTls, "127.0.0.1", 0).error().code,
            Errc::kInvalidArgument);
}

}  // namespace
}  // namespace sipline::transport

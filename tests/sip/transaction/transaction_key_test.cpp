#include "sip/transaction/transaction_key.hpp"

#include <gtest/gtest.h>

#include "tests/sip/transaction/simulation.hpp"
#include "tests/support/shared_files.hpp"

namespace sipline::sip {
namespace {

using test::request;
using test::response;

TEST(TransactionKey, AckMatchesTheInviteButCancelHasItsOwn) {
  const auto invite = server_key(request("INVITE"));
  ASSERT_TRUE(invite);
  EXPECT_EQ(invite->branch, "z9hG4bK776asdhds");
  EXPECT_EQ(invite->sent_by, "pc33.atlanta.com:0");
  EXPECT_EQ(server_key(request("ACK")), invite);
  EXPECT_NE(server_key(request("CANCEL")), invite);
  EXPECT_EQ(cancelled_invite_key(request("CANCEL")), invite);
  EXPECT_NE(server_key(request("INVITE", "z9hG4bKother")), invite);
}

TEST(TransactionKey, SentByIsPartOfTheServerKey) {
  const Message a =
      parse_message(
          "OPTIONS sip:x SIP/2.0\r\nVia: SIP/2.0/UDP A.example.com:5060;branch=z9hG4bK1\r\n"
          "Call-ID: 1\r\nCSeq: 1 OPTIONS\r\n\r\n")
          .value();
  const Message b =
      parse_message(
          "OPTIONS sip:x SIP/2.0\r\nVia: SIP/2.0/UDP b.example.com:5060;branch=z9hG4bK1\r\n"
          "Call-ID: 1\r\nCSeq: 1 OPTIONS\r\n\r\n")
          .value();
  const Message a_upper =
      parse_message(
          "OPTIONS sip:x SIP/2.0\r\nVia: SIP/2.0/UDP a.EXAMPLE.com:5060;branch=z9hG4bK1\r\n"
          "Call-ID: 1\r\nCSeq: 1 OPTIONS\r\n\r\n")
          .value();
  EXPECT_NE(server_key(a), server_key(b));
  EXPECT_EQ(server_key(a), server_key(a_upper));
}

TEST(TransactionKey, Rfc2543FallbackForBareCookieAndNoBranch) {
  // RFC 4475 §3.2.1 (badbranch): "branch=z9hG4bK" alone is not an RFC 3261 branch.
  const auto bad = parse_message(sipline::test::read_file(sipline::test::shared_dir() / "corpora" /
                                                          "rfc4475" / "badbranch.dat"));
  ASSERT_TRUE(bad);
  const auto key = server_key(*bad);
  ASSERT_TRUE(key);
  EXPECT_TRUE(key->branch.starts_with("2543|"));
  const auto inv2543 = parse_message(sipline::test::read_file(
      sipline::test::shared_dir() / "corpora" / "rfc4475" / "inv2543.dat"));
  ASSERT_TRUE(inv2543);
  EXPECT_TRUE(server_key(*inv2543)->branch.starts_with("2543|"));
  // Its ACK matches: same Call-ID, From tag, CSeq number and Via.
  const Message invite = request("INVITE", "oldstyle");
  const Message ack = request("ACK", "oldstyle");
  EXPECT_EQ(server_key(invite), server_key(ack));
}

TEST(TransactionKey, ClientKeysUseBranchAndCSeqMethod) {
  EXPECT_EQ(client_key(response(200, "INVITE")), client_key_of_request(request("INVITE")));
  EXPECT_NE(client_key(response(200, "CANCEL")), client_key_of_request(request("INVITE")));
  EXPECT_FALSE(client_key(parse_message("SIP/2.0 200 OK\r\nCSeq: 1 INVITE\r\n\r\n").value()));
}

TEST(TransactionKey, NoKeyWithoutViaCallIdOrCSeq) {
  EXPECT_FALSE(
      server_key(parse_message("OPTIONS sip:x SIP/2.0\r\nCSeq: 1 OPTIONS\r\n\r\n").value()));
  EXPECT_FALSE(server_key(
      parse_message(
          "OPTIONS sip:x SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nCSeq: 1 OPTIONS\r\n\r\n")
          .value()));
}

}  // namespace
}  // namespace sipline::sip

// Our Contact and Via sent-by over each transport: the transport parameter, and over TLS the
// port of our TLS listener when we have one (IPv6 hosts keep their brackets).
#include "sip/ua/local_contact.hpp"

#include <gtest/gtest.h>

namespace sipline::sip {
namespace {

using transport::TransportKind;

TEST(LocalContact, TheTransportIsNamedUnlessTheUriSaysItAlready) {
  EXPECT_EQ(contact_over("sip:a@192.0.2.1:5060", TransportKind::kUdp), "sip:a@192.0.2.1:5060");
  EXPECT_EQ(contact_over("sip:a@192.0.2.1:5060", TransportKind::kTcp),
            "sip:a@192.0.2.1:5060;transport=tcp");
  EXPECT_EQ(contact_over("sip:a@192.0.2.1:5060", TransportKind::kTls),
            "sip:a@192.0.2.1:5060;transport=tls");
  EXPECT_EQ(contact_over("sips:a@192.0.2.1:5060", TransportKind::kTls), "sips:a@192.0.2.1:5060");
}

TEST(LocalContact, OverTlsItIsAtOurTlsListenersPort) {
  EXPECT_EQ(contact_over("sip:a@192.0.2.1:5060", TransportKind::kTls, 5061),
            "sip:a@192.0.2.1:5061;transport=tls");
  EXPECT_EQ(contact_over("sips:a@[2001:db8::1]:5060", TransportKind::kTls, 5061),
            "sips:a@[2001:db8::1]:5061");
  EXPECT_EQ(contact_over("sip:a@pbx.test", TransportKind::kTls, 5061),
            "sip:a@pbx.test:5061;transport=tls");
  EXPECT_EQ(contact_over("sip:192.0.2.1:5060;ob", TransportKind::kTls, 5061),
            "sip:192.0.2.1:5061;ob;transport=tls");
  // Other transports keep the SIP port.
  EXPECT_EQ(contact_over("sip:a@192.0.2.1:5060", TransportKind::kTcp, 5061),
            "sip:a@192.0.2.1:5060;transport=tcp");
}

TEST(LocalContact, TheViaSentByMovesToTheTlsPortOverTlsOnly) {
  EXPECT_EQ(sent_by_over("192.0.2.1:5060", TransportKind::kTls, 5061), "192.0.2.1:5061");
  EXPECT_EQ(sent_by_over("[::1]:5060", TransportKind::kTls, 5061), "[::1]:5061");
  EXPECT_EQ(sent_by_over("[::1]:5060", TransportKind::kTls, 0), "[::1]:5060");
  EXPECT_EQ(sent_by_over("192.0.2.1:5060", TransportKind::kUdp, 5061), "192.0.2.1:5060");
}

}  // namespace
}  // namespace sipline::sip

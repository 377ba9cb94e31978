#include "sip/transaction/target_transport.hpp"

#include <gtest/gtest.h>

namespace sipline::sip {
namespace {

using transport::TransportKind;

TransportKind kind_of(std::string_view uri, TransportKind configured = TransportKind::kUdp) {
  return transport_for_uri(parse_uri(uri).value(), configured).value();
}

TEST(TargetTransport, SipsRequiresTls) {
  EXPECT_EQ(kind_of("sips:bob@biloxi.com"), TransportKind::kTls);
  EXPECT_EQ(kind_of("sips:bob@biloxi.com;transport=tcp"), TransportKind::kTls);
  EXPECT_FALSE(transport_for_uri(parse_uri("sips:bob@biloxi.com;transport=udp").value(),
                                 TransportKind::kUdp));
}

TEST(TargetTransport, TransportParameterOrTheDefault) {
  EXPECT_EQ(kind_of("sip:bob@biloxi.com"), TransportKind::kUdp);
  EXPECT_EQ(kind_of("sip:bob@biloxi.com", TransportKind::kTcp), TransportKind::kTcp);
  EXPECT_EQ(kind_of("sip:bob@biloxi.com;transport=TCP"), TransportKind::kTcp);
  EXPECT_EQ(kind_of("sip:bob@biloxi.com;transport=tls"), TransportKind::kTls);
  EXPECT_EQ(
      transport_for_uri(parse_uri("sip:bob@biloxi.com;transport=sctp").value(), TransportKind::kUdp)
          .error()
          .code,
      Errc::kUnsupported);
}

}  // namespace
}  // namespace sipline::sip

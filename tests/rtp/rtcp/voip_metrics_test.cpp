#include "rtp/rtcp/voip_metrics.hpp"

#include <gtest/gtest.h>

namespace sipline::rtp {
namespace {

TEST(EModel, KnownPoints) {
  // No delay, no loss, G.711: R = 93.2, MOS 4.41 (ITU-T G.107's default connection).
  EXPECT_NEAR(r_factor({}), 93.2, 1e-9);
  EXPECT_NEAR(mos_from_r(93.2), 4.41, 0.005);
  // 150 ms one way: Id = 3.6.
  EXPECT_NEAR(r_factor({150, 0, 1, 0, 25.1}), 89.6, 1e-9);
  // 300 ms: Id = 7.2 + 0.11·122.7.
  EXPECT_NEAR(r_factor({300, 0, 1, 0, 25.1}), 93.2 - 7.2 - 0.11 * 122.7, 1e-9);
  // 1 % random loss with G.711 PLC: Ie,eff = 95·1/(1 + 25.1).
  EXPECT_NEAR(r_factor({0, 1, 1, 0, 25.1}), 93.2 - 95.0 / 26.1, 1e-9);
  // Bursty loss hurts more.
  EXPECT_LT(r_factor({0, 5, 4, 0, 25.1}), r_factor({0, 5, 1, 0, 25.1}));
  // Listening quality leaves the delay out.
  EXPECT_NEAR(r_factor({300, 0, 1, 0, 25.1}, false), 93.2, 1e-9);
  EXPECT_EQ(mos_from_r(-5), 1.0);
  EXPECT_EQ(mos_from_r(120), 4.5);
  EXPECT_NEAR(mos_from_r(50), 1 + 1.75 + 50 * -10 * 50 * 7e-6, 1e-12);
}

}  // namespace
}  // namespace sipline::rtp

// DTMF keys a user types, INFO bodies, and post-dial digits (app/core/dtmf.hpp).
#include "app/core/dtmf.hpp"

#include <gtest/gtest.h>

namespace sipline::app {
namespace {

TEST(DtmfKeys, KeysAndPausesAreTakenLowerCaseLettersRaised) {
  EXPECT_EQ(parse_dtmf_keys("0123456789*#ABCDabcd,").value(), "0123456789*#ABCDABCD,");
  const auto bad = parse_dtmf_keys("12e4");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().offset, 2U);
  EXPECT_FALSE(parse_dtmf_keys(""));
  EXPECT_FALSE(parse_dtmf_keys("1 2"));
  EXPECT_FALSE(parse_dtmf_keys(std::string_view("1\0", 2)));
  EXPECT_TRUE(parse_dtmf_keys(std::string(64, '1')));
  EXPECT_FALSE(parse_dtmf_keys(std::string(65, '1')));
}

TEST(DtmfInfo, DtmfRelayAndDtmfBodiesGiveTheirKey) {
  EXPECT_EQ(dtmf_key_of_info("application/dtmf-relay", "Signal=5\r\nDuration=160\r\n"), '5');
  EXPECT_EQ(dtmf_key_of_info("Application/DTMF-Relay; x=y", "Duration=100\nSignal = *\n"), '*');
  EXPECT_EQ(dtmf_key_of_info("application/dtmf-relay", "Signal=11"), '#');
  EXPECT_EQ(dtmf_key_of_info("application/dtmf-relay", "Signal=d\r\n"), 'D');
  EXPECT_EQ(dtmf_key_of_info("application/dtmf", "9"), '9');
  EXPECT_EQ(dtmf_key_of_info("application/dtmf", "10\r\n"), '*');
  EXPECT_FALSE(dtmf_key_of_info("application/dtmf-relay", "Signal=16\r\n"));  // flash
  EXPECT_FALSE(dtmf_key_of_info("application/dtmf-relay", "Signal=\r\n"));
  EXPECT_FALSE(dtmf_key_of_info("application/dtmf-relay", "Duration=160\r\n"));
  EXPECT_FALSE(dtmf_key_of_info("application/dtmf-relay", "Signal=55\r\n"));
  EXPECT_FALSE(dtmf_key_of_info("application/sdp", "Signal=5\r\n"));
  EXPECT_FALSE(dtmf_key_of_info("application/dtmf", ""));
}

TEST(DtmfInfo, OurBodyIsWhatPbxesRead) {
  EXPECT_EQ(dtmf_relay_body('#', 160), "Signal=#\r\nDuration=160\r\n");
  EXPECT_EQ(dtmf_key_of_info("application/dtmf-relay", dtmf_relay_body('A', 160)), 'A');
}

TEST(PostDialSplit, DigitsAfterACommaAreSplitOff) {
  using Split = std::pair<std::string_view, std::string_view>;
  EXPECT_EQ(split_post_dial("1002,1234#"), (Split{"1002", "1234#"}));
  EXPECT_EQ(split_post_dial("sip:1002@pbx.example.com,,9"),
            (Split{"sip:1002@pbx.example.com", ",9"}));
  EXPECT_EQ(split_post_dial("1002"), (Split{"1002", ""}));
  EXPECT_EQ(split_post_dial("1002,"), (Split{"1002", ""}));
  EXPECT_EQ(split_post_dial(",12"), (Split{",12", ""}));
  // Not keys after it: the comma is part of the target.
  EXPECT_EQ(split_post_dial("sip:a@b;x=1,2;y"), (Split{"sip:a@b;x=1,2;y", ""}));
}

}  // namespace
}  // namespace sipline::app

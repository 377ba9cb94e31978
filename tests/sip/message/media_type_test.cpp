#include "sip/message/media_type.hpp"

#include <gtest/gtest.h>

namespace sipline::sip {
namespace {

TEST(MediaType, TypeSubtypeAndParameters) {
  const auto type =
      parse_content_type("multipart/signed;protocol=\"application/pkcs7-signature\"; micalg=sha1");
  ASSERT_TRUE(type);
  EXPECT_TRUE(type->is("Multipart", "SIGNED"));
  EXPECT_EQ(type->params.find("micalg"), "sha1");
  EXPECT_TRUE(parse_content_type("application / sdp"));
}

TEST(MediaType, MalformedTypesAreRefused) {
  for (const char* bad : {"", "application", "application/", "/sdp", "application/sdp junk",
                          "application/sdp;", "text/html;charset="}) {
    EXPECT_FALSE(parse_content_type(bad)) << bad;
  }
}

}  // namespace
}  // namespace sipline::sip

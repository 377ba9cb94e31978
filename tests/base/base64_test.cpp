#include "base/base64.hpp"

#include <string>

#include <gtest/gtest.h>

namespace sipline {
namespace {

std::string decoded(std::string_view text) {
  const auto bytes = decode_base64(text);
  EXPECT_TRUE(bytes) << text;
  return bytes ? std::string(reinterpret_cast<const char*>(bytes->data()), bytes->size()) : "";
}

// RFC 4648 §10 test vectors.
TEST(Base64, Rfc4648Vectors) {
  const std::pair<std::string_view, std::string_view> vectors[] = {{"", ""},
                                                                   {"f", "Zg=="},
                                                                   {"fo", "Zm8="},
                                                                   {"foo", "Zm9v"},
                                                                   {"foob", "Zm9vYg=="},
                                                                   {"fooba", "Zm9vYmE="},
                                                                   {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(encode_base64(as_bytes(plain)), encoded);
    EXPECT_EQ(decoded(encoded), plain);
  }
}

TEST(Base64, PaddingIsOptional) {
  EXPECT_EQ(decoded("Zg"), "f");
  EXPECT_EQ(decoded("Zm8"), "fo");
}

TEST(Base64, BadInputIsRefusedWithItsOffset) {
  EXPECT_EQ(decode_base64("Zm9v!mFy").error().offset, 4U);
  EXPECT_FALSE(decode_base64("Zm9vY"));     // 4n+1 characters
  EXPECT_FALSE(decode_base64("Zm=9v"));     // padding in the middle
  EXPECT_FALSE(decode_base64("Zm9v===="));  // too much padding
  EXPECT_FALSE(decode_base64("Zm9 v"));
  EXPECT_FALSE(decode_base64(std::string_view("Zm\0v", 4)));
}

TEST(Base64, RoundTripsEveryByte) {
  std::string all;
  for (int c = 0; c < 256; ++c) {
    all.push_back(static_cast<char>(c));
  }
  for (std::size_t n = 0; n < all.size(); n += 37) {
    const std::string part = all.substr(0, n);
    EXPECT_EQ(decoded(encode_base64(as_bytes(part))), part);
  }
}

}  // namespace
}  // namespace sipline

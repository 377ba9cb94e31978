#include "sip/message/header_name.hpp"

#include <string>

#include <gtest/gtest.h>

namespace sipline::sip {
namespace {

TEST(HeaderName, EveryCanonicalNameMapsBackToItsIdInAnyCase) {
  for (int i = 1; i < static_cast<int>(HeaderId::kCount); ++i) {
    const auto id = static_cast<HeaderId>(i);
    const std::string name(canonical_name(id));
    ASSERT_FALSE(name.empty()) << i;
    EXPECT_EQ(header_id(name), id) << name;
    std::string lower = name;
    std::string upper = name;
    for (char& c : lower) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    for (char& c : upper) {
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    EXPECT_EQ(header_id(lower), id) << lower;
    EXPECT_EQ(header_id(upper), id) << upper;
  }
}

TEST(HeaderName, CompactForms) {
  const std::pair<char, HeaderId> forms[] = {
      {'i', HeaderId::kCallId},        {'m', HeaderId::kContact},
      {'l', HeaderId::kContentLength}, {'v', HeaderId::kVia},
      {'f', HeaderId::kFrom},          {'t', HeaderId::kTo},
      {'s', HeaderId::kSubject},       {'k', HeaderId::kSupported},
      {'c', HeaderId::kContentType},   {'e', HeaderId::kContentEncoding},
      {'o', HeaderId::kEvent},         {'r', HeaderId::kReferTo},
      {'u', HeaderId::kAllowEvents},   {'x', HeaderId::kSessionExpires},
      {'b', HeaderId::kReferredBy}};
  for (const auto& [letter, id] : forms) {
    EXPECT_EQ(header_id(std::string(1, letter)), id) << letter;
    EXPECT_EQ(header_id(std::string(1, static_cast<char>(letter - 32))), id) << letter;
    EXPECT_EQ(compact_form(id), letter);
  }
  EXPECT_EQ(header_id("q"), HeaderId::kUnknown);
  EXPECT_EQ(header_id("1"), HeaderId::kUnknown);
}

TEST(HeaderName, UnknownNamesStayUnknown) {
  for (const char* name : {"", "X-Custom", "NewFangledHeader", "C%6Fntact", "Vias", "Vi", "To\x01",
                           "Contact ", "CallID"}) {
    EXPECT_EQ(header_id(name), HeaderId::kUnknown) << name;
  }
  EXPECT_EQ(canonical_name(HeaderId::kUnknown), "");
}

}  // namespace
}  // namespace sipline::sip

// PROTOS c07-sip (University of Oulu): every case survives parsing, under ASan in CI. Each file
// holds "<len> <INVITE template><len> <teardown template>" with placeholders to substitute.
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sip/message/parser.hpp"
#include "sip/message/printer.hpp"
#include "tests/support/shared_files.hpp"

namespace sipline::sip {
namespace {

std::string substitute(std::string text) {
  const std::pair<std::string_view, std::string_view> kPlaceholders[] = {
      {"<To>", "bob@127.0.0.1"},       {"<From>", "alice@127.0.0.1"},
      {"<From-Address>", "127.0.0.1"}, {"<From-IP>", "127.0.0.1"},
      {"<Local-Port>", "5060"},        {"<Branch-ID>", "000001"},
      {"<Call-ID>", "protos0001"},     {"<CSeq>", "1"},
      {"<Teardown-Method>", "CANCEL"}};
  for (const auto& [from, to] : kPlaceholders) {
    for (std::size_t i = 0; (i = text.find(from, i)) != std::string::npos; i += to.size()) {
      text.replace(i, from.size(), to);
    }
  }
  const std::size_t body = text.find("\r\n\r\n");
  const std::string length = std::to_string(body == std::string::npos ? 0 : text.size() - body - 4);
  for (std::size_t i = 0; (i = text.find("<Content-Length>", i)) != std::string::npos;) {
    text.replace(i, 16, length);
  }
  return text;
}

// Splits "<len> <bytes><len> <bytes>" into its templates; malformed framing yields fewer.
std::vector<std::string> templates(const std::string& file) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < file.size()) {
    const std::size_t space = file.find(' ', pos);
    if (space == std::string::npos) {
      break;
    }
    const std::size_t length = std::stoul(file.substr(pos, space - pos));
    out.push_back(file.substr(space + 1, length));
    pos = space + 1 + length;
  }
  return out;
}

TEST(Protos, EveryCaseParsesOrIsRejectedWithAReason) {
  const auto dir = test::shared_dir() / "corpora" / "fuzz-sip" / "protos-c07";
  std::size_t cases = 0;
  std::size_t accepted = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().filename() == "INDEX.tsv") {
      continue;
    }
    const auto parts = templates(test::read_file(entry.path()));
    ASSERT_EQ(parts.size(), 2U) << entry.path();
    for (const std::string& part : parts) {
      const std::string bytes = substitute(part);
      const auto message = parse_message(bytes);
      if (message) {
        ++accepted;
        const auto reparsed = parse_message(print(*message));
        ASSERT_TRUE(reparsed) << entry.path();
        EXPECT_EQ(*reparsed, *message) << entry.path();
      } else {
        EXPECT_FALSE(message.error().reason.empty()) << entry.path();
        EXPECT_LE(message.error().offset, bytes.size()) << entry.path();
      }
    }
    ++cases;
  }
  EXPECT_EQ(cases, 261U);
  // The baseline INVITE (case 0) and most teardowns are valid.
  EXPECT_GT(accepted, 100U);
}

TEST(Protos, TheBaselineInviteIsAccepted) {
  const auto parts = templates(
      test::read_file(test::shared_dir() / "corpora" / "fuzz-sip" / "protos-c07" / "0000000"));
  ASSERT_EQ(parts.size(), 2U);
  const auto invite = parse_message(substitute(parts[0]));
  ASSERT_TRUE(invite) << fmt::format("{}", invite.error());
  EXPECT_EQ(invite->method(), Method::kInvite);
  EXPECT_TRUE(parse_message(substitute(parts[1])));
}

}  // namespace
}  // namespace sipline::sip

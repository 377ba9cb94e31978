#include "base/log.hpp"

#include <gtest/gtest.h>

// Counts how often it is formatted, to show that disabled levels skip formatting.
struct CountsFormatting {
  int* count;
};

template <>
struct fmt::formatter<CountsFormatting> : fmt::formatter<std::string_view> {
  auto format(const CountsFormatting& value, fmt::format_context& ctx) const
      -> decltype(ctx.out()) {
    ++*value.count;
    return fmt::format_to(ctx.out(), "counted");
  }
};

namespace sipline::log {
namespace {

TEST(Log, CaptureSeesFormattedRecordsWithLevelAndComponent) {
  const ScopedCapture capture;
  info("transport", "bound {}:{}", "127.0.0.1", 5060);
  warn("sip", "dropped a response: {}", "bad CSeq");
  const auto entries = capture.sink().entries();
  ASSERT_EQ(entries.size(), 2U);
  EXPECT_EQ(entries[0].level, Level::kInfo);
  EXPECT_EQ(entries[0].component, "transport");
  EXPECT_EQ(entries[0].message, "bound 127.0.0.1:5060");
  EXPECT_EQ(entries[1].level, Level::kWarn);
  EXPECT_TRUE(capture.sink().contains("bad CSeq"));
  EXPECT_FALSE(capture.sink().contains("nothing like this"));
}

TEST(Log, RecordsBelowTheLevelAreNeitherFormattedNorWritten) {
  const ScopedCapture capture(Level::kWarn);
  int formatted = 0;
  debug("sip", "{}", CountsFormatting{&formatted});
  info("sip", "{}", CountsFormatting{&formatted});
  EXPECT_EQ(formatted, 0);
  error("sip", "loud {}", CountsFormatting{&formatted});
  EXPECT_EQ(formatted, 1);
  const auto entries = capture.sink().entries();
  ASSERT_EQ(entries.size(), 1U);
  EXPECT_EQ(entries[0].message, "loud counted");
  EXPECT_FALSE(enabled(Level::kDebug));
  EXPECT_TRUE(enabled(Level::kError));
}

TEST(Log, OffDisablesEverything) {
  const ScopedCapture capture(Level::kOff);
  error("sip", "not written");
  EXPECT_TRUE(capture.sink().entries().empty());
  EXPECT_FALSE(enabled(Level::kOff));
}

TEST(Log, CaptureRestoresThePreviousSinkAndLevel) {
  set_level(Level::kInfo);
  MemorySink outer;
  Sink* const before = set_sink(&outer);
  {
    const ScopedCapture capture(Level::kTrace);
    EXPECT_EQ(level(), Level::kTrace);
    info("sip", "inner");
  }
  EXPECT_EQ(level(), Level::kInfo);
  info("sip", "outer");
  set_sink(before);
  const auto entries = outer.entries();
  ASSERT_EQ(entries.size(), 1U);
  EXPECT_EQ(entries[0].message, "outer");
}

TEST(Log, LongMessagesAreKeptWhole) {
  const ScopedCapture capture;
  const std::string payload(5000, 'x');
  info("sip", "{}", payload);
  EXPECT_EQ(capture.sink().entries().at(0).message.size(), 5000U);
}

}  // namespace
}  // namespace sipline::log

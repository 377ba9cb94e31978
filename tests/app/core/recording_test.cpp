// Recording names and formats (app/core/recording.hpp): MicroSIP's file name, made safe from
// whatever a caller puts in its name; recordingFormat's values.
#include "app/core/recording.hpp"

#include <gtest/gtest.h>

namespace sipline::app {
namespace {

std::tm at(int year, int month, int day, int hour, int minute, int second) {
  std::tm local{};
  local.tm_year = year - 1900;
  local.tm_mon = month - 1;
  local.tm_mday = day;
  local.tm_hour = hour;
  local.tm_min = minute;
  local.tm_sec = second;
  return local;
}

TEST(RecordingFileName, MicroSipsPatternDateTimeRemoteDirectionLabel) {
  EXPECT_EQ(recording_file_name(at(2026, 12, 7, 9, 5, 3), {"1002", false, "Office"},
                                RecordingFormat::kWav),
            "20261207-090503-1002-outgoing-Office.wav");
  EXPECT_EQ(recording_file_name(at(2027, 1, 31, 23, 59, 59), {"+15551234", true, "alice"},
                                RecordingFormat::kMp3),
            "20270131-235959-+15551234-incoming-alice.mp3");
}

TEST(RecordingFileName, ACallersNameCannotLeaveTheFolderOrHideTheExtension) {
  const std::tm when = at(2026, 1, 2, 3, 4, 5);
  EXPECT_EQ(recording_file_name(when, {"../../etc/passwd", true, "a b"}, RecordingFormat::kWav),
            "20260102-030405-.._.._etc_passwd-incoming-a_b.wav");
  EXPECT_EQ(recording_file_name(when, {"..", false, ""}, RecordingFormat::kWav),
            "20260102-030405-_..-outgoing-_.wav");
  EXPECT_EQ(recording_file_name(when, {"x\ny\\z:*?\"<>|\x01", false, "me"}, RecordingFormat::kWav),
            "20260102-030405-x_y_z________-outgoing-me.wav");
  const std::string name =
      recording_file_name(when, {std::string(1000, 'a'), false, "me"}, RecordingFormat::kWav);
  EXPECT_EQ(name.size(), std::string("20260102-030405--outgoing-me.wav").size() + 64);
}

TEST(RecordingFormat, WavByDefaultOrMp3) {
  EXPECT_EQ(parse_recording_format(""), RecordingFormat::kWav);
  EXPECT_EQ(parse_recording_format("WAV"), RecordingFormat::kWav);
  EXPECT_EQ(parse_recording_format("mp3"), RecordingFormat::kMp3);
  EXPECT_EQ(parse_recording_format("ogg").error(), "needs wav or mp3, got 'ogg'");
}

}  // namespace
}  // namespace sipline::app

// A call's recording written off the media thread (media/audio/call_recorder.hpp): what was
// pushed comes out in the file, both channels apart (left ours, right the peer's), as WAV
// exactly and as MP3 (decoded back by libsndfile) with each tone where it belongs; a file that
// cannot be made is refused at start.
#include "media/audio/call_recorder.hpp"

#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/media/signal.hpp"

namespace sipline::media {
namespace {

std::filesystem::path temp_path(const char* name) {
  return std::filesystem::temp_directory_path() /
         (std::string("sipline-rec-") + std::to_string(::getpid()) + "-" + name);
}

// One second at `rate` of left 1000 Hz, right 440 Hz, pushed 5 ms a tick as the mixer does.
std::vector<std::int16_t> record_a_second(CallRecorder& recorder, std::uint32_t rate) {
  const auto left = test::tone(1000, rate, rate);
  const auto right = test::tone(440, rate, rate);
  std::vector<std::int16_t> stereo(2 * std::size_t{rate});
  for (std::size_t i = 0; i < rate; ++i) {
    stereo[2 * i] = left[i];
    stereo[2 * i + 1] = right[i];
  }
  const std::size_t tick = 2 * std::size_t{rate} / 200;
  for (std::size_t at = 0; at < stereo.size(); at += tick) {
    EXPECT_TRUE(recorder.push(std::span(stereo).subspan(at, tick)));
  }
  return stereo;
}

std::vector<std::int16_t> channel(const std::vector<std::int16_t>& stereo, std::size_t which) {
  std::vector<std::int16_t> out;
  for (std::size_t i = which; i < stereo.size(); i += 2) {
    out.push_back(stereo[i]);
  }
  return out;
}

TEST(CallRecorder, AWavFileHoldsExactlyWhatWasPushed) {
  const auto path = temp_path("call.wav");
  std::vector<std::int16_t> pushed;
  {
    auto recorder = CallRecorder::start(path.string(), 48000, AudioFileFormat::kWav);
    ASSERT_TRUE(recorder) << recorder.error().reason;
    pushed = record_a_second(**recorder, 48000);
    EXPECT_EQ((*recorder)->dropped_samples(), 0U);
  }  // the writer finishes the file on its own thread
  ASSERT_TRUE(CallRecorder::wait_for_all_writers(10));
  const auto read = read_wav(path.string(), 60, true);
  ASSERT_TRUE(read) << read.error().reason;
  EXPECT_EQ(read->channels, 2U);
  EXPECT_EQ(read->sample_rate, 48000U);
  EXPECT_EQ(read->samples, pushed);
  std::filesystem::remove(path);
}

TEST(CallRecorder, AnMp3FileKeepsEachSidesToneInItsChannel) {
  const auto path = temp_path("call.mp3");
  {
    auto recorder = CallRecorder::start(path.string(), 48000, AudioFileFormat::kMp3);
    ASSERT_TRUE(recorder) << recorder.error().reason;
    (void)record_a_second(**recorder, 48000);
  }
  ASSERT_TRUE(CallRecorder::wait_for_all_writers(10));
  const auto read = read_wav(path.string(), 60, true);  // libsndfile decodes MP3 too
  ASSERT_TRUE(read) << read.error().reason;
  ASSERT_EQ(read->channels, 2U);
  const auto left = channel(read->samples, 0);
  const auto right = channel(read->samples, 1);
  ASSERT_GT(left.size(), 40000U);  // about a second (the encoder adds its padding)
  const auto middle = [](const std::vector<std::int16_t>& x) {
    return std::span(x).subspan(x.size() / 4, x.size() / 2);
  };
  const std::uint32_t rate = read->sample_rate;
  // A 10000-amplitude tone gives 5e7 (within 1 dB: libsndfile 1.2.0 took 16-bit samples to MPEG
  // unscaled, 3–4 times too loud and clipped, until WavWriter gave it floats); the other side's
  // tone is at least 30 dB below in this channel.
  const double left_own = test::tone_power(middle(left), 1000, rate);
  const double right_own = test::tone_power(middle(right), 440, rate);
  EXPECT_GT(left_own, 4e7);
  EXPECT_LT(left_own, 6.3e7);
  EXPECT_GT(right_own, 4e7);
  EXPECT_LT(right_own, 6.3e7);
  EXPECT_LT(test::tone_power(middle(left), 440, rate), left_own / 1000);
  EXPECT_LT(test::tone_power(middle(right), 1000, rate), right_own / 1000);
  std::filesystem::remove(path);
}

TEST(CallRecorder, AFileThatCannotBeMadeIsRefusedAtStart) {
  const auto refused =
      CallRecorder::start("/nonexistent-dir/x/call.wav", 48000, AudioFileFormat::kWav);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().reason, "cannot create the WAV file");
}

}  // namespace
}  // namespace sipline::media

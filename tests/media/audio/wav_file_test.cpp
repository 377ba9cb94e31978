// WAV files: what WavWriter writes, read_wav reads back from disk and parse_wav from memory, the
// same; channels mixed down or kept; chunks other than fmt and data skipped; the extensible
// format; files that are not audio, too long, or shorter than their header says; chunks that
// claim more than they hold.
#include "media/audio/wav_file.hpp"

#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace sipline::media {
namespace {

std::filesystem::path temp_path(const char* name) {
  return std::filesystem::temp_directory_path() /
         (std::string("sipline-wav-") + std::to_string(::getpid()) + "-" + name);
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

Bytes bytes_of(const std::string& text) { return as_bytes(text); }

// A RIFF/WAVE file by hand: `format_chunk` is the fmt chunk's payload, `extra` whole chunks put
// before the data chunk, `data_size` what the data chunk's header claims.
std::string wav(const std::string& format_chunk, const std::string& extra,
                const std::vector<std::int16_t>& samples, std::uint32_t data_size) {
  auto u32 = [](std::uint32_t v) {
    return std::string{static_cast<char>(v), static_cast<char>(v >> 8U),
                       static_cast<char>(v >> 16U), static_cast<char>(v >> 24U)};
  };
  std::string data(samples.size() * 2, '\0');
  std::memcpy(data.data(), samples.data(), data.size());  // little-endian host
  std::string body = "WAVEfmt " + u32(static_cast<std::uint32_t>(format_chunk.size())) +
                     format_chunk + extra + "data" + u32(data_size) + data;
  return "RIFF" + u32(static_cast<std::uint32_t>(body.size())) + body;
}

std::string pcm_format(std::uint16_t tag, std::uint16_t channels, std::uint32_t rate,
                       const std::string& extension = {}) {
  std::string out(16, '\0');
  const std::uint32_t byte_rate = rate * channels * 2;
  const auto block = static_cast<std::uint16_t>(channels * 2);
  const std::uint16_t bits = 16;
  std::memcpy(&out[0], &tag, 2);
  std::memcpy(&out[2], &channels, 2);
  std::memcpy(&out[4], &rate, 4);
  std::memcpy(&out[8], &byte_rate, 4);
  std::memcpy(&out[12], &block, 2);
  std::memcpy(&out[14], &bits, 2);
  return out + extension;
}

// WAVE_FORMAT_EXTENSIBLE's tail: cbSize 22, valid bits, channel mask, the PCM sub-format GUID.
std::string extensible_tail(std::uint32_t mask) {
  std::string out = {22, 0, 16, 0};
  out += std::string{static_cast<char>(mask), 0, 0, 0};
  out += std::string("\x01\x00\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71", 16);
  return out;
}

TEST(WavFile, MemoryAndDiskReadTheSameFile) {
  const auto path = temp_path("stereo.wav");
  std::vector<std::int16_t> written;
  // More frames than the reader decodes at once.
  for (int i = 0; i < 5000; ++i) {
    written.push_back(static_cast<std::int16_t>(i * 3));   // left
    written.push_back(static_cast<std::int16_t>(-i * 3));  // right
  }
  {
    auto writer = WavWriter::create(path.string(), 16000, 2);
    ASSERT_TRUE(writer);
    ASSERT_TRUE((*writer)->write(written));
  }
  const std::string file = read_file(path);
  const auto from_disk = read_wav(path.string(), 3600, true);
  const auto from_memory = parse_wav(bytes_of(file), 3600, true);
  std::filesystem::remove(path);
  ASSERT_TRUE(from_disk);
  ASSERT_TRUE(from_memory);
  EXPECT_EQ(from_memory->sample_rate, 16000U);
  EXPECT_EQ(from_memory->channels, 2U);
  EXPECT_EQ(from_memory->samples, written);
  EXPECT_EQ(from_disk->samples, from_memory->samples);
}

TEST(WavFile, ChannelsAreMixedDownUnlessKept) {
  const std::string file = wav(pcm_format(1, 2, 8000), "", {100, 300, -50, -150}, 8);
  const auto mono = parse_wav(bytes_of(file));
  ASSERT_TRUE(mono);
  EXPECT_EQ(mono->channels, 1U);
  EXPECT_EQ(mono->samples, (std::vector<std::int16_t>{200, -100}));
  const auto kept = parse_wav(bytes_of(file), 3600, true);
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->samples, (std::vector<std::int16_t>{100, 300, -50, -150}));
}

TEST(WavFile, SkipsOtherChunksAndReadsTheExtensibleFormat) {
  const std::string list = std::string("LIST\x0c\x00\x00\x00INFOISFT\x00\x00\x00\x00", 20);
  const auto plain = parse_wav(bytes_of(wav(pcm_format(1, 1, 16000), list, {1, 2, 3}, 6)));
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->samples, (std::vector<std::int16_t>{1, 2, 3}));
  const auto extensible =
      parse_wav(bytes_of(wav(pcm_format(0xFFFE, 1, 8000, extensible_tail(4)), list, {7, 8}, 4)));
  ASSERT_TRUE(extensible);
  EXPECT_EQ(extensible->sample_rate, 8000U);
  EXPECT_EQ(extensible->samples, (std::vector<std::int16_t>{7, 8}));
}

TEST(WavFile, RefusesWhatIsNotUsableAudio) {
  const std::string text = "hello, this is not a sound file at all";
  const auto garbage = parse_wav(bytes_of(text));
  ASSERT_FALSE(garbage);
  EXPECT_EQ(garbage.error().code, Errc::kMalformed);
  EXPECT_FALSE(parse_wav({}));
  // 4 kHz is below what a call can use.
  const auto slow = parse_wav(bytes_of(wav(pcm_format(1, 1, 4000), "", {1, 2}, 4)));
  ASSERT_FALSE(slow);
  EXPECT_EQ(slow.error().code, Errc::kUnsupported);
  // Two seconds at 8 kHz, one allowed.
  const auto long_file = parse_wav(
      bytes_of(wav(pcm_format(1, 1, 8000), "", std::vector<std::int16_t>(16000), 32000)), 1);
  ASSERT_FALSE(long_file);
  EXPECT_EQ(long_file.error().code, Errc::kTooLarge);
}

TEST(WavFile, AFileShorterThanItsHeaderSaysGivesWhatItHolds) {
  // The data chunk claims an hour at 8 kHz; three samples are there.
  const auto truncated =
      parse_wav(bytes_of(wav(pcm_format(1, 1, 8000), "", {5, 6, 7}, 3600U * 8000U * 2U)));
  ASSERT_TRUE(truncated);
  EXPECT_EQ(truncated->samples, (std::vector<std::int16_t>{5, 6, 7}));
}

// libsndfile can loop for ever on chunks that claim more than they hold (the fuzzer found a LIST
// whose sub-chunk says nearly 4 GiB): refused before it reads them, at once.
TEST(WavFile, ChunksThatClaimMoreThanTheyHoldAreRefused) {
  const std::string bad_list = std::string(
      "LIST\x0e\x00\x00\x00INFOINAM\xf0\xff\xff\x00"
      "ab",
      22);
  const auto refused = parse_wav(bytes_of(wav(pcm_format(1, 1, 8000), bad_list, {1, 2}, 4)));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kMalformed);
  EXPECT_EQ(refused.error().reason, "a WAV chunk claims more than the file holds");
  const std::string long_chunk = std::string("junk\x00\x00\x01\x00", 8);  // 64 KiB, not there
  EXPECT_FALSE(parse_wav(bytes_of(wav(pcm_format(1, 1, 8000), long_chunk, {1, 2}, 4))));
}

}  // namespace
}  // namespace sipline::media

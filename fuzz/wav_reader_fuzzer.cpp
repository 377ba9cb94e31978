// Fuzzes the WAV reader (libsndfile behind parse_wav, which read_wav shares) on arbitrary file
// bytes: never a crash; audio it returns has a usable rate and channel count, whole frames, no
// more than the length allowed, and the same frames mixed down as kept apart.
#include <cstddef>
#include <cstdint>

#include "fuzz/check.hpp"
#include "media/audio/wav_file.hpp"

namespace {

using sipline::fuzz::check;

constexpr std::uint32_t kMaxSeconds = 5;  // a fuzz input is small; so is what it may decode to

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const sipline::Bytes file(reinterpret_cast<const std::byte*>(data), size);
  const auto mono = sipline::media::parse_wav(file, kMaxSeconds, false);
  const auto kept = sipline::media::parse_wav(file, kMaxSeconds, true);
  check(mono.has_value() == kept.has_value());
  if (!mono) {
    return 0;
  }
  check(mono->channels == 1);
  check(kept->channels >= 1 && kept->channels <= 8);
  check(mono->sample_rate >= 8000 && mono->sample_rate <= 192000);
  check(kept->sample_rate == mono->sample_rate);
  check(kept->samples.size() % kept->channels == 0);
  check(kept->samples.size() / kept->channels == mono->samples.size());
  check(mono->samples.size() <= std::size_t{kMaxSeconds} * mono->sample_rate);
  return 0;
}

// Energy VAD with a minimum-tracking noise floor.
#include "media/dsp/voice_activity.hpp"

#include <algorithm>
#include <cmath>

namespace sipline::media {
namespace {
constexpr double kAboveFloorDb = 9.0;     // a frame this far over the floor is voice
constexpr double kSilenceDbfs = -65.0;    // nothing quieter than this is voice
constexpr double kFloorRiseDbPerS = 1.0;  // how fast the floor follows a louder background
constexpr double kHangoverSeconds = 0.2;  // voice lasts this long after the last loud frame

double level_dbfs(std::span<const std::int16_t> frame) {
  double sum = 0;
  for (const auto s : frame) {
    sum += static_cast<double>(s) * s;
  }
  const double mean = frame.empty() ? 0 : sum / static_cast<double>(frame.size());
  return 10 * std::log10(mean / (32768.0 * 32768.0) + 1e-12);
}
}  // namespace

VoiceActivityDetector::VoiceActivityDetector(std::uint32_t sample_rate, std::size_t frame) noexcept
    : frame_seconds_(
          sample_rate == 0 ? 0.02 : static_cast<double>(frame) / static_cast<double>(sample_rate)) {
}

bool VoiceActivityDetector::process(std::span<const std::int16_t> frame) noexcept {
  const double level = level_dbfs(frame);
  if (!started_ || level < floor_db_) {
    floor_db_ = level;
    started_ = true;
  } else {
    floor_db_ = std::min(level, floor_db_ + kFloorRiseDbPerS * frame_seconds_);
  }
  if (level > floor_db_ + kAboveFloorDb && level > kSilenceDbfs) {
    hangover_left_ = kHangoverSeconds;
    return true;
  }
  hangover_left_ = std::max(0.0, hangover_left_ - frame_seconds_);
  return hangover_left_ > 0;
}

}  // namespace sipline::media

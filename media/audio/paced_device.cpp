// The pacing thread shared by the null and file devices.
#include "media/audio/paced_device.hpp"

#include <algorithm>
#include <chrono>

#include "media/audio/realtime.hpp"
#include "media/audio/thread_priority.hpp"

namespace sipline::media {
namespace {
constexpr std::chrono::microseconds kWaitPoll{200};
// Longer than the stalls a virtual machine's host deals a whole vCPU: tens of milliseconds
// often, 185 ms seen once (an interop call whose media thread and peer both froze, while this
// thread on the other vCPU ran on). 100 ms was not enough.
constexpr std::chrono::milliseconds kPatience{1000};
}  // namespace

PacedDevice::PacedDevice(AudioFormat format)
    : format_(format), capture_(format.frames_per_buffer), playback_(format.frames_per_buffer) {}

PacedDevice::~PacedDevice() { stop(); }

Result<void> PacedDevice::start(AudioCallback& callback) {
  if (format_.sample_rate == 0 || format_.frames_per_buffer == 0) {
    return fail(Errc::kInvalidArgument, "audio format needs a sample rate and a buffer size", 0);
  }
  if (running_.exchange(true)) {
    return fail(Errc::kBadState, "audio device already started", 0);
  }
  thread_ = std::thread([this, &callback] { run(callback); });
  return {};
}

void PacedDevice::stop() noexcept {
  running_ = false;
  if (thread_.joinable()) {
    thread_.join();
  }
}

std::optional<std::string> PacedDevice::failure() const {
  const std::lock_guard lock(failure_mutex_);
  return failure_;
}

void PacedDevice::report_failure(std::string message) {
  const std::lock_guard lock(failure_mutex_);
  if (!failure_) {
    failure_ = std::move(message);
  }
}

void PacedDevice::run(AudioCallback& callback) {
  using Clock = std::chrono::steady_clock;
  // The pacing thread plays the sound card's part: it must wake on time even on a busy machine.
  // Refused (no privilege), it runs at normal priority; the media thread reports that once.
  (void)make_this_thread_realtime(kPacingPriority);
  const auto buffer_time = [this](std::uint64_t n) {
    return std::chrono::nanoseconds(static_cast<std::int64_t>(
        n * format_.frames_per_buffer * 1'000'000'000ULL / format_.sample_rate));
  };
  auto start = Clock::now();
  std::uint64_t n = 0;
  bool consumer_keeps_up = false;  // it has answered a buffer lately: worth waiting for
  while (running_.load(std::memory_order_relaxed)) {
    // A sound card plays silence when the speaker audio is late; a device without hardware
    // waits for it instead (bounded, so a consumer that stopped cannot stop the device, and not
    // again until it answers once more). On a machine that stalls a thread now and then, the
    // recording keeps every frame the phone played and the device catches up afterwards.
    if (consumer_keeps_up) {
      const auto give_up = Clock::now() + kPatience;
      while (!callback.playback_waiting(format_.frames_per_buffer) && Clock::now() < give_up &&
             running_.load(std::memory_order_relaxed)) {
        std::this_thread::sleep_for(kWaitPoll);
      }
    }
    consumer_keeps_up = callback.playback_waiting(format_.frames_per_buffer);
    fill_capture(capture_);
    {
      const RealtimeScope realtime;
      callback.process(capture_, playback_);
    }
    take_playback(playback_);
    buffers_.fetch_add(1, std::memory_order_relaxed);
    ++n;
    const auto deadline = start + buffer_time(n);
    const auto now = Clock::now();
    if (now > deadline + buffer_time(5)) {  // suspended or starved: start over from now
      start = now;
      n = 0;
      resyncs_.fetch_add(1, std::memory_order_relaxed);
      callback.schedule_restarted();
      continue;
    }
    if (now < deadline) {
      std::this_thread::sleep_until(deadline);
    }
  }
}

void NullDevice::fill_capture(std::span<std::int16_t> capture) noexcept {
  std::ranges::fill(capture, std::int16_t{0});
}

void NullDevice::take_playback(std::span<const std::int16_t> playback) noexcept { (void)playback; }

}  // namespace sipline::media

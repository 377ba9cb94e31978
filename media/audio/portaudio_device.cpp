// PortAudio behind the AudioDevice seam.
#include "media/audio/portaudio_device.hpp"

#include <fcntl.h>
#include <portaudio.h>
#include <unistd.h>

#include <algorithm>

#if __has_include(<alsa/asoundlib.h>)
#include <alsa/asoundlib.h>
#define SIPLINE_HAVE_ALSA 1
#endif

#include "base/text.hpp"
#include "media/audio/realtime.hpp"

namespace sipline::media {
namespace {

#ifdef SIPLINE_HAVE_ALSA
// ALSA prints every PCM it cannot open while PortAudio probes (dozens of lines on a machine
// without a card); those are not errors of ours: PortAudio's results say what matters.
void quiet_alsa(const char*, int, const char*, int, const char*, ...) {}
#endif

// JACK's client library, which PortAudio loads to probe for a JACK server, prints to stderr when
// there is none ("Cannot connect to server socket …") and again when PortAudio lets it go. Not
// errors of ours either; and it has no handler to set without linking JACK ourselves. So
// standard error points at /dev/null while PortAudio starts and stops (on the thread that
// opens or closes the device, before and after any audio runs).
class QuietStderr {
 public:
  QuietStderr() : saved_(::dup(STDERR_FILENO)) {
    const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (saved_ >= 0 && null >= 0) {
      ::dup2(null, STDERR_FILENO);
    }
    if (null >= 0) {
      ::close(null);
    }
  }
  ~QuietStderr() {
    if (saved_ >= 0) {
      ::dup2(saved_, STDERR_FILENO);
      ::close(saved_);
    }
  }
  QuietStderr(const QuietStderr&) = delete;
  QuietStderr& operator=(const QuietStderr&) = delete;

 private:
  int saved_;
};

}  // namespace

// Pa_Initialize/Pa_Terminate are reference counted by PortAudio; this pairs them.
class PortAudioLibrary {
 public:
  PortAudioLibrary() {
#ifdef SIPLINE_HAVE_ALSA
    snd_lib_error_set_handler(quiet_alsa);
#endif
    const QuietStderr quiet;
    error_ = Pa_Initialize();
  }
  ~PortAudioLibrary() {
    if (error_ == paNoError) {
      const QuietStderr quiet;
      Pa_Terminate();
    }
  }
  PortAudioLibrary(const PortAudioLibrary&) = delete;
  PortAudioLibrary& operator=(const PortAudioLibrary&) = delete;
  [[nodiscard]] PaError error() const noexcept { return error_; }

 private:
  PaError error_;
};

namespace {

// The device called `wanted` (exactly, else by a case-insensitive part of its name) with
// channels in the direction asked, or the default one when `wanted` is empty.
Result<PaDeviceIndex> find_device(std::string_view wanted, bool input) {
  const auto channels = [input](const PaDeviceInfo* info) {
    return input ? info->maxInputChannels : info->maxOutputChannels;
  };
  if (wanted.empty()) {
    const PaDeviceIndex index = input ? Pa_GetDefaultInputDevice() : Pa_GetDefaultOutputDevice();
    if (index == paNoDevice) {
      return fail(Errc::kNotFound,
                  input ? "no audio input device: PortAudio found none (use --audio null or "
                          "--audio file:IN.wav:OUT.wav)"
                        : "no audio output device: PortAudio found none (use --audio null or "
                          "--audio file:IN.wav:OUT.wav)",
                  0);
    }
    return index;
  }
  std::optional<PaDeviceIndex> partial;
  for (PaDeviceIndex i = 0; i < Pa_GetDeviceCount(); ++i) {
    const PaDeviceInfo* info = Pa_GetDeviceInfo(i);
    if (info == nullptr || channels(info) < 1) {
      continue;
    }
    if (wanted == info->name) {
      return i;
    }
    if (!partial && to_lower_copy(info->name).find(to_lower_copy(wanted)) != std::string::npos) {
      partial = i;
    }
  }
  if (partial) {
    return *partial;
  }
  return fail(Errc::kNotFound,
              input ? "no audio input device by that name (list them with --list-audio)"
                    : "no audio output device by that name (list them with --list-audio)",
              0);
}

}  // namespace

Result<std::vector<AudioDeviceInfo>> list_audio_devices() {
  const PortAudioLibrary library;
  if (library.error() != paNoError) {
    return fail(Errc::kIo, Pa_GetErrorText(library.error()), 0);
  }
  std::vector<AudioDeviceInfo> devices;
  for (PaDeviceIndex i = 0; i < Pa_GetDeviceCount(); ++i) {
    const PaDeviceInfo* info = Pa_GetDeviceInfo(i);
    if (info == nullptr) {
      continue;
    }
    const PaHostApiInfo* api = Pa_GetHostApiInfo(info->hostApi);
    devices.push_back({info->name, api != nullptr ? api->name : "", info->maxInputChannels,
                       info->maxOutputChannels, info->defaultSampleRate,
                       i == Pa_GetDefaultInputDevice(), i == Pa_GetDefaultOutputDevice()});
  }
  return devices;
}

Result<std::unique_ptr<PortAudioDevice>> PortAudioDevice::open(const PortAudioConfig& config) {
  if (config.format.sample_rate == 0 || config.format.frames_per_buffer == 0) {
    return fail(Errc::kInvalidArgument, "audio format needs a sample rate and a buffer size", 0);
  }
  // Held for the device's life (Pa_Terminate when the device goes).
  auto library = std::make_unique<PortAudioLibrary>();
  if (library->error() != paNoError) {
    return fail(Errc::kIo, Pa_GetErrorText(library->error()), 0);
  }
  const auto capture = find_device(config.capture, true);
  if (!capture) {
    return std::unexpected(capture.error());
  }
  const auto playback = find_device(config.playback, false);
  if (!playback) {
    return std::unexpected(playback.error());
  }
  const PaDeviceInfo* in_info = Pa_GetDeviceInfo(*capture);
  const PaDeviceInfo* out_info = Pa_GetDeviceInfo(*playback);
  const PaStreamParameters in{*capture, 1, paInt16, in_info->defaultLowInputLatency, nullptr};
  const PaStreamParameters out{*playback, 1, paInt16, out_info->defaultLowOutputLatency, nullptr};
  std::string name = in_info->name;
  if (*capture != *playback) {
    name += std::string(" / ") + out_info->name;
  }
  auto device = std::unique_ptr<PortAudioDevice>(
      new PortAudioDevice(std::move(library), std::move(name), config.format));
  PaStream* stream = nullptr;
  const PaError opened = Pa_OpenStream(
      &stream, &in, &out, config.format.sample_rate,
      static_cast<unsigned long>(config.format.frames_per_buffer), paClipOff,
      [](const void* input, void* output, unsigned long frames, const PaStreamCallbackTimeInfo* t,
         PaStreamCallbackFlags flags,
         void* self) { return on_audio(input, output, frames, t, flags, self); },
      device.get());
  if (opened != paNoError) {
    return fail(Errc::kIo, Pa_GetErrorText(opened), 0);
  }
  device->stream_ = stream;
  Pa_SetStreamFinishedCallback(stream, [](void* self) { on_finished(self); });
  return device;
}

PortAudioDevice::PortAudioDevice(std::unique_ptr<PortAudioLibrary> library, std::string name,
                                 AudioFormat format)
    : library_(std::move(library)),
      name_(std::move(name)),
      format_(format),
      silence_(format.frames_per_buffer, 0) {}

PortAudioDevice::~PortAudioDevice() {
  if (stream_ != nullptr) {
    stop();
    Pa_CloseStream(stream_);
  }
}

Result<void> PortAudioDevice::start(AudioCallback& callback) {
  if (started_.load()) {
    return fail(Errc::kBadState, "audio device already started", 0);
  }
  callback_ = &callback;
  stopping_ = false;
  finished_unexpectedly_ = false;
  if (const PaError error = Pa_StartStream(stream_); error != paNoError) {
    return fail(Errc::kIo, Pa_GetErrorText(error), 0);
  }
  started_ = true;
  return {};
}

void PortAudioDevice::stop() noexcept {
  if (!started_.exchange(false)) {
    return;
  }
  stopping_ = true;
  Pa_StopStream(stream_);
}

std::optional<std::string> PortAudioDevice::failure() const {
  if (finished_unexpectedly_.load()) {
    return "the audio device " + name_ + " stopped by itself (unplugged?)";
  }
  return std::nullopt;
}

int PortAudioDevice::on_audio(const void* input, void* output, unsigned long frames,
                              const void* /*time_info*/, unsigned long flags, void* self) noexcept {
  auto* device = static_cast<PortAudioDevice*>(self);
  const RealtimeScope realtime;
  device->callbacks_.fetch_add(1, std::memory_order_relaxed);
  if ((flags & (paInputOverflow | paOutputUnderflow)) != 0) {
    device->xruns_.fetch_add(1, std::memory_order_relaxed);
  }
  const std::size_t n = std::min<std::size_t>(frames, device->silence_.size());
  const std::span<const std::int16_t> capture =
      input != nullptr ? std::span(static_cast<const std::int16_t*>(input), n)
                       : std::span<const std::int16_t>(device->silence_).first(n);
  const std::span playback(static_cast<std::int16_t*>(output), frames);
  device->callback_->process(capture, playback.first(n));
  std::fill(playback.begin() + static_cast<std::ptrdiff_t>(n), playback.end(), std::int16_t{0});
  return paContinue;
}

void PortAudioDevice::on_finished(void* self) noexcept {
  auto* device = static_cast<PortAudioDevice*>(self);
  if (!device->stopping_.load()) {
    device->finished_unexpectedly_ = true;
  }
}

}  // namespace sipline::media
